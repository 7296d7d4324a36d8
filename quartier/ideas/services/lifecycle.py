"""The one place an idea's status changes, with its dated record and the author's mail."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications.models import Application
from offices.models import Announcement
from quartier.core import clock
from quartier.ideas import emails
from quartier.ideas.enums import CLOSED, NEEDS_LINK, NEEDS_REASON, TRANSITIONS, IdeaStatus
from quartier.ideas.models import Idea, IdeaStatusChange


def mark_answered(idea: Idea, *, now: datetime) -> None:
    """The office's first answer (public, private or a new status) keeps the promise or not;
    later answers change nothing about that."""
    if idea.answered_at is None:
        idea.answered_at = now
        idea.answered_in_time = clock.local(now).date() <= idea.answer_due_on


def idea_transition(
    *,
    idea: Idea,
    to: str,
    note: str = "",
    by=None,
    announcement: Announcement | None = None,
    funded_project: Application | None = None,
    notify: bool = True,
) -> Idea:
    """Move an idea to status `to` as the transition table allows, with the office's note.
    "aufgegriffen" needs what came of the idea (an announcement or event, or a funded
    project); "nicht möglich" needs the reason. Raises ValidationError otherwise."""
    note = note.strip()
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if to not in TRANSITIONS.get(locked.status, frozenset()):
            raise ValidationError(
                _("Von „%(from)s“ kann eine Idee nicht zu „%(to)s“ wechseln.")
                % {
                    "from": IdeaStatus(locked.status).label,
                    "to": IdeaStatus(to).label if to in IdeaStatus.values else to,
                },
                code="transition",
            )
        announcement = announcement or locked.announcement
        funded_project = funded_project or locked.funded_project
        if to in NEEDS_LINK and announcement is None and funded_project is None:
            raise ValidationError(
                _(
                    "Bitte wählen Sie, was aus der Idee geworden ist: eine Meldung, eine "
                    "Veranstaltung oder ein gefördertes Projekt."
                ),
                code="link_missing",
            )
        if to in NEEDS_REASON and not note:
            raise ValidationError(
                _("Bitte schreiben Sie, warum die Idee nicht möglich ist."), code="reason_missing"
            )
        now = clock.now()
        locked.status = to
        locked.announcement = announcement
        locked.funded_project = funded_project
        locked.closed_at = now if to in CLOSED else None
        mark_answered(locked, now=now)
        locked.save(
            update_fields=[
                "status",
                "announcement",
                "funded_project",
                "closed_at",
                "answered_at",
                "answered_in_time",
            ]
        )
        IdeaStatusChange.objects.create(
            idea=locked, status=to, note=note, changed_at=now, changed_by=by
        )
        if notify:
            emails.queue_author_mail(locked, "status", note=note)
    for field in ("status", "announcement", "funded_project", "closed_at", "answered_at"):
        setattr(idea, field, getattr(locked, field))
    idea.answered_in_time = locked.answered_in_time
    return idea
