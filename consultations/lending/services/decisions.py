"""Staff answer requests: approve (telling them which waiting requests that rules out),
decline with a reason, approve a group's weekly series in one step, cancel a single date."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from consultations.lending import selectors
from consultations.lending.emails import queue_loan_email
from consultations.lending.enums import LoanStatus, loan_can_transition
from consultations.lending.models import Loan, LoanSeries
from consultations.lending.services.requests import LoanNotChangeable, locked
from consultations.lending.services.writing import ItemTaken, save_holding_time
from consultations.schedule import at
from quartier.core import clock, formatting, page_cache, private_links

DECIDED_FIELDS = ["status", "decided_at", "decided_by"]


def _check_open(current: Loan, now: datetime) -> None:
    if not loan_can_transition(current.status, LoanStatus.CONFIRMED):
        raise LoanNotChangeable
    if current.pickup_until <= now:
        raise LoanNotChangeable  # its time has passed


@transaction.atomic
def loan_approve(*, loan: Loan, by: AbstractBaseUser, now: datetime | None = None) -> list[Loan]:
    """Approve a request (ItemTaken if an approved loan holds the time meanwhile). Returns
    the requests still waiting that this approval rules out, for staff to decline."""
    now = now or clock.now()
    current = locked(loan)
    _check_open(current, now)
    current.status = LoanStatus.CONFIRMED
    current.decided_at = now
    current.decided_by = by
    save_holding_time(current, update_fields=DECIDED_FIELDS)
    queue_loan_email(current, "approved")
    transaction.on_commit(page_cache.content_changed)
    return list(selectors.pending_overlapping(loan=current).select_related("item"))


@transaction.atomic
def loan_decline(
    *, loan: Loan, reason: str, by: AbstractBaseUser, now: datetime | None = None
) -> Loan:
    """Decline a waiting request; the resident reads the reason in the mail."""
    now = now or clock.now()
    current = locked(loan)
    if not loan_can_transition(current.status, LoanStatus.DECLINED):
        raise LoanNotChangeable
    current.status = LoanStatus.DECLINED
    current.decided_at = now
    current.decided_by = by
    current.decline_reason = reason.strip()
    current.save(update_fields=[*DECIDED_FIELDS, "decline_reason"])
    queue_loan_email(current, "declined")
    return current


@transaction.atomic
def loan_cancel_by_office(
    *, loan: Loan, reason: str, by: AbstractBaseUser, now: datetime | None = None
) -> Loan:
    """Staff cancel one approved date (one of a series, too: the others stay)."""
    now = now or clock.now()
    current = locked(loan)
    if not loan_can_transition(current.status, LoanStatus.CANCELLED):
        raise LoanNotChangeable
    current.status = LoanStatus.CANCELLED
    current.cancelled_at = now
    current.decided_by = by
    current.decline_reason = reason.strip()
    current.save(update_fields=["status", "cancelled_at", "decided_by", "decline_reason"])
    queue_loan_email(current, "cancelled_by_office")
    transaction.on_commit(page_cache.content_changed)
    return current


@dataclass
class SeriesResult:
    series: LoanSeries
    loans: list[Loan] = field(default_factory=list)
    skipped: list[tuple[date, str]] = field(default_factory=list)
    ruled_out: list[Loan] = field(default_factory=list)


def series_days(*, first_day: date, last_day: date, every_weeks: int) -> list[date]:
    step = timedelta(weeks=every_weeks)
    days, day = [], first_day
    while day <= last_day:
        days.append(day)
        day += step
    return days


def _skip_reason(front, day: date, start, end) -> str:
    if reason := front.closed_reason(day):
        return reason
    if not any(s <= start and end <= e for s, e in front.room_times(day)):
        return _("Sprechzeit zu dieser Uhrzeit")
    return ""


@transaction.atomic
def loan_approve_series(
    *,
    loan: Loan,
    every_weeks: int,
    last_day: date,
    by: AbstractBaseUser,
    notify: bool = True,
    now: datetime | None = None,
) -> SeriesResult:
    """Approve a room request and the same time every `every_weeks` weeks until `last_day`,
    in one step. Days on a holiday or closure, inside consultation hours or already taken
    are left out and listed; each date is a loan of its own, cancellable alone."""
    now = now or clock.now()
    current = locked(loan)
    _check_open(current, now)
    first_day = clock.local_date(current.starts_at)
    start, end = clock.local(current.starts_at).time(), clock.local(current.ends_at).time()
    front = selectors.shop_front(item=current.item, start=first_day, end=last_day)
    series = LoanSeries.objects.create(
        item=current.item,
        office=current.office,
        group_name=current.group_name,
        every_weeks=every_weeks,
        first_day=first_day,
        last_day=last_day,
        created_by=by,
    )
    result = SeriesResult(series=series)
    for day in series_days(first_day=first_day, last_day=last_day, every_weeks=every_weeks):
        if reason := _skip_reason(front, day, start, end):
            if day == first_day:
                raise ItemTaken
            result.skipped.append((day, reason))
            continue
        target = current if day == first_day else _copy(current, day, start, end)
        target.series = series
        target.status = LoanStatus.CONFIRMED
        target.decided_at = now
        target.decided_by = by
        try:
            save_holding_time(target)
        except ItemTaken:
            if day == first_day:
                raise
            result.skipped.append((day, _("schon belegt")))
            continue
        result.loans.append(target)
        result.ruled_out += selectors.pending_overlapping(loan=target).select_related("item")
    series.skipped = "\n".join(
        f"{formatting.long_date(day)}: {reason}" for day, reason in result.skipped
    )
    series.save(update_fields=["skipped"])
    if notify:
        queue_loan_email(
            current,
            "approved",
            series_dates=[clock.local_date(loan.starts_at) for loan in result.loans],
            skipped=result.skipped,
        )
    transaction.on_commit(page_cache.content_changed)
    return result


def _copy(loan: Loan, day: date, start, end) -> Loan:
    key, secret = private_links.new_key_and_secret()
    starts_at, ends_at = at(day, start), at(day, end)
    copy = Loan(
        item=loan.item,
        office=loan.office,
        starts_at=starts_at,
        ends_at=ends_at,
        pickup_from=starts_at,
        pickup_until=starts_at,
        return_from=ends_at,
        due_at=ends_at,
        purpose=loan.purpose,
        group_name=loan.group_name,
        people=loan.people,
        name=loan.name,
        email=loan.email,
        phone=loan.phone,
        language=loan.language,
        rules_accepted_at=loan.rules_accepted_at,
        link_key=key,
        link_secret=secret,
    )
    return copy
