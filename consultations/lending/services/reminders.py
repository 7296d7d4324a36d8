"""Mails the schedule sends: a reminder the day before the pick-up (or the use), a note on
the return day. Each is sent once, however often the job runs."""

from datetime import datetime, time, timedelta

from django.db import transaction

from consultations.lending.emails import queue_loan_email
from consultations.lending.enums import ItemKind, LoanStatus
from consultations.lending.models import Loan
from consultations.schedule import at
from quartier.core import clock


def _send_once(pks, *, flag: str, kind: str, now: datetime) -> int:
    sent = 0
    for pk in list(pks):
        with transaction.atomic():
            if not Loan.objects.filter(pk=pk, **{f"{flag}__isnull": True}).update(**{flag: now}):
                continue
            loan = Loan.objects.select_related("item", "office").get(pk=pk)
            queue_loan_email(loan, kind)
            sent += 1
    return sent


def loans_send_reminders(*, now: datetime | None = None) -> int:
    """Remind approved loans whose pick-up is tomorrow (or later today)."""
    now = now or clock.now()
    until = at(clock.local_date(now) + timedelta(days=2), time(0))
    due = Loan.objects.filter(
        status=LoanStatus.CONFIRMED,
        pickup_from__gt=now,
        pickup_from__lt=until,
        reminder_sent_at__isnull=True,
        created_at__lte=now - timedelta(hours=12),
    ).values_list("pk", flat=True)
    return _send_once(due, flag="reminder_sent_at", kind="reminder", now=now)


def loans_send_due_notices(*, now: datetime | None = None) -> int:
    """Tell borrowers of the bike on its return day until when to bring it back."""
    now = now or clock.now()
    today = clock.local_date(now)
    due = Loan.objects.filter(
        status=LoanStatus.HANDED_OUT,
        item__kind=ItemKind.CARGO_BIKE,
        due_at__gte=at(today, time(0)),
        due_at__lt=at(today + timedelta(days=1), time(0)),
        due_notice_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    return _send_once(due, flag="due_notice_sent_at", kind="due_back", now=now)
