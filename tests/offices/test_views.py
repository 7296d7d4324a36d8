import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from offices import services
from offices.models import Announcement
from tests.factories import (
    AnnouncementFactory,
    OfficeFactory,
    ProgrammeItemFactory,
    SitePageFactory,
    picture_upload,
)
from tests.public_pages import (
    MAX_QUERIES_PER_PAGE,
    all_public_paths,
    page_query_counts,
    public_page_paths,
)


def test_home_names_each_partner_with_services_and_link(client, demo_data):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    for name, url in [
        ("Quartiersmanagement Westerfilde/Bodelschwingh", "/partner/quartiersmanagement/"),
        ("Aktionsbüro des Jobcenters Dortmund", "/partner/jobcenter/"),
        ("Projekt DoNaPart", "/partner/donapart/"),
    ]:
        assert name.replace("/", "/<wbr>") in html
        assert f'href="{url}"' in html
    assert "Lastenräder zum Ausleihen" in html
    assert '<html lang="de" dir="ltr">' in html


def test_home_has_one_h1_skip_link_and_landmarks(client, demo_data):
    html = client.get("/").content.decode()

    assert html.count("<h1") == 1
    assert 'href="#inhalt"' in html
    assert '<main id="inhalt"' in html
    assert "<header" in html
    assert "<footer" in html


