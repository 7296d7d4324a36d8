"""The fund team's day and the jury member's, in Chromium: received → question →
the applicant answers with a file → jury session, moved to another one → decision (before the
session, confirmed) → payout → CSV; the jury member opens the next session and its pack (HTML
and PDF). axe on every admin page; screenshots at 1280 and 390 px for the staff guide."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from post_office.models import Email

from fund_applications import selectors
from fund_applications.enums import ApplicationStatus
from fund_applications.models import Application, MessageAttachment
from quartier.accounts.roles import FUND_TEAM, JURY
from tests.browser.axe import assert_no_axe_violations
from tests.factories import ApplicationFactory, CostItemFactory, JurySessionFactory
from tests.fund_applications.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, screenshot, name: str, *, axe: bool = True) -> None:
    """axe first, then the page at 1280 and 390 px (for the staff guide)."""
    if axe:
        assert_no_axe_violations(page)
    screenshot(page, f"{name}-1280", docs=True)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390", docs=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def received_application():
    fund = selectors.fund_current()
    application = ApplicationFactory(
        fund=fund,
        title="Hochbeete im Hof",
        total_cost=Decimal("300.00"),
        requested_amount=Decimal("300.00"),
    )
    CostItemFactory(application=application, description="Holz", amount=Decimal("300.00"))
    return application


def step(page, link: str, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=True).click()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_fund_team_day(page, browser, live_server, demo_data, staff_login, screenshot):
    application = received_application()
    fund = application.fund
    first = selectors.fund_current().upcoming_sessions[0]
    second = JurySessionFactory(
        fund=fund,
        # A year later, by days: a session on 29 February has no date a year on.
        starts_at=first.starts_at + timedelta(days=365),
        submission_deadline=first.submission_deadline + timedelta(days=365),
        place="Bürgerhaus",
    )
    staff_login(page, role=FUND_TEAM, username="fonds")
    base = f"{live_server.url}/admin/fund_applications"
    change_url = f"{base}/application/{application.pk}/change/"

    # Received: the to-do filter of the list shows it.
    page.goto(f"{base}/application/?zu_tun=eingegangen")
    assert "Hochbeete im Hof" in page.locator("#result_list").inner_text()
    assert_no_axe_violations(page)
    page.goto(change_url)
    shot(page, screenshot, "staff-fund-1-antrag")
    step(page, "Prüfung beginnen", "„in Prüfung“ eintragen und E-Mail senden")

    # Question with the email preview.
    page.get_by_role("link", name="Rückfrage stellen").click()
    page.get_by_label("Ihre Frage an die Antragsteller").fill("Haben Sie ein Angebot für das Holz?")
    page.get_by_role("button", name="Vorschau aktualisieren").click()
    shot(page, screenshot, "staff-fund-2-rueckfrage")
    with page.expect_navigation():
        page.get_by_role("button", name="„Rückfrage“ eintragen und E-Mail senden").click()

    # The applicant answers with a file on the public status page (another browser).
    resident = browser.new_context(locale="de-DE").new_page()
    resident.goto(live_server.url + application.get_status_url())
    resident.get_by_role("link", name="Frage beantworten").click()
    resident.get_by_label("Ihre Antwort").fill("Ja, das Angebot hängt an.")
    resident.get_by_label("Dateien zur Antwort (freiwillig)").set_input_files(
        files=[{"name": "Angebot-Holz.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    assert_no_axe_violations(resident)
    with resident.expect_navigation():
        resident.get_by_role("button", name="Antwort senden").click()
    assert resident.locator(".status-badge").inner_text() == "in Prüfung"
    assert "Angebot-Holz.pdf" in resident.locator("main").inner_text()
    assert MessageAttachment.objects.get().original_name == "Angebot-Holz.pdf"
    team_mail = Email.objects.filter(subject__startswith="Antwort zu Antrag").get()
    assert "Ja, das Angebot hängt an." in team_mail.message
    assert "Angebot-Holz.pdf" in team_mail.message

    # "neu" in the list until the team opens it.
    page.goto(f"{base}/application/")
    assert "neu Antwort" in page.locator("#result_list").inner_text()
    shot(page, screenshot, "staff-fund-3-liste-neu")
    with page.expect_navigation():
        page.get_by_role("link", name=application.reference).click()
    assert "Die Antragsteller haben geantwortet." in page.locator("#content").inner_text()
    assert page.get_by_role("link", name="Angebot-Holz.pdf").count() == 1
    shot(page, screenshot, "staff-fund-4-antwort")
    page.goto(f"{base}/application/")
    assert "neu" not in page.locator("#result_list").inner_text()

    # Ready for the jury on the first session, then moved to the second with a reason.
    page.goto(change_url)
    page.get_by_role("link", name="Bereit für die Jury").click()
    page.get_by_label("Jurysitzung").select_option(str(first.pk))
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="„bereit für Jury“ eintragen und E-Mail senden").click()
    page.get_by_role("link", name="In andere Jurysitzung verschieben").click()
    page.get_by_role("button", name="Verschieben und E-Mail senden").click()
    expect(page.locator(".fund-error-summary")).to_have_count(1)
    page.get_by_label("Neue Jurysitzung").select_option(str(second.pk))
    page.get_by_label("Grund der Verschiebung").fill("Die erste Sitzung ist schon voll.")
    shot(page, screenshot, "staff-fund-5-verschieben")
    with page.expect_navigation():
        page.get_by_role("button", name="Verschieben und E-Mail senden").click()
    expect(page.locator("#content")).to_contain_text("Jurysitzung verschoben")
    moved_mail = Email.objects.filter(subject__contains="andere Jurysitzung").get()
    assert str(second.starts_at.astimezone().year) in moved_mail.message
    assert "Die erste Sitzung ist schon voll." in moved_mail.message

    # Decision in the session, before its date: the page asks for confirmation.
    page.goto(f"{base}/jurysession/{second.pk}/change/")
    shot(page, screenshot, "staff-fund-6-jurysitzung")
    page.get_by_role("link", name=f"Bewilligen {application.reference}").click()
    page.get_by_label("Bewilligter Betrag in Euro").fill("280,00")
    page.get_by_label("Stimmen dafür").fill("9")
    with page.expect_navigation():
        page.get_by_role("button", name="„bewilligt“ eintragen und E-Mail senden").click()
    assert "ist erst in" in page.locator(".fund-error-summary").inner_text()
    shot(page, screenshot, "staff-fund-7-entscheidung-vorher")
    page.get_by_label("Ja, die Jury hat schon entschieden").check()
    with page.expect_navigation():
        page.get_by_role("button", name="„bewilligt“ eintragen und E-Mail senden").click()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED

    # Payout and CSV with the paid-out amount.
    page.goto(change_url)
    page.get_by_role("link", name="Auszahlung eintragen").click()
    page.get_by_label("Ausgezahlter Betrag in Euro").fill("100,00")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Auszahlung eintragen").click()
    timeline = page.locator("#content").inner_text()
    assert "bereit für Jury → bewilligt" in timeline
    assert "bereit_fuer_jury" not in timeline
    shot(page, screenshot, "staff-fund-8-nach-auszahlung")
    page.goto(f"{base}/application/")
    assert_no_axe_violations(page)
    export = page.request.get(f"{base}/application/export/csv/")
    rows = list(csv.reader(io.StringIO(export.text().lstrip("\ufeff")), delimiter=";"))
    row = next(r for r in rows if r[0] == application.reference)
    assert row[rows[0].index("Ausgezahlt (€)")] == "100,00"
    assert row[rows[0].index("Bewilligt (€)")] == "280,00"

    # The applicant's status page: approved, with the Bewilligungsbescheid.
    resident.goto(live_server.url + application.get_status_url())
    assert resident.locator(".status-badge").inner_text() == "bewilligt"
    notice = resident.request.get(
        live_server.url + application.get_status_url() + "bewilligungsbescheid.pdf"
    )
    assert notice.headers["content-type"] == "application/pdf"
    assert notice.body().startswith(b"%PDF-")
    approval = Email.objects.filter(subject__startswith="Bewilligt:").get()
    assert "Bewilligungsbescheid laden Sie als PDF" in approval.message


def test_jury_member_opens_the_next_session_and_its_pack(
    page, live_server, demo_data, staff_login, screenshot
):
    application = received_application()
    session = selectors.fund_current().upcoming_sessions[0]
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.READY_FOR_JURY,
        jury_session=session,
        organisation_name="Gartenfreunde e.V.",
        applicant_type="verein",
    )
    staff_login(page, role=JURY, username="jury")
    base = f"{live_server.url}/admin/fund_applications"

    page.goto(f"{base}/jurysession/")
    assert_no_axe_violations(page)
    page.goto(f"{base}/jurysession/{session.pk}/change/")
    assert "Hochbeete im Hof" in page.locator(".fund-session").inner_text()
    shot(page, screenshot, "staff-jury-1-sitzung")
    with page.expect_navigation():
        page.get_by_role("link", name=application.reference).click()
    assert "Gartenfreunde" not in page.locator("#content").inner_text()
    shot(page, screenshot, "staff-jury-2-antrag")
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name="Jurymappe (Druckansicht)").click()
    pack = page.locator("body").inner_text()
    assert "Hochbeete im Hof" in pack
    assert "Gartenfreunde" not in pack
    shot(page, screenshot, "staff-jury-3-jurymappe")
    pdf = page.request.get(re.sub(r"jurymappe/$", "jurymappe.pdf", page.url))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
