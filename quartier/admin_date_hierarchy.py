"""The years or months above a staff list (Django's date hierarchy) counted in one plain query.

Django finds them with SELECT DISTINCT over the truncated date of every row; SQLite runs that
truncation in Python, row by row, which took longer than all other queries of a list of 5,000
applications or bookings together. Counting the rows between the first days of the years (or
months) from the first row to the last compares stored values only. Same choices, same links;
a chosen year, month or day is Django's own."""

import datetime

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

_djangos_date_hierarchy = admin_list.date_hierarchy


def date_hierarchy_in_one_query(cl):
    field_name = cl.date_hierarchy
    if not field_name:
        return _djangos_date_hierarchy(cl)
    year_field, month_field = f"{field_name}__year", f"{field_name}__month"
    if any(cl.params.get(f"{field_name}__{part}") for part in ("year", "month", "day")):
        return _djangos_date_hierarchy(cl)
    first, last = cl.queryset.aggregate(
        first=models.Min(field_name), last=models.Max(field_name)
    ).values()
    if first is None or last is None:
        return _djangos_date_hierarchy(cl)
    with_time = isinstance(get_fields_from_path(cl.model, field_name)[-1], models.DateTimeField)
    if with_time and timezone.is_aware(first):
        first, last = timezone.localtime(first), timezone.localtime(last)

    def start(year: int, month: int = 1):
        day = datetime.date(year, month, 1)
        if not with_time:
            return day
        moment = datetime.datetime.combine(day, datetime.time.min)
        return timezone.make_aware(moment) if timezone.is_aware(first) else moment

    def link(filters: dict) -> str:
        return cl.get_query_string(filters, [f"{field_name}__"])

    if first.year != last.year:
        periods = {
            (year,): (start(year), start(year + 1)) for year in range(first.year, last.year + 1)
        }
    elif first.month != last.month:
        periods = {
            (first.year, month): (
                start(first.year, month),
                start(first.year + month // 12, month % 12 + 1),
            )
            for month in range(first.month, last.month + 1)
        }
    else:
        return _djangos_date_hierarchy(cl)  # one month: Django lists its days
    counts = cl.queryset.aggregate(
        **{
            f"p{n}": models.Count(
                "pk", filter=models.Q(**{f"{field_name}__gte": begin, f"{field_name}__lt": end})
            )
            for n, (begin, end) in enumerate(periods.values())
        }
    )
    found = [period for n, period in enumerate(periods) if counts[f"p{n}"]]
    if first.year != last.year:
        return {
            "show": True,
            "back": None,
            "choices": [
                {"link": link({year_field: str(year)}), "title": str(year)} for (year,) in found
            ],
        }
    return {
        "show": True,
        "back": {"link": link({}), "title": gettext("All dates")},
        "choices": [
            {
                "link": link({year_field: year, month_field: month}),
                "title": capfirst(
                    formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
                ),
            }
            for year, month in found
        ],
    }
