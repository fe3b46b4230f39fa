"""Development settings with the workbook checks switched off, for test_import_worker.py:
it shows what the child process and its limits do when the reader meets a hostile file."""

from tangguh.config.settings.dev import *  # noqa: F403

TANGGUH_IMPORT_XLSX_LIMITS = {
    "max_part_bytes": 1 << 40,
    "max_total_bytes": 1 << 40,
    "max_ratio": 1 << 30,
    "max_cells": 1 << 60,
    "max_shared_strings": 1 << 60,
    "max_shared_strings_bytes": 1 << 40,
}
