"""Saving a row that carries a picture (an announcement, a group's entry): the one way a new
picture is made, stored with the row and cleaned up. A new picture is checked, stripped and
resized once (offices.pictures; a form that decoded it while validating leaves it on the upload
as `decoded_picture`); its files go at once if the row cannot be saved, and the files of a
picture it replaced or removed go after the commit."""

from collections.abc import Callable

from django.core.files import File
from django.db import transaction

from offices import pictures


def save_with_picture(row, *, picture_upload: File | None, save: Callable[[], None]) -> None:
    """Puts a picture made from `picture_upload` (if any) on `row` (a PictureRenditions model)
    and runs `save` in a transaction."""
    stored = type(row).objects.filter(pk=row.pk).first() if row.pk else None
    old_names = picture_files(stored)
    new_renditions: list[pictures.Rendition] = []
    if picture_upload is not None:
        new_renditions = pictures.create_renditions(
            picture_upload, picture=getattr(picture_upload, "decoded_picture", None)
        )
        row.picture = pictures.largest_jpeg(new_renditions).name
        row.picture_renditions = [r.as_json() for r in new_renditions]
    elif not row.picture:
        row.picture_renditions = []
    try:
        with transaction.atomic():
            save()
    except Exception:
        pictures.delete_files(r.name for r in new_renditions)
        raise
    stale = old_names - picture_files(row)
    if stale:
        transaction.on_commit(lambda: pictures.delete_files(stale))


def picture_files(row) -> set[str]:
    """The stored files of a row's picture, every size."""
    if row is None:
        return set()
    return ({row.picture.name} | {r.name for r in row.renditions}) - {""}
