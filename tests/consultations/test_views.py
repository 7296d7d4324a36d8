import json
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from consultations.enums import ClosureKind, Weekday
from consultations.models import AppointmentRequest
from offices.models import Office
from tests.factories import ClosureFactory, ConsultationHoursFactory, OfficeFactory
from tests.public_pages import MAX_QUERIES_PER_PAGE, page_query_counts

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def at(time_machine):
    def travel(*args):
        time_machine.move_to(datetime(*args, tzinfo=BERLIN), tick=False)

    return travel


def structured_data(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


# --- home page ---


def test_home_shows_open_until_and_next_opening_per_partner(client, demo_data, at):
    at(2026, 12, 1, 11)  # a Tuesday, 11:00

    html = client.get("/").content.decode()

    section = html[html.index('id="sprechzeiten-titel"') : html.index('id="partner-titel"')]
    statuses = re.findall(r'<p class="hours-status[^"]*">(.*?)</p>', section, re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", "", s).split()) for s in statuses]
    assert texts == [
        "jetzt geöffnet bis 14:00 Uhr",
        "jetzt geöffnet bis 12:00 Uhr",
        "geschlossen – nächste Sprechzeit heute, 15:00 Uhr",
    ]


def test_home_names_weekday_and_date_of_the_next_opening(client, demo_data, at):
    at(2026, 11, 27, 13)  # Friday afternoon: everyone is closed until Tuesday

    html = client.get("/").content.decode()

    assert "nächste Sprechzeit Dienstag, 1. Dezember, 10:00 Uhr" in html
    assert "nächste Sprechzeit Dienstag, 1. Dezember, 15:00 Uhr" in html


def test_home_week_overview_is_an_accessible_table_with_today_marked(client, demo_data, at):
    at(2026, 12, 22, 9)

    html = client.get("/").content.decode()

    assert "<caption>Diese Woche: 21. Dezember bis 27. Dezember</caption>" in html
    assert "<caption>Nächste Woche: 28. Dezember bis 3. Januar</caption>" in html
    assert '<th scope="col">Quartiersmanagement</th>' in html
    assert html.count('aria-current="date"') == 1
    today = html[html.index('aria-current="date"') :]
    assert today.index("Dienstag, 22. Dezember") < today.index("10:00–14:00 Uhr")
    assert "Feiertag: Erster Weihnachtstag" in html
    assert "Heiligabend" in html  # the demo closure on Thursday 24 December


def test_home_announces_the_calendar_feed(client, demo_data):
    html = client.get("/").content.decode()

    assert '<link rel="alternate" type="text/calendar" href="/sprechzeiten/kalender.ics"' in html
    assert ">In meinen Kalender<" in html


def test_english_home_status_is_translated(client, demo_data, at):
    at(2026, 12, 1, 11)

    html = client.get("/en/").content.decode()

    assert "open now</strong> until 14:00" in html
    assert "Tuesday, 1 December" in html


# --- office page ---


def test_office_page_lists_weekly_hours_in_plain_german_and_the_appointment_form(
    client, demo_data, at
):
    at(2026, 11, 24, 9)

    html = client.get("/partner/donapart/").content.decode()

    assert 'class="weekly-hours__day">dienstags</span>' in html
    assert "15:00–18:30 Uhr" in html
    assert "Außerdem nach Terminvereinbarung:" in html
    assert 'href="/sprechzeiten/termin/donapart/"' in html
    assert 'href="/sprechzeiten/donapart/kalender.ics"' in html
    assert 'type="text/calendar" href="/sprechzeiten/donapart/kalender.ics"' in html


def test_office_page_lists_closures_of_the_next_four_weeks_only(client, db, at):
    at(2026, 12, 1, 9)
    office = OfficeFactory(slug="jobcenter")
    ConsultationHoursFactory(office=office, weekday=Weekday.FRIDAY)
    ClosureFactory(office=None, start_date=date(2026, 12, 24), reason="Heiligabend")
    ClosureFactory(
        office=office,
        start_date=date(2026, 12, 8),
        start_time=time(12),
        end_time=time(13),
        reason="Teamsitzung",
    )
    ClosureFactory(office=office, start_date=date(2027, 3, 1), reason="Zu weit weg")

    html = client.get("/partner/jobcenter/").content.decode()

    changes = " ".join(re.sub(r"<[^>]+>", "", html.split('class="coming-changes"')[1]).split())
    assert "Dienstag, 8. Dezember, 12:00–13:00 Uhr: geschlossen (Teamsitzung)" in changes
    assert (
        "Donnerstag, 24. Dezember: geschlossen (Heiligabend) – gilt für das ganze Quartiersbüro"
        in changes
    )
    assert "Freitag, 25. Dezember: geschlossen (Feiertag: Erster Weihnachtstag)" in changes
    assert "Zu weit weg" not in html


def test_office_page_structured_data_parses_with_regular_and_special_hours(client, demo_data, at):
    at(2026, 12, 20, 12)

    html = client.get("/partner/jobcenter/").content.decode()
    data = structured_data(html)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOffice"
    assert data["name"] == "Aktionsbüro des Jobcenters Dortmund"
    assert data["address"]["streetAddress"] == "Westerfilder Straße 23"
    assert {
        (spec["dayOfWeek"], spec["opens"], spec["closes"])
        for spec in data["openingHoursSpecification"]
    } == {
        ("https://schema.org/Tuesday", "10:00", "12:00"),
        ("https://schema.org/Friday", "10:00", "12:00"),
    }
    special = {spec["validFrom"]: spec for spec in data["specialOpeningHoursSpecification"]}
    assert special["2026-12-25"]["opens"] == special["2026-12-25"]["closes"] == "00:00"
    assert special["2026-12-25"]["description"] == "Erster Weihnachtstag"
    assert special["2027-01-01"]["description"] == "Neujahr"


def test_office_page_structured_data_cannot_break_out_of_its_script(client, db):
    office = OfficeFactory(name="</script><script>alert(1)</script><!--", summary="Tom & Jerry <b>")

    html = client.get(office.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert html.count("</script>") == 1  # only the JSON-LD block's own end tag
    data = structured_data(html)
    assert data["name"] == office.name
    assert data["description"] == "Tom & Jerry <b>"


def test_research_project_is_a_local_business_in_structured_data(client, demo_data):
    data = structured_data(client.get("/partner/donapart/").content.decode())

    assert data["@type"] == "LocalBusiness"


# --- overview / print page ---


def test_overview_page_has_every_office_print_stylesheet_and_feed(client, demo_data, at):
    at(2026, 12, 1, 11)

    html = client.get("/sprechzeiten/").content.decode()

    assert html.count('class="hours-office"') == 3
    assert '<link rel="stylesheet" href="/static/css/hours-print.css" media="print">' in html
    assert 'type="text/calendar" href="/sprechzeiten/kalender.ics"' in html
    assert "Stand: Dienstag, 1. Dezember, 11:00 Uhr" in html
    assert 'aria-current="page">Sprechzeiten</a>' in html  # main navigation


# --- calendar feeds ---


def test_calendar_feed_is_text_calendar_with_a_berlin_vtimezone(client, demo_data, at):
    icalendar = pytest.importorskip("icalendar")
    at(2026, 11, 24, 9)

    response = client.get("/sprechzeiten/kalender.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    events = calendar.walk("VEVENT")
    assert len(events) == 6  # two weekly slots for each of the three partners
    assert {str(e["SUMMARY"]) for e in events} == {
        "Sprechzeit: Quartiersmanagement",
        "Sprechzeit: Aktionsbüro Jobcenter",
        "Sprechzeit: DoNaPart",
    }


def test_office_calendar_recurs_weekly_and_skips_holidays_and_closures(client, db, at):
    icalendar = pytest.importorskip("icalendar")
    from dateutil.rrule import rrulestr

    at(2026, 11, 24, 9)
    office = OfficeFactory(slug="jobcenter")
    ConsultationHoursFactory(office=office, weekday=Weekday.FRIDAY, start=time(10), end=time(12))
    ClosureFactory(office=None, start_date=date(2026, 12, 11), reason="Betriebsausflug")

    response = client.get("/sprechzeiten/jobcenter/kalender.ics")

    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["FR"]
    assert event.start == datetime(2026, 11, 27, 10, tzinfo=BERLIN)
    assert event.end == datetime(2026, 11, 27, 12, tzinfo=BERLIN)
    excluded = set(event.exdates)
    assert {
        datetime(2026, 12, 11, 10, tzinfo=BERLIN),  # closure
        datetime(2026, 12, 25, 10, tzinfo=BERLIN),  # Erster Weihnachtstag
        datetime(2027, 1, 1, 10, tzinfo=BERLIN),  # Neujahr
    } <= excluded
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.start)
    occurrences = [
        d
        for d in rule.between(event.start, datetime(2027, 1, 9, tzinfo=BERLIN), inc=True)
        if d not in excluded
    ]
    assert [d.date() for d in occurrences] == [
        date(2026, 11, 27),
        date(2026, 12, 4),
        date(2026, 12, 18),
        date(2027, 1, 8),
    ]
    # After the clocks change the event stays at 10:00 Berlin time (UTC+2 in summer).
    summer = rule.after(datetime(2027, 6, 1, tzinfo=BERLIN))
    assert (summer.hour, summer.utcoffset()) == (10, timedelta(hours=2))


def test_office_calendar_adds_the_hours_left_on_a_changed_day(client, db, at):
    icalendar = pytest.importorskip("icalendar")
    at(2026, 11, 24, 9)
    office = OfficeFactory(slug="qm")
    ConsultationHoursFactory(office=office, weekday=Weekday.TUESDAY, start=time(10), end=time(14))
    ClosureFactory(
        office=office,
        start_date=date(2026, 12, 8),
        start_time=time(12),
        end_time=time(13),
        reason="Teamsitzung",
    )
    ClosureFactory(
        office=office,
        kind=ClosureKind.SPECIAL_OPENING,
        start_date=date(2026, 12, 12),
        start_time=time(11),
        end_time=time(15),
        reason="Stadtteilfest",
    )

    calendar = icalendar.Calendar.from_ical(client.get("/sprechzeiten/qm/kalender.ics").content)

    weekly, *single = calendar.walk("VEVENT")
    assert datetime(2026, 12, 8, 10, tzinfo=BERLIN) in weekly.exdates
    assert [(e.start, e.end) for e in single] == [
        (datetime(2026, 12, 8, 10, tzinfo=BERLIN), datetime(2026, 12, 8, 12, tzinfo=BERLIN)),
        (datetime(2026, 12, 8, 13, tzinfo=BERLIN), datetime(2026, 12, 8, 14, tzinfo=BERLIN)),
        (datetime(2026, 12, 12, 11, tzinfo=BERLIN), datetime(2026, 12, 12, 15, tzinfo=BERLIN)),
    ]
    assert "Stadtteilfest" in str(single[2]["DESCRIPTION"])


def test_calendar_slot_with_an_end_date_has_until_in_utc(client, db, at):
    icalendar = pytest.importorskip("icalendar")
    at(2026, 11, 24, 9)
    office = OfficeFactory(slug="qm")
    ConsultationHoursFactory(office=office, valid_until=date(2026, 12, 31))

    (event,) = icalendar.Calendar.from_ical(
        client.get("/sprechzeiten/qm/kalender.ics").content
    ).walk("VEVENT")

    # The last day's 14:00 Berlin (winter time) is 13:00 UTC.
    assert event["RRULE"]["UNTIL"] == [datetime(2026, 12, 31, 13, tzinfo=UTC)]


# --- appointment requests ---

FORM = {
    "name": "Anna Beispiel",
    "phone": "0231 123456",
    "email": "",
    "topic": "Antrag für den Stadtteilfonds",
    "preferred_times": "dienstags vormittags",
    "privacy_consent": "on",
    "homepage": "",
}


def test_appointment_form_page_shows_the_fields_and_sensitive_data_warning(client, demo_data):
    response = client.get("/sprechzeiten/termin/quartiersmanagement/")

    html = response.content.decode()
    assert "<h1>Termin anfragen: Quartiersmanagement Westerfilde/<wbr>Bodelschwingh</h1>" in html
    for field in ["name", "phone", "email", "topic", "preferred_times", "privacy_consent"]:
        assert f'id="id_{field}"' in html
    assert "Bitte schreiben Sie hier nichts Vertrauliches" in html
    assert 'autocomplete="tel"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_appointment_form_with_errors_keeps_input_and_links_each_error(client, demo_data):
    response = client.post(
        "/sprechzeiten/termin/quartiersmanagement/",
        {**FORM, "phone": "", "email": "", "privacy_consent": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler: Termin anfragen" in html
    assert '<a href="#id_phone">Telefon – Bitte geben Sie eine Telefonnummer' in html
    assert '<a href="#id_privacy_consent">' in html
    assert 'value="Anna Beispiel"' in html
    assert "Antrag für den Stadtteilfonds</textarea>" in html
    assert 'value="dienstags vormittags"' in html
    assert 'aria-invalid="true"' in html
    assert not AppointmentRequest.objects.exists()


def test_appointment_form_stores_the_request_and_redirects_to_thanks(client, demo_data):
    response = client.post("/sprechzeiten/termin/jobcenter/", FORM)

    (request,) = AppointmentRequest.objects.all()
    assert response.status_code == 302
    assert response["Location"] == "/sprechzeiten/termin/jobcenter/danke/"
    assert request.office == Office.objects.get(slug="jobcenter")
    assert (request.name, request.phone, request.email) == ("Anna Beispiel", "0231 123456", "")
    thanks = client.get(response["Location"]).content.decode()
    assert "Danke, Ihre Anfrage ist angekommen" in thanks
    assert "Anna" not in thanks


def test_appointment_form_honeypot_stores_nothing(client, demo_data):
    response = client.post(
        "/sprechzeiten/termin/jobcenter/", {**FORM, "homepage": "http://spam.example"}
    )

    assert response.status_code == 200
    assert "Ihre Angaben konnten nicht gesendet werden." in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_appointment_form_rate_limit_per_address_keeps_input(client, demo_data, settings):
    settings.APPOINTMENT_REQUEST_RATE_LIMIT = 2
    # Three residents behind one address: the third meets the address's ceiling.
    people = [{**FORM, "email": f"person{n}@example.org", "phone": ""} for n in range(3)]
    for person in people[:2]:
        client.post("/sprechzeiten/termin/jobcenter/", person, REMOTE_ADDR="203.0.113.9")

    refused = client.post("/sprechzeiten/termin/jobcenter/", people[2], REMOTE_ADDR="203.0.113.9")
    other = client.post("/sprechzeiten/termin/jobcenter/", people[2], REMOTE_ADDR="203.0.113.10")

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "schon mehrere Anfragen" in html
    assert 'value="Anna Beispiel"' in html
    assert other.status_code == 302
    assert AppointmentRequest.objects.count() == 3


def test_appointment_form_for_an_office_without_appointments_is_404(client, db):
    office = OfficeFactory(by_appointment=False)

    response = client.get(f"/sprechzeiten/termin/{office.slug}/")

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()


# --- query counts ---


def _fill(office: Office, *, slots: int, closures: int, today: date) -> None:
    for n in range(slots):
        ConsultationHoursFactory(
            office=office,
            weekday=n % 7,
            start=time(6 + n // 7),
            end=time(6 + n // 7, 45),
            note=f"Raum {n}",
        )
    for n in range(closures):
        ClosureFactory(
            office=office,
            kind=ClosureKind.SPECIAL_OPENING if n % 3 == 0 else ClosureKind.CLOSED,
            start_date=today + timedelta(days=n),
            end_date=today + timedelta(days=n + n % 4),
            start_time=time(12) if n % 2 else None,
            end_time=time(13) if n % 2 else None,
            reason=f"Grund {n}",
        )


def test_hours_pages_make_the_same_queries_with_50_slots_and_closures_per_office(db, at):
    at(2026, 11, 24, 11)
    offices = OfficeFactory.create_batch(3)
    for office in offices:
        _fill(office, slots=2, closures=1, today=date(2026, 11, 24))
    paths = ["/", "/sprechzeiten/", "/en/sprechzeiten/", *[o.get_absolute_url() for o in offices]]
    paths += [f"/sprechzeiten/termin/{o.slug}/" for o in offices]
    client = Client()
    few = page_query_counts(client, paths)

    for office in offices:
        _fill(office, slots=48, closures=49, today=date(2026, 11, 26))
    ClosureFactory.create_batch(20, office=None, start_date=date(2026, 12, 1))
    many = page_query_counts(client, paths)

    assert many == few
    assert max(few.values()) <= MAX_QUERIES_PER_PAGE, few


def test_calendar_feed_queries_do_not_grow_with_the_data(db, at, django_assert_max_num_queries):
    at(2026, 11, 24, 11)
    offices = OfficeFactory.create_batch(3)
    for office in offices:
        _fill(office, slots=50, closures=50, today=date(2026, 11, 24))

    with django_assert_max_num_queries(3):
        response = Client().get("/sprechzeiten/kalender.ics")

    assert response.status_code == 200
    assert response.content.count(b"BEGIN:VEVENT") >= 150


def test_calendar_feed_answers_head_requests(client, demo_data):
    response = client.head("/sprechzeiten/kalender.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


@pytest.mark.parametrize("prefix", ["", "/en", "/tr", "/ar"])
def test_office_calendar_with_line_breaks_in_the_office_texts_parses_back(client, db, at, prefix):
    import icalendar

    at(2026, 11, 24, 9)
    office = OfficeFactory(slug="qm", short_name="QM\r\nEND:VCALENDAR", room="Raum 1\r2")
    ConsultationHoursFactory(
        office=office, weekday=Weekday.FRIDAY, start=time(10), end=time(12), note="a\r\nb"
    )

    response = client.get(f"{prefix}/sprechzeiten/qm/kalender.ics")

    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]).endswith("QM END:VCALENDAR")
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).endswith("QM END:VCALENDAR")
    assert str(event["LOCATION"]).endswith("Raum 1 2")
    assert str(event["DESCRIPTION"]).startswith("a\nb\n")
    assert response.content.split(b"\r\n").count(b"END:VCALENDAR") == 1
