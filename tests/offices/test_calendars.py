from datetime import datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError

from tests.factories import AnnouncementFactory, ProgrammeItemFactory

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def opening(db, time_machine):
    time_machine.move_to(datetime(2026, 5, 1, 9, 0, tzinfo=BERLIN), tick=False)
    announcement = AnnouncementFactory(
        title="Eröffnung des Quartiersbüros",
        slug="eroeffnung",
        teaser="Mit einem bunten Programm.",
        event_start=datetime(2026, 5, 9, 11, 0, tzinfo=BERLIN),
        event_end=datetime(2026, 5, 9, 16, 0, tzinfo=BERLIN),
        event_place="Westerfilder Straße 23, 44357 Dortmund",
    )
    ProgrammeItemFactory(announcement=announcement, time=time(11, 0), title="Begrüßung")
    AnnouncementFactory(title="Keine Veranstaltung")
    AnnouncementFactory(title="Entwurf einer Feier", event=True, draft=True)
    return announcement


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_event_calendar_parses_back_with_berlin_times_and_timezone(client, opening):
    calendar = parse(client.get("/veranstaltungen/kalender.ics"))

    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Eröffnung des Quartiersbüros"]
    event = events[0]
    assert event.decoded("DTSTART") == datetime(2026, 5, 9, 11, 0, tzinfo=BERLIN)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") == datetime(2026, 5, 9, 16, 0, tzinfo=BERLIN)
    assert str(event["LOCATION"]) == "Westerfilder Straße 23, 44357 Dortmund"
    assert str(event["URL"]) == "http://testserver/aktuelles/eroeffnung/"
    assert "11:00 Begrüßung" in str(event["DESCRIPTION"])
    assert str(event["UID"]) == f"aktuelles-{opening.pk}@westerfilde-bodelschwingh.quartiersbuero"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(calendar["VERSION"]) == "2.0"


def test_single_event_calendar_is_for_in_meinen_kalender(client, opening):
    calendar = parse(client.get("/aktuelles/eroeffnung/kalender.ics"))

    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Eröffnung des Quartiersbüros"]


def test_calendar_of_an_announcement_without_event_is_404(client, opening):
    plain = AnnouncementFactory(slug="nur-text")

    assert client.get(f"/aktuelles/{plain.slug}/kalender.ics").status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en", "/tr", "/ar"])
@pytest.mark.parametrize(
    "path", ["/aktuelles/umbruch/kalender.ics", "/veranstaltungen/kalender.ics"]
)
def test_calendar_of_an_event_with_line_breaks_in_its_texts_parses_back(
    client, opening, prefix, path
):
    # Texts as a crafted POST can store them, past the admin form's check.
    broken = AnnouncementFactory(
        title="Fest\r\nEND:VCALENDAR",
        slug="umbruch",
        teaser="Erste Zeile\r\nZweite Zeile\rDritte",
        event_start=datetime(2026, 5, 10, 11, 0, tzinfo=BERLIN),
        event_end=datetime(2026, 5, 10, 16, 0, tzinfo=BERLIN),
        event_place="Westerfilder Straße 23\n44357 Dortmund",
    )
    ProgrammeItemFactory(announcement=broken, time=time(12, 0), title="Musik\r\nund Tanz")

    response = client.get(prefix + path)

    assert response.status_code == 200
    calendar = parse(response)
    event = next(e for e in calendar.walk("VEVENT") if "Fest" in str(e["SUMMARY"]))
    assert str(event["SUMMARY"]) == "Fest END:VCALENDAR"
    assert str(event["LOCATION"]) == "Westerfilder Straße 23 44357 Dortmund"
    description = str(event["DESCRIPTION"])
    assert description.startswith("Erste Zeile\nZweite Zeile\nDritte\n12:00 Musik und Tanz\n")
    assert "\r" not in description
    assert response.content.split(b"\r\n").count(b"END:VCALENDAR") == 1


@pytest.mark.parametrize("field", ["title", "event_place"])
def test_an_event_refuses_line_breaks_in_its_single_line_fields(opening, field):
    setattr(opening, field, "Fest\r\nim Hof")

    with pytest.raises(ValidationError) as refused:
        opening.full_clean()

    assert field in refused.value.message_dict


def test_a_programme_item_refuses_line_breaks_in_its_title(opening):
    item = opening.programme.get()
    item.title = "Musik\nund Tanz"

    with pytest.raises(ValidationError) as refused:
        item.full_clean()

    assert "title" in refused.value.message_dict
