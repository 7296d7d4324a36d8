"""Staff change how an office takes bookings without orphaning them: a changed rule or
Terminzeit lists the appointments it would leave outside the bookable times and asks first, and
so does deleting one or several (only ever the appointments of the person's own offices); a
Terminzeit without effect says why; staff move an appointment to another free time. Marks
that cannot be set say why; the Terminart filter lists only the person's offices."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from consultations.booking import services
from consultations.booking.enums import BookableTimes, BookingStatus
from consultations.booking.models import (
    AppointmentHours,
    AppointmentType,
    Booking,
    BookingRules,
)
from consultations.booking.slots import time_value
from consultations.enums import Weekday
from quartier.accounts.roles import OFFICE_STAFF
from tests.factories import (
    AppointmentTypeFactory,
    BookingRulesFactory,
    ConsultationHoursFactory,
    OfficeFactory,
    UserFactory,
    login_with_two_factors,
    staff_user,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2026, 11, 30, 9, tzinfo=BERLIN)
TUESDAY_10 = datetime(2026, 12, 1, 10, tzinfo=BERLIN)
TUESDAY_13 = datetime(2026, 12, 1, 13, tzinfo=BERLIN)


@pytest.fixture
def world(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    office = OfficeFactory(slug="jobcenter", name="Jobcenter", short_name="Jobcenter")
    ConsultationHoursFactory(office=office, weekday=Weekday.TUESDAY, start=time(10), end=time(14))
    rules = BookingRulesFactory(office=office, min_notice_hours=0)
    # Own Terminzeiten, not in use yet: Tuesdays 12–14 only.
    hours = AppointmentHours.objects.create(
        office=office, weekday=Weekday.TUESDAY, start=time(12), end=time(14)
    )
    kind = AppointmentTypeFactory(office=office, name="Beratung")
    early = services.booking_create(
        appointment_type=kind, start=TUESDAY_10, name="Erna Früh", email="erna@example.org"
    )
    late = services.booking_create(
        appointment_type=kind, start=TUESDAY_13, name="Lars Spät", phone="0231 1234567"
    )
    return {"office": office, "rules": rules, "hours": hours, "early": early, "late": late}


@pytest.fixture
def staff_client(client, world):
    login_with_two_factors(client, staff_user(role=OFFICE_STAFF, offices=[world["office"]]))
    return client


def rules_data(world, bookable_times):
    rules = world["rules"]
    return {
        "office": world["office"].pk,
        "bookable_times": bookable_times,
        "buffer_minutes": rules.buffer_minutes,
        "min_notice_hours": rules.min_notice_hours,
        "window_days": rules.window_days,
        "walk_in_share": rules.walk_in_share,
        "parallel_limit": "",
        "max_open_per_contact": rules.max_open_per_contact,
        "_save": "Sichern",
    }


def test_switching_the_rule_lists_the_bookings_it_orphans_and_saves_only_when_confirmed(
    staff_client, world
):
    url = f"/admin/booking/bookingrules/{world['rules'].pk}/change/"
    data = rules_data(world, BookableTimes.APPOINTMENT_HOURS)

    asked = staff_client.post(url, data)

    page = asked.content.decode()
    assert asked.status_code == 200
    assert "1 gebuchter Termin läge danach außerhalb der buchbaren Zeiten." in page
    assert "Erna Früh" in page
    assert "Lars Spät" not in page  # 13:00 stays inside the Terminzeit 12–14
    assert BookingRules.objects.get().bookable_times == BookableTimes.CONSULTATION_HOURS

    confirmed = staff_client.post(url, {**data, "_betroffene_termine_bestaetigt": "1"})

    assert confirmed.status_code == 302
    assert BookingRules.objects.get().bookable_times == BookableTimes.APPOINTMENT_HOURS


def test_a_change_that_orphans_nothing_saves_at_once(staff_client, world):
    world["early"].delete()
    url = f"/admin/booking/bookingrules/{world['rules'].pk}/change/"

    response = staff_client.post(url, rules_data(world, BookableTimes.APPOINTMENT_HOURS))

    assert response.status_code == 302
    assert BookingRules.objects.get().bookable_times == BookableTimes.APPOINTMENT_HOURS


def test_shortening_a_terminzeit_in_use_asks_first(staff_client, world):
    rules = world["rules"]
    rules.bookable_times = BookableTimes.APPOINTMENT_HOURS
    rules.save()
    world["early"].delete()
    url = f"/admin/booking/appointmenthours/{world['hours'].pk}/change/"
    data = {
        "office": world["office"].pk,
        "weekday": Weekday.TUESDAY,
        "start": "12:00",
        "end": "13:00",
        "note": "",
        "valid_from": "",
        "valid_until": "",
        "_save": "Sichern",
    }

    asked = staff_client.post(url, data)

    assert "Lars Spät" in asked.content.decode()
    assert AppointmentHours.objects.get().end == time(14)


def book_by_terminzeiten(office):
    rules = BookingRules.objects.get(office=office)
    rules.bookable_times = BookableTimes.APPOINTMENT_HOURS
    rules.save()


def test_deleting_a_terminzeit_in_use_lists_its_bookings_and_deletes_only_when_confirmed(
    staff_client, world
):
    book_by_terminzeiten(world["office"])
    late = world["late"]
    url = f"/admin/booking/appointmenthours/{world['hours'].pk}/delete/"

    asked = staff_client.get(url).content.decode()

    assert "1 gebuchter Termin läge danach außerhalb der buchbaren Zeiten." in asked
    assert "Noch ist nichts gelöscht." in asked
    assert "bleiben diese Termine gebucht" in asked
    assert "Dienstag, 1. Dezember 2026, 13:00–" in asked
    assert "Beratung (Jobcenter)" in asked
    assert "Lars Spät" in asked
    assert "Erna Früh" not in asked  # 10:00 was outside the Terminzeit already
    assert f"/admin/booking/booking/{late.pk}/verschieben/" in asked
    assert f"/admin/booking/booking/{late.pk}/absagen/?next={url}" in asked  # back here
    assert AppointmentHours.objects.filter(pk=world["hours"].pk).exists()

    deleted = staff_client.post(url, {"post": "yes"}, follow=True).content.decode()

    assert not AppointmentHours.objects.exists()
    assert "1 gebuchter Termin liegt jetzt außerhalb der buchbaren Zeiten" in deleted
    assert Booking.objects.get(pk=late.pk).is_open  # still booked: staff move or cancel it


def test_deleting_several_terminzeiten_lists_the_bookings_of_all_of_them(staff_client, world):
    book_by_terminzeiten(world["office"])
    thursday = AppointmentHours.objects.create(
        office=world["office"], weekday=Weekday.THURSDAY, start=time(9), end=time(11)
    )
    services.booking_create(
        appointment_type=AppointmentType.objects.get(name="Beratung"),
        start=datetime(2026, 12, 3, 9, tzinfo=BERLIN),
        name="Theo Donnerstag",
        phone="0231 7654321",
    )
    selected = {"action": "delete_selected", "_selected_action": [world["hours"].pk, thursday.pk]}

    asked = staff_client.post("/admin/booking/appointmenthours/", selected).content.decode()

    assert "2 gebuchte Termine lägen danach außerhalb der buchbaren Zeiten." in asked
    assert asked.index("Lars Spät") < asked.index("Theo Donnerstag")  # by date
    assert AppointmentHours.objects.count() == 2

    deleted = staff_client.post(
        "/admin/booking/appointmenthours/", {**selected, "post": "yes"}, follow=True
    ).content.decode()

    assert not AppointmentHours.objects.exists()
    assert "2 gebuchte Termine liegen jetzt außerhalb der buchbaren Zeiten" in deleted


def book_tuesday_noon(name):
    return services.booking_create(
        appointment_type=AppointmentType.objects.get(name="Beratung"),
        start=datetime(2026, 12, 1, 12, tzinfo=BERLIN),
        name=name,
        phone="0231 1111111",
    )


def test_a_booking_made_after_the_delete_page_was_opened_is_shown_before_deleting(
    staff_client, world
):
    book_by_terminzeiten(world["office"])
    url = f"/admin/booking/appointmenthours/{world['hours'].pk}/delete/"
    staff_client.get(url)
    book_tuesday_noon("Nina Neu")  # while the page stood open

    confirmed = staff_client.post(url, {"post": "yes"})
    asked_again = staff_client.get(confirmed["Location"]).content.decode()

    assert confirmed["Location"] == url
    assert AppointmentHours.objects.filter(pk=world["hours"].pk).exists()
    assert "Seit Sie diese Seite geöffnet haben" in asked_again
    assert "2 gebuchte Termine lägen danach" in asked_again
    assert "Nina Neu" in asked_again

    staff_client.post(url, {"post": "yes"})

    assert not AppointmentHours.objects.exists()


def test_a_booking_made_after_the_bulk_delete_page_was_opened_is_shown_before_deleting(
    staff_client, world
):
    book_by_terminzeiten(world["office"])
    selected = {"action": "delete_selected", "_selected_action": [world["hours"].pk]}
    staff_client.post("/admin/booking/appointmenthours/", selected)
    book_tuesday_noon("Nina Neu")

    asked_again = staff_client.post(
        "/admin/booking/appointmenthours/", {**selected, "post": "yes"}
    ).content.decode()

    assert AppointmentHours.objects.filter(pk=world["hours"].pk).exists()
    assert "Seit Sie diese Seite geöffnet haben" in asked_again
    assert "Nina Neu" in asked_again

    staff_client.post("/admin/booking/appointmenthours/", {**selected, "post": "yes"})

    assert not AppointmentHours.objects.exists()


@pytest.mark.parametrize("bookable_times", list(BookableTimes))
def test_deleting_a_terminzeit_that_orphans_nothing_asks_as_plainly_as_before(
    staff_client, world, bookable_times
):
    # By consultation hours the Terminzeit has no effect; by Terminzeiten this one is empty.
    rules = world["rules"]
    rules.bookable_times = bookable_times
    rules.save()
    thursday = AppointmentHours.objects.create(
        office=world["office"], weekday=Weekday.THURSDAY, start=time(9), end=time(11)
    )
    single = staff_client.get(f"/admin/booking/appointmenthours/{thursday.pk}/delete/")
    bulk = staff_client.post(
        "/admin/booking/appointmenthours/",
        {"action": "delete_selected", "_selected_action": [thursday.pk]},
    )

    for page in (single.content.decode(), bulk.content.decode()):
        assert 'name="post" value="yes"' in page  # Django's own question
        assert "außerhalb der buchbaren Zeiten" not in page
        assert "Noch ist nichts gelöscht" not in page
        assert "Lars Spät" not in page


def test_deleting_never_shows_another_offices_bookings(staff_client, world):
    book_by_terminzeiten(world["office"])
    caritas = OfficeFactory(slug="caritas", name="Caritas", short_name="Caritas")
    BookingRulesFactory(
        office=caritas, min_notice_hours=0, bookable_times=BookableTimes.APPOINTMENT_HOURS
    )
    their_hours = AppointmentHours.objects.create(
        office=caritas, weekday=Weekday.TUESDAY, start=time(12), end=time(14)
    )
    services.booking_create(
        appointment_type=AppointmentTypeFactory(office=caritas, name="Schuldnerberatung"),
        start=TUESDAY_13,
        name="Olga Anders",
        email="olga@example.org",
    )
    selected = {
        "action": "delete_selected",
        "_selected_action": [world["hours"].pk, their_hours.pk],
    }

    bulk = staff_client.post("/admin/booking/appointmenthours/", selected).content.decode()
    single = staff_client.get(f"/admin/booking/appointmenthours/{their_hours.pk}/delete/")
    staff_client.post("/admin/booking/appointmenthours/", {**selected, "post": "yes"})

    assert "Lars Spät" in bulk
    assert "1 gebuchter Termin läge danach" in bulk
    assert "Olga Anders" not in bulk
    assert single.status_code == 403
    assert "Olga Anders" not in single.content.decode()
    assert list(AppointmentHours.objects.all()) == [their_hours]


def test_deleting_the_booking_rules_lists_what_the_consultation_hours_leave_out(client, world):
    book_by_terminzeiten(world["office"])
    AppointmentHours.objects.create(
        office=world["office"], weekday=Weekday.THURSDAY, start=time(9), end=time(11)
    )
    services.booking_create(
        appointment_type=AppointmentType.objects.get(name="Beratung"),
        start=datetime(2026, 12, 3, 9, tzinfo=BERLIN),
        name="Theo Donnerstag",
        phone="0231 7654321",
    )
    # Only a superuser may delete rules; without them the office books by consultation hours
    # (Tuesdays 10–14 here: no Thursday).
    login_with_two_factors(client, UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/booking/bookingrules/{world['rules'].pk}/delete/")

    assert "1 gebuchter Termin läge danach" in page.content.decode()
    assert "Theo Donnerstag" in page.content.decode()
    assert "Lars Spät" not in page.content.decode()


def test_a_terminzeit_without_effect_says_why(staff_client, world):
    response = staff_client.post(
        "/admin/booking/appointmenthours/add/",
        {
            "office": world["office"].pk,
            "weekday": Weekday.THURSDAY,
            "start": "09:00",
            "end": "11:00",
            "note": "",
            "valid_from": "",
            "valid_until": "",
            "_save": "Sichern",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Diese Terminzeit wirkt noch nicht" in page
    assert "Zu eigenen Terminzeiten" in page


def test_staff_move_a_booking_and_the_resident_gets_the_moved_mail(
    staff_client, world, django_capture_on_commit_callbacks
):
    booking = world["early"]
    url = f"/admin/booking/booking/{booking.pk}/verschieben/"
    new_start = datetime(2026, 12, 1, 11, tzinfo=BERLIN)
    change = staff_client.get(f"/admin/booking/booking/{booking.pk}/change/").content.decode()

    page = staff_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"start": time_value(new_start)})

    booking.refresh_from_db()
    assert url in change
    assert time_value(new_start) in page
    assert time_value(TUESDAY_10) not in page  # its own time is no choice
    assert response.status_code == 302
    assert booking.starts_at == new_start
    assert booking.status == BookingStatus.BOOKED
    moved = [m for m in mail.outbox if m.to == ["erna@example.org"] and m.attachments]
    assert "11:00" in moved[-1].body
    assert moved[-1].attachments[0][0] == "termin.ics"


def test_a_past_or_cancelled_booking_cannot_be_moved(staff_client, world):
    booking = services.booking_cancel(booking=world["early"], reason="krank", by=None)
    url = f"/admin/booking/booking/{booking.pk}/verschieben/"

    response = staff_client.post(
        url, {"start": time_value(datetime(2026, 12, 1, 11, tzinfo=BERLIN))}
    )

    booking.refresh_from_db()
    assert response.status_code == 302
    assert booking.starts_at == TUESDAY_10


def test_marking_a_future_booking_says_why_nothing_was_marked(staff_client, world):
    response = staff_client.post(
        "/admin/booking/booking/",
        {"action": "mark_no_show", "_selected_action": [world["early"].pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "0 Termine als „Nicht erschienen“ markiert." in page
    assert "Markieren geht erst am Tag des Termins" in page


def test_the_type_filter_lists_only_the_types_of_my_offices(staff_client, world):
    AppointmentTypeFactory(office=OfficeFactory(short_name="Caritas"), name="Schuldnerberatung")

    page = staff_client.get("/admin/booking/booking/").content.decode()

    assert "Beratung (Jobcenter)" in page
    assert "Schuldnerberatung" not in page


@pytest.mark.parametrize("model", ["bookingrules", "appointmenthours", "appointmenttype"])
def test_the_other_booking_forms_keep_their_save_button(staff_client, world, model):
    # The booking's own page has no save button (its actions are the services'); the
    # template is the booking's alone, not the whole app's.
    page = staff_client.get(f"/admin/booking/{model}/add/").content.decode()

    assert 'name="_save"' in page


def test_the_other_booking_lists_keep_their_add_button(staff_client, world):
    page = staff_client.get("/admin/booking/appointmenthours/").content.decode()

    assert "/admin/booking/appointmenthours/add/" in page
