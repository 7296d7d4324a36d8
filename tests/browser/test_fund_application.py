import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from fund_applications.models import Application
from quartier.core import clock
from tests.browser.axe import assert_no_axe_violations
from tests.fund_applications.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def snap(page, screenshot, name):
    """Desktop and phone screenshots of the page as it is now, plus an axe scan."""
    assert_no_axe_violations(page)
    screenshot(page, f"fund-{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"fund-{name}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_applicant(page):
    page.get_by_label("Für eine Gruppe oder Initiative").check()
    page.get_by_label("Name der Gruppe, Initiative oder des Vereins").fill("Hofgemeinschaft")
    page.get_by_label("Vor- und Nachname der Ansprechperson").fill("Anna Beispiel")
    page.get_by_label("Straße und Hausnummer").fill("Westerfilder Straße 1")
    page.get_by_label("Postleitzahl").fill("44357")
    page.get_by_label("E-Mail").fill("anna@example.org")


def test_resident_applies_online_goes_back_and_follows_the_status(
    page, live_server, demo_data, screenshot, tmp_path
):
    start = clock.today() + dt.timedelta(days=120)
    pdf = tmp_path / "Angebot Baumarkt.pdf"
    pdf.write_bytes(PDF_BYTES)

    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="Mehr zum Stadtteilfonds und zum Antrag").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Stadtteilfonds Westerfilde/Bodelschwingh"
    )
    assert (
        page.get_by_text(re.compile(r"Einreichen bis \d+\. \w+ für die Jurysitzung im")).count()
        >= 1
    )
    snap(page, screenshot, "0-fonds")

    with page.expect_navigation():
        page.get_by_role("link", name="Antrag online stellen").click()
    snap(page, screenshot, "0-start")
    with page.expect_navigation():
        page.get_by_role("button", name="Antrag beginnen").click()

    # Step 1
    assert page.get_by_role("heading", level=1).inner_text() == "Schritt 1 von 4: Antragsteller"
    assert page.locator('[aria-current="step"]').inner_text().strip().endswith("Antragsteller")
    fill_applicant(page)
    snap(page, screenshot, "1-antragsteller")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()

    # Step 2
    assert page.get_by_role("heading", level=1).inner_text() == "Schritt 2 von 4: Projekt"
    page.get_by_label("Titel des Projekts").fill("Hochbeete im Hof")
    page.get_by_label("Was haben Sie vor?").fill("Wir bauen drei Hochbeete für alle im Block.")
    page.get_by_label("Nachbarschaft").check()
    page.get_by_label("Umwelt").check()
    page.get_by_label("Für wen ist das Projekt?").fill("Alle im Block")
    page.get_by_label("Wo findet es statt?").fill("Innenhof Westerfilder Straße")
    page.get_by_label("Beginn").fill(start.isoformat())
    page.get_by_label("Ende").fill((start + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Wie viele Menschen machen mit oder kommen?").fill("25")
    page.get_by_label("Was hat der Stadtteil davon?").fill("Mehr Grün und mehr Kontakt.")
    snap(page, screenshot, "2-projekt")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()

    # Step 3: two cost lines, the second added without JavaScript
    assert page.get_by_role("heading", level=1).inner_text() == "Schritt 3 von 4: Kosten"
    page.locator("#id_kosten-0-category").select_option("material")
    page.locator("#id_kosten-0-description").fill("Holz und Schrauben")
    page.locator("#id_kosten-0-amount").fill("250,50")
    page.get_by_role("button", name="Weitere Zeile").click()
    page.locator("#id_kosten-1-category").select_option("verpflegung")
    page.locator("#id_kosten-1-description").fill("Kaffee und Kuchen zur Eröffnung")
    page.locator("#id_kosten-1-amount").fill("80")
    page.get_by_label("Eigenmittel und andere Förderung in Euro").fill("30,50")
    page.get_by_role("button", name="Summe neu berechnen").click()
    assert "300,00" in page.locator("#summe").inner_text()
    snap(page, screenshot, "3-kosten")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()

    # Step 4: one PDF
    assert page.get_by_role("heading", level=1).inner_text() == "Schritt 4 von 4: Anlagen"
    page.get_by_label("Datei auswählen").set_input_files(str(pdf))
    page.get_by_role("button", name="Datei hochladen").click()
    assert page.locator(".attachment-list").inner_text().startswith("Angebot Baumarkt.pdf")
    snap(page, screenshot, "4-anlagen")

    # Back a step and forward again: nothing lost
    page.get_by_role("button", name="Zurück").click()
    assert page.locator("#id_kosten-0-description").input_value() == "Holz und Schrauben"
    assert page.locator("#id_kosten-1-amount").input_value() == "80"
    assert page.get_by_label("Eigenmittel und andere Förderung in Euro").input_value() == "30,50"
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert "Angebot Baumarkt.pdf" in page.locator(".attachment-list").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter zur Übersicht").click()

    # Review
    assert page.get_by_role("heading", level=1).inner_text() == "Prüfen und absenden"
    review = page.locator("main").inner_text()
    for text in [
        "Hofgemeinschaft",
        "Hochbeete im Hof",
        "Nachbarschaft, Umwelt",
        "330,50",
        "300,00",
        "Angebot Baumarkt.pdf",
    ]:
        assert text in review, text
    page.get_by_label("Das Projekt hat noch nicht begonnen.").check()
    page.get_by_label(re.compile("kein Geld aus anderen Förderprogrammen")).check()
    page.get_by_label(re.compile("Ich bin einverstanden")).check()
    snap(page, screenshot, "5-pruefen")
    page.get_by_role("button", name="Antrag absenden").click()

    # Confirmation with the reference number
    reference = page.locator(".reference-number").inner_text()
    assert re.fullmatch(rf"SF-{clock.today().year}-\d{{4}}", reference)
    assert Application.objects.latest("pk").reference == reference  # the demo has others
    snap(page, screenshot, "6-bestaetigung")

    with page.expect_navigation():
        page.locator('a[href*="/stadtteilfonds/status/"]').first.click()
    assert reference in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".status-badge").inner_text() == "eingegangen"
    snap(page, screenshot, "7-status")


def test_required_fields_empty_show_error_summary_and_keep_typed_values(
    page, live_server, demo_data, screenshot
):
    page.goto(live_server.url + "/stadtteilfonds/antrag/")
    page.get_by_role("button", name="Antrag beginnen").click()
    page.get_by_label("Vor- und Nachname der Ansprechperson").fill("Anna Beispiel")
    page.get_by_label("Telefon").fill("0231 123456")

    page.get_by_role("button", name="Weiter", exact=True).click()

    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading").inner_text() == "Bitte prüfen Sie Ihre Angaben"
    assert summary.get_by_role("link", name=re.compile("Straße und Hausnummer")).count() == 1
    assert (
        page.get_by_label("Vor- und Nachname der Ansprechperson").input_value() == "Anna Beispiel"
    )
    assert page.get_by_label("Telefon").input_value() == "0231 123456"
    assert page.title().startswith("Fehler:")
    summary.get_by_role("link", name=re.compile("Postleitzahl")).click()
    assert page.evaluate("document.activeElement.id") == "id_postal_code"
    snap(page, screenshot, "1-antragsteller-fehler")


def test_every_step_with_errors_has_no_axe_violations(page, live_server, demo_data, screenshot):
    page.goto(live_server.url + "/stadtteilfonds/antrag/")
    with page.expect_navigation():
        page.get_by_role("button", name="Antrag beginnen").click()
    token_url = page.url.rsplit("/", 2)[0]

    for slug in ["projekt", "kosten"]:
        page.goto(f"{token_url}/{slug}/")
        if slug == "kosten":
            page.locator("#id_kosten-0-amount").fill("-3")
        page.get_by_role("button", name="Weiter", exact=True).click()
        expect(page.get_by_role("alert")).to_have_count(1)
        snap(page, screenshot, f"{slug}-fehler")

    page.goto(f"{token_url}/anlagen/")
    page.get_by_label("Datei auswählen").set_input_files(
        files=[{"name": "virus.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 64}]
    )
    page.get_by_role("button", name="Datei hochladen").click()
    assert "keine PDF-, JPEG- oder PNG-Datei" in page.get_by_role("alert").inner_text()
    snap(page, screenshot, "anlagen-fehler")

    page.goto(f"{token_url}/pruefen/")
    assert page.get_by_role("alert").count() == 1  # steps still missing
    snap(page, screenshot, "pruefen-unvollstaendig")


def test_sending_without_declarations_shows_errors_without_axe_violations(
    page, live_server, demo_data, screenshot
):
    from fund_applications import selectors, services
    from tests.fund_applications.conftest import step_values

    fund = selectors.fund_current()
    draft = services.draft_create(fund=fund)
    for slug, values in step_values(fund).items():
        services.draft_save_step(draft=draft, step=slug, values=values, valid=True)

    page.goto(f"{live_server.url}/stadtteilfonds/antrag/{draft.token}/pruefen/")
    page.get_by_label("Das Projekt hat noch nicht begonnen.").check()
    page.get_by_role("button", name="Antrag absenden").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_count(2)
    assert page.get_by_label("Das Projekt hat noch nicht begonnen.").is_checked()
    assert not Application.objects.filter(draft__isnull=False).exists()  # none sent
    snap(page, screenshot, "5-pruefen-fehler")


def test_applicant_answers_a_question_and_withdraws_via_the_status_link(
    page, live_server, demo_data, screenshot
):
    from fund_applications import selectors, services
    from fund_applications.enums import ApplicationStatus
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(
        fund=selectors.fund_current(), status=ApplicationStatus.IN_REVIEW
    )
    services.application_staff_transition(
        application=application,
        to_status=ApplicationStatus.QUESTION,
        user=None,
        question="Wie viele Hochbeete sollen es werden?",
    )

    page.goto(live_server.url + application.get_status_url())
    assert page.locator(".status-badge").inner_text() == "Rückfrage"
    page.get_by_role("link", name="Frage beantworten").click()
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_role("alert")).to_have_count(1)
    snap(page, screenshot, "8-antworten-fehler")
    page.get_by_label("Ihre Antwort").fill("Drei Stück, je zwei Meter lang.")
    page.get_by_role("button", name="Antwort senden").click()
    assert page.locator(".status-badge").inner_text() == "in Prüfung"
    assert "Drei Stück" in page.locator(".message-list").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Antrag zurückziehen …").click()
    snap(page, screenshot, "9-zurueckziehen")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, Antrag zurückziehen").click()
    assert page.locator(".status-badge").inner_text() == "zurückgezogen"
    assert page.get_by_role("link", name="Antrag zurückziehen …").count() == 0
    snap(page, screenshot, "9-zurueckgezogen")
