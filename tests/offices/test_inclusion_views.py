import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from consultations.enums import ClosureKind
from offices.models import EasyReadSection, Office
from tests.factories import (
    ClosureFactory,
    ConsultationHoursFactory,
    EasyReadSectionFactory,
    OfficeFactory,
    mp4_bytes,
    sign_language_video,
    video_upload,
)
from tests.public_pages import MAX_QUERIES_PER_PAGE, page_query_counts

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def at(time_machine):
    def travel(*args):
        time_machine.move_to(datetime(*args, tzinfo=BERLIN), tick=False)

    return travel


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- Leichte Sprache ---


def test_easy_read_page_has_all_parts_in_order_with_pictograms(client, demo_data):
    html = client.get("/leichte-sprache/").content.decode()

    headings = re.findall(r'<h2 id="titel-[^"]+">([^<]+)</h2>', html)
    assert headings == [
        "Was ist das Quartiers-Büro?",
        "Die 3 Partner",
        "Wann ist das Büro offen?",
        "So kommen Sie zum Büro",
        "Der Stadt-Teil-Fonds",
        "So benutzen Sie die Website",
    ]
    pictograms = re.findall(r'<img class="easy-read__pictogram" src="([^"]+)" alt="([^"]+)"', html)
    assert len(pictograms) == 6
    assert pictograms[2] == ("/static/img/leichte-sprache/sprechzeiten.svg", "Eine Uhr")


def test_easy_read_page_shows_the_hours_live(client, demo_data, at):
    at(2026, 11, 24, 11, 0)  # a Tuesday: the Quartiersmanagement is open 10–14

    text = text_of(client.get("/leichte-sprache/").content.decode())

    assert "Stand: Dienstag, 24. November, 11 Uhr." in text
    assert "Quartiersmanagement Jetzt ist das Büro offen. Bis 14 Uhr." in text
    assert "Dienstag: von 10 Uhr bis 14 Uhr" in text
    assert "Dienstag: von 15 Uhr bis 18:30 Uhr" in text  # DoNaPart


def test_easy_read_page_follows_changes_to_the_hours_and_closures(client, demo_data, at):
    at(2026, 11, 24, 11, 0)
    qm = Office.objects.get(slug="quartiersmanagement")
    ClosureFactory(
        office=qm,
        kind=ClosureKind.CLOSED,
        start_date=date(2026, 11, 25),
        end_date=date(2026, 11, 25),
        reason="Betriebsausflug",
    )
    ConsultationHoursFactory(office=qm, weekday=3, start="09:00", end="11:30")

    text = text_of(client.get("/leichte-sprache/").content.decode())

    assert "Donnerstag: von 9 Uhr bis 11:30 Uhr" in text
    assert "Mittwoch, 25. November: Das Büro ist zu. Grund: Betriebsausflug." in text


def test_easy_read_page_shows_partners_address_and_the_next_fund_deadline(client, demo_data, at):
    at(2026, 8, 1, 10, 0)

    text = text_of(client.get("/leichte-sprache/").content.decode())

    assert "Das Aktions-Büro gehört zum Job-Center Dortmund." in text
    assert "Die Adresse ist: Quartiersbüro Westerfilde/Bodelschwingh Westerfilder Straße 23" in text
    assert "Sie können bis zu 5.000,00 € bekommen." in text
    assert "Schicken Sie den Antrag bis zum 25. August ." in text


def test_easy_read_text_edited_by_staff_shows_with_its_line_breaks(client, demo_data):
    EasyReadSection.objects.filter(topic="weg").update(
        body="Kommen Sie mit dem Bus.\nDie Haltestelle ist vor dem Haus."
    )

    html = client.get("/leichte-sprache/").content.decode()

    assert "Kommen Sie mit dem Bus.<br>\nDie Haltestelle ist vor dem Haus." in html


def test_easy_read_page_leads_to_the_easy_pages_on_events_ideas_and_lending(client, db):
    html = client.get("/leichte-sprache/").content.decode()

    more = html[html.index("Mehr in Leichter Sprache") :]
    for page in ("/leichte-sprache/anmeldung/", "/ideen/so-gehts/", "/ausleihen/so-geht-es/"):
        assert f'href="{page}"' in more
        assert client.get(page).status_code == 200


