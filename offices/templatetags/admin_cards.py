"""Admin lists as cards on a phone: every cell carries its column name (data-label), which
static/css/admin-staff.css shows in front of the value below 768 px."""

import re

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CELL_START = re.compile(r"^<(td|th)\b")


@register.simple_tag
def labelled_cells(result, headers) -> SafeString:
    cells = []
    for cell, header in zip(result, headers, strict=False):
        label = strip_tags(str(header["text"])).strip()
        if label and "action-checkbox" not in str(header.get("class_attrib", "")):
            cell = CELL_START.sub(rf'<\1 data-label="{escape(label)}"', str(cell), count=1)
        cells.append(str(cell))
    return mark_safe("".join(cells))  # noqa: S308 - the admin escaped the cells, the label is escaped
