"""The security headers every page carries, and the one answer to "which address is the client".

Kept in one place so tests and docs can read them.
"""

import functools
import ipaddress

from django.conf import settings

# No 'unsafe-inline' for scripts: the templates have no inline <script> and no on* handlers
# (tests/common/test_security.py scans them). Style attributes are still used by some
# templates, so inline styles are allowed; they cannot run code.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The platform needs none of these browser features.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


def _address(value: str) -> str | None:
    """`value` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _is_trusted_proxy(address: str | None) -> bool:
    """Whether a peer is one of CLUSTERHUB_TRUSTED_PROXIES ("unix" is a unix-socket peer)."""
    unix, networks = _trusted(tuple(settings.CLUSTERHUB_TRUSTED_PROXIES))
    if address is None:
        return unix
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


@functools.cache
def _trusted(entries: tuple[str, ...]) -> tuple[bool, tuple]:
    """The setting parsed once: whether unix-socket peers are trusted, and the networks."""
    networks = tuple(ipaddress.ip_network(e, strict=False) for e in entries if e != "unix")
    return "unix" in entries, networks


def client_address(request) -> str | None:
    """The address of the client a request came from, or None when it is not known.

    The one place that decides it, for sign-in and API token throttling and the audit log.
    A proxy header (CLUSTERHUB_CLIENT_IP_HEADER) is read only when the peer that sent the
    request is a trusted proxy: otherwise anyone reaching the server directly could name a new
    address on every request and so escape every per-address limit. X-Forwarded-For is read from
    the right, skipping the trusted proxies, because a client can write anything on its left.
    """
    remote_addr = request.META.get("REMOTE_ADDR") or ""
    # gunicorn on a unix socket leaves REMOTE_ADDR empty: the peer is a local process.
    peer = _address(remote_addr) if remote_addr else None
    if remote_addr and peer is None:
        return None
    header = settings.CLUSTERHUB_CLIENT_IP_HEADER
    if header == "REMOTE_ADDR" or not _is_trusted_proxy(peer):
        return peer
    client = peer
    for hop in reversed(request.META.get(header, "").split(",")):
        hop_address = _address(hop)
        if hop_address is None:
            break
        client = hop_address
        if not _is_trusted_proxy(hop_address):
            break
    return client
