import pytest
from django.test import RequestFactory

from quartier.core.rate_limit import allow, client_address


@pytest.mark.django_db
def test_allow_refuses_after_the_limit_per_address():
    first = RequestFactory().post("/", REMOTE_ADDR="203.0.113.5")
    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.6")

    results = [allow(first, scope="test", limit=3, per_seconds=60) for _ in range(4)]

    assert results == [True, True, True, False]
    assert allow(other, scope="test", limit=3, per_seconds=60)


def test_client_address_ignores_forwarded_header_without_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_address(request) == "10.0.0.1"


def test_client_address_takes_the_address_our_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )

    assert client_address(request) == "198.51.100.7"
