"""Four languages: links that keep the page, right to left for Arabic, dates and times in the
visitor's language."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import escape

from consultations.public_holidays import holidays_between
from tests.public_pages import all_public_paths, in_every_language, in_language

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def at(time_machine):
    def travel(*args):
        time_machine.move_to(datetime(*args, tzinfo=BERLIN), tick=False)

    return travel


def language_links(html: str) -> list[tuple[str, str, str]]:
    nav = re.search(r'<nav class="language-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\2"[^>]*>([^<]+)</a>', nav)


def test_language_switcher_keeps_the_page_and_names_each_language_in_itself(client, demo_data):
    html = client.get("/aktuelles/?buero=jobcenter").content.decode()

    assert [(url, code, name) for url, code, name in language_links(html)] == [
        ("/aktuelles/?buero=jobcenter", "de", "Deutsch"),
        ("/en/aktuelles/?buero=jobcenter", "en", "English"),
        ("/tr/aktuelles/?buero=jobcenter", "tr", "Türkçe"),
        ("/ar/aktuelles/?buero=jobcenter", "ar", "العربيّة"),
    ]
    assert 'aria-current="true">Deutsch</a>' in html


def test_language_links_are_djangos_translations_of_the_address_on_every_page(client, demo_data):
    paths = [
        *in_every_language(all_public_paths()),
        "/aktuelles/?buero=jobcenter&seite=2",
        "/tr/ideen/?thema=gr%C3%BCn",
        "/gibt-es-nicht/",
        "/en/gibt-es-auch-nicht/?q=1",
    ]
    for path in paths:
        html = client.get(path).content.decode()
        prefix = path.split("/")[1]
        page_language = prefix if prefix in {"en", "tr", "ar"} else settings.LANGUAGE_CODE
        with translation.override(page_language):
            expected = [escape(translate_url(path, code)) for code, _name in settings.LANGUAGES]

        assert [url for url, _code, _name in language_links(html)] == expected, path


def test_language_switcher_sets_no_cookie_and_needs_no_script(client, demo_data):
    response = client.get("/ar/sprechzeiten/")

    assert not response.cookies
    assert "<script" not in re.search(
        r'<nav class="language-nav".*?</nav>', response.content.decode(), re.S
    ).group(0)


@pytest.mark.parametrize(
    ("path", "lang", "direction", "stylesheet"),
    [
        ("/", "de", "ltr", "bootstrap.min.css"),
        ("/tr/", "tr", "ltr", "bootstrap.min.css"),
        ("/ar/", "ar", "rtl", "bootstrap.rtl.min.css"),
    ],
)
def test_page_declares_language_and_direction(client, demo_data, path, lang, direction, stylesheet):
    html = client.get(path).content.decode()

    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f"/static/vendor/bootstrap/{stylesheet}" in html


def test_every_page_offers_hreflang_alternates_in_all_languages(client, demo_data):
    html = client.get("/partner/jobcenter/").content.decode()

    # Absolute addresses: search engines ignore relative ones in hreflang alternates.
    for code, url in [("de", "/"), ("en", "/en/"), ("tr", "/tr/"), ("ar", "/ar/")]:
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver{url}partner/jobcenter/">'
            in html
        )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/partner/jobcenter/">'
        in html
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "jetzt geöffnet bis 14:00 Uhr"),
        ("en", "open now until 14:00"),
        ("tr", "şu anda açık – kapanış saati 14:00"),
        ("ar", "مفتوح الآن حتى الساعة 14:00"),
    ],
)
def test_open_now_sentence_in_every_language(client, demo_data, at, code, expected):
    at(2026, 11, 24, 11, 0)

    html = client.get(in_language("/", code)).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))

    assert expected in text


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "nächste Sprechzeit Freitag, 27. November, 10:00 Uhr"),
        ("tr", "sonraki görüşme saati: 27 Kasım Cuma, 10:00"),
        ("ar", "موعد الاستقبال القادم: الجمعة، 27 نوفمبر، الساعة 10:00"),
    ],
)
def test_next_opening_is_dated_in_the_visitors_language(client, demo_data, at, code, expected):
    at(2026, 11, 24, 13, 0)  # the Jobcenter closed at 12:00 and opens again on Friday

    html = client.get(in_language("/sprechzeiten/", code)).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))

    assert expected in text


@pytest.mark.parametrize(
    ("code", "caption", "times"),
    [
        ("tr", "Bu hafta: 23 Kasım – 29 Kasım", "10:00–14:00"),
        ("ar", "هذا الأسبوع: من 23 نوفمبر إلى 29 نوفمبر", "من 10:00 إلى 14:00"),
    ],
)
def test_week_overview_in_turkish_and_arabic(client, demo_data, at, code, caption, times):
    at(2026, 11, 24, 11, 0)

    html = client.get(in_language("/sprechzeiten/", code)).content.decode()

    assert f"<caption>{caption}</caption>" in html
    assert f'<span class="week-table__time">{times}</span>' in html


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("de", "Erster Weihnachtstag"),
        ("en", "Christmas Day"),
        ("tr", "Noel’in birinci günü"),
        ("ar", "اليوم الأول من عيد الميلاد"),
    ],
)
def test_public_holidays_are_named_in_the_page_language(code, name):
    with translation.override(code):
        holidays = holidays_between(date(2026, 12, 24), date(2026, 12, 26))

    assert holidays[date(2026, 12, 25)] == name


def test_money_and_dates_follow_the_language_on_the_fund_page(client, demo_data, at):
    at(2026, 8, 1, 10, 0)

    turkish = client.get("/tr/stadtteilfonds/").content.decode()
    arabic = client.get("/ar/stadtteilfonds/").content.decode()

    assert "35.000,00\xa0€" in turkish
    assert "25 Ağustos" in turkish
    assert "25 أغسطس" in arabic


def test_paths_in_every_language():
    assert in_language("/en/aktuelles/", "ar") == "/ar/aktuelles/"
    assert in_language("/ar/", "de") == "/"
    assert in_every_language(["/", "/en/"]) == ["/", "/en/", "/tr/", "/ar/"]
