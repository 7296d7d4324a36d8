from datetime import timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest

from quartier.core import clock
from tests.factories import AnnouncementFactory, OfficeFactory

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def news(db):
    qm = OfficeFactory(slug="qm", name="Quartiersmanagement", short_name="QM")
    jobcenter = OfficeFactory(slug="jobcenter", name="Aktionsbüro Jobcenter")
    now = clock.now()
    AnnouncementFactory(
        title="Stadtteilfonds",
        slug="fonds",
        office=qm,
        teaser="Ideen gesucht.",
        body="**Jetzt** beraten lassen.\n\n<script>alert(1)</script>",
        publish_from=now - timedelta(days=2),
    )
    AnnouncementFactory(
        title="Sozialticket", office=jobcenter, publish_from=now - timedelta(days=1)
    )
    AnnouncementFactory(title="Entwurf", office=qm, draft=True)
    return {"qm": qm, "jobcenter": jobcenter}


@pytest.mark.parametrize(
    ("path", "version"), [("/aktuelles/feed/", "atom10"), ("/aktuelles/feed/rss/", "rss20")]
)
def test_feed_parses_back_with_all_public_announcements_newest_first(client, news, path, version):
    response = client.get(path)

    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.title == "Aktuelles – Quartiersbüro Westerfilde/Bodelschwingh"
    assert feed.feed.link == "http://testserver/aktuelles/"
    assert [entry.title for entry in feed.entries] == ["Sozialticket", "Stadtteilfonds"]
    fonds = feed.entries[1]
    assert fonds.link == "http://testserver/aktuelles/fonds/"
    assert "<strong>Jetzt</strong>" in fonds.summary
    assert "<script" not in response.content.decode()
    assert "alert(1)" not in fonds.summary


def test_feed_of_one_office_has_only_its_announcements(client, news):
    response = client.get("/aktuelles/feed/qm/")

    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Aktuelles – Quartiersmanagement"
    assert feed.feed.link == "http://testserver/aktuelles/?buero=qm"
    assert [entry.title for entry in feed.entries] == ["Stadtteilfonds"]
    assert feed.entries[0].author == "Quartiersmanagement"


def test_feed_of_unknown_office_is_404(client, news):
    assert client.get("/aktuelles/feed/gibt-es-nicht/").status_code == 404


def test_feed_sets_no_cookie_and_the_right_content_type(client, news):
    response = client.get("/aktuelles/feed/")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert not response.cookies


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/aktuelles/feed/", "de"),
        ("/aktuelles/feed/rss/", "de"),
        ("/aktuelles/feed/qm/", "de"),
        ("/en/aktuelles/feed/", "en"),
        ("/tr/aktuelles/feed/rss/", "tr"),
        ("/ar/aktuelles/feed/", "ar"),
    ],
)
def test_feed_declares_the_language_of_its_address(client, news, path, language):
    response = client.get(path)

    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == language
    assert "bound method" not in response.content.decode()
