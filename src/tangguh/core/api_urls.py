"""Every /api/v1/ endpoint: core's own, then each domain's ``api_urls.py``.

Core names no domain: each installed Tangguh app that has an ``api_urls`` module
contributes its ``urlpatterns`` (the views live in its ``api.py``). Route names
stay in the one ``api`` namespace, so they must be unique across domains.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import URLPattern, URLResolver, path

from . import (
    api_audit,
    converters,  # noqa: F401  registers <object_id:…>
)


def _domain_patterns() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tangguh.") or config.name == __package__:
            continue
        module = f"{config.name}.api_urls"
        if find_spec(module) is not None:
            patterns += import_module(module).urlpatterns
    return patterns


urlpatterns = [
    path("audit/", api_audit.AuditEntryListAPI.as_view(), name="audit-list"),
    *_domain_patterns(),
]
