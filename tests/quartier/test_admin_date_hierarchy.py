"""The years, months or days above a staff list come from one plain query (no DISTINCT over a
truncated date of every row) and are exactly the ones Django would offer."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier import admin_date_hierarchy
from quartier.accounts.roles import COORDINATORS
from tests.factories import AnnouncementFactory

BERLIN = ZoneInfo("Europe/Berlin")
LIST = "/admin/offices/announcement/"


@pytest.fixture
def coordinator(staff_client, time_machine):
    time_machine.move_to(datetime(2026, 12, 7, 10, tzinfo=BERLIN), tick=False)
    return staff_client(role=COORDINATORS)


@pytest.mark.parametrize(
    ("moments", "query"),
    [
        # Over several years (a year without any in between), the first one a minute into
        # New Year's Day in Berlin (still the old year in UTC): years.
        (
            [datetime(2023, 1, 1, 0, 1), datetime(2023, 6, 1), datetime(2025, 12, 31, 23, 59)],
            "",
        ),
        # Within one year: its months, one without any in between.
        ([datetime(2026, 1, 31, 23, 30), datetime(2026, 3, 1), datetime(2026, 5, 5)], ""),
        # Within one month: its days, the first a minute after midnight in Berlin.
        ([datetime(2026, 3, 1, 0, 1), datetime(2026, 3, 9), datetime(2026, 3, 31, 23, 59)], ""),
        # One moment only: that day.
        ([datetime(2026, 3, 9, 12)], ""),
        # A chosen year, a chosen month: Django's own.
        ([datetime(2026, 1, 31, 23, 30), datetime(2026, 3, 1)], "?publish_from__year=2026"),
        (
            [datetime(2026, 3, 1), datetime(2026, 3, 9)],
            "?publish_from__year=2026&publish_from__month=3",
        ),
    ],
    ids=["years", "months", "days", "one-day", "chosen-year", "chosen-month"],
)
def test_the_choices_are_djangos(coordinator, moments, query):
    for moment in moments:
        AnnouncementFactory(publish_from=moment.replace(tzinfo=BERLIN))

    cl = coordinator.get(LIST + query).context["cl"]

    ours = admin_date_hierarchy.date_hierarchy_in_one_query(cl)
    assert ours == admin_date_hierarchy._djangos_date_hierarchy(cl)
    assert ours["choices"]


def test_the_list_truncates_no_dates_row_by_row(coordinator):
    for year in (2024, 2025, 2026):
        AnnouncementFactory(publish_from=datetime(year, 5, 1, tzinfo=BERLIN))

    with CaptureQueriesContext(connection) as queries:
        page = coordinator.get(LIST).content.decode()

    assert "?publish_from__year=2024" in page
    assert "?publish_from__year=2026" in page
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"] and "trunc" in q["sql"]]
