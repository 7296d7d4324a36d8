import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_follows_each_partner_link_from_home_and_sees_services(
    page, live_server, demo_data, screenshot
):
    page.goto(live_server.url + "/")
    names = page.locator(".office-card h3 a").all_inner_texts()
    assert names == [
        "Quartiersmanagement Westerfilde/Bodelschwingh",
        "Aktionsbüro des Jobcenters Dortmund",
        "Projekt DoNaPart",
    ]
    screenshot(page, "home-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "home-390")

    for name, service in zip(
        names,
        [
            "Hilft beim Antrag für den Stadtteilfonds",
            "Dortmund-Pass direkt ausgestellt",
            "Lastenräder zum Ausleihen",
        ],
        strict=True,
    ):
        page.goto(live_server.url + "/")
        with page.expect_navigation():
            page.get_by_role("link", name=name, exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text() == name
        assert page.get_by_role("listitem").filter(has_text=service).count() == 1


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page, live_server, demo_data):
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Zum Inhalt springen"
    assert skip.is_visible()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_home_has_no_horizontal_scrolling_at_320_px(page, live_server, demo_data):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("prefix", ["", "/ar", "/tr"])
def test_booking_and_events_are_in_the_main_navigation_and_the_phone_header_is_short(
    page, live_server, demo_data, screenshot, prefix
):
    page.goto(f"{live_server.url}{prefix}/")
    main_nav = page.locator(".site-nav")
    booking_href = main_nav.locator("a").nth(2).get_attribute("href")
    events_href = main_nav.locator("a").nth(4).get_attribute("href")
    assert booking_href == f"{prefix}/sprechzeiten/buchen/"
    assert events_href == f"{prefix}/veranstaltungen/"
    assert page.locator(f'main a[href="{prefix}/sprechzeiten/buchen/"]').first.is_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{prefix}/")
    screenshot(page, f"header{prefix.replace('/', '-')}-390")
    header_bottom = page.evaluate(
        "document.querySelector('.site-header').getBoundingClientRect().bottom"
    )
    assert header_bottom <= 104, header_bottom
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not main_nav.is_visible()
    menu = page.locator(".site-menu__nav")
    assert not menu.is_visible()
    page.locator(".site-menu > summary").click()
    assert menu.locator(f'a[href="{prefix}/sprechzeiten/buchen/"]').is_visible()
    assert menu.locator(f'a[href="{prefix}/veranstaltungen/"]').is_visible()
    assert_no_axe_violations(page)
    screenshot(page, f"header-menu{prefix.replace('/', '-')}-390")
    menu.locator(f'a[href="{prefix}/sprechzeiten/buchen/"]').click()
    page.wait_for_url(f"**{prefix}/sprechzeiten/buchen/")
