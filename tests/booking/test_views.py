"""The resident's booking pages through the test client: office → type → time → details →
private page; cancel and move; errors, limits, languages, queries."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.test import Client

from consultations.booking import services
from consultations.booking.enums import BookingStatus
from consultations.booking.models import (
    AppointmentType,
    AppointmentTypeTranslation,
    Booking,
    BookingHold,
)
from consultations.booking.slots import time_value
from offices.models import Office, SitePage
from tests.factories import BookingFactory
from tests.public_pages import MAX_QUERIES_PER_PAGE, page_query_counts

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2026, 11, 30, 9, tzinfo=BERLIN)
FIRST_FREE = datetime(2026, 12, 1, 10, tzinfo=BERLIN)  # QM: Tuesday 10:00, 24 hours ahead


@pytest.fixture
def now(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    return MONDAY_MORNING


@pytest.fixture
def advice(demo_data):
    return AppointmentType.objects.get(name="Beratung zum Stadtteilfonds")


def times_url(appointment_type) -> str:
    return f"/sprechzeiten/buchen/{appointment_type.office.slug}/{appointment_type.pk}/"


DETAILS = {"name": "Anna Beispiel", "email": "anna@example.org", "privacy_consent": "on"}


def hold_url(client, appointment_type, start=FIRST_FREE) -> str:
    response = client.post(times_url(appointment_type), {"start": time_value(start)})
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_first_step_lists_each_office_with_its_kinds_and_next_free_time(client, advice, now):
    html = client.get("/sprechzeiten/buchen/").content.decode()
    page = " ".join(re.sub(r"<[^>]+>", " ", html).split())

    assert 'href="/sprechzeiten/buchen/quartiersmanagement/"' in html
    assert 'href="/sprechzeiten/buchen/jobcenter/"' in html
    assert "Beratung zum Stadtteilfonds" in page
    assert "Nächster freier Termin: Dienstag, 1. Dezember, 10:00 Uhr" in page
    assert 'aria-current="step"' in html


def test_the_office_step_describes_each_kind_of_appointment(client, advice, now):
    response = client.get("/sprechzeiten/buchen/jobcenter/")
    page = text(response)

    assert "Beratung zum Bürgergeld" in page
    assert "45 Minuten · Im Quartiersbüro · Deutsch" in page
    assert "Bitte mitbringen: Personalausweis oder Pass" in page
    assert "Termin bei Aktionsbüro Jobcenter schriftlich anfragen" in page
    assert not response.cookies


def test_the_times_step_groups_radio_buttons_by_day_in_fieldsets(client, advice, now):
    response = client.get(times_url(advice))
    html = response.content.decode()

    first_day = html[html.index('<fieldset class="free-times__day">') :]
    first_day = first_day[: first_day.index("</fieldset>")]
    assert "<legend>Dienstag, 1. Dezember</legend>" in first_day
    assert 'type="radio"' in first_day
    assert 'id="id_start_0"' in first_day
    assert 'for="id_start_0">10:00–10:30 Uhr' in first_day
    assert "<legend>Mittwoch, 2. Dezember</legend>" in html
    assert "Keine Zeit passt?" in html  # the written request is linked where no time fits
    assert 'href="/sprechzeiten/termin/quartiersmanagement/"' in html


def test_the_whole_booking_ends_on_the_private_page_with_everything_a_resident_needs(
    client, advice, now, django_capture_on_commit_callbacks
):
    details = hold_url(client, advice)
    held = client.get(details)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(details, DETAILS)
    booking = Booking.objects.get()
    page = client.get(response["Location"])
    calendar = client.get(f"/sprechzeiten/mein-termin/{booking.token}/kalender.ics")
    (event,) = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")

    assert "Wir halten diese Zeit bis 09:10 Uhr für Sie frei." in text(held)
    assert response["Location"] == f"/sprechzeiten/mein-termin/{booking.token}/?gebucht=1"
    assert "Ihr Termin ist gebucht" in text(page)
    assert "Dienstag, 1. Dezember 2026 um 10:00 Uhr" in text(page)
    assert "Westerfilder Straße 23, 44357 Dortmund" in text(page)
    assert "Ihre Projektidee in ein paar Stichworten" in text(page)
    assert f"http://testserver/sprechzeiten/mein-termin/{booking.token}/" in text(page)
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]
    assert not page.cookies
    assert calendar["Content-Type"] == "text/calendar; charset=utf-8"
    assert event.decoded("dtstart") == FIRST_FREE
    assert len(event.walk("VALARM")) == 2
    assert len(mail.outbox) == 1
    assert BookingHold.objects.get().booking == booking


def test_back_to_the_details_after_booking_leads_to_the_booking(client, advice, now):
    details = hold_url(client, advice)
    client.post(details, DETAILS)
    booking = Booking.objects.get()

    again = client.get(details)
    resent = client.post(details, DETAILS)

    assert again["Location"] == f"/sprechzeiten/mein-termin/{booking.token}/?gebucht=1"
    assert resent["Location"] == again["Location"]
    assert Booking.objects.count() == 1


def test_without_email_the_private_page_says_to_print_it(client, advice, now):
    details = hold_url(client, advice)
    response = client.post(details, {**DETAILS, "email": "", "phone": "0231 123456"})

    page = text(client.get(response["Location"]))

    assert "Bitte drucken Sie diese Seite aus" in page


def test_the_details_form_summarises_errors_and_keeps_what_was_typed(client, advice, now):
    details = hold_url(client, advice)

    response = client.post(details, {"name": "Anna Beispiel", "topic": "Gartenprojekt"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Fehler:" in html
    assert 'href="#id_phone"' in html  # phone or email
    assert 'href="#id_privacy_consent"' in html
    assert 'value="Anna Beispiel"' in html
    assert "Gartenprojekt</textarea>" in html
    assert "nichts Vertrauliches" in html
    assert not Booking.objects.exists()


def test_the_honeypot_books_nothing(client, advice, now):
    details = hold_url(client, advice)

    response = client.post(details, {**DETAILS, "homepage": "http://spam.example"})

    assert response.status_code == 200
    assert not Booking.objects.exists()


def test_the_per_address_rate_limit_keeps_the_input(client, advice, now, settings):
    settings.BOOKING_RATE_LIMIT = 0
    details = hold_url(client, advice)

    response = client.post(details, DETAILS)

    assert response.status_code == 429
    assert "Gerade geht es nicht" in text(response)
    assert 'value="Anna Beispiel"' in response.content.decode()
    assert not Booking.objects.exists()


def test_too_many_open_bookings_are_refused_with_a_clear_message(client, advice, now):
    for start in [FIRST_FREE, FIRST_FREE + timedelta(minutes=40)]:
        client.post(hold_url(client, advice, start), DETAILS)

    response = client.post(hold_url(client, advice, FIRST_FREE + timedelta(minutes=80)), DETAILS)

    assert "schon 2 Termine bei diesem Büro gebucht" in text(response)
    assert Booking.objects.count() == 2


def test_a_time_taken_between_showing_and_choosing_is_refused_with_fresh_times(client, advice, now):
    services.booking_hold_create(appointment_type=advice, start=FIRST_FREE)

    response = client.post(times_url(advice), {"start": time_value(FIRST_FREE)})

    assert response.status_code == 409
    assert "Diese Zeit ist gerade vergeben worden" in text(response)
    assert f'value="{time_value(FIRST_FREE)}"' not in response.content.decode()
    assert 'value="' + time_value(FIRST_FREE + timedelta(minutes=40)) in response.content.decode()


def test_a_lost_hold_keeps_the_details_and_offers_the_next_times(client, advice, now, time_machine):
    details = hold_url(client, advice)
    time_machine.move_to(MONDAY_MORNING + timedelta(minutes=15), tick=False)
    services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Schneller", email="s@example.org"
    )

    lost = client.post(details, {**DETAILS, "topic": "Gartenprojekt"})
    retried = client.post(
        details,
        {
            **DETAILS,
            "topic": "Gartenprojekt",
            "start": time_value(FIRST_FREE + timedelta(minutes=40)),
        },
    )

    assert lost.status_code == 409
    assert "Ihre Zeit ist leider nicht mehr frei" in text(lost)
    assert 'value="Anna Beispiel"' in lost.content.decode()
    assert "Gartenprojekt</textarea>" in lost.content.decode()
    assert 'name="start"' in lost.content.decode()
    assert retried.status_code == 302
    assert Booking.objects.get(name="Anna Beispiel").starts_at == FIRST_FREE + timedelta(minutes=40)


def test_choosing_another_time_frees_the_held_one(client, advice, now):
    details = hold_url(client, advice)
    token = details.rstrip("/").split("/")[-1]

    response = client.post(f"/sprechzeiten/buchen/angaben/{token}/andere-zeit/")

    assert response["Location"] == times_url(advice)
    assert not BookingHold.objects.exists()


def test_cancel_asks_on_get_and_cancels_on_post(
    client, advice, now, django_capture_on_commit_callbacks
):
    booking = services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Anna", email="anna@example.org"
    )
    url = f"/sprechzeiten/mein-termin/{booking.token}/absagen/"

    asked = client.get(url)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url)
    page = client.get(done["Location"])

    booking.refresh_from_db()
    assert "Möchten Sie diesen Termin wirklich absagen?" in text(asked)
    assert '<button type="submit"' in asked.content.decode()
    assert booking.status == BookingStatus.CANCELLED
    assert "Dieser Termin ist abgesagt" in text(page)
    assert client.post(url)["Location"] == done["Location"]  # a second click


def test_move_shows_the_free_times_and_moves_on_post(client, advice, now):
    booking = services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Anna", email="anna@example.org"
    )
    url = f"/sprechzeiten/mein-termin/{booking.token}/verschieben/"
    later = FIRST_FREE + timedelta(minutes=40)

    shown = client.get(url)
    response = client.post(url, {"start": time_value(later)})

    booking.refresh_from_db()
    assert "Bisher: Dienstag, 1. Dezember 2026 um 10:00 Uhr" in text(shown)
    assert response["Location"].endswith("?verschoben=1")
    assert booking.starts_at == later
    assert "Ihr Termin ist verschoben" in text(client.get(response["Location"]))


@pytest.mark.parametrize(
    "path",
    [
        "/sprechzeiten/mein-termin/{token}/",
        "/sprechzeiten/mein-termin/{token}/absagen/",
        "/sprechzeiten/mein-termin/{token}/kalender.ics",
    ],
)
def test_a_wrong_secret_finds_no_booking(client, advice, now, path):
    booking = BookingFactory(appointment_type=advice)
    wrong = booking.link_key + "x" * 32

    assert client.get(path.format(token=wrong)).status_code == 404
    assert client.get(path.format(token="kurz")).status_code == 404


def test_booking_pages_are_translated_and_arabic_is_right_to_left(client, advice, now):
    english = client.get(f"/en{times_url(advice)}")
    arabic = client.get(f"/ar{times_url(advice)}")

    assert "Choose day and time" in english.content.decode()
    assert "Tuesday, 1 December" in english.content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()
    assert 'lang="de" dir="ltr">Beratung zum Stadtteilfonds' in arabic.content.decode()


def test_the_confirmation_email_speaks_the_language_the_resident_booked_in(
    client, advice, now, django_capture_on_commit_callbacks
):
    details = hold_url(client, advice).replace("/sprechzeiten/", "/tr/sprechzeiten/", 1)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(details, DETAILS)

    (message,) = mail.outbox
    assert Booking.objects.get().language == "tr"
    assert "/tr/sprechzeiten/mein-termin/" in message.body
    assert "Guten Tag" not in message.body


def test_hours_office_and_easy_read_pages_lead_to_booking(client, advice, now):
    hours = client.get("/sprechzeiten/").content.decode()
    office = client.get("/partner/donapart/").content.decode()
    easy = client.get("/leichte-sprache/").content.decode()

    assert 'href="/sprechzeiten/buchen/"' in hours
    assert 'href="/sprechzeiten/buchen/donapart/"' in office
    assert "Termin bei DoNaPart online buchen" in office
    assert (
        'href="/sprechzeiten/buchen/jobcenter/">Termin bei Aktionsbüro Jobcenter im Internet buchen'
        in easy
    )


def test_the_sitemap_leads_search_engines_to_booking_but_not_to_private_pages(client, advice):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "http://testserver/sprechzeiten/buchen/</loc>" in sitemap
    assert "mein-termin" not in sitemap


def test_the_privacy_page_says_when_bookings_are_deleted(client, advice):
    body = SitePage.objects.get(slug="datenschutz").body

    assert "Online gebuchte Termine" in body
    assert f"{services.booking_retention_days()} Tage nach dem Termin" in body


def _booking_paths(advice) -> list[str]:
    booking = Booking.objects.filter(status=BookingStatus.BOOKED).first()
    return [
        "/sprechzeiten/buchen/",
        "/en/sprechzeiten/buchen/",
        "/sprechzeiten/buchen/quartiersmanagement/",
        times_url(advice),
        f"/ar{times_url(advice)}",
        f"/sprechzeiten/mein-termin/{booking.token}/",
        f"/sprechzeiten/mein-termin/{booking.token}/absagen/",
        f"/sprechzeiten/mein-termin/{booking.token}/verschieben/",
    ]


def test_booking_pages_make_the_same_few_queries_for_10_or_many_bookings(advice, now):
    for n in range(10):
        services.booking_create(
            appointment_type=advice,
            start=FIRST_FREE + timedelta(days=7 * (n // 4), minutes=40 * (n % 4)),
            name=f"Person {n}",
            email=f"{n}@example.org",
        )
    client = Client()
    hold = services.booking_hold_create(
        appointment_type=advice, start=FIRST_FREE + timedelta(days=1, hours=4)
    )
    paths = [*_booking_paths(advice), f"/sprechzeiten/buchen/angaben/{hold.token}/"]
    few = page_query_counts(client, paths)

    past = datetime(2026, 6, 2, 10, tzinfo=BERLIN)
    for office in Office.objects.all():
        for appointment_type in office.appointment_types.all():
            for n in range(60):
                BookingFactory(
                    appointment_type=appointment_type, starts_at=past + timedelta(days=n)
                )
    many = page_query_counts(client, paths)

    assert many == few
    assert max(few.values()) <= MAX_QUERIES_PER_PAGE, few


def test_a_passed_time_sent_to_the_times_step_is_called_past_not_taken(client, advice, now):
    passed = MONDAY_MORNING - timedelta(days=1)

    response = client.post(times_url(advice), {"start": time_value(passed)})

    page = text(response)
    assert "Diese Zeit liegt schon in der Vergangenheit" in page
    assert "gerade vergeben" not in page
    assert "schneller" not in page
    assert not BookingHold.objects.exists()


def test_a_details_page_left_open_past_the_held_time_says_it_is_over(
    client, advice, now, time_machine
):
    details = hold_url(client, advice)
    time_machine.move_to(FIRST_FREE + timedelta(minutes=5), tick=False)

    response = client.post(details, DETAILS)

    page = text(response)
    assert response.status_code == 409
    assert "Diese Zeit ist schon vorbei" in page
    assert "jemand anderes" not in page
    assert 'value="Anna Beispiel"' in response.content.decode()
    assert not Booking.objects.exists()


def test_the_move_page_marks_the_current_time_and_refuses_it_as_a_move(
    client, advice, now, django_capture_on_commit_callbacks
):
    booking = services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Anna", email="anna@example.org"
    )
    url = f"/sprechzeiten/mein-termin/{booking.token}/verschieben/"
    current = time_value(FIRST_FREE)

    shown = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"start": current, "bisher": current})

    option = shown[shown.index(f'value="{current}"') :]
    option = option[: option.index("</label>")]
    assert "Ihre jetzige Zeit" in option
    assert shown.count("Ihre jetzige Zeit") == 1
    assert response.status_code == 200
    assert "Das ist Ihre jetzige Zeit" in text(response)
    booking.refresh_from_db()
    assert booking.sequence == 0
    assert len(mail.outbox) == 0


def test_a_second_click_on_move_still_ends_on_the_moved_booking(client, advice, now):
    booking = services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Anna", email="anna@example.org"
    )
    url = f"/sprechzeiten/mein-termin/{booking.token}/verschieben/"
    later = time_value(FIRST_FREE + timedelta(minutes=40))
    sent = {"start": later, "bisher": time_value(FIRST_FREE)}

    first = client.post(url, sent)
    second = client.post(url, sent)

    assert first["Location"].endswith("?verschoben=1")
    assert second["Location"] == first["Location"]


def test_a_cancelled_booking_offers_no_way_to_cancel_or_move_it(client, advice, now):
    booking = services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Anna", email="anna@example.org"
    )
    services.booking_cancel(booking=booking)

    response = client.get(f"/sprechzeiten/mein-termin/{booking.token}/")

    html = response.content.decode()
    assert "Dieser Termin ist abgesagt" in text(response)
    assert "/verschieben/" not in html
    assert "/absagen/" not in html
    assert "absagen oder verschieben" not in text(response)


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
def test_the_booking_summary_labels_each_row_differently(client, advice, now, language):
    booking = services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Anna", email="anna@example.org"
    )
    prefix = "" if language == "de" else f"/{language}"

    html = client.get(f"{prefix}/sprechzeiten/mein-termin/{booking.token}/").content.decode()

    labels = re.findall(r"<dt>([^<]+)</dt>", html)
    assert len(labels) >= 4
    assert len(labels) == len(set(labels))


def _translate_advice(advice) -> None:
    AppointmentTypeTranslation.objects.create(
        appointment_type=advice,
        language="tr",
        name="Semt fonu danışmanlığı",
        description="Proje fikriniz için ücretsiz danışmanlık.",
        what_to_bring="Proje fikriniz\nMaliyetlerin kabaca dökümü",
    )
    AppointmentTypeTranslation.objects.create(
        appointment_type=advice, language="ar", name="استشارة حول صندوق الحي"
    )


def test_turkish_and_arabic_booking_pages_show_the_appointment_types_staff_translated(
    client, advice, now, django_capture_on_commit_callbacks
):
    _translate_advice(advice)
    booking = services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Ayşe", email="ayse@example.org"
    )
    booking.language = "tr"
    booking.save(update_fields=["language"])

    office_tr = client.get(f"/tr/sprechzeiten/buchen/{advice.office.slug}/").content.decode()
    times_tr = client.get(f"/tr{times_url(advice)}").content.decode()
    manage_tr = client.get(f"/tr/sprechzeiten/mein-termin/{booking.token}/").content.decode()
    office_ar = client.get(f"/ar/sprechzeiten/buchen/{advice.office.slug}/").content.decode()
    start_ar = client.get("/ar/sprechzeiten/buchen/").content.decode()
    office_de = client.get(f"/sprechzeiten/buchen/{advice.office.slug}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking)

    assert ">Semt fonu danışmanlığı</a>" in office_tr
    assert "Proje fikriniz için ücretsiz danışmanlık." in office_tr
    assert "Proje fikriniz, Maliyetlerin kabaca dökümü" in office_tr
    assert "<span>Semt fonu danışmanlığı</span>" in times_tr
    assert "<li>Maliyetlerin kabaca dökümü</li>" in manage_tr
    assert "Semt fonu danışmanlığı" in mail.outbox[-1].body
    # Arabic: the name translated, the untranslated description in German and marked so.
    assert ">استشارة حول صندوق الحي</a>" in office_ar
    assert 'lang="de" dir="ltr">Ihre Projektidee in ein paar Stichworten' in office_ar
    assert "<span>استشارة حول صندوق الحي</span>" in start_ar
    assert "Beratung zum Stadtteilfonds</a>" in office_de
    assert "Semt fonu" not in office_de


def test_booking_pages_in_turkish_make_the_same_queries_with_translations(advice, now):
    booking = services.booking_create(
        appointment_type=advice, start=FIRST_FREE, name="Ayşe", email="ayse@example.org"
    )
    hold = services.booking_hold_create(
        appointment_type=advice, start=FIRST_FREE + timedelta(days=1, hours=4)
    )
    paths = [
        "/tr/sprechzeiten/buchen/",
        f"/tr/sprechzeiten/buchen/{advice.office.slug}/",
        f"/tr{times_url(advice)}",
        f"/tr/sprechzeiten/buchen/angaben/{hold.token}/",
        f"/tr/sprechzeiten/mein-termin/{booking.token}/",
    ]
    without = page_query_counts(Client(), paths)

    _translate_advice(advice)
    for appointment_type in AppointmentType.objects.exclude(pk=advice.pk):
        AppointmentTypeTranslation.objects.create(
            appointment_type=appointment_type, language="tr", name=f"Randevu {appointment_type.pk}"
        )
    translated = page_query_counts(Client(), paths)

    assert translated == without
    assert max(translated.values()) <= MAX_QUERIES_PER_PAGE, translated


@pytest.mark.parametrize("phone", ["0231 000000-1", ""])
def test_the_booking_limit_offers_a_call_only_when_the_office_has_a_phone(
    client, advice, now, phone
):
    Office.objects.filter(pk=advice.office_id).update(phone=phone)
    for start in [FIRST_FREE, FIRST_FREE + timedelta(minutes=40)]:
        client.post(hold_url(client, advice, start), DETAILS)

    response = client.post(hold_url(client, advice, FIRST_FREE + timedelta(minutes=80)), DETAILS)

    page = text(response)
    assert "Bitte sagen Sie zuerst einen ab." in page
    assert ("Oder rufen Sie uns an: 0231 000000-1" in page) == bool(phone)
    assert ("rufen Sie" in page) == bool(phone)
