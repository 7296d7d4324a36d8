from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from quartier.core import recipient_limit

pytestmark = pytest.mark.django_db


def test_an_address_gets_at_most_the_limit_a_day_then_again_the_next_day(settings, time_machine):
    settings.RECIPIENT_MAIL_LIMIT = 3
    time_machine.move_to(datetime(2026, 11, 30, 9, tzinfo=ZoneInfo("UTC")), tick=False)

    today = [recipient_limit.allow("opfer@example.org") for _ in range(5)]
    time_machine.shift(timedelta(days=1))
    tomorrow = recipient_limit.allow("opfer@example.org")

    assert today == [True, True, True, False, False]
    assert tomorrow is True


def test_the_address_counts_however_it_is_written(settings):
    settings.RECIPIENT_MAIL_LIMIT = 2

    assert recipient_limit.allow("Opfer@Example.org")
    assert recipient_limit.allow(" opfer@example.org ")
    assert not recipient_limit.allow("OPFER@EXAMPLE.ORG")
    assert recipient_limit.allow("jemand@example.org")  # another address, its own count


def test_a_narrower_scope_counts_apart_with_its_own_limit(settings):
    settings.RECIPIENT_MAIL_LIMIT = 5

    notes = [
        recipient_limit.allow("anna@example.org", scope="note", limit=1, per_seconds=7 * 86400)
        for _ in range(2)
    ]

    assert notes == [True, False]
    assert recipient_limit.allow("anna@example.org")


def test_no_address_is_never_limited(settings):
    settings.RECIPIENT_MAIL_LIMIT = 0

    assert recipient_limit.allow("")


def test_the_cache_keys_hold_no_address(settings, monkeypatch):
    keys = []
    real_add = cache.add
    monkeypatch.setattr(
        cache, "add", lambda key, *a, **kw: keys.append(key) or real_add(key, *a, **kw)
    )

    recipient_limit.allow("anna@example.org")

    assert keys
    assert not [key for key in keys if "anna" in key or "example" in key]
