"""Koordination writes an issue in a real browser: composes it, looks at the preview, sends a
test to herself, sends it once; suppresses a bouncing address; answers an Auskunft. German,
axe-clean, usable at 390 px."""

import pytest
from django.core import mail
from post_office.models import Email

from quartier.accounts.roles import COORDINATORS
from quartier.newsletter.enums import IssueStatus
from quartier.newsletter.models import NewsletterIssue, SuppressedAddress
from tests.browser.axe import assert_no_axe_violations
from tests.factories import NewsletterSubscriberFactory, OfficeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def check(page, screenshot, name):
    assert_no_axe_violations(page)
    screenshot(page, f"newsletter-admin-{name}-1280", docs=name == "vorschau")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    assert_no_axe_violations(page)
    screenshot(page, f"newsletter-admin-{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_coordinator_composes_previews_tests_and_sends_an_issue(
    page, live_server, screenshot, staff_login
):
    office = OfficeFactory(short_name="Jobcenter", name="Aktionsbüro Jobcenter")
    reader = NewsletterSubscriberFactory(email="leser@example.org", offices=[office])
    NewsletterSubscriberFactory(email="bounce@example.org", offices=[office])
    staff_login(page, role=COORDINATORS, username="koordination")

    page.goto(live_server.url + "/admin/newsletter/newsletterissue/add/")
    page.fill("#id_subject", "Neue Sprechzeiten im Jobcenter")
    page.fill("#id_body", "Ab Montag **länger** geöffnet.\n\n- Mo 8–18 Uhr")
    page.get_by_label("Aktionsbüro Jobcenter").check()
    check(page, screenshot, "verfassen")
    with page.expect_navigation():
        page.get_by_role("button", name="Sichern und weiter bearbeiten").click()
    issue = NewsletterIssue.objects.get()

    page.get_by_role("link", name="Vorschau").click()
    frame = page.frame_locator("iframe.newsletter-frame").first
    assert frame.locator("strong").first.inner_text() == "länger"
    assert "Ab Montag **länger** geöffnet." in page.locator(".newsletter-text").inner_text()
    check(page, screenshot, "vorschau")

    page.go_back()
    with page.expect_navigation():
        page.get_by_role("button", name="Test an mich senden").click()
    assert "Die Test-E-Mail geht an" in page.locator(".messagelist").inner_text()
    tests = Email.objects.filter(subject__startswith="[Test]")
    assert [e.to for e in tests] == [["koordination@example.org"]]

    # Block the bouncing address before sending.
    page.goto(live_server.url + "/admin/newsletter/newslettersubscriber/")
    page.locator("tr", has_text="bounce@example.org").locator("input[type=checkbox]").check()
    page.select_option("select[name=action]", "suppress")
    page.get_by_role("button", name="Ausführen").click()
    page.get_by_label("Grund").select_option("unzustellbar")
    page.get_by_label("Bemerkung").fill("Drei Rückläufer")
    check(page, screenshot, "sperren")
    with page.expect_navigation():
        page.get_by_role("button", name="Adresse sperren").click()
    assert SuppressedAddress.objects.get().email == "bounce@example.org"

    page.goto(live_server.url + f"/admin/newsletter/newsletterissue/{issue.pk}/change/")
    page.get_by_role("link", name="Senden …").click()
    assert "geht an 1 bestätigte Adresse" in page.locator("#content-main").inner_text()
    check(page, screenshot, "senden")
    mail.outbox.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Jetzt senden").click()
    assert "geht jetzt nach und nach in den Versand" in page.locator(".messagelist").inner_text()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    sent = Email.objects.filter(subject="Neue Sprechzeiten im Jobcenter")
    assert [e.to for e in sent] == [[reader.email]]
    check(page, screenshot, "liste")

    page.goto(live_server.url + "/admin/newsletter/newslettersubscriber/")
    page.get_by_role("link", name="Auskunft (DSGVO)").click()
    page.get_by_label("E-Mail-Adresse").fill("leser@example.org")
    page.get_by_role("button", name="Suchen").click()
    assert "Neue Sprechzeiten im Jobcenter" in page.locator(".newsletter-text").inner_text()
    check(page, screenshot, "auskunft")
