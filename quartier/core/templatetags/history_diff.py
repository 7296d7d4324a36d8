"""The history page of every model with django-simple-history: each change as field, old and
new value side by side, long texts compared word by word (instead of "de[274 chars]hung")."""

import difflib
import re
from dataclasses import dataclass

from django import template
from django.db import models
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from quartier.core.formatting import full_date, hhmm

register = template.Library()

EMPTY = "—"
# Unchanged stretches longer than this (in words and spaces) are shortened to their ends.
CONTEXT = 24


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: SafeString
    new: SafeString


def _display(field: models.Field | None, value) -> str:
    if value is None or value == "":
        return EMPTY
    if field is None:
        return str(value)
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else _("(gelöscht, Nr. %(pk)s)") % {"pk": value}
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nein")
    if isinstance(field, models.DateTimeField):
        return f"{full_date(value)}, {hhmm(value)}"
    if isinstance(field, models.DateField):
        return full_date(value)
    if isinstance(field, models.TimeField):
        return hhmm(value)
    return str(value)


def _shorten(tokens: list[str]) -> str:
    if len(tokens) <= 2 * CONTEXT:
        return conditional_escape("".join(tokens))
    return format_html(
        '{}<span class="history-diff__skip"> […] </span>{}',
        "".join(tokens[:CONTEXT]),
        "".join(tokens[-CONTEXT:]),
    )


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts, escaped, with removed words in <del> (old) and added words in <ins> (new)."""
    a, b = re.findall(r"\s+|\S+", old), re.findall(r"\s+|\S+", new)
    old_parts: list[str] = []
    new_parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = _shorten(a[i1:i2])
            old_parts.append(same)
            new_parts.append(same)
            continue
        if i2 > i1:
            old_parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            new_parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # noqa: S308 - escaped


@register.simple_tag
def history_changes(record) -> list[FieldChange]:
    """What changed from the version before `record` to `record` (empty for the first)."""
    previous = record.prev_record
    if previous is None:
        return []
    model = record.instance_type
    changes = []
    for change in record.diff_against(previous).changes:
        try:
            field = model._meta.get_field(change.field)
        except Exception:  # a field the model no longer has
            field = None
        label = capfirst(field.verbose_name) if field is not None else change.field
        old, new = word_diff(_display(field, change.old), _display(field, change.new))
        changes.append(FieldChange(field=str(label), old=old, new=new))
    return changes


@register.filter
def history_action(record) -> str:
    return {"+": _("Angelegt"), "~": _("Geändert"), "-": _("Gelöscht")}.get(
        record.history_type, record.history_type
    )
