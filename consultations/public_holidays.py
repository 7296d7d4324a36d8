"""Public holidays of North Rhine-Westphalia, on which every office is closed unless staff enter a
special opening. 24 and 31 December are not public holidays: staff enter closures for them."""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import get_language


@lru_cache(maxsize=16)
def _nrw_holidays(years: tuple[int, ...], language: str) -> dict[date, str]:
    return dict(holidays.country_holidays("DE", subdiv="NW", years=years, language=language))


def holidays_between(start: date, end: date) -> dict[date, str]:
    """{day: name} for the public holidays from `start` to `end`, named in the page's language."""
    language = "de" if (get_language() or "de").startswith("de") else "en_US"
    years = tuple(range(start.year, end.year + 1))
    return {
        day: name for day, name in _nrw_holidays(years, language).items() if start <= day <= end
    }


def upcoming_holidays(today: date, *, days: int = 365) -> list[tuple[date, str]]:
    """The holidays of the coming `days` days, in date order (for staff in admin)."""
    return sorted(holidays_between(today, today + timedelta(days=days)).items())
