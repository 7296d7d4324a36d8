import io
import shutil
import stat
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from fund_applications import services
from fund_applications.uploads import MB, check_upload, clean_original_name
from tests.factories import BROKEN_PICTURES, FundFactory
from tests.fund_applications.conftest import PDF_BYTES, jpeg_bytes, png_bytes


class BigUpload(SimpleUploadedFile):
    """A 30 MB upload without 30 MB of memory: only the size is large."""

    def __init__(self, name, size):
        super().__init__(name, PDF_BYTES)
        self.size = size


def test_pdf_jpeg_and_png_are_accepted_with_type_from_content():
    results = [
        check_upload(SimpleUploadedFile("Angebot.pdf", PDF_BYTES)),
        check_upload(SimpleUploadedFile("Foto.JPG", jpeg_bytes())),
        check_upload(SimpleUploadedFile("Skizze.png", png_bytes())),
    ]

    assert [r.content_type for r in results] == ["application/pdf", "image/jpeg", "image/png"]
    assert results[1].original_name == "Foto.JPG"


def test_exe_renamed_pdf_is_refused_with_a_clear_message():
    upload = SimpleUploadedFile("Angebot.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)

    with pytest.raises(ValidationError) as error:
        check_upload(upload)

    assert error.value.code == "wrong_type"
    assert "„Angebot.pdf“ ist keine PDF-, JPEG- oder PNG-Datei" in error.value.messages[0]


def test_30_mb_file_is_refused_with_its_size_and_the_limit():
    with pytest.raises(ValidationError) as error:
        check_upload(BigUpload("Plan.pdf", 30 * MB))

    assert error.value.code == "file_too_large"
    assert "30,0\xa0MB" in error.value.messages[0]
    assert "10,0\xa0MB pro Datei" in error.value.messages[0]


def test_corrupt_png_is_refused_as_broken_image():
    corrupt = png_bytes()[:40] + b"\x00garbage" * 10

    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("Foto.png", corrupt))

    assert error.value.code == "broken_image"
    assert "„Foto.png“ ist beschädigt" in error.value.messages[0]


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "C:\\Users\\anna\\Angebot.pdf", "ordner/Angebot.pdf", ".."]
)
def test_file_name_with_path_parts_is_refused(name):
    with pytest.raises(ValidationError) as error:
        clean_original_name(name)

    assert error.value.code in {"name_path", "name_empty"}


def test_upload_named_with_windows_path_is_refused_by_the_check():
    # Django itself strips "/" paths from uploads; backslash paths reach our check.
    upload = SimpleUploadedFile("C:\\Users\\anna\\Angebot.pdf", PDF_BYTES)

    with pytest.raises(ValidationError) as error:
        check_upload(upload)

    assert "enthält Ordnerangaben" in error.value.messages[0]


def test_png_content_with_pdf_extension_is_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("Foto.pdf", png_bytes()))

    assert error.value.code == "wrong_extension"


def test_total_size_per_application_is_limited():
    with pytest.raises(ValidationError) as error:
        check_upload(BigUpload("Plan.pdf", 6 * MB), already_stored_bytes=20 * MB)

    assert error.value.code == "total_too_large"


def test_number_of_files_is_limited():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("a.pdf", PDF_BYTES), already_stored_files=10)

    assert error.value.code == "too_many"


def test_long_file_name_is_shortened_keeping_the_extension():
    name = clean_original_name("x" * 300 + ".pdf")

    assert len(name) == 150
    assert name.endswith(".pdf")


# Above Pillow's limit (89 megapixels) it warns, above twice that it refuses to open at all.
@pytest.mark.parametrize("side", [10_000, 20_000])
def test_pixel_bomb_is_refused_as_too_large_not_as_broken(side):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG")

    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("bomb.png", buffer.getvalue()))

    assert error.value.code == "too_many_pixels"
    message = error.value.messages[0]
    assert "Das Bild „bomb.png“ ist zu groß: Es hat mehr als 89 Megapixel." in message
    assert "beschädigt" not in message


@pytest.mark.parametrize("name", BROKEN_PICTURES)
def test_truncated_picture_is_refused_as_broken_image(name):
    upload = SimpleUploadedFile(name, BROKEN_PICTURES[name]())

    with pytest.raises(ValidationError) as error:
        check_upload(upload)

    assert error.value.code == "broken_image"
    assert f"Das Bild „{name}“ ist beschädigt" in error.value.messages[0]


def modes_below(root: Path, name: str) -> list[int]:
    """The modes of root, each folder on the way to the stored file, and the file itself."""
    path, modes = root, [stat.S_IMODE(root.stat().st_mode)]
    for part in Path(name).parts:
        path = path / part
        modes.append(stat.S_IMODE(path.stat().st_mode))
    return modes


def test_a_stored_attachment_and_its_folders_are_readable_by_the_site_user_only(db, settings):
    draft = services.draft_create(fund=FundFactory())

    attachment = services.draft_attachment_add(
        draft=draft, upload=SimpleUploadedFile("Angebot.pdf", PDF_BYTES)
    )

    *folders, file_mode = modes_below(Path(settings.PRIVATE_MEDIA_ROOT), attachment.file.name)
    assert folders == [0o700] * len(folders)
    assert file_mode == 0o600


def test_an_outbox_attachment_and_its_folders_are_readable_by_the_site_user_only():
    outbox = storages["outbox"]
    folder = f"test-{uuid.uuid4().hex}"

    name = outbox.save(f"{folder}/anhang/termin.ics", ContentFile(b"BEGIN:VCALENDAR"))
    try:
        *folders, file_mode = modes_below(Path(outbox.location), name)
    finally:
        outbox.delete(name)
        shutil.rmtree(Path(outbox.location) / folder)

    assert folders[1:] == [0o700, 0o700]
    assert file_mode == 0o600
