from datetime import date
from zoneinfo import ZoneInfo

import icalendar
import pytest

from quartier.core.calendar_text import TIMEZONE_LAST_DATE, CalendarText, escape_text, fold

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    "line",
    [
        "SUMMARY:kurz",
        "LOCATION:" + "Westerfilder Straße 23, 44357 Dortmund, Ladenlokal im Erdgeschoss " * 3,
        "DESCRIPTION:" + "ä" * 200,
        "DESCRIPTION:" + "x" * 63 + "\\n" + "y" * 80,
        "SUMMARY:" + "🎉" * 40,
    ],
)
def test_fold_keeps_lines_at_75_octets_and_unfolds_to_the_same_text(line):
    folded = fold(line)

    physical = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join(part.removeprefix(" ") for part in physical) == line
    # A folded line never ends inside an escape such as \n.
    assert not any(part.endswith("\\") for part in physical[:-1])


def test_fold_matches_the_icalendar_library():
    from icalendar.parser.string import _foldline

    for line in ["A:" + "ß" * 90, "A:" + "x" * 72 + "\\,y" * 30, "A:" + "ab\\" * 60]:
        assert fold(line) == _foldline(line)


def test_text_with_line_breaks_stays_one_property():
    calendar = CalendarText()
    calendar.begin("VCALENDAR")
    calendar.begin("VEVENT")
    calendar.text("SUMMARY", "Fest\r\nEND:VCALENDAR; mit, Zeichen\\")
    calendar.end("VEVENT")
    calendar.end("VCALENDAR")

    parsed = icalendar.Calendar.from_ical(calendar.to_bytes())

    (event,) = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Fest\nEND:VCALENDAR; mit, Zeichen\\"
    assert calendar.to_bytes().split(b"\r\n").count(b"END:VCALENDAR") == 1
    assert escape_text("a\rb\nc") == "a\\nb\\nc"


@pytest.mark.parametrize("first_date", [date(1970, 1, 1), date(2026, 3, 28), date(2026, 12, 6)])
def test_timezone_is_the_one_the_icalendar_library_computes(first_date):
    calendar = CalendarText()
    calendar.timezone(BERLIN, first_date=first_date)

    expected = icalendar.Timezone.from_tzinfo(
        BERLIN, "Europe/Berlin", first_date=first_date, last_date=TIMEZONE_LAST_DATE
    ).to_ical()
    assert calendar.to_bytes() == expected
