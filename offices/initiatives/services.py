"""Every write of the groups directory: proposing an entry, staff reviewing it, the contact's
changes and removal by private link, "Mitmachen" messages, retention and erasure."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from offices import pictures
from offices.initiatives import emails
from offices.initiatives.enums import GROUP_TRANSITIONS, GroupStatus
from offices.initiatives.models import (
    ENTRY_FIELDS,
    RESERVED_SLUGS,
    Group,
    GroupChange,
    JoinRequest,
)
from offices.picture_saves import picture_files, save_with_picture
from quartier.core import clock, private_links, submissions
from quartier.core.slugs import unique_slug


class LimitReached(Exception):
    """This person sent the most submissions of this form allowed in a day."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def _new_slug(name: str, *, exclude_pk: int | None = None) -> str:
    return unique_slug(
        name,
        taken=lambda slug: (
            slug in RESERVED_SLUGS
            or Group.objects.filter(slug=slug).exclude(pk=exclude_pk).exists()
        ),
        max_length=80,
    )


def group_propose(
    *, entry: dict[str, str], picture_upload: File | None = None, picture_alt: str = ""
) -> Group:
    """Stores a group's proposed entry (not public) and mails the contact their private link;
    a picture goes through offices.pictures (checked, stripped, resized). The same proposal
    again within minutes is the stored one; beyond GROUP_PROPOSALS_PER_PERSON a day
    LimitReached. Nothing is half stored: files of a refused proposal are deleted."""
    written: list[str] = []
    try:
        with transaction.atomic():
            return _group_propose(
                entry=entry, picture_upload=picture_upload, picture_alt=picture_alt, written=written
            )
    except Exception:
        pictures.delete_files(written)
        raise


def _group_propose(
    *, entry: dict[str, str], picture_upload: File | None, picture_alt: str, written: list[str]
) -> Group:
    now = clock.now()
    entry = {"text_language": settings.LANGUAGE_CODE, **entry}
    entry = {key: value.strip() for key, value in entry.items()}
    submissions.lock_people(
        scope="initiatives-propose", keys=submissions.identities(email=entry["contact_email"])
    )
    mine = Group.objects.of_contact(entry["contact_email"])
    same = mine.filter(
        name=entry["name"],
        created_at__gte=now - timedelta(minutes=submissions.SAME_SUBMISSION_MINUTES),
    ).first()
    if same is not None:
        return same
    limit = settings.GROUP_PROPOSALS_PER_PERSON
    if mine.filter(created_at__gte=now - timedelta(days=1)).count() >= limit:
        raise LimitReached(limit)
    key, secret = private_links.new_key_and_secret()
    group = Group(
        **{name: entry[name] for name in (*ENTRY_FIELDS, "contact_name", "contact_email")},
        slug=_new_slug(entry["name"]),
        status=GroupStatus.PROPOSED,
        link_key=key,
        link_secret=secret,
        consent_given_at=now,
        created_at=now,
    )
    if picture_upload is not None:
        renditions = pictures.create_renditions(
            picture_upload, picture=getattr(picture_upload, "decoded_picture", None)
        )
        written.extend(r.name for r in renditions)
        group.picture = pictures.largest_jpeg(renditions).name
        group.picture_renditions = [r.as_json() for r in renditions]
        group.picture_alt = picture_alt.strip()
    group.full_clean()
    group.save()
    emails.queue_proposal_received(group)
    return group


