"""One booked appointment as an iCalendar file (RFC 5545) with reminder alarms: the download
on the confirmation page and the attachment of the emails. The UID stays the same for the
appointment and SEQUENCE counts up when it is moved or cancelled, so calendars that imported
it replace it."""

from datetime import UTC, timedelta

import icalendar
from django.utils.translation import gettext as _

from consultations.booking.enums import BookingStatus
from consultations.booking.models import Booking
from offices.content_language import translated
from quartier.core import clock
from quartier.core.line_breaks import lines, one_line

# A day before (for those who plan ahead) and an hour before (to set off).
ALARMS = (timedelta(days=1), timedelta(hours=1))


def booking_place(booking: Booking) -> str:
    """Where the appointment happens, in words residents understand."""
    if booking.appointment_type.is_by_phone:
        return _("Telefontermin: Wir rufen Sie unter %(phone)s an.") % {"phone": booking.phone}
    office = booking.office
    parts = [office.name, office.street, f"{office.postal_code} {office.city}", office.room]
    return ", ".join(part for part in parts if part)


def booking_ics(booking: Booking, *, url: str, host: str) -> bytes:
    """The appointment as a calendar file; a cancelled one as a cancelled event."""
    appointment_type = booking.appointment_type
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Quartiersbüro Westerfilde-Bodelschwingh//Termine//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    event = icalendar.Event()
    event.add("uid", f"termin-{booking.link_key}@{host}")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", clock.now().astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", clock.local(booking.starts_at))
    event.add("dtend", clock.local(booking.ends_at))
    summary = one_line(
        _("Termin: %(type)s (%(office)s)")
        % {"type": translated(appointment_type, "name").text, "office": booking.office.short_name}
    )
    event.add("summary", summary)
    event.add("location", one_line(booking_place(booking)))
    parts = [lines(translated(appointment_type, "description").text)]
    bring = translated(appointment_type, "what_to_bring").text.splitlines()
    if bring := [one_line(item) for item in bring if item.strip()]:
        parts.append(_("Bitte mitbringen: %(items)s") % {"items": ", ".join(bring)})
    if booking.status != BookingStatus.CANCELLED:
        parts.append(_("Absagen oder verschieben: %(url)s") % {"url": url})
    event.add("description", "\n".join(part for part in parts if part))
    event.add("url", url)
    if booking.status == BookingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
        for before in ALARMS:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", -before)
            event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones(first_date=booking.starts_at.date() - timedelta(days=1))
    return calendar.to_ical()
