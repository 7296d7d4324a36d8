"""The free/busy times of one item as an iCalendar file for staff: a VFREEBUSY of the busy
times, and one event per approved loan (no names: staff open the admin for those)."""

from datetime import UTC, timedelta

import icalendar
from django.utils.translation import gettext as _

from consultations.lending.models import LendingItem, Loan
from quartier.core import clock

FEED_DAYS = 120


def free_busy_ics(item: LendingItem) -> bytes:
    now = clock.now()
    until = now + timedelta(days=FEED_DAYS)
    loans = list(
        Loan.objects.blocking()
        .overlapping(item_id=item.pk, starts_at=now - timedelta(days=7), ends_at=until)
        .only("pk", "link_key", "starts_at", "ends_at", "status")
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Quartiersbüro Westerfilde-Bodelschwingh//Verleih//DE")
    calendar.add("version", "2.0")
    stamp = now.astimezone(UTC).replace(microsecond=0)
    busy = icalendar.FreeBusy()
    busy.add("uid", f"belegung-{item.slug}")
    busy.add("dtstamp", stamp)
    busy.add("dtstart", now.astimezone(UTC).replace(microsecond=0))
    busy.add("dtend", until.astimezone(UTC).replace(microsecond=0))
    for loan in loans:
        busy.add("freebusy", (loan.starts_at.astimezone(UTC), loan.ends_at.astimezone(UTC)))
    calendar.add_component(busy)
    for loan in loans:
        event = icalendar.Event()
        event.add("uid", f"ausleihe-{loan.link_key}")
        event.add("dtstamp", stamp)
        event.add("dtstart", loan.starts_at.astimezone(UTC))
        event.add("dtend", loan.ends_at.astimezone(UTC))
        event.add("summary", _("%(item)s: belegt") % {"item": item.name})
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()
