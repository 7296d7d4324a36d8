from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from offices.content_language import TRANSLATION_ATTRIBUTE, with_translation
from offices.models import Announcement, EasyReadSection, Office, SignLanguageVideo, SitePage
from quartier.core import clock

# How far back the calendar feed reaches.
CALENDAR_HISTORY = timedelta(days=180)


def attach_translation(obj) -> None:
    """The same as with_translation for one row already loaded (through a relation or a
    private link): one query on a page in another language, none in German."""
    language = get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        setattr(obj, TRANSLATION_ATTRIBUTE, obj.translations.filter(language=language).first())


def office_list() -> QuerySet[Office]:
    """All partners in the order staff chose, with their texts in the page's language."""
    return with_translation(Office.objects.all())


def office_get(*, slug: str) -> Office:
    return get_object_or_404(with_translation(Office.objects.all()), slug=slug)


def site_page_get(*, slug: str) -> SitePage:
    return get_object_or_404(SitePage, slug=slug)


# --- Announcements and events ---------------------------------------------------------


def announcement_list(
    *, office: Office | None = None, now: datetime | None = None
) -> QuerySet[Announcement]:
    """Public announcements, pinned first, then newest; of one office if given."""
    announcements = with_translation(
        Announcement.objects.published(now)
        .select_related("office")
        .order_by("-pinned", "-publish_from", "-pk")
    )
    if office is not None:
        announcements = announcements.filter(office=office)
    return announcements


def announcement_get(*, slug: str, now: datetime | None = None) -> Announcement:
    """One public announcement with its office and programme; 404 for drafts and expired ones."""
    return get_object_or_404(
        with_translation(
            Announcement.objects.published(now)
            .select_related("office", "run_by")
            .prefetch_related("programme")
        ),
        slug=slug,
    )


def event_list(*, now: datetime | None = None) -> QuerySet[Announcement]:
    """Public events that have not ended yet, the next one first."""
    now = now or clock.now()
    return with_translation(
        Announcement.objects.published(now)
        .events()
        .filter(event_end__gt=now)
        .select_related("office")
        .order_by("event_start", "pk")
    )


def calendar_event_list(*, now: datetime | None = None) -> QuerySet[Announcement]:
    """Events for the calendar feed: upcoming ones and those of the last months, so that
    subscribers keep what they went to."""
    now = now or clock.now()
    return (
        Announcement.objects.published(now)
        .events()
        .filter(event_end__gt=now - CALENDAR_HISTORY)
        .select_related("office")
        .prefetch_related("programme")
        .order_by("event_start", "pk")
    )


# --- Leichte Sprache and Gebärdensprache (inclusion) ---


def easy_read_sections() -> list[EasyReadSection]:
    """Every part of the page in Leichte Sprache, in the order of the topics. A part staff have
    not written yet still appears with its topic as heading, so that its live block (hours,
    address, fund dates) is never missing."""
    stored = {section.topic: section for section in EasyReadSection.objects.all()}
    return [
        stored.get(topic) or EasyReadSection(topic=topic, title=str(label), body="")
        for topic, label in EasyReadSection.Topic.choices
    ]


def sign_language_video() -> SignLanguageVideo | None:
    """The video shown on the page, if staff have published one."""
    return SignLanguageVideo.objects.filter(is_published=True).first()
