"""A resident sends an idea: checked per person inside the writing transaction, stored whole
or not at all, confirmed by mail with the private link to follow it."""

from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction

from offices import pictures
from quartier.core import clock, private_links, submissions
from quartier.ideas import emails
from quartier.ideas.enums import IdeaStatus
from quartier.ideas.models import Idea, IdeaStatusChange, Topic


class TooManyIdeas(Exception):
    """One address sent IDEAS_PER_PERSON_AND_DAY ideas within a day already."""


def idea_submit(
    *,
    title: str,
    text: str,
    topic: Topic,
    place: str,
    language: str,
    may_publish: bool,
    email: str,
    picture_upload: File | None = None,
    picture_alt: str = "",
) -> Idea:
    """Store a new idea (not public: staff look at it first) and mail the private link. The
    same idea sent again within minutes is the one already stored."""
    email = submissions.email_key(email)
    now = clock.now()
    with transaction.atomic():
        submissions.lock_people(scope="ideas", keys=submissions.identities(email=email))
        same = (
            Idea.objects.filter(
                email=email,
                title=title,
                text=text,
                created_at__gte=now - timedelta(minutes=submissions.SAME_SUBMISSION_MINUTES),
            )
            .order_by("-created_at")
            .first()
        )
        if same is not None:
            return same
        today = Idea.objects.filter(email=email, created_at__gte=now - timedelta(days=1))
        if today.count() >= settings.IDEAS_PER_PERSON_AND_DAY:
            raise TooManyIdeas
        renditions: list[pictures.Rendition] = []
        if picture_upload is not None:
            renditions = pictures.create_renditions(
                picture_upload, picture=getattr(picture_upload, "decoded_picture", None)
            )
        try:
            key, secret = private_links.new_key_and_secret()
            idea = Idea(
                key=key,
                secret=secret,
                title=title,
                text=text,
                topic=topic,
                place=place,
                language=language,
                may_publish=may_publish,
                email=email,
                picture=pictures.largest_jpeg(renditions).name if renditions else "",
                picture_alt=picture_alt if renditions else "",
                picture_renditions=[r.as_json() for r in renditions],
                created_at=now,
                answer_due_on=clock.local(now).date() + timedelta(days=settings.IDEA_ANSWER_DAYS),
            )
            idea.full_clean()
            idea.save()
            IdeaStatusChange.objects.create(idea=idea, status=IdeaStatus.RECEIVED, changed_at=now)
            emails.queue_author_mail(idea, "received")
        except Exception:
            pictures.delete_files(r.name for r in renditions)
            raise
    return idea
