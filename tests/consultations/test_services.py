from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from consultations import services
from consultations.enums import ClosureKind, Weekday
from consultations.models import AppointmentRequest, Closure, ConsultationHours
from tests.factories import (
    AppointmentRequestFactory,
    ConsultationHoursFactory,
    OfficeFactory,
    UserFactory,
)


def test_consultation_hours_create_refuses_an_overlap_and_stores_nothing(db):
    existing = ConsultationHoursFactory(weekday=Weekday.TUESDAY)

    with pytest.raises(ValidationError):
        services.consultation_hours_create(
            office=existing.office, weekday=Weekday.TUESDAY, start=time(13), end=time(15)
        )

    assert ConsultationHours.objects.count() == 1


def test_closure_create_for_one_day_sets_the_end_date(db):
    closure = services.closure_create(
        office=None, reason="Heiligabend", start_date=date(2026, 12, 24)
    )

    assert (closure.start_date, closure.end_date) == (date(2026, 12, 24), date(2026, 12, 24))
    assert closure.kind == ClosureKind.CLOSED
    assert closure.office is None


def test_closure_create_refuses_half_given_times(db):
    with pytest.raises(ValidationError):
        services.closure_create(
            office=None, reason="Teamsitzung", start_date=date(2026, 12, 1), start_time=time(12)
        )

    assert not Closure.objects.exists()


def test_appointment_request_create_stores_consent_time_and_mails_the_office_without_data(
    db, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime(2026, 11, 24, 10, tzinfo=UTC), tick=False)
    office = OfficeFactory(short_name="Quartiersmanagement", email="qm@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        request = services.appointment_request_create(
            office=office, name="Anna Beispiel", email="anna@example.org", topic="Stadtteilfonds"
        )

    assert request.consent_given_at == datetime(2026, 11, 24, 10, tzinfo=UTC)
    assert not request.answered
    (message,) = mail.outbox
    assert message.to == ["qm@example.org"]
    assert message.subject == "Neue Terminanfrage für Quartiersmanagement"
    assert "Anna" not in message.body
    assert "Stadtteilfonds" not in message.body


def test_appointment_request_create_without_office_email_sends_nothing(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_request_create(
            office=OfficeFactory(email=""), name="Anna", phone="0231 1", topic="Frage"
        )

    assert mail.outbox == []


def test_appointment_request_create_without_contact_stores_nothing(db):
    with pytest.raises(ValidationError):
        services.appointment_request_create(office=OfficeFactory(), name="Anna", topic="Frage")

    assert not AppointmentRequest.objects.exists()


def test_appointment_request_set_answered_records_when_and_who_and_can_undo(db, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 9, tzinfo=UTC), tick=False)
    request = AppointmentRequestFactory()
    staff = UserFactory(is_staff=True)

    services.appointment_request_set_answered(appointment_request=request, answered=True, by=staff)
    request.refresh_from_db()
    answered = (request.answered, request.answered_at, request.answered_by)
    services.appointment_request_set_answered(appointment_request=request, answered=False)
    request.refresh_from_db()

    assert answered == (True, datetime(2026, 11, 25, 9, tzinfo=UTC), staff)
    assert (request.answered, request.answered_at, request.answered_by) == (False, None, None)


def _request_created(when: datetime) -> AppointmentRequest:
    request = AppointmentRequestFactory()
    AppointmentRequest.objects.filter(pk=request.pk).update(created_at=when)
    return request


def test_appointment_requests_delete_expired_keeps_those_within_the_retention(db, settings):
    settings.APPOINTMENT_REQUEST_RETENTION_DAYS = 90
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    old = _request_created(now - timedelta(days=91))
    recent = _request_created(now - timedelta(days=89))

    deleted = services.appointment_requests_delete_expired(now=now)

    assert deleted == 1
    assert list(AppointmentRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AppointmentRequest.objects.filter(pk=old.pk).exists()


def test_apply_retention_deletes_old_appointment_requests_and_reports_it(
    db, settings, time_machine
):
    settings.APPOINTMENT_REQUEST_RETENTION_DAYS = 30
    time_machine.move_to(datetime(2026, 11, 24, 12, tzinfo=UTC), tick=False)
    _request_created(datetime(2026, 10, 1, tzinfo=UTC))
    _request_created(datetime(2026, 11, 20, tzinfo=UTC))
    output = StringIO()

    call_command("apply_retention", stdout=output)

    assert AppointmentRequest.objects.count() == 1
    assert "Terminanfragen: 1 gelöscht" in output.getvalue()
