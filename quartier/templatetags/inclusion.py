from datetime import datetime, time

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.enums import Weekday
from offices import clock

register = template.Library()


@register.filter
def duration_text(seconds: int | None) -> str:
    """125 → "2 Minuten und 5 Sekunden"."""
    if not seconds:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    minutes_text = ngettext("%(count)d Minute", "%(count)d Minuten", minutes) % {"count": minutes}
    seconds_text = ngettext("%(count)d Sekunde", "%(count)d Sekunden", rest) % {"count": rest}
    if not minutes:
        return seconds_text
    if not rest:
        return minutes_text
    return _("%(minutes)s und %(seconds)s") % {"minutes": minutes_text, "seconds": seconds_text}


@register.filter
def easy_time(value: time | datetime) -> str:
    """Clock times as Leichte Sprache writes them: "10 Uhr", "18:30 Uhr"."""
    if isinstance(value, datetime):
        value = value.astimezone(clock.BERLIN).time()
    if value.minute:
        return f"{value.hour}:{value.minute:02d} Uhr"
    return f"{value.hour} Uhr"


@register.filter
def weekday_name(weekday: int) -> str:
    """ "Dienstag" (Leichte Sprache avoids "dienstags")."""
    return str(Weekday(weekday).label)
