from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from quartier.core import clock
from quartier.core.formatting import hhmm, iso_moment, long_date, long_date_time

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """A full address for messengers and feeds; MEDIA_URL on another host stays as it is."""
    return context["request"].build_absolute_uri(url)


@register.simple_tag
def event_when(announcement) -> SafeString:
    """When an event takes place, in words, as a `<time>`: "Samstag, 9. Mai 2026, 11:00 bis
    16:00 Uhr", or with both days when it ends on another. A tag rather than an included
    template with Django's date filters: the home page shows six (events and news cards)."""
    start, end = announcement.event_start, announcement.event_end
    if clock.local_date(start) == clock.local_date(end):
        text = _("%(day)s, %(start)s bis %(end)s Uhr") % {
            "day": conditional_escape(long_date(start)),
            "start": hhmm(start),
            "end": hhmm(end),
        }
    else:
        text = _("%(start)s Uhr bis %(end)s Uhr") % {
            "start": conditional_escape(long_date_time(start)),
            "end": conditional_escape(long_date_time(end)),
        }
    # The translation as it stands, the dates escaped: as `{% blocktranslate %}` writes it.
    return mark_safe(f'<time datetime="{iso_moment(start)}">{text}</time>')  # noqa: S308
