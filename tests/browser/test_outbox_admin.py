"""The outbox for staff in a real browser: a coordinator finds the mail that could not be
delivered, reads it, and sends it again; German, axe-clean, usable at 390 px."""

import pytest
from post_office.models import STATUS, Email

from quartier.accounts.roles import COORDINATORS
from quartier.core.mail import queue_email
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def check(page, screenshot, name):
    assert_no_axe_violations(page)
    screenshot(page, f"outbox-{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    assert_no_axe_violations(page)
    screenshot(page, f"outbox-{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_coordinator_sends_an_undeliverable_mail_again(
    page, live_server, screenshot, staff_login, mailoutbox
):
    sent = queue_email(to=["jobcenter@example.org"], subject="Neue Terminanfrage", body="Text")
    failed = queue_email(
        to=["barrieren@example.org"],
        subject="Neue Rückmeldung zur Barrierefreiheit",
        body="Seite: /sprechzeiten/\n\nDie Schrift ist zu klein.",
    )
    Email.objects.filter(pk=sent.pk).update(status=STATUS.sent)
    Email.objects.filter(pk=failed.pk).update(status=STATUS.failed, number_of_retries=16)
    mailoutbox.clear()
    staff_login(page, role=COORDINATORS, username="koordination")

    page.get_by_role("link", name="Postausgang").first.click()
    rows = page.locator("#result_list tbody tr")
    assert "nicht zustellbar" in rows.first.inner_text()  # what needs someone comes first
    assert "versandt" in rows.nth(1).inner_text()
    check(page, screenshot, "liste")

    page.get_by_role("link", name="Neue Rückmeldung zur Barrierefreiheit").click()
    assert "Die Schrift ist zu klein." in page.locator(".outbox-text").inner_text()
    check(page, screenshot, "mail")
    with page.expect_navigation():
        page.get_by_role("button", name="Erneut senden").click()

    assert "kommt wieder in den Versand" in page.locator(".messagelist").inner_text()
    failed.refresh_from_db()
    assert failed.status == STATUS.sent
    assert [m.subject for m in mailoutbox] == ["Neue Rückmeldung zur Barrierefreiheit"]
