"""Pictures that staff upload: announcement pictures and office logos.

An upload is checked by its content (not its name), decoded once (a broken or truncated file is
refused with a form error, never a 500), stripped of every piece of metadata (phone photos carry
GPS positions in EXIF and XMP), and written anew under random names: announcement pictures as a
few widths of WebP and JPEG, logos as one PNG. Pages then only print the stored names and sizes.
The upload itself is never stored.
"""

import base64
import io
import math
import secrets
import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
# JPEG can be decoded at 1/2, 1/4 or 1/8 of its size (Image.draft), so even a 60-megapixel
# phone photo costs only a few megabytes. Other formats are decoded at full size: lower limit.
MAX_PIXELS_JPEG = 60_000_000
MAX_PIXELS_OTHER = 16_000_000
# Many phones save JPEGs with a second image inside; Pillow calls them MPO.
JPEG_FORMATS = {"JPEG", "MPO"}
ACCEPTED_FORMATS = JPEG_FORMATS | {"PNG", "WEBP"}
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
WIDTHS = (400, 800, 1600)
FOLDER = "aktuelles"
# Logos: one PNG (transparency kept), never wider than this.
LOGO_FOLDER = "offices/logos"
LOGO_MAX_WIDTH = 800
# A picture chosen but not saved yet is shown in the staff's preview at this width at most.
PREVIEW_MAX_WIDTH = 800
ENCODINGS = {
    "webp": {"format": "WEBP", "quality": 80, "method": 4},
    "jpeg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
}
MIME_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
# EXIF orientations that turn the picture by 90 degrees, so width and height swap.
SWAPPING_ORIENTATIONS = {5, 6, 7, 8}
DRAFT_TOLERANCE = 0.75


@dataclass(frozen=True)
class Rendition:
    """One stored size of a picture in one format."""

    image_format: str
    width: int
    height: int
    name: str
    size: int

    @classmethod
    def from_json(cls, data: dict) -> "Rendition":
        return cls(**data)

    def as_json(self) -> dict:
        return asdict(self)

    @property
    def url(self) -> str:
        return default_storage.url(self.name)

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.image_format]


class PictureRenditions:
    """For a model that keeps a picture's renditions as JSON (`picture_renditions`): the sizes
    and formats a page offers in <picture>, and the one JPEG for feeds and old browsers."""

    picture_renditions: list

    @property
    def renditions(self) -> list[Rendition]:
        return [Rendition.from_json(data) for data in self.picture_renditions]

    def srcset(self, image_format: str) -> str:
        return ", ".join(
            f"{r.url} {r.width}w" for r in self.renditions if r.image_format == image_format
        )

    @property
    def webp_srcset(self) -> str:
        return self.srcset("webp")

    @property
    def jpeg_srcset(self) -> str:
        return self.srcset("jpeg")

    @property
    def fallback_rendition(self) -> Rendition | None:
        """The JPEG for old browsers, feeds and Open Graph: 800 px wide, or the nearest below."""
        jpegs = [r for r in self.renditions if r.image_format == "jpeg"]
        fitting = [r for r in jpegs if r.width <= 800]
        if fitting:
            return max(fitting, key=lambda r: r.width)
        return min(jpegs, key=lambda r: r.width, default=None)


@dataclass(frozen=True)
class PictureHeader:
    image_format: str
    width: int
    height: int


