"""The admin's result lists as cards on a phone: each cell carries its column name."""

import re

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

CELL_START = re.compile(r"^\s*<(td|th)\b")


@register.simple_tag
def labelled_cells(result, headers):
    """The row's cells, each with data-label="<column name>" for the phone layout (the CSS
    shows it before the value when the table becomes a list of cards)."""
    cells = []
    for item, header in zip(result, headers, strict=False):
        label = strip_tags(str(header.get("text", ""))).strip()
        html = str(item)
        if label:
            html = CELL_START.sub(
                lambda match, label=label: f'<{match.group(1)} data-label="{escape(label)}"',
                html,
                count=1,
            )
        cells.append(html)
    return mark_safe("".join(cells))  # noqa: S308 - the cells are Django's own escaped HTML
