"""Reads of Neuigkeiten per E-Mail: who gets an issue, in which language, what a digest holds."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation

from offices.content_language import translated
from offices.models import Announcement
from offices.selectors import with_translation
from quartier.core.links import absolute_url
from quartier.newsletter.models import NewsletterIssue, NewsletterSubscriber


def issue_recipients(*, issue: NewsletterIssue) -> QuerySet[NewsletterSubscriber]:
    """Confirmed, not suppressed subscribers of at least one of the issue's topics."""
    return NewsletterSubscriber.objects.deliverable().interested_in(issue).order_by("pk")


def issue_pending_recipients(*, issue: NewsletterIssue) -> QuerySet[NewsletterSubscriber]:
    """Recipients the issue was not yet queued for."""
    return issue_recipients(issue=issue).exclude(deliveries__issue=issue)


def issue_language(*, issue: NewsletterIssue, wanted: str) -> str:
    """The subscriber's language if the issue is translated into it, else German."""
    if wanted != settings.LANGUAGE_CODE and any(
        t.language == wanted for t in issue.translations.all()
    ):
        return wanted
    return settings.LANGUAGE_CODE


def issue_texts(*, issue: NewsletterIssue, language: str) -> tuple[str, str]:
    for item in issue.translations.all():
        if item.language == language:
            return item.subject, item.body
    return issue.subject, issue.body


def digest_due(*, now: datetime, interval: timedelta) -> QuerySet[NewsletterSubscriber]:
    """Digest subscribers whose last digest (or confirmation) is at least `interval` ago."""
    cutoff = now - interval
    return (
        NewsletterSubscriber.objects.deliverable()
        .filter(digest=True)
        .filter(Q(last_digest_at__lte=cutoff) | Q(last_digest_at__isnull=True))
        .prefetch_related("offices")
        .order_by("pk")
    )


@dataclass(frozen=True)
class DigestItem:
    title: str
    teaser: str
    office: str
    url: str
    event_start: datetime | None
    event_place: str


def digest_announcements(
    *, subscriber: NewsletterSubscriber, since: datetime, now: datetime
) -> list[DigestItem]:
    """Announcements published after `since` that belong to the subscriber's topics: the
    news of their chosen offices, and events when they chose events. In their language where
    staff translated the announcement."""
    topics = Q(office__in=[office.pk for office in subscriber.offices.all()])
    if subscriber.events:
        topics |= Q(event_start__isnull=False)
    with translation.override(subscriber.language):
        announcements = with_translation(
            Announcement.objects.published(now)
            .filter(publish_from__gt=since)
            .filter(topics)
            .select_related("office")
            .order_by("publish_from", "pk")
        )
        return [
            DigestItem(
                title=str(translated(item, "title")),
                teaser=str(translated(item, "teaser")),
                office=str(item.office_label),
                url=absolute_url(item.get_absolute_url()),
                event_start=item.event_start,
                event_place=item.event_place,
            )
            for item in announcements
        ]


def subject_access_report(email: str) -> dict | None:
    """What is stored about one address for Neuigkeiten per E-Mail (Art. 15 DSGVO)."""
    from quartier.newsletter.models import SuppressedAddress

    email = email.strip().lower()
    subscriber = (
        NewsletterSubscriber.objects.filter(email=email).prefetch_related("offices").first()
    )
    suppressed = SuppressedAddress.objects.filter(email=email).first()
    if subscriber is None and suppressed is None:
        return None
    report: dict = {"email": email, "subscription": None, "suppression": None}
    if subscriber is not None:
        report["subscription"] = {
            "language": subscriber.language,
            "offices": [office.name for office in subscriber.offices.all()],
            "fund_dates": subscriber.fund_dates,
            "events": subscriber.events,
            "booking_times": subscriber.booking_times,
            "weekly_digest": subscriber.digest,
            "consented_at": subscriber.consented_at.isoformat(),
            "signed_up_at": subscriber.created_at.isoformat(),
            "confirmed_at": subscriber.confirmed_at.isoformat()
            if subscriber.confirmed_at
            else None,
            "last_digest_at": subscriber.last_digest_at.isoformat()
            if subscriber.last_digest_at
            else None,
            "issues_sent": [
                {"subject": d.issue.subject, "queued_at": d.queued_at.isoformat()}
                for d in subscriber.deliveries.select_related("issue").order_by("queued_at")
            ],
        }
    if suppressed is not None:
        report["suppression"] = {
            "reason": suppressed.get_reason_display(),
            "note": suppressed.note,
            "since": suppressed.created_at.isoformat(),
        }
    return report
