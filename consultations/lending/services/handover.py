"""Staff hand the item over and take it back: time, condition, a note, a damage report. A
loan not back in time is flagged, and the next borrower is told their pick-up may wait."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from consultations.lending import selectors
from consultations.lending.emails import queue_loan_email
from consultations.lending.enums import Condition, LoanStatus, loan_can_transition
from consultations.lending.models import Loan
from consultations.lending.services.requests import LoanNotChangeable, locked
from quartier.core import clock

# A late return touches the next loan if its pick-up begins within this many hours.
AFFECTED_HOURS = 72


@transaction.atomic
def loan_hand_out(
    *,
    loan: Loan,
    by: AbstractBaseUser,
    at: datetime | None = None,
    condition: str = Condition.GOOD,
    note: str = "",
) -> Loan:
    current = locked(loan)
    if not loan_can_transition(current.status, LoanStatus.HANDED_OUT):
        raise LoanNotChangeable
    current.status = LoanStatus.HANDED_OUT
    current.handed_out_at = at or clock.now()
    current.handout_condition = condition
    current.handout_note = note.strip()
    current.handled_by = by
    current.save()
    return current


@transaction.atomic
def loan_take_back(
    *,
    loan: Loan,
    by: AbstractBaseUser,
    at: datetime | None = None,
    condition: str = Condition.GOOD,
    note: str = "",
    damage_report: str = "",
) -> Loan:
    """Record the return. A damage report opens a damage case: the data stay until staff
    close it (retention)."""
    current = locked(loan)
    if not loan_can_transition(current.status, LoanStatus.RETURNED):
        raise LoanNotChangeable
    current.status = LoanStatus.RETURNED
    current.returned_at = at or clock.now()
    current.return_condition = condition
    current.return_note = note.strip()
    current.damage_report = damage_report.strip()
    current.damage_open = bool(current.damage_report) or condition == Condition.DAMAGED
    current.handled_by = by
    current.save()
    return current


def loans_flag_late(*, now: datetime | None = None) -> int:
    """Flag loans not back by their return time and warn the next borrower of the same item
    (once) if their pick-up is soon. Run by the schedule; safe to run often."""
    now = now or clock.now()
    due = Loan.objects.filter(
        status=LoanStatus.HANDED_OUT, due_at__lt=now, late_since__isnull=True
    ).values_list("pk", flat=True)
    flagged = 0
    for pk in list(due):
        with transaction.atomic():
            if not Loan.objects.filter(pk=pk, late_since__isnull=True).update(late_since=now):
                continue
            flagged += 1
            late = Loan.objects.select_related("item").get(pk=pk)
            following = selectors.next_loan_after(loan=late)
            if (
                following is not None
                and following.late_warning_sent_at is None
                and (following.pickup_from - now).total_seconds() < AFFECTED_HOURS * 3600
            ):
                Loan.objects.filter(pk=following.pk).update(late_warning_sent_at=now)
                following = Loan.objects.select_related("item", "office").get(pk=following.pk)
                queue_loan_email(following, "late_warning")
    return flagged
