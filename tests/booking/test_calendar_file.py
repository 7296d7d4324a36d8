"""The calendar file of one booking: texts staff typed with line breaks stay in their lines."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar

from consultations.booking.calendar_file import booking_ics
from tests.factories import AppointmentTypeFactory, BookingFactory, OfficeFactory

BERLIN = ZoneInfo("Europe/Berlin")


def test_line_breaks_in_the_texts_of_a_booking_stay_out_of_its_one_line_properties(db):
    office = OfficeFactory(short_name="QM\r\nBüro", room="Raum\r1")
    appointment_type = AppointmentTypeFactory(
        office=office,
        name="Beratung\r\nEND:VEVENT",
        description="Erste Zeile\r\nZweite Zeile",
        what_to_bring="Personalausweis\r\nUnterlagen",
    )
    booking = BookingFactory(
        appointment_type=appointment_type, starts_at=datetime(2026, 12, 1, 10, tzinfo=BERLIN)
    )

    content = booking_ics(booking, url="http://testserver/termin/", host="testserver")

    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Termin: Beratung END:VEVENT (QM Büro)"
    assert "\n" not in str(event["LOCATION"])
    assert str(event["LOCATION"]).endswith("Raum 1")
    assert str(event["DESCRIPTION"]).startswith(
        "Erste Zeile\nZweite Zeile\nBitte mitbringen: Personalausweis, Unterlagen\n"
    )
    assert [str(alarm["DESCRIPTION"]) for alarm in event.walk("VALARM")] == [
        "Termin: Beratung END:VEVENT (QM Büro)"
    ] * 2
    assert content.split(b"\r\n").count(b"END:VEVENT") == 1
