"""Demo content for this app, loaded by `manage.py load_demo_data` after the offices: the
consultation hours from the newspaper article and the Christmas closures."""

from datetime import date, time

from consultations import services
from consultations.enums import ClosureKind, Weekday
from consultations.models import Closure, ConsultationHours
from offices.models import Office
from quartier.core import clock

HOURS = {
    "quartiersmanagement": [
        (Weekday.TUESDAY, time(10), time(14)),
        (Weekday.WEDNESDAY, time(14), time(18)),
    ],
    "jobcenter": [
        (Weekday.TUESDAY, time(10), time(12)),
        (Weekday.FRIDAY, time(10), time(12)),
    ],
    "donapart": [
        (Weekday.TUESDAY, time(15), time(18, 30)),
        (Weekday.WEDNESDAY, time(14), time(18)),
    ],
}

# 24 and 31 December are no public holidays, so the closures are entered like staff would.
CLOSURES = [((12, 24), "Heiligabend"), ((12, 31), "Silvester")]


def load() -> None:
    """Create what is missing; never overwrite what staff have edited since."""
    offices = Office.objects.filter(slug__in=HOURS)
    offices_with_hours = set(
        ConsultationHours.objects.filter(office__in=offices).values_list("office_id", flat=True)
    )
    for office in offices:
        if office.pk in offices_with_hours:
            continue  # staff own this timetable now
        for weekday, start, end in HOURS[office.slug]:
            services.consultation_hours_create(office=office, weekday=weekday, start=start, end=end)
    year = clock.today().year
    for (month, day), reason in CLOSURES:
        closure_day = date(year, month, day)
        if not Closure.objects.filter(office=None, start_date=closure_day).exists():
            services.closure_create(
                office=None, reason=reason, start_date=closure_day, kind=ClosureKind.CLOSED
            )
