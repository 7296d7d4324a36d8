import pytest

from offices import services
from quartier.core import clock
from tests.browser.axe import assert_no_axe_violations
from tests.factories import AnnouncementFactory, picture_upload

pytestmark = pytest.mark.django_db(transaction=True)

PICTURE_LOADED = """img => img.complete && img.naturalWidth > 0"""


@pytest.fixture
def newest(demo_data):
    """A fresh announcement with a photo, newer than everything in the demo data."""
    announcement = AnnouncementFactory.build(
        title="Lastenrad ab sofort auszuleihen",
        slug="lastenrad",
        office=None,
        teaser="Das Lastenrad steht im Quartiersbüro bereit.",
        body="Fragen Sie einfach im Büro nach.",
        publish_from=clock.now(),
        picture_alt="Ein blaues Lastenrad vor dem Schaufenster",
        picture_credit="Foto: DoNaPart",
    )
    return services.announcement_save(
        announcement=announcement, picture_upload=picture_upload(width=1600, height=1000)
    )


def test_resident_follows_the_newest_announcement_from_home_and_returns_to_the_list(
    page, live_server, newest, screenshot
):
    page.goto(live_server.url + "/")
    cards = page.locator(".home-news__latest .news-card")
    dates = cards.locator("time").evaluate_all("times => times.map(t => t.dateTime)")
    newest_card = cards.nth(dates.index(max(dates)))
    title = newest_card.locator(".news-card__title a").inner_text()
    assert title == "Lastenrad ab sofort auszuleihen"

    with page.expect_navigation():
        newest_card.get_by_role("link", name=title).click()

    assert page.get_by_role("heading", level=1).inner_text() == title
    picture = page.get_by_role("img", name="Ein blaues Lastenrad vor dem Schaufenster")
    picture.scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({PICTURE_LOADED})(document.querySelector('figure img'))")
    assert picture.evaluate("img => img.naturalWidth") > 0
    assert picture.evaluate("img => img.currentSrc").endswith(".webp")
    assert page.get_by_text("Foto: DoNaPart").is_visible()
    screenshot(page, "news-detail-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "news-detail-390")

    with page.expect_navigation():
        page.locator(".breadcrumbs").get_by_role("link", name="Aktuelles").click()

    assert page.url == live_server.url + "/aktuelles/"
    assert page.get_by_role("heading", level=1).inner_text() == "Aktuelles"
    assert page.get_by_role("link", name=title).is_visible()
    screenshot(page, "news-list-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "news-list-1280")


def test_news_list_filter_works_without_javascript(browser, live_server, demo_data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/aktuelles/")
        with page.expect_navigation():
            page.get_by_role("link", name="Quartiersmanagement", exact=True).click()

        assert page.url.endswith("/aktuelles/?buero=quartiersmanagement")
        titles = page.locator(".news-card__title").all_inner_texts()
        assert titles == ["Stadtteilfonds: Ihre Idee für Westerfilde und Bodelschwingh"]
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_news_and_event_pages_have_no_axe_violations(page, live_server, newest, width, screenshot):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [
        ("list", "/aktuelles/"),
        ("detail", "/aktuelles/lastenrad/"),
        ("event", "/aktuelles/eroeffnung-quartiersbuero/"),
        ("events", "/veranstaltungen/"),
        ("home", "/"),
    ]:
        page.goto(live_server.url + path)
        assert_no_axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        if name in {"event", "events", "home"}:
            screenshot(page, f"news-{name}-{width}")
