import pytest

from offices.forms import SignLanguageVideoAdminForm
from tests.factories import mp4_bytes, picture_upload, sign_language_video, video_upload, webm_bytes

pytestmark = pytest.mark.django_db


def form_for(upload, **data):
    fields = {"title": "Willkommen", "transcript": "Hallo.", "is_published": "on", **data}
    return SignLanguageVideoAdminForm(data=fields, files={"video": upload} if upload else {})


def test_form_accepts_an_mp4_and_reads_its_length():
    form = form_for(video_upload(mp4_bytes(seconds=61)))

    assert form.is_valid(), form.errors
    assert form.new_video().video_info.duration_seconds == 61


def test_form_rejects_a_picture_renamed_to_mp4_with_a_german_message():
    upload = picture_upload(name="video.mp4")

    form = form_for(upload)

    assert not form.is_valid()
    assert form.errors["video"] == [
        "Diese Datei ist kein Video im Format MP4 oder WebM. Bitte speichern Sie das Video "
        "als MP4 (H.264) und laden Sie es noch einmal hoch."
    ]


def test_form_asks_for_the_length_when_the_file_has_none():
    form = form_for(video_upload(webm_bytes(seconds=None), name="aufnahme.webm"))

    assert not form.is_valid()
    assert form.errors["duration_seconds"][0].startswith("Die Länge steht nicht in der Videodatei")


def test_form_accepts_a_file_without_length_when_staff_enter_it():
    form = form_for(
        video_upload(webm_bytes(seconds=None), name="aufnahme.webm"), duration_seconds="95"
    )

    assert form.is_valid(), form.errors


def test_form_lets_staff_publish_a_new_video_while_another_is_published():
    sign_language_video(title="Alt")

    form = form_for(video_upload())

    assert form.is_valid(), form.errors


def test_form_requires_a_video_and_a_text_alternative():
    form = SignLanguageVideoAdminForm(data={"title": "Ohne alles"}, files={})

    assert not form.is_valid()
    assert set(form.errors) >= {"video", "transcript"}
