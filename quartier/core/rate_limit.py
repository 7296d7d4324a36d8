"""Per-address rate limits for public forms, kept in the shared default cache (a database table,
or Redis), so every worker and server counts the same. No third party, no cookie."""

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The visitor's address; behind our own reverse proxies, the one they saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def allow(request, *, scope: str, limit: int, per_seconds: int) -> bool:
    """Count one attempt for this address; False once it made `limit` in this window."""
    return take_slot(
        f"rate:{scope}:{client_address(request)}", limit=limit, per_seconds=per_seconds
    )


def take_slot(counter: str, *, limit: int, per_seconds: int) -> bool:
    """Count one more for `counter` in the current window; False once it has `limit`.

    Each count takes one of `limit` numbered slots with cache.add(), which is atomic in
    every backend (an INSERT on a unique key in the database cache, SET NX in Redis); an
    increment would be a read and a write that two workers can interleave. A window's keys
    are its own, so a slot is never taken twice. The "next" key only saves trying slots that
    are surely taken: every slot below it was."""
    window = int(time.time() // per_seconds)
    prefix = f"{counter}:{window}"
    for slot in range(cache.get(f"{prefix}:next", 0), limit):
        if cache.add(f"{prefix}:{slot}", 1, timeout=per_seconds):
            cache.set(f"{prefix}:next", slot + 1, timeout=per_seconds)
            return True
    return False
