from datetime import UTC, date, datetime

import pytest

from consultations.models import AppointmentRequest, ConsultationHours
from tests.factories import (
    AppointmentRequestFactory,
    ClosureFactory,
    ConsultationHoursFactory,
    OfficeFactory,
    UserFactory,
    login_with_two_factors,
)


@pytest.fixture
def staff(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, staff):
    login_with_two_factors(client, staff)
    return client


@pytest.mark.parametrize(
    ("model", "factory"),
    [
        ("consultationhours", ConsultationHoursFactory),
        ("closure", ClosureFactory),
        ("appointmentrequest", AppointmentRequestFactory),
    ],
)
def test_admin_changelist_and_change_form_open(admin_client, model, factory):
    obj = factory()

    changelist = admin_client.get(f"/admin/consultations/{model}/")
    change = admin_client.get(f"/admin/consultations/{model}/{obj.pk}/change/")

    assert changelist.status_code == 200
    assert str(obj.office) in changelist.content.decode()
    assert change.status_code == 200
    assert str(obj.office) in change.content.decode()


@pytest.mark.parametrize("model", ["consultationhours", "closure"])
def test_admin_lists_show_the_coming_nrw_holidays(admin_client, model, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 12, tzinfo=UTC), tick=False)

    html = admin_client.get(f"/admin/consultations/{model}/").content.decode()

    assert "Feiertage in den nächsten zwölf Monaten (NRW)" in html
    assert "Freitag, 25. Dezember 2026: Erster Weihnachtstag" in html
    assert "Donnerstag, 27. Mai 2027: Fronleichnam" in html
    assert "Allerheiligen" in html  # 1 November 2027 is within the year ahead


def test_admin_refuses_an_overlapping_slot_with_a_german_message(admin_client):
    existing = ConsultationHoursFactory(weekday=1)

    response = admin_client.post(
        "/admin/consultations/consultationhours/add/",
        {"office": existing.office.pk, "weekday": 1, "start": "13:00", "end": "15:00"},
    )

    assert response.status_code == 200
    assert "überschneidet sich mit „dienstags 10:00–14:00 Uhr“" in response.content.decode()
    assert ConsultationHours.objects.count() == 1


def test_admin_refuses_end_before_start_on_the_end_field(admin_client):
    office = OfficeFactory()

    response = admin_client.post(
        "/admin/consultations/consultationhours/add/",
        {"office": office.pk, "weekday": 1, "start": "14:00", "end": "10:00"},
    )

    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    assert not ConsultationHours.objects.exists()


def test_admin_closure_without_office_is_shown_for_the_whole_quartiersbuero(admin_client):
    ClosureFactory(office=None, reason="Heiligabend", start_date=date(2026, 12, 24))

    html = admin_client.get("/admin/consultations/closure/").content.decode()

    assert "Ganzes Quartiersbüro" in html
    assert "ganzer Tag" in html


def test_admin_appointment_requests_filter_by_office(admin_client):
    AppointmentRequestFactory(office=OfficeFactory(name="Jobcenter"), name="Anna")
    other = OfficeFactory(name="DoNaPart")
    AppointmentRequestFactory(office=other, name="Bert")

    html = admin_client.get(
        f"/admin/consultations/appointmentrequest/?office__id__exact={other.pk}"
    ).content.decode()

    assert "Bert" in html
    assert "Anna" not in html


def test_admin_action_marks_requests_answered_by_the_user(admin_client, staff):
    first, second = AppointmentRequestFactory.create_batch(2)

    response = admin_client.post(
        "/admin/consultations/appointmentrequest/",
        {"action": "mark_answered", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert "2 Anfragen als beantwortet markiert." in response.content.decode()
    for request in AppointmentRequest.objects.all():
        assert request.answered
        assert request.answered_by == staff
        assert request.answered_at is not None


def test_admin_change_form_marks_answered_but_keeps_what_the_resident_sent(admin_client, staff):
    request = AppointmentRequestFactory(name="Anna")

    response = admin_client.post(
        f"/admin/consultations/appointmentrequest/{request.pk}/change/",
        {"answered": "on", "name": "Geändert"},
    )

    request.refresh_from_db()
    assert response.status_code == 302
    assert (request.name, request.answered, request.answered_by) == ("Anna", True, staff)


def test_admin_cannot_add_appointment_requests(admin_client):
    response = admin_client.get("/admin/consultations/appointmentrequest/add/")

    assert response.status_code == 403
