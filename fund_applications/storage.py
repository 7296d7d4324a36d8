"""Storage for applicants' files: below PRIVATE_MEDIA_ROOT, never reachable through a URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="fund_applications.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Read at use time, so tests and deployments can move the folder by setting."""

    def __init__(self):
        super().__init__(
            base_url=None,
            directory_permissions_mode=settings.PRIVATE_DIRECTORY_PERMISSIONS,
            file_permissions_mode=settings.PRIVATE_FILE_PERMISSIONS,
        )

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; use the staff download view.")


private_storage = PrivateStorage()
