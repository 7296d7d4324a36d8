"""Writes for consultation hours, closures and appointment requests."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consultations.enums import (
    ClosureKind,
    Weekday,
)
from consultations.models import (
    AppointmentRequest,
    Closure,
    ConsultationHours,
)
from offices.models import Office
from quartier.core import clock, submissions
from quartier.core.links import absolute_url
from quartier.core.mail import queue_email


@transaction.atomic
def consultation_hours_create(
    *,
    office: Office,
    weekday: Weekday,
    start: time,
    end: time,
    note: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> ConsultationHours:
    """Adds a weekly slot; overlapping slots and end before start are refused."""
    slot = ConsultationHours(
        office=office,
        weekday=weekday,
        start=start,
        end=end,
        note=note,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    slot.full_clean()
    slot.save()
    return slot


@transaction.atomic
def closure_create(
    *,
    office: Office | None,
    reason: str,
    start_date: date,
    end_date: date | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
    kind: ClosureKind = ClosureKind.CLOSED,
) -> Closure:
    """Adds a closure or special opening; `office=None` means the whole Quartiersbüro."""
    closure = Closure(
        office=office,
        kind=kind,
        start_date=start_date,
        end_date=end_date or start_date,
        start_time=start_time,
        end_time=end_time,
        reason=reason,
    )
    closure.full_clean()
    closure.save()
    return closure


def appointment_request_recipients(office: Office) -> list[str]:
    """Who hears of a new request: the office's own address, else its active members."""
    if office.email:
        return [office.email]
    addresses = (
        office.memberships.filter(user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    return list(dict.fromkeys(addresses))


def _notify_office(appointment_request: AppointmentRequest) -> None:
    office = appointment_request.office
    link = absolute_url(
        reverse("admin:consultations_appointmentrequest_change", args=[appointment_request.pk])
    )
    # Staff read German; the resident's data stays in admin, not in a mailbox.
    with translation.override("de"):
        queue_email(
            to=appointment_request_recipients(office),
            subject=_("Neue Terminanfrage für %(office)s") % {"office": office.short_name},
            body=_(
                "Über die Website ist eine neue Terminanfrage eingegangen.\n\n"
                "Bitte sehen Sie sie im Verwaltungsbereich unter „Terminanfragen“ an:\n"
                "%(link)s\n\n"
                "Aus Datenschutzgründen stehen Name und Anliegen nicht in dieser E-Mail."
            )
            % {"link": link},
        )


class AppointmentRequestLimitReached(Exception):
    """This email address or phone number sent the most requests allowed in a day."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


@transaction.atomic
def appointment_request_create(
    *,
    office: Office,
    name: str,
    topic: str,
    phone: str = "",
    email: str = "",
    preferred_times: str = "",
) -> AppointmentRequest:
    """Stores a request (the resident consented to the privacy notice now) and tells the office.
    The same request sent again a moment later (a second click, a resend) is the one stored
    already; beyond APPOINTMENT_REQUESTS_PER_PERSON a day AppointmentRequestLimitReached."""
    now = clock.now()
    email, phone, name = email.strip(), phone.strip(), name.strip()
    phone_key = submissions.phone_key(phone)
    keys = submissions.identities(email=email, phone=phone) or [f"name:{name.lower()}"]
    submissions.lock_people(scope="appointment-request", keys=keys)
    mine = AppointmentRequest.objects.of_person(email=email, phone_key=phone_key, name=name)
    same = (
        mine.filter(
            office=office,
            topic=topic.strip(),
            created_at__gte=now - timedelta(minutes=submissions.SAME_SUBMISSION_MINUTES),
        )
        .order_by("created_at")
        .first()
    )
    if same is not None:
        return same
    limit = settings.APPOINTMENT_REQUESTS_PER_PERSON
    if mine.filter(created_at__gte=now - timedelta(days=1)).count() >= limit:
        raise AppointmentRequestLimitReached(limit)
    appointment_request = AppointmentRequest(
        office=office,
        name=name,
        phone=phone,
        phone_key=phone_key,
        email=email,
        topic=topic.strip(),
        preferred_times=preferred_times,
        consent_given_at=now,
    )
    appointment_request.full_clean()
    appointment_request.save()
    _notify_office(appointment_request)
    return appointment_request


def _apply_answered(
    appointment_request: AppointmentRequest, answered: bool, by: AbstractBaseUser | None
) -> None:
    if answered and not appointment_request.answered_at:
        appointment_request.answered_at = clock.now()
        appointment_request.answered_by = by
    elif not answered:
        appointment_request.answered_at = None
        appointment_request.answered_by = None
    appointment_request.answered = answered


@transaction.atomic
def appointment_request_set_answered(
    *,
    appointment_request: AppointmentRequest,
    answered: bool,
    by: AbstractBaseUser | None = None,
) -> AppointmentRequest:
    """Marks a request answered (when and by whom) or open again."""
    _apply_answered(appointment_request, answered, by)
    appointment_request.full_clean()
    appointment_request.save(update_fields=["answered", "answered_at", "answered_by"])
    return appointment_request


def appointment_request_mark_seen(
    *, appointment_request: AppointmentRequest, by: AbstractBaseUser
) -> bool:
    """The first time someone of the request's office opens it, it stops being "neu".
    Coordinators looking in from outside the office leave it new. Returns whether it changed."""
    if appointment_request.seen_at is not None:
        return False
    if not by.office_memberships.filter(office_id=appointment_request.office_id).exists():
        return False
    # One UPDATE guarded by seen_at: two colleagues opening it at once record only the first.
    updated = AppointmentRequest.objects.filter(
        pk=appointment_request.pk, seen_at__isnull=True
    ).update(seen_at=clock.now(), seen_by=by)
    if updated:
        appointment_request.refresh_from_db(fields=["seen_at", "seen_by"])
    return bool(updated)


@transaction.atomic
def appointment_request_record(
    *,
    appointment_request: AppointmentRequest,
    answered: bool,
    appointment_at: datetime | None,
    appointment_with: str,
    resident_informed_on: date | None,
    by: AbstractBaseUser | None = None,
) -> AppointmentRequest:
    """Stores what staff agreed with the resident (when, with whom, when they were told).
    Telling the resident answers the request."""
    appointment_request.appointment_at = appointment_at
    appointment_request.appointment_with = appointment_with
    appointment_request.resident_informed_on = resident_informed_on
    _apply_answered(appointment_request, answered or resident_informed_on is not None, by)
    appointment_request.full_clean()
    appointment_request.save(
        update_fields=[
            "appointment_at",
            "appointment_with",
            "resident_informed_on",
            "answered",
            "answered_at",
            "answered_by",
        ]
    )
    return appointment_request


@transaction.atomic
def appointment_requests_delete_expired(*, now: datetime | None = None) -> int:
    """Deletes requests older than APPOINTMENT_REQUEST_RETENTION_DAYS; returns how many."""
    now = now or clock.now()
    cutoff = now - timedelta(days=settings.APPOINTMENT_REQUEST_RETENTION_DAYS)
    deleted, _per_model = AppointmentRequest.objects.created_before(cutoff).delete()
    return deleted
