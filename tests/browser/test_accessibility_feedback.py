import pytest

from quartier.models import AccessibilityFeedback
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_reports_a_barrier_from_the_accessibility_statement(
    page, live_server, demo_data, screenshot
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Barrierefreiheit").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Formular „Barriere melden“").click()
    assert_no_axe_violations(page)

    page.get_by_label("Auf welcher Seite?").fill("Sprechzeiten")
    page.get_by_role("button", name="Rückmeldung senden").click()

    summary = page.get_by_role("alert")
    assert "Bitte prüfen Sie Ihre Angaben" in summary.inner_text()
    assert page.get_by_label("Auf welcher Seite?").input_value() == "Sprechzeiten"
    assert_no_axe_violations(page)
    screenshot(page, "barriere-melden-fehler")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_message"

    page.get_by_label("Was hat nicht funktioniert?").fill("Die Tabelle ist zu klein.")
    with page.expect_navigation():
        page.get_by_role("button", name="Rückmeldung senden").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Danke für Ihre Rückmeldung"
    assert AccessibilityFeedback.objects.get().message == "Die Tabelle ist zu klein."
