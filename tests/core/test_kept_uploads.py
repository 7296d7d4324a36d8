"""Files kept across a form with errors: in the private storage every server sees, for the
person who chose them, for a day."""

import os
import stat
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quartier import stored_files
from quartier.core import clock
from quartier.core.kept_uploads import FOLDER, forget_kept_uploads, keep_upload, kept_upload

JPEG_START = b"\xff\xd8\xff"


def kept_path(settings) -> Path:
    (path,) = Path(settings.PRIVATE_MEDIA_ROOT, FOLDER).iterdir()
    return path


def test_a_kept_upload_is_private_and_readable_by_the_site_user_only(settings):
    reference = keep_upload(SimpleUploadedFile("foto.jpg", JPEG_START), user_id=1)

    path = kept_path(settings)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not Path(settings.MEDIA_ROOT).exists()  # never among the public uploads
    upload = kept_upload(reference, user_id=1)
    assert (upload.name, upload.size, upload.read()) == ("foto.jpg", 3, JPEG_START)


def test_a_kept_upload_is_for_the_person_who_chose_it_and_a_signed_reference_only():
    reference = keep_upload(SimpleUploadedFile("foto.jpg", JPEG_START), user_id=1)

    assert kept_upload(reference, user_id=2) is None
    assert kept_upload(reference[:-2] + "xx", user_id=1) is None


def test_a_kept_upload_is_gone_after_a_day(settings, time_machine):
    time_machine.move_to("2026-03-02 10:00+01:00", tick=False)
    reference = keep_upload(SimpleUploadedFile("foto.jpg", JPEG_START), user_id=1)

    time_machine.move_to("2026-03-03 10:01+01:00", tick=False)

    assert kept_upload(reference, user_id=1) is None


def test_the_schedule_forgets_kept_uploads_older_than_a_day(settings):
    keep_upload(SimpleUploadedFile("alt.jpg", JPEG_START), user_id=1)
    old = kept_path(settings)
    day_and_more = time.time() - 25 * 3600
    os.utime(old, (day_and_more, day_and_more))
    young = keep_upload(SimpleUploadedFile("neu.jpg", JPEG_START), user_id=1)

    removed = forget_kept_uploads(now=clock.now())

    assert removed == 1
    assert not old.exists()
    assert kept_upload(young, user_id=1).read() == JPEG_START


def test_forgetting_kept_uploads_with_none_kept_does_nothing():
    assert forget_kept_uploads(now=clock.now() + timedelta(days=3)) == 0


@pytest.mark.django_db
def test_kept_uploads_are_no_orphans_of_the_private_files():
    keep_upload(SimpleUploadedFile("foto.jpg", JPEG_START), user_id=1)

    reports = {report.tree: report for report in stored_files.file_reports(grace_seconds=0)}

    assert reports["private"].orphaned == []
    assert reports["private"].recent == []


@pytest.mark.s3
def test_kept_uploads_live_in_the_private_bucket_and_are_forgotten_there(s3_buckets):
    reference = keep_upload(SimpleUploadedFile("foto.jpg", JPEG_START), user_id=1)
    (name,) = s3_buckets.names(s3_buckets.private)

    kept_now = kept_upload(reference, user_id=1).read()
    removed_today = forget_kept_uploads(now=clock.now())
    removed_later = forget_kept_uploads(now=clock.now() + timedelta(days=1, minutes=1))

    assert name.startswith(f"{FOLDER}/")
    assert s3_buckets.names(s3_buckets.public) == set()
    assert kept_now == JPEG_START
    assert (removed_today, removed_later) == (0, 1)
    assert s3_buckets.names(s3_buckets.private) == set()
