"""The text of an announcement is rendered to sanitised HTML once, when saved; the page and the
feeds show the stored HTML."""

import importlib

import pytest
from django.apps import apps

from offices.models import Announcement
from tests.factories import AnnouncementFactory, AnnouncementTranslationFactory

HOSTILE = "## Worum es geht\n\nEin **wichtiger** Hinweis.<script>alert(1)</script>"


@pytest.fixture
def announcement(db):
    return AnnouncementFactory(slug="hinweis", body=HOSTILE)


def test_saving_stores_the_text_as_sanitised_html(announcement):
    assert "<h2>Worum es geht</h2>" in announcement.body_html
    assert "<strong>wichtiger</strong>" in announcement.body_html
    assert "<script" not in announcement.body_html

    announcement.body = "Neuer *Text*"
    announcement.save(update_fields=["body"])

    announcement.refresh_from_db()
    assert announcement.body_html == "<p>Neuer <em>Text</em></p>"


def test_page_and_feed_show_the_html_stored_when_saved(client, announcement):
    # Changed behind the model's back: a page that rendered the text again would not show it.
    Announcement.objects.filter(pk=announcement.pk).update(body_html="<p>Gespeichert</p>")

    page = client.get("/aktuelles/hinweis/").content.decode()
    feed = client.get("/aktuelles/feed/").content.decode()

    assert "<p>Gespeichert</p>" in page
    assert "&lt;p&gt;Gespeichert&lt;/p&gt;" in feed
    assert "Worum es geht" not in page


def test_translated_page_renders_the_translated_text(client, announcement):
    AnnouncementTranslationFactory(
        announcement=announcement, language="en", body="An **important** note."
    )

    page = client.get("/en/aktuelles/hinweis/").content.decode()

    assert "An <strong>important</strong> note." in page


def test_migration_renders_the_text_of_every_existing_announcement(announcement):
    Announcement.objects.filter(pk=announcement.pk).update(body_html="")
    migration = importlib.import_module("offices.migrations.0006_announcement_body_html")

    migration.render_bodies(apps, schema_editor=None)

    announcement.refresh_from_db()
    assert "<strong>wichtiger</strong>" in announcement.body_html
    assert "<script" not in announcement.body_html
