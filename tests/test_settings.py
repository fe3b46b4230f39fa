"""Settings come from the environment; production refuses to start with unsafe values.

Each case imports a settings module in a fresh interpreter with a controlled environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tangguh.config.settings.base import DEV_SECRET_KEY

GOOD_KEY = "k" * 20 + "-Vw9q2HcR7sYtLpXbN4mZe8uJfKd3aGo6iT"  # 55 characters, not the dev key
PG_URL = "postgres://tangguh:secret@db.example.go.id:5432/tangguh"
SHOWN = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "TANGGUH_TRUSTED_PROXY_COUNT",
    "TANGGUH_API_TOKEN_DAYS",
]


def load(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Import ``tangguh.config.settings.<module>`` with only ``env`` set; print chosen values."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DATABASE_URL",
            "DEBUG",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "SECURE_SSL_REDIRECT",
            "DJANGO_SETTINGS_MODULE",
            "TANGGUH_TRUSTED_PROXY_COUNT",
            "TANGGUH_API_TOKEN_DAYS",
        }
    }
    code = (
        f"import json; import tangguh.config.settings.{module} as s; "
        f"print(json.dumps({{k: getattr(s, k, None) for k in {SHOWN}}} | "
        "{'ENGINE': s.DATABASES['default']['ENGINE'], 'HOST': s.DATABASES['default'].get('HOST')}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def values(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": PG_URL}, "SECRET_KEY must be set to a long random value"),
        ({"DATABASE_URL": PG_URL, "SECRET_KEY": DEV_SECRET_KEY}, "the development key is refused"),
        ({"DATABASE_URL": PG_URL, "SECRET_KEY": "short-but-not-dev"}, "SECRET_KEY must be set"),
        ({"DATABASE_URL": PG_URL, "SECRET_KEY": "x" * 49}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": GOOD_KEY}, "DATABASE_URL must be set in production"),
    ],
    ids=["no-key", "dev-key", "short-key", "49-characters", "no-database-url"],
)
def test_production_refuses_unsafe_settings(env, message):  # type: ignore[no-untyped-def]
    result = load("prod", **env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_a_long_key_and_a_database():
    shown = values(
        load(
            "prod",
            SECRET_KEY=GOOD_KEY,
            DATABASE_URL=PG_URL,
            ALLOWED_HOSTS="tangguh.example.go.id,www.tangguh.example.go.id",
            CSRF_TRUSTED_ORIGINS="https://tangguh.example.go.id",
        )
    )
    assert shown["DEBUG"] is False
    assert shown["SECRET_KEY"] == GOOD_KEY
    assert shown["ALLOWED_HOSTS"] == ["tangguh.example.go.id", "www.tangguh.example.go.id"]
    assert shown["CSRF_TRUSTED_ORIGINS"] == ["https://tangguh.example.go.id"]
    assert shown["ENGINE"] == "django.db.backends.postgresql"
    assert shown["HOST"] == "db.example.go.id"
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SESSION_COOKIE_SECURE"] is True
    assert shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_HSTS_SECONDS"] == 31536000


def test_production_debug_cannot_be_switched_on():
    shown = values(load("prod", SECRET_KEY=GOOD_KEY, DATABASE_URL=PG_URL, DEBUG="1"))
    assert shown["DEBUG"] is False


def test_ssl_redirect_can_be_left_to_the_proxy():
    shown = values(load("prod", SECRET_KEY=GOOD_KEY, DATABASE_URL=PG_URL, SECURE_SSL_REDIRECT="0"))
    assert shown["SECURE_SSL_REDIRECT"] is False


def test_development_needs_no_setup():
    shown = values(load("dev"))
    # `make run` shows the product as its users meet it: Tangguh's error pages, not
    # Django's debug page with the URL patterns.
    assert shown["DEBUG"] is False
    assert shown["SECRET_KEY"] == DEV_SECRET_KEY
    assert shown["ENGINE"] == "django.db.backends.sqlite3"
    assert shown["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_debug_is_a_choice_in_development():
    # `make dev` sets DEBUG=1; anything else leaves it off.
    assert values(load("dev", DEBUG="1"))["DEBUG"] is True
    assert values(load("dev", DEBUG="0"))["DEBUG"] is False
    assert values(load("dev", DEBUG="yes"))["DEBUG"] is False


def test_make_run_serves_without_debug_and_make_dev_with_it():
    makefile = Path(__file__).resolve().parents[1] / "Makefile"
    dry = {
        target: subprocess.run(
            ["make", "-n", "-f", str(makefile), target, "BIN=bin"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=makefile.parent,
        ).stdout
        for target in ("run", "dev")
    }
    assert "export DEBUG=0;" in dry["run"] and "runserver" in dry["run"]
    assert "export DEBUG=1;" in dry["dev"] and "runserver" in dry["dev"]


def test_database_url_selects_postgresql_in_any_environment():
    shown = values(load("dev", DATABASE_URL=PG_URL))
    assert shown["ENGINE"] == "django.db.backends.postgresql"


def test_proxy_count_and_token_lifetime_come_from_the_environment():
    assert values(load("dev"))["TANGGUH_TRUSTED_PROXY_COUNT"] == 0
    assert values(load("dev"))["TANGGUH_API_TOKEN_DAYS"] == 30
    shown = values(load("dev", TANGGUH_TRUSTED_PROXY_COUNT="1", TANGGUH_API_TOKEN_DAYS="7"))
    assert shown["TANGGUH_TRUSTED_PROXY_COUNT"] == 1
    assert shown["TANGGUH_API_TOKEN_DAYS"] == 7


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"TANGGUH_TRUSTED_PROXY_COUNT": "-1"},
            "TANGGUH_TRUSTED_PROXY_COUNT must be a whole number",
        ),
        (
            {"TANGGUH_TRUSTED_PROXY_COUNT": "one"},
            "TANGGUH_TRUSTED_PROXY_COUNT must be a whole number",
        ),
        ({"TANGGUH_API_TOKEN_DAYS": "0"}, "TANGGUH_API_TOKEN_DAYS must be a whole number from 1"),
    ],
)
def test_bad_counts_are_refused_with_a_sentence(env, message):  # type: ignore[no-untyped-def]
    result = load("dev", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_passes_the_deploy_check():
    """`.ci/run`'s gate, here too: the production settings raise no deploy warning."""
    # The end-to-end browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for its session;
    # a server never has it (the deploy check refuses it).
    unset = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "tangguh.config.settings.prod",
            "SECRET_KEY": GOOD_KEY,
            "DATABASE_URL": PG_URL,
            "ALLOWED_HOSTS": "tangguh.example.go.id",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
