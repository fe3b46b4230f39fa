"""`tangguh certificates verify FILE.json [--keys KEYS.json] [--json]`.

Checks a signed credential like the public page does. With ``--keys`` (the published
keys, saved from ``/verify/keys``) it is fully offline: the proof is checked against
those keys and the status comes from the credential's own dates (revocation is only
known online). Without it, this installation's keys and certificates are used. Exit
status 0 when the credential is valid, 1 otherwise (the reason is printed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ..verification import MAX_BYTES, VALID, credential_verify

MAX_KEYS_BYTES = 1024 * 1024


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("verify", help="Verify a credential file (Open Badges 3.0 JSON).")
    parser.add_argument("file", help="The credential, a .json file.")
    parser.add_argument(
        "--keys", help="The published keys (JSON from /verify/keys): check offline, no database."
    )
    parser.add_argument("--json", action="store_true", help="Print the result as JSON.")


def _read(path: str, limit: int) -> bytes:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
        ) from exc


def published_keys(data: bytes) -> dict[str, str]:
    """key id → publicKeyMultibase from the published keys document (or a plain mapping)."""
    if len(data) > MAX_KEYS_BYTES:
        raise CommandError(_("The keys file is larger than 1 MB: it is not the published keys."))
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise CommandError(_("The keys file is not valid JSON.")) from exc
    if isinstance(value, dict) and isinstance(value.get("verificationMethod"), list):
        found = {}
        for method in value["verificationMethod"]:
            if isinstance(method, dict) and isinstance(method.get("id"), str):
                found[method["id"].rpartition("#")[2]] = str(method.get("publicKeyMultibase", ""))
        return found
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return dict(value)
    raise CommandError(
        _("The keys file holds no keys: save it from the address /verify/keys of the issuer.")
    )


def run(command: Any, options: dict[str, Any]) -> None:
    raw = _read(options["file"], MAX_BYTES)
    published = (
        published_keys(_read(options["keys"], MAX_KEYS_BYTES)) if options.get("keys") else None
    )
    result = credential_verify(raw, published=published)
    if options.get("json"):
        command.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        labels = {
            "valid": _("Valid"),
            "expired": _("Expired"),
            "revoked": _("Revoked"),
            "unknown": _("Unknown"),
            "invalid": _("Not valid"),
        }
        command.stdout.write(f"{labels[result.status]} ({result.status})")
        data = result.as_dict()
        for key in (
            "number",
            "holder_name",
            "scheme",
            "issuer",
            "issued_on",
            "expires_on",
            "revoked_on",
            "key_id",
        ):
            if data.get(key):
                command.stdout.write(f"  {key}: {data[key]}")
        for reason in result.reasons:
            command.stdout.write(f"  - {reason}")
    if result.status != VALID:
        raise CommandError(
            _("The credential is not valid: %(status)s.") % {"status": result.status}
        )
