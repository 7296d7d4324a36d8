import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from offices import pictures
from tests.factories import BROKEN_PICTURES, picture_upload

GPS_IFD = 0x8825


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a size; the pixel data is not there (never decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def open_stored(rendition: pictures.Rendition) -> Image.Image:
    return Image.open(default_storage.path(rendition.name))


def test_renditions_are_webp_and_jpeg_in_three_widths_never_upscaled():
    renditions = pictures.create_renditions(picture_upload(width=1200, height=800))

    sizes = sorted((r.image_format, r.width, r.height) for r in renditions)
    assert sizes == [
        ("jpeg", 400, 267),
        ("jpeg", 800, 533),
        ("jpeg", 1200, 800),
        ("webp", 400, 267),
        ("webp", 800, 533),
        ("webp", 1200, 800),
    ]
    for rendition in renditions:
        with open_stored(rendition) as stored:
            assert stored.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.image_format]
            assert stored.size == (rendition.width, rendition.height)
        assert rendition.size == default_storage.size(rendition.name)


def test_renditions_of_a_large_photo_stop_at_1600_px():
    renditions = pictures.create_renditions(picture_upload(width=3200, height=2000))

    assert max(r.width for r in renditions) == 1600


def test_renditions_are_stored_under_random_names_not_the_upload_name():
    first = pictures.create_renditions(picture_upload(name="Familie Müller am Strand.jpg"))
    second = pictures.create_renditions(picture_upload(name="Familie Müller am Strand.jpg"))

    names = [r.name for r in first + second]
    assert not any("ller" in name for name in names)
    assert {Path(n).parent for n in names[:6]}.isdisjoint({Path(n).parent for n in names[6:]})


def test_gps_and_all_exif_are_stripped_from_every_rendition():
    upload = picture_upload(gps=True)
    with Image.open(upload) as original:
        assert original.getexif().get_ifd(GPS_IFD)  # the upload really carries a position
    upload.seek(0)

    renditions = pictures.create_renditions(upload)

    for rendition in renditions:
        with open_stored(rendition) as stored:
            assert not stored.getexif()
            assert not stored.getexif().get_ifd(GPS_IFD)
            assert "exif" not in stored.info
            assert "xmp" not in stored.info
        raw = default_storage.open(rendition.name).read()
        assert b"Exif" not in raw
        assert b"Telefon" not in raw


def test_exif_orientation_is_applied_before_it_is_removed():
    # A phone held upright stores landscape pixels and "turn by 90 degrees" in EXIF.
    renditions = pictures.create_renditions(picture_upload(width=1200, height=800, orientation=6))

    largest = pictures.largest_jpeg(renditions)
    assert (largest.width, largest.height) == (800, 1200)


def test_transparent_png_is_flattened_on_white():
    upload = picture_upload(width=600, height=400, image_format="PNG", name="logo.png", mode="RGBA")

    renditions = pictures.create_renditions(upload)

    with open_stored(pictures.largest_jpeg(renditions)) as stored:
        assert stored.mode == "RGB"
        assert stored.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "rechnung.jpg"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "virus.jpg"),
        (b"", "leer.jpg"),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "kaputt.jpg"),
    ],
)
def test_a_file_that_is_not_a_picture_is_refused_with_a_clear_german_message(content, name):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")

    with pytest.raises(ValidationError) as refused:
        pictures.inspect_upload(upload)

    assert refused.value.code == "not_a_picture"
    assert "kein Bild" in refused.value.messages[0]
    assert "JPEG, PNG oder WebP" in refused.value.messages[0]


def test_a_phone_photo_with_a_second_image_inside_mpo_is_accepted_as_jpeg():
    buffer = io.BytesIO()
    with Image.new("RGB", (900, 600), "red") as first, Image.new("RGB", (90, 60)) as second:
        first.save(buffer, "MPO", save_all=True, append_images=[second])
    upload = SimpleUploadedFile("handy.jpg", buffer.getvalue(), content_type="image/jpeg")
    assert pictures.inspect_upload(upload).image_format == "MPO"

    renditions = pictures.create_renditions(upload)

    assert pictures.largest_jpeg(renditions).width == 900


def test_a_gif_is_refused_by_format():
    upload = picture_upload(image_format="GIF", name="animation.gif")

    with pytest.raises(ValidationError) as refused:
        pictures.inspect_upload(upload)

    assert refused.value.code == "unsupported_format"


