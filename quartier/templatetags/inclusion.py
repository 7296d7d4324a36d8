from datetime import datetime, time

from django import template

from consultations.enums import Weekday
from quartier.core import clock

register = template.Library()


@register.filter
def easy_time(value: time | datetime) -> str:
    """Clock times as Leichte Sprache writes them: "10 Uhr", "18:30 Uhr"."""
    if isinstance(value, datetime):
        value = clock.local(value).time()
    if value.minute:
        return f"{value.hour}:{value.minute:02d} Uhr"
    return f"{value.hour} Uhr"


@register.filter
def weekday_name(weekday: int) -> str:
    """ "Dienstag" (Leichte Sprache avoids "dienstags")."""
    return str(Weekday(weekday).label)
