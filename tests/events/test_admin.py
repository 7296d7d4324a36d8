"""Event sign-up in the admin: every page opens, Büro-Team see only their offices' events,
lowering the places asks first and names who moves, check-in, message, CSV, Auskunft."""

from datetime import timedelta

import pytest
from post_office.models import Email

from offices.events.enums import SignupStatus
from offices.events.models import EventSignup, EventSignupSetup
from offices.models import Announcement
from quartier import staff_today
from quartier.accounts.roles import COORDINATORS, OFFICE_STAFF
from quartier.core import clock
from tests.events.factories import EventSignupFactory, EventSignupSetupFactory
from tests.factories import (
    AnnouncementFactory,
    OfficeFactory,
    UserFactory,
    login_with_two_factors,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    donapart = OfficeFactory(slug="donapart", short_name="DoNaPart")
    jobcenter = OfficeFactory(slug="jobcenter", short_name="Jobcenter")
    ours = EventSignupSetupFactory(
        announcement=AnnouncementFactory(event=True, office=donapart, title="Energie-Workshop"),
        places=3,
    )
    theirs = EventSignupSetupFactory(
        announcement=AnnouncementFactory(event=True, office=jobcenter, title="Bewerbungstraining"),
    )
    first = EventSignupFactory(setup=ours, name="Anna Erste", persons=2, position=1)
    second = EventSignupFactory(
        setup=ours, name="Bernd Zweiter", persons=1, position=2, interpreter="Türkisch"
    )
    waiting = EventSignupFactory(
        setup=ours, name="Cem Wartend", status=SignupStatus.WAITING, position=3
    )
    other = EventSignupFactory(setup=theirs, name="Dora Fremd", position=1)
    return {
        "donapart": donapart,
        "ours": ours,
        "theirs": theirs,
        "first": first,
        "second": second,
        "waiting": waiting,
        "other": other,
        "donapart_staff": staff_user(role=OFFICE_STAFF, offices=[donapart]),
    }


@pytest.fixture
def admin_client(client, db):
    login_with_two_factors(client, UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def office_client(client, world):
    login_with_two_factors(client, world["donapart_staff"])
    return client


@pytest.mark.parametrize("model", ["eventsignupsetup", "eventsignup"])
def test_admin_changelist_and_change_form_open(admin_client, world, model):
    obj = world["ours"] if model == "eventsignupsetup" else world["first"]
    changelist = admin_client.get(f"/admin/events/{model}/")
    change = admin_client.get(f"/admin/events/{model}/{obj.pk}/change/")

    assert "Energie-Workshop" in changelist.content.decode()
    assert change.status_code == 200
    assert "Energie-Workshop" in change.content.decode()


def test_admin_add_form_for_a_setup_opens(admin_client, world):
    response = admin_client.get("/admin/events/eventsignupsetup/add/")

    assert "Plätze" in response.content.decode()


@pytest.mark.parametrize("page", ["einlass/", "liste/", "nachricht/"])
def test_staff_pages_open(admin_client, world, page):
    response = admin_client.get(f"/admin/events/eventsignupsetup/{world['ours'].pk}/{page}")

    assert "Anna Erste" in response.content.decode() or page == "nachricht/"
    assert response.status_code == 200


def test_office_staff_see_only_their_offices_events(office_client, world):
    html = office_client.get("/admin/events/eventsignupsetup/").content.decode()
    signups = office_client.get("/admin/events/eventsignup/").content.decode()

    assert "Energie-Workshop" in html
    assert "Bewerbungstraining" not in html
    assert "Anna Erste" in signups
    assert "Dora Fremd" not in signups


@pytest.mark.parametrize("page", ["change/", "einlass/", "liste/", "csv/"])
def test_office_staff_cannot_open_another_offices_event(office_client, world, page):
    response = office_client.get(f"/admin/events/eventsignupsetup/{world['theirs'].pk}/{page}")

    assert response.status_code in {302, 403, 404}
    assert "Dora Fremd" not in response.content.decode()


def test_lowering_places_asks_first_and_names_who_moves(admin_client, world):
    setup = world["ours"]
    url = f"/admin/events/eventsignupsetup/{setup.pk}/change/"
    data = {
        "places": "2",
        "max_persons": "4",
        "move_up_cutoff_hours": "24",
        "reminder_days": "2",
    }

    asked = admin_client.post(url, data)

    assert "Bernd Zweiter (1)" in asked.content.decode()
    assert EventSignupSetup.objects.get(pk=setup.pk).places == 3

    admin_client.post(url, {**data, "confirm_fewer_places": "on"})

    world["second"].refresh_from_db()
    assert world["second"].status == SignupStatus.WAITING
    assert EventSignupSetup.objects.get(pk=setup.pk).places == 2
    notices = [e for e in Email.objects.all() if e.to == [world["second"].email]]
    assert [e.subject for e in notices] == [
        "Weniger Plätze: Sie stehen jetzt auf der Warteliste für Energie-Workshop"
    ]


def test_check_in_tick_is_a_small_post_and_counts_no_shows_after(admin_client, world):
    setup = world["ours"]
    tick = f"/admin/events/eventsignupsetup/{setup.pk}/einlass/{world['first'].pk}/"

    assert admin_client.get(tick).status_code == 405
    admin_client.post(tick, {"da": "1"})
    world["first"].refresh_from_db()
    assert world["first"].checked_in_at is not None

    now = clock.now()
    Announcement.objects.filter(pk=setup.announcement_id).update(
        event_start=now - timedelta(hours=3), event_end=now - timedelta(hours=1)
    )
    html = admin_client.get(f"/admin/events/eventsignupsetup/{setup.pk}/einlass/").content.decode()
    assert "Nicht erschienen: 1 Anmeldung" in html
    changelist = admin_client.get("/admin/events/eventsignupsetup/")
    listed = {row.pk: row for row in changelist.context["cl"].result_list}
    assert listed[setup.pk].no_show_count == 1  # Bernd Zweiter, with a place, not ticked


def test_office_staff_tick_arrivals_of_their_event(office_client, world):
    setup = world["ours"]

    office_client.post(
        f"/admin/events/eventsignupsetup/{setup.pk}/einlass/{world['second'].pk}/", {"da": "1"}
    )

    world["second"].refresh_from_db()
    assert world["second"].checked_in_at is not None


def test_message_to_all_signed_up_goes_through_the_outbox(admin_client, world):
    setup = world["ours"]
    Email.objects.all().delete()

    admin_client.post(
        f"/admin/events/eventsignupsetup/{setup.pk}/nachricht/",
        {"subject": "Neuer Raum", "text": "Wir treffen uns im Saal."},
    )

    recipients = sorted(email.to[0] for email in Email.objects.all())
    assert recipients == sorted([world["first"].email, world["second"].email])


def test_close_early_stops_signups(admin_client, world):
    setup = world["ours"]

    admin_client.post(f"/admin/events/eventsignupsetup/{setup.pk}/schliessen/")

    setup.refresh_from_db()
    assert setup.closed_early_at is not None
    assert not setup.is_open()


def test_csv_export_lists_signups_and_waiting_list(admin_client, world):
    response = admin_client.get(f"/admin/events/eventsignupsetup/{world['ours'].pk}/csv/")

    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Status;Eingang Nr.;Name")
    assert "Anna Erste" in text
    assert "Auf der Warteliste;3;Cem Wartend" in text


def test_disclosure_shows_and_erases_an_address(admin_client, world):
    email = world["first"].email

    shown = admin_client.get("/admin/events/eventsignup/auskunft/", {"email": email})
    assert "Anna Erste" in shown.content.decode()

    admin_client.post("/admin/events/eventsignup/auskunft/", {"email": email, "loeschen": "1"})

    assert not EventSignup.objects.filter(email=email).exists()
    world["waiting"].refresh_from_db()
    assert world["waiting"].status == SignupStatus.SIGNED_UP


def test_office_staff_cannot_erase(office_client, world):
    response = office_client.post(
        "/admin/events/eventsignup/auskunft/", {"email": world["first"].email, "loeschen": "1"}
    )

    assert response.status_code == 403
    assert EventSignup.objects.filter(pk=world["first"].pk).exists()


def test_staff_today_lists_todays_event_and_interpreter_requests(world, time_machine):
    setup = world["ours"]
    # An evening event, so that two hours before it is the same day at any time of the run.
    event = setup.announcement
    event.event_start = clock.local(event.event_start).replace(hour=18, minute=0)
    event.event_end = event.event_start + timedelta(hours=2)
    event.save(update_fields=["event_start", "event_end"])
    time_machine.move_to(event.event_start - timedelta(hours=2))
    coordinator = staff_user(role=COORDINATORS)

    sections = staff_today.staff_today(coordinator)

    lines = [line for section in sections for line in section.lines]
    event = next(line for line in lines if "Energie-Workshop" in line.text)
    assert event.text.startswith("Heute")
    assert event.details == ["3 von 3 Plätzen vergeben, 1 auf der Warteliste"]
    assert any(
        "1 Anmeldung zu Veranstaltungen wünscht Gebärdensprache" in line.text for line in lines
    )


def test_office_staff_switch_on_signup_only_for_their_offices_events(office_client, world):
    mine = AnnouncementFactory(event=True, office=world["donapart"], title="Repair-Café")
    other = AnnouncementFactory(
        event=True, office=world["theirs"].announcement.office, title="Fremdes Fest"
    )

    form = office_client.get("/admin/events/eventsignupsetup/add/").content.decode()
    assert "Repair-Café" in form
    assert "Fremdes Fest" not in form

    office_client.post(
        "/admin/events/eventsignupsetup/add/",
        {
            "announcement": other.pk,
            "places": "5",
            "max_persons": "2",
            "move_up_cutoff_hours": "24",
            "reminder_days": "2",
        },
    )
    assert not EventSignupSetup.objects.filter(announcement=other).exists()
    office_client.post(
        "/admin/events/eventsignupsetup/add/",
        {
            "announcement": mine.pk,
            "places": "5",
            "max_persons": "2",
            "move_up_cutoff_hours": "24",
            "reminder_days": "2",
        },
    )
    assert EventSignupSetup.objects.get(announcement=mine).places == 5


def test_office_staff_cancel_a_signup_for_a_caller_and_the_waiting_list_moves_up(
    office_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(
            "/admin/events/eventsignup/",
            {"action": "cancel_on_request", "_selected_action": [world["first"].pk]},
            follow=True,
        )

    assert "1 Anmeldung ist abgesagt" in response.content.decode()
    assert EventSignup.objects.get(pk=world["first"].pk).status == SignupStatus.CANCELLED
    assert EventSignup.objects.get(pk=world["waiting"].pk).status == SignupStatus.SIGNED_UP
    assert {tuple(mail.to) for mail in Email.objects.all()} >= {
        (world["first"].email,),
        (world["waiting"].email,),
    }


def test_cancelling_twice_changes_nothing_and_says_so(office_client, world):
    action = {"action": "cancel_on_request", "_selected_action": [world["first"].pk]}
    office_client.post("/admin/events/eventsignup/", action)

    response = office_client.post("/admin/events/eventsignup/", action, follow=True)

    assert "1 Anmeldung war schon abgesagt" in response.content.decode()


def test_deleting_a_signup_in_the_admin_gives_its_place_to_the_waiting_list(admin_client, world):
    admin_client.post(f"/admin/events/eventsignup/{world['second'].pk}/delete/", {"post": "yes"})

    assert not EventSignup.objects.filter(pk=world["second"].pk).exists()
    assert EventSignup.objects.get(pk=world["waiting"].pk).status == SignupStatus.SIGNED_UP


def test_an_events_admin_page_leads_to_its_signup_or_switches_it_on(office_client, world):
    ours = world["ours"].announcement
    without = AnnouncementFactory(event=True, office=world["donapart"], title="Pflanztag")

    with_signup = office_client.get(f"/admin/offices/announcement/{ours.pk}/change/")
    switch_on = office_client.get(f"/admin/offices/announcement/{without.pk}/change/")
    form = office_client.get(f"/admin/events/eventsignupsetup/add/?announcement={without.pk}")

    setup_url = f"/admin/events/eventsignupsetup/{world['ours'].pk}/change/"
    assert f'<a href="{setup_url}">Anmeldung: Plätze und Listen</a>' in with_signup.content.decode()
    assert "Anmeldung einschalten" in switch_on.content.decode()
    assert f'<option value="{without.pk}" selected>' in form.content.decode()


def test_signup_is_offered_only_for_events_not_over_and_without_one(office_client, world):
    now = clock.now()
    coming = AnnouncementFactory(event=True, office=world["donapart"], title="Pflanztag")
    running = AnnouncementFactory(
        event=True,
        office=world["donapart"],
        title="Sommerfest",
        event_start=now - timedelta(hours=1),
        event_end=now + timedelta(hours=3),
    )
    past = AnnouncementFactory(
        event=True,
        office=world["donapart"],
        title="Laternenumzug",
        event_start=now - timedelta(days=30),
        event_end=now - timedelta(days=30) + timedelta(hours=2),
    )

    form = office_client.get("/admin/events/eventsignupsetup/add/").content.decode()
    past_page = office_client.get(f"/admin/offices/announcement/{past.pk}/change/")

    assert f'<option value="{coming.pk}">Pflanztag</option>' in form
    assert f'<option value="{running.pk}">Sommerfest</option>' in form
    assert "Laternenumzug" not in form
    assert "Energie-Workshop" not in form  # has its sign-up already
    assert "Anmeldung einschalten" not in past_page.content.decode()
