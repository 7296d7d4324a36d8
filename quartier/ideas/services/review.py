"""The office looks at an idea: corrects or shortens it, publishes it with an answer, answers
the author privately, moves it on, all in one save."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications.models import Application
from offices.models import Announcement
from quartier.core import clock
from quartier.ideas import emails
from quartier.ideas.models import Idea
from quartier.ideas.services.lifecycle import idea_transition, mark_answered


def idea_staff_save(
    *,
    idea: Idea,
    by,
    publish: bool = False,
    private_answer: str = "",
    new_status: str = "",
    status_note: str = "",
    announcement: Announcement | None = None,
    funded_project: Application | None = None,
) -> Idea:
    """Staff's save of an idea (its edited fields already on `idea`): publish it if asked
    and allowed, send a private answer, change its status. All or nothing."""
    private_answer = private_answer.strip()
    with transaction.atomic():
        now = clock.now()
        newly_published = publish and idea.published_at is None
        if newly_published:
            if not idea.may_publish:
                raise ValidationError(
                    _(
                        "Die Person möchte ihre Idee nicht veröffentlicht sehen. Antworten Sie "
                        "ihr bitte per E-Mail."
                    ),
                    code="no_consent",
                )
            idea.published_at = now
        if (newly_published and idea.answer.strip()) or private_answer:
            mark_answered(idea, now=now)
        if private_answer:
            idea.private_answer = private_answer
            idea.private_answered_at = now
        idea.full_clean()
        idea.save()
        if newly_published:
            emails.queue_author_mail(idea, "published")
        if private_answer:
            emails.queue_author_mail(idea, "answer", answer=private_answer)
        if new_status:
            idea_transition(
                idea=idea,
                to=new_status,
                note=status_note,
                by=by,
                announcement=announcement,
                funded_project=funded_project,
            )
    return idea
