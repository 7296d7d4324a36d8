"""'Heute zu tun' for online bookings and the outbox: today's and tomorrow's appointments with
the day plan, what was booked, moved or cancelled since the last visit, undeliverable mails for
whoever may resend them; each line lists what it counted, in a fixed number of queries."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from post_office.models import STATUS, Email

from consultations.booking import services
from consultations.enums import Weekday
from quartier.accounts.roles import COORDINATORS, FUND_TEAM, JURY, OFFICE_STAFF
from quartier.core.mail import queue_email
from tests.factories import (
    AppointmentTypeFactory,
    BookingRulesFactory,
    ConsultationHoursFactory,
    OfficeFactory,
    login_with_two_factors,
    staff_user,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def bookable_office(name: str):
    office = OfficeFactory(name=name, short_name=name)
    for weekday in (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY):
        ConsultationHoursFactory(office=office, weekday=weekday, start=time(9), end=time(16))
    BookingRulesFactory(office=office, min_notice_hours=0)
    return AppointmentTypeFactory(office=office, name=f"Beratung {name}")


def book(kind, start, n=0):
    return services.booking_create(
        appointment_type=kind, start=start, name=f"Anna {n}", email=f"anna{n}@example.org"
    )


def lines_of(response, title):
    (section,) = [s for s in response.context["today_sections"] if s.title == title]
    return section.lines


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


@pytest.fixture
def world(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    return bookable_office("Jobcenter"), bookable_office("Caritas")


def test_bookings_moves_and_cancellations_reach_the_start_page_of_their_office(
    client, time_machine, world
):
    mine, other = world
    user = staff_user(role=OFFICE_STAFF, offices=[mine.office])
    login_with_two_factors(client, user)
    client.get("/admin/")  # the morning's visit

    time_machine.move_to(at(30, 9), tick=False)
    today = book(mine, at(30, 14))
    tomorrow = book(mine, at(30, 15), 1)
    book(mine, datetime(2026, 12, 1, 10, tzinfo=BERLIN), 2)
    book(other, at(30, 14), 3)  # another office: not mine to see
    services.booking_move(booking=tomorrow, start=datetime(2026, 12, 1, 11, tzinfo=BERLIN))
    services.booking_cancel(booking=today, reason="")

    time_machine.move_to(at(30, 10), tick=False)
    response = client.get("/admin/")
    lines = {line.text: line for line in lines_of(response, "Gebuchte Termine")}

    assert set(lines) == {
        "0 Termine heute",
        "2 Termine morgen",
        "3 neu gebucht",
        "1 verschoben",
        "1 abgesagt",
    }
    assert "tag=2026-12-01" in lines["2 Termine morgen"].url
    assert "seit Ihrem letzten Besuch (30.11.2026, 08:00 Uhr)" in lines["3 neu gebucht"].details
    for text in ("3 neu gebucht", "1 verschoben", "1 abgesagt"):
        assert listed(client, lines[text].url) == lines[text].count, text
    plan = client.get(lines["2 Termine morgen"].url).content.decode()
    assert "Anna 1" in plan
    assert "Anna 2" in plan

    again = client.get("/admin/")  # what was seen is no longer new
    counts = {line.text for line in lines_of(again, "Gebuchte Termine")}
    assert {"0 neu gebucht", "0 verschoben", "0 abgesagt"} <= counts


def test_coordination_sees_every_office_with_a_link_to_each_day_plan(client, world):
    mine, other = world
    book(mine, at(30, 14))
    book(other, at(30, 15), 1)
    login_with_two_factors(client, staff_user(role=COORDINATORS))

    response = client.get("/admin/")
    (today, *_rest) = lines_of(response, "Gebuchte Termine")

    assert today.text == "2 Termine heute"
    assert [label for label, _url in today.links] == ["Caritas: 1", "Jobcenter: 1"]
    assert "in den letzten 24 Stunden" in lines_of(response, "Gebuchte Termine")[2].details


def _failed(subject: str, topic: str) -> None:
    email = queue_email(to=["anna@example.org"], subject=subject, body="Text", topic=topic)
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)


@pytest.mark.parametrize(
    ("role", "expected"),
    [(COORDINATORS, "1 E-Mail nicht zustellbar"), (FUND_TEAM, "2 E-Mails nicht zustellbar")],
)
def test_undeliverable_mails_show_for_whoever_may_resend_them(client, world, role, expected):
    _failed("Ihr Termin", "general")
    _failed("Zum Antrag", "fund")
    _failed("Noch ein Antrag", "fund")
    login_with_two_factors(client, staff_user(role=role))

    response = client.get("/admin/")
    (line,) = lines_of(response, "Postausgang")

    assert line.text == expected
    assert listed(client, line.url) == line.count


@pytest.mark.parametrize("role", [OFFICE_STAFF, JURY])
def test_who_cannot_resend_has_no_outbox_line(client, world, role):
    login_with_two_factors(client, staff_user(role=role, offices=[world[0].office]))

    titles = [s.title for s in client.get("/admin/").context["today_sections"]]

    assert "Postausgang" not in titles


@pytest.mark.parametrize("role", [OFFICE_STAFF, COORDINATORS])
def test_booking_lines_take_the_same_queries_whatever_the_bookings(
    client, world, role, django_assert_num_queries
):
    mine, other = world
    login_with_two_factors(client, staff_user(role=role, offices=[mine.office]))
    client.get("/admin/")
    book(mine, at(30, 14))

    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for n in range(12):
        book(mine if n % 2 else other, at(30, 9) + timedelta(minutes=30 * n), n + 1)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/admin/")
