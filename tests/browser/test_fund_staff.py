"""The fund team in a real browser: two-factor login, Rückfrage answered by the applicant via the
status link, jury session, approval with a lower amount, budget, the applicant's status page;
the workflow pages by keyboard only; the Verwendungsnachweis page for the applicant."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fund_applications import selectors
from fund_applications.enums import ApplicationStatus
from fund_applications.models import Application
from quartier.accounts.roles import FUND_TEAM
from tests.browser.axe import assert_no_axe_violations
from tests.factories import ApplicationFactory, CostItemFactory
from tests.fund_applications.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def snap(page, screenshot, name):
    screenshot(page, f"fund-staff-{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"fund-staff-{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def applicant_snap(page, screenshot, name):
    assert_no_axe_violations(page)
    snap(page, screenshot, name)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(staff_login, page):
    return staff_login(page, role=FUND_TEAM, username="fonds")


def submitted_application():
    fund = selectors.fund_current()
    application = ApplicationFactory(
        fund=fund,
        title="Hochbeete im Hof",
        total_cost=Decimal("300.00"),
        requested_amount=Decimal("300.00"),
    )
    CostItemFactory(application=application, description="Holz", amount=Decimal("300.00"))
    return application


def remaining_budget(page) -> str:
    return page.locator(".fund-budget__remaining dd").first.inner_text()


def test_staff_move_an_application_from_submitted_to_approved(
    page, browser, live_server, demo_data, screenshot, staff_login, mailoutbox
):
    application = submitted_application()
    log_in(staff_login, page)
    change_url = f"{live_server.url}/admin/fund_applications/application/{application.pk}/change/"

    # eingegangen → in Prüfung
    page.goto(change_url)
    snap(page, screenshot, "1-antrag")
    page.get_by_role("link", name="Prüfung beginnen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="„in Prüfung“ eintragen und E-Mail senden").click()
    assert "ist jetzt „in Prüfung“" in page.locator(".messagelist").inner_text()

    # Rückfrage with a preview of the email
    page.get_by_role("link", name="Rückfrage stellen").click()
    page.get_by_label("Ihre Frage an die Antragsteller").fill("Wie viele Hochbeete werden es?")
    page.get_by_label("Persönliche Nachricht (optional)").fill("Danke für Ihren Besuch!")
    page.get_by_role("button", name="Vorschau aktualisieren").click()
    preview = page.locator(".fund-email-preview").inner_text()
    assert "Rückfrage zu Ihrem Antrag" in preview
    assert "Wie viele Hochbeete werden es?" in preview
    assert "Danke für Ihren Besuch!" in preview
    snap(page, screenshot, "2-rueckfrage-vorschau")
    with page.expect_navigation():
        page.get_by_role("button", name="„Rückfrage“ eintragen und E-Mail senden").click()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.QUESTION

    # The applicant answers through the status link (another browser, no staff session).
    resident = browser.new_context(locale="de-DE").new_page()
    resident.goto(live_server.url + application.get_status_url())
    assert resident.locator(".status-badge").inner_text() == "Rückfrage"
    resident.get_by_role("link", name="Frage beantworten").click()
    assert "Wie viele Hochbeete werden es?" in resident.locator("main").inner_text()
    resident.get_by_label("Ihre Antwort").fill("Drei Hochbeete, je zwei Meter.")
    resident.get_by_role("button", name="Antwort senden").click()
    assert resident.locator(".status-badge").inner_text() == "in Prüfung"

    # Staff see the answer and put the application on the next jury session.
    page.goto(change_url)
    assert "Drei Hochbeete, je zwei Meter." in page.locator("body").inner_text()
    page.get_by_role("link", name="Bereit für die Jury").click()
    session = selectors.fund_current().upcoming_sessions[0]
    page.get_by_label("Jurysitzung").select_option(str(session.pk))
    page.get_by_role("button", name="„bereit für Jury“ eintragen und E-Mail senden").click()

    # The jury session: budget before, approval with a lower amount, budget after.
    page.goto(f"{live_server.url}/admin/fund_applications/jurysession/{session.pk}/change/")
    assert "Hochbeete im Hof" in page.locator(".fund-session").inner_text()
    before = remaining_budget(page)
    snap(page, screenshot, "3-jurysitzung")
    page.get_by_role("link", name=f"Bewilligen {application.reference}").click()
    page.get_by_label("Bewilligter Betrag in Euro").fill("250,00")
    page.get_by_label("Stimmen dafür").fill("12")
    page.get_by_label("Stimmen dagegen").fill("2")
    page.get_by_label("Enthaltungen").fill("1")
    page.get_by_label("Auflagen (optional)").fill("Ohne Verpflegung")
    page.get_by_label("Ja, die Jury hat schon entschieden").check()
    page.get_by_role("button", name="Vorschau aktualisieren").click()
    assert "250,00\u00a0€" in page.locator(".fund-email-preview").inner_text()
    snap(page, screenshot, "4-bewilligen")
    page.get_by_role("button", name="„bewilligt“ eintragen und E-Mail senden").click()
    page.goto(f"{live_server.url}/admin/fund_applications/jurysession/{session.pk}/change/")
    after = remaining_budget(page)

    def euros(text):
        return Decimal(re.sub(r"[^\d,]", "", text).replace(",", "."))

    assert euros(before) - euros(after) == Decimal("250.00")
    snap(page, screenshot, "5-budget-nachher")

    # The applicant's status page says "bewilligt" with the amount.
    resident.goto(live_server.url + application.get_status_url())
    assert resident.locator(".status-badge").inner_text() == "bewilligt"
    assert "250,00\u00a0€" in resident.locator(".status-box").inner_text()
    applicant_snap(resident, screenshot, "6-status-bewilligt")

    subjects = [m.subject for m in mailoutbox if m.to == ["anna@example.org"]]
    assert len(subjects) == 4
    assert subjects[-1].startswith("Bewilligt:")
    timeline = Application.objects.get(pk=application.pk).status_changes.all()
    assert [c.to_status for c in timeline] == [
        "in_pruefung",
        "rueckfrage",
        "in_pruefung",
        "bereit_fuer_jury",
        "bewilligt",
    ]


def focus_by_tab(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the JavaScript predicate."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"never reached by Tab: {predicate}")


def test_workflow_buttons_and_confirmation_form_work_by_keyboard(
    page, live_server, demo_data, screenshot, staff_login
):
    application = submitted_application()
    log_in(staff_login, page)
    page.goto(f"{live_server.url}/admin/fund_applications/application/{application.pk}/change/")

    focus_by_tab(page, "el.textContent.trim() === 'Prüfung beginnen'")
    screenshot(page, "fund-staff-tastatur-fokus")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/schritt/in_pruefung/$"))
    focus_by_tab(page, "el.id === 'id_personal_message'")
    page.keyboard.type("Wir melden uns bald.")
    focus_by_tab(page, "el.textContent.trim() === 'Vorschau aktualisieren'")
    with page.expect_navigation():  # the same address again: wait for the new answer
        page.keyboard.press("Enter")
    assert "Wir melden uns bald." in page.locator(".fund-email-preview").inner_text()
    focus_by_tab(page, "el.value === 'ausfuehren'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/change/$"))

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.IN_REVIEW


def test_an_applicant_typed_meta_refresh_does_not_take_over_the_staff_members_tab(
    page, live_server, demo_data, screenshot, staff_login
):
    """The probe's attack: a contact name that, rendered raw in the email preview, sent the
    fund team's tab elsewhere (the CSP stops scripts, not a meta refresh)."""
    application = submitted_application()
    trap = f"{live_server.url}/gibt-es-nicht/?umgeleitet=1"
    Application.objects.filter(pk=application.pk).update(
        contact_name=f'<meta http-equiv="refresh" content="0;url={trap}"> Anna',
        organisation_name='"><img src=x onerror=alert(1)>',
        summary="<script>alert(1)</script>",
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(staff_login, page)
    url = f"{live_server.url}/admin/fund_applications/application/{application.pk}/"

    for path in ["change/", "schritt/in_pruefung/"]:
        page.goto(url + path)
        page.wait_for_timeout(1500)  # a refresh with 0 seconds would have happened by now
        assert page.url == url + path
    preview = page.locator(".fund-email-preview__body").inner_text()

    assert '<meta http-equiv="refresh"' in preview  # shown as the text it is
    assert page.locator(".fund-email-preview meta, #content img[src='x']").count() == 0
    assert not dialogs
    snap(page, screenshot, "vorschau-mit-html-im-namen")


def test_applicant_hands_in_the_verwendungsnachweis(page, live_server, demo_data, screenshot):
    application = submitted_application()
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.IN_PROGRESS, granted_amount=Decimal("250.00"), budget_year=2026
    )

    page.goto(live_server.url + application.get_status_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Belege und Bericht hochladen").click()
    applicant_snap(page, screenshot, "7-nachweis")
    page.get_by_role("button", name="Beleg hochladen").click()
    expect(page.get_by_role("alert")).to_have_count(1)
    applicant_snap(page, screenshot, "7-nachweis-fehler")
    page.get_by_label("Beleg (PDF, JPEG oder PNG)").set_input_files(
        files=[{"name": "Baumarkt.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_label("Für welche Kostenposition?").select_option(label="Holz")
    page.get_by_label("Betrag laut Beleg in Euro").fill("240,10")
    page.get_by_role("button", name="Beleg hochladen").click()
    assert "240,10" in page.locator(".cost-table").inner_text()
    page.get_by_label("Kurzer Bericht: Wie lief das Projekt?").fill("Drei Beete stehen.")
    page.get_by_role("button", name="Nachweis einreichen").click()

    assert page.locator(".status-badge").inner_text() == "Verwendungsnachweis eingereicht"
    applicant_snap(page, screenshot, "8-nachweis-eingereicht")


def test_fund_page_lists_recent_sessions_and_links_the_older_ones(
    page, live_server, demo_data, screenshot, staff_login
):
    from datetime import timedelta

    from fund_applications.models import JurySession
    from quartier.core import clock
    from tests.factories import JurySessionFactory

    fund = selectors.fund_current()
    for days in (400, 800):
        JurySessionFactory(fund=fund, starts_at=clock.now() - timedelta(days=days))
    older = JurySession.objects.filter(
        fund=fund, starts_at__lt=clock.now() - timedelta(days=selectors.RECENT_JURY_SESSION_DAYS)
    ).count()
    log_in(staff_login, page)

    page.goto(f"{live_server.url}/admin/fund_applications/fund/{fund.pk}/change/")
    link = page.get_by_role(
        "link", name=f"{older} ältere Jurysitzungen stehen in der Liste der Jurysitzungen"
    )
    expect(link).to_be_visible()
    assert_no_axe_violations(page)
    link.scroll_into_view_if_needed()
    snap(page, screenshot, "fonds-sitzungen")

    with page.expect_navigation():
        link.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(older)
    snap(page, screenshot, "fonds-aeltere-sitzungen")


def test_application_page_on_a_phone_shows_each_read_only_row_as_a_card(
    page, live_server, demo_data, screenshot, staff_login
):
    """At 390 px the cost plan, files and timeline below an application are cards with the
    column name before each value; squeezed into columns, "Zeitpunkt" broke into "Zeit/pun/kt"
    and "Material" into "Materia/l"."""
    application = submitted_application()
    log_in(staff_login, page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/fund_applications/application/{application.pk}/change/")

    cost_line = page.locator(".read-only-table tbody tr").first
    description = cost_line.locator("td.field-description")
    assert description.get_attribute("data-label") == "Wofür genau?"
    assert description.inner_text() == "Holz"
    cells = cost_line.locator("td[data-label]")
    for index in range(cells.count()):
        cell = cells.nth(index)
        # A card's cell spans the card: the label and the value read on one or two whole lines.
        assert cell.evaluate("td => td.getBoundingClientRect().width") > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
    screenshot(page, "fund-staff-antrag-karten-390")
