"""Login throttling: repeated failed sign-ins lock the username and the client address.

After CLUSTERHUB_LOGIN_MAX_FAILURES failures (default 5) for the same username, or from the
same address, within CLUSTERHUB_LOGIN_LOCKOUT_SECONDS (default 15 minutes), further attempts
for that key are refused for the same period without checking any password. A successful
sign-in clears the username's counter (not the address's: one valid account must not reset a
guessing run against others from the same address).

Counters live in Django's cache. The default memory cache is per process, so a production
install with several workers should set CLUSTERHUB_CACHE_URL to a shared cache (see settings).

API bearer tokens are throttled the same way (see the functions at the end): failures per token
prefix and per address, with their own, higher limits.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from clusterhub.common.security import client_address


def _max_failures() -> int:
    return settings.CLUSTERHUB_LOGIN_MAX_FAILURES


def _period() -> int:
    return settings.CLUSTERHUB_LOGIN_LOCKOUT_SECONDS


def client_ip(request) -> str:
    """The client address as a throttle key part ("unknown" when it is not known)."""
    return client_address(request) or "unknown"


def _keys(request, username: str) -> list[str]:
    keys = [f"ip:{client_ip(request)}"]
    if username:
        # Usernames are case-insensitive to an attacker; hash them so any text is a valid key.
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        keys.append(f"user:{digest}")
    return keys


def _count_key(key: str) -> str:
    return f"login-failures:{key}"


def _lock_key(key: str) -> str:
    return f"login-locked:{key}"


def is_locked(request, username: str) -> bool:
    """Whether sign-in for this username or from this address is refused right now."""
    return any(cache.get(_lock_key(key)) for key in _keys(request, username))


def register_failure(request, username: str) -> None:
    """Count a failed sign-in; lock each key that reaches the limit."""
    for key in _keys(request, username):
        _count_failure(key, limit=_max_failures(), period=_period())


def _count_failure(key: str, *, limit: int, period: int) -> None:
    """Add one failure to the key's window; lock the key for `period` when it reaches `limit`."""
    count_key = _count_key(key)
    # add() starts the window only if no counter runs yet; incr() keeps its expiry.
    cache.add(count_key, 0, timeout=period)
    try:
        count = cache.incr(count_key)
    except ValueError:  # the counter expired between add() and incr()
        cache.set(count_key, 1, timeout=period)
        count = 1
    if count >= limit:
        # The lock holds its end time, so a refusal can say when to retry (Retry-After).
        cache.set(_lock_key(key), time.time() + period, timeout=period)
        cache.delete(count_key)


def clear_username(request, username: str) -> None:
    """Forget the failures for this username after a successful sign-in."""
    for key in _keys(request, username):
        if key.startswith("user:"):
            cache.delete_many([_count_key(key), _lock_key(key)])


# API bearer tokens. A token is 256 random bits, so guessing one is hopeless; what a flood of
# wrong tokens costs is a database lookup each, and what a broken script costs is noise. So
# failures are counted per token prefix (the first 12 characters, which ApiToken.prefix keeps)
# and per client address, and a locked key is refused before the database is asked. The
# address limit is higher than for sign-ins: many API clients may share one NAT address.


def _api_keys(request, token: str) -> list[tuple[str, int]]:
    """The throttle keys of a bearer request with their failure limits."""
    prefix = hashlib.sha256(token[:12].encode()).hexdigest()
    return [
        (f"api-ip:{client_ip(request)}", settings.CLUSTERHUB_API_MAX_FAILURES),
        (f"api-token:{prefix}", settings.CLUSTERHUB_API_TOKEN_MAX_FAILURES),
    ]


def api_retry_after(request, token: str) -> int | None:
    """Seconds until this token prefix and address may try again; None if neither is locked."""
    locks = cache.get_many([_lock_key(key) for key, _ in _api_keys(request, token)])
    if not locks:
        return None
    remaining = max(float(until) - time.time() for until in locks.values())
    return max(1, math.ceil(remaining))


def register_api_failure(request, token: str) -> None:
    """Count a wrong bearer token against its prefix and the client address."""
    period = settings.CLUSTERHUB_API_LOCKOUT_SECONDS
    for key, limit in _api_keys(request, token):
        _count_failure(key, limit=limit, period=period)
