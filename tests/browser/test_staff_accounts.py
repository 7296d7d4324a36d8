"""Koordination invites colleagues on the plain staff page, in a real browser; each colleague
opens the link from the outbox, sets a password and lands where the role requires: the admin
start page (Büro-Team) or the two-factor set-up (Stadtteilfonds-Team). German, axe-clean,
usable at 390 px. Screenshots for the staff guide: docs/screenshots/staff-accounts-*.png."""

import re

import pytest

from offices.models import Office
from quartier.accounts.roles import COORDINATORS
from tests.browser.axe import assert_no_axe_violations
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Lastenrad-Westerfilde-23"


def check(page, screenshot, name):
    assert_no_axe_violations(page)
    for width, height in [(1280, 900), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        assert_no_axe_violations(page)
        screenshot(page, f"staff-accounts-{name}-{width}", docs=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def invite(page, *, name, email, role, office=None):
    page.get_by_role("link", name="Mitarbeiterin oder Mitarbeiter hinzufügen").click()
    page.wait_for_url("**/staffmember/add/")
    page.get_by_label(re.compile(r"^Name:?$")).fill(name)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label(re.compile(re.escape(role) + " –")).check()
    if office:
        page.get_by_label(office, exact=True).check()


def link_in_invitation(mailoutbox, email, site_url) -> str:
    (message,) = [m for m in mailoutbox if m.to == [email]]
    links = re.findall(r"https?://\S+", message.body)
    assert links
    assert all(link.startswith(site_url + "/") for link in links), links
    return links[0]


def test_coordinator_invites_colleagues_who_set_a_password_and_start(
    page, browser, live_server, screenshot, staff_login, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    if not Office.objects.filter(slug="jobcenter").exists():
        OfficeFactory(slug="jobcenter", name="Aktionsbüro Jobcenter", short_name="Jobcenter")
    staff_login(
        page, role=COORDINATORS, username="koordination", first_name="Katrin", last_name="Koch"
    )

    page.get_by_role("link", name="Mitarbeitende").first.click()
    page.wait_for_url("**/admin/accounts/staffmember/")
    assert "Katrin Koch" in page.locator("#result_list").inner_text()
    check(page, screenshot, "liste")

    # Büro-Team without an office: the form says why and keeps what was typed.
    invite(page, name="Ayşe Yılmaz", email="ayse@example.org", role="Büro-Team")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.locator(".errornote").first.wait_for()
    assert "mindestens ein Partnerbüro" in page.locator("#fehler").inner_text()
    assert page.get_by_label(re.compile(r"^Name:?$")).input_value() == "Ayşe Yılmaz"
    page.get_by_label("Aktionsbüro Jobcenter", exact=True).check()
    check(page, screenshot, "einladen")
    with page.expect_navigation():
        page.get_by_role("button", name="Sichern", exact=True).click()
    assert "Die Einladung an Ayşe Yılmaz (ayse@example.org) ist verschickt." in (
        page.locator(".messagelist").inner_text()
    )
    row = page.locator("#result_list tbody tr", has_text="ayse@example.org")
    assert "Büro-Team" in row.inner_text()
    assert "Einladung noch nicht angenommen" in row.inner_text()

    invite(page, name="Jonas Berg", email="jonas@example.org", role="Stadtteilfonds-Team")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.locator(".messagelist").wait_for()

    # Ayşe opens the link from the outbox in her own browser.
    ayse_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    ayse = ayse_context.new_page()
    ayse.goto(link_in_invitation(mailoutbox, "ayse@example.org", live_server.url))
    assert "Passwort festlegen" in ayse.title()
    assert "Django" not in ayse.content()
    check(ayse, screenshot, "passwort")
    ayse.get_by_label("Neues Passwort").fill(NEW_PASSWORD)
    ayse.get_by_label("Passwort wiederholen").fill(NEW_PASSWORD)
    ayse.get_by_role("button", name="Passwort speichern und anmelden").click()
    ayse.wait_for_url(live_server.url + "/admin/")
    assert "Sie sind angemeldet" in ayse.locator(".messagelist").inner_text()
    check(ayse, screenshot, "angemeldet")

    # A page that is not hers answers with a way back, not a dead end.
    ayse.goto(live_server.url + "/admin/accounts/staffmember/")
    assert "Kein Zugriff" in ayse.locator("h1").inner_text()
    check(ayse, screenshot, "kein-zugriff")
    ayse.get_by_role("link", name="Zurück zur Verwaltung: Heute zu tun").click()
    ayse.wait_for_url(live_server.url + "/admin/")
    ayse_context.close()

    # Jonas's role sees applicants' data: after the password comes the two-factor set-up.
    jonas_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    jonas = jonas_context.new_page()
    jonas.goto(link_in_invitation(mailoutbox, "jonas@example.org", live_server.url))
    jonas.get_by_label("Neues Passwort").fill(NEW_PASSWORD)
    jonas.get_by_label("Passwort wiederholen").fill(NEW_PASSWORD)
    jonas.get_by_role("button", name="Passwort speichern und anmelden").click()
    jonas.wait_for_url(live_server.url + "/admin/zwei-faktor/")
    assert "Anmeldung in zwei Schritten" in jonas.locator(".messagelist").inner_text()
    check(jonas, screenshot, "zwei-faktor")
    jonas_context.close()
