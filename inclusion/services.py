"""Writes for the sign language video: one published video at a time, old files removed once
the database no longer points at them."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from inclusion import video as video_files
from inclusion.models import SignLanguageVideo


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
