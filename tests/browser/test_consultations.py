import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from consultations.models import AppointmentRequest
from tests.browser.axe import assert_no_axe_violations
from tests.public_pages import public_form_paths

pytestmark = pytest.mark.django_db(transaction=True)

TUESDAY_MORNING = datetime(2026, 12, 1, 11, tzinfo=ZoneInfo("Europe/Berlin"))

# The first week table as {day: {partner: text}}, read the way a screen reader pairs headers.
READ_WEEK_TABLE = """() => {
  const table = document.querySelector('.week-table');
  const partners = [...table.querySelectorAll('thead th')].slice(1).map(th => th.innerText.trim());
  const rows = {};
  for (const tr of table.querySelectorAll('tbody tr')) {
    const day = tr.querySelector('th').innerText.split('\\n')[0].replace(' heute', '').trim();
    const cells = [...tr.querySelectorAll('td .week-table__value')].map(td => td.innerText.trim());
    rows[day] = Object.fromEntries(partners.map((p, i) => [p, cells[i]]));
  }
  return rows;
}"""


@pytest.fixture
def tuesday_morning(time_machine):
    # The clock keeps ticking (Playwright needs time to pass), starting on a Tuesday at 11:00.
    time_machine.move_to(TUESDAY_MORNING, tick=True)


def test_home_shows_each_partner_open_or_closed_and_the_real_week(
    page, live_server, demo_data, tuesday_morning, screenshot
):
    page.goto(live_server.url + "/")

    partners = page.locator(".hours-now__office")
    assert partners.count() == 3
    statuses = {
        partners.nth(i).locator(".hours-now__name").inner_text(): " ".join(
            partners.nth(i).locator(".hours-status").inner_text().split()
        )
        for i in range(3)
    }
    assert statuses == {
        "Quartiersmanagement": "jetzt geöffnet bis 14:00 Uhr",
        "Aktionsbüro Jobcenter": "jetzt geöffnet bis 12:00 Uhr",
        "DoNaPart": "geschlossen – nächste Sprechzeit heute, 15:00 Uhr",
    }
    week = page.evaluate(READ_WEEK_TABLE)
    assert week["Dienstag, 1. Dezember"]["Quartiersmanagement"] == "10:00–14:00 Uhr"
    assert week["Mittwoch, 2. Dezember"]["Quartiersmanagement"] == "14:00–18:00 Uhr"
    assert week["Freitag, 4. Dezember"]["Aktionsbüro Jobcenter"] == "10:00–12:00 Uhr"
    assert week["Dienstag, 1. Dezember"]["DoNaPart"] == "15:00–18:30 Uhr"
    today = page.locator('.week-table th[aria-current="date"]')
    assert today.count() == 1
    assert today.inner_text().startswith("Dienstag, 1. Dezember")
    screenshot(page, "hours-home-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "hours-home-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_text("Quartiersmanagement:").first.is_visible()


def test_hours_pages_have_no_axe_violations_at_phone_width(
    page, live_server, demo_data, tuesday_morning
):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/", "/sprechzeiten/", "/partner/quartiersmanagement/", "/en/sprechzeiten/"]:
        page.goto(live_server.url + path)
        assert_no_axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_hours_overview_prints_on_one_a4_page_without_the_live_status(
    page, live_server, demo_data, tuesday_morning, screenshot
):
    page.goto(live_server.url + "/sprechzeiten/")
    screenshot(page, "hours-overview-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "hours-overview-390")

    page.emulate_media(media="print")
    printed_text = page.locator("main").inner_text()
    pdf = page.pdf(format="A4", print_background=False)

    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert "jetzt geöffnet" not in printed_text
    assert "dienstags" in printed_text
    assert "Aktuelle Sprechzeiten und Schließtage: http" in printed_text


def test_office_page_calendar_link_and_structured_data_without_csp_errors(
    page, live_server, demo_data, tuesday_morning, screenshot
):
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    page.goto(live_server.url + "/partner/jobcenter/")

    link = page.get_by_role("link", name="In meinen Kalender")
    assert link.get_attribute("href") == "/sprechzeiten/jobcenter/kalender.ics"
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert (
        page.locator(
            'link[rel="alternate"][type="text/calendar"][href="/sprechzeiten/jobcenter/kalender.ics"]'
        ).count()
        == 1
    )
    assert not [m for m in messages if "Content Security Policy" in m]
    screenshot(page, "hours-office-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "hours-office-390")


def test_appointment_form_errors_are_summarised_kept_and_accessible(
    page, live_server, demo_data, screenshot
):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    for path in public_form_paths():
        page.goto(live_server.url + path)
        assert_no_axe_violations(page)

    page.goto(live_server.url + "/partner/quartiersmanagement/")
    page.get_by_role("link", name="Termin bei Quartiersmanagement anfragen").click()
    page.get_by_label("Ihr Name").fill("Anna Beispiel")
    page.get_by_label("Worum geht es?").fill("Antrag für den Stadtteilfonds")
    page.get_by_role("button", name="Anfrage senden").click()

    summary = page.get_by_role("alert")
    assert "Bitte prüfen Sie Ihre Angaben" in summary.inner_text()
    assert summary.get_by_role("link", name=re.compile("^Telefon –")).get_attribute("href") == (
        "#id_phone"
    )
    assert page.get_by_label("Ihr Name").input_value() == "Anna Beispiel"
    assert page.get_by_label("Telefon").get_attribute("aria-invalid") == "true"
    assert page.title().startswith("Fehler:")
    assert_no_axe_violations(page)
    screenshot(page, "hours-form-errors-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "hours-form-errors-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Telefon").fill("0231 123456")
    page.get_by_label("Ich bin einverstanden").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Anfrage senden").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Danke, Ihre Anfrage ist angekommen"
    assert AppointmentRequest.objects.get().phone == "0231 123456"
    assert not [m for m in messages if "Content Security Policy" in m]
