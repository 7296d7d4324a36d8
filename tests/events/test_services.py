from datetime import timedelta

import pytest
from django.core import mail

from offices.events import services
from offices.events.enums import SignupStatus
from offices.events.models import EventSignup
from quartier.core import clock
from tests.events.factories import EventSignupFactory, EventSignupSetupFactory

pytestmark = pytest.mark.django_db


def sign_up(setup, number, persons=1, **kwargs):
    return services.signup_create(
        setup=setup,
        name=f"Person {number}",
        email=f"p{number}@example.org",
        persons=persons,
        **kwargs,
    )


def outbox_subjects():
    from post_office.models import Email

    return [(email.to[0], email.subject) for email in Email.objects.order_by("pk")]


def test_signup_with_free_places_gets_a_place_and_a_mail_with_the_calendar_file():
    setup = EventSignupSetupFactory(places=3)

    signup = sign_up(setup, 1, persons=2)

    assert signup.status == SignupStatus.SIGNED_UP
    from post_office.models import Email

    email = Email.objects.get()
    assert email.to == ["p1@example.org"]
    assert "Sie sind angemeldet" in email.subject
    assert signup.get_absolute_url() in email.message
    assert [a.name for a in email.attachments.all()] == ["veranstaltung.ics"]


def test_signup_when_full_refuses_without_waiting_list_and_stores_nothing():
    setup = EventSignupSetupFactory(places=1)
    sign_up(setup, 1)

    with pytest.raises(services.EventFull):
        sign_up(setup, 2)

    assert EventSignup.objects.count() == 1


def test_signup_when_full_goes_on_the_waiting_list_if_wanted():
    setup = EventSignupSetupFactory(places=1)
    sign_up(setup, 1)

    signup = sign_up(setup, 2, waiting_list_ok=True)

    assert signup.status == SignupStatus.WAITING
    assert "Warteliste" in outbox_subjects()[-1][1]


def test_signup_with_more_persons_than_allowed_is_refused():
    setup = EventSignupSetupFactory(max_persons=2)

    with pytest.raises(services.TooManyPersons):
        sign_up(setup, 1, persons=3)

    assert not EventSignup.objects.exists()


def test_signup_twice_with_the_same_address_is_refused():
    setup = EventSignupSetupFactory()
    sign_up(setup, 1)

    with pytest.raises(services.AlreadySignedUp):
        services.signup_create(setup=setup, name="Noch mal", email="P1@example.org ", persons=1)


def test_the_same_form_sent_twice_gives_one_signup():
    setup = EventSignupSetupFactory()

    first = sign_up(setup, 1, submission_key="a" * 32)
    second = sign_up(setup, 1, submission_key="a" * 32)

    assert first.pk == second.pk
    assert EventSignup.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"closed_early_at": "now"},
        {"opens_at": "tomorrow"},
        {"closes_at": "an hour ago"},
    ],
)
def test_signup_when_closed_is_refused(change):
    now = clock.now()
    values = {
        "now": now,
        "tomorrow": now + timedelta(days=1),
        "an hour ago": now - timedelta(hours=1),
    }
    setup = EventSignupSetupFactory(**{field: values[word] for field, word in change.items()})

    with pytest.raises(services.SignupClosed):
        sign_up(setup, 1)


def test_cancelling_gives_the_place_to_the_first_waiting_person_whose_group_fits():
    setup = EventSignupSetupFactory(places=2)
    first = sign_up(setup, 1, persons=2)
    big_group = sign_up(setup, 2, persons=3, waiting_list_ok=True)
    single = sign_up(setup, 3, persons=1, waiting_list_ok=True)
    couple = sign_up(setup, 4, persons=2, waiting_list_ok=True)

    services.signup_cancel(signup=first)

    statuses = dict(EventSignup.objects.values_list("name", "status"))
    assert statuses[big_group.name] == SignupStatus.WAITING
    assert statuses[single.name] == SignupStatus.SIGNED_UP
    assert statuses[couple.name] == SignupStatus.WAITING  # 1 place left: the couple doesn't fit
    moved = [subject for to, subject in outbox_subjects() if to == "p3@example.org"]
    assert any("Ein Platz ist frei geworden" in subject for subject in moved)


def test_nobody_moves_up_within_the_cut_off_hours(time_machine):
    setup = EventSignupSetupFactory(places=1, move_up_cutoff_hours=24)
    first = sign_up(setup, 1)
    waiting = sign_up(setup, 2, waiting_list_ok=True)
    time_machine.move_to(setup.announcement.event_start - timedelta(hours=5))

    services.signup_cancel(signup=first)

    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.WAITING


