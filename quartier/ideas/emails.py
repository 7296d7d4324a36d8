"""Mails of Anregungen und Ideen, plain text, in the language the resident wrote in. Every mail
goes through the outbox inside the transaction of the change that causes it."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from quartier.core import recipient_limit
from quartier.core.links import absolute_url
from quartier.core.mail import queue_email
from quartier.ideas import tokens
from quartier.ideas.models import Idea, Support

SUBJECTS = {
    "received": _("Ihre Idee ist angekommen: %(title)s"),
    "published": _("Ihre Idee ist jetzt öffentlich: %(title)s"),
    "answer": _("Antwort des Quartiersbüros auf Ihre Idee: %(title)s"),
    "status": _("Neuer Stand Ihrer Idee: %(title)s"),
    "fund_invitation": _("Ihre Idee im Stadtteilfonds: %(title)s"),
    "support_confirm": _("Bitte bestätigen Sie Ihre Unterstützung: %(title)s"),
    "support_already": _("Sie unterstützen diese Idee schon: %(title)s"),
}
# What a visitor can set off with an address typed online counts toward that address's daily
# limit; the office's own answers do not.
VISITOR_CAUSED = {"received", "support_confirm", "support_already"}


def private_url(idea: Idea) -> str:
    with translation.override(idea.language):
        return absolute_url(reverse("ideas:mine", kwargs={"token": idea.token}))


def fund_start_url(idea: Idea) -> str:
    with translation.override(idea.language):
        return absolute_url(reverse("ideas:fund_start", kwargs={"token": idea.token}))


def support_confirm_url(support: Support) -> str:
    with translation.override(support.language):
        return absolute_url(
            reverse("ideas:support_confirm", kwargs={"token": tokens.support_token(support.key)})
        )


def _queue(*, to: str, kind: str, language: str, idea: Idea, context: dict) -> None:
    if kind in VISITOR_CAUSED and not recipient_limit.allow(to):
        return  # someone else's inbox must not fill up; the page answers the same
    with translation.override(language):
        subject = str(SUBJECTS[kind]) % {"title": idea.title}
        body = render_to_string(
            f"ideas/emails/{kind}.txt",
            {"idea": idea, "site_name": settings.SITE_NAME, **context},
        )
    queue_email(to=[to], subject=subject, body=body.strip() + "\n", topic="general")


def queue_author_mail(idea: Idea, kind: str, **context) -> None:
    """A mail to the idea's author (nothing once their address is erased)."""
    if not idea.email:
        return
    context.setdefault("url", private_url(idea))
    _queue(to=idea.email, kind=kind, language=idea.language, idea=idea, context=context)


def queue_support_mail(*, email: str, support: Support, idea: Idea, kind: str) -> None:
    with translation.override(support.language):
        idea_url = absolute_url(idea.get_absolute_url())
    context = {
        "url": support_confirm_url(support),
        "idea_url": idea_url,
        "days": settings.RETENTION_DAYS["ideas_unconfirmed_supports"],
    }
    _queue(to=email, kind=kind, language=support.language, idea=idea, context=context)
