"""Online booking in the admin: every page opens, staff of one office see only their own
bookings, and the staff actions (enter, cancel with a reason, mark, closures) work."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.booking import services
from consultations.booking.enums import BookingChannel, BookingStatus
from consultations.booking.models import AppointmentTypeTranslation, Booking
from consultations.booking.slots import time_value
from consultations.enums import Weekday
from quartier.accounts.roles import OFFICE_STAFF
from tests.factories import (
    AppointmentTypeFactory,
    BookingFactory,
    BookingRulesFactory,
    ConsultationHoursFactory,
    OfficeFactory,
    UserFactory,
    login_with_two_factors,
    staff_user,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2026, 11, 30, 9, tzinfo=BERLIN)
TUESDAY_10 = datetime(2026, 12, 1, 10, tzinfo=BERLIN)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    return MONDAY_MORNING


@pytest.fixture
def world(db, now):
    offices = {}
    for slug, name in [("quartiersmanagement", "QM Westerfilde"), ("jobcenter", "Jobcenter")]:
        office = OfficeFactory(slug=slug, name=name, short_name=name)
        ConsultationHoursFactory(
            office=office, weekday=Weekday.TUESDAY, start=time(10), end=time(14)
        )
        BookingRulesFactory(office=office, min_notice_hours=0)
        offices[slug] = office
    qm_type = AppointmentTypeFactory(office=offices["quartiersmanagement"], name="QM-Beratung")
    jc_type = AppointmentTypeFactory(office=offices["jobcenter"], name="JC-Beratung")
    qm_booking = services.booking_create(
        appointment_type=qm_type, start=TUESDAY_10, name="Qira Quartier", email="q@example.org"
    )
    jc_booking = services.booking_create(
        appointment_type=jc_type, start=TUESDAY_10, name="Jana Job", email="j@example.org"
    )
    return {
        "offices": offices,
        "qm_type": qm_type,
        "jc_type": jc_type,
        "qm_booking": qm_booking,
        "jc_booking": jc_booking,
        "jobcenter_staff": staff_user(role=OFFICE_STAFF, offices=[offices["jobcenter"]]),
    }


@pytest.fixture
def admin_client(client, db):
    login_with_two_factors(client, UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def jobcenter_client(client, world):
    client.force_login(world["jobcenter_staff"])
    return client


@pytest.mark.parametrize(
    "model", ["appointmenttype", "bookingrules", "appointmenthours", "booking"]
)
def test_admin_changelist_and_change_form_open(admin_client, world, model):
    from consultations.booking.models import AppointmentHours

    obj = {
        "appointmenttype": world["qm_type"],
        "bookingrules": world["offices"]["quartiersmanagement"].booking_rules,
        "appointmenthours": AppointmentHours.objects.create(
            office=world["offices"]["jobcenter"],
            weekday=Weekday.THURSDAY,
            start=time(9),
            end=time(12),
        ),
        "booking": world["qm_booking"],
    }[model]

    changelist = admin_client.get(f"/admin/booking/{model}/")
    change = admin_client.get(f"/admin/booking/{model}/{obj.pk}/change/")

    assert changelist.status_code == 200
    assert change.status_code == 200
    assert str(obj.office.short_name) in change.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/booking/booking/plan/",
        "/admin/booking/booking/plan/?ansicht=woche&tag=2026-12-01",
        "/admin/booking/booking/eintragen/",
        "/admin/booking/booking/statistik/",
    ],
)
def test_admin_booking_pages_open(admin_client, world, path):
    response = admin_client.get(path)

    assert response.status_code == 200
    assert "Termin" in response.content.decode()


def test_the_day_plan_lists_the_bookings_with_their_actions(admin_client, world):
    office = world["offices"]["quartiersmanagement"]

    html = admin_client.get(
        f"/admin/booking/booking/plan/?buero={office.pk}&tag=2026-12-01"
    ).content.decode()

    assert "Dienstag, 1. Dezember 2026" in html
    assert "Buchbar: 10:00–14:00 Uhr" in html
    assert "Qira Quartier" in html
    assert "Jana Job" not in html
    assert "10:00–10:30" in html
    assert f"/admin/booking/booking/{world['qm_booking'].pk}/absagen/" in html
    assert "admin-booking.css" in html  # prints for the counter


def test_the_add_button_leads_to_entering_an_appointment(admin_client, world):
    response = admin_client.get("/admin/booking/booking/add/")

    assert response["Location"] == "/admin/booking/booking/eintragen/"


def test_staff_enter_an_appointment_for_a_caller(
    admin_client, world, django_capture_on_commit_callbacks
):
    qm_type = world["qm_type"]
    url = f"/admin/booking/booking/eintragen/?art={qm_type.pk}"
    later = TUESDAY_10 + timedelta(hours=1)

    shown = admin_client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "start": time_value(later),
                "channel": BookingChannel.PHONE,
                "name": "Paul Anrufer",
                "phone": "0231 555",
                "email": "",
                "topic": "",
                "language": "de",
                "privacy_consent": "on",
            },
        )

    booking = Booking.objects.get(name="Paul Anrufer")
    assert time_value(later) in shown.content.decode()
    assert response.status_code == 302
    assert "/admin/booking/booking/plan/" in response["Location"]
    assert booking.channel == BookingChannel.PHONE
    assert booking.created_by.username == "admin"
    assert booking.starts_at == later


def test_staff_entering_without_consent_see_the_error_and_nothing_is_stored(admin_client, world):
    url = f"/admin/booking/booking/eintragen/?art={world['qm_type'].pk}"

    response = admin_client.post(
        url, {"start": time_value(TUESDAY_10 + timedelta(hours=1)), "name": "Paul"}
    )

    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()
    assert not Booking.objects.filter(name="Paul").exists()


def test_staff_cancel_with_a_reason_and_the_resident_is_told(
    admin_client, world, django_capture_on_commit_callbacks
):
    booking = world["qm_booking"]
    url = f"/admin/booking/booking/{booking.pk}/absagen/"
    services_mail = len(mail.outbox)

    page = admin_client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"reason": "Die Beraterin ist krank.", "notify": "on"})

    booking.refresh_from_db()
    assert "Grund der Absage" in page.content.decode()
    assert response.status_code == 302
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancel_reason == "Die Beraterin ist krank."
    notices = [m for m in mail.outbox[services_mail:] if "muss leider ausfallen" in m.subject]
    assert [m.to for m in notices] == [["q@example.org"]]
    assert "Die Beraterin ist krank." in notices[0].body


def test_staff_mark_erschienen_and_nicht_erschienen_on_the_day(admin_client, world, time_machine):
    booking = world["qm_booking"]
    url = f"/admin/booking/booking/{booking.pk}/status/nicht_erschienen/"

    too_early = admin_client.post(url, follow=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert "erst am Tag des Termins" in too_early.content.decode()

    time_machine.move_to(TUESDAY_10 + timedelta(hours=2), tick=False)
    admin_client.post(url)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert admin_client.get(url).status_code == 405


def test_the_list_action_marks_several_bookings(admin_client, world, time_machine):
    time_machine.move_to(TUESDAY_10 + timedelta(hours=2), tick=False)
    ids = [world["qm_booking"].pk, world["jc_booking"].pk]

    admin_client.post(
        "/admin/booking/booking/",
        {"action": "mark_attended", "_selected_action": ids},
    )

    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.ATTENDED}


def test_the_no_show_statistic_shows_the_rate_per_month(admin_client, world, time_machine):
    for status in [BookingStatus.ATTENDED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW]:
        BookingFactory(
            appointment_type=world["qm_type"],
            starts_at=datetime(2026, 11, 3, 10, tzinfo=BERLIN),
            status=status,
        )

    html = admin_client.get("/admin/booking/booking/statistik/").content.decode()
    row = html[html.index("November 2026") :]
    row = row[: row.index("</tr>")]

    assert re.findall(r'class="numeric">([^<]+)<', row) == ["3", "2", "1", "0", "33 %"]


def test_a_closure_over_booked_appointments_lists_them_and_notifies_on_request(
    admin_client, world, django_capture_on_commit_callbacks
):
    office = world["offices"]["quartiersmanagement"]
    before = len(mail.outbox)

    saved = admin_client.post(
        "/admin/consultations/closure/add/",
        {
            "office": office.pk,
            "kind": "geschlossen",
            "reason": "Betriebsausflug",
            "start_date": "2026-12-01",
            "end_date": "2026-12-01",
        },
    )
    listed = admin_client.get(saved["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(saved["Location"], {"termin": [world["qm_booking"].pk]})

    assert "/betroffene-termine/" in saved["Location"]
    assert "Qira Quartier" in listed.content.decode()
    assert "Jana Job" not in listed.content.decode()
    world["qm_booking"].refresh_from_db()
    world["jc_booking"].refresh_from_db()
    assert world["qm_booking"].status == BookingStatus.CANCELLED
    assert world["qm_booking"].cancel_reason == "Betriebsausflug"
    assert world["jc_booking"].status == BookingStatus.BOOKED
    assert any("Betriebsausflug" in m.body for m in mail.outbox[before:])


def test_a_closure_without_bookings_saves_as_usual(admin_client, world):
    response = admin_client.post(
        "/admin/consultations/closure/add/",
        {
            "office": world["offices"]["quartiersmanagement"].pk,
            "kind": "geschlossen",
            "reason": "Sommerpause",
            "start_date": "2026-12-09",
            "end_date": "2026-12-09",
        },
    )

    assert response["Location"] == "/admin/consultations/closure/"


# --- Jobcenter staff cannot see the Quartiersmanagement's bookings ---


def test_jobcenter_staff_list_only_their_own_bookings(jobcenter_client, world):
    html = jobcenter_client.get("/admin/booking/booking/").content.decode()

    assert "Jana Job" in html
    assert "Qira Quartier" not in html


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/booking/booking/{qm}/change/"),
        ("get", "/admin/booking/booking/{qm}/absagen/"),
        ("post", "/admin/booking/booking/{qm}/absagen/"),
        ("post", "/admin/booking/booking/{qm}/status/erschienen/"),
        ("get", "/admin/booking/appointmenttype/{qm_type}/change/"),
    ],
)
def test_jobcenter_staff_cannot_open_or_change_a_qm_booking(jobcenter_client, world, method, path):
    url = path.format(qm=world["qm_booking"].pk, qm_type=world["qm_type"].pk)

    response = getattr(jobcenter_client, method)(url, {"reason": "gekapert"})

    assert response.status_code in {403, 404}
    world["qm_booking"].refresh_from_db()
    assert world["qm_booking"].status == BookingStatus.BOOKED


def test_jobcenter_staff_plans_statistics_and_booking_forms_show_only_their_office(
    jobcenter_client, world
):
    qm = world["offices"]["quartiersmanagement"]

    plan = jobcenter_client.get(
        f"/admin/booking/booking/plan/?buero={qm.pk}&tag=2026-12-01"
    ).content.decode()
    book = jobcenter_client.get("/admin/booking/booking/eintragen/").content.decode()
    other_type = jobcenter_client.get(
        f"/admin/booking/booking/eintragen/?art={world['qm_type'].pk}"
    ).content.decode()

    assert "Jana Job" in plan
    assert "Qira Quartier" not in plan
    assert "JC-Beratung" in book
    assert "QM-Beratung" not in book
    assert "Freie Zeiten ab" not in other_type


def test_jobcenter_staff_cannot_cancel_qm_bookings_through_a_closure(jobcenter_client, world):
    from consultations.models import Closure

    closure = Closure.objects.create(
        office=world["offices"]["quartiersmanagement"],
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 1),
        reason="Betriebsausflug",
    )
    url = f"/admin/consultations/closure/{closure.pk}/betroffene-termine/"

    response = jobcenter_client.post(url, {"termin": [world["qm_booking"].pk]})

    assert response.status_code == 403
    world["qm_booking"].refresh_from_db()
    assert world["qm_booking"].status == BookingStatus.BOOKED


def test_office_staff_may_look_after_their_appointment_types_and_bookings(world):
    user = world["jobcenter_staff"]

    assert user.has_perm("booking.change_appointmenttype")
    assert user.has_perm("booking.change_bookingrules")
    assert user.has_perm("booking.add_booking")
    assert not user.has_perm("booking.delete_booking")


def test_office_staff_translate_their_own_appointment_types(client, world):
    login_with_two_factors(client, world["jobcenter_staff"])
    jc_type = world["jc_type"]
    form = {
        "office": jc_type.office_id,
        "name": jc_type.name,
        "duration_minutes": jc_type.duration_minutes,
        "mode": jc_type.mode,
        "capacity": jc_type.capacity,
        "active": "on",
        "ordering": 0,
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-0-language": "tr",
        "translations-0-name": "Vatandaş parası danışmanlığı",
        "translations-0-what_to_bring": "Kimlik kartı",
    }

    page = client.get(f"/admin/booking/appointmenttype/{jc_type.pk}/change/").content.decode()
    own = client.post(f"/admin/booking/appointmenttype/{jc_type.pk}/change/", form)
    other = client.post(
        f"/admin/booking/appointmenttype/{world['qm_type'].pk}/change/",
        {**form, "office": world["qm_type"].office_id, "translations-0-language": "ar"},
    )

    assert "leer gelassene Felder erscheinen auf Deutsch" in page
    assert own.status_code == 302
    assert other.status_code in (403, 404)
    assert [
        (t.appointment_type, t.language, t.what_to_bring)
        for t in (AppointmentTypeTranslation.objects.all())
    ] == [(jc_type, "tr", "Kimlik kartı")]


def test_the_terminzeiten_list_shows_the_coming_nrw_holidays(admin_client, world):
    """The offices close on public holidays unless staff enter a special opening: the list
    of appointment hours says which ones are coming, like the consultation hours list."""
    html = admin_client.get("/admin/booking/appointmenthours/").content.decode()

    assert "Feiertage in den nächsten zwölf Monaten (NRW)" in html
    assert "Erster Weihnachtstag" in html


def _queries_of(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_booking_list_makes_the_same_queries_for_many_kinds_of_appointment(admin_client, world):
    few = _queries_of(admin_client, "/admin/booking/booking/")
    for number in range(6):
        BookingFactory(appointment_type=AppointmentTypeFactory(name=f"Art {number}"))

    many = _queries_of(admin_client, "/admin/booking/booking/")

    assert many == few
