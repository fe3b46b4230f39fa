"""`tangguh`: the command-line front. Wraps Django's management commands."""

import os
import sys

TANGGUH_COMMANDS = [
    ("institutions load", "Load the real provinces, regencies/cities, ministries and agencies."),
    (
        "demo [--scale national]",
        "Load the demo data (idempotent), or generate national-scale files.",
    ),
    ("demo_logins", "Print the demo logins (one per role)."),
    (
        "employees import FILE [--institution CODE]",
        "Import civil servants from CSV/XLSX (--dry-run, --strict, --json).",
    ),
    ("employees export --institution CODE", "Export an institution's register (CSV or XLSX)."),
    ("employees template -o FILE", "Write the XLSX import template."),
    (
        "units import FILE --institution CODE",
        "Import an institution's work units (--dry-run, --strict, --json).",
    ),
    ("units template -o FILE", "Write the XLSX template of work units."),
    (
        "certificates verify FILE.json [--keys KEYS.json]",
        "Verify a signed credential (offline with the published keys).",
    ),
    ("certificates keys list|rotate", "List or rotate the keys that sign credentials."),
    ("db_worker", "Run background jobs (imports)."),
    ("migrate", "Create or update the database tables."),
    ("runserver [PORT]", "Serve the web application (development)."),
    ("createsuperuser", "Create a superuser account."),
]


def _help() -> str:
    lines = [
        "Tangguh — pengembangan kompetensi ASN / ASN competency development",
        "",
        "Usage: tangguh COMMAND [options]",
        "",
        "Commands:",
    ]
    width = max(len(c) for c, _ in TANGGUH_COMMANDS)
    lines += [f"  {cmd.ljust(width)}  {text}" for cmd, text in TANGGUH_COMMANDS]
    lines += [
        "",
        "Every Django management command also works: `tangguh help --commands` lists them all,",
        "`tangguh help COMMAND` shows one command's options.",
    ]
    return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.config.settings.dev")
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(_help())
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tangguh", *args])


if __name__ == "__main__":
    main()
