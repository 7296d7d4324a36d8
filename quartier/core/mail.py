"""The one path for every email: record it in the outbox, in the same transaction as the change
that causes it; the background worker sends it (quartier.core.tasks.send_outbox) and retries
with growing pauses for more than a day. No request waits on a mail server.

Delivery is at least once: a worker killed between the mail server's "OK" and the outbox's
"sent" sends that one mail again. Every email is plain text (a text/plain part)."""

from collections.abc import Iterable
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.utils import DNS_NAME
from django.utils.translation import gettext_lazy as _
from post_office import mail
from post_office.models import PRIORITY, STATUS, Email
from post_office.signals import email_queued
from post_office.utils import create_attachments

LONGEST_PAUSE = timedelta(hours=2)


def retry_pause(attempt: int) -> timedelta:
    """How long to wait after the attempt-th failure: with settings.POST_OFFICE's 5 minutes,
    5, 10, 20, 40, 80 minutes, then every two hours; MAX_RETRIES 16 keeps trying > 24 hours."""
    first = settings.POST_OFFICE["RETRY_INTERVAL"]
    return min(first * 2 ** (attempt - 1), LONGEST_PAUSE)


# Which part of the site a mail belongs to: staff see only their part of the outbox. A mail
# header, so it stays with the mail wherever it goes; it says nothing personal.
TOPIC_HEADER = "X-Quartier-Topic"
TOPICS = {
    "general": _("Quartiersbüro"),
    "fund": _("Stadtteilfonds"),
    "newsletter": _("Neuigkeiten per E-Mail"),
}


def queue_email(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    reply_to: Iterable[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: dict | None = None,
    topic: str = "general",
    html_body: str = "",
    nudge: bool = True,
) -> Email | None:
    """Put one plain-text email into the outbox. Returns the outbox entry, or None without a
    recipient.

    Call it inside the transaction that makes the change: a rolled-back change sends nothing.
    The worker is nudged after the commit; the schedule sweeps the outbox every minute too.
    Subject and body are stored as given (post_office.mail.send would run them through the
    template engine, and a resident's "{%" must stay text). `html_body` adds an HTML
    alternative beside the plain text, never instead of it. Who queues hundreds of mails in one
    transaction passes `nudge=False` and calls outbox_nudge() once."""
    recipients = [address for address in to if address]
    if not recipients:
        return None
    if topic not in TOPICS:
        raise ValueError(f"Unknown outbox topic: {topic}")
    headers = {**(headers or {}), TOPIC_HEADER: topic}
    reply_to = [address for address in (reply_to or []) if address]
    if reply_to:
        headers["Reply-To"] = ", ".join(reply_to)
    email = Email(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        subject=" ".join(subject.split())[:255],  # a header: one line
        message=body,
        html_message=html_body,
        headers=headers,
        priority=PRIORITY.medium,
        status=STATUS.queued,
        message_id=make_msgid(domain=DNS_NAME),
    )
    email.full_clean(exclude=["to", "cc", "bcc"])
    email.save()
    if attachments:
        email.attachments.add(*create_attachments(attachments))
    if nudge:
        outbox_nudge([email])
    return email


class OutboxBackend(BaseEmailBackend):
    """EMAIL_BACKEND: Django's own mails (password reset, error reports) go into the outbox
    too, so nothing waits on the mail server."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            queue_email(
                to=[*message.to, *message.cc, *message.bcc],
                subject=message.subject,
                body=message.body,
                reply_to=message.reply_to,
                headers={
                    key: value
                    for key, value in message.extra_headers.items()
                    if key.lower() not in {"reply-to", "message-id"}
                },
            )
        return len(email_messages)


def outbox_nudge(emails: Iterable[Email] = ()) -> None:
    """Tell the sender that mails wait (post_office's email_queued, which quartier.core.tasks
    answers after the commit). Called once by those who queue many mails with `nudge=False`
    (newsletter batches)."""
    email_queued.send(sender=Email, emails=list(emails))


def emails_send_due(*, max_batches: int = 20) -> dict[str, int]:
    """Send what is due, batch by batch; failures wait retry_pause() and then fail for good."""
    totals = {"sent": 0, "failed": 0, "requeued": 0}
    for _batch in range(max_batches):
        if not mail.get_queued().exists():
            break
        sent, failed, requeued = mail.send_queued(processes=1)
        totals["sent"] += sent
        totals["failed"] += failed
        totals["requeued"] += requeued
        _spread_retries()
    return totals


def _spread_retries() -> None:
    # post_office always waits RETRY_INTERVAL; later attempts should wait longer.
    requeued = Email.objects.filter(status=STATUS.requeued, number_of_retries__gt=1).only(
        "pk", "number_of_retries", "last_updated", "scheduled_time"
    )
    for email in requeued:
        due = email.last_updated + retry_pause(email.number_of_retries)
        if email.scheduled_time is None or email.scheduled_time < due:
            Email.objects.filter(pk=email.pk).update(scheduled_time=due)


OUTBOX_STATUS_LABELS = {
    STATUS.sent: _("versandt"),
    STATUS.queued: _("wartet auf Versand"),
    STATUS.requeued: _("wartet auf einen neuen Versuch"),
    STATUS.failed: _("nicht zustellbar"),
}


def outbox_status_label(status: int | None) -> str:
    """What staff read about one mail of the outbox, in words."""
    if status is None:
        return str(_("nicht im Postausgang"))
    return str(OUTBOX_STATUS_LABELS[status])


def email_send_again(*, email: Email) -> None:
    """Staff's "erneut senden": a failed mail goes back into the outbox with fresh retries."""
    Email.objects.filter(pk=email.pk).update(
        status=STATUS.queued, number_of_retries=0, scheduled_time=None
    )
    outbox_nudge([email])
