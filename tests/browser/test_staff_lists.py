"""A staff list in a real browser: the years above it lead to that year's rows, the box in the
header ticks every row's checkbox for an action; axe-clean and usable at 390 px."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from quartier.accounts.roles import COORDINATORS
from tests.browser.axe import assert_no_axe_violations
from tests.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db(transaction=True)
BERLIN = ZoneInfo("Europe/Berlin")


def test_coordinator_picks_a_year_and_ticks_every_row(page, live_server, screenshot, staff_login):
    for year in (2024, 2025):
        for number in range(3):
            AnnouncementFactory(
                title=f"Meldung {number} aus {year}",
                publish_from=datetime(year, 5, 1 + number, 10, tzinfo=BERLIN),
            )
    staff_login(page, role=COORDINATORS, username="koordination")

    page.goto(f"{live_server.url}/admin/offices/announcement/")
    assert_no_axe_violations(page)
    screenshot(page, "staff-list-years-1280")
    with page.expect_navigation():
        page.locator("nav.toplinks a", has_text="2024").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    assert "aus 2024" in rows.first.inner_text()
    page.locator("#action-toggle").check()

    expect(page.locator("input.action-select:checked")).to_have_count(3)
    assert_no_axe_violations(page)
    screenshot(page, "staff-list-year-2024-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "staff-list-year-2024-390")
