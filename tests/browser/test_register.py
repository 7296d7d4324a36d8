"""Geförderte Projekte in a real browser: the register and a project page in German
and Arabic, at desktop and phone width, axe-clean; the applicant takes the consent back."""

import pytest

from fund_applications import register
from fund_applications.models import Application
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PICTURE_LOADED = "img => img.complete && img.naturalWidth > 0"


def _check(page, screenshot, name: str) -> None:
    for label, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        for img in page.locator("main img").all():
            img.scroll_into_view_if_needed()
            page.wait_for_function(f"img => ({PICTURE_LOADED})(img)", arg=img.element_handle())
        page.evaluate("window.scrollTo(0, 0)")
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], page.url
        assert_no_axe_violations(page)
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_resident_reads_the_register_and_opens_a_project_with_photos(
    page, live_server, demo_data, screenshot, language
):
    prefix = "" if language == "de" else "/ar"
    funded = register.register_year()
    with_photos = next(project for project in funded.projects if project.photos)

    page.goto(f"{live_server.url}{prefix}/stadtteilfonds/")
    with page.expect_navigation():
        page.locator(f'a[href="{prefix}/stadtteilfonds/gefoerderte-projekte/"]').first.click()

    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert str(funded.year) in page.get_by_role("heading", level=1).inner_text()
    figures = page.locator(".register-figures__line").inner_text()
    assert str(funded.granted_count) in figures
    cards = page.locator(".register-card")
    assert cards.count() == funded.shown_count
    _check(page, screenshot, f"register-year-{language}")

    with page.expect_navigation():
        page.get_by_role("link", name=with_photos.title).click()

    assert page.get_by_role("heading", level=1).inner_text() == with_photos.title
    photos = page.locator(".register-photos img")
    assert photos.count() == len(with_photos.photos)
    _check(page, screenshot, f"register-project-{language}")


def test_applicant_takes_the_consent_back_and_the_project_disappears(
    page, live_server, demo_data, screenshot
):
    funded = register.register_year()
    project = funded.projects[0]
    application = Application.objects.get(pk=project.pk)

    page.goto(live_server.url + application.get_status_url())
    page.get_by_role("link", name="Einwilligung ansehen oder ändern …").click()
    _check(page, screenshot, "register-consent")
    page.get_by_role("button", name="Einwilligung zurücknehmen: Projekt nicht mehr zeigen").click()

    assert page.get_by_role("status").inner_text() == "Ihre Wahl ist gespeichert."
    assert page.get_by_role(
        "button", name="Ja, unser Projekt darf mit Titel, Kurzbeschreibung, Ziel und Fördersumme"
    ).is_visible()
    page.goto(live_server.url + "/stadtteilfonds/gefoerderte-projekte/")
    assert page.locator(".register-card").count() == funded.shown_count - 1
    assert page.get_by_role("link", name=project.title).count() == 0
