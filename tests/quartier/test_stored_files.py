"""Which files the database refers to, and `manage.py find_orphaned_files`."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models

from fund_applications import services as fund_services
from offices import services as office_services
from quartier import stored_files
from tests.factories import AnnouncementFactory, FundFactory, OfficeFactory, picture_upload
from tests.fund_applications.conftest import PDF_BYTES


def age(path: Path, seconds: int) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_every_file_field_of_the_site_is_known_to_the_file_list():
    from django.apps import apps

    columns = {(c.table, c.column) for c in stored_files.file_columns()}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in stored_files.SITE_APPS or meta.model_name.startswith("hist"):
            continue
        for field in meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            if meta.app_label == "post_office" and stored_files._tree_of(field.storage) is None:
                continue  # the outbox's own folder, fixed at start-up: not the tests' folders
            assert (meta.db_table, field.column) in columns, (model, field.name)
    assert ("offices_announcement", "picture_renditions") in columns
    assert ("offices_office", "logo") in columns
    assert ("fund_applications_draftattachment", "file") in columns


@pytest.mark.django_db
def test_orphaned_and_missing_files_are_reported_and_only_old_orphans_deleted(settings):
    announcement = AnnouncementFactory(picture_alt="Bild")
    office_services.announcement_save(announcement=announcement, picture_upload=picture_upload())
    office = OfficeFactory()
    office_services.office_save(office=office, logo_upload=picture_upload(name="logo.png"))
    draft = fund_services.draft_create(fund=FundFactory())
    kept = fund_services.draft_attachment_add(
        draft=draft, upload=SimpleUploadedFile("Angebot.pdf", PDF_BYTES)
    )
    lost = fund_services.draft_attachment_add(
        draft=draft, upload=SimpleUploadedFile("Weg.pdf", PDF_BYTES)
    )
    Path(settings.PRIVATE_MEDIA_ROOT, lost.file.name).unlink()
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    (media / "aktuelles" / "alt").mkdir(parents=True)
    (media / "aktuelles" / "alt" / "800.jpg").write_bytes(b"old picture")
    (private / "stadtteilfonds" / "vergessen.pdf").write_bytes(b"%PDF old")
    (private / "stadtteilfonds" / "gerade.pdf").write_bytes(b"%PDF being saved")
    age(media / "aktuelles" / "alt" / "800.jpg", 7200)
    age(private / "stadtteilfonds" / "vergessen.pdf", 7200)
    out, err = StringIO(), StringIO()

    call_command("find_orphaned_files", stdout=out, stderr=err)

    report = out.getvalue()
    assert "orphaned: media/aktuelles/alt/800.jpg" in report
    assert "orphaned: private/stadtteilfonds/vergessen.pdf" in report
    assert "too recent to judge: private/stadtteilfonds/gerade.pdf" in report
    assert "2 orphaned files" in report
    assert f"missing: private/{lost.file.name}" in err.getvalue()
    for name in [announcement.picture.name, office.logo.name, kept.file.name]:
        assert name not in report
    assert (media / "aktuelles" / "alt" / "800.jpg").exists()  # a report changes nothing

    call_command("find_orphaned_files", delete=True, stdout=StringIO(), stderr=StringIO())

    assert not (media / "aktuelles" / "alt" / "800.jpg").exists()
    assert not (private / "stadtteilfonds" / "vergessen.pdf").exists()
    assert (private / "stadtteilfonds" / "gerade.pdf").exists()
    assert all(default_storage.exists(r.name) for r in announcement.renditions)
    assert default_storage.exists(office.logo.name)
    assert Path(settings.PRIVATE_MEDIA_ROOT, kept.file.name).exists()


@pytest.mark.django_db
def test_email_attachments_in_the_outbox_count_as_referenced(settings, monkeypatch):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from post_office.models import Attachment

    from quartier.core.mail import queue_email

    # Calendar files hold personal data: the outbox keeps them below PRIVATE_MEDIA_ROOT.
    outbox = FileSystemStorage(location=Path(settings.PRIVATE_MEDIA_ROOT) / "outbox")
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", outbox)

    email = queue_email(
        to=["anna@example.org"],
        subject="Termin",
        body="Im Anhang",
        attachments={"termin.ics": ContentFile(b"BEGIN:VCALENDAR")},
    )
    attachment = email.attachments.get()
    names = stored_files.referenced_names()

    assert f"outbox/{attachment.file.name}" in names["private"]
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / "outbox" / attachment.file.name).exists()
    report = {r.tree: r for r in stored_files.file_reports(grace_seconds=0)}
    assert not report["media"].orphaned
    assert not report["private"].orphaned


def test_a_storage_below_private_media_root_counts_as_private_with_its_folder(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"

    outbox = FileSystemStorage(location=tmp_path / "private" / "outbox")
    elsewhere = FileSystemStorage(location=tmp_path / "anderswo")

    assert stored_files._tree_of(outbox) == ("private", "outbox/")
    assert stored_files._tree_of(FileSystemStorage(location=tmp_path / "media")) == ("media", "")
    assert stored_files._tree_of(elsewhere) is None
