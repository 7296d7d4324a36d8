from datetime import UTC, date, datetime, time

from django.core.management import call_command

from consultations.enums import Weekday
from consultations.models import Closure, ConsultationHours
from offices.models import Office


def _hours(slug):
    return [
        (slot.weekday, slot.start, slot.end)
        for slot in ConsultationHours.objects.filter(office__slug=slug).order_by("weekday")
    ]


def test_demo_hours_are_those_of_the_article(demo_data):
    assert _hours("quartiersmanagement") == [
        (Weekday.TUESDAY, time(10), time(14)),
        (Weekday.WEDNESDAY, time(14), time(18)),
    ]
    assert _hours("jobcenter") == [
        (Weekday.TUESDAY, time(10), time(12)),
        (Weekday.FRIDAY, time(10), time(12)),
    ]
    assert _hours("donapart") == [
        (Weekday.TUESDAY, time(15), time(18, 30)),
        (Weekday.WEDNESDAY, time(14), time(18)),
    ]
    assert all(Office.objects.values_list("by_appointment", flat=True))


def test_demo_closures_are_christmas_eve_and_new_years_eve_for_everyone(db, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 12, tzinfo=UTC), tick=False)

    call_command("load_demo_data", verbosity=0)

    assert list(Closure.objects.values_list("office", "start_date", "reason")) == [
        (None, date(2026, 12, 24), "Heiligabend"),
        (None, date(2026, 12, 31), "Silvester"),
    ]


def test_demo_load_again_keeps_staff_edits_and_adds_nothing(demo_data):
    slot = ConsultationHours.objects.filter(office__slug="jobcenter").first()
    slot.note = "nur mit Termin"
    slot.save()
    ConsultationHours.objects.filter(office__slug="donapart", weekday=Weekday.WEDNESDAY).delete()
    counts = (ConsultationHours.objects.count(), Closure.objects.count())

    call_command("load_demo_data", verbosity=0)

    slot.refresh_from_db()
    assert slot.note == "nur mit Termin"
    assert (ConsultationHours.objects.count(), Closure.objects.count()) == counts
