from typing import Any

from django.http import HttpRequest

from .navigation import nav_for, nav_groups


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    match = getattr(request, "resolver_match", None)
    items = nav_for(user)
    return {
        "nav_items": items,
        "nav_groups": nav_groups(items),
        "current_url_name": f"{match.namespace}:{match.url_name}"
        if match and match.namespace
        else "",
    }
