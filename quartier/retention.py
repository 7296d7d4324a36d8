"""Every retention rule of the site, applied daily by the schedule (quartier.schedule) and by
`manage.py apply_retention`.
The periods are promised in the Datenschutzerklärung: change both together."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from post_office.utils import cleanup_expired_mails

from consultations.booking.services import booking_holds_delete_expired, bookings_delete_expired
from consultations.lending.services.erasure import loans_delete_expired
from consultations.services import appointment_requests_delete_expired
from fund_applications.services import erasure as fund_erasure
from offices.events.services import signups_delete_expired
from offices.initiatives import services as initiatives
from quartier.core.submissions import stale_locks_delete
from quartier.ideas.services import erasure as ideas_erasure
from quartier.models import AccessibilityFeedback
from quartier.newsletter import services as newsletter

logger = logging.getLogger("quartier.retention")


@dataclass(frozen=True)
class RetentionRule:
    name: str
    apply: Callable[[datetime], int]  # deletes what is due at `now`, returns how many


def _accessibility_feedback(now: datetime) -> int:
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["accessibility_feedback"])
    deleted, _ = AccessibilityFeedback.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _outbox(now: datetime) -> int:
    deleted, _attachments = cleanup_expired_mails(
        now - timedelta(days=settings.RETENTION_DAYS["outbox"]), delete_attachments=True
    )
    return deleted


def _staff_login_records(now: datetime) -> int:
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["staff_login_records"])
    logs, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return logs + attempts


RULES: list[RetentionRule] = [
    RetentionRule("Terminanfragen", lambda now: appointment_requests_delete_expired(now=now)),
    # Online bookings: BOOKING_RETENTION_DAYS (90) after the appointment, whatever its status.
    RetentionRule("Gebuchte Termine", lambda now: bookings_delete_expired(now=now)),
    RetentionRule(
        "Reservierte Terminzeiten (ohne Personendaten)",
        lambda now: booking_holds_delete_expired(now=now),
    ),
    # Sign-ups for events: RETENTION_DAYS["event_signups"] (30) after the event.
    RetentionRule("Anmeldungen zu Veranstaltungen", lambda now: signups_delete_expired(now=now)),
    # Verleih: RETENTION_DAYS["lending"] (90) after the return; kept while a damage case is open.
    RetentionRule("Verleih: Anfragen und Ausleihen", lambda now: loans_delete_expired(now=now)),
    RetentionRule("Rückmeldungen zur Barrierefreiheit", _accessibility_feedback),
    RetentionRule("Anmeldeprotokolle der Mitarbeitenden", _staff_login_records),
    RetentionRule("Postausgang: gesendete und nicht zustellbare E-Mails", _outbox),
    # Neuigkeiten per E-Mail: a sign-up nobody confirmed in 7 days; a suppression after 2 years.
    RetentionRule(
        "Neuigkeiten per E-Mail: unbestätigte Anmeldungen",
        lambda now: newsletter.subscribers_delete_unconfirmed(now=now),
    ),
    RetentionRule(
        "Neuigkeiten per E-Mail: alte Sperren",
        lambda now: newsletter.suppressions_delete_expired(now=now),
    ),
    # Stadtteilfonds: "erased" means anonymised, amounts and goals stay for the statistics.
    RetentionRule(
        "Stadtteilfonds: abgelehnte und zurückgezogene Anträge", fund_erasure.retention_unfunded
    ),
    RetentionRule("Stadtteilfonds: abgeschlossene Projekte", fund_erasure.retention_completed),
    RetentionRule("Stadtteilfonds: nie abgeschickte Entwürfe", fund_erasure.retention_drafts),
    # Initiativen und Gruppen: messages were passed on at once; entries off the website.
    RetentionRule(
        "Initiativen und Gruppen: Mitmachen-Nachrichten",
        lambda now: initiatives.join_requests_delete_expired(now=now),
    ),
    RetentionRule(
        "Initiativen und Gruppen: ausgeblendete und nie veröffentlichte Einträge",
        lambda now: initiatives.groups_delete_expired(now=now),
    ),
    # Anregungen und Ideen: addresses a year after the idea was closed; unconfirmed supports
    # when their link expires.
    RetentionRule("Ideen: Kontaktdaten abgeschlossener Ideen", ideas_erasure.retention_closed),
    RetentionRule(
        "Ideen: unbestätigte Unterstützungen", ideas_erasure.retention_unconfirmed_supports
    ),
    # Per-person limits of public forms: a keyed hash per person, useless after the limits.
    RetentionRule(
        "Öffentliche Formulare: Zähler je Person", lambda now: stale_locks_delete(now=now)
    ),
]


def retention_apply(*, now: datetime) -> dict[str, int]:
    """Apply every rule; returns and logs how many records each one erased."""
    results = {}
    for rule in RULES:
        results[rule.name] = rule.apply(now)
        logger.info("retention rule=%r erased=%d", rule.name, results[rule.name])
    return results
