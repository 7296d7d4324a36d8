"""Links in emails start with SITE_URL; the office's day is Berlin's day."""

from datetime import UTC, date, datetime

import time_machine

from quartier.core import clock
from quartier.core.links import absolute_url


def test_absolute_url_starts_with_site_url_without_a_double_slash(settings):
    settings.SITE_URL = "https://quartier.example.org/"

    assert absolute_url("/aktuelles/") == "https://quartier.example.org/aktuelles/"


def test_local_date_is_the_berlin_day_a_moment_falls_on():
    late_utc = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)

    assert clock.local_date(late_utc) == date(2026, 3, 29)
    assert clock.local(late_utc).utcoffset().total_seconds() == 3600


@time_machine.travel(datetime(2026, 6, 30, 22, 15, tzinfo=UTC), tick=False)
def test_today_is_berlins_today_when_utc_is_still_yesterday():
    assert clock.today() == date(2026, 7, 1)
    assert clock.now().hour == 0