def test_a_file_above_the_size_limit_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr(pictures.Image, "open", lambda *args: pytest.fail("opened"))
    upload = SimpleUploadedFile("gross.jpg", b"\xff" * (pictures.MAX_UPLOAD_BYTES + 1))

    with pytest.raises(ValidationError) as refused:
        pictures.inspect_upload(upload)

    assert refused.value.code == "file_too_large"
    assert "höchstens 15 MB" in refused.value.messages[0]


def test_a_40_megapixel_png_is_refused_from_its_header_before_any_decoding(monkeypatch):
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("pixels decoded"))
    upload = SimpleUploadedFile("plakat.png", png_header_only(8000, 5000))

    with pytest.raises(ValidationError) as refused:
        pictures.create_renditions(upload)

    assert refused.value.code == "too_many_pixels"
    assert "40 Megapixel" in refused.value.messages[0]


# Above Pillow's limit (89 megapixels) it warns, above twice that it refuses to open at all.
@pytest.mark.parametrize("side", [10_000, 30_000])
@pytest.mark.parametrize("check", [pictures.inspect_upload, pictures.decode_picture])
def test_a_decompression_bomb_is_refused_as_too_large_not_as_broken(side, check):
    upload = SimpleUploadedFile("bombe.png", png_header_only(side, side))

    with pytest.raises(ValidationError) as refused:
        check(upload)

    assert refused.value.code == "too_many_pixels"
    message = refused.value.messages[0]
    assert "zu groß" in message
    assert "mehr als 89 Megapixel" in message
    assert "beschädigt" not in message
    assert "kein Bild" not in message


MEASURE_PEAK = """
import resource, sys
import django
django.setup()
from django.core.files import File
from offices import pictures
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[1], "rb") as f:
    renditions = pictures.create_renditions(File(f, name="gross.jpg"))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(after - before, max(r.width for r in renditions))
"""


@pytest.fixture(scope="module")
def photo_40_megapixels(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gross") / "40mp.jpg"
    with Image.new("RGB", (7300, 5480), "#146c2e") as image:
        image.save(path, "JPEG", quality=80)
    return path


def test_a_40_megapixel_jpeg_is_downscaled_while_decoding_without_eating_memory(
    photo_40_megapixels, tmp_path
):
    # Pillow allocates pixels outside Python's allocator (tracemalloc does not see them), so
    # a fresh process measures its own peak resident memory instead.
    full_decode_kib = 7300 * 5480 * 4 // 1024
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", MEASURE_PEAK, str(photo_40_megapixels)],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "MEDIA_ROOT": str(tmp_path)},
        timeout=120,
    )

    peak_growth_kib, largest_width = map(int, result.stdout.split())
    assert largest_width <= 1600
    assert peak_growth_kib < full_decode_kib / 3, (peak_growth_kib, full_decode_kib)


@pytest.mark.parametrize("name", BROKEN_PICTURES)
@pytest.mark.parametrize("decode", [pictures.decode_picture, pictures.decode_logo])
def test_a_truncated_picture_is_refused_with_a_clear_german_message(name, decode, media_root):
    upload = SimpleUploadedFile(name, BROKEN_PICTURES[name]())
    assert pictures.inspect_upload(upload)  # the header alone looks fine

    with pytest.raises(ValidationError) as refused:
        decode(upload)

    assert refused.value.code == "broken_picture"
    assert "beschädigt oder unvollständig" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        pictures.create_renditions(SimpleUploadedFile(name, BROKEN_PICTURES[name]()))
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_a_logo_is_stored_anew_as_png_without_metadata_and_keeps_its_transparency():
    upload = picture_upload(
        width=1200, height=600, image_format="PNG", name="logo.png", mode="RGBA"
    )
    jpeg = picture_upload(width=500, height=500, gps=True, name="logo.jpg")

    transparent = pictures.store_logo(upload)
    photo = pictures.store_logo(jpeg)

    with Image.open(default_storage.path(transparent)) as stored:
        assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (800, 400))
        assert not stored.getexif()
        assert not stored.info.get("icc_profile")
    with Image.open(default_storage.path(photo)) as stored:
        assert (stored.format, stored.size) == ("PNG", (500, 500))
        assert not stored.getexif()
    assert transparent.startswith("offices/logos/")
    assert "logo" not in transparent.removeprefix("offices/logos/")
    jpeg.seek(0)
    assert Path(default_storage.path(photo)).read_bytes() != jpeg.read()
