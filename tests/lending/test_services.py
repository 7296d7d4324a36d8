"""The lending's writes: booking the bike, asking for the room, approving (with what it rules
out), a weekly series around Christmas, handover and return, late returns, reminders."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from post_office.models import Email

from consultations.lending.enums import Condition, LoanStatus
from consultations.lending.models import Loan
from consultations.lending.services import decisions, handover, reminders, requests
from consultations.lending.services.writing import ItemTaken
from quartier.core.clock import BERLIN
from tests.factories import ClosureFactory, UserFactory

pytestmark = pytest.mark.django_db

SATURDAY = date(2026, 12, 5)
THURSDAY = date(2026, 12, 3)


def book_bike(bike, first_day=SATURDAY, days=1, email="anna@example.org", **kwargs):
    return requests.loan_request(
        item=bike,
        first_day=first_day,
        days=days,
        purpose="Umzug",
        name="Anna Beispiel",
        email=email,
        **kwargs,
    )


def ask_room(room, day=THURSDAY, start=time(18), end=time(20), email="gruppe@example.org", **kw):
    return requests.loan_request(
        item=room,
        day=day,
        start=start,
        end=end,
        purpose="Treffen",
        group_name="Nachbarschaftsinitiative",
        people=kw.pop("people", 12),
        name="Gül Demir",
        email=email,
        **kw,
    )


def subjects() -> list[str]:
    return list(Email.objects.order_by("pk").values_list("subject", flat=True))


def test_bike_for_saturday_is_booked_at_once_with_pickup_friday_and_return_tuesday(monday, bike):
    loan = book_bike(bike)

    assert loan.status == LoanStatus.CONFIRMED
    assert loan.pickup_from == datetime(2026, 12, 4, 10, tzinfo=BERLIN)
    assert loan.pickup_until == datetime(2026, 12, 4, 12, tzinfo=BERLIN)
    assert loan.due_at == datetime(2026, 12, 8, 14, tzinfo=BERLIN)
    assert subjects() == ["Gebucht: Lastenrad am Samstag, 5. Dezember 2026"]
    body = Email.objects.get().message
    assert "Abholen: Freitag, 4. Dezember 2026, 10:00–12:00 Uhr" in body
    assert "Personalausweis" in body
    assert loan.get_absolute_url() in body


def test_bike_taken_that_weekend_is_refused_and_nothing_is_stored(monday, bike):
    book_bike(bike)

    with pytest.raises(ItemTaken):
        book_bike(bike, first_day=date(2026, 12, 6), email="ben@example.org")

    assert Loan.objects.count() == 1


@pytest.mark.parametrize(
    ("first_day", "days", "field", "message"),
    [
        (date(2026, 11, 29), 1, "first_day", "Vergangenheit"),
        (SATURDAY, 4, "days", "Höchstens 3 Tage"),
        (date(2027, 3, 1), 1, "first_day", "So weit im Voraus"),
    ],
)
def test_bike_request_that_does_not_fit_gets_a_german_error(
    monday, bike, first_day, days, field, message
):
    with pytest.raises(ValidationError) as error:
        book_bike(bike, first_day=first_day, days=days)

    assert message in " ".join(error.value.message_dict[field])
    assert not Loan.objects.exists()


def test_the_same_request_sent_twice_is_stored_once(monday, bike):
    first = book_bike(bike)
    again = book_bike(bike)

    assert again.pk == first.pk
    assert len(subjects()) == 1


def test_room_request_waits_for_approval_and_may_overlap_another_request(monday, room):
    first = ask_room(room)
    second = ask_room(room, start=time(19), end=time(21), email="chor@example.org")

    assert first.status == second.status == LoanStatus.REQUESTED
    assert subjects()[0] == "Ihre Anfrage ist da: Gruppenraum am Donnerstag, 3. Dezember 2026"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"start": time(12), "end": time(13), "day": date(2026, 12, 1)}, "start", "17:00–22:00"),
        ({"start": time(20), "end": time(18)}, "end", "nach dem Beginn"),
        ({"people": 30}, "people", "höchstens 20 Personen"),
    ],
)
def test_room_outside_its_hours_or_too_many_people_is_refused(monday, room, kwargs, field, message):
    with pytest.raises(ValidationError) as error:
        ask_room(room, **kwargs)

    assert message in " ".join(error.value.message_dict[field])


def test_room_is_never_free_during_consultation_hours(monday, room):
    # Tuesday: consultation hours 10–14; the room's weekday times start at 17 anyway, so a
    # room open all day shows the hours cut out.
    room.weekday_from = time(9)
    room.save()
    with pytest.raises(ValidationError) as error:
        ask_room(room, day=date(2026, 12, 1), start=time(11), end=time(12))

    assert "09:00–10:00, 14:00–22:00" in error.value.message_dict["start"][0]


def test_room_on_a_closure_is_refused_with_the_reason(monday, room):
    ClosureFactory(office=None, start_date=THURSDAY, reason="Betriebsausflug")

    with pytest.raises(ValidationError) as error:
        ask_room(room)

    assert "Betriebsausflug" in error.value.message_dict["day"][0]


def test_approving_tells_staff_which_waiting_requests_it_rules_out(monday, room):
    staff = UserFactory(is_staff=True)
    first = ask_room(room)
    other = ask_room(room, start=time(19), end=time(21), email="chor@example.org")

    ruled_out = decisions.loan_approve(loan=first, by=staff)

    assert ruled_out == [other]
    first.refresh_from_db()
    assert first.status == LoanStatus.CONFIRMED
    assert "Zugesagt: Gruppenraum am Donnerstag, 3. Dezember 2026" in subjects()
    with pytest.raises(ItemTaken):
        decisions.loan_approve(loan=other, by=staff)


def test_decline_sends_the_reason(monday, room):
    loan = ask_room(room)

    decisions.loan_decline(loan=loan, reason="Der Raum wird renoviert.", by=UserFactory())

    loan.refresh_from_db()
    assert loan.status == LoanStatus.DECLINED
    assert "Der Raum wird renoviert." in Email.objects.order_by("-pk").first().message


def test_weekly_series_leaves_out_christmas_and_new_year_closures(monday, room):
    ClosureFactory(office=None, start_date=date(2026, 12, 24), reason="Heiligabend")
    ClosureFactory(office=None, start_date=date(2026, 12, 31), reason="Silvester")
    loan = ask_room(room, day=date(2026, 12, 17))

    result = decisions.loan_approve_series(
        loan=loan, every_weeks=1, last_day=date(2027, 1, 14), by=UserFactory()
    )

    days = [loan.starts_at.astimezone(BERLIN).date() for loan in result.loans]
    assert days == [date(2026, 12, 17), date(2027, 1, 7), date(2027, 1, 14)]
    assert result.skipped == [
        (date(2026, 12, 24), "Heiligabend"),
        (date(2026, 12, 31), "Silvester"),
    ]
    assert all(loan.status == LoanStatus.CONFIRMED for loan in result.loans)
    body = Email.objects.order_by("-pk").first().message
    assert "Donnerstag, 24. Dezember 2026: Heiligabend" in body


def test_a_single_date_of_a_series_is_cancelled_alone(monday, room):
    loan = ask_room(room)
    result = decisions.loan_approve_series(
        loan=loan, every_weeks=2, last_day=date(2026, 12, 31), by=UserFactory()
    )
    second = result.loans[1]

    decisions.loan_cancel_by_office(loan=second, reason="Wahllokal", by=UserFactory())

    statuses = list(Loan.objects.order_by("starts_at").values_list("status", flat=True))
    assert statuses == [LoanStatus.CONFIRMED, LoanStatus.CANCELLED, LoanStatus.CONFIRMED]


def test_return_with_note_and_damage_keeps_a_damage_case_open(monday, bike):
    staff = UserFactory(is_staff=True)
    loan = book_bike(bike)
    handover.loan_hand_out(loan=loan, by=staff)

    back = handover.loan_take_back(
        loan=loan,
        by=staff,
        condition=Condition.DAMAGED,
        note="Licht vorne kaputt",
        damage_report="Lampe abgebrochen",
    )

    assert back.status == LoanStatus.RETURNED
    assert back.return_note == "Licht vorne kaputt"
    assert back.damage_open is True


def test_late_return_is_flagged_and_the_next_borrower_warned_once(monday, bike, time_machine):
    first = book_bike(bike)
    following = book_bike(bike, first_day=date(2026, 12, 8), email="ben@example.org")
    handover.loan_hand_out(loan=first, by=None)
    time_machine.move_to(datetime(2026, 12, 8, 15, tzinfo=BERLIN))
    mail.outbox.clear()

    assert handover.loans_flag_late() == 1
    assert handover.loans_flag_late() == 0

    first.refresh_from_db()
    assert first.late_since is not None
    warning = Email.objects.order_by("-pk").first()
    assert warning.to == ["ben@example.org"]
    assert "Abholung kann sich verzögern" in warning.subject
    assert f"„{bike.name}“ ist noch nicht zurückgebracht worden" in warning.message
    following.refresh_from_db()
    assert following.late_warning_sent_at is not None


def test_reminder_the_day_before_pickup_and_due_notice_on_the_return_day(
    monday, bike, time_machine
):
    loan = book_bike(bike)
    time_machine.move_to(datetime(2026, 12, 3, 8, tzinfo=BERLIN))

    assert reminders.loans_send_reminders() == 1
    assert reminders.loans_send_reminders() == 0
    assert "Erinnerung: Lastenrad am Samstag, 5. Dezember 2026" in subjects()

    handover.loan_hand_out(loan=loan, by=None)
    time_machine.move_to(datetime(2026, 12, 8, 8, tzinfo=BERLIN))
    assert reminders.loans_send_due_notices() == 1
    assert "Bitte heute zurückbringen: Lastenrad" in subjects()


def test_resident_cancels_and_the_days_are_free_again(monday, bike):
    loan = book_bike(bike)

    requests.loan_cancel(loan=loan)

    assert book_bike(bike, email="ben@example.org").status == LoanStatus.CONFIRMED


def test_a_fourth_open_request_of_one_person_is_refused(monday, room):
    for day in (THURSDAY, date(2026, 12, 10), date(2026, 12, 17)):
        ask_room(room, day=day)

    with pytest.raises(requests.LimitReached):
        ask_room(room, day=date(2026, 12, 14))


def test_times_are_kept_in_berlin_across_the_day(monday, bike):
    loan = book_bike(bike, first_day=date(2026, 12, 1))

    # Tuesday: picked up the same day, back the next opening day (Friday).
    assert loan.starts_at == datetime(2026, 12, 1, tzinfo=BERLIN)
    assert loan.ends_at == datetime(2026, 12, 4, tzinfo=BERLIN)
    assert loan.ends_at - loan.starts_at == timedelta(days=3)


def test_retention_deletes_loans_after_the_period_but_keeps_open_damage_cases(monday, bike):
    from quartier.retention import retention_apply
    from tests.lending.factories import LoanFactory

    old = datetime(2026, 7, 1, tzinfo=BERLIN)
    gone = LoanFactory(item=bike, status=LoanStatus.RETURNED, returned_at=old)
    damaged = LoanFactory(
        item=bike,
        status=LoanStatus.RETURNED,
        returned_at=old,
        damage_open=True,
        starts_at=datetime(2026, 7, 10, tzinfo=BERLIN),
        ends_at=datetime(2026, 7, 11, tzinfo=BERLIN),
    )
    recent = LoanFactory(
        item=bike,
        status=LoanStatus.RETURNED,
        returned_at=datetime(2026, 11, 1, tzinfo=BERLIN),
        starts_at=datetime(2026, 10, 30, tzinfo=BERLIN),
        ends_at=datetime(2026, 10, 31, tzinfo=BERLIN),
    )

    results = retention_apply(now=monday)

    assert results["Verleih: Anfragen und Ausleihen"] == 1
    assert set(Loan.objects.values_list("pk", flat=True)) == {damaged.pk, recent.pk}
    assert not Loan.objects.filter(pk=gone.pk).exists()


def test_erasure_on_request_leaves_running_loans(monday, bike):
    from consultations.lending.services.erasure import loans_erase_for_email

    running = book_bike(bike)
    declined = book_bike(bike, first_day=date(2026, 12, 1))
    requests.loan_cancel(loan=declined)

    assert loans_erase_for_email(email="ANNA@example.org") == 1
    assert list(Loan.objects.all()) == [running]


def test_bike_over_christmas_is_handed_over_around_the_holidays_and_closures(monday, bike):
    # Friday 25 December is a public holiday, the 29th a closure: picked up Tuesday the
    # 22nd, back on the first opening day after, Friday 1 January being a holiday too.
    ClosureFactory(office=None, start_date=date(2026, 12, 29), reason="Inventur")

    loan = book_bike(bike, first_day=date(2026, 12, 26), days=2)

    assert loan.pickup_from == datetime(2026, 12, 22, 10, tzinfo=BERLIN)
    assert loan.return_from == datetime(2027, 1, 5, 10, tzinfo=BERLIN)
