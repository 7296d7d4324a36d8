"""Every public form is safe against double submission, on SQLite and PostgreSQL: the same
POST sent twice (a second click, "send again" after a slow answer) and two identical POSTs at
the same moment give the normal page and store one record: appointment request, online
booking, Stadtteilfonds submission, newsletter sign-up, "Barriere melden"."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from consultations.booking.models import Booking
from consultations.booking.slots import time_value
from consultations.enums import Weekday
from consultations.models import AppointmentRequest
from fund_applications import services as fund_services
from fund_applications.models import Application
from quartier.models import AccessibilityFeedback
from quartier.newsletter.models import NewsletterSubscriber
from tests.concurrency import at_once
from tests.factories import (
    AppointmentTypeFactory,
    BookingRulesFactory,
    ConsultationHoursFactory,
    OfficeFactory,
)
from tests.fund_applications.conftest import DECLARATIONS, fund, step_values  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = ZoneInfo("Europe/Berlin")
REQUEST = {
    "name": "Anna Beispiel",
    "phone": "0231 123456",
    "email": "",
    "topic": "Antrag für den Stadtteilfonds",
    "preferred_times": "dienstags vormittags",
    "privacy_consent": "on",
    "homepage": "",
}


def twice_at_once(post) -> list[int]:
    """Two browsers send the same form at the same moment; their status codes."""

    def send(number: int) -> int:
        return post(Client(REMOTE_ADDR=f"198.51.100.{number}")).status_code

    statuses, errors = at_once(send, 2)
    assert errors == []
    return statuses


@pytest.fixture
def office(transactional_db):
    return OfficeFactory(slug="jobcenter", by_appointment=True)


# Appointment request


def post_request(client):
    return client.post("/sprechzeiten/termin/jobcenter/", REQUEST)


def test_an_appointment_request_sent_twice_is_stored_once(office, client):
    first, second = post_request(client), post_request(client)

    assert (first.status_code, second.status_code) == (302, 302)
    assert AppointmentRequest.objects.count() == 1


def test_an_appointment_request_sent_twice_at_once_is_stored_once(office):
    assert twice_at_once(post_request) == [302, 302]
    assert AppointmentRequest.objects.count() == 1


def test_a_changed_appointment_request_is_a_new_one(office, client):
    post_request(client)
    client.post("/sprechzeiten/termin/jobcenter/", {**REQUEST, "topic": "Sozialticket"})

    assert AppointmentRequest.objects.count() == 2


# "Barriere melden"


def post_feedback(client):
    return client.post("/barrierefreiheit/rueckmeldung/", {"message": "Zu kleine Schrift"})


def test_a_barrier_report_sent_twice_is_stored_once(transactional_db, client):
    first, second = post_feedback(client), post_feedback(client)

    assert (first.status_code, second.status_code) == (302, 302)
    assert AccessibilityFeedback.objects.count() == 1


def test_a_barrier_report_sent_twice_at_once_is_stored_once(transactional_db):
    assert twice_at_once(post_feedback) == [302, 302]
    assert AccessibilityFeedback.objects.count() == 1


# Newsletter sign-up


def post_sign_up(client):
    return client.post(
        "/neuigkeiten-per-e-mail/",
        {"email": "anna@example.org", "events": "on", "language": "de", "consent": "on"},
    )


def test_a_sign_up_sent_twice_gives_the_normal_page(transactional_db, client):
    first, second = post_sign_up(client), post_sign_up(client)

    assert (first.status_code, second.status_code) == (302, 302)
    assert NewsletterSubscriber.objects.count() == 1


def test_a_sign_up_sent_twice_at_once_gives_the_normal_page(transactional_db):
    assert twice_at_once(post_sign_up) == [302, 302]
    assert NewsletterSubscriber.objects.count() == 1


# Online booking


@pytest.fixture
def held_time(transactional_db, time_machine):
    """A held time at an office open Tuesdays 10:00–12:00; the details page's address."""
    time_machine.move_to(datetime(2026, 11, 30, 9, tzinfo=BERLIN), tick=True)
    office = OfficeFactory(slug="quartiersmanagement")
    ConsultationHoursFactory(office=office, weekday=Weekday.TUESDAY, start=time(10), end=time(12))
    BookingRulesFactory(office=office, min_notice_hours=0, window_days=3)
    appointment_type = AppointmentTypeFactory(office=office)
    start = datetime(2026, 12, 1, 10, tzinfo=BERLIN)
    response = Client().post(
        f"/sprechzeiten/buchen/quartiersmanagement/{appointment_type.pk}/",
        {"start": time_value(start)},
    )
    assert response.status_code == 302
    return response["Location"]


BOOKING = {"name": "Anna Beispiel", "email": "anna@example.org", "privacy_consent": "on"}


def test_a_booking_sent_twice_books_once(held_time, client):
    first, second = client.post(held_time, BOOKING), client.post(held_time, BOOKING)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Booking.objects.count() == 1


def test_a_booking_sent_twice_at_once_books_once(held_time):
    assert twice_at_once(lambda client: client.post(held_time, BOOKING)) == [302, 302]
    assert Booking.objects.count() == 1


# Stadtteilfonds submission


@pytest.fixture
def submit_url(fund):  # noqa: F811 - the fund's own fixture
    draft = fund_services.draft_create(fund=fund)
    for slug, values in step_values(fund).items():
        fund_services.draft_save_step(draft=draft, step=slug, values=values, valid=True)
    return f"/stadtteilfonds/antrag/{draft.token}/absenden/"


def test_an_application_sent_twice_is_stored_once(submit_url, client):
    first, second = client.post(submit_url, DECLARATIONS), client.post(submit_url, DECLARATIONS)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Application.objects.count() == 1


def test_an_application_sent_twice_at_once_is_stored_once(submit_url):
    assert twice_at_once(lambda client: client.post(submit_url, DECLARATIONS)) == [302, 302]
    assert Application.objects.count() == 1
