"""Checks for files applicants send: type by content, not by name; sizes; harmless names."""

import struct
import unicodedata
import warnings
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

MB = 1024 * 1024

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
MAGIC = [(b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG)]
TYPE_BY_EXTENSION = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG"}


def max_file_bytes() -> int:
    return getattr(settings, "FUND_ATTACHMENT_MAX_FILE_BYTES", 10 * MB)


def max_total_bytes() -> int:
    return getattr(settings, "FUND_ATTACHMENT_MAX_TOTAL_BYTES", 25 * MB)


def max_files() -> int:
    return getattr(settings, "FUND_ATTACHMENT_MAX_FILES", 10)


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    content_type: str
    size: int


def clean_original_name(name: str) -> str:
    """The name as the applicant sees it; anything that looks like a path is refused."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or name in {".", ".."}:
        raise ValidationError(_("Die Datei hat keinen Namen."), code="name_empty")
    if "/" in name or "\\" in name or ".." in name or PurePath(name).name != name:
        raise ValidationError(
            _(
                "Der Dateiname „%(name)s“ enthält Ordnerangaben. Bitte benennen Sie die Datei "
                "um, zum Beispiel in „Angebot.pdf“."
            )
            % {"name": name},
            code="name_path",
        )
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValidationError(
            _("Der Dateiname enthält unzulässige Zeichen. Bitte benennen Sie die Datei um."),
            code="name_control",
        )
    if len(name) > 150:
        stem, suffix = name[: name.rfind(".")] if "." in name else name, PurePath(name).suffix
        name = stem[: 150 - len(suffix)] + suffix
    return name


def detect_type(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def check_upload(upload, *, already_stored_bytes: int = 0, already_stored_files: int = 0):
    """Return what we know about a valid upload, or raise ValidationError in plain German."""
    name = clean_original_name(upload.name)
    if already_stored_files >= max_files():
        raise ValidationError(
            _("Sie können höchstens %(count)d Dateien anhängen.") % {"count": max_files()},
            code="too_many",
        )
    if upload.size > max_file_bytes():
        raise ValidationError(
            _(
                "Die Datei „%(name)s“ ist %(size)s groß. Erlaubt sind höchstens %(limit)s pro "
                "Datei. Verkleinern Sie die Datei oder bringen Sie sie im Quartiersbüro vorbei."
            )
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_file_bytes()),
            },
            code="file_too_large",
        )
    if already_stored_bytes + upload.size > max_total_bytes():
        raise ValidationError(
            _("Alle Anlagen zusammen dürfen höchstens %(limit)s groß sein.")
            % {"limit": filesizeformat(max_total_bytes())},
            code="total_too_large",
        )
    upload.seek(0)
    content_type = detect_type(upload.read(16))
    upload.seek(0)
    wrong_type = ValidationError(
        _(
            "Die Datei „%(name)s“ ist keine PDF-, JPEG- oder PNG-Datei. Bitte laden Sie nur "
            "Dokumente als PDF und Fotos als JPEG oder PNG hoch."
        )
        % {"name": name},
        code="wrong_type",
    )
    if content_type is None:
        raise wrong_type
    if TYPE_BY_EXTENSION.get(PurePath(name).suffix.lower()) != content_type:
        raise ValidationError(
            _(
                "Die Endung der Datei „%(name)s“ passt nicht zu ihrem Inhalt. Erlaubt sind "
                ".pdf, .jpg, .jpeg und .png."
            )
            % {"name": name},
            code="wrong_extension",
        )
    if content_type in PILLOW_FORMAT:
        _verify_image(upload, content_type, name)
    return CheckedFile(original_name=name, content_type=content_type, size=upload.size)


def _verify_image(upload, content_type: str, name: str) -> None:
    broken = ValidationError(
        _("Das Bild „%(name)s“ ist beschädigt und kann nicht geöffnet werden.") % {"name": name},
        code="broken_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != PILLOW_FORMAT[content_type]:
                    raise broken
                image.verify()
            # verify() checks the structure, not the pixel data: a photo cut off during the
            # upload (or with a broken data stream) passes it. Staff could not open it.
            upload.seek(0)
            if content_type == JPEG:
                # Decoding at 1/8 of the size reads all the data for little memory.
                with Image.open(upload) as image:
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
            elif not _png_data_complete(upload):
                raise broken
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # A small file that unpacks into more pixels than Pillow allows is not broken but
        # too large: the applicant can shrink it.
        raise ValidationError(
            _(
                "Das Bild „%(name)s“ ist zu groß: Es hat mehr als %(pixels)s Megapixel. Bitte "
                "verkleinern Sie es oder bringen Sie es im Quartiersbüro vorbei."
            )
            % {"name": name, "pixels": Image.MAX_IMAGE_PIXELS // 1_000_000},
            code="too_many_pixels",
        ) from error
    except Exception as error:  # Pillow raises many kinds for broken files
        raise broken from error
    finally:
        upload.seek(0)


# Adam7 interlacing: (first column, first row, column step, row step) of the seven passes.
_ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2)]
_ADAM7 += [(0, 1, 1, 2)]
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_INFLATE_STEP = 1 << 20


def _png_data_complete(upload) -> bool:
    """Inflates a PNG's pixel data piece by piece (constant memory, whatever the pixel count)
    and checks that the stream ends and holds every row the header promises."""
    upload.seek(8)
    inflater = zlib.decompressobj()
    produced = expected = 0
    while True:
        head = upload.read(8)
        if len(head) < 8:
            return False
        length, kind = struct.unpack(">I4s", head)
        data = upload.read(length)
        if len(data) < length or len(upload.read(4)) < 4:
            return False
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", data)
            bits = _PNG_CHANNELS.get(colour, 4) * depth
            passes = _ADAM7 if interlace else [(0, 0, 1, 1)]
            for x0, y0, dx, dy in passes:
                columns = max(0, -(-(width - x0) // dx))
                rows = max(0, -(-(height - y0) // dy))
                if columns and rows:
                    expected += rows * (1 + (columns * bits + 7) // 8)
        elif kind == b"IDAT":
            while True:  # at most 1 MB of pixels at a time, until this piece is used up
                produced += len(pixels := inflater.decompress(data, _INFLATE_STEP))
                data = inflater.unconsumed_tail
                if not data and len(pixels) < _INFLATE_STEP:
                    break
        elif kind == b"IEND":
            return inflater.eof and produced >= expected > 0
