import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from offices import services
from offices.models import SignLanguageVideo
from tests.factories import mp4_bytes, sign_language_video, video_upload, webm_bytes

pytestmark = pytest.mark.django_db


def test_video_save_stores_the_upload_under_a_random_name_with_size_and_length():
    upload = video_upload(mp4_bytes(seconds=125), name="Begrüßung Frau Müller.mov")

    video = sign_language_video(upload=upload)

    video.refresh_from_db()
    assert video.video.name.startswith("gebaerdensprache/")
    assert video.video.name.endswith(".mp4")
    assert "Müller" not in video.video.name
    assert default_storage.exists(video.video.name)
    assert video.media_type == "video/mp4"
    assert video.size_bytes == len(mp4_bytes(seconds=125))
    assert video.duration_seconds == 125


def test_video_save_keeps_the_length_staff_entered_when_the_file_has_none():
    video = SignLanguageVideo(title="Willkommen", transcript="Hallo.", duration_seconds=95)

    services.sign_language_video_save(
        video=video, upload=video_upload(webm_bytes(seconds=None), name="aufnahme.webm")
    )

    video.refresh_from_db()
    assert video.media_type == "video/webm"
    assert video.video.name.endswith(".webm")
    assert video.duration_seconds == 95


def test_publishing_a_new_video_takes_the_old_one_off_the_page():
    old = sign_language_video(title="Alt")

    new = sign_language_video(title="Neu")

    old.refresh_from_db()
    assert new.is_published
    assert not old.is_published
    assert list(SignLanguageVideo.objects.filter(is_published=True)) == [new]


def test_replacing_the_file_deletes_the_old_file_after_the_commit(
    django_capture_on_commit_callbacks,
):
    video = sign_language_video()
    old_name = video.video.name

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_language_video_save(
            video=video, upload=video_upload(webm_bytes(), name="neu.webm")
        )

    assert not default_storage.exists(old_name)
    assert default_storage.exists(video.video.name)
    assert video.media_type == "video/webm"


def test_a_video_without_transcript_is_not_stored_and_leaves_no_file(media_root):
    video = SignLanguageVideo(title="Ohne Text", transcript="", is_published=True)

    with pytest.raises(ValidationError) as error:
        services.sign_language_video_save(video=video, upload=video_upload())

    assert "transcript" in error.value.message_dict
    assert SignLanguageVideo.objects.count() == 0
    folder = media_root / "gebaerdensprache"
    assert not folder.exists() or not any(folder.iterdir())


def test_video_delete_removes_row_and_files_after_the_commit(django_capture_on_commit_callbacks):
    video = sign_language_video()
    name = video.video.name

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_language_video_delete(video=video)

    assert SignLanguageVideo.objects.count() == 0
    assert not default_storage.exists(name)


def test_database_allows_only_one_published_video():
    sign_language_video(title="Erstes")
    second = sign_language_video(title="Zweites", is_published=False)

    second.is_published = True
    with pytest.raises(ValidationError):
        second.full_clean()
