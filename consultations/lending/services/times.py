"""From what a resident chose (days of the bike, a room's date and times) to the times a
loan takes, with a clear German error for anything that does not fit."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from consultations.lending import selectors
from consultations.lending.models import LendingItem
from consultations.schedule import at
from quartier.core import clock, formatting


@dataclass(frozen=True)
class LoanTimes:
    starts_at: datetime
    ends_at: datetime
    pickup_from: datetime
    pickup_until: datetime
    return_from: datetime
    due_at: datetime
    first_day: date | None = None
    last_day: date | None = None


def _times_text(spans) -> str:
    return ", ".join(f"{formatting.hhmm(s)}–{formatting.hhmm(e)}" for s, e in spans)


def _check_window(item: LendingItem, day: date, field: str, now: datetime) -> None:
    today = clock.local_date(now)
    if day < today:
        raise ValidationError({field: _("Dieser Tag liegt in der Vergangenheit.")})
    if day > today + timedelta(weeks=item.weeks_ahead):
        raise ValidationError(
            {
                field: _("So weit im Voraus geht es noch nicht: höchstens %(weeks)d Wochen.")
                % {"weeks": item.weeks_ahead}
            }
        )


def bike_times(*, item: LendingItem, first_day: date, days: int, now: datetime) -> LoanTimes:
    """The bike for `days` days from `first_day`: picked up on the last opening day on or
    before it, returned on the first opening day after the last day of use."""
    if days < 1 or days > item.max_days:
        raise ValidationError(
            {"days": _("Höchstens %(days)d Tage am Stück.") % {"days": item.max_days}}
        )
    _check_window(item, first_day, "first_day", now)
    last_day = first_day + timedelta(days=days - 1)
    front = selectors.shop_front(item=item, start=clock.local_date(now), end=last_day)
    pickup = front.pickup_day(first_day, now=now)
    if pickup is None:
        raise ValidationError(
            {
                "first_day": _(
                    "Vor diesem Tag ist das Quartiersbüro nicht mehr geöffnet: Das Lastenrad "
                    "kann nicht abgeholt werden. Bitte wählen Sie einen späteren Tag."
                )
            }
        )
    back = front.return_day(last_day)
    if back is None:
        raise ValidationError(
            {"days": _("Nach diesen Tagen ist das Quartiersbüro lange geschlossen.")}
        )
    pickup_times, back_times = front.open_times(pickup), front.open_times(back)
    return LoanTimes(
        starts_at=at(pickup, time(0)),
        ends_at=at(back, time(0)),
        pickup_from=max(at(pickup, pickup_times[0][0]), now),
        pickup_until=at(pickup, pickup_times[-1][1]),
        return_from=at(back, back_times[0][0]),
        due_at=at(back, back_times[-1][1]),
        first_day=first_day,
        last_day=last_day,
    )


def room_times(
    *, item: LendingItem, day: date, start: time, end: time, people: int, now: datetime
) -> LoanTimes:
    """The room on `day` from `start` to `end`: inside its usable times, outside every
    consultation hour, not on a holiday or closure, not more people than fit."""
    _check_window(item, day, "day", now)
    if end <= start:
        raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})
    if item.capacity and people > item.capacity:
        raise ValidationError(
            {
                "people": _("In den Raum passen höchstens %(count)d Personen.")
                % {"count": item.capacity}
            }
        )
    starts_at, ends_at = at(day, start), at(day, end)
    if starts_at <= now:
        raise ValidationError({"start": _("Diese Zeit liegt in der Vergangenheit.")})
    front = selectors.shop_front(item=item, start=day, end=day)
    if reason := front.closed_reason(day):
        raise ValidationError(
            {
                "day": _("An diesem Tag ist das Quartiersbüro geschlossen (%(reason)s).")
                % {"reason": reason}
            }
        )
    usable = front.room_times(day)
    if not any(s <= start and end <= e for s, e in usable):
        if usable:
            message = _(
                "Zu dieser Zeit kann der Raum nicht genutzt werden. An diesem Tag geht: "
                "%(times)s Uhr."
            ) % {"times": _times_text(usable)}
        else:
            message = _("An diesem Tag kann der Raum nicht genutzt werden.")
        raise ValidationError({"start": message})
    return LoanTimes(
        starts_at=starts_at,
        ends_at=ends_at,
        pickup_from=starts_at,
        pickup_until=starts_at,
        return_from=ends_at,
        due_at=ends_at,
    )
