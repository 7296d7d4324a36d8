"""The outbox (quartier.core.mail): what goes in, how retries are spaced, who sees what."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import send_mail
from post_office.models import STATUS, Email

from quartier.accounts.roles import COORDINATORS, FUND_TEAM, OFFICE_STAFF
from quartier.core.mail import (
    OutboxBackend,
    email_send_again,
    queue_email,
    retry_pause,
)
from quartier.core.tasks import send_outbox
from tests.factories import OfficeFactory, login_with_two_factors, staff_user

pytestmark = pytest.mark.django_db


def test_retries_grow_and_go_on_for_more_than_a_day(settings):
    pauses = [retry_pause(attempt) for attempt in range(1, settings.POST_OFFICE["MAX_RETRIES"] + 1)]

    assert pauses[:3] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert pauses == sorted(pauses)
    assert sum(pauses, timedelta()) > timedelta(hours=24)


def test_each_failure_waits_longer_then_the_mail_is_marked_undeliverable(
    settings, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2026-03-02 10:00+01:00", tick=False)
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.fund_applications.failing_mail.FailingBackend"},
    }
    email = queue_email(to=["anna@example.org"], subject="Hallo", body="Text")
    waits = []
    for _attempt in range(settings.POST_OFFICE["MAX_RETRIES"] + 1):
        send_outbox.call()
        email.refresh_from_db()
        if email.status == STATUS.failed:
            break
        waits.append(email.scheduled_time - email.last_updated)
        time_machine.move_to(email.scheduled_time + timedelta(seconds=1), tick=False)

    assert email.status == STATUS.failed
    assert len(waits) == settings.POST_OFFICE["MAX_RETRIES"]
    assert waits[1] > waits[0]
    assert email.last_updated - email.created > timedelta(hours=24)


def test_text_is_stored_as_typed_not_run_through_templates():
    body = "Mein Projekt {% heißt %} „{{ Hochbeete }}“ <b>fett</b>"

    email = queue_email(to=["anna@example.org"], subject="{{ Betreff", body=body)

    email.refresh_from_db()
    assert email.message == body
    assert email.subject == "{{ Betreff"


def test_no_recipient_means_no_mail():
    assert queue_email(to=["", ""], subject="Hallo", body="Text") is None
    assert not Email.objects.exists()


def test_djangos_own_mails_go_into_the_outbox(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "quartier.core.mail.OutboxBackend"

    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Passwort zurücksetzen", "Link", None, ["neu@example.org"])

    assert Email.objects.get().subject == "Passwort zurücksetzen"
    assert [m.subject for m in mail.outbox] == ["Passwort zurücksetzen"]  # the worker sent it
    assert OutboxBackend().send_messages([]) == 0


def test_send_again_puts_a_failed_mail_back_with_fresh_retries(django_capture_on_commit_callbacks):
    email = queue_email(to=["anna@example.org"], subject="Hallo", body="Text")
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed, number_of_retries=16)

    with django_capture_on_commit_callbacks(execute=True):
        email_send_again(email=email)

    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert [m.subject for m in mail.outbox] == ["Hallo"]


# ---------------------------------------------------------------- the outbox in the admin


def _failed(subject: str, topic: str) -> Email:
    email = queue_email(to=["anna@example.org"], subject=subject, body="Text", topic=topic)
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    return email


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (COORDINATORS, {"Aus dem Quartiersbüro"}),
        (FUND_TEAM, {"Zum Antrag"}),
    ],
)
def test_each_role_sees_its_part_of_the_outbox(client, role, sees):
    _failed("Aus dem Quartiersbüro", "general")
    _failed("Zum Antrag", "fund")
    login_with_two_factors(client, staff_user(role=role, offices=[OfficeFactory()]))

    page = client.get("/admin/core/outboxemail/").content.decode()

    assert {s for s in ("Aus dem Quartiersbüro", "Zum Antrag") if s in page} == sees
    assert "nicht zustellbar" in page
    assert "Postausgang" in page


def test_office_staff_have_no_outbox(client):
    client.force_login(staff_user(role=OFFICE_STAFF, offices=[OfficeFactory()]))

    assert client.get("/admin/core/outboxemail/").status_code == 403


def test_send_again_from_the_admin_is_a_post_and_sends(client, django_capture_on_commit_callbacks):
    email = _failed("Aus dem Quartiersbüro", "general")
    login_with_two_factors(client, staff_user(role=COORDINATORS))
    url = f"/admin/core/outboxemail/{email.pk}/erneut-senden/"

    page = client.get(f"/admin/core/outboxemail/{email.pk}/change/").content.decode()
    client.get(url)  # a GET (a link scanner) changes nothing
    email.refresh_from_db()
    assert email.status == STATUS.failed
    assert "Erneut senden" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    email.refresh_from_db()
    assert response.status_code == 302
    assert email.status == STATUS.sent
    assert [m.subject for m in mail.outbox] == ["Aus dem Quartiersbüro"]


def test_a_burst_of_mails_wakes_the_worker_once_and_a_later_mail_again(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Waiting nudges are not stacked up: one run sends the whole burst. Once that run has
    started, the next mail nudges again, so nothing waits for the minute's sweep."""
    enqueued = []

    class CountingTask:
        def enqueue(self):
            enqueued.append(1)

    monkeypatch.setattr("quartier.core.tasks.send_outbox", CountingTask())

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            queue_email(to=[f"anwohner{n}@example.org"], subject="Bestätigung", body="Text")
    assert len(enqueued) == 1

    send_outbox.call()  # the worker picks up the nudge and sends the burst
    assert len(mail.outbox) == 3

    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to=["spaeter@example.org"], subject="Bestätigung", body="Text")
    assert len(enqueued) == 2
