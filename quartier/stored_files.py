"""Which uploaded files the database refers to, and which files in the two upload folders no
row refers to. Used by the backup (the files a database snapshot needs) and by
`manage.py find_orphaned_files`.

References are found by introspection: every file field of the site's own models and of the
outbox (email attachments), history tables excluded (an old version may name a file that was
rightly deleted when it was replaced), plus the picture sizes an announcement keeps in JSON.
A field's storage decides the folder: one below PRIVATE_MEDIA_ROOT or in the private bucket (the
outbox's attachments, say) counts as private, with its sub-folder in front of the name. A new
file field is covered without changes here. Uploads kept across a form with errors are no
record's files: the schedule removes them, and neither the backup nor the orphan list sees
them."""

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connection, models

from offices.models import Announcement
from quartier.core import kept_uploads
from quartier.core.private_files import PrivateFiles, private_files

SITE_APPS = (
    "offices",
    "consultations",
    "booking",
    "fund_applications",
    "quartier",
    "newsletter",
    "accounts",
    "post_office",
)
MEDIA, PRIVATE = "media", "private"


def storages() -> dict[str, Storage]:
    """The two places uploads live: public (MEDIA_ROOT or the bucket) and private
    (PRIVATE_MEDIA_ROOT or the private bucket)."""
    return {MEDIA: default_storage, PRIVATE: private_files.backend}


def place_of(storage: Storage) -> str:
    """Where a storage keeps its files, in words for whoever reads a backup's output."""
    if isinstance(storage, PrivateFiles):
        storage = storage.backend
    if isinstance(storage, FileSystemStorage):
        return f"folder {storage.location}"
    if bucket := getattr(storage, "bucket_name", None):
        location = (getattr(storage, "location", "") or "").strip("/")
        return f"bucket {bucket}" + (f" (below {location}/)" if location else "")
    return f"storage {type(storage).__name__}"


@dataclass(frozen=True)
class FileColumn:
    """A database column that holds the name of a stored file (or, `json`, a list of them),
    relative to `prefix` in the folder `tree`."""

    table: str
    column: str
    tree: str
    json: bool = False
    prefix: str = ""


def _tree_of(storage: Storage) -> tuple[str, str] | None:
    """(folder, sub-folder prefix) of a field's storage; object storage is the public one
    unless it is in the private bucket. None for a folder outside both (neither backed up nor
    checked for orphans)."""
    if isinstance(storage, PrivateFiles):
        storage = storage.backend
    if not isinstance(storage, FileSystemStorage):
        return _bucket_tree_of(storage)
    location = Path(storage.location).resolve()
    for tree, root in [
        (PRIVATE, Path(settings.PRIVATE_MEDIA_ROOT)),
        (MEDIA, Path(settings.MEDIA_ROOT)),
    ]:
        root = root.resolve()
        if location == root:
            return tree, ""
        if root in location.parents:
            return tree, location.relative_to(root).as_posix() + "/"
    return None


def _bucket_tree_of(storage: Storage) -> tuple[str, str] | None:
    private = private_files.backend
    bucket = getattr(storage, "bucket_name", None)
    if bucket is None or bucket != getattr(private, "bucket_name", None):
        return MEDIA, ""
    location = (getattr(storage, "location", "") or "").strip("/")
    root = (getattr(private, "location", "") or "").strip("/")
    if location == root:
        return PRIVATE, ""
    if not root:
        return PRIVATE, f"{location}/"
    if location.startswith(f"{root}/"):
        return PRIVATE, f"{location.removeprefix(root + '/')}/"
    return None


def file_columns() -> list[FileColumn]:
    columns = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in SITE_APPS or meta.proxy or not meta.managed:
            continue
        if meta.model_name.startswith("historical"):
            continue
        for field in meta.concrete_fields:
            if isinstance(field, models.FileField) and (place := _tree_of(field.storage)):
                tree, prefix = place
                columns.append(FileColumn(meta.db_table, field.column, tree, prefix=prefix))
    renditions = Announcement._meta.get_field("picture_renditions")
    columns.append(FileColumn(Announcement._meta.db_table, renditions.column, MEDIA, json=True))
    return columns


def _names(value, *, is_json: bool) -> Iterator[str]:
    if not is_json:
        if value:
            yield str(value)
        return
    data = json.loads(value) if isinstance(value, str | bytes) else value
    for item in data or []:
        if isinstance(item, dict) and item.get("name"):
            yield str(item["name"])


def referenced_names(cursor=None) -> dict[str, set[str]]:
    """{tree: names} the database refers to. `cursor` may be any DB-API cursor on a copy of
    the database (a backup's snapshot); by default the site's own database."""
    found: dict[str, set[str]] = {MEDIA: set(), PRIVATE: set()}
    if cursor is None:
        with connection.cursor() as own:
            return referenced_names(own)
    for column in file_columns():
        cursor.execute(
            f'SELECT "{column.column}" FROM "{column.table}"'  # noqa: S608 - names from models
        )
        for (value,) in cursor.fetchall():
            found[column.tree].update(
                column.prefix + name for name in _names(value, is_json=column.json)
            )
    return found


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name below folder, through the storage API (local disk or S3 alike)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


@dataclass(frozen=True)
class FileReport:
    tree: str
    orphaned: list[str]  # stored, but no row refers to them (older than the grace period)
    recent: list[str]  # no row refers to them yet: maybe an upload still being saved
    missing: list[str]  # rows refer to them, but there is no such file


def file_reports(*, grace_seconds: int = 3600) -> list[FileReport]:
    """Orphaned and missing files per folder. Files younger than the grace period are listed
    apart: an upload is stored a moment before the row that names it is committed."""
    references = referenced_names()
    now = time.time()
    reports = []
    for tree, storage in storages().items():
        stored = set(walk(storage))
        if tree == PRIVATE:
            stored = {name for name in stored if not name.startswith(f"{kept_uploads.FOLDER}/")}
        unreferenced = sorted(stored - references[tree])
        recent = [name for name in unreferenced if _age(storage, name, now) < grace_seconds]
        reports.append(
            FileReport(
                tree=tree,
                orphaned=[name for name in unreferenced if name not in set(recent)],
                recent=recent,
                missing=sorted(references[tree] - stored),
            )
        )
    return reports


def _age(storage: Storage, name: str, now: float) -> float:
    try:
        return now - storage.get_modified_time(name).timestamp()
    except (FileNotFoundError, NotImplementedError):
        return 0.0


def delete_names(storage: Storage, names: Iterable[str]) -> int:
    count = 0
    for name in names:
        storage.delete(name)
        count += 1
    return count
