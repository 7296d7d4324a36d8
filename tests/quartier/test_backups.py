"""Backups that are always usable and never exposed: complete or absent, 0600,
consistent with their database snapshot while files come and go, checked in full before a
restore changes anything. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

import io
import json
import os
import stat
import tarfile
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fund_applications import services as fund_services
from fund_applications.models import ApplicationDraft, DraftAttachment, Fund, ReportPhoto
from fund_applications.storage import private_storage
from offices.models import Announcement, Office, SitePage
from quartier import backups, stored_files
from tests.factories import FundFactory
from tests.fund_applications.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> str:
    out = StringIO()
    call_command("dumpdata", "--exclude=contenttypes", "--exclude=auth.permission", stdout=out)
    return json.dumps(sorted(json.loads(out.getvalue()), key=lambda r: (r["model"], r["pk"])))


def stored(storage) -> dict[str, bytes]:
    return {name: storage.open(name).read() for name in stored_files.walk(storage)}


def attach(draft, name="Angebot.pdf", content=PDF_BYTES) -> DraftAttachment:
    return fund_services.draft_attachment_add(
        draft=draft, upload=SimpleUploadedFile(name, content + os.urandom(8))
    )


@pytest.fixture
def site(demo_data):
    """Demo data (announcements with pictures) and a draft with two attachments."""
    draft = fund_services.draft_create(fund=Fund.objects.get())
    attach(draft, "Angebot.pdf")
    attach(draft, "Kostenvoranschlag.pdf")
    assert Announcement.objects.exclude(picture="").exists()
    return draft


def backup(tmp_path, **kwargs) -> backups.BackupResult:
    return backups.backup_create(directory=tmp_path / "backups", **kwargs)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if not p.name.endswith(".tar.gz"))


def test_backup_then_restore_into_an_empty_site_gives_back_every_record_and_file(
    site, tmp_path, settings
):
    Office.objects.filter(slug="jobcenter").update(phone="0231 5000")
    orphan = Path(settings.MEDIA_ROOT) / "alt" / "vergessen.jpg"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"no row refers to me")
    before = snapshot()
    files_before = {tree: stored(s) for tree, s in stored_files.storages().items()}
    del files_before["media"]["alt/vergessen.jpg"]
    out = StringIO()
    call_command("backup_site", output=str(tmp_path / "backups"), stdout=out)
    archive = next((tmp_path / "backups").glob("quartier-backup-*.tar.gz"))

    call_command("flush", interactive=False)
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for path in Path(root).rglob("*.*"):
            path.unlink()
    assert not Office.objects.exists()
    assert not SitePage.objects.exists()

    call_command("restore_site", str(archive), yes=True, stdout=StringIO())

    assert snapshot() == before
    assert Office.objects.get(slug="jobcenter").phone == "0231 5000"
    assert {tree: stored(s) for tree, s in stored_files.storages().items()} == files_before
    # The site's two draft files, and the photos of the demo's funded projects with the
    # pictures the register shows.
    assert len(files_before["private"]) == 2 + 2 * ReportPhoto.objects.count()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert f"Backup written: {archive}" in out.getvalue()
    assert leftovers(tmp_path / "backups") == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_restore_without_yes_refuses(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_site", str(tmp_path / "x.tar.gz"))


def test_the_archive_is_private_from_its_first_byte_and_only_appears_complete(
    site, tmp_path, monkeypatch
):
    seen = []
    real_open = backups.tarfile.open

    def watching_open(name, mode, **kwargs):
        path = Path(name)
        seen.append((path.name, stat.S_IMODE(path.stat().st_mode), list((path.parent).iterdir())))
        return real_open(name, mode, **kwargs)

    monkeypatch.setattr(backups.tarfile, "open", watching_open)
    old_umask = os.umask(0)  # even with a careless umask
    try:
        result = backup(tmp_path)
    finally:
        os.umask(old_umask)

    name, mode, present = seen[0]
    assert mode == 0o600
    assert name.startswith(".quartier-backup-")
    assert name.endswith(".part")
    assert not any(p.name.endswith(".tar.gz") for p in present)  # not under its final name
    assert stat.S_IMODE(result.archive.stat().st_mode) == 0o600
    work_folders = [p for p in present if p.is_dir()]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in work_folders)


@pytest.mark.parametrize("breaks", ["copying a file", "writing the archive"])
def test_a_failing_backup_leaves_nothing_behind(site, tmp_path, monkeypatch, breaks):
    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    target = "_copy_stored_file" if breaks == "copying a file" else "tarfile.open"
    monkeypatch.setattr(f"quartier.backups.{target}", fail)

    with pytest.raises(OSError, match="No space"):
        backup(tmp_path)

    assert list((tmp_path / "backups").iterdir()) == []


def test_a_file_deleted_during_the_backup_is_noted_not_fatal(site, tmp_path, monkeypatch):
    victim = site.attachments.order_by("pk").first()
    real_copy = backups._copy_stored_file

    def copy_while_an_applicant_removes_a_file(storage, name, target):
        if name == victim.file.name and DraftAttachment.objects.filter(pk=victim.pk).exists():
            fund_services.draft_attachment_remove(draft=site, attachment_id=victim.pk)
        return real_copy(storage, name, target)

    monkeypatch.setattr(backups, "_copy_stored_file", copy_while_an_applicant_removes_a_file)

    result = backup(tmp_path)

    assert result.vanished["private"] == [victim.file.name]
    assert result.missing == {"media": [], "private": []}
    assert victim.file.name not in result.manifest["files"]["private"]
    # The other draft file, and the photos of the demo's funded projects.
    assert len(result.manifest["files"]["private"]) == 1 + 2 * ReportPhoto.objects.count()
    with_check = tmp_path / "check"
    with_check.mkdir()
    assert backups.backup_verify(archive=result.archive, into=with_check)["vanished"]


def test_a_row_that_names_a_missing_file_is_reported(site, tmp_path):
    attachment = site.attachments.order_by("pk").first()
    private_storage.delete(attachment.file.name)
    err = StringIO()

    call_command("backup_site", output=str(tmp_path / "backups"), stdout=StringIO(), stderr=err)

    assert f"the database refers to a missing file: private/{attachment.file.name}" in (
        err.getvalue()
    )
    archive = next((tmp_path / "backups").glob("quartier-backup-*.tar.gz"))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["missing"]["private"] == [attachment.file.name]


# ---------------------------------------------------------------- restore checks first


def rewrite_archive(archive: Path, change, extra: tuple[str, bytes] | None = None) -> Path:
    """A copy of the archive with members changed by `change(name, data) -> data | None`,
    and optionally one more file."""
    broken = archive.with_name("broken.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(broken, "w:gz") as target:
        if extra:
            member = tarfile.TarInfo(extra[0])
            member.size = len(extra[1])
            target.addfile(member, io.BytesIO(extra[1]))
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if data is not None:
                data = change(member.name, data)
                if data is None:
                    continue
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member)
    return broken


def one_private_file(name: str) -> bool:
    return name.startswith("files/private/")


TAMPERING = {
    "a file changed": lambda name, data: data + b"x" if one_private_file(name) else data,
    "a file missing": lambda name, data: None if one_private_file(name) else data,
    "no manifest": lambda name, data: None if name == "manifest.json" else data,
    "a damaged database": lambda name, data: data[:4096] if name == "database" else data,
    "an extra file": lambda name, data: data,
}


@pytest.mark.parametrize("damage", [*TAMPERING, "cut off"])
def test_restore_of_a_damaged_archive_changes_nothing(site, tmp_path, settings, damage):
    archive = backup(tmp_path).archive
    if damage == "cut off":
        broken = archive.with_name("cut.tar.gz")
        broken.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif damage == "an extra file":
        broken = rewrite_archive(archive, TAMPERING[damage], extra=("files/media/x.html", b"<b>"))
    else:
        broken = rewrite_archive(archive, TAMPERING[damage])
    # The site moves on after the backup: the restore must not take it back half-way.
    Office.objects.filter(slug="jobcenter").update(phone="0231 7777")
    attach(site, "Neu.pdf")
    before = snapshot()
    files_before = {tree: stored(s) for tree, s in stored_files.storages().items()}

    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore_site", str(broken), yes=True, stdout=StringIO())

    assert snapshot() == before
    assert {tree: stored(s) for tree, s in stored_files.storages().items()} == files_before
    assert not [p.name for p in tmp_path.rglob(".*restore*")]


def test_restore_that_fails_loading_the_database_leaves_the_files_alone(
    site, tmp_path, monkeypatch
):
    archive = backup(tmp_path).archive
    attach(site, "Neu.pdf")
    files_before = {tree: stored(s) for tree, s in stored_files.storages().items()}

    def broken_load(*args):
        raise RuntimeError("database server went away")

    monkeypatch.setattr(backups, "_load_database", broken_load)

    with pytest.raises(RuntimeError, match="went away"):
        backups.backup_restore(archive=archive)

    assert {tree: stored(s) for tree, s in stored_files.storages().items()} == files_before
    assert not [p.name for p in tmp_path.rglob(".*restore*")]


def test_media_in_object_storage_is_backed_up_and_restored_through_the_storage_api(
    tmp_path, settings
):
    """MEDIA_STORAGE=s3 puts public uploads into object storage; the backup reads and the
    restore writes them through Django's storage API (here Django's in-memory storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    call_command("load_demo_data", verbosity=0)
    draft = fund_services.draft_create(fund=Fund.objects.get())
    attach(draft)
    media_before = stored(default_storage)
    assert media_before
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the local disk

    archive = backup(tmp_path).archive
    for name in list(media_before):
        default_storage.delete(name)
    default_storage.save("fremd/uebrig.txt", io.BytesIO(b"not in the backup"))
    call_command("flush", interactive=False)
    backups.backup_restore(archive=archive)

    assert stored(default_storage) == media_before
    assert Announcement.objects.exclude(picture="").exists()


