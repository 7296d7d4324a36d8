"""Reads of Anregungen und Ideen, each a fixed number of queries whatever the data volume."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from fund_applications import register as fund_register
from quartier.core import private_links
from quartier.core.submissions import email_key
from quartier.ideas.enums import IdeaStatus
from quartier.ideas.models import Idea, Support, Topic
from quartier.ideas.personal_data import support_email_hash

# What the public list and feeds read of an idea: never the address or the private answer.
LIST_FIELDS = (
    "pk",
    "title",
    "text",
    "language",
    "place",
    "status",
    "topic__name",
    "topic__name_en",
    "topic__name_tr",
    "topic__name_ar",
    "topic__slug",
    "published_at",
    "created_at",
    "answered_at",
    "support_count",
    "edited_by_office",
    "picture_renditions",
    "picture_alt",
)


def topic_list() -> list[Topic]:
    return list(Topic.objects.all())


def idea_list(*, status: str | None = None, topic: Topic | None = None) -> QuerySet[Idea]:
    """Published ideas, newest first, optionally of one status and one topic."""
    ideas = (
        Idea.objects.published()
        .select_related("topic")
        .only(*LIST_FIELDS)
        .order_by("-published_at", "-pk")
    )
    if status:
        ideas = ideas.filter(status=status)
    if topic is not None:
        ideas = ideas.filter(topic=topic)
    return ideas


def ideas_answered(*, limit: int) -> list[Idea]:
    """Published ideas the office answered, last answered first (the feed)."""
    return list(
        Idea.objects.published()
        .filter(answered_at__isnull=False)
        .select_related("topic")
        .only(*LIST_FIELDS, "answer")
        .order_by("-answered_at", "-pk")[:limit]
    )


def idea_get(*, pk: int) -> Idea:
    """A published idea with its status changes and what came of it (two queries)."""
    idea = (
        Idea.objects.published()
        .select_related("topic", "announcement", "funded_project")
        .prefetch_related("status_changes")
        .defer("email", "private_answer", "secret", "key")
        .filter(pk=pk)
        .first()
    )
    if idea is None:
        raise Http404
    return _with_outcome(idea)


def _with_outcome(idea: Idea) -> Idea:
    """What came of the idea, as far as it is public: an announcement or event while it is
    shown, a funded project while the register shows it."""
    announcement = idea.announcement
    idea.shown_announcement = (
        announcement if announcement is not None and announcement.is_public() else None
    )
    project = idea.funded_project
    idea.shown_project = (
        project if project is not None and fund_register.is_shown(project) else None
    )
    return idea


def idea_by_token(*, token: str) -> Idea:
    """The author's idea behind the private link (published or not)."""
    idea = private_links.row_by_token(Idea.objects.all(), token=token, fields=("key", "secret"))
    return _with_outcome(
        Idea.objects.select_related("topic", "announcement", "funded_project")
        .prefetch_related("status_changes")
        .get(pk=idea.pk)
    )


@dataclass(frozen=True)
class AnswerPromise:
    """How the office kept its promise to answer: of the published ideas whose answer was due
    or given, how many were answered in time; and how many ideas are published at all."""

    due: int
    in_time: int
    published: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_time / self.due) if self.due else None


def answer_promise(*, today: date) -> AnswerPromise:
    """One reading of every published idea (the list's paging uses `published` too)."""
    counts = Idea.objects.published().aggregate(
        due=Count("pk", filter=Q(answered_at__isnull=False) | Q(answer_due_on__lt=today)),
        in_time=Count("pk", filter=Q(answered_in_time=True)),
        published=Count("pk"),
    )
    return AnswerPromise(**counts)


def status_counts() -> dict[str, int]:
    rows = Idea.objects.published().values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    return {status: counts.get(status, 0) for status in IdeaStatus.values}


def subject_access_report(email: str) -> dict | None:
    """What Anregungen und Ideen stores about one address (Art. 15 DSGVO)."""
    email = email_key(email)
    ideas = list(Idea.objects.filter(email=email).select_related("topic").order_by("created_at"))
    supports = list(
        Support.objects.filter(email_hash=support_email_hash(email))
        .select_related("idea")
        .order_by("created_at")
    )
    if not ideas and not supports:
        return None
    return {
        "email": email,
        "ideas": [
            {
                "title": idea.title,
                "text": idea.text,
                "topic": idea.topic.name,
                "place": idea.place,
                "language": idea.language,
                "may_publish": idea.may_publish,
                "published_at": idea.published_at.isoformat() if idea.published_at else None,
                "status": str(IdeaStatus(idea.status).label),
                "sent_at": idea.created_at.isoformat(),
                "answer": idea.answer,
                "private_answer": idea.private_answer,
                "has_photo": bool(idea.picture),
            }
            for idea in ideas
        ],
        "supports": [
            {
                "idea": support.idea.title,
                "asked_at": support.created_at.isoformat(),
                "confirmed_at": support.confirmed_at.isoformat() if support.confirmed_at else None,
            }
            for support in supports
        ],
    }


def support_by_key(*, key: str) -> Support | None:
    return Support.objects.select_related("idea").filter(key=key).first()
