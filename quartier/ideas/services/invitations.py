"""From an idea to a Stadtteilfonds application: staff invite the author, the author's button
starts a draft with the idea's title, text and place filled in."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from fund_applications import selectors as fund_selectors
from fund_applications.models import ApplicationDraft
from fund_applications.services import drafts as fund_drafts
from quartier.core import clock
from quartier.ideas import emails
from quartier.ideas.models import Idea


class NoFundOpen(Exception):
    """No Stadtteilfonds takes applications at the moment."""


def idea_invite_to_fund(*, idea: Idea) -> None:
    """The author gets a mail with the link to the page that starts the application."""
    if not idea.email:
        raise ValidationError(
            _("Die E-Mail-Adresse dieser Idee ist gelöscht; eine Einladung ist nicht möglich."),
            code="no_email",
        )
    with transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(fund_invited_at=clock.now())
        idea.fund_invited_at = clock.now()
        emails.queue_author_mail(idea, "fund_invitation", fund_url=emails.fund_start_url(idea))


def idea_fund_draft(*, idea: Idea) -> ApplicationDraft:
    """The author's "Antrag beginnen": the draft of this idea, started now or before (a second
    press continues the same draft while it exists)."""
    with transaction.atomic():
        locked = (
            Idea.objects.select_for_update(of=("self",))
            .select_related("fund_draft")
            .get(pk=idea.pk)
        )
        if locked.fund_draft is not None:
            return locked.fund_draft
        try:
            fund = fund_selectors.fund_current()
        except Http404 as error:
            raise NoFundOpen from error
        draft = fund_drafts.draft_create(
            fund=fund,
            project={"title": locked.title, "summary": locked.text[:2000], "place": locked.place},
        )
        locked.fund_draft = draft
        locked.save(update_fields=["fund_draft"])
    return draft
