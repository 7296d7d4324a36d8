"""Line breaks and control characters in text that leaves the site in a line-based format
(iCalendar files and feeds): a crafted POST can put CR or LF into a single-line field, and a
calendar library refuses an unescaped line break in a name, so the whole file would fail."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# CR, LF and every other C0/C1 control character and Unicode line or paragraph separator;
# a tab is harmless and stays in multi-line text.
_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[ \t]*\n[ \t]*|\t")


def one_line(value: object) -> str:
    """The text on one line: each line break or control character becomes a space."""
    text = _CONTROLS.sub(" ", _BREAKS.sub(" ", str(value or "")))
    return " ".join(text.split())


def lines(value: object) -> str:
    """The text with its line breaks as plain LF (the calendar library escapes those) and no
    other control characters."""
    text = _CONTROLS.sub(" ", _BREAKS.sub("\n", str(value or "")))
    return _SPACES.sub(lambda match: "\n" if "\n" in match.group() else " ", text).strip()


def validate_one_line(value: str) -> None:
    """For single-line fields whose text reaches calendars and feeds."""
    if value != _CONTROLS.sub("", _BREAKS.sub("", value)):
        raise ValidationError(
            _("Bitte ohne Zeilenumbrüche oder Steuerzeichen eingeben."), code="line_break"
        )
