"""Slugs for German titles: "Grünfläche für Bürger" becomes "gruenflaeche-fuer-buerger", not
"grunflache-fur-burger" (which Django's slugify and the admin's JavaScript make of it)."""

from collections.abc import Callable

from django.utils.text import slugify

GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(text: str, *, max_length: int = 50) -> str:
    return slugify(text.translate(GERMAN))[:max_length].strip("-")


def unique_slug(text: str, *, taken: Callable[[str], bool], max_length: int = 50) -> str:
    """The German slug of `text`, with "-2", "-3" … appended while `taken(slug)` says so."""
    base = german_slugify(text, max_length=max_length) or "seite"
    slug, number = base, 2
    while taken(slug):
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug
