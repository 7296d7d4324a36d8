"""Appointment requests count per person (email, phone however written), inside the
writing transaction: parallel requests of one person stop at the limit on SQLite and
PostgreSQL, while many residents behind one address are not limited by each other."""

import pytest
from django.test import Client

from consultations import services
from consultations.models import AppointmentRequest
from tests.concurrency import at_once
from tests.factories import OfficeFactory

PARALLEL = 12


@pytest.fixture
def office(transactional_db):
    return OfficeFactory(slug="jobcenter", by_appointment=True)


def test_a_person_sends_at_most_the_daily_limit(office, settings):
    settings.APPOINTMENT_REQUESTS_PER_PERSON = 2
    ways = ["0231 1234567", "+49 231 1234567", "0049-231-1234567"]
    for number, phone in enumerate(ways[:2]):
        services.appointment_request_create(
            office=office, name="Anna", phone=phone, topic=f"Frage {number}"
        )

    with pytest.raises(services.AppointmentRequestLimitReached):
        services.appointment_request_create(
            office=office, name="Anna", phone=ways[2], topic="Noch eine Frage"
        )


def test_the_limit_is_told_on_the_form_and_keeps_the_input(office, client, settings):
    settings.APPOINTMENT_REQUESTS_PER_PERSON = 1
    form = {"name": "Anna", "email": "anna@example.org", "privacy_consent": "on"}
    client.post("/sprechzeiten/termin/jobcenter/", {**form, "topic": "Erste Frage"})

    response = client.post("/sprechzeiten/termin/jobcenter/", {**form, "topic": "Zweite Frage"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "ist heute schon 1 Anfrage eingegangen" in html
    assert "Zweite Frage" in html
    assert AppointmentRequest.objects.count() == 1


def test_many_residents_behind_one_address_are_not_limited(office):
    client = Client(REMOTE_ADDR="203.0.113.7")  # an event's Wi-Fi
    for number in range(8):
        response = client.post(
            "/sprechzeiten/termin/jobcenter/",
            {
                "name": f"Person {number}",
                "email": f"person{number}@example.org",
                "topic": "Sozialticket",
                "privacy_consent": "on",
            },
        )
        assert response.status_code == 302

    assert AppointmentRequest.objects.count() == 8


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_of_one_person_stop_at_the_limit(office, settings):
    settings.APPOINTMENT_REQUESTS_PER_PERSON = 3

    def send(number: int) -> str:
        try:
            services.appointment_request_create(
                office=office,
                name="Anna",
                email="anna@example.org",
                topic=f"Frage {number}",
            )
        except services.AppointmentRequestLimitReached:
            return "limit"
        return "stored"

    outcomes, errors = at_once(send, PARALLEL)

    assert errors == []
    assert sorted(outcomes) == ["limit"] * (PARALLEL - 3) + ["stored"] * 3
    assert AppointmentRequest.objects.count() == 3