def test_office_detail_shows_services_contact_and_appointment_note(client, db):
    office = OfficeFactory(
        name="Aktionsbüro Jobcenter",
        slug="jobcenter",
        services="Sozialticket\nDortmund-Pass",
        phone="0231 1234",
        by_appointment=True,
    )

    response = client.get(office.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Aktionsbüro Jobcenter</h1>" in html
    assert "<li>Sozialticket</li>" in html
    assert 'href="tel:02311234"' in html
    assert "nach Terminvereinbarung" in html


def test_office_detail_unknown_slug_is_german_404_in_layout(client, db):
    response = client.get("/partner/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_site_page_renders_markdown_without_raw_html(client, db):
    SitePageFactory(slug="impressum", title="Impressum", body="## Anbieter\n\n<script>x</script>")

    response = client.get("/impressum/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Anbieter</h2>" in html
    assert "<script>x" not in html


def test_english_home_is_translated_with_lang_attribute(client, demo_data):
    html = client.get("/en/").content.decode()

    assert '<html lang="en" dir="ltr">' in html
    assert "Three partners under one roof" in html
    assert 'href="/en/partner/jobcenter/"' in html


def test_language_links_point_to_the_same_page(client, demo_data):
    html = client.get("/partner/jobcenter/").content.decode()

    assert 'href="/en/partner/jobcenter/" lang="en" hreflang="en"' in html


def test_every_public_page_without_a_form_answers_without_setting_a_cookie(demo_data):
    client = Client()
    for path in public_page_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, f"{path} set {list(response.cookies)}"


def test_public_pages_make_the_same_few_queries_whatever_the_data_volume(client, demo_data):
    before = page_query_counts(client, all_public_paths())
    OfficeFactory.create_batch(30)

    after = page_query_counts(client, all_public_paths())

    for path, count in before.items():
        assert after[path] == count, path
        assert count <= MAX_QUERIES_PER_PAGE, (path, count)


# --- Announcements and events ---

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 5, 2, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def now(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def titles_in(html: str) -> list[str]:
    return re.findall(
        r'<h2 id="meldung-\d+" class="news-card__title"><a href="[^"]+">([^<]+)</a>', html
    )


def test_news_list_shows_pinned_first_then_newest(client, now):
    AnnouncementFactory(title="Älter", publish_from=now - timedelta(days=3))
    AnnouncementFactory(title="Angeheftet", pinned=True, publish_from=now - timedelta(days=9))
    AnnouncementFactory(title="Neu", publish_from=now - timedelta(hours=1))

    response = client.get("/aktuelles/")

    html = response.content.decode()
    assert response.status_code == 200
    assert titles_in(html) == ["Angeheftet", "Neu", "Älter"]
    assert '<strong class="news-pinned">Wichtig</strong>' in html
    assert '<time datetime="2026-05-02T09:00:00+02:00">2. Mai 2026</time>' in html


def test_news_list_filter_by_office_uses_plain_links(client, now):
    jobcenter = OfficeFactory(slug="jobcenter", short_name="Aktionsbüro Jobcenter")
    AnnouncementFactory(title="Vom Jobcenter", office=jobcenter)
    AnnouncementFactory(title="Von anderen")

    response = client.get("/aktuelles/?buero=jobcenter")

    html = response.content.decode()
    assert titles_in(html) == ["Vom Jobcenter"]
    assert (
        '<a href="/aktuelles/?buero=jobcenter" aria-current="page">Aktionsbüro Jobcenter</a>'
        in html
    )
    assert '<a href="/aktuelles/">Alle Meldungen</a>' in html
    assert 'href="/aktuelles/feed/jobcenter/"' in html


def test_news_list_unknown_office_is_404(client, db):
    response = client.get("/aktuelles/?buero=gibt-es-nicht")

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_news_list_pages_by_ten_and_keeps_the_office_filter(client, now):
    office = OfficeFactory(slug="qm")
    for day in range(12):
        AnnouncementFactory(
            title=f"Tag {day}", office=office, publish_from=now - timedelta(days=day)
        )

    first = client.get("/aktuelles/?buero=qm").content.decode()
    second = client.get("/aktuelles/?buero=qm&seite=2").content.decode()

    assert len(titles_in(first)) == 10
    assert titles_in(second) == ["Tag 10", "Tag 11"]
    assert 'href="?buero=qm&amp;seite=2" rel="next">Ältere Meldungen' in first
    assert "Seite 2 von 2" in second


def test_news_list_makes_the_same_queries_for_10_and_1000_announcements(client, now):
    offices = OfficeFactory.create_batch(3)

    def add(count: int) -> None:
        Announcement.objects.bulk_create(
            AnnouncementFactory.build(
                office=offices[n % 3],
                slug=f"masse-{Announcement.objects.count()}-{n}",
                pinned=n % 50 == 0,
                event=n % 5 == 0,
            )
            for n in range(count)
        )

    paths = ["/aktuelles/", "/aktuelles/?seite=2", "/", "/veranstaltungen/"]
    add(10)
    few = page_query_counts(client, paths)
    add(990)
    many = page_query_counts(client, paths)

    assert Announcement.objects.count() == 1000
    assert many == few
    assert few["/aktuelles/"] <= 3


def test_announcement_detail_queries_do_not_grow_with_the_programme(client, now):
    announcement = AnnouncementFactory(slug="fest", event=True)
    ProgrammeItemFactory(announcement=announcement)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert "Programmpunkt" in client.get("/aktuelles/fest/").content.decode()
        return len(captured)

    few = queries()
    ProgrammeItemFactory.create_batch(30, announcement=announcement)

    # The announcement and its programme; the event sign-up box (events app) asks once more.
    assert queries() == few == 3


HIDDEN = {
    "draft": {"draft": True},
    "future": {"publish_from": NOW + timedelta(hours=1)},
    "expired": {"publish_from": NOW - timedelta(days=9), "publish_until": NOW - timedelta(days=1)},
}


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_announcement_is_absent_everywhere(client, now, kind):
    office = OfficeFactory(slug="qm")
    AnnouncementFactory(title="Sichtbare Meldung", office=office, event=True)
    hidden = AnnouncementFactory(
        title="Geheime Meldung", slug="geheim", office=office, event=True, **HIDDEN[kind]
    )
    ProgrammeItemFactory(announcement=hidden, title="Geheimer Programmpunkt")

    for path in [
        "/",
        "/aktuelles/",
        "/aktuelles/?buero=qm",
        "/veranstaltungen/",
        "/aktuelles/feed/",
        "/aktuelles/feed/rss/",
        "/aktuelles/feed/qm/",
        "/aktuelles/feed/qm/rss/",
        "/veranstaltungen/kalender.ics",
        "/sitemap.xml",
    ]:
        response = client.get(path)
        content = response.content.decode()
        assert response.status_code == 200, path
        assert "Sichtbare Meldung" in content or path == "/sitemap.xml", path
        assert "Geheim" not in content, path
        assert "geheim" not in content, path
    for path in ["/aktuelles/geheim/", "/en/aktuelles/geheim/", "/aktuelles/geheim/kalender.ics"]:
        assert client.get(path).status_code == 404, path


def test_announcement_detail_shows_picture_german_date_office_and_event(client, now):
    office = OfficeFactory(name="Quartiersmanagement Westerfilde", slug="qm")
    announcement = AnnouncementFactory(
        title="Eröffnung",
        slug="eroeffnung",
        office=office,
        event_start=datetime(2026, 5, 9, 11, 0, tzinfo=BERLIN),
        event_end=datetime(2026, 5, 9, 16, 0, tzinfo=BERLIN),
        event_place="Westerfilder Straße 23",
        picture_alt="Ein Ladenlokal mit Wimpeln",
        picture_credit="Foto: Quartiersbüro",
    )
    services.announcement_save(announcement=announcement, picture_upload=picture_upload())
    ProgrammeItemFactory(announcement=announcement, time=time(12, 0), title="Kuchen")
    ProgrammeItemFactory(announcement=announcement, time=time(11, 0), title="Begrüßung")

    response = client.get("/aktuelles/eroeffnung/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Eröffnung</h1>" in html
    assert "Veröffentlicht am 1. Mai 2026" in html
    assert '<a href="/partner/qm/">Quartiersmanagement Westerfilde</a>' in html
    assert "Samstag, 9. Mai 2026, 11:00 bis 16:00 Uhr" in html
    assert '<time datetime="2026-05-09T11:00:00+02:00">' in html
    assert "Westerfilder Straße 23" in html
    assert html.index("Begrüßung") < html.index("Kuchen")
    assert 'href="/aktuelles/eroeffnung/kalender.ics"' in html
    fallback = announcement.fallback_rendition
    assert f'<img src="{fallback.url}"' in html
    assert f'width="{fallback.width}" height="{fallback.height}"' in html
    assert 'alt="Ein Ladenlokal mit Wimpeln"' in html
    assert '<source type="image/webp" srcset="' in html
    assert "<figcaption>Foto: Quartiersbüro</figcaption>" in html


def test_announcement_detail_event_over_two_days_names_both_days(client, now):
    AnnouncementFactory(
        slug="fest",
        event_start=datetime(2026, 5, 9, 14, 0, tzinfo=BERLIN),
        event_end=datetime(2026, 5, 10, 18, 0, tzinfo=BERLIN),
        event_place="Festwiese",
    )

    html = client.get("/aktuelles/fest/").content.decode()

    assert "Samstag, 9. Mai 2026, 14:00 Uhr bis Sonntag, 10. Mai 2026, 18:00 Uhr" in html


def test_announcement_detail_never_lets_a_script_through(client, now):
    AnnouncementFactory(
        slug="boese",
        title="<script>alert('titel')</script>",
        teaser="<script>alert('teaser')</script>",
        body="Hallo\n\n<script>alert('text')</script>\n\n<img src=x onerror=alert(1)>",
    )

    html = client.get("/aktuelles/boese/").content.decode()

    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "&lt;script&gt;alert(&#x27;titel&#x27;)" in html
    assert "<p>Hallo</p>" in html


def test_announcement_detail_has_open_graph_for_messengers(client, now):
    announcement = AnnouncementFactory(
        slug="teilen", title="Zum Teilen", teaser="Kurz und klar.", picture_alt="Ein Bild"
    )
    services.announcement_save(announcement=announcement, picture_upload=picture_upload())

    html = client.get("/aktuelles/teilen/").content.decode()

    assert '<meta name="description" content="Kurz und klar.">' in html
    assert '<meta property="og:title" content="Zum Teilen">' in html
    assert '<meta property="og:description" content="Kurz und klar.">' in html
    assert '<meta property="og:url" content="http://testserver/aktuelles/teilen/">' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image == f"http://testserver{announcement.fallback_rendition.url}"
    assert '<meta property="og:image:alt" content="Ein Bild">' in html


def test_event_list_shows_coming_events_with_date_and_place(client, now):
    AnnouncementFactory(
        title="Nachbarschaftsfest",
        event_start=datetime(2026, 6, 13, 15, 0, tzinfo=BERLIN),
        event_end=datetime(2026, 6, 13, 19, 0, tzinfo=BERLIN),
        event_place="Spielplatz Westerfilde",
    )
    AnnouncementFactory(title="Nur eine Meldung")

    html = client.get("/veranstaltungen/").content.decode()

    assert "Nachbarschaftsfest" in html
    assert "Samstag, 13. Juni 2026, 15:00 bis 19:00 Uhr" in html
    assert "Spielplatz Westerfilde" in html
    assert "Nur eine Meldung" not in html
    assert 'href="/veranstaltungen/kalender.ics"' in html


def test_event_list_without_events_says_so(client, db):
    html = client.get("/veranstaltungen/").content.decode()

    assert "Zurzeit sind keine Veranstaltungen geplant" in html


def test_home_shows_latest_three_announcements_and_next_events(client, now):
    for day in range(5):
        AnnouncementFactory(title=f"Meldung vom Tag {day}", publish_from=now - timedelta(days=day))
    AnnouncementFactory(title="Sommerfest", event=True, publish_from=now - timedelta(days=10))

    html = client.get("/").content.decode()

    assert "Meldung vom Tag 0" in html
    assert "Meldung vom Tag 2" in html
    assert "Meldung vom Tag 3" not in html
    assert '<h2 id="termine-titel">Nächste Veranstaltungen</h2>' in html
    assert html.count("Sommerfest") == 1  # among the events, not among the latest three
    assert '<a class="more-link" href="/aktuelles/">Alle Meldungen</a>' in html


@pytest.mark.parametrize("path", ["/", "/aktuelles/", "/veranstaltungen/", "/partner/qm/"])
def test_pages_announce_feeds_in_the_head(client, now, path):
    OfficeFactory(slug="qm")

    html = client.get(path).content.decode()
    head = html[: html.index("</head>")]

    assert '<link rel="alternate" type="application/atom+xml"' in head
    assert 'href="/aktuelles/feed/"' in head
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert 'type="text/calendar"' in head
    assert 'href="/veranstaltungen/kalender.ics"' in head


def test_main_navigation_links_to_the_news(client, db):
    html = client.get("/aktuelles/").content.decode()

    assert '<li><a href="/aktuelles/" aria-current="page">Aktuelles</a></li>' in html


def test_english_news_list_is_translated(client, db):
    html = client.get("/en/aktuelles/").content.decode()

    assert "<h1>News</h1>" in html
    assert 'href="/en/aktuelles/"' in html


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_office_page_shows_the_way_in_and_what_to_bring_translated_like_other_texts(
    client, demo_data
):
    from offices.models import Office, OfficeTranslation

    jobcenter = Office.objects.get(slug="jobcenter")
    OfficeTranslation.objects.create(
        office=jobcenter,
        language="tr",
        summary="Jobcenter semt bürosu.",
        services="Vatandaş parası danışmanlığı",
        what_to_bring="Kimlik kartı veya pasaport",
    )

    german = _text(client.get("/partner/jobcenter/").content.decode())
    turkish = client.get("/tr/partner/jobcenter/").content.decode()

    assert "So finden Sie uns" in german
    assert "S-Bahn S2 bis Dortmund-Westerfilde" in german
    assert "Eingang direkt von der Straße" in german
    assert "Ladenlokal im Erdgeschoss, Eingang ohne Stufe" in german
    assert "Bitte mitbringen Personalausweis oder Pass" in german
    assert "0231 000000-2" in german
    assert "Einen Termin vereinbaren Sie am Telefon, per E-Mail oder im Büro." in german
    assert "<li>Kimlik kartı veya pasaport</li>" in turkish
    # Not translated: German, marked as such.
    assert 'lang="de" dir="ltr">S-Bahn S2 bis Dortmund-Westerfilde' in turkish


@pytest.mark.parametrize(
    ("phone", "email", "promise"),
    [
        ("0231 4711", "", "Einen Termin vereinbaren Sie am Telefon oder im Büro."),
        ("", "jc@example.org", "Einen Termin vereinbaren Sie per E-Mail oder im Büro."),
        ("", "", "Einen Termin vereinbaren Sie während der Sprechzeiten im Büro"),
    ],
)
def test_office_page_promises_only_the_contact_routes_the_office_has(
    client, db, phone, email, promise
):
    office = OfficeFactory(slug="jobcenter", phone=phone, email=email, by_appointment=True)

    html = client.get(office.get_absolute_url()).content.decode()

    page = _text(html)
    assert promise in page
    assert "Kontaktwege oben" not in page
    assert ("Telefon" in page) == bool(phone)
    if not (phone or email):
        assert 'href="/sprechzeiten/termin/jobcenter/"' in html
