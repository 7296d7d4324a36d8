from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def euro(value) -> str:
    """1234.5 → "1.234,50 €" in German (grouping and comma from the active language)."""
    if value is None or value == "":
        return ""
    number = formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0€"


@register.filter
def long_date(value) -> str:
    """ "Dienstag, 16. September 2025" (and the English order in English)."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return formats.date_format(value, _("l, j. F Y"))


@register.filter
def day_month(value) -> str:
    """ "25. August" for deadlines within the year."""
    if value is None:
        return ""
    return formats.date_format(value, _("j. F"))


@register.filter
def time_of_day(value) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")
