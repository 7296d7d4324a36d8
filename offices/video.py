"""Sign language videos that staff upload: checked by their content (MP4 or WebM, whatever the
file is called), with a size limit, and their length read from the container when it says so.

No ffmpeg on the servers: MP4 keeps the length in the `mvhd` box of `moov`, WebM in the `Info`
element of the `Segment`. Files recorded in a browser often have no length in them; then staff
enter it.
"""

import secrets
import struct
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MP4, WEBM = "video/mp4", "video/webm"
EXTENSIONS = {MP4: "mp4", WEBM: "webm"}
ACCEPT_ATTRIBUTE = "video/mp4,video/webm,.mp4,.webm"
# Major brands of ISO base media files that browsers play as MP4 (not QuickTime, not HEIC).
MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6",
    b"mp41", b"mp42", b"avc1", b"dash", b"M4V ", b"mmp4", b"MSNV",
}  # fmt: skip
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
CAPTIONS_MAX_BYTES = 512 * 1024
FOLDER = "gebaerdensprache"


def max_video_bytes() -> int:
    return settings.SIGN_LANGUAGE_VIDEO_MAX_MB * 1024 * 1024


@dataclass(frozen=True)
class VideoInfo:
    media_type: str
    duration_seconds: int | None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.media_type]


def random_name(extension: str) -> str:
    """A name that says nothing about the upload and cannot be guessed."""
    return f"{FOLDER}/{secrets.token_urlsafe(18)}.{extension}"


def inspect_video(upload: BinaryIO, *, size: int) -> VideoInfo:
    """Checks size and type by content and reads the length; raises ValidationError."""
    if size > max_video_bytes():
        raise ValidationError(
            _("Das Video ist %(size)s groß. Erlaubt sind höchstens %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_video_bytes())},
        )
    media_type = _media_type(upload)
    if media_type is None:
        raise ValidationError(
            _(
                "Diese Datei ist kein Video im Format MP4 oder WebM. "
                "Bitte speichern Sie das Video als MP4 (H.264) und laden Sie es noch einmal hoch."
            ),
            code="not_a_video",
        )
    read_duration = _mp4_duration if media_type == MP4 else _webm_duration
    try:
        duration = read_duration(upload, size)
    except (struct.error, ValueError, EOFError):
        duration = None  # a damaged or unusual container: staff enter the length
    finally:
        upload.seek(0)
    return VideoInfo(media_type, duration)


def _media_type(upload: BinaryIO) -> str | None:
    upload.seek(0)
    head = upload.read(64)
    try:
        if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
            return MP4
        if head[:4] == EBML_MAGIC and _ebml_doc_type(upload) == b"webm":
            return WEBM
    except (struct.error, ValueError, EOFError):
        pass
    finally:
        upload.seek(0)
    return None


def check_captions(upload: BinaryIO, *, size: int) -> None:
    """Untertitel as WebVTT: small, UTF-8, starting with WEBVTT."""
    if size > CAPTIONS_MAX_BYTES:
        raise ValidationError(
            _("Die Untertitel-Datei ist zu groß (höchstens %(limit)s)."),
            code="too_large",
            params={"limit": filesizeformat(CAPTIONS_MAX_BYTES)},
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text.startswith("WEBVTT"):
        raise ValidationError(
            _("Untertitel bitte als WebVTT-Datei (.vtt) hochladen, die mit WEBVTT beginnt."),
            code="not_webvtt",
        )


# --- MP4 (ISO base media file format) ------------------------------------------------------------


def _boxes(stream: BinaryIO, start: int, end: int):
    """(type, payload start, payload end) of the boxes between start and end."""
    position = start
    while position + 8 <= end:
        stream.seek(position)
        size, kind = struct.unpack(">I4s", _read(stream, 8))
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", _read(stream, 8))
            header = 16
        elif size == 0:
            size = end - position
        if size < header:
            raise ValueError("broken box")
        yield kind, position + header, min(position + size, end)
        position += size


def _mp4_duration(stream: BinaryIO, size: int) -> int | None:
    for kind, start, end in _boxes(stream, 0, size):
        if kind != b"moov":
            continue
        for inner, inner_start, _inner_end in _boxes(stream, start, end):
            if inner != b"mvhd":
                continue
            stream.seek(inner_start)
            version = _read(stream, 4)[0]
            if version == 1:
                _created, _modified, timescale, duration = struct.unpack(">QQIQ", _read(stream, 28))
            else:
                _created, _modified, timescale, duration = struct.unpack(">IIII", _read(stream, 16))
            return _seconds(duration / timescale) if timescale else None
    return None


# --- WebM (Matroska, EBML) -----------------------------------------------------------------------

SEGMENT, INFO, TIMECODE_SCALE, DURATION, DOC_TYPE = (
    0x18538067,
    0x1549A966,
    0x2AD7B1,
    0x4489,
    0x4282,
)
# Clusters (the video data itself) come after Info: stop looking there.
CLUSTER = 0x1F43B675
UNKNOWN_SIZE = -1


def _vint(stream: BinaryIO, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer: (value, length in bytes)."""
    first = _read(stream, 1)[0]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        mask >>= 1
        length += 1
    if length > 8:
        raise ValueError("broken EBML number")
    value = first if keep_marker else first & (mask - 1)
    for byte in _read(stream, length - 1):
        value = (value << 8) | byte
    if not keep_marker and value == (1 << (7 * length)) - 1:
        return UNKNOWN_SIZE, length
    return value, length


def _elements(stream: BinaryIO, start: int, end: int):
    position = start
    while position < end:
        stream.seek(position)
        element_id, id_length = _vint(stream, keep_marker=True)
        size, size_length = _vint(stream, keep_marker=False)
        payload = position + id_length + size_length
        yield element_id, payload, (end if size == UNKNOWN_SIZE else payload + size)
        if size == UNKNOWN_SIZE:
            return
        position = payload + size


def _ebml_doc_type(stream: BinaryIO) -> bytes:
    stream.seek(0)
    (_header_id, header_start, header_end) = next(_elements(stream, 0, 4096))
    for element_id, start, end in _elements(stream, header_start, header_end):
        if element_id == DOC_TYPE:
            stream.seek(start)
            return _read(stream, end - start).rstrip(b"\0")
    return b""


def _webm_duration(stream: BinaryIO, size: int) -> int | None:
    for element_id, start, end in _elements(stream, 0, size):
        if element_id != SEGMENT:
            continue
        for inner_id, inner_start, inner_end in _elements(stream, start, min(end, size)):
            if inner_id == CLUSTER:
                return None
            if inner_id != INFO:
                continue
            scale, duration = 1_000_000, None
            for info_id, info_start, info_end in _elements(stream, inner_start, inner_end):
                stream.seek(info_start)
                data = _read(stream, info_end - info_start)
                if info_id == TIMECODE_SCALE:
                    scale = int.from_bytes(data, "big")
                elif info_id == DURATION and len(data) in (4, 8):
                    (duration,) = struct.unpack(">f" if len(data) == 4 else ">d", data)
            return _seconds(duration * scale / 1e9) if duration else None
    return None


def _read(stream: BinaryIO, count: int) -> bytes:
    data = stream.read(count)
    if len(data) != count:
        raise EOFError
    return data


def _seconds(value: float) -> int | None:
    seconds = round(value)
    return seconds if 0 < seconds < 24 * 60 * 60 else None
