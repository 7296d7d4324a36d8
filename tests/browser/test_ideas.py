"""Anregungen und Ideen in a real browser: a resident sends an idea from a phone and follows it
by the link; staff publish it with an answer; another resident supports it after confirming;
staff mark it "aufgegriffen" with a link to the event that came of it. axe finds nothing on
any of these pages; nothing scrolls sideways at 320 px."""

import re

import pytest
from post_office.models import Email

from offices.models import Announcement
from quartier.accounts.roles import COORDINATORS
from quartier.ideas.models import Idea
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def no_sideways_scrolling(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def path_in_mail(recipient: str, part: str) -> str:
    message = Email.objects.filter(to__contains=recipient).order_by("-pk").first().message
    url = re.search(rf"https?://\S+{part}\S+/", message).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def test_idea_from_a_phone_to_published_supported_and_taken_up(
    page, browser, live_server, demo_data, screenshot, staff_login
):
    # A resident sends an idea from a phone.
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/ideen/")
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)
    screenshot(page, "ideas-list-de-320", docs=True)
    submit(page, page.get_by_role("link", name="Idee schicken"))
    assert heading(page) == "Idee schicken"

    page.get_by_label("Ihre Idee in wenigen Worten").fill("Trinkbrunnen am Marktplatz")
    submit(page, page.get_by_role("button", name="Idee senden"))
    summary = page.get_by_role("alert")
    assert "Bitte prüfen Sie Ihre Angaben" in summary.inner_text()
    assert page.get_by_label("Ihre Idee in wenigen Worten").input_value() == (
        "Trinkbrunnen am Marktplatz"
    )
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)
    screenshot(page, "ideas-form-errors-de-320", docs=True)

    page.get_by_label("Beschreibung").fill("Im Sommer fehlt Wasser für Kinder und Ältere.")
    page.get_by_label("Thema").select_option(label="Zusammenleben")
    page.get_by_label("Wo? (Straße oder bekannter Ort)").fill("Marktplatz Westerfilde")
    page.get_by_label("Ja, das Büro darf meine Idee auf der Website zeigen").check()
    page.get_by_label("Ihre E-Mail-Adresse für Rückfragen").fill("aylin@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    submit(page, page.get_by_role("button", name="Idee senden"))
    assert heading(page) == "Danke! Ihre Idee ist angekommen"
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)
    screenshot(page, "ideas-private-page-de-320", docs=True)

    # She follows it by the link in her mail; it is not public yet.
    private = path_in_mail("aylin@example.org", "/ideen/meine/")
    page.goto(live_server.url + private)
    assert "Noch niemand außer dem Büro" in page.content()
    idea = Idea.objects.get(title="Trinkbrunnen am Marktplatz")
    assert page.goto(live_server.url + f"/ideen/{idea.pk}/").status == 404

    # Staff publish it with an answer, from "Heute zu tun".
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    office = staff.new_page()
    staff_login(office, role=COORDINATORS, username="koordination")
    assert "Ideen warten auf eine Antwort" in office.content()
    office.goto(live_server.url + f"/admin/ideas/idea/{idea.pk}/change/")
    office.get_by_label("Jetzt veröffentlichen").check()
    office.get_by_label("Öffentliche Antwort des Büros").fill(
        "Gute Idee! Wir fragen die Stadtwerke nach einem Trinkbrunnen."
    )
    office.get_by_label("Neuer Stand").select_option(label="wird geprüft")
    assert_no_axe_violations(office)
    submit(office, office.get_by_role("button", name="Sichern", exact=True))
    screenshot(office, "ideas-admin-list-de-1280", docs=True)

    # Another resident supports it after confirming.
    page.goto(live_server.url + f"/ideen/{idea.pk}/")
    assert "Gute Idee! Wir fragen die Stadtwerke" in page.content()
    assert "wird geprüft" in page.content()
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)
    submit(page, page.get_by_role("link", name="Ich unterstütze das"))
    page.get_by_label("Ihre E-Mail-Adresse").fill("jonas@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    assert_no_axe_violations(page)
    submit(page, page.get_by_role("button", name="Ich unterstütze das"))
    assert heading(page) == "Bitte schauen Sie in Ihr Postfach"
    page.goto(live_server.url + path_in_mail("jonas@example.org", "/ideen/unterstuetzung/"))
    assert_no_axe_violations(page)
    submit(page, page.get_by_role("button", name="Ja, ich unterstütze das"))
    assert heading(page) == "Danke für Ihre Unterstützung"
    assert "Jetzt unterstützt 1 Person diese Idee." in page.content()

    # Staff mark it "aufgegriffen" with a link to the event that came of it.
    event = Announcement.objects.get(slug="eroeffnung-quartiersbuero")
    office.goto(live_server.url + f"/admin/ideas/idea/{idea.pk}/change/")
    assert "1" in office.locator(".field-support_count").inner_text()
    office.get_by_label("Neuer Stand").select_option(label="aufgegriffen")
    office.get_by_label("Hinweis zum neuen Stand (öffentlich)").fill(
        "Beim Eröffnungsfest steht der erste mobile Trinkbrunnen."
    )
    office.get_by_label("Daraus entstanden: Meldung oder Veranstaltung").select_option(
        label=event.title
    )
    submit(office, office.get_by_role("button", name="Sichern", exact=True))
    staff.close()

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(live_server.url + f"/ideen/{idea.pk}/")
    outcome = page.get_by_role("region", name="Was daraus geworden ist")
    assert event.title in outcome.inner_text()
    history = page.get_by_role("region", name="Was bisher geschah").inner_text()
    assert "eingegangen" in history
    assert "wird geprüft" in history
    assert "aufgegriffen" in history
    assert "1 Person unterstützt diese Idee" in page.content()
    assert_no_axe_violations(page)
    no_sideways_scrolling(page)
    screenshot(page, "ideas-detail-de-390", docs=True)

    # The author sees the same on her private page.
    page.goto(live_server.url + private)
    assert "aufgegriffen" in page.content()
    assert event.title in page.content()


@pytest.mark.parametrize("language", ["ar", "tr"])
def test_ideas_pages_in_other_languages_are_axe_clean(
    page, live_server, demo_data, screenshot, language
):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["/ideen/", "/ideen/neu/", "/ideen/so-gehts/"]:
        page.goto(f"{live_server.url}/{language}{path}")
        assert_no_axe_violations(page)
        no_sideways_scrolling(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/{language}/ideen/")
    screenshot(page, f"ideas-list-{language}-390", docs=True)
    idea = Idea.objects.published().get(language="en")
    page.goto(f"{live_server.url}/{language}/ideen/{idea.pk}/")
    assert_no_axe_violations(page)
    screenshot(page, f"ideas-detail-{language}-390", docs=True)


@pytest.mark.parametrize("width", [576, 768, 1280])
def test_ideas_groups_and_lending_are_in_the_main_navigation_without_sideways_scrolling(
    page, live_server, demo_data, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/")
    header_bottom = page.evaluate(
        "document.querySelector('.site-header').getBoundingClientRect().bottom"
    )
    no_sideways_scrolling(page)
    screenshot(page, f"nav-header-de-{width}")
    assert header_bottom < 400

    for name, title in [
        ("Ideen", "Anregungen und Ideen"),
        ("Gruppen", "Initiativen und Gruppen"),
        ("Ausleihen", "Raum und Lastenrad ausleihen"),
    ]:
        link = page.locator(".site-nav").get_by_role("link", name=name, exact=True)
        assert link.is_visible(), name
        submit(page, link)
        assert heading(page) == title
        assert page.locator(".site-nav a[aria-current=page]").inner_text() == name


def test_staff_pages_of_ideas_work_on_a_phone(page, live_server, demo_data, staff_login):
    from tests.browser.test_staff_axe import check

    staff_login(page, role=COORDINATORS, username="koordination")
    idea = Idea.objects.published().first()
    report = {}
    for path in [
        "/admin/ideas/idea/",
        f"/admin/ideas/idea/{idea.pk}/change/",
        "/admin/ideas/topic/",
        "/admin/ideas/idea/auskunft/?email=idee1@example.org",
    ]:
        check(page, live_server.url + path, report, "koordination")

    assert report == {}
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + f"/admin/ideas/idea/{idea.pk}/change/")
    page.screenshot(path="test-output/screenshots/ideas-admin-change-de-390.png", full_page=True)
