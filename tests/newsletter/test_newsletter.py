"""Neuigkeiten per E-Mail: double opt-in, one-click unsubscribe, no mail to
unconfirmed or suppressed addresses, issues in batches through the outbox, the weekly digest."""

import re
from datetime import timedelta
from functools import partial

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from post_office.models import Email

from quartier.core import clock
from quartier.core.mail import TOPIC_HEADER
from quartier.newsletter import selectors, services, tokens
from quartier.newsletter.enums import IssueStatus, SuppressionReason
from quartier.newsletter.models import NewsletterDelivery, NewsletterSubscriber
from quartier.newsletter.tasks import resume_sending, send_digests, send_issue_batch
from tests.factories import (
    AnnouncementFactory,
    NewsletterIssueFactory,
    NewsletterSubscriberFactory,
    OfficeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/neuigkeiten-per-e-mail/"


def sign_up(client, **overrides):
    data = {"email": "anna@example.org", "events": "on", "language": "de", "consent": "on"}
    data.update(overrides)
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def send_issue(issue, *, by) -> None:
    """What staff's "Senden" does: the service, then the first batch as background work."""
    services.issue_send(issue=issue, by=by)
    transaction.on_commit(partial(send_issue_batch.enqueue, issue_id=issue.pk))


def only_link(message) -> str:
    links = re.findall(r"https?://\S+", message.body)
    return next(link for link in links if "/bestaetigen/" in link or "/abmelden/" in link)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# ---------------------------------------------------------------- double opt-in


def test_sign_up_sends_a_confirmation_and_confirms_only_on_post(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://quartier.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email="Anna@Example.org")

    assert response.status_code == 302
    assert response["Location"] == "/neuigkeiten-per-e-mail/bitte-bestaetigen/"
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.email == "anna@example.org"
    assert subscriber.confirmed_at is None
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    link = only_link(message)
    assert link.startswith("https://quartier.example.org/neuigkeiten-per-e-mail/bestaetigen/")

    page = Client().get(path_of(link))
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None  # a mail scanner opened it: nothing happened
    assert "Anmeldung bestätigen" in page.content.decode()

    done = Client().post(path_of(link))
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert "Sie sind angemeldet" in done.content.decode()


def test_sign_up_without_consent_or_topic_stores_nothing_and_keeps_the_input(client):
    response = sign_up(client, consent=None, events=None)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Bitte stimmen Sie zu" in body
    assert "Bitte wählen Sie mindestens ein Thema." in body
    assert 'value="anna@example.org"' in body
    assert 'href="#id_offices_0"' in body or 'href="#id_offices"' in body
    assert NewsletterSubscriber.objects.count() == 0
    assert mail.outbox == []


def test_sign_up_again_answers_the_same_and_never_duplicates(
    client, django_capture_on_commit_callbacks
):
    office = OfficeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_up(client)
    NewsletterSubscriber.objects.update(confirmed_at=clock.now())
    with django_capture_on_commit_callbacks(execute=True):
        second = sign_up(client, events=None, offices=str(office.pk))
        unknown = sign_up(client, email="neu@example.org")

    assert first["Location"] == second["Location"] == unknown["Location"]
    assert NewsletterSubscriber.objects.filter(email="anna@example.org").count() == 1
    subscriber = NewsletterSubscriber.objects.get(email="anna@example.org")
    # Someone else typing the address changes nobody's choices.
    assert subscriber.events is True
    assert list(subscriber.offices.all()) == []
    assert [m.subject for m in mail.outbox] == [
        "Bitte bestätigen Sie Ihre Anmeldung",
        "Sie sind schon angemeldet",
        "Bitte bestätigen Sie Ihre Anmeldung",
    ]


def test_sign_up_of_a_suppressed_address_answers_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    services.address_suppress(email="anna@example.org", reason=SuppressionReason.BOUNCE)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response["Location"] == "/neuigkeiten-per-e-mail/bitte-bestaetigen/"
    assert mail.outbox == []
    assert NewsletterSubscriber.objects.count() == 0


def test_sign_up_is_rate_limited_and_refuses_the_honeypot(client, settings):
    settings.NEWSLETTER_RATE_LIMIT = 2
    for number in range(2):
        assert sign_up(client, email=f"p{number}@example.org").status_code == 302
    blocked = sign_up(client, email="p3@example.org")
    assert blocked.status_code == 429
    assert "sehr viele Anmeldungen" in blocked.content.decode()
    bot = sign_up(Client(REMOTE_ADDR="198.51.100.9"), email="bot@example.org", homepage="x")
    assert bot.status_code == 200
    assert NewsletterSubscriber.objects.count() == 2


def test_a_forged_or_expired_confirmation_link_confirms_nothing(client):
    subscriber = NewsletterSubscriberFactory(unconfirmed=True)
    token = tokens.confirm_token(subscriber.key)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    assert client.post(f"{URL}bestaetigen/{forged}/").status_code == 404
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: 10**10)
        assert client.post(f"{URL}bestaetigen/{token}/").status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


# ---------------------------------------------------------------- unsubscribe


def test_one_post_without_login_or_csrf_unsubscribes():
    subscriber = NewsletterSubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    url = f"{URL}abmelden/{tokens.unsubscribe_token(subscriber.key)}/"

    page = client.get(url)
    assert NewsletterSubscriber.objects.filter(pk=subscriber.pk).exists()
    assert "Abbestellen" in page.content.decode()

    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Sie sind abgemeldet" in response.content.decode()
    assert not NewsletterSubscriber.objects.filter(pk=subscriber.pk).exists()
    assert client.post(url).status_code == 200  # twice is fine: still unsubscribed


def test_a_forged_unsubscribe_link_changes_nothing(client):
    subscriber = NewsletterSubscriberFactory()
    assert client.post(f"{URL}abmelden/{subscriber.key}.falsch-signiert-123/").status_code == 404
    assert NewsletterSubscriber.objects.filter(pk=subscriber.pk).exists()


# ---------------------------------------------------------------- issues


def test_an_issue_goes_only_to_confirmed_unsuppressed_subscribers_of_its_topics(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://quartier.example.org"
    office, other = OfficeFactory(), OfficeFactory()
    fans = NewsletterSubscriberFactory(events=False, offices=[office])
    events = NewsletterSubscriberFactory(events=True, language="ar")
    NewsletterSubscriberFactory(unconfirmed=True, offices=[office])
    NewsletterSubscriberFactory(events=False, offices=[other])
    blocked = NewsletterSubscriberFactory(offices=[office])
    services.address_suppress(email=blocked.email, reason=SuppressionReason.COMPLAINT)
    issue = NewsletterIssueFactory(events=True, offices=[office])

    with django_capture_on_commit_callbacks(execute=True):
        send_issue(issue, by=UserFactory())

    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted([fans.email, events.email])
    unsubscribe_links = set()
    for message in mail.outbox:
        link = message.extra_headers["List-Unsubscribe"]
        assert re.fullmatch(
            r"<https://quartier\.example\.org/(ar/)?neuigkeiten-per-e-mail/"
            r"abmelden/[^>]+/>",
            link,
        ), link
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        html = {mime: body for body, mime in message.alternatives}["text/html"]
        assert "<strong>gemeinsam</strong>" in html
        assert "Wir feiern **gemeinsam**" in message.body  # the plain-text part
        assert link.strip("<>") in message.body
        unsubscribe_links.add(link)
    assert len(unsubscribe_links) == 2  # each recipient their own


def test_an_issue_is_sent_in_batches_through_the_outbox_and_only_once(
    settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    subscribers = NewsletterSubscriberFactory.create_batch(5)
    issue = NewsletterIssueFactory()

    # The staff request itself queues no mail: the batches are background work.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_issue(issue, by=None)
    assert Email.objects.count() == 0
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENDING
    with pytest.raises(services.IssueNotDraft):
        services.issue_send(issue=issue, by=None)

    assert services.issue_send_batch(issue_id=issue.pk) == (2, True)
    assert Email.objects.count() == 2
    # A batch that runs twice queues nobody twice.
    for callback in callbacks:
        with django_capture_on_commit_callbacks(execute=True):
            callback()
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    emails = Email.objects.filter(**{f"headers__{TOPIC_HEADER}": "newsletter"})
    assert sorted(address for e in emails for address in e.to) == sorted(
        s.email for s in subscribers
    )
    assert NewsletterDelivery.objects.filter(issue=issue).count() == 5
    assert services.issue_send_batch(issue_id=issue.pk) == (0, False)
    with pytest.raises(services.IssueNotDraft):
        services.issue_send(issue=issue, by=None)


def test_an_issue_comes_in_the_subscribers_language_where_translated_else_german(
    django_capture_on_commit_callbacks,
):
    turkish = NewsletterSubscriberFactory(language="tr")
    arabic = NewsletterSubscriberFactory(language="ar")
    issue = NewsletterIssueFactory()
    issue.translations.create(language="tr", subject="Mahalle şenliği", body="Cumartesi")

    with django_capture_on_commit_callbacks(execute=True):
        send_issue(issue, by=None)

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {turkish.email: "Mahalle şenliği", arabic.email: "Sommerfest im Quartier"}
    arabic_mail = next(m for m in mail.outbox if m.to == [arabic.email])
    html = arabic_mail.alternatives[0][0]
    assert 'lang="de" dir="ltr"' in html  # German text, German mail around it
    assert "/ar/neuigkeiten-per-e-mail/abmelden/" in arabic_mail.extra_headers["List-Unsubscribe"]


def test_a_test_send_goes_only_to_the_staff_member_and_keeps_the_draft(
    django_capture_on_commit_callbacks,
):
    NewsletterSubscriberFactory()
    issue = NewsletterIssueFactory()
    issue.translations.create(language="ar", subject="مهرجان الحي", body="السبت")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.issue_send_test(issue=issue, to="kollegin@example.org") == 2

    assert {m.to[0] for m in mail.outbox} == {"kollegin@example.org"}
    assert sorted(m.subject for m in mail.outbox) == [
        "[Test] Sommerfest im Quartier",
        "[اختبار] مهرجان الحي",
    ]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert not NewsletterDelivery.objects.exists()


# ---------------------------------------------------------------- weekly digest


def test_the_digest_holds_only_the_chosen_topics_since_the_last_digest(
    django_capture_on_commit_callbacks,
):
    now = clock.now()
    chosen, other = OfficeFactory(short_name="Jobcenter"), OfficeFactory(short_name="Caritas")
    week_ago = now - timedelta(days=7, hours=1)
    reader = NewsletterSubscriberFactory(
        digest=True, events=False, offices=[chosen], last_digest_at=week_ago
    )
    NewsletterSubscriberFactory(digest=False, offices=[chosen], last_digest_at=week_ago)
    AnnouncementFactory(office=chosen, title="Neue Sprechzeiten", publish_from=now - timedelta(1))
    AnnouncementFactory(office=chosen, title="Uralt", publish_from=now - timedelta(days=9))
    AnnouncementFactory(office=other, title="Anderes Büro", publish_from=now - timedelta(1))
    AnnouncementFactory(office=other, event=True, title="Fest", publish_from=now - timedelta(1))
    AnnouncementFactory(office=chosen, draft=True, title="Entwurf")

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests.call() == 1

    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert "Neue Sprechzeiten" in message.body
    for absent in ("Uralt", "Anderes Büro", "Fest", "Entwurf"):
        assert absent not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    reader.refresh_from_db()
    assert reader.last_digest_at >= now

    # Again the next day: nothing new, and a week has not passed.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(now=now + timedelta(days=1)) == 0
    assert mail.outbox == []


def test_the_digest_includes_events_for_event_readers_and_nothing_when_nothing_is_new(
    django_capture_on_commit_callbacks,
):
    now = clock.now()
    long_ago = now - timedelta(days=8)
    events = NewsletterSubscriberFactory(digest=True, events=True, last_digest_at=long_ago)
    idle = NewsletterSubscriberFactory(
        digest=True, events=False, offices=[OfficeFactory()], last_digest_at=long_ago
    )
    AnnouncementFactory(event=True, title="Sommerfest", publish_from=now - timedelta(days=2))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(now=now) == 1

    assert [m.to for m in mail.outbox] == [[events.email]]
    assert "Sommerfest" in mail.outbox[0].body
    idle.refresh_from_db()
    assert idle.last_digest_at == long_ago


def test_no_digest_for_unconfirmed_or_suppressed(django_capture_on_commit_callbacks):
    now = clock.now()
    AnnouncementFactory(event=True, publish_from=now - timedelta(days=1))
    NewsletterSubscriberFactory(digest=True, unconfirmed=True)
    blocked = NewsletterSubscriberFactory(digest=True, last_digest_at=now - timedelta(days=8))
    services.address_suppress(email=blocked.email, reason=SuppressionReason.BOUNCE)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(now=now) == 0
    assert mail.outbox == []


# ---------------------------------------------------------------- retention, Auskunft


def test_retention_deletes_unconfirmed_sign_ups_after_seven_days():
    from quartier.retention import retention_apply

    now = clock.now()
    old = NewsletterSubscriberFactory(unconfirmed=True, created_at=now - timedelta(days=8))
    fresh = NewsletterSubscriberFactory(unconfirmed=True, created_at=now - timedelta(days=6))
    confirmed = NewsletterSubscriberFactory(created_at=now - timedelta(days=400))

    results = retention_apply(now=now)

    assert results["Neuigkeiten per E-Mail: unbestätigte Anmeldungen"] == 1
    remaining = set(NewsletterSubscriber.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, confirmed.pk}
    assert old.pk not in remaining


def test_subject_access_report_lists_what_is_stored():
    office = OfficeFactory(name="Jobcenter Dortmund")
    subscriber = NewsletterSubscriberFactory(email="anna@example.org", offices=[office])
    issue = NewsletterIssueFactory()
    NewsletterDelivery.objects.create(issue=issue, subscriber=subscriber)
    services.address_suppress(email="anna@example.org", reason=SuppressionReason.BOUNCE)

    report = selectors.subject_access_report(" Anna@Example.org ")

    assert report["subscription"]["offices"] == ["Jobcenter Dortmund"]
    assert report["subscription"]["events"] is True
    assert report["subscription"]["issues_sent"][0]["subject"] == "Sommerfest im Quartier"
    assert report["suppression"]["reason"] == "Unzustellbar (Bounce)"
    assert selectors.subject_access_report("niemand@example.org") is None


def test_home_and_news_pages_link_to_the_sign_up(client):
    for page in ("/", "/aktuelles/"):
        assert f'href="{URL}"' in client.get(page).content.decode(), page


def test_an_issue_whose_batches_broke_off_goes_on_from_the_schedule(
    settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    subscribers = NewsletterSubscriberFactory.create_batch(3)
    issue = NewsletterIssueFactory()
    with django_capture_on_commit_callbacks(execute=False):
        services.issue_send(issue=issue, by=None)  # the job that would send is lost
    assert services.issue_send_batch(issue_id=issue.pk) == (2, True)  # then the chain broke

    with django_capture_on_commit_callbacks(execute=True):
        assert resume_sending.call() == 1

    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    assert resume_sending.call() == 0


# ---------------------------------------------------------------- someone else's inbox


def test_sign_ups_for_one_address_from_many_senders_mail_it_only_up_to_the_daily_limit(
    settings, django_capture_on_commit_callbacks
):
    settings.RECIPIENT_MAIL_LIMIT = 3
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            sign_up(Client(REMOTE_ADDR=f"198.51.100.{n}"), email="opfer@example.org")
            for n in range(14)
        ]

    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/neuigkeiten-per-e-mail/bitte-bestaetigen/")
    }
    assert [m.to for m in mail.outbox] == [["opfer@example.org"]] * 3


def test_a_confirmed_subscriber_signing_up_again_hears_so_once_a_week(
    settings, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(clock.now(), tick=False)
    NewsletterSubscriberFactory(email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            sign_up(Client(REMOTE_ADDR=f"198.51.100.{n}"), email="anna@example.org")
            for n in range(5)
        ]
    time_machine.shift(timedelta(days=settings.NEWSLETTER_ALREADY_SUBSCRIBED_NOTE_DAYS + 1))
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(Client(REMOTE_ADDR="198.51.100.99"), email="anna@example.org")

    assert {a["Location"] for a in answers} == {"/neuigkeiten-per-e-mail/bitte-bestaetigen/"}
    assert [m.subject for m in mail.outbox] == ["Sie sind schon angemeldet"] * 2


# ---------------------------------------------------------------- welcome, already removed


def test_confirming_sends_one_welcome_mail_with_the_unsubscribe_link(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://quartier.example.org"
    subscriber = NewsletterSubscriberFactory(unconfirmed=True, language="en")
    url = f"/en{URL}bestaetigen/{tokens.confirm_token(subscriber.key)}/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)  # twice: still one welcome

    (welcome,) = mail.outbox
    assert welcome.to == [subscriber.email]
    link = f"https://quartier.example.org/en{URL}abmelden/"
    assert link in welcome.body
    assert welcome.extra_headers["List-Unsubscribe"].startswith(f"<{link}")
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (html, _mimetype) = welcome.alternatives[0]
    assert link in html
    unsubscribe = only_link(welcome)
    assert Client().post(path_of(unsubscribe)).status_code == 200
    assert not NewsletterSubscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_unsubscribe_page_of_an_address_already_removed_offers_no_button(client):
    subscriber = NewsletterSubscriberFactory()
    url = f"{URL}abmelden/{tokens.unsubscribe_token(subscriber.key)}/"
    subscriber.delete()

    page = client.get(url)

    html = page.content.decode()
    assert page.status_code == 200
    assert "keine Anmeldung (mehr) gespeichert" in html
    assert 'method="post"' not in html
    assert "Abbestellen</button>" not in html
    assert 'href="/neuigkeiten-per-e-mail/"' in html


def test_the_unsubscribe_page_of_a_subscriber_offers_the_button(client):
    subscriber = NewsletterSubscriberFactory()

    page = client.get(f"{URL}abmelden/{tokens.unsubscribe_token(subscriber.key)}/")

    html = page.content.decode()
    assert subscriber.email in html
    assert 'method="post"' in html
