from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def break_after_slash(text) -> SafeString:
    """Let long names like "Westerfilde/Bodelschwingh" wrap after the slash on phones,
    instead of mid-word (a slash is no line-break opportunity of its own)."""
    return mark_safe(conditional_escape(text).replace("/", "/<wbr>"))  # noqa: S308 - escaped
