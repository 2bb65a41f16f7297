"""Sign-in throttling, keyed so that an attacker elsewhere cannot lock the real user out.

Failed sign-ins are counted, within CLUSTERHUB_LOGIN_LOCKOUT_SECONDS (default 15 minutes), for
three keys, each locked for the same period when it reaches its limit:

- the username from one address (CLUSTERHUB_LOGIN_MAX_FAILURES, 5): guessing one password;
- the address, any username (CLUSTERHUB_LOGIN_ADDRESS_MAX_FAILURES, 20): password spraying;
  higher, because an office behind one NAT address shares it;
- the username, any address (CLUSTERHUB_LOGIN_USERNAME_MAX_FAILURES, 50): guessing one password
  from many addresses.

A locked username-from-address is refused without checking any password. A locked address or
username is too, unless the user has signed in from this address before (a known address): then
the password is checked, and a correct one signs in and lifts the username's lock. So failures
from other addresses never lock out a user at home, whatever the attacker sends. Platform admins
can list and lift locks (accounts/views.py, "Sign-in locks"); setting and lifting a lock is
audited. A successful sign-in clears its username's counters, never the address's (one valid
account must not reset a spraying run from the same address).

The counts are rows in the database (SignInThrottle), shared by every worker. Known addresses
are kept as keyed hashes, at most KNOWN_ADDRESSES_PER_USER per user.

API bearer tokens are throttled in the cache instead (see the functions at the end): failures
per token prefix and per address, with their own, higher limits.
"""

import enum
import hashlib
import math
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from clusterhub.accounts import audit
from clusterhub.accounts.enums import AuditAction
from clusterhub.accounts.enums import LockScope
from clusterhub.accounts.models import KnownAddress
from clusterhub.accounts.models import SignInThrottle
from clusterhub.common.security import client_address

KNOWN_ADDRESSES_PER_USER = 10


class Verdict(enum.Enum):
    OPEN = "open"
    # Locked for others; this user may still sign in from this known address.
    KNOWN_ADDRESS_ONLY = "known_address_only"
    LOCKED = "locked"


def _now():
    return timezone.now()


def _period() -> timedelta:
    return timedelta(seconds=settings.CLUSTERHUB_LOGIN_LOCKOUT_SECONDS)


def client_ip(request) -> str:
    """The client address as a throttle key part ("unknown" when it is not known)."""
    return client_address(request) or "unknown"


def _username_key(username: str) -> str:
    # Case-folded: to an attacker "Admin" and "admin" are one target. NUL cannot be stored.
    return username.strip().casefold().replace("\x00", "")[:150]


def _keys(request, username: str) -> list[tuple[str, str, str, int]]:
    """(scope, username, address, limit) of every key an attempt counts against."""
    name, address = _username_key(username), client_ip(request)[:64]
    keys = [(LockScope.ADDRESS, "", address, settings.CLUSTERHUB_LOGIN_ADDRESS_MAX_FAILURES)]
    if name:
        keys += [
            (LockScope.USERNAME_AND_ADDRESS, name, address, settings.CLUSTERHUB_LOGIN_MAX_FAILURES),
            (LockScope.USERNAME, name, "", settings.CLUSTERHUB_LOGIN_USERNAME_MAX_FAILURES),
        ]
    return keys


def _key_filter(keys) -> Q:
    q = Q(pk__in=[])
    for scope, name, address, _limit in keys:
        q |= Q(scope=scope, username=name, address=address)
    return q


def current_locks():
    """The locks in force now, newest end first."""
    return SignInThrottle.objects.filter(locked_until__gt=_now()).order_by("-locked_until", "pk")


def verdict(request, username: str) -> Verdict:
    """Whether a sign-in attempt may have its password checked."""
    locked = set(
        current_locks()
        .filter(_key_filter(_keys(request, username)))
        .values_list("scope", flat=True)
    )
    if not locked:
        return Verdict.OPEN
    if LockScope.USERNAME_AND_ADDRESS in locked:
        return Verdict.LOCKED
    user = _user_named(username)
    if user is not None and is_known_address(user, client_address(request)):
        return Verdict.KNOWN_ADDRESS_ONLY
    return Verdict.LOCKED


