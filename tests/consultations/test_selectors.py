""" "Open now / next opening" for every case the issue names, with the clock pinned in Berlin."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from consultations import selectors
from consultations.enums import ClosureKind, Weekday
from consultations.schedule import OfficeSchedule
from quartier.core import clock
from tests.factories import ClosureFactory, ConsultationHoursFactory, OfficeFactory

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def hours(office, *slots):
    for weekday, start, end in slots:
        ConsultationHoursFactory(office=office, weekday=weekday, start=start, end=end)
    return office


@pytest.fixture
def quartiersmanagement(db):
    office = OfficeFactory(short_name="Quartiersmanagement")
    return hours(
        office,
        (Weekday.TUESDAY, time(10), time(14)),
        (Weekday.WEDNESDAY, time(14), time(18)),
    )


@pytest.fixture
def jobcenter(db):
    office = OfficeFactory(short_name="Aktionsbüro Jobcenter")
    return hours(
        office,
        (Weekday.TUESDAY, time(10), time(12)),
        (Weekday.FRIDAY, time(10), time(12)),
    )


@pytest.fixture
def status_at(time_machine):
    def status(office, moment: datetime):
        time_machine.move_to(moment, tick=False)
        return selectors.office_hours(office=office).status

    return status


def test_clock_is_berlin_whatever_the_server_zone(time_machine, settings):
    settings.TIME_ZONE = "America/New_York"
    time_machine.move_to(datetime(2026, 11, 24, 23, 30, tzinfo=UTC), tick=False)

    now = clock.now()

    assert now.tzinfo == BERLIN
    assert (now.date(), now.hour) == (date(2026, 11, 25), 0)


def test_status_inside_a_slot_is_open_until_its_end(quartiersmanagement, status_at):
    status = status_at(quartiersmanagement, berlin(2026, 11, 24, 11, 30))

    assert status.is_open
    assert status.until == berlin(2026, 11, 24, 14)
    assert status.next_start is None


def test_status_at_the_first_minute_is_open_and_at_the_end_closed(quartiersmanagement, status_at):
    opening = status_at(quartiersmanagement, berlin(2026, 11, 24, 10))
    closing = status_at(quartiersmanagement, berlin(2026, 11, 24, 14))

    assert opening.is_open
    assert not closing.is_open
    assert closing.next_start == berlin(2026, 11, 25, 14)
    assert closing.next_is_tomorrow


def test_status_between_two_slots_of_the_same_day_names_today(db, status_at):
    office = hours(
        OfficeFactory(),
        (Weekday.TUESDAY, time(10), time(12)),
        (Weekday.TUESDAY, time(15), time(18, 30)),
    )

    status = status_at(office, berlin(2026, 11, 24, 13))

    assert not status.is_open
    assert status.next_start == berlin(2026, 11, 24, 15)
    assert status.next_is_today


def test_status_over_touching_slots_is_open_until_the_last_one_ends(db, status_at):
    office = hours(
        OfficeFactory(),
        (Weekday.TUESDAY, time(10), time(12)),
        (Weekday.TUESDAY, time(12), time(14)),
    )

    status = status_at(office, berlin(2026, 11, 24, 11))

    assert status.until == berlin(2026, 11, 24, 14)


@pytest.mark.parametrize(
    "moment",
    [berlin(2026, 11, 27, 12, 30), berlin(2026, 11, 28, 9), berlin(2026, 11, 29, 23, 59)],
    ids=["friday-after-last-slot", "saturday", "sunday-night"],
)
def test_status_after_the_last_slot_of_the_week_wraps_to_next_week(jobcenter, status_at, moment):
    status = status_at(jobcenter, moment)

    assert not status.is_open
    assert status.next_start == berlin(2026, 12, 1, 10)
    assert not status.next_is_today


def test_status_on_3_october_is_closed_for_the_holiday(db, status_at):
    # 3 October 2026 is a Saturday: an office with Saturday hours stays closed.
    office = hours(OfficeFactory(), (Weekday.SATURDAY, time(10), time(13)))

    status = status_at(office, berlin(2026, 10, 3, 11))

    assert not status.is_open
    assert status.today_reasons == ("Tag der Deutschen Einheit",)
    assert status.next_start == berlin(2026, 10, 10, 10)


def test_status_before_christmas_skips_the_holiday(jobcenter, status_at):
    # 25 December 2026 is a Friday, a day the Jobcenter office usually opens.
    on_christmas = status_at(jobcenter, berlin(2026, 12, 25, 11))
    day_before = status_at(jobcenter, berlin(2026, 12, 24, 13))

    assert not on_christmas.is_open
    assert on_christmas.today_reasons == ("Erster Weihnachtstag",)
    assert day_before.next_start == berlin(2026, 12, 29, 10)


def test_status_during_a_multi_day_closure_points_after_it(quartiersmanagement, status_at):
    ClosureFactory(
        office=quartiersmanagement,
        start_date=date(2027, 7, 19),
        end_date=date(2027, 8, 6),
        reason="Sommerpause",
    )

    status = status_at(quartiersmanagement, berlin(2027, 7, 20, 11))

    assert not status.is_open
    assert status.today_reasons == ("Sommerpause",)
    assert status.next_start == berlin(2027, 8, 10, 10)


def test_closure_for_the_whole_quartiersbuero_closes_every_office(
    quartiersmanagement, jobcenter, status_at
):
    ClosureFactory(office=None, start_date=date(2026, 12, 1), reason="Betriebsausflug")

    for office in (quartiersmanagement, jobcenter):
        status = status_at(office, berlin(2026, 12, 1, 11))
        assert not status.is_open
        assert status.today_reasons == ("Betriebsausflug",)


def test_closure_of_another_office_leaves_this_one_open(quartiersmanagement, jobcenter, status_at):
    ClosureFactory(office=jobcenter, start_date=date(2026, 12, 1), reason="Fortbildung")

    status = status_at(quartiersmanagement, berlin(2026, 12, 1, 11))

    assert status.is_open


def test_closure_with_times_removes_only_those_hours(quartiersmanagement, status_at):
    ClosureFactory(
        office=quartiersmanagement,
        start_date=date(2026, 12, 1),
        start_time=time(12),
        end_time=time(13),
        reason="Teamsitzung",
    )

    before = status_at(quartiersmanagement, berlin(2026, 12, 1, 11))
    during = status_at(quartiersmanagement, berlin(2026, 12, 1, 12, 30))

    assert before.until == berlin(2026, 12, 1, 12)
    assert not during.is_open
    assert during.next_start == berlin(2026, 12, 1, 13)


def test_special_opening_with_times_on_a_holiday_opens(quartiersmanagement, status_at):
    ClosureFactory(
        office=quartiersmanagement,
        kind=ClosureKind.SPECIAL_OPENING,
        start_date=date(2026, 10, 3),
        start_time=time(10),
        end_time=time(14),
        reason="Tag der offenen Tür",
    )

    status = status_at(quartiersmanagement, berlin(2026, 10, 3, 11))

    assert status.is_open
    assert status.until == berlin(2026, 10, 3, 14)


def test_special_opening_without_times_restores_the_usual_hours_on_a_holiday(jobcenter, status_at):
    ClosureFactory(
        office=jobcenter,
        kind=ClosureKind.SPECIAL_OPENING,
        start_date=date(2026, 12, 25),
        reason="Ausnahmsweise geöffnet",
    )

    status = status_at(jobcenter, berlin(2026, 12, 25, 11))

    assert status.is_open
    assert status.until == berlin(2026, 12, 25, 12)


@pytest.mark.parametrize(
    ("saturday", "tuesday", "utc_hour"),
    [
        (date(2026, 3, 28), date(2026, 3, 31), 8),  # clocks go forward on 29 March 2026
        (date(2026, 10, 24), date(2026, 10, 27), 9),  # and back on 25 October 2026
        (date(2027, 3, 27), date(2027, 3, 30), 8),
        (date(2027, 10, 30), date(2027, 11, 2), 9),
    ],
)
def test_next_opening_across_a_clock_change_keeps_the_wall_time(
    quartiersmanagement, status_at, saturday, tuesday, utc_hour
):
    status = status_at(quartiersmanagement, datetime.combine(saturday, time(12), BERLIN))

    assert status.next_start == datetime.combine(tuesday, time(10), BERLIN)
    assert status.next_start.astimezone(UTC).hour == utc_hour


@pytest.mark.parametrize(
    ("utc_moment", "is_open", "berlin_time"),
    [
        # 29 March 2026: 08:30 UTC is 10:30 summer time, inside 10–14 (in winter time: 09:30).
        (datetime(2026, 3, 29, 8, 30, tzinfo=UTC), True, berlin(2026, 3, 29, 14)),
        # 25 October 2026: 08:30 UTC is 09:30 winter time, before 10:00 (in summer time: 10:30).
        (datetime(2026, 10, 25, 8, 30, tzinfo=UTC), False, berlin(2026, 10, 25, 10)),
        (datetime(2027, 3, 28, 8, 30, tzinfo=UTC), True, berlin(2027, 3, 28, 14)),
        (datetime(2027, 10, 31, 8, 30, tzinfo=UTC), False, berlin(2027, 10, 31, 10)),
    ],
)
def test_status_on_the_day_the_clocks_change_uses_that_days_offset(
    db, status_at, utc_moment, is_open, berlin_time
):
    office = hours(OfficeFactory(), (Weekday.SUNDAY, time(10), time(14)))

    status = status_at(office, utc_moment)

    assert status.is_open is is_open
    assert (status.until if is_open else status.next_start) == berlin_time
    assert (status.until or status.next_start).utcoffset() == berlin_time.utcoffset()


def test_status_without_any_hours_is_closed_without_next(db, status_at):
    status = status_at(OfficeFactory(), berlin(2026, 11, 24, 11))

    assert not status.is_open
    assert status.next_start is None


def test_new_timetable_entered_ahead_takes_over_on_its_first_day(db, status_at):
    office = OfficeFactory()
    ConsultationHoursFactory(office=office, weekday=Weekday.TUESDAY, valid_until=date(2026, 12, 31))
    ConsultationHoursFactory(
        office=office,
        weekday=Weekday.TUESDAY,
        start=time(9),
        end=time(11),
        valid_from=date(2027, 1, 1),
    )

    old = status_at(office, berlin(2026, 12, 29, 12))
    new = status_at(office, berlin(2027, 1, 5, 10, 30))
    timetables = selectors.office_hours(office=office, now=berlin(2026, 12, 29, 12)).timetables

    assert old.until == berlin(2026, 12, 29, 14)
    assert new.until == berlin(2027, 1, 5, 11)
    assert [t.valid_from for t in timetables] == [None, date(2027, 1, 1)]


def test_coming_changes_list_closures_and_holidays_on_office_days_four_weeks_ahead(jobcenter):
    ClosureFactory(office=None, start_date=date(2026, 12, 24), reason="Heiligabend")
    ClosureFactory(office=jobcenter, start_date=date(2027, 2, 1), reason="Zu weit weg")

    changes = selectors.office_hours(office=jobcenter, now=berlin(2026, 12, 1, 9)).coming_changes

    assert [(c.start_date, c.reason, c.is_holiday) for c in changes] == [
        (date(2026, 12, 24), "Heiligabend", False),
        # 25 December 2026 is a Friday (Jobcenter day); the 26th, a Saturday, is not listed.
        (date(2026, 12, 25), "Erster Weihnachtstag", True),
    ]


def test_week_overview_marks_today_and_shows_holidays_and_closures(quartiersmanagement, jobcenter):
    ClosureFactory(office=jobcenter, start_date=date(2026, 12, 22), reason="Fortbildung")
    now = berlin(2026, 12, 22, 9)

    weeks = selectors.hours_overview(offices=[quartiersmanagement, jobcenter], now=now).weeks

    this_week, next_week = weeks
    assert (this_week.start, next_week.start) == (date(2026, 12, 21), date(2026, 12, 28))
    assert [row.day.weekday() for row in this_week.rows] == [0, 1, 2, 3, 4]
    tuesday = this_week.rows[1]
    assert tuesday.is_today
    assert not any(row.is_today for row in [*this_week.rows[:1], *this_week.rows[2:]])
    (_qm, qm_hours), (_jc, jc_hours) = tuesday.cells
    assert [i.times for i in qm_hours.intervals] == [(time(10), time(14))]
    assert not jc_hours.is_open
    assert [c.reason for c in jc_hours.closures] == ["Fortbildung"]
    assert this_week.rows[4].holiday == "Erster Weihnachtstag"


def test_week_overview_shows_a_weekend_day_only_when_someone_opens(quartiersmanagement):
    ClosureFactory(
        office=quartiersmanagement,
        kind=ClosureKind.SPECIAL_OPENING,
        start_date=date(2026, 11, 28),
        start_time=time(10),
        end_time=time(13),
        reason="Stadtteilfest",
    )

    weeks = selectors.hours_overview(
        offices=[quartiersmanagement], now=berlin(2026, 11, 24, 9)
    ).weeks

    assert [row.day for row in weeks[0].rows][-1] == date(2026, 11, 28)
    assert len(weeks[1].rows) == 5


def test_schedules_for_makes_two_queries_for_any_number_of_offices(db, django_assert_num_queries):
    offices = [OfficeFactory() for _ in range(5)]
    for office in offices:
        ConsultationHoursFactory.create_batch(3, office=office)
        ClosureFactory.create_batch(3, office=office)

    with django_assert_num_queries(2):
        schedules = selectors.schedules_for(
            offices=offices, start=date(2026, 12, 1), end=date(2026, 12, 31)
        )
        for schedule in schedules:
            list(schedule.days(date(2026, 12, 1), date(2026, 12, 31)))

    assert len(schedules) == 5
    assert all(len(s.slots) == 3 and len(s.closures) == 3 for s in schedules)


def test_lookahead_finds_the_next_opening_after_a_long_break(quartiersmanagement, status_at):
    ClosureFactory(
        office=quartiersmanagement,
        start_date=date(2027, 6, 28),
        end_date=date(2027, 6, 28) + timedelta(weeks=8),
        reason="Umbau",
    )

    status = status_at(quartiersmanagement, berlin(2027, 6, 29, 11))

    assert status.next_start == berlin(2027, 8, 24, 10)


def test_changed_days_are_computed_only_when_a_page_shows_them(quartiersmanagement, monkeypatch):
    ClosureFactory(office=None, start_date=date(2026, 12, 23), reason="Teamtag")
    now = berlin(2026, 12, 22, 9)
    asked = []
    changed_days = OfficeSchedule.changed_days
    monkeypatch.setattr(
        OfficeSchedule,
        "changed_days",
        lambda schedule, *args: asked.append(args) or changed_days(schedule, *args),
    )

    (item,) = selectors.hours_overview(offices=[quartiersmanagement], now=now).offices

    assert asked == []
    # The holidays of the next three months fall on days without hours of this office.
    assert [(d.day, d.is_open) for d in item.changed_days] == [(date(2026, 12, 23), False)]
    assert len(asked) == 1
