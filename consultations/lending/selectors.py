"""Reads of the lending: the items, an item's free and busy days (a fixed number of queries
whatever the number of loans), a loan behind its private link, what staff do today."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from consultations.lending.availability import (
    RETURN_SEARCH_DAYS,
    BusySpan,
    DayAvailability,
    ShopFront,
    bike_day,
    room_day,
)
from consultations.lending.enums import LoanStatus
from consultations.lending.models import LendingItem, Loan
from consultations.schedule import at
from consultations.selectors import schedules_for
from offices.models import Office
from quartier.core import clock, private_links

# The public table shows this many weeks; requests may reach item.weeks_ahead.
TABLE_WEEKS = 4


def items_list() -> QuerySet[LendingItem]:
    return LendingItem.objects.active().select_related("office")


def item_get(*, slug: str) -> LendingItem:
    return get_object_or_404(items_list(), slug=slug)


def shop_front(*, item: LendingItem, start: date, end: date) -> ShopFront:
    """Every partner's hours and closures from `start` to `end` (three queries)."""
    offices = list(Office.objects.all())
    schedules = schedules_for(
        offices=offices, start=start, end=end + timedelta(days=RETURN_SEARCH_DAYS)
    )
    return ShopFront(item=item, schedules=schedules)


def busy_spans(*, item: LendingItem, start: datetime, end: datetime, exclude_pk=None):
    loans = Loan.objects.blocking().overlapping(item_id=item.pk, starts_at=start, ends_at=end)
    if exclude_pk is not None:
        loans = loans.exclude(pk=exclude_pk)
    return [BusySpan(s, e) for s, e in loans.values_list("starts_at", "ends_at")]


@dataclass
class Availability:
    item: LendingItem
    days: list[DayAvailability]

    @property
    def weeks(self) -> list[list[DayAvailability]]:
        return [self.days[i : i + 7] for i in range(0, len(self.days), 7)]


def item_availability(
    *, item: LendingItem, now: datetime | None = None, weeks: int = TABLE_WEEKS
) -> Availability:
    """Free and busy days (the bike) or times (the room) from today on: four queries."""
    now = now or clock.now()
    today = clock.local_date(now)
    last = today + timedelta(days=weeks * 7 - 1)
    front = shop_front(item=item, start=today - timedelta(days=7), end=last)
    busy = busy_spans(
        item=item,
        start=at(today, datetime.min.time()),
        end=at(last + timedelta(days=1), datetime.min.time()),
    )
    compute = bike_day if item.is_bike else room_day
    days = [
        compute(front, today + timedelta(days=offset), busy, now=now) for offset in range(weeks * 7)
    ]
    return Availability(item=item, days=days)


def loan_by_token(*, token: str) -> Loan:
    loan = private_links.row_by_token(
        Loan.objects.all(), token=token, fields=("link_key", "link_secret")
    )
    return Loan.objects.select_related("item", "office", "series").get(pk=loan.pk)


def pending_overlapping(*, loan: Loan) -> QuerySet[Loan]:
    """Requests still waiting that the given loan's time rules out once it is approved."""
    return (
        Loan.objects.filter(status=LoanStatus.REQUESTED)
        .overlapping(item_id=loan.item_id, starts_at=loan.starts_at, ends_at=loan.ends_at)
        .exclude(pk=loan.pk)
    )


def next_loan_after(*, loan: Loan) -> Loan | None:
    """The next approved loan of the same item: its borrower waits for this one's return."""
    return (
        Loan.objects.blocking()
        .filter(item_id=loan.item_id, starts_at__gte=loan.ends_at)
        .exclude(pk=loan.pk)
        .order_by("starts_at")
        .first()
    )


def loans_of_email(*, email: str) -> QuerySet[Loan]:
    """Everything stored for an email address (Auskunft)."""
    return Loan.objects.filter(email__iexact=email.strip()).select_related("item", "office")


def to_do_conditions(*, now: datetime) -> dict[str, Q]:
    """What "Heute zu tun" counts and the list's filter "Heute zu tun" shows: requests
    waiting, pick-ups and returns today, loans overdue."""
    today = clock.local_date(now)
    day_start = at(today, datetime.min.time())
    day_end = at(today + timedelta(days=1), datetime.min.time())
    return {
        "warten": Q(status=LoanStatus.REQUESTED, pickup_until__gt=now),
        "abholung": Q(
            status=LoanStatus.CONFIRMED, pickup_from__gte=day_start, pickup_from__lt=day_end
        ),
        "rueckgabe": Q(status=LoanStatus.HANDED_OUT, due_at__gte=day_start, due_at__lt=day_end),
        "ueberfaellig": Q(status=LoanStatus.HANDED_OUT, due_at__lt=now),
    }


def loans_to_do(step: str, *, queryset: QuerySet[Loan], now: datetime) -> QuerySet[Loan]:
    condition = to_do_conditions(now=now).get(step)
    return queryset.none() if condition is None else queryset.filter(condition)


def to_do_counts(*, queryset: QuerySet[Loan], now: datetime) -> dict[str, int]:
    """All four counts in one query."""
    return queryset.aggregate(
        **{step: Count("pk", filter=q) for step, q in to_do_conditions(now=now).items()}
    )
