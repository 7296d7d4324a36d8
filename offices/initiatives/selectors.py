"""Reads of the groups directory, each a fixed number of queries whatever the data."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from offices.initiatives.enums import GroupStatus
from offices.initiatives.models import Group, GroupChange, JoinRequest
from quartier.core import clock, private_links

# Coming events shown on a group's page.
EVENTS_ON_GROUP_PAGE = 5


def group_list() -> QuerySet[Group]:
    """The published entries, by name."""
    return Group.objects.published().order_by("name", "pk")


def group_get(*, slug: str) -> Group:
    """One published entry; 404 for proposed and hidden ones."""
    return get_object_or_404(Group.objects.published(), slug=slug)


def group_coming_events(*, group: Group, now: datetime | None = None) -> list:
    """The group's public events that have not ended, the next first, with their titles in
    the page's language (one query). Read through the reverse relation of offices'
    announcements ("Veranstaltet von")."""
    now = now or clock.now()
    return list(
        group.events.published(now)
        .events()
        .filter(event_end__gt=now)
        .select_related("office")
        .in_page_language()
        .order_by("event_start", "pk")[:EVENTS_ON_GROUP_PAGE]
    )


def group_by_token(*, token: str) -> Group:
    """The entry behind a contact's private link (proposed, published or hidden), with the
    change waiting for review; Http404 for a forged or unknown token."""
    group = private_links.row_by_token(
        Group.objects.all(), token=token, fields=("link_key", "link_secret")
    )
    group.waiting_change = GroupChange.objects.filter(group=group).first()
    return group


def groups_waiting_for_review() -> QuerySet[Group]:
    return Group.objects.filter(status=GroupStatus.PROPOSED)


def changes_waiting_for_review() -> QuerySet[GroupChange]:
    return GroupChange.objects.all()


@dataclass
class SubjectAccess:
    email: str
    groups: list[Group]
    changes: list[GroupChange]
    join_requests: list[JoinRequest]

    @property
    def is_empty(self) -> bool:
        return not (self.groups or self.changes or self.join_requests)

    def as_json(self) -> dict:
        return {
            "email": self.email,
            "groups_as_contact": [
                {
                    "group": group.name,
                    "status": str(GroupStatus(group.status).label),
                    "contact_name": group.contact_name,
                    "contact_email": group.contact_email,
                    "consent_given_at": group.consent_given_at.isoformat(),
                    "proposed_at": group.created_at.isoformat(),
                }
                for group in self.groups
            ],
            "proposed_changes": [
                {
                    "group": change.group.name,
                    "contact_name": change.contact_name,
                    "contact_email": change.contact_email,
                    "proposed_at": change.created_at.isoformat(),
                }
                for change in self.changes
            ],
            "join_messages": [
                {
                    "group": join.group.name,
                    "name": join.name,
                    "email": join.email,
                    "message": join.message,
                    "consent_given_at": join.consent_given_at.isoformat(),
                    "sent_at": join.created_at.isoformat(),
                    "relayed": join.relayed,
                }
                for join in self.join_requests
            ],
        }


def subject_access(email: str) -> SubjectAccess:
    """Everything the directory stores about one address (Art. 15 DSGVO)."""
    email = email.strip()
    return SubjectAccess(
        email=email,
        groups=list(Group.objects.of_contact(email)),
        changes=list(
            GroupChange.objects.filter(contact_email__iexact=email).select_related("group")
        ),
        join_requests=list(JoinRequest.objects.of_person(email).select_related("group")),
    )