def inspect_upload(upload: File) -> PictureHeader:
    """Checks that an upload is a picture we can handle; reads its header, never its pixels."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _(
                "Die Datei ist %(size)s MB groß, erlaubt sind höchstens %(limit)s MB. "
                "Bitte verkleinern Sie das Bild."
            ),
            code="file_too_large",
            params={
                "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": MAX_UPLOAD_BYTES // 1024 // 1024,
            },
        )
    upload.seek(0)
    try:
        # Pillow only warns about a huge image below twice its own limit: refuse it as well.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                header = PictureHeader(image.format or "", *image.size)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels() from error
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise ValidationError(
            _(
                "Diese Datei ist kein Bild, das wir lesen können – auch wenn ihr Name auf "
                "„.jpg“ oder „.png“ endet. Bitte laden Sie ein Foto im Format JPEG, PNG oder "
                "WebP hoch."
            ),
            code="not_a_picture",
        ) from error
    finally:
        upload.seek(0)
    if header.image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Bilder im Format %(format)s nehmen wir nicht an. Bitte JPEG, PNG oder WebP."),
            code="unsupported_format",
            params={"format": header.image_format},
        )
    limit = MAX_PIXELS_JPEG if header.image_format in JPEG_FORMATS else MAX_PIXELS_OTHER
    if header.width * header.height > limit:
        raise ValidationError(
            _(
                "Das Bild hat %(pixels)s Megapixel, erlaubt sind bei diesem Format höchstens "
                "%(limit)s. Bitte verkleinern Sie es oder speichern Sie es als JPEG."
            ),
            code="too_many_pixels",
            params={
                "pixels": round(header.width * header.height / 1_000_000),
                "limit": limit // 1_000_000,
            },
        )
    return header


def too_many_pixels() -> ValidationError:
    """A picture above Pillow's own pixel limit (a small file can unpack into billions of
    pixels): too large, not broken. Pillow refuses it before we learn its size."""
    return ValidationError(
        _(
            "Das Bild ist zu groß: Es hat mehr als %(pixels)s Megapixel. Bitte verkleinern Sie "
            "es oder speichern Sie es als JPEG."
        ),
        code="too_many_pixels",
        params={"pixels": Image.MAX_IMAGE_PIXELS // 1_000_000},
    )


BROKEN_PICTURE = _(
    "Das Bild ist beschädigt oder unvollständig und lässt sich nicht öffnen – vielleicht wurde "
    "es nicht ganz übertragen. Bitte öffnen Sie es auf Ihrem Gerät, speichern Sie es noch einmal "
    "(zum Beispiel als JPEG) und laden Sie es erneut hoch."
)


def decode_picture(
    upload: File, *, max_width: int = WIDTHS[-1], keep_transparency: bool = False
) -> Image.Image:
    """Checks the upload and decodes it once, at most `max_width` wide, without any metadata.
    A file whose header looks fine but whose pixels are broken or cut off is refused here."""
    header = inspect_upload(upload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _decode_without_metadata(
                upload, header, max_width=max_width, keep_transparency=keep_transparency
            )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels() from error
    except (
        OSError,  # "image file is truncated", broken data streams
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
    ) as error:
        raise ValidationError(BROKEN_PICTURE, code="broken_picture") from error
    finally:
        upload.seek(0)


@dataclass(frozen=True)
class InlinePicture:
    """A picture carried inside the page as a `data:` address."""

    data_url: str
    width: int
    height: int


def inline_preview(picture: Image.Image) -> InlinePicture:
    """A decoded upload as a JPEG inside the page, for a preview that stores nothing: no file
    lands in the public MEDIA_ROOT before staff save, and the CSP's img-src allows `data:`."""
    small = picture.copy()
    small.thumbnail((PREVIEW_MAX_WIDTH, PREVIEW_MAX_WIDTH * 4), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.convert("RGB").save(buffer, format="JPEG", quality=80)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return InlinePicture(f"data:image/jpeg;base64,{encoded}", small.width, small.height)


def decode_logo(upload: File) -> Image.Image:
    return decode_picture(upload, max_width=LOGO_MAX_WIDTH, keep_transparency=True)


def create_renditions(upload: File, *, picture: Image.Image | None = None) -> list[Rendition]:
    """Stores WebP and JPEG in each width. `picture` is the upload as decode_picture() gave it
    (forms decode while validating); without it the upload is checked and decoded here."""
    if picture is None:
        picture = decode_picture(upload)
    folder = f"{FOLDER}/{secrets.token_hex(12)}"
    renditions = []
    try:
        for width in rendition_widths(picture.width):
            height = max(1, round(picture.height * width / picture.width))
            resized = (
                picture
                if width == picture.width
                else picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            )
            for image_format, options in ENCODINGS.items():
                buffer = io.BytesIO()
                resized.save(buffer, **options)
                name = default_storage.save(
                    f"{folder}/{width}.{EXTENSIONS[image_format]}", ContentFile(buffer.getvalue())
                )
                renditions.append(
                    Rendition(image_format, width, height, name, size=len(buffer.getvalue()))
                )
    except Exception:
        delete_files(r.name for r in renditions)
        raise
    return renditions


def store_logo(upload: File, *, picture: Image.Image | None = None) -> str:
    """Stores the logo as a PNG without metadata under a random name; returns the name."""
    if picture is None:
        picture = decode_logo(upload)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return default_storage.save(
        f"{LOGO_FOLDER}/{secrets.token_hex(12)}.png", ContentFile(buffer.getvalue())
    )


def rendition_widths(source_width: int) -> list[int]:
    """The standard widths below the picture's own width, plus that width (never upscaled)."""
    largest = min(source_width, WIDTHS[-1])
    return [width for width in WIDTHS if width < largest] + [largest]


def largest_jpeg(renditions: Iterable[Rendition]) -> Rendition:
    return max((r for r in renditions if r.image_format == "jpeg"), key=lambda r: r.width)


def delete_files(names: Iterable[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _decode_without_metadata(
    upload: File, header: PictureHeader, *, max_width: int, keep_transparency: bool
) -> Image.Image:
    upload.seek(0)
    with Image.open(upload) as image:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        shown_width = header.height if orientation in SWAPPING_ORIENTATIONS else header.width
        scale = min(1.0, max_width / shown_width)
        wanted = (math.ceil(header.width * scale), math.ceil(header.height * scale))
        # JPEG only: the decoder skips detail we would throw away anyway (1/2, 1/4, 1/8). We
        # settle for 3/4 of the largest width when that quarters the memory a big photo needs.
        image.draft(
            "RGB", (math.ceil(wanted[0] * DRAFT_TOLERANCE), math.ceil(wanted[1] * DRAFT_TOLERANCE))
        )
        if image.size[0] > wanted[0]:
            image.thumbnail(wanted, Image.Resampling.LANCZOS, reducing_gap=None)
        else:
            image.load()
        picture = ImageOps.exif_transpose(image)
        if keep_transparency and _has_transparency(picture):
            picture = picture.convert("RGBA")
        else:
            picture = _to_srgb(picture, image.info.get("icc_profile"))
    # Everything Pillow read besides the pixels (EXIF, XMP, ICC, comments) stays behind.
    picture.info = {}
    return picture


def _has_transparency(picture: Image.Image) -> bool:
    return picture.mode in {"RGBA", "LA", "PA"} or (
        picture.mode == "P" and "transparency" in picture.info
    )


def _to_srgb(picture: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Plain RGB in sRGB, transparency on white: what WebP and JPEG readers expect."""
    if _has_transparency(picture):
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if icc_profile and picture.mode in {"RGB", "CMYK"}:
        try:
            return ImageCms.profileToProfile(
                picture,
                ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError):
            pass  # A broken profile: the colours may be a little off, the picture still shows.
    return picture.convert("RGB")