# ---------------------------------------------------------------- under churn


def churn(stop: threading.Event, errors: list, draft_ids: list[int], counter: list) -> None:
    """Applicants uploading and removing draft attachments as fast as the server lets them."""
    try:
        drafts = list(ApplicationDraft.objects.filter(pk__in=draft_ids))
        while not stop.is_set():
            for draft in drafts:
                attachment = attach(draft, "Beleg.pdf", PDF_BYTES * 50)
                oldest = draft.attachments.order_by("pk").first()
                fund_services.draft_attachment_remove(draft=draft, attachment_id=oldest.pk)
                counter.append(attachment.pk)
    except Exception as error:
        errors.append(error)
    finally:
        connection.close()


def test_backups_while_files_are_uploaded_and_removed_are_complete_and_restore(
    site, tmp_path, monkeypatch
):
    drafts = [site] + [fund_services.draft_create(fund=site.fund) for _ in range(3)]
    for draft in drafts:
        while draft.attachments.count() < 6:
            attach(draft)
    # A slow disk: each file takes a few milliseconds to copy, so the applicants have time
    # to remove files the snapshot still names.
    real_copy = backups._copy_stored_file

    def slow_copy(*args):
        threading.Event().wait(0.005)
        return real_copy(*args)

    monkeypatch.setattr(backups, "_copy_stored_file", slow_copy)
    stop, errors, changes = threading.Event(), [], []
    worker = threading.Thread(target=churn, args=(stop, errors, [d.pk for d in drafts], changes))
    worker.start()
    results = []
    try:
        for _ in range(4):
            results.append(backup(tmp_path))
    finally:
        stop.set()
        worker.join(timeout=60)

    assert not errors, errors
    assert len(changes) > 10  # the applicants really were at work meanwhile
    assert sum(len(r.vanished["private"]) for r in results) > 0
    assert len({r.archive for r in results}) == 4
    for result in results:
        assert stat.S_IMODE(result.archive.stat().st_mode) == 0o600
        assert result.missing == {"media": [], "private": []}
        check = tmp_path / f"check-{result.archive.name}"
        check.mkdir()
        backups.backup_verify(archive=result.archive, into=check)  # every checksum holds
    assert sorted((tmp_path / "backups").iterdir()) == sorted(r.archive for r in results)

    backups.backup_restore(archive=results[-1].archive)

    # The restored site has every file its database names, except those the backup saw go.
    names = stored_files.referenced_names()
    gone = set(results[-1].vanished["private"])
    assert names["private"] - gone <= set(stored_files.walk(private_storage))
    assert names["media"] <= set(stored_files.walk(default_storage))
    assert DraftAttachment.objects.filter(draft=site).exists()


