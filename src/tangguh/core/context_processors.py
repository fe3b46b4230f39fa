from typing import Any

from django.http import HttpRequest

from .navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "nav_items": nav_for(user),
        "current_url_name": f"{match.namespace}:{match.url_name}"
        if match and match.namespace
        else "",
    }