def test_fewer_persons_free_places_for_the_waiting_list():
    setup = EventSignupSetupFactory(places=3)
    group = sign_up(setup, 1, persons=3)
    waiting = sign_up(setup, 2, waiting_list_ok=True)

    services.signup_change_persons(signup=group, persons=2)

    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.SIGNED_UP


def test_more_persons_than_free_places_is_refused():
    setup = EventSignupSetupFactory(places=3)
    group = sign_up(setup, 1, persons=2)
    sign_up(setup, 2, persons=1)

    with pytest.raises(services.NotEnoughPlaces):
        services.signup_change_persons(signup=group, persons=3)


def test_more_places_let_the_waiting_list_move_up():
    setup = EventSignupSetupFactory(places=1)
    sign_up(setup, 1)
    waiting = sign_up(setup, 2, waiting_list_ok=True)

    setup.places = 2
    to_waiting, moved_up = services.setup_save(setup=setup)

    assert to_waiting == []
    assert [s.pk for s in moved_up] == [waiting.pk]


def test_fewer_places_move_the_last_arrivals_to_the_waiting_list():
    setup = EventSignupSetupFactory(places=4)
    first = sign_up(setup, 1, persons=2)
    second = sign_up(setup, 2, persons=1)
    third = sign_up(setup, 3, persons=1)

    assert services.signups_moved_to_waiting_by(setup=setup, places=2) == [third, second]
    setup.places = 2
    services.setup_save(setup=setup)

    statuses = dict(EventSignup.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: SignupStatus.SIGNED_UP,
        second.pk: SignupStatus.WAITING,
        third.pk: SignupStatus.WAITING,
    }


def test_reminders_go_once_the_set_days_before(time_machine):
    setup = EventSignupSetupFactory(reminder_days=2)
    sign_up(setup, 1)
    EventSignupFactory(setup=setup, status=SignupStatus.WAITING, position=99)
    time_machine.move_to(setup.announcement.event_start - timedelta(days=3))
    assert services.signups_send_reminders() == 0

    time_machine.move_to(setup.announcement.event_start - timedelta(days=2, hours=-1))
    assert services.signups_send_reminders() == 1
    assert services.signups_send_reminders() == 0
    reminder = outbox_subjects()[-1]
    assert reminder[1].startswith("Erinnerung")


def test_reminders_switched_off_send_nothing(time_machine):
    setup = EventSignupSetupFactory(reminder_days=None)
    sign_up(setup, 1)
    time_machine.move_to(setup.announcement.event_start - timedelta(hours=3))

    assert services.signups_send_reminders() == 0


def test_signups_are_deleted_the_retention_days_after_the_event(time_machine, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "event_signups": 30}
    setup = EventSignupSetupFactory()
    sign_up(setup, 1)
    time_machine.move_to(setup.announcement.event_end + timedelta(days=29))
    assert services.signups_delete_expired() == 0

    time_machine.move_to(setup.announcement.event_end + timedelta(days=31))
    assert services.signups_delete_expired() == 1


def test_erasure_deletes_the_address_and_gives_its_place_away():
    setup = EventSignupSetupFactory(places=1)
    sign_up(setup, 1)
    waiting = sign_up(setup, 2, waiting_list_ok=True)

    assert services.signups_erase_for_email(email="P1@example.org") == 1

    assert not EventSignup.objects.filter(email="p1@example.org").exists()
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.SIGNED_UP


def test_check_in_ticks_and_unticks():
    signup = EventSignupFactory()

    services.signup_check_in(signup=signup, present=True)
    signup.refresh_from_db()
    assert signup.checked_in_at is not None
    services.signup_check_in(signup=signup, present=False)
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_message_goes_to_everyone_with_a_place():
    setup = EventSignupSetupFactory(places=1)
    sign_up(setup, 1)
    sign_up(setup, 2, waiting_list_ok=True)
    mail.outbox.clear()

    count = services.message_to_signed_up(
        setup=setup, subject="Raumänderung", text="Wir sind im Saal."
    )

    assert count == 1
    assert outbox_subjects()[-1] == ("p1@example.org", "Raumänderung")


def test_setup_must_close_by_the_start_and_open_before_it_closes():
    from django.core.exceptions import ValidationError

    setup = EventSignupSetupFactory.build(announcement=EventSignupSetupFactory().announcement)
    start = setup.announcement.event_start
    setup.closes_at = start + timedelta(hours=1)
    setup.opens_at = start + timedelta(hours=2)

    with pytest.raises(ValidationError) as error:
        setup.clean()

    assert set(error.value.message_dict) == {"closes_at", "opens_at"}
