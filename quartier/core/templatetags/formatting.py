"""The template side of quartier.core.formatting: `{% load formatting %}` gives money, dates,
clock times, durations and Markdown as filters."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from quartier.core.formatting import (
    day_month,
    duration_text,
    euro,
    full_date,
    hhmm,
    iso_moment,
    leaf_day,
    leaf_month,
    long_date,
    publication_date,
    short_date,
    weekday_date,
)
from quartier.core.markdown import render_markdown

register = template.Library()

for _filter in (
    euro,
    long_date,
    short_date,
    weekday_date,
    day_month,
    full_date,
    hhmm,
    duration_text,
    iso_moment,
    publication_date,
    leaf_day,
    leaf_month,
):
    register.filter(_filter)


@register.filter
def break_after_slash(text) -> SafeString:
    """Let long names like "Westerfilde/Bodelschwingh" wrap after the slash on phones,
    instead of mid-word (a slash is no line-break opportunity of its own)."""
    return mark_safe(conditional_escape(text).replace("/", "/<wbr>"))  # noqa: S308 - escaped


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text or "")


@register.filter
def markdown_lines(text: str):
    """Markdown that keeps each line a line (texts in Leichte Sprache)."""
    return render_markdown(text or "", line_breaks=True)
