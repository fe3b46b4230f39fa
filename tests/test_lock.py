"""The lock file covers every dependency pyproject.toml names, each pinned with hashes.

`make run` and `make test` install only from requirements.lock (`--no-deps`): a
dependency added to pyproject.toml without `make lock` would be missing on a
fresh clone, so it fails here first.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-\[\]]+)==(\S+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} is pinned without a hash"
            name = re.sub(r"\[.*\]", "", match.group(1))
            pins[canonicalize_name(name)] = match.group(2)
    return pins


def test_every_dependency_is_locked_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    locked = _locked()
    problems = []
    for spec in wanted:
        req = Requirement(spec)
        version = locked.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req.name}: not in requirements.lock (run `make lock`)")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req.name}=={version} is outside {req.specifier} (run `make lock`)")
    assert not problems, "\n".join(problems)


def test_polars_is_pinned():
    # Stored fingerprints depend on its hash (docs/operations.md, "Dependencies").
    assert "polars" in _locked()
