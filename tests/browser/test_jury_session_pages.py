"""A jury member's session page and Jurymappe in Chromium, with a session that holds an
application waiting for the jury and decided ones: at 1280 and 390 px nothing scrolls
sideways, axe finds nothing, and every application link opens the application."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fund_applications import selectors, services
from fund_applications.enums import ApplicationStatus, Decision
from quartier.accounts.roles import FUND_TEAM, JURY
from tests.browser.axe import assert_no_axe_violations
from tests.factories import ApplicationFactory, CostItemFactory, staff_user

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [(1280, 900), (390, 844)]
# A German project title and cost line as residents write them: long words, long amounts.
LONG_TITLE = "Nachbarschaftsgartengemeinschaftsfest mit Kinderkino und Hochbeetbauwerkstatt"
LONG_COST = "Gartengeräteverleihgebühr für die Hochbeetbauwerkstatt (Schubkarren, Spaten)"


def session_with_decided_applications():
    """The next session of the demo fund: one application waiting for the jury, one approved
    and one rejected in the session."""
    fund = selectors.fund_current()
    session = fund.upcoming_sessions[0]
    team = staff_user(role=FUND_TEAM, username="fonds")
    applications = []
    for title in ["Hochbeete im Hof", LONG_TITLE, "Trikots für die Jugend"]:
        application = ApplicationFactory(
            fund=fund,
            status=ApplicationStatus.READY_FOR_JURY,
            jury_session=session,
            title=title,
            requested_amount=Decimal("1250.00"),
            total_cost=Decimal("1250.00"),
        )
        CostItemFactory(application=application, description=LONG_COST, amount=Decimal("1250.00"))
        applications.append(application)
    _ready, approved, rejected = applications
    services.application_decide(
        application=approved,
        user=team,
        decision=Decision.APPROVED,
        jury_session=session,
        granted_amount=Decimal("1000.00"),
        votes_for=7,
        early_confirmed=True,
    )
    services.application_decide(
        application=rejected,
        user=team,
        decision=Decision.REJECTED,
        jury_session=session,
        reason="Passt nicht zu den Regeln.",
        early_confirmed=True,
    )
    return session, applications


def fits_and_passes_axe(page, screenshot, name: str) -> None:
    """At 1280 and at 390 px: no sideways scrolling, axe clean; screenshots of both."""
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= page.evaluate("innerWidth"), f"{name} at {width}px: {scroll_width}"
        assert_no_axe_violations(page)
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_jury_member_reads_every_application_of_a_decided_session(
    page, live_server, demo_data, staff_login, screenshot
):
    session, applications = session_with_decided_applications()
    staff_login(page, role=JURY, username="jury")
    session_url = f"{live_server.url}/admin/fund_applications/jurysession/{session.pk}/change/"

    page.goto(session_url)
    fits_and_passes_axe(page, screenshot, "jury-sitzung")
    page.set_viewport_size({"width": 390, "height": 844})
    # Each application a card on a phone, not six columns squeezed to a few letters each.
    narrowest = page.eval_on_selector_all(
        ".fund-session td", "cells => Math.min(...cells.map((c) => c.offsetWidth))"
    )
    assert narrowest > 390 / 2, narrowest
    page.set_viewport_size({"width": 1280, "height": 900})
    pack_link = page.get_by_role("link", name="Jurymappe (Druckansicht)")
    with page.expect_navigation():
        pack_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jurymappe")
    fits_and_passes_axe(page, screenshot, "jury-jurymappe")
    for link in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
        answer = page.request.get(link)
        assert answer.status == 200, link
        if answer.headers["content-type"].startswith("text/html"):
            assert "existiert nicht" not in answer.text(), link

    for application in applications:
        page.goto(session_url)
        with page.expect_navigation():
            page.get_by_role("link", name=application.reference, exact=True).click()
        content = page.locator("#content")
        expect(content).to_contain_text(application.title)
        assert "existiert nicht" not in page.locator("body").inner_text()
        assert_no_axe_violations(page)
    screenshot(page, "jury-antrag-entschieden")