def _user_named(username: str):
    model = get_user_model()
    if "\x00" in username:  # PostgreSQL refuses NUL in a query; no username holds one
        return None
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        return None


def _address_digest(address: str) -> str:
    return salted_hmac("clusterhub.accounts.known-address", address).hexdigest()


def is_known_address(user, address: str | None) -> bool:
    if address is None:
        return False
    return KnownAddress.objects.filter(user=user, digest=_address_digest(address)).exists()


@transaction.atomic
def register_failure(request, username: str) -> None:
    """Count a failed sign-in against each key; lock (and audit) a key that reaches its limit."""
    now = _now()
    # Rows whose window and lock are both over say nothing any more.
    SignInThrottle.objects.filter(window_ends__lte=now).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    ).delete()
    for scope, name, address, limit in _keys(request, username):
        row, _created = SignInThrottle.objects.select_for_update().get_or_create(
            scope=scope, username=name, address=address, defaults={"window_ends": now + _period()}
        )
        locked = row.locked_until is not None and row.locked_until > now
        if row.window_ends <= now and not locked:
            row.failures, row.window_ends, row.locked_until = 0, now + _period(), None
        row.failures += 1
        if row.failures >= limit and not locked:
            row.locked_until = now + _period()
            audit.record(
                AuditAction.SIGN_IN_LOCKED,
                actor=None,
                actor_name=name or "?",
                request=request,
                scope=scope.value,
                username=name,
                address=address,
                failures=row.failures,
                until=row.locked_until,
            )
        row.save()


@transaction.atomic
def register_success(request, user) -> None:
    """After a correct password: clear the username's counters from this address and across
    addresses (lifting that lock, audited), and remember the address as known (the oldest is
    forgotten past KNOWN_ADDRESSES_PER_USER). Other addresses' counts for the username stay."""
    name = _username_key(user.get_username())
    address = client_address(request)
    rows = SignInThrottle.objects.filter(
        Q(scope=LockScope.USERNAME, username=name)
        | Q(scope=LockScope.USERNAME_AND_ADDRESS, username=name, address=client_ip(request)[:64])
    )
    for row in rows.filter(locked_until__gt=_now()):
        # Not signed in yet: the request has no user to name as the actor.
        _audit_lift(row, by="known_address", actor=user)
    rows.delete()
    if address is None:
        return
    KnownAddress.objects.update_or_create(
        user=user, digest=_address_digest(address), defaults={"last_seen": _now()}
    )
    stale = KnownAddress.objects.filter(user=user).order_by("-last_seen", "-pk")[
        KNOWN_ADDRESSES_PER_USER:
    ]
    KnownAddress.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()


@transaction.atomic
def lift(*, lock: SignInThrottle) -> None:
    """A platform admin lifts a lock: its failures are forgotten. Audited."""
    _audit_lift(lock, by="admin")
    lock.delete()


def forget_user(sender, user, **kwargs) -> None:
    """A deleted account leaves no username in the counters and no known addresses
    (connected to `personal_data.account_leaving` in apps.py)."""
    SignInThrottle.objects.filter(username=_username_key(user.get_username())).delete()
    KnownAddress.objects.filter(user=user).delete()


def _audit_lift(row: SignInThrottle, *, by: str, **actor) -> None:
    audit.record(
        AuditAction.SIGN_IN_UNLOCKED,
        **actor,
        scope=row.scope,
        username=row.username,
        address=row.address,
        failures=row.failures,
        lifted_by=by,
    )


# API bearer tokens. A token is 256 random bits, so guessing one is hopeless; what a flood of
# wrong tokens costs is a database lookup each, and what a broken script costs is noise. So
# failures are counted per token prefix (the first 12 characters, which ApiToken.prefix keeps)
# and per client address, and a locked key is refused before the database is asked. The
# address limit is higher than for sign-ins: many API clients may share one NAT address.


def _count_key(key: str) -> str:
    return f"login-failures:{key}"


def _lock_key(key: str) -> str:
    return f"login-locked:{key}"


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
