from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from offices import pictures
from offices import video as video_files
from offices.enums import ANNOUNCEMENT_TRANSITIONS, AnnouncementStatus
from offices.models import Announcement, Office, SignLanguageVideo
from offices.picture_saves import picture_files, save_with_picture


def announcement_save(
    *, announcement: Announcement, picture_upload: File | None = None
) -> Announcement:
    """Validates and stores an announcement with a new picture, if one was chosen
    (offices.picture_saves)."""

    def save() -> None:
        announcement.full_clean()
        announcement.save()

    save_with_picture(announcement, picture_upload=picture_upload, save=save)
    return announcement


def announcement_delete(*, announcement: Announcement) -> None:
    """Deletes the announcement and, after the commit, every size of its picture."""
    stored = Announcement.objects.filter(pk=announcement.pk).first()
    names = picture_files(stored) | picture_files(announcement)
    with transaction.atomic():
        announcement.delete()
    transaction.on_commit(lambda: pictures.delete_files(names))


def office_save(*, office: Office, logo_upload: File | None = None) -> Office:
    """Stores an office; a new logo is checked, stripped of metadata and stored anew as PNG.
    The file of a replaced or removed logo is deleted after the commit."""
    old_logo = _office_logo(office.pk)
    new_logo = ""
    if logo_upload is not None:
        new_logo = pictures.store_logo(
            logo_upload, picture=getattr(logo_upload, "decoded_picture", None)
        )
        office.logo = new_logo
    try:
        with transaction.atomic():
            office.full_clean()
            office.save()
    except Exception:
        if new_logo:
            default_storage.delete(new_logo)
        raise
    if old_logo and old_logo != office.logo.name:
        transaction.on_commit(lambda: default_storage.delete(old_logo))
    return office


def office_delete(*, office: Office) -> None:
    """Deletes the office (the database refuses while announcements refer to it) and its logo."""
    logo = _office_logo(office.pk)
    with transaction.atomic():
        office.delete()
    if logo:
        transaction.on_commit(lambda: default_storage.delete(logo))


def _office_logo(pk: int | None) -> str:
    if pk is None:
        return ""
    return Office.objects.filter(pk=pk).values_list("logo", flat=True).first() or ""


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


# --- Leichte Sprache and Gebärdensprache (inclusion) ---


def sign_language_video_save(
    *,
    video: SignLanguageVideo,
    upload: UploadedFile | None = None,
    info: video_files.VideoInfo | None = None,
    captions: UploadedFile | None = None,
) -> SignLanguageVideo:
    """Stores a video (a new upload already checked into `info`) and its details; publishing it
    takes any other video off the page."""
    old_names = _stored_names(video.pk)
    if upload is not None:
        if info is None:
            info = video_files.inspect_video(upload, size=upload.size)
        video.media_type = info.media_type
        video.size_bytes = upload.size
        if info.duration_seconds:
            video.duration_seconds = info.duration_seconds
        # upload_to gives the file a random name with the extension of its content type.
        video.video.save(upload.name, upload, save=False)
    if captions is not None:
        video.captions.save(captions.name, captions, save=False)
    new_names = {video.video.name, video.captions.name} - {""}
    try:
        with transaction.atomic():
            if video.is_published:
                others = SignLanguageVideo.objects.filter(is_published=True)
                if video.pk:
                    others = others.exclude(pk=video.pk)
                for other in others:
                    other.is_published = False
                    other.save(update_fields=["is_published", "updated_at"])
            video.full_clean()
            video.save()
    except Exception:
        _delete_files(new_names - old_names)
        raise
    stale = old_names - new_names
    if stale:
        transaction.on_commit(lambda: _delete_files(stale))
    return video


def sign_language_video_delete(*, video: SignLanguageVideo) -> None:
    """Deletes the video and, after the commit, its files."""
    names = _stored_names(video.pk)
    with transaction.atomic():
        video.delete()
    transaction.on_commit(lambda: _delete_files(names))


def _stored_names(pk: int | None) -> set[str]:
    if pk is None:
        return set()
    stored = SignLanguageVideo.objects.filter(pk=pk).values_list("video", "captions").first()
    return set(stored or ()) - {""}


def _delete_files(names) -> None:
    for name in names:
        default_storage.delete(name)
