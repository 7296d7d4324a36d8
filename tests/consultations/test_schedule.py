"""The looked-up days of a schedule (closures by day, weekly slots by weekday) give the same
hours as searching every closure and slot for each day."""

from datetime import date, time, timedelta

import pytest

from consultations import selectors
from consultations.enums import ClosureKind, Weekday
from consultations.schedule import OfficeSchedule
from tests.factories import ClosureFactory, ConsultationHoursFactory, OfficeFactory

START = date(2026, 11, 30)
END = START + timedelta(days=selectors.CALENDAR_DAYS)


def searching(schedule: OfficeSchedule) -> OfficeSchedule:
    """The same schedule, searching every closure and slot for each day."""
    copy = OfficeSchedule(
        office=schedule.office,
        slots=schedule.slots,
        closures=schedule.closures,
        holidays=schedule.holidays,
    )
    copy._closures_on = None
    copy._regular_by_weekday = {}
    return copy


@pytest.fixture
def office(db):
    office = OfficeFactory()
    ConsultationHoursFactory(office=office, weekday=Weekday.TUESDAY, start=time(10), end=time(14))
    ConsultationHoursFactory(office=office, weekday=Weekday.TUESDAY, start=time(13), end=time(16))
    ConsultationHoursFactory(
        office=office,
        weekday=Weekday.THURSDAY,
        start=time(9),
        end=time(12),
        valid_until=date(2027, 2, 28),
    )
    ConsultationHoursFactory(
        office=office,
        weekday=Weekday.THURSDAY,
        start=time(14),
        end=time(17),
        valid_from=date(2027, 3, 1),
    )
    ClosureFactory(office=office, start_date=date(2026, 12, 22), end_date=date(2027, 1, 6))
    ClosureFactory(office=None, start_date=date(2027, 2, 2), start_time=time(12), end_time=time(13))
    ClosureFactory(
        office=office,
        kind=ClosureKind.SPECIAL_OPENING,
        start_date=date(2027, 5, 27),  # Fronleichnam
        start_time=time(18),
        end_time=time(19),
        reason="Sommerfest",
    )
    return office


@pytest.mark.parametrize("long_closure", [False, True])
def test_every_day_of_a_year_has_the_hours_a_full_search_finds(office, long_closure):
    if long_closure:
        ClosureFactory(
            office=office,
            start_date=date(2026, 1, 1),
            end_date=date(2028, 12, 31),
            start_time=time(15),
            end_time=time(16),
        )

    (schedule,) = selectors.schedules_for(offices=[office], start=START, end=END)
    reference = searching(schedule)

    days = [START + timedelta(days=n) for n in range((END - START).days + 1)]
    assert [schedule.day(day) for day in days] == [reference.day(day) for day in days]
    changed = {day for day in days if reference.day(day).is_changed}
    assert schedule.changed_days(START, END) == changed
    assert {date(2026, 12, 22), date(2027, 2, 2), date(2027, 5, 27)} <= changed
