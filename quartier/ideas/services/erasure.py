"""Erasure on request (Art. 17 DSGVO) and the retention rules: the author's address and private
answer, and the supporters' hashed addresses, go; the idea, its public answer and the count
stay for the neighbourhood."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from quartier.core import clock, submissions
from quartier.ideas.enums import CLOSED
from quartier.ideas.models import Idea, Support
from quartier.ideas.personal_data import support_email_hash


def _blank_contact(ideas, *, now: datetime) -> int:
    return ideas.update(email="", private_answer="", personal_data_erased_at=now)


def personal_data_erase(*, email: str) -> dict[str, int]:
    """Everything stored for one address: its ideas lose address and private answer (an
    unpublished idea goes entirely), its supports go (the counts stay)."""
    email = submissions.email_key(email)
    now = clock.now()
    with transaction.atomic():
        unpublished = Idea.objects.filter(email=email, published_at__isnull=True)
        deleted_ideas = unpublished.count()
        unpublished.delete()
        blanked = _blank_contact(Idea.objects.filter(email=email), now=now)
        supports, _details = Support.objects.filter(email_hash=support_email_hash(email)).delete()
    return {"ideas_deleted": deleted_ideas, "ideas_anonymised": blanked, "supports": supports}


def retention_closed(now: datetime) -> int:
    """Closed ideas RETENTION_DAYS["ideas_closed"] after closing: no address, no supporters'
    hashes; unpublished closed ideas go entirely."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["ideas_closed"])
    due = Idea.objects.filter(status__in=CLOSED, closed_at__lt=cutoff)
    with transaction.atomic():
        supports, _details = Support.objects.filter(idea__in=due).delete()
        unpublished, _details = due.filter(published_at__isnull=True).delete()
        blanked = _blank_contact(due.filter(personal_data_erased_at__isnull=True), now=now)
    return supports + unpublished + blanked


def retention_unconfirmed_supports(now: datetime) -> int:
    """Supports nobody confirmed before their link expired."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["ideas_unconfirmed_supports"])
    deleted, _details = Support.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted
