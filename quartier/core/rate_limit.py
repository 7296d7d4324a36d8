"""Per-address rate limits for public forms, kept in the cache (shared by all workers when
REDIS_URL is set). No third party, no cookie."""

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
    """Count one attempt for this address; False once it made more than `limit` in the window."""
    key = f"rate:{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=per_seconds)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=per_seconds)
        attempts = 1
    return attempts <= limit
