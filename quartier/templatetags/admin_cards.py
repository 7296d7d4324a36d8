"""The admin's result lists as cards on a phone: each cell carries its column name."""

import re

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

CELL_START = re.compile(r"^\s*<(td|th)\b")


@register.simple_tag(takes_context=True)
def labelled_cells(context, result, headers):
    """The row's cells, each with data-label="<column name>" for the phone layout (the CSS
    shows it before the value when the table becomes a list of cards)."""
    cells = []
    # The column names, escaped, once per list rather than once per cell: stripping a
    # header's HTML takes longer than the rest of the cell, and a list has 100 rows.
    key = ("labelled_cells", id(headers))
    if key not in context.render_context:
        context.render_context[key] = [
            escape(strip_tags(str(header.get("text", ""))).strip()) for header in headers
        ]
    for item, label in zip(result, context.render_context[key], strict=False):
        html = str(item)
        if label:
            html = CELL_START.sub(
                lambda match, label=label: f'<{match.group(1)} data-label="{label}"',
                html,
                count=1,
            )
        cells.append(html)
    return mark_safe("".join(cells))  # noqa: S308 - the cells are Django's own escaped HTML
