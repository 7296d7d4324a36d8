"""Staff content in the visitor's language where translated, otherwise German and marked so."""

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import translation

from offices import selectors
from offices.content_language import translated
from tests.factories import (
    AnnouncementFactory,
    AnnouncementTranslationFactory,
    OfficeFactory,
    OfficeTranslationFactory,
)
from tests.public_pages import MAX_QUERIES_PER_PAGE, page_query_counts

pytestmark = pytest.mark.django_db

NOTICE = {
    "en": "This text is only available in German.",
    "tr": "Bu metin yalnızca Almanca olarak mevcut.",
    "ar": "هذا النص متوفر باللغة الألمانية فقط.",
}


def test_office_page_in_turkish_shows_the_turkish_texts_without_notice(client):
    office = OfficeFactory(summary="Erste Anlaufstelle.", services="Beratung")
    OfficeTranslationFactory(
        office=office, language="tr", summary="İlk başvuru yeri.", services="Danışmanlık"
    )

    html = client.get(f"/tr{office.get_absolute_url()}").content.decode()

    assert '<p class="lead">İlk başvuru yeri.</p>' in html
    assert "<li>Danışmanlık</li>" in html
    assert "Erste Anlaufstelle.</p>" not in html
    assert NOTICE["tr"] not in html


@pytest.mark.parametrize("code", ["en", "tr", "ar"])
def test_office_page_without_translation_shows_german_marked_as_german(client, code):
    office = OfficeFactory(summary="Erste Anlaufstelle.", description="Kommen Sie **vorbei**.")

    html = client.get(f"/{code}{office.get_absolute_url()}").content.decode()

    assert NOTICE[code] in html
    assert '<p class="lead" lang="de" dir="ltr">Erste Anlaufstelle.</p>' in html
    assert '<div class="prose" lang="de" dir="ltr"><p>Kommen Sie <strong>vorbei</strong>.' in html


def test_german_page_never_shows_the_notice_or_lang_attributes(client):
    office = OfficeFactory()
    OfficeTranslationFactory(office=office, language="ar")

    html = client.get(office.get_absolute_url()).content.decode()

    assert html.count('lang="de" dir="ltr"') == 1  # <html> itself
    assert "Dieser Text ist nur auf Deutsch verfügbar." not in html


def test_translation_in_another_language_does_not_leak(client):
    office = OfficeFactory(summary="Deutscher Text.")
    OfficeTranslationFactory(office=office, language="tr", summary="Türkçe metin.")

    html = client.get(f"/ar{office.get_absolute_url()}").content.decode()

    assert "Deutscher Text." in html
    assert "Türkçe metin." not in html


def test_partly_translated_announcement_marks_only_the_german_parts(client):
    announcement = AnnouncementFactory(title="Sommerfest", body="Mit **Kuchen**.")
    AnnouncementTranslationFactory(
        announcement=announcement, language="ar", title="حفلة الصيف", teaser="", body=""
    )

    html = client.get(f"/ar{announcement.get_absolute_url()}").content.decode()

    assert "<h1>حفلة الصيف</h1>" in html
    assert "<title>حفلة الصيف – " in html
    assert NOTICE["ar"] in html
    assert (
        '<div class="prose" lang="de" dir="ltr"><p>Mit <strong>Kuchen</strong>.</p></div>' in html
    )


def test_announcement_lists_use_the_translation_and_badge_the_rest(client):
    translated_one = AnnouncementFactory(title="Sommerfest")
    AnnouncementTranslationFactory(
        announcement=translated_one, language="en", title="Summer party", teaser="Come along."
    )
    AnnouncementFactory(title="Nur deutsch")

    html = client.get("/en/aktuelles/").content.decode()

    assert ">Summer party</a>" in html
    assert 'lang="de" dir="ltr">Nur deutsch</a>' in html
    assert html.count("Only in German") == 1


def test_home_office_cards_show_a_badge_only_for_untranslated_offices(client):
    translated_office = OfficeFactory(short_name="QM")
    OfficeTranslationFactory(office=translated_office, language="tr")
    OfficeFactory(short_name="Jobcenter")

    html = client.get("/tr/").content.decode()

    assert html.count('<p class="content-language-badge">Sadece Almanca</p>') == 1
    assert "Semt için ilk başvuru yeri." in html


def test_selector_joins_only_the_translation_of_the_page_language(django_assert_num_queries):
    office = OfficeFactory()
    OfficeTranslationFactory(office=office, language="tr", summary="Türkçe")
    OfficeTranslationFactory(office=office, language="ar", summary="عربي")

    with translation.override("ar"), django_assert_num_queries(1):
        (loaded,) = list(selectors.office_list())
        summary = translated(loaded, "summary")

    assert (summary.text, summary.language) == ("عربي", "ar")


def test_empty_translated_field_falls_back_to_german():
    office = OfficeFactory(description="Deutsch.")
    OfficeTranslationFactory(office=office, language="en", description="   ")

    with translation.override("en"):
        (loaded,) = list(selectors.office_list())
        description = translated(loaded, "description")

    assert (description.text, description.language) == ("Deutsch.", "de")
    with translation.override("en"):
        assert description.is_german_fallback


def test_one_translation_per_office_and_language():
    office = OfficeFactory()
    OfficeTranslationFactory(office=office, language="tr")

    with pytest.raises(IntegrityError):
        OfficeTranslationFactory(office=office, language="tr")


def test_translated_pages_make_the_same_few_queries_whatever_the_translations():
    offices = OfficeFactory.create_batch(3)
    announcements = [AnnouncementFactory(office=office) for office in offices]
    paths = [
        f"/{code}{path}"
        for code in ["tr", "ar"]
        for path in ["/", "/aktuelles/", offices[0].get_absolute_url()]
    ]
    paths += [f"/ar{announcements[0].get_absolute_url()}"]
    client = Client()
    before = page_query_counts(client, paths)

    for office in OfficeFactory.create_batch(10):
        for code in ["en", "tr", "ar"]:
            OfficeTranslationFactory(office=office, language=code)
            AnnouncementTranslationFactory(
                announcement=AnnouncementFactory(office=office), language=code
            )
    for announcement in announcements:
        AnnouncementTranslationFactory(announcement=announcement, language="ar")
    after = page_query_counts(client, paths)

    assert after == before
    assert max(after.values()) <= MAX_QUERIES_PER_PAGE, after
