"""The client address: a proxy header counts only when the request came from a trusted proxy.

Issue 13, item 8: with gunicorn listening on TCP, anyone could send `X-Real-IP` and make every
sign-in attempt look like it came from a new address, so the per-address limits never fired.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from clusterhub.accounts.models import AuditEntry
from clusterhub.common.security import client_address


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_forged_header_from_an_untrusted_address_is_ignored(rf, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CLUSTERHUB_TRUSTED_PROXIES = ["127.0.0.1", "::1", "unix"]
    request = rf.get("/", HTTP_X_REAL_IP="192.0.2.1", REMOTE_ADDR="203.0.113.66")
    assert client_address(request) == "203.0.113.66"


def test_the_header_is_read_when_the_request_came_from_a_trusted_proxy(rf, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CLUSTERHUB_TRUSTED_PROXIES = ["127.0.0.1", "10.1.0.0/16"]
    assert client_address(rf.get("/", HTTP_X_REAL_IP="192.0.2.1")) == "192.0.2.1"
    request = rf.get("/", HTTP_X_REAL_IP="192.0.2.2", REMOTE_ADDR="10.1.200.3")
    assert client_address(request) == "192.0.2.2"


def test_a_unix_socket_peer_is_trusted_only_when_listed(rf, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    # gunicorn on a unix socket leaves REMOTE_ADDR empty.
    settings.CLUSTERHUB_TRUSTED_PROXIES = ["unix"]
    assert client_address(rf.get("/", HTTP_X_REAL_IP="192.0.2.9", REMOTE_ADDR="")) == "192.0.2.9"
    settings.CLUSTERHUB_TRUSTED_PROXIES = []
    assert client_address(rf.get("/", HTTP_X_REAL_IP="192.0.2.9", REMOTE_ADDR="")) is None


def test_no_trusted_proxies_means_the_header_is_never_read(rf, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CLUSTERHUB_TRUSTED_PROXIES = []
    assert client_address(rf.get("/", HTTP_X_REAL_IP="192.0.2.1")) == "127.0.0.1"


def test_forwarded_for_is_read_from_the_right_skipping_trusted_proxies(rf, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.CLUSTERHUB_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # The client may write anything on the left; the entries our proxies added are on the right.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.4, 10.0.0.7")
    assert client_address(request) == "198.51.100.4"
    # Garbage a client wrote stops the walk: the last trusted hop is what we know for sure.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address, 10.0.0.7")
    assert client_address(request) == "10.0.0.7"


def test_a_header_that_is_no_address_falls_back_to_the_peer(rf, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CLUSTERHUB_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(rf.get("/", HTTP_X_REAL_IP="<script>")) == "127.0.0.1"
    assert client_address(rf.get("/", REMOTE_ADDR="garbage")) is None


def test_spraying_with_a_forged_header_is_still_throttled_per_address(world, settings):
    """The attack of the issue: a new X-Real-IP per attempt, gunicorn reachable over TCP."""
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CLUSTERHUB_TRUSTED_PROXIES = ["127.0.0.1", "::1", "unix"]
    client = Client(REMOTE_ADDR="203.0.113.66")
    statuses = [
        client.post(
            reverse("accounts:login"),
            {"username": f"user{n}", "password": "Winter2026!"},
            HTTP_X_REAL_IP=f"192.0.2.{n}",
        ).status_code
        for n in range(25)
    ]
    assert 429 in statuses
    ips = set(AuditEntry.objects.filter(action="login_failed").values_list("ip", flat=True))
    assert ips == {"203.0.113.66"}
