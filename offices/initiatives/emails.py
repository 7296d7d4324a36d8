"""The mails of the groups directory. Contacts of groups read German; the resident's own
words travel as they were typed (plain text, never run through a template as code)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from offices.initiatives.models import Group, JoinRequest
from quartier.core import recipient_limit
from quartier.core.links import absolute_url
from quartier.core.mail import queue_email

# Mails one group's contact gets a day from "Mitmachen": beyond, staff pass messages on.
JOIN_SCOPE = "initiatives-join"


def private_link(group: Group) -> str:
    with translation.override("de"):
        return absolute_url(reverse("initiatives:manage", kwargs={"token": group.token}))


def _body(template: str, **context) -> str:
    with translation.override("de"):
        return render_to_string(f"initiatives/emails/{template}", context)


def queue_proposal_received(group: Group) -> bool:
    """To the contact: the entry is waiting for review; their private link. False when the
    address had its mails for today (the form answers the same)."""
    if not recipient_limit.allow(group.contact_email):
        return False
    with translation.override("de"):
        subject = _("Ihr Eintrag „%(name)s“ bei Initiativen und Gruppen") % {"name": group.name}
    queue_email(
        to=[group.contact_email],
        subject=subject,
        body=_body("proposal_received.txt", group=group, link=private_link(group)),
    )
    return True


def queue_join_request(join_request: JoinRequest, *, per_day: int) -> bool:
    """The resident's message to the group's contact, answerable with "Antworten"
    (Reply-To is the resident). False when the contact had `per_day` of them today."""
    group = join_request.group
    if not recipient_limit.allow(group.contact_email, scope=JOIN_SCOPE, limit=per_day):
        return False
    with translation.override("de"):
        subject = _("Mitmachen bei %(group)s: Nachricht von %(name)s") % {
            "group": group.name,
            "name": join_request.name,
        }
    queue_email(
        to=[group.contact_email],
        reply_to=[join_request.email],
        subject=subject,
        body=_body(
            "join_request.txt",
            group=group,
            join_request=join_request,
            link=private_link(group),
            page=absolute_url(group.get_absolute_url()),
        ),
    )
    return True


def queue_entry_published(group: Group) -> None:
    """To the contact once staff published the entry or took over their change."""
    with translation.override("de"):
        subject = _("Ihr Eintrag „%(name)s“ ist auf der Website") % {"name": group.name}
    queue_email(
        to=[group.contact_email],
        subject=subject,
        body=_body(
            "entry_published.txt",
            group=group,
            link=private_link(group),
            page=absolute_url(group.get_absolute_url()),
        ),
    )
