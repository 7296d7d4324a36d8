import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from offices import services
from offices.enums import AnnouncementStatus
from offices.models import Announcement
from tests.factories import AnnouncementFactory, OfficeFactory, picture_upload


def test_announcement_save_with_picture_stores_renditions_and_largest_jpeg(db):
    announcement = AnnouncementFactory.build(office=OfficeFactory(), picture_alt="Ein Fest")

    services.announcement_save(
        announcement=announcement, picture_upload=picture_upload(width=1000, height=500)
    )

    stored = Announcement.objects.get(pk=announcement.pk)
    assert stored.picture.name.endswith("/1000.jpg")
    assert sorted((r.image_format, r.width) for r in stored.renditions) == [
        ("jpeg", 400),
        ("jpeg", 800),
        ("jpeg", 1000),
        ("webp", 400),
        ("webp", 800),
        ("webp", 1000),
    ]
    assert all(default_storage.exists(r.name) for r in stored.renditions)


def test_announcement_save_replacing_a_picture_deletes_the_old_files_after_commit(
    db, django_capture_on_commit_callbacks
):
    announcement = AnnouncementFactory(picture_alt="Ein Fest")
    services.announcement_save(announcement=announcement, picture_upload=picture_upload())
    old_names = [r.name for r in announcement.renditions]

    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_save(announcement=announcement, picture_upload=picture_upload())

    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(r.name) for r in announcement.renditions)


def test_announcement_save_with_cleared_picture_forgets_renditions_and_files(
    db, django_capture_on_commit_callbacks
):
    announcement = AnnouncementFactory(picture_alt="Ein Fest")
    services.announcement_save(announcement=announcement, picture_upload=picture_upload())
    old_names = [r.name for r in announcement.renditions]
    announcement.picture = ""

    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_save(announcement=announcement)

    announcement.refresh_from_db()
    assert announcement.picture_renditions == []
    assert not any(default_storage.exists(name) for name in old_names)


def test_announcement_save_that_fails_validation_leaves_no_files_behind(db, media_root):
    announcement = AnnouncementFactory.build(office=OfficeFactory(), picture_alt="")

    with pytest.raises(ValidationError) as invalid:
        services.announcement_save(announcement=announcement, picture_upload=picture_upload())

    assert "picture_alt" in invalid.value.message_dict
    assert not Announcement.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_announcement_save_refuses_a_non_image_before_storing_anything(db, media_root):
    announcement = AnnouncementFactory.build(office=OfficeFactory(), picture_alt="Foto")
    fake = SimpleUploadedFile("foto.jpg", b"<html>kein Bild</html>", content_type="image/jpeg")

    with pytest.raises(ValidationError) as invalid:
        services.announcement_save(announcement=announcement, picture_upload=fake)

    assert "kein Bild" in invalid.value.messages[0]
    assert not Announcement.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_announcement_set_status_publishes_a_draft(db):
    announcement = AnnouncementFactory(draft=True)

    services.announcement_set_status(announcement=announcement, status=AnnouncementStatus.PUBLISHED)

    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.PUBLISHED


def test_announcement_set_status_to_the_same_status_is_refused(db):
    announcement = AnnouncementFactory()

    with pytest.raises(ValidationError) as invalid:
        services.announcement_set_status(
            announcement=announcement, status=AnnouncementStatus.PUBLISHED
        )

    assert invalid.value.code == "invalid_transition"
