from django import template

from offices.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text or "")


@register.filter
def markdown_lines(text: str):
    """Markdown that keeps each line a line (texts in Leichte Sprache)."""
    return render_markdown(text or "", line_breaks=True)