@transaction.atomic
def group_set_status(*, group: Group, status: GroupStatus) -> Group:
    """Publishes an entry, or hides it (staff, or its contact by the private link)."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    if status not in GROUP_TRANSITIONS[GroupStatus(group.status)]:
        raise ValidationError(
            _("Dieser Eintrag hat schon den Status „%(status)s“."),
            code="invalid_transition",
            params={"status": GroupStatus(group.status).label},
        )
    first_time = status == GroupStatus.PUBLISHED and group.published_at is None
    group.status = status
    if status == GroupStatus.PUBLISHED:
        group.published_at = group.published_at or clock.now()
    group.full_clean()
    group.save(update_fields=["status", "published_at", "updated_at"])
    if first_time:
        emails.queue_entry_published(group)
    return group


def group_save(*, group: Group, picture_upload: File | None = None) -> Group:
    """Staff's edit of an entry, with a new picture if one was chosen (as for announcements,
    offices.picture_saves)."""
    if not group.slug:
        group.slug = _new_slug(group.name, exclude_pk=group.pk)
    if not group.link_key:
        group.link_key, group.link_secret = private_links.new_key_and_secret()

    def save() -> None:
        group.full_clean()
        group.save()

    save_with_picture(group, picture_upload=picture_upload, save=save)
    return group


def group_delete(*, group: Group) -> None:
    """Deletes the entry, its waiting change and messages, and after the commit its picture.
    Events it ran stay, without the group."""
    names = picture_files(group)
    with transaction.atomic():
        group.delete()
    transaction.on_commit(lambda: pictures.delete_files(names))


# ---------------------------------------------------------------- the contact's private link


@transaction.atomic
def group_change_propose(*, group: Group, entry: dict[str, str]) -> GroupChange:
    """The contact's change, stored beside the entry until staff take it over; a change
    already waiting is replaced. A proposed entry not yet published takes it at once."""
    entry = {"text_language": group.text_language, **entry}
    entry = {key: value.strip() for key, value in entry.items()}
    group = Group.objects.select_for_update().get(pk=group.pk)
    fields = (*ENTRY_FIELDS, "contact_name", "contact_email")
    if group.status == GroupStatus.PROPOSED:
        # Staff have not looked at it yet: nothing public to protect.
        for name in fields:
            setattr(group, name, entry[name])
        group.full_clean()
        group.save()
        GroupChange.objects.filter(group=group).delete()
        return GroupChange(group=group, **{name: entry[name] for name in fields})
    change = GroupChange.objects.filter(group=group).first() or GroupChange(group=group)
    for name in fields:
        setattr(change, name, entry[name])
    change.created_at = clock.now()
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def group_change_apply(*, change: GroupChange) -> Group:
    """Staff take over a proposed change: the public entry shows it from now on."""
    group = Group.objects.select_for_update().get(pk=change.group_id)
    for name in (*ENTRY_FIELDS, "contact_name", "contact_email"):
        setattr(group, name, getattr(change, name))
    group.full_clean()
    group.save()
    change.delete()
    if group.is_public:
        emails.queue_entry_published(group)
    return group


@transaction.atomic
def group_change_discard(*, change: GroupChange) -> None:
    """Staff decline a proposed change; the entry stays as it is."""
    change.delete()


def group_remove_by_contact(*, group: Group) -> Group:
    """The contact takes the entry off the website at once (by a POST on the private page).
    Staff can show it again; the retention rule deletes it after the period."""
    if group.is_hidden:
        return group
    with transaction.atomic():
        GroupChange.objects.filter(group=group).delete()
        return group_set_status(group=group, status=GroupStatus.HIDDEN)


# ---------------------------------------------------------------- "Mitmachen"


@transaction.atomic
def join_request_create(*, group: Group, name: str, email: str, message: str) -> JoinRequest:
    """Stores a resident's message to a published group and queues it to the group's contact
    (Reply-To: the resident). The same message again within minutes is the stored one (no
    second mail); beyond GROUP_JOIN_REQUESTS_PER_PERSON a day LimitReached."""
    now = clock.now()
    name, email, message = name.strip(), email.strip(), message.strip()
    submissions.lock_people(scope="initiatives-join", keys=submissions.identities(email=email))
    mine = JoinRequest.objects.of_person(email)
    same = mine.filter(
        group=group,
        message=message,
        created_at__gte=now - timedelta(minutes=submissions.SAME_SUBMISSION_MINUTES),
    ).first()
    if same is not None:
        return same
    limit = settings.GROUP_JOIN_REQUESTS_PER_PERSON
    if mine.filter(created_at__gte=now - timedelta(days=1)).count() >= limit:
        raise LimitReached(limit)
    join_request = JoinRequest(
        group=group, name=name, email=email, message=message, consent_given_at=now, created_at=now
    )
    join_request.full_clean()
    join_request.save()
    if emails.queue_join_request(join_request, per_day=settings.GROUP_JOIN_MAILS_PER_DAY):
        join_request.relayed = True
        join_request.save(update_fields=["relayed"])
    return join_request


@transaction.atomic
def join_request_relay_again(*, join_request: JoinRequest) -> bool:
    """Staff pass on a message the daily limit held back. True when it was queued."""
    if join_request.relayed:
        return False
    if emails.queue_join_request(join_request, per_day=settings.GROUP_JOIN_MAILS_PER_DAY):
        join_request.relayed = True
        join_request.save(update_fields=["relayed"])
        return True
    return False


# ---------------------------------------------------------------- retention and erasure


def join_requests_delete_expired(*, now: datetime) -> int:
    """Mitmachen messages after RETENTION_DAYS["initiatives_join_requests"]: they were passed on."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["initiatives_join_requests"])
    deleted, _per_model = JoinRequest.objects.created_before(cutoff).delete()
    return deleted


def groups_delete_expired(*, now: datetime) -> int:
    """Entries hidden or never published, untouched for RETENTION_DAYS["initiatives_groups"]:
    with them their contact data."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["initiatives_groups"])
    count = 0
    for group in Group.objects.exclude(status=GroupStatus.PUBLISHED).filter(updated_at__lt=cutoff):
        group_delete(group=group)
        count += 1
    return count


@transaction.atomic
def person_erase(*, email: str) -> dict[str, int]:
    """Erasure for one address: its Mitmachen messages, and the entries it is the contact of
    (a group cannot stay without a contact)."""
    messages, _per_model = JoinRequest.objects.of_person(email).delete()
    groups = list(Group.objects.of_contact(email))
    for group in groups:
        group_delete(group=group)
    changes, _per_model = GroupChange.objects.filter(contact_email__iexact=email.strip()).delete()
    return {"join_requests": messages, "groups": len(groups), "changes": changes}
