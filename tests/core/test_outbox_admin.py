"""The outbox as staff read it: private links masked everywhere staff see a mail, times in
Europe/Berlin, undeliverable mails explained in German, attempts counted across a resend."""

import secrets
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from post_office.models import STATUS, Email, Log

from quartier.accounts.roles import COORDINATORS
from quartier.accounts.services import staff_set_password_link
from quartier.core import private_links
from quartier.core.links import absolute_url
from quartier.core.mail import queue_email
from quartier.newsletter.emails import confirm_url, unsubscribe_url
from tests.factories import login_with_two_factors, staff_user

pytestmark = pytest.mark.django_db


def _private_urls(user) -> list[tuple[str, str]]:
    """Every kind of private link the site mails, with the secret part each must hide."""
    key, secret = private_links.new_key_and_secret()
    token = key + secret
    booking = absolute_url(reverse("booking:manage", kwargs={"token": token}))
    status = absolute_url(reverse("fund_applications:status", kwargs={"token": token}))
    resume = absolute_url(reverse("fund_applications:resume", kwargs={"token": token}))
    invitation = staff_set_password_link(user)
    subscriber_key = secrets.token_urlsafe(18)
    return [
        (booking, token),
        (status, token),
        (resume, token),
        (invitation, invitation.rstrip("/").rsplit("/", 1)[1]),
        (confirm_url(key=subscriber_key, language="de"), subscriber_key),
        (unsubscribe_url(key=subscriber_key, language="de"), subscriber_key),
    ]


def test_mask_hides_every_kind_of_private_link_and_keeps_public_ones():
    colleague = staff_user(role=COORDINATORS, username="neu@example.org")
    public = absolute_url("/sprechzeiten/buchen/westerfilde/3/")

    for url, secret in _private_urls(colleague):
        masked = private_links.mask_private_links(f"Ihr Link:\n{url}\nBis bald")
        assert secret not in masked, url
        assert private_links.MASK in masked

    assert private_links.mask_private_links(public) == public
    assert private_links.mask_private_links(absolute_url("/neuigkeiten-per-e-mail/")) == (
        absolute_url("/neuigkeiten-per-e-mail/")
    )


def test_staff_read_masked_links_in_the_outbox_and_resend_sends_the_real_ones(
    client, django_capture_on_commit_callbacks
):
    colleague = staff_user(role=COORDINATORS, username="neu@example.org")
    urls = _private_urls(colleague)
    body = "\n".join(url for url, _secret in urls)
    email = queue_email(to=["anna@example.org"], subject="Ihr Termin", body=body)
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    login_with_two_factors(client, staff_user(role=COORDINATORS))

    listing = client.get("/admin/core/outboxemail/").content.decode()
    page = client.get(f"/admin/core/outboxemail/{email.pk}/change/").content.decode()

    for _url, secret in urls:
        assert secret not in listing
        assert secret not in page
    assert page.count(private_links.MASK) == len(urls)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/core/outboxemail/{email.pk}/erneut-senden/")
    assert mail.outbox[0].body == body


def test_outbox_shows_berlin_time_and_a_german_explanation(client):
    with time_machine.travel(datetime(2026, 7, 1, 8, 5, tzinfo=UTC), tick=False):
        email = queue_email(to=["anna@example.org"], subject="Ihr Termin", body="Text")
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    Log.objects.create(
        email=email,
        status=STATUS.failed,
        exception_type="SMTPRecipientsRefused",
        message="{'anna@example.org': (550, b'5.1.1 User unknown')}",
    )
    login_with_two_factors(client, staff_user(role=COORDINATORS))

    listing = client.get("/admin/core/outboxemail/").content.decode()
    page = client.get(f"/admin/core/outboxemail/{email.pk}/change/").content.decode()

    assert "01.07.2026, 10:05" in listing  # 08:05 UTC is 10:05 in summer in Dortmund
    assert "01.07.2026, 10:05" in page
    assert "kennt diese Adresse nicht" in page
    assert "User unknown" in page  # the server's own words stay beside it


def test_send_again_keeps_the_count_of_attempts(client, django_capture_on_commit_callbacks):
    email = queue_email(to=["anna@example.org"], subject="Ihr Termin", body="Text")
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed, number_of_retries=3)
    for _attempt in range(4):
        Log.objects.create(
            email=email, status=STATUS.failed, exception_type="TimeoutError", message="timed out"
        )
    login_with_two_factors(client, staff_user(role=COORDINATORS))

    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/admin/core/outboxemail/{email.pk}/erneut-senden/")
    listing = client.get("/admin/core/outboxemail/").content.decode()

    assert 'field-attempts">4<' in listing
