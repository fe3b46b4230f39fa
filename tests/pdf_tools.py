"""A printed page read back as a person would: poppler renders the PDF, zbar reads its QR code.

Both are Debian packages (poppler-utils, zbar-tools) that `.ci/run` installs. Where they
are missing a test that needs them is skipped, except in CI (TANGGUH_REQUIRE_E2E=1),
where that is a failure: what the tests claim about a printed certificate is checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = ("pdftoppm", "zbarimg")


def require_pdf_tools() -> None:
    missing = [t for t in TOOLS if not shutil.which(t)]
    if not missing:
        return
    reason = f"needs {', '.join(missing)} (apt-get install poppler-utils zbar-tools)"
    if os.environ.get("TANGGUH_REQUIRE_E2E") == "1":
        pytest.fail(f"{reason}; CI may not skip it")
    pytest.skip(reason)


def first_page_png(pdf: Path, folder: Path, *, dpi: int = 150) -> Path:
    """The PDF's first page as a PNG in ``folder``."""
    require_pdf_tools()
    stem = folder / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return stem.with_suffix(".png")


def read_qr(png: Path) -> str:
    """The text of the one QR code in the picture (zbar)."""
    require_pdf_tools()
    read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert read.returncode == 0, f"no QR code found in {png.name}: {read.stderr}"
    return read.stdout.strip()


def pdf_qr(pdf: Path, folder: Path) -> str:
    """The QR code printed on the PDF's first page."""
    return read_qr(first_page_png(pdf, folder))
