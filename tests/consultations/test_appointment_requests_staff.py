"""Appointment requests as the office's to-do list: notification, "neu", open first, the
agreed appointment, and the QuerySet methods the admin start page counts with."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from consultations import services
from consultations.models import AppointmentRequest, Closure
from quartier.accounts.roles import COORDINATORS, OFFICE_STAFF
from quartier.core import clock
from tests.factories import (
    AppointmentRequestFactory,
    ClosureFactory,
    OfficeFactory,
    login_with_two_factors,
    staff_user,
)

LIST = "/admin/consultations/appointmentrequest/"


@pytest.fixture
def office(db):
    return OfficeFactory(short_name="Jobcenter", email="")


@pytest.fixture
def member(office):
    user = staff_user(role=OFFICE_STAFF, offices=[office], username="demir")
    user.email = "demir@example.org"
    user.save()
    return user


def test_new_request_without_office_address_mails_the_active_members(
    office, member, django_capture_on_commit_callbacks
):
    gone = staff_user(role=OFFICE_STAFF, offices=[office], username="weg")
    gone.email, gone.is_active = "weg@example.org", False
    gone.save()
    staff_user(role=OFFICE_STAFF, offices=[OfficeFactory()], username="andere")

    with django_capture_on_commit_callbacks(execute=True):
        request = services.appointment_request_create(
            office=office, name="Ayşe Yılmaz", phone="0231 1", topic="Bewerbung"
        )

    (message,) = mail.outbox
    assert message.to == ["demir@example.org"]
    assert f"{LIST}{request.pk}/change/" in message.body
    assert "Ayşe" not in message.body


def test_new_request_goes_to_the_office_address_when_there_is_one(
    member, django_capture_on_commit_callbacks
):
    office = OfficeFactory(email="team@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_request_create(office=office, name="A", phone="1", topic="x")

    assert [m.to for m in mail.outbox] == [["team@example.org"]]


def test_queryset_open_is_unanswered_oldest_first_and_unseen_is_unopened(office, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False)
    newer = AppointmentRequestFactory(office=office, name="Neu")
    time_machine.move_to(datetime(2026, 11, 20, 9, tzinfo=UTC), tick=False)
    older = AppointmentRequestFactory(office=office, name="Alt")
    AppointmentRequestFactory(
        office=office, answered=True, answered_at=clock.now(), seen_at=clock.now()
    )

    assert list(AppointmentRequest.objects.open()) == [older, newer]
    assert set(AppointmentRequest.objects.unseen()) == {older, newer}
    assert list(AppointmentRequest.objects.for_offices([office]).open()) == [older, newer]


def test_list_shows_open_requests_first_with_topic_and_neu_until_a_member_opens_it(
    client, office, member
):
    AppointmentRequestFactory(
        office=office, name="Schon erledigt", answered=True, answered_at=clock.now()
    )
    request = AppointmentRequestFactory(
        office=office, name="Ayşe Yılmaz", topic="Hilfe beim Antrag auf Bürgergeld " * 5
    )
    login_with_two_factors(client, member)

    html = client.get(LIST).content.decode()
    assert "Ayşe Yılmaz" in html
    assert "Schon erledigt" not in html  # open ones by default
    assert "Hilfe beim Antrag auf Bürgergeld" in html
    assert "badge-new" in html
    assert "Nach Partnerbüro" not in html  # one office: nothing to filter by
    assert "Schon erledigt" in client.get(LIST + "?stand=alle").content.decode()

    client.get(f"{LIST}{request.pk}/change/")

    request.refresh_from_db()
    assert (request.seen_by, request.seen_at is not None) == (member, True)
    assert "badge-new" not in client.get(LIST).content.decode()


def test_a_coordinator_looking_in_leaves_the_request_new(staff_client, office):
    request = AppointmentRequestFactory(office=office)
    client = staff_client(role=COORDINATORS, username="koordination")

    client.get(f"{LIST}{request.pk}/change/")

    request.refresh_from_db()
    assert request.seen_at is None


def test_recording_the_agreed_appointment_and_telling_the_resident_answers_it(
    client, office, member
):
    request = AppointmentRequestFactory(office=office, name="Anna")
    login_with_two_factors(client, member)

    response = client.post(
        f"{LIST}{request.pk}/change/",
        {
            "appointment_at_0": "08.12.2026",
            "appointment_at_1": "10:30",
            "appointment_with": "Frau Demir, Raum 2",
            "resident_informed_on": "02.12.2026",
        },
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.appointment_at.astimezone(clock.BERLIN) == datetime(
        2026, 12, 8, 10, 30, tzinfo=clock.BERLIN
    )
    assert request.appointment_with == "Frau Demir, Raum 2"
    assert request.resident_informed_on == date(2026, 12, 2)
    assert (request.answered, request.answered_by) == (True, member)
    assert (
        "8. Dezember 2026, 10:30 (Frau Demir, Raum 2)"
        in client.get(LIST + "?stand=beantwortet").content.decode()
    )


def test_closure_upcoming_covers_the_next_days_only(db):
    today = clock.today()
    soon = ClosureFactory(start_date=today + timedelta(days=3), end_date=today + timedelta(days=3))
    ClosureFactory(start_date=today + timedelta(days=30), end_date=today + timedelta(days=31))
    ClosureFactory(start_date=today - timedelta(days=9), end_date=today - timedelta(days=8))

    assert list(Closure.objects.upcoming(days=14)) == [soon]


def test_one_office_is_preselected_and_no_hint_says_leave_it_empty(client, office, member):
    login_with_two_factors(client, member)

    for url in [
        "/admin/consultations/closure/add/",
        "/admin/consultations/consultationhours/add/",
        "/admin/booking/appointmenttype/add/",
        "/admin/offices/announcement/add/",
    ]:
        html = client.get(url).content.decode()
        assert f'<option value="{office.pk}" selected>' in html, url
        assert "ganze Quartiersbüro betroffen" not in html, url
        assert "vom ganzen Quartiersbüro kommt" not in html, url
        assert "---------" not in html.split('name="office"')[1].split("</select>")[0], url


def test_a_coordinator_still_reads_the_hint_and_may_leave_the_office_empty(staff_client):
    OfficeFactory()
    client = staff_client(role=COORDINATORS, username="koordination")

    html = client.get("/admin/consultations/closure/add/").content.decode()

    assert "Leer lassen, wenn das ganze Quartiersbüro betroffen ist." in html