def test_restore_into_upload_folders_that_are_mount_points(site, tmp_path, monkeypatch):
    """A folder that is a mount point cannot be renamed: its content is swapped instead."""
    archive = backup(tmp_path).archive
    files_before = {tree: stored(s) for tree, s in stored_files.storages().items()}
    attach(site, "Neu.pdf")
    roots = {Path(s.location) for s in stored_files.storages().values()}
    real_rename = Path.rename

    def rename(self, target):
        if self in roots:
            raise OSError(16, "Device or resource busy")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)

    backups.backup_restore(archive=archive)

    assert {tree: stored(s) for tree, s in stored_files.storages().items()} == files_before
    assert not [p for root in roots for p in root.iterdir() if p.name.startswith(".")]


def test_an_archive_written_before_issue_14_still_restores(site, tmp_path, settings):
    """Format 1: whole folders at media/ and private/, a manifest of checksums only."""
    before = snapshot()
    files_before = {tree: stored(s) for tree, s in stored_files.storages().items()}
    dump = tmp_path / "database"
    engine, _names = backups._snapshot_database(dump)
    manifest = {
        "format": 1,
        "created": "2026-11-24T21:00:00+00:00",
        "engine": engine,
        "files": {
            "media": backups.checksums(Path(settings.MEDIA_ROOT)),
            "private": backups.checksums(Path(settings.PRIVATE_MEDIA_ROOT)),
        },
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    archive = tmp_path / "quartier-backup-20261124-210000.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "manifest.json", arcname="manifest.json")
        tar.add(dump, arcname="database")
        tar.add(settings.MEDIA_ROOT, arcname="media")
        tar.add(settings.PRIVATE_MEDIA_ROOT, arcname="private")
    call_command("flush", interactive=False)
    attach(fund_services.draft_create(fund=FundFactory()), "Neu.pdf")

    backups.backup_restore(archive=archive)

    assert snapshot() == before
    assert {tree: stored(s) for tree, s in stored_files.storages().items()} == files_before


def test_restored_private_files_are_readable_by_the_site_user_only(site, tmp_path, settings):
    archive = backup(tmp_path).archive
    private = Path(settings.PRIVATE_MEDIA_ROOT)

    backups.backup_restore(archive=archive)

    folders = [private, *(p for p in private.rglob("*") if p.is_dir())]
    files = [p for p in private.rglob("*") if p.is_file()]
    assert len(files) == 2 + 2 * ReportPhoto.objects.count()
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
