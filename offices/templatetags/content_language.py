"""Staff-written content in the visitor's language, or marked as German (see
offices.content_language)."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from offices.content_language import TranslatedText, translated, translated_body_html

register = template.Library()


@register.simple_tag(name="translated")
def translated_tag(obj, field: str) -> TranslatedText:
    """{% translated office "summary" as summary %}"""
    return translated(obj, field)


@register.filter
def body_html(announcement) -> str:
    """{{ announcement|body_html }}: its text as HTML in the page's language."""
    return translated_body_html(announcement)


@register.filter
def content_lang(text: TranslatedText | str, language: str = "") -> str:
    """` lang="de" dir="ltr"` when the text is in another language than the page, else ""."""
    code = getattr(text, "language", None) or language or settings.LANGUAGE_CODE
    if code == (get_language() or settings.LANGUAGE_CODE):
        return ""
    direction = "rtl" if get_language_info(code)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', code, direction)


@register.simple_tag
def german_lang() -> str:
    """For text staff write only in German: ` lang="de" dir="ltr"` on a page in another
    language, so that screen readers switch voice and RTL pages keep German punctuation."""
    return content_lang("", settings.LANGUAGE_CODE)


@register.filter
def lines(text) -> list[str]:
    return [line.strip() for line in str(text).splitlines() if line.strip()]
