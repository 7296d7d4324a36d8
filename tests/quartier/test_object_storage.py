"""With MEDIA_STORAGE=s3, on a real S3-compatible server: the outbox's attachments count as
private files, the backup reads both buckets and says where its files came from, and kept
uploads are neither backed up nor orphans."""

import tarfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from post_office.models import Attachment

from fund_applications import services as fund_services
from quartier import stored_files
from quartier.core.kept_uploads import FOLDER, keep_upload
from quartier.core.mail import queue_email
from tests.factories import FundFactory
from tests.fund_applications.conftest import PDF_BYTES

pytestmark = [pytest.mark.s3, pytest.mark.django_db(transaction=True)]


def test_a_backup_reads_the_private_bucket_and_says_where_its_files_came_from(
    s3_buckets, tmp_path, monkeypatch
):
    # The outbox's storage is chosen when the model loads; here it is the private bucket's.
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storages["outbox"])
    draft = fund_services.draft_create(fund=FundFactory())
    attachment = fund_services.draft_attachment_add(
        draft=draft, upload=SimpleUploadedFile("Angebot.pdf", PDF_BYTES)
    )
    email = queue_email(
        to=["anna@example.org"],
        subject="Termin",
        body="Im Anhang",
        attachments={"termin.ics": ContentFile(b"BEGIN:VCALENDAR")},
    )
    calendar = f"outbox/{email.attachments.get().file.name}"
    keep_upload(SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff"), user_id=1)
    out = StringIO()

    call_command("backup_site", output=str(tmp_path), stdout=out)

    in_bucket = s3_buckets.names(s3_buckets.private)
    assert {attachment.file.name, calendar} < in_bucket
    assert any(name.startswith(f"{FOLDER}/") for name in in_bucket)
    (archive,) = tmp_path.glob("quartier-backup-*.tar.gz")
    with tarfile.open(archive) as packed:
        private = {n.removeprefix("files/private/") for n in packed.getnames() if "private/" in n}
    assert private == {attachment.file.name, calendar}
    output = out.getvalue()
    assert f"private files: 2 files the database refers to, from bucket {s3_buckets.private}" in (
        output
    )
    assert f"public uploads: 0 files the database refers to, from bucket {s3_buckets.public}" in (
        output
    )
    assert "uploads kept across a form with errors" in output
    reports = {report.tree: report for report in stored_files.file_reports(grace_seconds=0)}
    assert reports["private"].orphaned == []
    assert reports["private"].missing == []
