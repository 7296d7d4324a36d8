"""Every admin page a role uses in its daily work, in a real browser: the start page, every list
the role can open, one add and one change form per model, and the history page. axe (WCAG 2.0
A/AA, 2.1 AA) finds nothing critical or serious at 1280 and at 390 px, and at 390 px the page
itself never scrolls sideways. Pages the Koordination's run scans, the Büro-Team's run opens
without scanning them again. Screenshots of "Heute zu tun" per role refresh docs/screenshots/
on request."""

import os
import re
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from fund_applications import selectors as fund_selectors
from fund_applications.enums import ApplicationStatus
from fund_applications.models import JurySession
from offices.models import Office
from quartier.accounts.roles import COORDINATORS, FUND_TEAM, JURY, OFFICE_STAFF, ROLE_PERMISSIONS
from quartier.core import clock
from quartier.core.mail import queue_email
from quartier.models import AccessibilityFeedback
from tests.browser.axe import run_axe
from tests.browser.conftest import SCREENSHOTS
from tests.factories import (
    AnnouncementFactory,
    ApplicationFactory,
    AppointmentRequestFactory,
    ClosureFactory,
    CostItemFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = ZoneInfo("Europe/Berlin")
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
# Every violation with all its nodes, one node each of the rest (a small answer per page).
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
ROLES = {
    "buero": OFFICE_STAFF,
    "koordination": COORDINATORS,
    "fonds": FUND_TEAM,
    "jury": JURY,
    "superuser": None,
}
# Django's own "add user" form (superuser only, replaced by the invitation): not daily work.
# Every other page the app list links to is checked, for every role.
SKIP_ADD = {"/admin/auth/user/add/"}


@pytest.fixture
def december(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=BERLIN), tick=True)


def day_to_day_data():
    """What a working day finds: requests, closures, drafts, applications on a session."""
    jobcenter = Office.objects.get(slug="jobcenter")
    AppointmentRequestFactory(office=jobcenter, name="Ayşe Yılmaz")
    ClosureFactory(office=jobcenter, start_date=date(2026, 12, 10), reason="Fortbildung")
    AnnouncementFactory(office=jobcenter, draft=True, title="Neue Sprechzeiten im Januar")
    AccessibilityFeedback.objects.create(message="Der Kontrast im Kalender ist zu schwach.")
    fund = fund_selectors.fund_current()
    session = JurySession.objects.filter(fund=fund, starts_at__gte=clock.now()).first()
    for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.READY_FOR_JURY):
        application = ApplicationFactory(
            fund=fund,
            status=status,
            jury_session=session if status == ApplicationStatus.READY_FOR_JURY else None,
        )
        CostItemFactory(application=application, amount=Decimal("300.00"))
    queue_email(to=["barrieren@example.org"], subject="Neue Rückmeldung", body="Text")
    return jobcenter


def log_in(staff_login, page, key):
    role = ROLES[key]
    offices = [Office.objects.get(slug="jobcenter")] if role == OFFICE_STAFF else []
    staff_login(page, role=role, offices=offices, username=key)


def problems_here(page, width: int, *, scan: bool = True) -> list[str]:
    """Critical and serious axe findings (unless `scan` is off), and sideways scrolling at
    phone width."""
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
    results = run_axe(page, OPTIONS) if scan else {"violations": []}
    found = []
    for violation in results["violations"]:
        if violation["impact"] in {"critical", "serious"}:
            targets = [str(node["target"]) for node in violation["nodes"]][:3]
            found.append(f"{width}px {violation['id']} ({violation['impact']}): {targets}")
    if width == 390:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > 390:
            found.append(f"390px page is {scroll_width}px wide")
    return found


def check(page, url: str, report: dict, key: str, *, scan: bool = True) -> None:
    """The page loaded once at 1280 px, then narrowed to 390 px as a phone shows it: the server
    sends the same markup to both, and the narrowing applies the phone's styles."""
    page.set_viewport_size({"width": 1280, "height": 900})
    path = urlsplit(url).path
    response = page.goto(url)
    if response.status >= 400:  # a link shown to the role that it may not follow
        report[path] = [f"answers {response.status}"]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 390 else 844})
        found = problems_here(page, width, scan=scan)
        if page.locator("#changelist").count():  # a list: nothing in it scrolls sideways
            found += sideways_problems(page)
        if width == 390:  # to look at: test-output/screenshots/staff-axe-<role>-<page>.png
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"staff-axe-{key}-{name}.png"))
        if found:
            report[path] = report.get(path, []) + found


def seen_by_a_role(url: str) -> bool:
    """A page of a model some role works with: that role's own run checks it. The superuser is
    for emergencies only, so its run checks what no role reaches."""
    match = re.match(r"/admin/(\w+)/(\w+)/", urlsplit(url).path)
    if not match:
        return False
    permission = f"{match[1]}.view_{match[2]}"
    return any(permission in permissions for permissions in ROLE_PERMISSIONS.values())


def scanned_by_coordination(url: str) -> bool:
    """A page of a model the Koordination works with: its run scans the same admin page with
    every office's rows. The Büro-Team's run scans its own start page, and loads each of its
    other pages to see that it opens and fits a phone with the team's own rows."""
    match = re.match(r"/admin/(\w+)/(\w+)/", urlsplit(url).path)
    return bool(match) and f"{match[1]}.view_{match[2]}" in ROLE_PERMISSIONS[COORDINATORS]


