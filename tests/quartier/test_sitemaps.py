import xml.etree.ElementTree as ET
from datetime import timedelta

from quartier.core import clock
from tests.factories import AnnouncementFactory

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_sitemap_lists_home_offices_pages_hours_fund_announcements_and_events(client, demo_data):
    AnnouncementFactory(slug="sommerfest", event=True)

    locations = sitemap_locations(client)

    for path in [
        "/",
        "/en/",
        "/aktuelles/",
        "/veranstaltungen/",
        "/impressum/",
        "/partner/jobcenter/",
        "/aktuelles/eroeffnung-quartiersbuero/",
        "/aktuelles/sommerfest/",
        "/en/aktuelles/sommerfest/",
        "/sprechzeiten/",
        "/stadtteilfonds/",
        "/en/stadtteilfonds/",
        "/stadtteilfonds/antrag/",
    ]:
        assert f"http://testserver{path}" in locations, path


def test_sitemap_leaves_out_drafts_expired_and_future_announcements(client, db):
    now = clock.now()
    AnnouncementFactory(slug="entwurf", draft=True)
    AnnouncementFactory(
        slug="abgelaufen",
        publish_from=now - timedelta(days=5),
        publish_until=now - timedelta(days=1),
    )
    AnnouncementFactory(slug="spaeter", publish_from=now + timedelta(days=1))
    AnnouncementFactory(slug="sichtbar")

    locations = sitemap_locations(client)

    assert "http://testserver/aktuelles/sichtbar/" in locations
    assert not [
        loc for loc in locations if any(s in loc for s in ("entwurf", "abgelaufen", "spaeter"))
    ]


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]
