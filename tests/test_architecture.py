"""The layers of the code hold: core names no domain, no cycle between top-level packages.

The contract lives in pyproject.toml ([tool.importlinter]); this runs it in `make
test` and checks that it names every top-level package, so a new domain cannot
slip past it unlisted.
"""

import tomllib
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def test_the_import_contract_is_kept():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_every_top_level_package_has_a_layer():
    graph = grimp.build_graph("tangguh")
    packages = {
        ".".join(m.split(".")[:2])
        for m in graph.modules
        if m.count(".") >= 1 and graph.find_children(".".join(m.split(".")[:2]))
    }
    missing = sorted(packages - set(_layers()))
    assert not missing, f"add these packages to [tool.importlinter] layers: {missing}"


def test_core_imports_no_other_tangguh_package():
    graph = grimp.build_graph("tangguh")
    others = sorted(p for p in _layers() if p != "tangguh.core")
    found = [
        imp
        for other in others
        for expression in (f"tangguh.core.** -> {other}.**", f"tangguh.core.** -> {other}")
        for imp in graph.find_matching_direct_imports(import_expression=expression)
    ]
    assert not found, f"core must not import a domain (register with core instead): {found}"
