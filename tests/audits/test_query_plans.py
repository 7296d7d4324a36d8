"""The public pages' biggest reads stay index reads as the data grows: the news list reads one
page in index order (no sort of every announcement), the fund's yearly figures add up only the
granted applications of that year. Checked with SQLite's query plan (the test database)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fund_applications.models import Fund
from offices import selectors as office_selectors

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN"
)


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_news_page_reads_the_index_in_list_order_without_sorting(db):
    page = office_selectors.announcement_list()[490:500]

    steps = plan(page)

    assert "USING INDEX announcement_public" in steps
    assert "TEMP B-TREE" not in steps


def test_news_page_count_reads_only_the_index(db):
    with CaptureQueriesContext(connection) as queries:
        office_selectors.announcement_list().count()
    (count,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count['sql']}")
        steps = "\n".join(str(row[-1]) for row in cursor.fetchall())

    assert "COVERING INDEX announcement_public" in steps


def test_fund_figures_of_a_year_read_only_the_granted_index(db):
    figures = Fund.objects.with_year_figures(date.today().year)

    steps = plan(figures)

    assert steps.count("COVERING INDEX application_granted_in_year") == 2


def test_next_events_are_read_from_the_index_in_date_order(db):
    steps = plan(office_selectors.event_list()[:3])

    assert "USING INDEX announcement_events" in steps
    assert "TEMP B-TREE" not in steps


def test_staff_list_of_bookings_reads_the_newest_page_from_the_index(db):
    from consultations.booking.models import Booking

    # As the staff's list asks: newest first, with office and kind of appointment.
    page = Booking.objects.select_related("office", "appointment_type__office").order_by(
        "-starts_at", "-pk"
    )[:100]

    steps = plan(page)

    assert "booking_in_time_order" in steps
    assert "TEMP B-TREE" not in steps
