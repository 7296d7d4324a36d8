"""Stored uploads: a random stored name, the applicant's file name kept only as text."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from fund_applications.storage import private_storage

EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def private_file_path(instance, filename: str) -> str:
    """A random name: the applicant's file name is kept only as text, never as a path."""
    return f"stadtteilfonds/{uuid.uuid4().hex}{EXTENSIONS.get(instance.content_type, '')}"


class StoredFile(models.Model):
    """A checked upload: random stored name, the applicant's name kept only for display."""

    file = models.FileField(_("Datei"), storage=private_storage, upload_to=private_file_path)
    original_name = models.CharField(_("Dateiname"), max_length=150)
    content_type = models.CharField(_("Dateityp"), max_length=40)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_at = models.DateTimeField(_("Hochgeladen am"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name
