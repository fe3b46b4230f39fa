"""A scratch database for tests that run real processes (``tangguh`` commands, workers).

A SQLite file, or a scratch PostgreSQL database when the suite runs on PostgreSQL: no
mock can prove what a killed process leaves behind, nor that a worker survives.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

TANGGUH = str(Path(sys.executable).with_name("tangguh"))
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Scratch:
    url: str
    query: Callable[[str], list[tuple[Any, ...]]]
    drop: Callable[[], None] | None

    def scalar(self, sql: str) -> Any:
        return self.query(sql)[0][0]


def scratch_database(folder: Path) -> Scratch:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        path = folder / "scratch.sqlite3"

        def query(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path, timeout=30) as conn:
                return conn.execute(sql).fetchall()

        return Scratch(f"sqlite:///{path}", query, None)
    import psycopg

    name = f"tangguh_scratch_{uuid.uuid4().hex[:8]}"
    admin = dict(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname="postgres"
    )
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def query_pg(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(**{**admin, "dbname": name}) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def drop() -> None:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = f"postgres://{db['USER']}@{admin['host']}:{admin['port']}/{name}"
    return Scratch(url, query_pg, drop)


def environment(scratch: Scratch, home: Path, **extra: str) -> dict[str, str]:
    """What a ``tangguh`` process of the tests runs with: the scratch database, its own
    folder for uploads, the development settings (or ``DJANGO_SETTINGS_MODULE`` given)."""
    return {
        **os.environ,
        "DATABASE_URL": scratch.url,
        "DJANGO_SETTINGS_MODULE": "tangguh.config.settings.dev",
        "TANGGUH_HOME": str(home),
        "DEBUG": "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        **extra,
    }


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TANGGUH, *args], env=env, capture_output=True, text=True, check=check, timeout=600
    )
