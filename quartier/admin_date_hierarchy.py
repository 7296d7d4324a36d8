"""The years, months or days above a staff list (Django's date hierarchy) in one plain query.

Django finds them with SELECT DISTINCT over the truncated date of every row; SQLite runs that
truncation in Python, row by row, which took longer than all other queries of a list of 5,000
applications or bookings together. Counting the rows between the first moments of the years
(months, days) from the first row to the last compares stored values only. Same choices, same
links; a chosen year, month or day is Django's own."""

import datetime
import itertools

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

_djangos_date_hierarchy = admin_list.date_hierarchy


def date_hierarchy_in_one_query(cl):
    field_name = cl.date_hierarchy
    if not field_name or any(
        cl.params.get(f"{field_name}__{part}") for part in ("year", "month", "day")
    ):
        return _djangos_date_hierarchy(cl)
    first, last = cl.queryset.aggregate(
        first=models.Min(field_name), last=models.Max(field_name)
    ).values()
    if first is None or last is None:
        return _djangos_date_hierarchy(cl)
    with_time = isinstance(get_fields_from_path(cl.model, field_name)[-1], models.DateTimeField)
    aware = with_time and timezone.is_aware(first)
    if aware:
        first, last = timezone.localtime(first), timezone.localtime(last)
    first_day = first.date() if with_time else first
    last_day = last.date() if with_time else last

    def begin(day: datetime.date):
        if not with_time:
            return day
        moment = datetime.datetime.combine(day, datetime.time.min)
        return timezone.make_aware(moment) if aware else moment

    # As Django: the years; within one year its months; within one month its days.
    if first.year != last.year:
        days = [datetime.date(year, 1, 1) for year in range(first.year, last.year + 2)]
    elif first.month != last.month:
        days = [datetime.date(first.year, month, 1) for month in range(first.month, last.month + 1)]
        days.append(datetime.date(first.year + last.month // 12, last.month % 12 + 1, 1))
    else:
        days = [
            first_day + datetime.timedelta(days=n) for n in range((last_day - first_day).days + 2)
        ]
    counts = cl.queryset.aggregate(
        **{
            f"p{n}": models.Count(
                "pk",
                filter=models.Q(
                    **{f"{field_name}__gte": begin(day), f"{field_name}__lt": begin(following)}
                ),
            )
            for n, (day, following) in enumerate(itertools.pairwise(days))
        }
    )
    found = [day for n, day in enumerate(days[:-1]) if counts[f"p{n}"]]
    year_field, month_field = f"{field_name}__year", f"{field_name}__month"

    def link(filters: dict) -> str:
        return cl.get_query_string(filters, [f"{field_name}__"])

    if first.year != last.year:
        back = None
        choices = [
            {"link": link({year_field: str(day.year)}), "title": str(day.year)} for day in found
        ]
    elif first.month != last.month:
        back = {"link": link({}), "title": gettext("All dates")}
        choices = [
            {
                "link": link({year_field: day.year, month_field: day.month}),
                "title": capfirst(formats.date_format(day, "YEAR_MONTH_FORMAT")),
            }
            for day in found
        ]
    else:
        back = {"link": link({year_field: first.year}), "title": str(first.year)}
        choices = [
            {
                "link": link(
                    {
                        year_field: first.year,
                        month_field: first.month,
                        f"{field_name}__day": day.day,
                    }
                ),
                "title": capfirst(formats.date_format(day, "MONTH_DAY_FORMAT")),
            }
            for day in found
        ]
    return {"show": True, "back": back, "choices": choices}
