"""Inclusion in a real browser: every page in every language passes axe, reflows at 320 px and at
200 % text size, prints, mirrors in Arabic; the main journeys work by keyboard alone."""

import datetime as dt
import re

import pytest

from fund_applications.models import Application
from offices import selectors as office_selectors
from quartier.core import clock
from tests.browser.axe import COLOUR_RULES, assert_no_axe_violations
from tests.factories import mp4_bytes, sign_language_video, video_upload
from tests.public_pages import all_public_paths, in_language

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["de", "en", "tr", "ar"]
# Colours are checked on the German pages and, right to left, on the Arabic ones: English and
# Turkish share German's stylesheet and layout; only their words differ, and every other rule
# (names, labels, language attributes) runs on them.
FULL_SCAN = {"de", "ar"}

# What the focused element looks like: enough to say where focus is and whether people see it.
FOCUS_STATE = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.dataset.kbd) el.dataset.kbd = String(document.querySelectorAll('[data-kbd]').length + 1);
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    key: el.dataset.kbd,
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().slice(0, 80),
    href: el.getAttribute('href') || '',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: [...style.boxShadow.matchAll(
      /rgba?\(\d+, \d+, \d+(?:, ([\d.]+))?\) -?\d+px -?\d+px \d+px (\d+)px/g
    )].some(m => (m[1] === undefined || parseFloat(m[1]) > 0.5) && parseInt(m[2]) >= 2),
    // A date field's own calendar button, inside the browser's shadow DOM: the field stays
    // activeElement but no longer matches :focus, and the browser draws that button's ring.
    browserPart: el.type === 'date' && !el.matches(':focus'),
    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""

# Elements a keyboard user can reach with Tab, in the page as it is.
TABBABLE_COUNT = """() => [...document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, video[controls], [tabindex]'
)].filter(el => el.tabIndex >= 0 && !el.disabled && el.type !== 'hidden'
  && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden').length"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_STATE)


def assert_focus_visible(state: dict) -> None:
    assert state is not None, "focus left the page"
    if state["browserPart"]:
        return
    assert state["outline"] or state["shadow"], f"focus not visible on {state}"
    assert state["visible"], f"focused element off screen: {state}"


def press(page, key: str) -> dict:
    page.keyboard.press(key)
    state = focused(page)
    for _ in range(20):  # transitions (and smooth scrolling, if any): give them a moment
        if state is None or state["browserPart"]:
            break
        if state["visible"] and (state["outline"] or state["shadow"]):
            break
        page.wait_for_timeout(100)
        state = focused(page)
    if state is not None:
        state["page"] = f"{page.url} ({page.evaluate('document.documentElement.lang')})"
    assert_focus_visible(state)
    return state


def tab_to(page, matches, *, limit: int = 120) -> dict:
    """Tab (and only Tab) until the focused element matches; focus must be visible at every
    stop and must keep moving."""
    previous = None
    for _ in range(limit):
        state = press(page, "Tab")
        same = (state["key"], state["browserPart"]) == (
            (previous or {}).get("key"),
            (previous or {}).get("browserPart"),
        )
        assert not same, f"focus stuck on {state}"
        if matches(state):
            return state
        previous = state
    raise AssertionError("never reached the element by Tab")


def by_text(text: str):
    return lambda state: state["text"] == text


def by_id(element_id: str):
    return lambda state: state["id"] == element_id


def fill(page, element_id: str, text: str) -> None:
    tab_to(page, by_id(element_id))
    page.keyboard.type(text)


def date_keys(page, day: dt.date) -> str:
    """What to type into a date field: its parts come in the browser's own order (headless
    Chromium uses month/day/year whatever the page language), so ask the browser."""
    probe = page.context.new_page()
    probe.set_content("<input type=date id=d>")
    probe.focus("#d")
    probe.keyboard.type("01022003")
    month_first = probe.locator("#d").input_value() == "2003-01-02"
    probe.close()
    return day.strftime("%m%d%Y" if month_first else "%d%m%Y")


# --- every page, every language ---


def in_this_language(code: str) -> list[str]:
    """Every public page in one language: one test per language, so that the four share
    the test run's workers."""
    return list(dict.fromkeys(in_language(path, code) for path in all_public_paths()))


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_public_page_in_every_language_passes_axe_and_reflows_at_320_px(
    page, live_server, demo_data, code
):
    """Each page loaded once: axe at desktop width (colours in German and Arabic), then
    narrowed to 320 px (WCAG 1.4.10: no sideways scrolling), as a phone held upright shows
    it; the German pages also print and reflow at 200 % text size. No console message about
    the CSP."""
    sign_language_video(upload=video_upload(mp4_bytes(seconds=95)))
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    browser_settings = page.context.new_cdp_session(page)
    wide, misprinted, too_wide_with_large_text = {}, {}, {}

    for path in in_this_language(code):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + path)
        assert_no_axe_violations(page, skip=() if code in FULL_SCAN else COLOUR_RULES)
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[path] = width
        if code == "de" and (problems := print_problems(page)):
            misprinted[path] = problems
        if code == "de" and (width := width_with_large_text(page, browser_settings)) > 640:
            too_wide_with_large_text[path] = width

    assert not wide
    assert not misprinted
    assert not too_wide_with_large_text
    assert not [m for m in messages if "Content Security Policy" in m]