def daily_pages(page, live_server) -> list[str]:
    """The start page, every list the role sees, an add and a change form per model, one
    history page: found by following the links the role is shown."""
    base = live_server.url
    page.goto(base + "/admin/")
    changelists = page.eval_on_selector_all(
        ".staff-sections th[scope=row] a", "links => links.map((a) => a.href)"
    )
    adds = page.eval_on_selector_all(
        ".staff-sections a.addlink", "links => links.map((a) => a.href)"
    )
    pages = [base + "/admin/", *changelists]
    pages += [url for url in adds if urlsplit(url).path not in SKIP_ADD]
    history = None
    for changelist in changelists:
        page.goto(changelist)
        first = page.locator("#result_list tbody tr").first.locator("th a, td a").first
        if page.locator("#result_list tbody tr").count() == 0 or first.count() == 0:
            continue
        href = first.get_attribute("href")
        if not re.search(r"/\d+/change/", href or ""):
            continue
        change_url = base + href if href.startswith("/") else href
        pages.append(change_url)
        if history is None:
            page.goto(change_url)
            link = page.locator("a.historylink")
            if link.count():
                history = base + link.first.get_attribute("href")
    if history:
        pages.append(history)
    return pages


@pytest.mark.parametrize("key", list(ROLES))
def test_daily_admin_pages_have_no_critical_or_serious_barriers_nor_scroll_sideways(
    page, live_server, demo_data, december, staff_login, screenshot, key
):
    day_to_day_data()
    log_in(staff_login, page, key)

    # "Heute zu tun" as the role sees it, for the staff guide.
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 390 else 844})
        page.goto(live_server.url + "/admin/")
        assert page.get_by_role("heading", name="Heute zu tun").is_visible()
        screenshot(page, f"staff-today-{key}-{width}", docs=True)

    pages = daily_pages(page, live_server)
    assert len(pages) > 2, pages
    if key == "superuser":
        pages = [url for url in pages if not seen_by_a_role(url)]
        assert len(pages) > 2, pages
    if os.environ.get("STAFF_AXE_LIST"):
        print("\n".join(pages))
    report: dict[str, list[str]] = {}
    for url in pages:
        check(page, url, report, key, scan=key != "buero" or not scanned_by_coordination(url))
    assert not report, "\n".join(f"{path}\n  " + "\n  ".join(v) for path, v in report.items())


def test_history_page_fits_a_phone(page, live_server, demo_data, december, staff_login):
    """The history page (538 px wide before) at 390 px, with an entry of every kind."""
    jobcenter = day_to_day_data()
    announcement = AnnouncementFactory(office=jobcenter, title="Eine Meldung mit langer Geschichte")
    announcement.teaser = "Geändert " + "sehr " * 40
    announcement.save()
    log_in(staff_login, page, "buero")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/offices/announcement/{announcement.pk}/history/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert problems_here(page, 390) == []


SIDEWAYS = """() => {
    const wide = (el) => el && el.scrollWidth > el.clientWidth + 1;
    const found = [];
    if (document.documentElement.scrollWidth > window.innerWidth) {
        found.push(`page ${document.documentElement.scrollWidth}px`);
    }
    for (const el of document.querySelectorAll(".results, #content, #content-main, .module")) {
        if (wide(el)) {
            const edge = el.getBoundingClientRect().right;
            const culprit = [...el.querySelectorAll("*")].find(
                (child) => child.getBoundingClientRect().right > edge + 1
            );
            const name = culprit ? `${culprit.tagName}#${culprit.id}.${culprit.className}` : "";
            found.push(`${el.className || el.id} ${el.scrollWidth}>${el.clientWidth} ${name}`);
        }
    }
    const title = document.querySelector("#content h1");
    const tools = document.querySelector(".object-tools");
    if (title && tools && tools.offsetParent) {
        // The title's text, not its full-width box.
        const range = document.createRange();
        range.selectNodeContents(title);
        for (const a of range.getClientRects()) {
            for (const button of tools.querySelectorAll("a")) {
                const b = button.getBoundingClientRect();
                const apart =
                    b.right <= a.left || b.left >= a.right ||
                    b.bottom <= a.top || b.top >= a.bottom;
                if (!apart) found.push(`"${button.textContent.trim()}" covers the title`);
            }
        }
    }
    return found;
}"""


def sideways_problems(page) -> list[str]:
    """Anything that scrolls sideways: the page, the results table's container, a module; and
    header buttons drawn over the page title."""
    return page.evaluate(SIDEWAYS)


def test_application_pages_with_a_decision_do_not_scroll_sideways(
    page, live_server, demo_data, december, staff_login
):
    from fund_applications.models import Application

    decided = list(Application.objects.filter(decision__isnull=False).values_list("pk", flat=True))
    log_in(staff_login, page, "fonds")
    report = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for pk in decided:
            page.goto(f"{live_server.url}/admin/fund_applications/application/{pk}/change/")
            if found := sideways_problems(page):
                report[f"{width}px {pk}"] = found
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / f"staff-application-decided-{width}.png"), full_page=True
        )
    assert decided
    assert not report, report
