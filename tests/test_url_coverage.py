"""Every URL of the project has a permission suite (a URL without one fails here)."""

import importlib
import pkgutil
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.permissions import COVERED_URL_NAMES

# Third-party URL sets with their own access control, each proven by a test named here.
EXEMPT_NAMESPACES = {
    "admin": "tests/core/test_admin.py: only superusers get in",
}
EXEMPT_NAMES = {
    "set_language": "tests/core/test_i18n.py: language switch, public by nature",
    "api-schema": "tests/core/test_api_base.py: OpenAPI schema, public",
    "api-docs": "tests/core/test_api_base.py: API docs page, public",
}


def _all_url_names(patterns, namespace=""):  # type: ignore[no-untyped-def]
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in EXEMPT_NAMESPACES:
                continue
            full = f"{namespace}{ns}:" if ns else namespace
            yield from _all_url_names(p.url_patterns, full)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>"


def _import_all_test_modules() -> None:
    root = Path(tests.__file__).parent
    for mod in pkgutil.walk_packages([str(root)], prefix="tests."):
        if ".e2e" not in mod.name:
            importlib.import_module(mod.name)


def test_every_url_has_a_permission_suite():
    _import_all_test_modules()
    names = set(_all_url_names(get_resolver().url_patterns))
    missing = sorted(n for n in names if n not in COVERED_URL_NAMES and n not in EXEMPT_NAMES)
    assert not missing, f"URLs without a permission suite (see tests/permissions.py): {missing}"
