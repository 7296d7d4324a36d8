"""The picture of a project photo that "Geförderte Projekte" shows: made once, when the photo
is accepted (handed in with the report, or when the photo consent is given for photos from
before), and stored privately beside the original, so a request only streams a small file.
Decoding a 16-megapixel photo on every request cost up to 1.6 s of CPU and ~80 MB per worker.

Written anew as JPEG without any metadata (no GPS position, no camera), at most PHOTO_WIDTH
wide. It stays below PRIVATE_MEDIA_ROOT: only the register's view hands it out, and only while
both consents hold."""

import io
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from fund_applications.models import ReportPhoto
from fund_applications.storage import private_storage
from offices.pictures import decode_picture

PHOTO_WIDTH = 1200


def rendition_bytes(name: str) -> bytes | None:
    """The shown picture of the stored original `name` as JPEG; None if it cannot be decoded.
    (Also used by the migration that made the pictures of photos handed in before.)"""
    try:
        with private_storage.open(name, "rb") as original:
            picture = decode_picture(original, max_width=PHOTO_WIDTH)
    except (OSError, ValidationError):
        return None
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def rendition_store(photo: ReportPhoto) -> bool:
    """Makes and stores the shown picture of a saved photo; False if it cannot be decoded
    (it then stays private, the register leaves it out)."""
    content = rendition_bytes(photo.file.name)
    if content is None:
        return False
    old = photo.rendition.name
    photo.rendition.save("register.jpg", ContentFile(content), save=False)
    ReportPhoto.objects.filter(pk=photo.pk).update(rendition=photo.rendition.name)
    if old:
        private_storage.delete(old)
    return True


def renditions_ensure(photos: Iterable[ReportPhoto]) -> int:
    """The shown picture for each photo that has none yet; returns how many were made."""
    return sum(rendition_store(photo) for photo in photos if not photo.rendition)
