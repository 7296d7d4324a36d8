import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.core import clock, submissions
from quartier.core.mail import queue_email
from quartier.models import AccessibilityFeedback, StartPageVisit


def accessibility_feedback_submit(
    *, message: str, page: str = "", name: str = "", email: str = ""
) -> AccessibilityFeedback:
    """Store a reported barrier and tell the people who must answer it within a month. The
    same report sent again a moment later (a second click) is the one stored already."""
    feedback = AccessibilityFeedback(message=message, page=page, name=name, email=email)
    feedback.full_clean()
    with transaction.atomic():
        # Reports may be anonymous: the text itself stands for the person.
        digest = hashlib.sha256(message.encode()).hexdigest()
        submissions.lock_people(scope="accessibility-feedback", keys=[f"text:{digest}"])
        same = (
            AccessibilityFeedback.objects.filter(
                message=message,
                page=page,
                email=email,
                created_at__gte=clock.now()
                - timedelta(minutes=submissions.SAME_SUBMISSION_MINUTES),
            )
            .order_by("created_at")
            .first()
        )
        if same is not None:
            return same
        feedback.save()
        if settings.ACCESSIBILITY_FEEDBACK_EMAIL:
            queue_email(
                to=[settings.ACCESSIBILITY_FEEDBACK_EMAIL],
                subject=_("Neue Rückmeldung zur Barrierefreiheit"),
                body=_("Seite: %(page)s\n\n%(message)s\n\nAntwort an: %(email)s")
                % {"page": page or "–", "message": message, "email": email or "–"},
                reply_to=[email] if email else None,
            )
    return feedback


def start_page_visit_record(*, user, now: datetime) -> datetime | None:
    """Note that `user` opened "Heute zu tun" now; returns the visit before (None the first
    time), from which the start page counts what changed. Two queries, first visit or not."""
    visits = StartPageVisit.objects.filter(user=user)
    previous = visits.values_list("seen_at", flat=True).first()
    if previous is None:
        # Two first visits at once: the second insert is dropped, not an error.
        StartPageVisit.objects.bulk_create(
            [StartPageVisit(user=user, seen_at=now)], ignore_conflicts=True
        )
    else:
        visits.update(seen_at=now)
    return previous
