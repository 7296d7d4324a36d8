from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from offices import pictures
from offices.enums import ANNOUNCEMENT_TRANSITIONS, AnnouncementStatus
from offices.models import Announcement


def announcement_save(
    *, announcement: Announcement, picture_upload: File | None = None
) -> Announcement:
    """Validates and stores an announcement; a new picture is checked, stripped and resized here,
    once. Files of a replaced or removed picture are deleted after the commit."""
    old_names = {rendition.name for rendition in announcement.renditions}
    new_renditions: list[pictures.Rendition] = []
    if picture_upload is not None:
        new_renditions = pictures.create_renditions(picture_upload)
        announcement.picture = pictures.largest_jpeg(new_renditions).name
        announcement.picture_renditions = [r.as_json() for r in new_renditions]
    elif not announcement.picture:
        announcement.picture_renditions = []
    try:
        with transaction.atomic():
            announcement.full_clean()
            announcement.save()
    except Exception:
        pictures.delete_files(r.name for r in new_renditions)
        raise
    stale = old_names - {rendition.name for rendition in announcement.renditions}
    if stale:
        transaction.on_commit(lambda: pictures.delete_files(stale))
    return announcement


def announcement_set_status(
    *, announcement: Announcement, status: AnnouncementStatus
) -> Announcement:
    """Publishes an announcement or takes it back to draft."""
    if status not in ANNOUNCEMENT_TRANSITIONS[AnnouncementStatus(announcement.status)]:
        raise ValidationError(
            _("Diese Meldung hat schon den Status „%(status)s“."),
            code="invalid_transition",
            params={"status": AnnouncementStatus(announcement.status).label},
        )
    announcement.status = status
    announcement.full_clean()
    announcement.save(update_fields=["status", "updated_at"])
    return announcement
