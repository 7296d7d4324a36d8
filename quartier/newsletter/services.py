"""Every write of Neuigkeiten per E-Mail: sign-up, confirmation, unsubscribe, suppression,
sending an issue in batches, the weekly digest."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from offices.models import Office
from quartier.core import clock, recipient_limit, submissions
from quartier.core.mail import outbox_nudge, queue_email
from quartier.newsletter import emails, selectors
from quartier.newsletter.enums import IssueStatus, SuppressionReason
from quartier.newsletter.models import (
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscriber,
    SuppressedAddress,
)


class IssueNotDraft(Exception):
    """An issue is sent once: it is being sent or was sent already."""


def normalise(email: str) -> str:
    return email.strip().lower()


def is_suppressed(email: str) -> bool:
    return SuppressedAddress.objects.filter(email=normalise(email)).exists()


def subscriber_subscribe(
    *,
    email: str,
    language: str,
    offices: Iterable[Office],
    fund_dates: bool,
    events: bool,
    booking_times: bool,
    digest: bool,
) -> None:
    """A sign-up from the public form. Whatever the address's state, the visitor sees the same
    answer: a new or unconfirmed address gets (again) a confirmation mail, a confirmed one a
    note that it is subscribed (its choices change only through a confirmed link), a
    suppressed one nothing."""
    email = normalise(email)
    now = clock.now()
    with transaction.atomic():
        # Two sign-ups of one address at once wait for each other here: the second finds the
        # row the first created instead of inserting the same email again.
        submissions.lock_people(scope="newsletter", keys=submissions.identities(email=email))
        if is_suppressed(email):
            return
        subscriber = NewsletterSubscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is not None and subscriber.is_confirmed:
            _queue_already_subscribed(subscriber)
            return
        if subscriber is None:
            subscriber = NewsletterSubscriber(email=email)
        subscriber.language = language
        subscriber.fund_dates = fund_dates
        subscriber.events = events
        subscriber.booking_times = booking_times
        subscriber.digest = digest
        subscriber.consented_at = now
        subscriber.created_at = now  # the 7 days start again with the new mail
        subscriber.full_clean()
        subscriber.save()
        subscriber.offices.set(offices)
        _queue_confirmation(subscriber)


def _queue_confirmation(subscriber: NewsletterSubscriber) -> None:
    if not recipient_limit.allow(subscriber.email):
        return  # someone else's inbox must not fill up; the form answers the same
    language = subscriber.language
    mail = emails.render_mail(
        template="confirm",
        language=language,
        subject=_translated(language, _("Bitte bestätigen Sie Ihre Anmeldung")),
        context={
            "confirm_url": emails.confirm_url(key=subscriber.key, language=language),
            "days": settings.NEWSLETTER_UNCONFIRMED_DAYS,
        },
    )
    queue_email(
        to=[subscriber.email],
        subject=mail.subject,
        body=mail.text,
        html_body=mail.html,
        topic=emails.OUTBOX_TOPIC,
    )


def _queue_already_subscribed(subscriber: NewsletterSubscriber) -> None:
    # Signing up again and again must not mean a mail each time: one note in a while is enough.
    if not recipient_limit.allow(
        subscriber.email,
        scope="newsletter-already-subscribed",
        limit=1,
        per_seconds=settings.NEWSLETTER_ALREADY_SUBSCRIBED_NOTE_DAYS * recipient_limit.DAY,
    ) or not recipient_limit.allow(subscriber.email):
        return
    language = subscriber.language
    link = emails.unsubscribe_url(key=subscriber.key, language=language)
    mail = emails.render_mail(
        template="already_subscribed",
        language=language,
        subject=_translated(language, _("Sie sind schon angemeldet")),
        context={"unsubscribe_url": link},
    )
    emails.queue_newsletter_mail(to=subscriber.email, mail=mail, unsubscribe_link=link)


def _translated(language: str, text) -> str:
    """A lazily translated text, in `language`."""
    with translation.override(language):
        return str(text)


def subscriber_confirm(*, key: str) -> NewsletterSubscriber | None:
    """The button on the confirmation page (POST only): confirmed, and a welcome mail with the
    unsubscribe link. Confirming twice is harmless and sends nothing more."""
    with transaction.atomic():
        subscriber = NewsletterSubscriber.objects.select_for_update().filter(key=key).first()
        if subscriber is None:
            return None
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = clock.now()
            # The first digest covers what is published from now on.
            subscriber.last_digest_at = subscriber.confirmed_at
            subscriber.save(update_fields=["confirmed_at", "last_digest_at"])
            _queue_welcome(subscriber)
    return subscriber


def _queue_welcome(subscriber: NewsletterSubscriber) -> None:
    language = subscriber.language
    link = emails.unsubscribe_url(key=subscriber.key, language=language)
    mail = emails.render_mail(
        template="welcome",
        language=language,
        subject=_translated(language, _("Willkommen bei den Neuigkeiten aus dem Quartier")),
        context={"unsubscribe_url": link},
    )
    emails.queue_newsletter_mail(to=subscriber.email, mail=mail, unsubscribe_link=link)


def subscriber_unsubscribe(*, key: str) -> bool:
    """One-click unsubscribe: the address and its choices are deleted at once."""
    deleted, _details = NewsletterSubscriber.objects.filter(key=key).delete()
    return bool(deleted)


def address_suppress(*, email: str, reason: str, note: str = "", by=None) -> SuppressedAddress:
    """After bounces or a complaint: this address never gets a newsletter mail again, even if
    it subscribes again (until staff lift the block or the retention rule ends it)."""
    if reason not in SuppressionReason.values:
        raise ValueError(f"unknown suppression reason {reason!r}")
    suppressed, created = SuppressedAddress.objects.get_or_create(
        email=normalise(email),
        defaults={"reason": reason, "note": note, "created_by": by, "created_at": clock.now()},
    )
    if not created:
        suppressed.reason, suppressed.note, suppressed.created_by = reason, note, by
        suppressed.full_clean()
        suppressed.save()
    return suppressed


# ---------------------------------------------------------------- issues


def issue_send(*, issue: NewsletterIssue, by) -> None:
    """Staff's "Senden": the issue leaves the draft state (once). The caller then starts the
    background task that puts it into the outbox batch by batch (tasks.send_issue_batch); if
    that start is lost, the schedule's resume_sending picks the issue up."""
    with transaction.atomic():
        locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if locked.status != IssueStatus.DRAFT:
            raise IssueNotDraft(locked.get_status_display())
        locked.status = IssueStatus.SENDING
        locked.sending_started_at = clock.now()
        locked.sent_by = by
        locked.save(update_fields=["status", "sending_started_at", "sent_by"])
    issue.refresh_from_db()


