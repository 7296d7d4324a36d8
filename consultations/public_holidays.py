"""Public holidays of North Rhine-Westphalia, on which every office is closed unless staff enter a
special opening. 24 and 31 December are not public holidays: staff enter closures for them."""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import get_language, pgettext_lazy

# The holidays package names German holidays in German and English only: other languages of the
# site (Turkish, Arabic) translate the German names through our catalogue.
GERMAN_NAMES = {
    "Neujahr": pgettext_lazy("public holiday", "Neujahr"),
    "Karfreitag": pgettext_lazy("public holiday", "Karfreitag"),
    "Ostermontag": pgettext_lazy("public holiday", "Ostermontag"),
    "Erster Mai": pgettext_lazy("public holiday", "Erster Mai"),
    "Christi Himmelfahrt": pgettext_lazy("public holiday", "Christi Himmelfahrt"),
    "Pfingstmontag": pgettext_lazy("public holiday", "Pfingstmontag"),
    "Fronleichnam": pgettext_lazy("public holiday", "Fronleichnam"),
    "Tag der Deutschen Einheit": pgettext_lazy("public holiday", "Tag der Deutschen Einheit"),
    "Allerheiligen": pgettext_lazy("public holiday", "Allerheiligen"),
    "Erster Weihnachtstag": pgettext_lazy("public holiday", "Erster Weihnachtstag"),
    "Zweiter Weihnachtstag": pgettext_lazy("public holiday", "Zweiter Weihnachtstag"),
}


@lru_cache(maxsize=16)
def _nrw_holidays(years: tuple[int, ...], language: str) -> dict[date, str]:
    return dict(holidays.country_holidays("DE", subdiv="NW", years=years, language=language))


def holidays_between(start: date, end: date) -> dict[date, str]:
    """{day: name} for the public holidays from `start` to `end`, named in the page's language."""
    page_language = get_language() or "de"
    language = "en_US" if page_language.startswith("en") else "de"
    years = tuple(range(start.year, end.year + 1))
    names = {
        day: name for day, name in _nrw_holidays(years, language).items() if start <= day <= end
    }
    if language == "de" and not page_language.startswith("de"):
        return {day: str(GERMAN_NAMES.get(name, name)) for day, name in names.items()}
    return names


def upcoming_holidays(today: date, *, days: int = 365) -> list[tuple[date, str]]:
    """The holidays of the coming `days` days, in date order (for staff in admin)."""
    return sorted(holidays_between(today, today + timedelta(days=days)).items())