def test_easy_read_page_stays_german_in_other_languages_and_says_so(client, demo_data):
    html = client.get("/ar/leichte-sprache/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert "اللغة الألمانية المبسطة (Leichte Sprache) هي ألمانية سهلة." in html
    assert '<div class="easy-read" lang="de" dir="ltr">' in html
    assert "Das Quartiers-Büro in Leichter Sprache" in html
    assert "Jetzt ist das Büro" in html  # the live hours in German too


def test_every_page_links_to_leichte_sprache_and_gebaerdensprache_with_pictograms(
    client, demo_data
):
    for path in ["/", "/sprechzeiten/", "/en/aktuelles/", "/tr/stadtteilfonds/"]:
        html = client.get(path).content.decode()
        prefix = path[:4] if path.startswith(("/en/", "/tr/")) else "/"
        assert f'href="{prefix}leichte-sprache/"' in html, path
        assert f'href="{prefix}gebaerdensprache/"' in html, path
        assert 'src="/static/img/leichte-sprache.svg" alt="' in html, path
        assert 'src="/static/img/gebaerdensprache.svg" alt="' in html, path


def test_office_page_shows_its_text_in_leichte_sprache(client, demo_data):
    html = client.get("/en/partner/donapart/").content.decode()

    assert (
        '<section class="easy-summary" aria-labelledby="leichte-sprache" lang="de" dir="ltr">'
        in html
    )
    assert "<p>Forschung heißt: Menschen wollen etwas Neues heraus-finden.</p>" in html


def test_office_page_without_easy_summary_has_no_empty_box(client, db):
    office = OfficeFactory(easy_summary="")

    html = client.get(office.get_absolute_url()).content.decode()

    assert "easy-summary" not in html


# --- Gebärdensprache ---


def test_sign_language_page_without_video_shows_ways_to_write_to_us(client, db):
    OfficeFactory(name="Quartiersmanagement", email="qm@example.org", sms_number="0170 1234567")
    OfficeFactory(name="Aktionsbüro", email="", sms_number="", by_appointment=True)

    html = client.get("/gebaerdensprache/").content.decode()

    assert "<video" not in html
    assert "Das Video in Gebärdensprache gibt es noch nicht." in html
    assert 'href="mailto:qm@example.org"' in html
    assert 'href="sms:01701234567" dir="ltr">0170 1234567</a>' in html
    assert "schriftlich anfragen" in html
    assert 'href="/barrierefreiheit/rueckmeldung/"' in html


def test_sign_language_page_shows_the_video_with_size_length_download_and_text(client, db):
    video = sign_language_video(
        title="Das Quartiersbüro in DGS",
        transcript="Hallo.\n\nWir sind **drei Partner**.",
        upload=video_upload(mp4_bytes(seconds=125)),
    )
    size = len(mp4_bytes(seconds=125))

    html = client.get("/gebaerdensprache/").content.decode()

    assert '<video controls preload="metadata" aria-describedby="video-angaben">' in html
    assert f'<source src="/media/{video.video.name}" type="video/mp4">' in html
    assert f'href="/media/{video.video.name}" download type="video/mp4"' in html
    assert '<time datetime="PT2M5S">2 Minuten und 5 Sekunden</time>' in html
    assert f"Video herunterladen (MP4, {size / 1024:.1f} KB)".replace(".", ",") in text_of(
        html
    ).replace("\xa0", " ")
    assert "Wir sind <strong>drei Partner</strong>." in html
    assert "Das Video in Gebärdensprache gibt es noch nicht." not in html


def test_sign_language_page_in_turkish_marks_the_german_transcript(client, db):
    sign_language_video(transcript="Hallo, wir sind das Quartiersbüro.")

    html = client.get("/tr/gebaerdensprache/").content.decode()

    assert "Bu metin yalnızca Almanca olarak mevcut." in html
    assert '<div lang="de" dir="ltr"><p>Hallo, wir sind das Quartiersbüro.</p></div>' in html
    assert "Videoyu indir (MP4," in html


def test_unpublished_video_is_not_shown(client, db):
    sign_language_video(is_published=False)

    html = client.get("/gebaerdensprache/").content.decode()

    assert "<video" not in html


# --- queries ---


def test_inclusion_pages_make_the_same_few_queries_whatever_the_data(db, at):
    at(2026, 11, 24, 11, 0)
    offices = OfficeFactory.create_batch(3, easy_summary="Ein Satz.\nNoch ein Satz.")
    for topic in EasyReadSection.Topic.values:
        EasyReadSectionFactory(topic=topic)
    paths = [
        "/leichte-sprache/",
        "/gebaerdensprache/",
        "/ar/leichte-sprache/",
        "/tr/gebaerdensprache/",
    ]
    client = Client()
    few = page_query_counts(client, paths)

    OfficeFactory.create_batch(20, easy_summary="Ein Satz.", email="a@example.org")
    for office in offices:
        ConsultationHoursFactory.create_batch(3, office=office)
    sign_language_video()
    many = page_query_counts(client, paths)

    assert max(many.values()) <= MAX_QUERIES_PER_PAGE, many
    assert many["/leichte-sprache/"] == few["/leichte-sprache/"]
    # The video page reads one row more or less; never one per office.
    assert many["/gebaerdensprache/"] == few["/gebaerdensprache/"]


def test_sitemap_lists_both_pages_in_every_language(client, db):
    from tests.quartier.test_sitemaps import sitemap_locations

    locations = sitemap_locations(client)

    for path in ["/leichte-sprache/", "/gebaerdensprache/", "/ar/gebaerdensprache/", "/tr/"]:
        assert f"http://testserver{path}" in locations, path


def test_staff_edit_of_the_easy_text_shows_on_the_next_request_despite_the_page_cache(
    client, demo_data
):
    client.get("/leichte-sprache/")  # now cached
    section = EasyReadSection.objects.get(topic="weg")

    section.body = "Die Haltestelle heißt Westerfilde."
    section.save()

    assert "Die Haltestelle heißt Westerfilde." in client.get("/leichte-sprache/").content.decode()


def test_easy_read_page_keeps_its_live_blocks_before_staff_write_any_text(client, db, at):
    at(2026, 11, 24, 11, 0)
    office = OfficeFactory(short_name="QM")
    ConsultationHoursFactory(office=office, weekday=1, start="10:00", end="14:00")

    text = text_of(client.get("/leichte-sprache/").content.decode())

    assert "Wann ist das Büro offen?" in text
    assert "QM Jetzt ist das Büro offen. Bis 14 Uhr." in text
    assert "Die Adresse ist:" in text