def issue_send_batch(*, issue_id: int, batch_size: int | None = None) -> tuple[int, bool]:
    """Queue the next batch of an issue being sent, one mail per recipient with their own
    unsubscribe link. Returns (queued, more_to_do); marks the issue sent when all are done."""
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    with transaction.atomic():
        issue = (
            NewsletterIssue.objects.select_for_update()
            .prefetch_related("offices", "translations")
            .filter(pk=issue_id)
            .first()
        )
        if issue is None or issue.status != IssueStatus.SENDING:
            return 0, False
        recipients = list(selectors.issue_pending_recipients(issue=issue)[: batch_size + 1])
        more = len(recipients) > batch_size
        recipients = recipients[:batch_size]
        now = clock.now()
        NewsletterDelivery.objects.bulk_create(
            [NewsletterDelivery(issue=issue, subscriber=s, queued_at=now) for s in recipients]
        )
        rendered = {}
        for subscriber in recipients:
            language = selectors.issue_language(issue=issue, wanted=subscriber.language)
            link = emails.unsubscribe_url(key=subscriber.key, language=subscriber.language)
            if language not in rendered:
                rendered[language] = selectors.issue_texts(issue=issue, language=language)
            subject, body = rendered[language]
            mail = emails.render_mail(
                template="issue",
                language=language,
                subject=subject,
                markdown_body=body,
                context={"unsubscribe_url": link},
            )
            emails.queue_newsletter_mail(
                to=subscriber.email, mail=mail, unsubscribe_link=link, nudge=False
            )
        if recipients:
            outbox_nudge()  # once for the batch, not once per mail
        if not more:
            issue.status = IssueStatus.SENT
            issue.sent_at = now
            issue.save(update_fields=["status", "sent_at"])
    return len(recipients), more


