"""Staff write in German and may add translations. A page shows a text in the visitor's language
when there is one, otherwise the German original, marked as German so that screen readers switch
voice and the page can say that this text exists only in German."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import FilteredRelation, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from quartier.core.markdown import render_markdown

# The attribute the selectors join the translation of the page's language into.
TRANSLATION_ATTRIBUTE = "current_translation"


def with_translation(queryset: QuerySet) -> QuerySet:
    """Joins each row's translation into the page's language (at most one, by a unique
    constraint) as `current_translation`: translated pages need no extra query."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return queryset
    return queryset.annotate(
        **{
            TRANSLATION_ATTRIBUTE: FilteredRelation(
                "translations", condition=Q(translations__language=language)
            )
        }
    ).select_related(TRANSLATION_ATTRIBUTE)


@dataclass(frozen=True)
class TranslatedText:
    text: str
    language: str

    @property
    def is_german_fallback(self) -> bool:
        """German text on a page in another language."""
        return self.language == settings.LANGUAGE_CODE and not _page_is_german()

    def __str__(self) -> str:
        return self.text


def _page_is_german() -> bool:
    return (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE


def translated(obj, field: str) -> TranslatedText:
    """`obj.field` in the page's language if staff translated it, else the German original."""
    language = get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        translation = getattr(obj, TRANSLATION_ATTRIBUTE, None)
        if translation is not None and translation.language == language:
            value = getattr(translation, field, "")
            if isinstance(value, str) and value.strip():
                return TranslatedText(value, language)
    return TranslatedText(getattr(obj, field), settings.LANGUAGE_CODE)


def translated_body_html(announcement) -> SafeString:
    """The announcement's text as HTML in the page's language: the German original as stored
    when saved, a translation rendered now (they are few)."""
    body = translated(announcement, "body")
    if body.language == settings.LANGUAGE_CODE:
        return mark_safe(announcement.body_html)  # noqa: S308 - sanitised when saved
    return render_markdown(body.text)
