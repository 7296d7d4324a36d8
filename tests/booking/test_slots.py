"""The free-time computation (consultations/booking/slots.py): pure, no database. Schedules
are built from unsaved rows, exactly as selectors.booking_schedules builds them from saved
ones."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from consultations.booking.slots import (
    Occupancy,
    SlotRules,
    cells_between,
    day_cell,
    find_time,
    free_days,
    online_quota,
    parse_time_value,
    time_value,
)
from consultations.enums import ClosureKind, Weekday
from consultations.models import Closure, ConsultationHours
from consultations.public_holidays import holidays_between
from consultations.schedule import OfficeSchedule
from offices.models import Office

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = Office(pk=1, name="Quartiersmanagement", short_name="QM", slug="qm")


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def schedule(*slots, closures=(), start=date(2026, 1, 1), end=date(2027, 12, 31)):
    hours = [
        ConsultationHours(office=OFFICE, weekday=weekday, start=opens, end=closes)
        for weekday, opens, closes in slots
    ]
    return OfficeSchedule(
        office=OFFICE,
        slots=hours,
        closures=list(closures),
        holidays=holidays_between(start, end),
    )


def times_on(office_schedule, day, *, rules, now, occupancy=None, online=True):
    days = free_days(
        days=office_schedule.days(day, day),
        rules=rules,
        occupancy=occupancy or Occupancy(),
        now=now,
        online=online,
    )
    return [t.start.strftime("%H:%M") for d in days for t in d.times]


def taken(*bookings, buffer=timedelta(0)) -> Counter:
    """Seat counts per cell for bookings given as (start, minutes)."""
    counts = Counter()
    for start, minutes in bookings:
        for cell in cells_between(start, start + timedelta(minutes=minutes) + buffer):
            counts[cell] += 1
    return counts


TUESDAY_10_14 = (Weekday.TUESDAY, time(10), time(14))
NO_NOTICE = SlotRules(duration=timedelta(minutes=30), min_notice=timedelta(0))
MONDAY_EVENING = berlin(2026, 11, 30, 18)  # before Tuesday 1 December 2026


def test_times_are_laid_out_from_the_opening_every_duration():
    times = times_on(
        schedule(TUESDAY_10_14), date(2026, 12, 1), rules=NO_NOTICE, now=MONDAY_EVENING
    )

    assert times == [
        "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30",
    ]  # fmt: skip


def test_a_public_holiday_offers_no_times_unless_staff_open_specially():
    thursday = (Weekday.THURSDAY, time(10), time(12))
    corpus_christi = date(2026, 6, 4)  # Fronleichnam, a public holiday in NRW
    now = berlin(2026, 6, 1, 9)
    opening = Closure(
        office=OFFICE,
        kind=ClosureKind.SPECIAL_OPENING,
        start_date=corpus_christi,
        end_date=corpus_christi,
        reason="Offene Sprechstunde",
    )

    closed = times_on(schedule(thursday), corpus_christi, rules=NO_NOTICE, now=now)
    opened = times_on(
        schedule(thursday, closures=[opening]), corpus_christi, rules=NO_NOTICE, now=now
    )
    next_week = times_on(schedule(thursday), date(2026, 6, 11), rules=NO_NOTICE, now=now)

    assert closed == []
    assert opened == ["10:00", "10:30", "11:00", "11:30"]
    assert next_week == ["10:00", "10:30", "11:00", "11:30"]


def test_a_closure_entered_after_bookings_removes_the_remaining_times_of_those_hours():
    day = date(2026, 12, 1)
    booked = taken((berlin(2026, 12, 1, 10), 30), (berlin(2026, 12, 1, 12), 30))
    occupancy = Occupancy(type_cells=booked)
    team_meeting = Closure(
        office=OFFICE,
        start_date=day,
        end_date=day,
        start_time=time(11),
        end_time=time(13),
        reason="Teamsitzung",
    )

    before = times_on(
        schedule(TUESDAY_10_14), day, rules=NO_NOTICE, now=MONDAY_EVENING, occupancy=occupancy
    )
    after = times_on(
        schedule(TUESDAY_10_14, closures=[team_meeting]),
        day,
        rules=NO_NOTICE,
        now=MONDAY_EVENING,
        occupancy=occupancy,
    )

    assert before == ["10:30", "11:00", "11:30", "12:30", "13:00", "13:30"]
    assert after == ["10:30", "13:00", "13:30"]


def test_a_whole_day_closure_after_bookings_leaves_no_time_that_day():
    day = date(2026, 12, 1)
    closure = Closure(office=None, start_date=day, end_date=day, reason="Betriebsausflug")

    times = times_on(
        schedule(TUESDAY_10_14, closures=[closure]),
        day,
        rules=NO_NOTICE,
        now=MONDAY_EVENING,
        occupancy=Occupancy(type_cells=taken((berlin(2026, 12, 1, 10), 30))),
    )

    assert times == []


def test_on_the_night_the_clocks_go_back_an_appointment_still_lasts_its_real_length():
    sunday = date(2026, 10, 25)  # 03:00 CEST becomes 02:00 CET
    night_opening = Closure(
        office=OFFICE,
        kind=ClosureKind.SPECIAL_OPENING,
        start_date=sunday,
        end_date=sunday,
        start_time=time(1),
        end_time=time(4),
        reason="Lange Nacht",
    )
    rules = SlotRules(duration=timedelta(hours=1), min_notice=timedelta(0))

    (free,) = free_days(
        days=schedule(closures=[night_opening]).days(sunday, sunday),
        rules=rules,
        occupancy=Occupancy(),
        now=berlin(2026, 10, 24, 12),
    )

    # 01:00 to 04:00 on the wall is four real hours that night: four appointments of an hour.
    assert [t.start.astimezone(UTC).strftime("%H:%M") for t in free.times] == [
        "23:00", "00:00", "01:00", "02:00",
    ]  # fmt: skip
    assert [(t.start.strftime("%H:%M"), t.start.utcoffset()) for t in free.times] == [
        ("01:00", timedelta(hours=2)),
        ("02:00", timedelta(hours=2)),
        ("02:00", timedelta(hours=1)),
        ("03:00", timedelta(hours=1)),
    ]
    assert all(
        t.end.astimezone(UTC) - t.start.astimezone(UTC) == timedelta(hours=1) for t in free.times
    )


def test_on_the_night_the_clocks_go_forward_the_missing_hour_offers_nothing():
    sunday = date(2026, 3, 29)  # 02:00 CET becomes 03:00 CEST
    night_opening = Closure(
        office=OFFICE,
        kind=ClosureKind.SPECIAL_OPENING,
        start_date=sunday,
        end_date=sunday,
        start_time=time(1),
        end_time=time(4),
        reason="Lange Nacht",
    )
    rules = SlotRules(duration=timedelta(hours=1), min_notice=timedelta(0))

    times = times_on(
        schedule(closures=[night_opening]), sunday, rules=rules, now=berlin(2026, 3, 28, 12)
    )

    assert times == ["01:00", "03:00"]  # two real hours between 01:00 CET and 04:00 CEST


def test_the_minimum_notice_counts_real_hours_across_the_clock_change():
    sunday_slots = (Weekday.SUNDAY, time(8), time(11))
    saturday_morning = berlin(2026, 10, 24, 10)  # CEST; 24 hours later it is 09:00 CET
    rules = SlotRules(duration=timedelta(minutes=30), min_notice=timedelta(hours=24))

    times = times_on(schedule(sunday_slots), date(2026, 10, 25), rules=rules, now=saturday_morning)

    assert times == ["09:00", "09:30", "10:00", "10:30"]


def test_the_week_after_the_clock_change_keeps_its_wall_clock_times():
    (free,) = free_days(
        days=schedule(TUESDAY_10_14).days(date(2026, 10, 27), date(2026, 10, 27)),
        rules=NO_NOTICE,
        occupancy=Occupancy(),
        now=berlin(2026, 10, 26, 9),
    )

    assert free.times[0].start == berlin(2026, 10, 27, 10)
    assert free.times[0].start.astimezone(UTC).hour == 9  # CET: UTC+1


def test_the_last_time_of_the_day_may_end_at_closing_with_its_buffer_after_it():
    friday = (Weekday.FRIDAY, time(10), time(12))
    rules = SlotRules(
        duration=timedelta(minutes=30), buffer=timedelta(minutes=15), min_notice=timedelta(0)
    )

    times = times_on(schedule(friday), date(2026, 12, 4), rules=rules, now=MONDAY_EVENING)

    assert times == ["10:00", "10:45", "11:30"]  # 11:30–12:00, the pause after closing


def test_a_time_too_long_for_the_rest_of_the_hours_is_not_offered():
    friday = (Weekday.FRIDAY, time(10), time(12))
    rules = SlotRules(
        duration=timedelta(minutes=45), buffer=timedelta(minutes=15), min_notice=timedelta(0)
    )

    times = times_on(schedule(friday), date(2026, 12, 4), rules=rules, now=MONDAY_EVENING)

    assert times == ["10:00", "11:00"]  # 11:00–11:45; 12:00 would end after closing


def test_the_buffer_keeps_an_appointment_entered_at_another_time_apart_from_the_next():
    friday = (Weekday.FRIDAY, time(10), time(12))
    buffer = timedelta(minutes=15)
    rules = SlotRules(duration=timedelta(minutes=30), buffer=buffer, min_notice=timedelta(0))
    # Staff entered 10:40–11:10 for a caller; its pause runs to 11:25.
    occupancy = Occupancy(type_cells=taken((berlin(2026, 12, 4, 10, 40), 30), buffer=buffer))

    times = times_on(
        schedule(friday), date(2026, 12, 4), rules=rules, now=MONDAY_EVENING, occupancy=occupancy
    )

    # 10:00–10:30 plus its pause would reach 10:45 and touch 10:40; 10:45 overlaps it.
    assert times == ["11:30"]


def test_parallel_capacity_offers_a_time_until_every_seat_is_taken():
    rules = SlotRules(duration=timedelta(minutes=30), capacity=2, min_notice=timedelta(0))
    ten = berlin(2026, 12, 1, 10)
    day = date(2026, 12, 1)

    def ten_oclock(occupancy):
        days = free_days(
            days=schedule(TUESDAY_10_14).days(day, day),
            rules=rules,
            occupancy=occupancy,
            now=MONDAY_EVENING,
        )
        return find_time(days, ten)

    assert ten_oclock(Occupancy()).seats_left == 2
    assert ten_oclock(Occupancy(type_cells=taken((ten, 30)))).seats_left == 1
    assert ten_oclock(Occupancy(type_cells=taken((ten, 30), (ten, 30)))) is None


def test_the_office_limit_blocks_a_time_another_kind_of_appointment_took():
    rules = SlotRules(
        duration=timedelta(minutes=30), capacity=2, office_limit=1, min_notice=timedelta(0)
    )
    other_type_at_ten = Occupancy(office_cells=taken((berlin(2026, 12, 1, 10), 30)))

    times = times_on(
        schedule(TUESDAY_10_14),
        date(2026, 12, 1),
        rules=rules,
        now=MONDAY_EVENING,
        occupancy=other_type_at_ten,
    )

    assert times[0] == "10:30"


def test_the_minimum_notice_hides_times_too_soon():
    rules = SlotRules(duration=timedelta(minutes=30), min_notice=timedelta(hours=24))

    times = times_on(
        schedule(TUESDAY_10_14), date(2026, 12, 1), rules=rules, now=berlin(2026, 11, 30, 11, 10)
    )

    assert times[0] == "11:30"


def test_staff_see_times_within_the_notice_but_not_those_already_past():
    rules = SlotRules(duration=timedelta(minutes=30), min_notice=timedelta(hours=24))

    times = times_on(
        schedule(TUESDAY_10_14),
        date(2026, 12, 1),
        rules=rules,
        now=berlin(2026, 12, 1, 11, 10),
        online=False,
    )

    assert times[0] == "11:30"


def test_the_booking_window_ends_with_its_last_day():
    rules = SlotRules(duration=timedelta(minutes=30), min_notice=timedelta(0), window_days=28)
    now = berlin(2026, 12, 1, 18)  # Tuesday evening: today's times are past

    days = free_days(
        days=schedule(TUESDAY_10_14).days(date(2026, 12, 1), date(2027, 1, 31)),
        rules=rules,
        occupancy=Occupancy(),
        now=now,
    )

    assert [d.day for d in days] == [
        date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22), date(2026, 12, 29),
    ]  # fmt: skip


def test_the_share_kept_for_walk_ins_ends_online_booking_for_that_day_only():
    rules = SlotRules(duration=timedelta(minutes=30), min_notice=timedelta(0), walk_in_share=25)
    day = date(2026, 12, 1)
    occupancy = Occupancy(online_days={day_cell(day): 6})  # 8 times, 25 % kept: 6 online

    online = times_on(
        schedule(TUESDAY_10_14), day, rules=rules, now=MONDAY_EVENING, occupancy=occupancy
    )
    staff = times_on(
        schedule(TUESDAY_10_14),
        day,
        rules=rules,
        now=MONDAY_EVENING,
        occupancy=occupancy,
        online=False,
    )
    next_week = times_on(
        schedule(TUESDAY_10_14),
        date(2026, 12, 8),
        rules=rules,
        now=MONDAY_EVENING,
        occupancy=occupancy,
    )

    assert online_quota(8, rules) == 6
    assert online == []
    assert len(staff) == 8
    assert len(next_week) == 8


@pytest.mark.parametrize("moment", [berlin(2026, 12, 1, 10), berlin(2026, 10, 25, 2, 30)])
def test_a_time_survives_the_round_trip_through_a_form_value(moment):
    assert parse_time_value(time_value(moment)) == moment.astimezone(UTC)


def test_a_broken_form_value_is_no_time():
    assert parse_time_value("morgen um zehn") is None
