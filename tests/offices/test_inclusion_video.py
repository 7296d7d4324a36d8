import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from offices.video import MP4, WEBM, check_captions, inspect_video, random_name
from tests.factories import mp4_bytes, picture_upload, webm_bytes

# Recorded from a canvas with Chromium's MediaRecorder: real files as browsers write them.
FIXTURES = Path(__file__).parent / "fixtures"


def inspect(data: bytes):
    return inspect_video(io.BytesIO(data), size=len(data))


@pytest.mark.parametrize(
    ("data", "media_type", "seconds"),
    [
        (mp4_bytes(seconds=125), MP4, 125),
        (mp4_bytes(seconds=125, moov_last=False), MP4, 125),
        (mp4_bytes(seconds=None), MP4, None),
        (webm_bytes(seconds=83.4), WEBM, 83),
        (webm_bytes(seconds=None), WEBM, None),
    ],
    ids=["mp4", "mp4-faststart", "mp4-without-length", "webm", "webm-without-length"],
)
def test_inspect_video_reads_type_and_length_from_the_content(data, media_type, seconds):
    info = inspect(data)

    assert info.media_type == media_type
    assert info.duration_seconds == seconds


@pytest.mark.parametrize("name", ["chromium-recording.mp4", "chromium-recording.webm"])
def test_inspect_video_reads_files_recorded_by_a_browser(name):
    data = (FIXTURES / name).read_bytes()

    info = inspect(data)

    assert info.media_type == (MP4 if name.endswith(".mp4") else WEBM)
    assert info.duration_seconds == 2


@pytest.mark.parametrize(
    "data",
    [
        picture_upload(image_format="PNG").read(),
        b"%PDF-1.7\n" + b"\0" * 100,
        b"\0\0\0\x14ftypqt  \0\0\0\0qt  " + b"\0" * 40,  # QuickTime
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 40,  # a phone photo (HEIC)
        b"\x1a\x45\xdf\xa3\x88\x42\x82\x88matroska" + b"\0" * 40,  # Matroska, not WebM
        b"MZ" + b"\0" * 200,
        b"",
    ],
    ids=["png", "pdf", "quicktime", "heic", "matroska", "exe", "empty"],
)
def test_inspect_video_rejects_what_is_not_mp4_or_webm(data):
    with pytest.raises(ValidationError) as error:
        inspect(data)

    assert error.value.code == "not_a_video"
    assert "MP4" in error.value.messages[0]


def test_inspect_video_rejects_files_over_the_limit(settings):
    settings.SIGN_LANGUAGE_VIDEO_MAX_MB = 1
    data = mp4_bytes()

    with pytest.raises(ValidationError) as error:
        inspect_video(io.BytesIO(data), size=2 * 1024 * 1024)

    assert error.value.code == "too_large"
    assert (
        error.value.messages[0] == "Das Video ist 2,0\xa0MB groß. Erlaubt sind höchstens 1,0\xa0MB."
    )


def test_inspect_video_survives_a_truncated_file():
    data = mp4_bytes(moov_last=True)[:-100]

    info = inspect(data)

    assert info.media_type == MP4
    assert info.duration_seconds is None


def test_random_name_says_nothing_about_the_upload():
    first, second = random_name("mp4"), random_name("mp4")

    assert first != second
    assert first.startswith("gebaerdensprache/")
    assert first.endswith(".mp4")
    assert len(first) > len("gebaerdensprache/.mp4") + 20


def test_check_captions_accepts_webvtt_and_rejects_other_text():
    good = "\ufeffWEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n".encode()
    check_captions(io.BytesIO(good), size=len(good))

    with pytest.raises(ValidationError) as error:
        check_captions(io.BytesIO(b"1\n00:00:00,000 --> 00:00:02,000\nHallo"), size=40)

    assert error.value.code == "not_webvtt"
