"""The address of the client behind a known number of trusted proxies (for the lockout).

django-axes locks a username per address. Behind a TLS proxy, ``REMOTE_ADDR`` is
the proxy's: every client would share one lock, and anyone could lock any named
account. ``X-Forwarded-For`` cannot simply be believed either: a client sends
whatever it likes there. Each proxy *appends* the address it received the
connection from, so with N trusted proxies the N-th entry from the right was
written by the outermost trusted proxy and is the client's; everything to its
left came from the client and is ignored.

``TANGGUH_TRUSTED_PROXY_COUNT`` = N (default 0: no proxy, ``REMOTE_ADDR`` alone,
the header ignored). A request with fewer entries than N did not come through
the proxies (or they are misconfigured): its ``REMOTE_ADDR`` is used.

Why not django-ipware (axes' ``AXES_IPWARE_PROXY_COUNT``): it counts the proxies'
own addresses into the header (client = entry N+1 from the right), which is not
what nginx's ``$proxy_add_x_forwarded_for`` writes, and it falls back to other
headers; the rule above is the whole of it and is tested.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_address(request: Any) -> str | None:
    meta = request.META
    remote = meta.get("REMOTE_ADDR") or None
    count = int(getattr(settings, "TANGGUH_TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # Written by our own proxy, so this is a misconfiguration, not an attack;
        # the connection's address is at least not the client's choice.
        return remote
