"""Where files only staff may read live: applicants' attachments, mail attachments in the
outbox, uploads kept across a form with errors.

`STORAGES["private"]` (and `STORAGES["outbox"]`, a folder of it) is either a folder below
PRIVATE_MEDIA_ROOT, readable by the site's user only, or, with MEDIA_STORAGE=s3, a bucket of
its own that is never public. Either way no private file has a URL: staff get them through
Django's views, which check the permission first. The file fields name `private_storage`,
which looks the configured storage up at use time, so settings and tests may move it."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

PRIVATE = "private"


class PrivateFolderStorage(FileSystemStorage):
    """A folder below PRIVATE_MEDIA_ROOT (read at use time): folders 0700, files 0600, so
    other accounts on the host never read applicants' files or mail attachments."""

    def __init__(self, folder: str = ""):
        self.folder = folder
        super().__init__(
            base_url=None,
            directory_permissions_mode=settings.PRIVATE_DIRECTORY_PERMISSIONS,
            file_permissions_mode=settings.PRIVATE_FILE_PERMISSIONS,
        )

    @property
    def base_location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT, self.folder))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; use the staff download view.")


class PrivateFiles(Storage):
    """The configured private storage, looked up at each use (`storages["private"]`)."""

    @property
    def backend(self) -> Storage:
        return storages[PRIVATE]

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.backend.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)

    def url(self, name):
        raise ValueError("Private files have no public URL; use the staff download view.")


private_files = PrivateFiles()