def print_problems(page) -> list[str]:
    """The page on paper (A4 minus the margins): the content, without the navigation, and
    nothing cut off at the side."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})
    problems = []
    if not page.locator("main").is_visible():
        problems.append("no content")
    for element in page.locator(".skip-link, .site-nav, .language-nav, .access-nav").all():
        if element.is_visible():
            problems.append(f"prints {element.get_attribute('class')}")
    if (width := page.evaluate("document.documentElement.scrollWidth")) > 718:
        problems.append(f"{width} px wide")
    page.emulate_media(media="screen")
    return problems


def width_with_large_text(page, browser_settings) -> int:
    """How wide the page is at 640 px with the browser's text size at 200 % (WCAG 1.4.4), as a
    person sets it in the browser: every size in rem doubles, the viewport stays."""
    page.set_viewport_size({"width": 640, "height": 900})
    browser_settings.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
    width = page.evaluate("document.documentElement.scrollWidth")
    browser_settings.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
    return width


def test_home_page_in_four_languages_at_390_px(page, live_server, demo_data, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    for code in LANGUAGES:
        page.goto(live_server.url + in_language("/", code))
        assert page.evaluate("document.documentElement.lang") == code
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, code
        screenshot(page, f"home-{code}-390")


# --- right to left ---


def test_arabic_pages_mirror_header_breadcrumbs_tables_and_forms(
    page, live_server, demo_data, screenshot
):
    page.goto(live_server.url + "/ar/partner/jobcenter/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = page.locator(".site-brand").bounding_box()
    main_nav = page.locator(".site-nav").bounding_box()
    assert brand["x"] > main_nav["x"], "the brand starts on the right in Arabic"
    separator = page.evaluate(
        "getComputedStyle(document.querySelector('.breadcrumbs li + li'), '::before').content"
    )
    assert separator == '"‹"'
    assert page.locator(".contact-list a[dir=ltr]").count() >= 1  # phone, mail, web stay LTR

    page.goto(live_server.url + "/ar/sprechzeiten/")
    first_header = page.locator(".week-table thead th").first.bounding_box()
    second_header = page.locator(".week-table thead th").nth(1).bounding_box()
    assert first_header["x"] > second_header["x"], "the day column is on the right"
    assert page.locator(".week-table__time").first.inner_text().startswith("من ")
    screenshot(page, "hours-ar-1280")

    page.goto(live_server.url + "/ar/barrierefreiheit/rueckmeldung/")
    page.get_by_role("button", name="إرسال الملاحظة").click()
    summary = page.locator(".error-summary").bounding_box()
    label = page.locator("label[for=id_message]").bounding_box()
    assert label["x"] + label["width"] > summary["x"] + summary["width"] * 0.8
    assert_no_axe_violations(page)
    screenshot(page, "feedback-errors-ar-1280")


def test_arabic_fund_wizard_progress_runs_from_right_to_left(page, live_server, demo_data):
    page.goto(live_server.url + "/ar/stadtteilfonds/antrag/")
    page.get_by_role("button", name="ابدأ الطلب").click()

    steps = page.locator(".wizard-progress__item")
    assert steps.nth(0).bounding_box()["x"] > steps.nth(1).bounding_box()["x"]
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    assert_no_axe_violations(page)


# --- Leichte Sprache and Gebärdensprache ---


def test_resident_finds_leichte_sprache_from_the_header(page, live_server, demo_data, screenshot):
    page.goto(live_server.url + "/en/")
    with page.expect_navigation():
        page.get_by_role("link", name="Easy German").click()

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Das Quartiers-Büro in Leichter Sprache"
    )
    assert page.locator(".easy-read").get_attribute("lang") == "de"
    pictograms = page.locator(".easy-read__pictogram")
    assert pictograms.count() == 6
    for index in range(6):
        assert pictograms.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
        assert pictograms.nth(index).get_attribute("alt")
    screenshot(page, "leichte-sprache-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "leichte-sprache-390")


def test_deaf_resident_finds_the_video_with_its_text(page, live_server, demo_data, screenshot):
    sign_language_video(
        title="Das Quartiersbüro in Gebärdensprache",
        transcript="Hallo. Wir sind das Quartiersbüro.\n\nDrei Partner, ein Laden.",
        upload=video_upload(mp4_bytes(seconds=95)),
    )
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Gebärdensprache").click()

    video = page.locator("video")
    assert video.get_attribute("controls") is not None
    assert (
        page.locator("#video-angaben")
        .inner_text()
        .startswith("Länge: 1 Minute und 35 Sekunden · Größe:")
    )
    assert page.get_by_role("link", name=re.compile(r"^Video herunterladen \(MP4, ")).count() == 1
    assert "Drei Partner, ein Laden." in page.locator(".sign-language__transcript").inner_text()
    assert_no_axe_violations(page)
    screenshot(page, "gebaerdensprache-1280")


def test_sign_language_page_without_video_in_arabic(page, live_server, demo_data, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/ar/gebaerdensprache/")

    assert "فيديو لغة الإشارة غير جاهز بعد" in page.locator(".sign-language__pending").inner_text()
    assert page.get_by_role("heading", name="هكذا تتواصل معنا بدون هاتف").is_visible()
    screenshot(page, "gebaerdensprache-ar-390")


# --- keyboard only ---


@pytest.fixture
def keyboard_page(page):
    """The page with reduced motion: Bootstrap then scrolls to the focused element at once
    instead of smoothly, so "is it on screen?" does not depend on how busy the machine is."""
    page.emulate_media(reduced_motion="reduce")
    return page


def test_skip_link_is_first_and_the_next_tab_goes_into_the_content(
    keyboard_page, live_server, demo_data
):
    keyboard_page.goto(live_server.url + "/sprechzeiten/")

    skip = press(keyboard_page, "Tab")
    assert skip["text"] == "Zum Inhalt springen"
    keyboard_page.keyboard.press("Enter")
    assert keyboard_page.evaluate("document.activeElement.id") == "inhalt"
    after = press(keyboard_page, "Tab")

    in_main = keyboard_page.evaluate(
        "document.querySelector('main').contains(document.activeElement)"
    )
    assert in_main, after
    assert after["text"] == "Start"  # the breadcrumb, the first link of the content


@pytest.mark.parametrize("name", ["Quartiersmanagement", "Aktionsbüro Jobcenter", "DoNaPart"])
def test_keyboard_user_reaches_each_offices_hours(keyboard_page, live_server, demo_data, name):
    keyboard_page.goto(live_server.url + "/")

    tab_to(keyboard_page, lambda state: state["text"] == name and "/partner/" in state["href"])
    keyboard_page.keyboard.press("Enter")

    keyboard_page.wait_for_url(re.compile(r"/partner/[\w-]+/$"))
    hours = keyboard_page.locator("section.office-hours")
    assert hours.get_by_role("heading", name="Sprechzeiten").is_visible()
    state = tab_to(keyboard_page, lambda state: "/sprechzeiten/termin/" in state["href"])
    assert keyboard_page.evaluate(
        "document.querySelector('section.office-hours').contains(document.activeElement)"
    ), state


def test_keyboard_user_opens_the_newest_announcement(keyboard_page, live_server, demo_data):
    newest = office_selectors.announcement_list().first()
    keyboard_page.goto(live_server.url + "/")

    tab_to(keyboard_page, lambda state: state["href"] == newest.get_absolute_url())
    keyboard_page.keyboard.press("Enter")

    keyboard_page.wait_for_url(f"**{newest.get_absolute_url()}")
    assert keyboard_page.get_by_role("heading", level=1).inner_text() == newest.title


def test_keyboard_user_applies_to_the_fund_through_every_step(
    keyboard_page, live_server, demo_data
):
    start = clock.today() + dt.timedelta(days=120)
    end = start + dt.timedelta(days=30)
    keyboard_page.goto(live_server.url + "/")

    tab_to(keyboard_page, by_text("Mehr zum Stadtteilfonds und zum Antrag"))
    keyboard_page.keyboard.press("Enter")
    keyboard_page.wait_for_url("**/stadtteilfonds/")
    tab_to(keyboard_page, by_text("Antrag online stellen"))
    keyboard_page.keyboard.press("Enter")
    keyboard_page.wait_for_url("**/stadtteilfonds/antrag/")
    tab_to(keyboard_page, by_text("Antrag beginnen"))
    keyboard_page.keyboard.press("Enter")

    # Step 1: as a private person
    keyboard_page.wait_for_url("**/antragsteller/")
    tab_to(keyboard_page, by_id("id_applicant_type_0"))
    keyboard_page.keyboard.press("Space")
    assert keyboard_page.locator("#id_applicant_type_0").is_checked()
    fill(keyboard_page, "id_contact_name", "Anna Beispiel")
    fill(keyboard_page, "id_street", "Westerfilder Straße 1")
    fill(keyboard_page, "id_postal_code", "44357")
    fill(keyboard_page, "id_email", "anna@example.org")
    tab_to(keyboard_page, by_text("Weiter"))
    keyboard_page.keyboard.press("Enter")

    # Step 2: the project, goals ticked with Space, dates typed
    keyboard_page.wait_for_url("**/projekt/")
    fill(keyboard_page, "id_title", "Hochbeete im Hof")
    fill(keyboard_page, "id_summary", "Wir bauen drei Hochbeete für alle im Block.")
    tab_to(keyboard_page, by_id("id_goals_0"))
    keyboard_page.keyboard.press("Space")
    fill(keyboard_page, "id_target_group", "Alle im Block")
    fill(keyboard_page, "id_place", "Innenhof Westerfilder Straße")
    fill(keyboard_page, "id_start_date", date_keys(keyboard_page, start))
    fill(keyboard_page, "id_end_date", date_keys(keyboard_page, end))
    assert keyboard_page.locator("#id_start_date").input_value() == start.isoformat()
    fill(keyboard_page, "id_expected_participants", "25")
    fill(keyboard_page, "id_neighbourhood_benefit", "Mehr Grün und mehr Kontakt.")
    tab_to(keyboard_page, by_text("Weiter"))
    keyboard_page.keyboard.press("Enter")

    # Step 3: one cost line, the category chosen with the arrow key of the closed select
    keyboard_page.wait_for_url("**/kosten/")
    tab_to(keyboard_page, by_id("id_kosten-0-category"))
    keyboard_page.keyboard.press("ArrowDown")
    assert keyboard_page.locator("#id_kosten-0-category").input_value() == "material"
    fill(keyboard_page, "id_kosten-0-description", "Holz und Schrauben")
    fill(keyboard_page, "id_kosten-0-amount", "250,50")
    tab_to(keyboard_page, by_text("Weiter"))
    keyboard_page.keyboard.press("Enter")

    # Step 4: no attachments
    keyboard_page.wait_for_url("**/anlagen/")
    tab_to(keyboard_page, by_text("Weiter zur Übersicht"))
    keyboard_page.keyboard.press("Enter")

    # Review: three declarations with Space, then send with Enter
    keyboard_page.wait_for_url("**/pruefen/")
    assert keyboard_page.get_by_role("alert").count() == 0
    for declaration in ["declares_not_started", "declares_no_other_funding", "consents_to_privacy"]:
        tab_to(keyboard_page, by_id(f"id_{declaration}"))
        keyboard_page.keyboard.press("Space")
        assert keyboard_page.locator(f"#id_{declaration}").is_checked(), declaration
    tab_to(keyboard_page, by_text("Antrag absenden"))
    keyboard_page.keyboard.press("Enter")

    reference = keyboard_page.locator(".reference-number").inner_text()
    assert re.fullmatch(rf"SF-{clock.today().year}-\d{{4}}", reference)
    assert Application.objects.latest("pk").title == "Hochbeete im Hof"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sprechzeiten/",
        "/partner/quartiersmanagement/",
        "/aktuelles/",
        "/leichte-sprache/",
        "/gebaerdensprache/",
        "/ar/",
        "/barrierefreiheit/rueckmeldung/",
    ],
)
def test_focus_is_never_trapped_and_shift_tab_goes_back(
    keyboard_page, live_server, demo_data, path
):
    keyboard_page.goto(live_server.url + path)
    count = keyboard_page.evaluate(TABBABLE_COUNT)

    seen = []
    for _ in range(count):
        state = press(keyboard_page, "Tab")
        assert state["key"] not in seen, f"focus came back to {state} before the end"
        seen.append(state["key"])
    keyboard_page.keyboard.press("Tab")
    after_last = focused(keyboard_page)

    assert len(seen) == count
    # Past the last element focus leaves the page (to the browser) or starts over at the top.
    assert after_last is None or after_last["key"] == seen[0]
    keyboard_page.keyboard.press("Shift+Tab")
    if after_last is not None:
        keyboard_page.keyboard.press("Shift+Tab")
    assert focused(keyboard_page)["key"] == seen[-1]
    assert press(keyboard_page, "Shift+Tab")["key"] == seen[-2]
