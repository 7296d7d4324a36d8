""" "Ich unterstütze das": an address asks, the mail's confirmation page (POST) counts it, once
per address and idea. The idea keeps the count, so no page counts thousands of rows."""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from quartier.core import clock, page_cache, submissions
from quartier.ideas import emails
from quartier.ideas.models import Idea, Support
from quartier.ideas.personal_data import support_email_hash


class IdeaNotOpenForSupport(Exception):
    """The idea is not public (any more) or closed."""


def support_request(*, idea: Idea, email: str, language: str) -> None:
    """Ask the address to confirm. Whatever the address's state, the page answers the same: a
    new or unconfirmed support gets (again) the confirmation mail, a counted one a note that
    it counts already."""
    if not idea.is_published or idea.is_closed:
        raise IdeaNotOpenForSupport
    email = submissions.email_key(email)
    email_hash = support_email_hash(email)
    with transaction.atomic():
        # Two requests of one address at once wait for each other: the second finds the row.
        submissions.lock_people(scope="idea-support", keys=submissions.identities(email=email))
        support = Support.objects.filter(idea=idea, email_hash=email_hash).first()
        if support is None:
            support = Support(
                idea=idea,
                email_hash=email_hash,
                key=secrets.token_urlsafe(16),
                language=language,
                created_at=clock.now(),
            )
            support.full_clean()
            support.save()
        kind = "support_already" if support.confirmed_at else "support_confirm"
        emails.queue_support_mail(email=email, support=support, idea=idea, kind=kind)


@dataclass(frozen=True)
class Confirmation:
    idea: Idea
    counted_now: bool


def support_confirm(*, key: str) -> Confirmation | None:
    """The button on the confirmation page: the support counts from now on. A second press
    changes nothing. None when the support is gone (the retention rule deleted it)."""
    with transaction.atomic():
        support = Support.objects.select_for_update().filter(key=key).first()
        if support is None:
            return None
        counted_now = support.confirmed_at is None
        if counted_now:
            support.confirmed_at = clock.now()
            support.save(update_fields=["confirmed_at"])
            Idea.objects.filter(pk=support.idea_id).update(support_count=F("support_count") + 1)
            # An update sends no signal: the cached list and idea page must show the new count.
            transaction.on_commit(page_cache.content_changed)
        idea = Idea.objects.get(pk=support.idea_id)
    return Confirmation(idea=idea, counted_now=counted_now)
