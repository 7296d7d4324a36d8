"""The resident's side: ask for the room or book the bike without an account, cancel
through the private link."""

from datetime import date, datetime, time, timedelta

from django.db import transaction

from consultations.lending.emails import queue_loan_email
from consultations.lending.enums import LoanStatus, loan_can_transition
from consultations.lending.models import LendingItem, Loan
from consultations.lending.services.times import LoanTimes, bike_times, room_times
from consultations.lending.services.writing import ItemTaken, save_holding_time
from quartier.core import clock, page_cache, private_links, submissions

# Open requests and loans one person may have per item at once.
OPEN_PER_PERSON = 3

__all__ = ["ItemTaken", "LimitReached", "LoanNotChangeable", "loan_cancel", "loan_request"]


class LimitReached(Exception):
    """This person already has OPEN_PER_PERSON open requests or loans of the item."""


class LoanNotChangeable(Exception):
    """Declined, cancelled, handed out or over: nothing to cancel any more."""


def loan_request(
    *,
    item: LendingItem,
    purpose: str,
    name: str,
    email: str,
    phone: str = "",
    group_name: str = "",
    people: int = 1,
    first_day: date | None = None,
    days: int = 1,
    day: date | None = None,
    start: time | None = None,
    end: time | None = None,
    language: str = "de",
    notify: bool = True,
    now: datetime | None = None,
) -> Loan:
    """A resident asks for the room (`day`, `start`, `end`) or the bike (`first_day`, `days`).
    Items that need no approval are booked at once when free (ItemTaken otherwise); the
    others wait for staff and may overlap other waiting requests. ValidationError for a time
    that does not fit; the same request sent twice is stored once. `notify=False` queues no
    mail (the demo data's made-up residents)."""
    now = now or clock.now()
    if item.is_bike:
        times = bike_times(item=item, first_day=first_day, days=days, now=now)
    else:
        times = room_times(item=item, day=day, start=start, end=end, people=people, now=now)
    email = email.strip()
    with transaction.atomic():
        # Counted after every other request of the same person committed.
        submissions.lock_people(
            scope=f"lending-{item.pk}", keys=submissions.identities(email=email, phone=phone)
        )
        mine = Loan.objects.filter(item=item, email__iexact=email)
        same = mine.filter(
            starts_at=times.starts_at,
            ends_at=times.ends_at,
            created_at__gte=now - timedelta(minutes=submissions.SAME_SUBMISSION_MINUTES),
        ).first()
        if same is not None:
            return same  # a second click on "senden"
        open_count = mine.filter(
            status__in=[LoanStatus.REQUESTED, LoanStatus.CONFIRMED, LoanStatus.HANDED_OUT]
        ).count()
        if open_count >= OPEN_PER_PERSON:
            raise LimitReached
        loan = _new_loan(item=item, times=times, now=now)
        loan.purpose = purpose.strip()
        loan.group_name = group_name.strip()
        loan.people = people
        loan.name = name.strip()
        loan.email = email
        loan.phone = phone.strip()
        loan.language = language
        loan.full_clean(validate_constraints=False)
        if item.needs_approval:
            loan.save()
            if notify:
                queue_loan_email(loan, "received")
        else:
            loan.status = LoanStatus.CONFIRMED
            loan.decided_at = now
            save_holding_time(loan)
            if notify:
                queue_loan_email(loan, "booked")
            transaction.on_commit(page_cache.content_changed)
    return loan


def _new_loan(*, item: LendingItem, times: LoanTimes, now: datetime) -> Loan:
    key, secret = private_links.new_key_and_secret()
    return Loan(
        item=item,
        office_id=item.office_id,
        starts_at=times.starts_at,
        ends_at=times.ends_at,
        first_day=times.first_day,
        last_day=times.last_day,
        pickup_from=times.pickup_from,
        pickup_until=times.pickup_until,
        return_from=times.return_from,
        due_at=times.due_at,
        rules_accepted_at=now,
        link_key=key,
        link_secret=secret,
    )


def locked(loan: Loan) -> Loan:
    return (
        Loan.objects.select_for_update(of=("self",))
        .select_related("item", "office")
        .get(pk=loan.pk)
    )


@transaction.atomic
def loan_cancel(*, loan: Loan, now: datetime | None = None) -> Loan:
    """The resident cancels through the private link, until the pick-up (or the use) begins."""
    now = now or clock.now()
    current = locked(loan)
    if not loan_can_transition(current.status, LoanStatus.CANCELLED):
        raise LoanNotChangeable
    if current.is_confirmed and current.pickup_until <= now:
        raise LoanNotChangeable
    was_holding = current.is_confirmed
    current.status = LoanStatus.CANCELLED
    current.cancelled_at = now
    current.save(update_fields=["status", "cancelled_at"])
    queue_loan_email(current, "cancelled")
    if was_holding:
        transaction.on_commit(page_cache.content_changed)
    return current