def issues_sending() -> list[int]:
    """Issues whose sending began but has not finished."""
    return list(
        NewsletterIssue.objects.filter(status=IssueStatus.SENDING).values_list("pk", flat=True)
    )


def issue_preview(*, issue: NewsletterIssue, language: str) -> emails.RenderedMail:
    """The mail as a subscriber in `language` gets it (with a sample unsubscribe link)."""
    language = selectors.issue_language(issue=issue, wanted=language)
    subject, body = selectors.issue_texts(issue=issue, language=language)
    return emails.render_mail(
        template="issue",
        language=language,
        subject=subject,
        markdown_body=body,
        context={"unsubscribe_url": emails.unsubscribe_url(key="vorschau", language=language)},
    )


def issue_send_test(*, issue: NewsletterIssue, to: str) -> int:
    """ "Test an mich senden": the issue in German and in each translated language, to the
    staff member's own address; no subscriber gets it and the issue stays a draft."""
    languages = [settings.LANGUAGE_CODE, *(t.language for t in issue.translations.all())]
    with transaction.atomic():
        for language in languages:
            mail = issue_preview(issue=issue, language=language)
            test_mail = emails.RenderedMail(
                subject=_translated(language, _("[Test]")) + " " + mail.subject,
                text=mail.text,
                html=mail.html,
            )
            link = emails.unsubscribe_url(key="vorschau", language=language)
            emails.queue_newsletter_mail(to=to, mail=test_mail, unsubscribe_link=link)
    return len(languages)


# ---------------------------------------------------------------- weekly digest

DIGEST_INTERVAL = timedelta(days=7)


def digests_send(*, now: datetime) -> int:
    """Each digest subscriber whose last digest is a week old gets the announcements of their
    chosen topics published since; nobody gets an empty digest. Returns how many were sent."""
    sent = 0
    for subscriber in selectors.digest_due(now=now, interval=DIGEST_INTERVAL):
        with transaction.atomic():
            since = subscriber.last_digest_at or subscriber.confirmed_at
            announcements = selectors.digest_announcements(
                subscriber=subscriber, since=since, now=now
            )
            if not announcements:
                continue
            link = emails.unsubscribe_url(key=subscriber.key, language=subscriber.language)
            mail = emails.render_mail(
                template="digest",
                language=subscriber.language,
                subject=_translated(subscriber.language, _("Neues aus dem Quartier")),
                context={"announcements": announcements, "unsubscribe_url": link},
            )
            emails.queue_newsletter_mail(to=subscriber.email, mail=mail, unsubscribe_link=link)
            NewsletterSubscriber.objects.filter(pk=subscriber.pk).update(last_digest_at=now)
            sent += 1
    return sent


# ---------------------------------------------------------------- retention


def subscribers_delete_unconfirmed(*, now: datetime) -> int:
    """Sign-ups nobody confirmed within NEWSLETTER_UNCONFIRMED_DAYS."""
    cutoff = now - timedelta(days=settings.NEWSLETTER_UNCONFIRMED_DAYS)
    deleted = NewsletterSubscriber.objects.unconfirmed().filter(created_at__lt=cutoff)
    count = deleted.count()
    deleted.delete()
    return count


def suppressions_delete_expired(*, now: datetime) -> int:
    cutoff = now - timedelta(days=settings.NEWSLETTER_SUPPRESSION_DAYS)
    deleted, _details = SuppressedAddress.objects.filter(created_at__lt=cutoff).delete()
    return deleted
