"""What is stored about a borrower goes a fixed time after the loan (RETENTION_DAYS
["lending"], said in the Datenschutzerklärung), unless a damage case is still open; staff
erase a person's loans on request (Auskunft and erasure in the admin)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from consultations.lending.enums import LoanStatus
from consultations.lending.models import Loan
from quartier.core import clock


def lending_retention_days() -> int:
    return settings.RETENTION_DAYS["lending"]


@transaction.atomic
def loans_delete_expired(*, now: datetime | None = None) -> int:
    """Delete loans returned, declined or cancelled more than the retention period ago (by
    their end when nothing later was recorded); never one with an open damage case."""
    now = now or clock.now()
    cutoff = now - timedelta(days=lending_retention_days())
    finished = Q(status=LoanStatus.RETURNED, returned_at__lt=cutoff) | Q(
        status__in=[LoanStatus.DECLINED, LoanStatus.CANCELLED], ends_at__lt=cutoff
    )
    # Long over without a handover (a request nobody answered, a loan never picked up).
    forgotten = Q(status__in=[LoanStatus.REQUESTED, LoanStatus.CONFIRMED], ends_at__lt=cutoff)
    _total, per_model = Loan.objects.filter(finished | forgotten, damage_open=False).delete()
    return per_model.get(Loan._meta.label, 0)


@transaction.atomic
def loans_erase_for_email(*, email: str) -> int:
    """Erase everything stored for this address (on request), except loans still running or
    with an open damage case, which staff settle first."""
    loans = Loan.objects.filter(email__iexact=email.strip()).exclude(
        Q(status__in=[LoanStatus.CONFIRMED, LoanStatus.HANDED_OUT]) | Q(damage_open=True)
    )
    _total, per_model = loans.delete()
    return per_model.get(Loan._meta.label, 0)
