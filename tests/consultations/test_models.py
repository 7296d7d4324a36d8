from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from consultations.enums import Weekday
from consultations.models import AppointmentRequest, Closure, ConsultationHours
from tests.factories import (
    AppointmentRequestFactory,
    ClosureFactory,
    ConsultationHoursFactory,
    OfficeFactory,
)


def test_consultation_hours_label_is_plain_german(db):
    slot = ConsultationHoursFactory(weekday=Weekday.TUESDAY, start=time(10), end=time(14))

    assert slot.label == "dienstags 10:00–14:00 Uhr"


def test_consultation_hours_end_before_start_is_refused_by_the_database(db):
    office = OfficeFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationHours.objects.create(
            office=office, weekday=Weekday.TUESDAY, start=time(14), end=time(10)
        )


def test_consultation_hours_end_before_start_has_a_german_error_on_end(db):
    slot = ConsultationHours(
        office=OfficeFactory(), weekday=Weekday.TUESDAY, start=time(14), end=time(14)
    )

    with pytest.raises(ValidationError) as error:
        slot.full_clean()

    assert error.value.message_dict == {"end": ["Das Ende muss nach dem Beginn liegen."]}


@pytest.mark.parametrize(
    ("start", "end", "valid_from", "valid_until", "overlaps"),
    [
        (time(13), time(15), None, None, True),
        (time(9), time(10, 30), None, None, True),
        (time(14), time(16), None, None, False),  # touching is fine
        (time(8), time(10), None, None, False),
        (time(11), time(12), date(2027, 1, 1), None, False),  # a timetable entered ahead
        (time(11), time(12), date(2026, 12, 1), None, True),
    ],
)
def test_consultation_hours_overlap_in_the_same_validity_is_refused(
    db, start, end, valid_from, valid_until, overlaps
):
    existing = ConsultationHoursFactory(
        weekday=Weekday.TUESDAY, start=time(10), end=time(14), valid_until=date(2026, 12, 31)
    )
    slot = ConsultationHours(
        office=existing.office,
        weekday=Weekday.TUESDAY,
        start=start,
        end=end,
        valid_from=valid_from,
        valid_until=valid_until,
    )

    if overlaps:
        with pytest.raises(ValidationError) as error:
            slot.full_clean()
        assert error.value.messages == [
            "Diese Sprechzeit überschneidet sich mit „dienstags 10:00–14:00 Uhr“ desselben "
            "Büros. Bitte ändern Sie die Uhrzeiten oder den Gültigkeitszeitraum."
        ]
    else:
        slot.full_clean()


def test_consultation_hours_same_time_other_office_or_day_is_fine(db):
    existing = ConsultationHoursFactory(weekday=Weekday.TUESDAY)

    ConsultationHours(
        office=OfficeFactory(), weekday=Weekday.TUESDAY, start=existing.start, end=existing.end
    ).full_clean()
    ConsultationHours(
        office=existing.office, weekday=Weekday.WEDNESDAY, start=existing.start, end=existing.end
    ).full_clean()


def test_consultation_hours_editing_a_slot_does_not_overlap_itself(db):
    slot = ConsultationHoursFactory()
    slot.end = time(15)

    slot.full_clean()


def test_closure_times_only_both_or_none_in_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Closure.objects.create(
            start_date=date(2026, 12, 1),
            end_date=date(2026, 12, 1),
            start_time=time(10),
            reason="Halb",
        )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"end_date": date(2026, 11, 30)},
            "end_date",
            "Der letzte Tag darf nicht vor dem ersten liegen.",
        ),
        (
            {"start_time": time(10)},
            "end_time",
            "Geben Sie beide Uhrzeiten an oder keine (ganzer Tag).",
        ),
        (
            {"start_time": time(12), "end_time": time(11)},
            "end_time",
            "Das Ende muss nach dem Beginn liegen.",
        ),
    ],
)
def test_closure_clean_explains_what_is_wrong(db, changes, field, message):
    closure = ClosureFactory.build(office=None, start_date=date(2026, 12, 1), **changes)

    with pytest.raises(ValidationError) as error:
        closure.full_clean()

    assert error.value.message_dict[field] == [message]


def test_closure_covers_its_days_inclusive():
    closure = Closure(start_date=date(2027, 7, 19), end_date=date(2027, 8, 6))

    assert closure.covers(date(2027, 7, 19))
    assert closure.covers(date(2027, 8, 6))
    assert not closure.covers(date(2027, 8, 7))


def test_appointment_request_without_phone_and_email_is_refused_by_the_database(db):
    request = AppointmentRequestFactory.build(office=OfficeFactory(), phone="", email="")

    with pytest.raises(IntegrityError), transaction.atomic():
        request.save()
    assert not AppointmentRequest.objects.exists()
