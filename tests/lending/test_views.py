"""The resident's pages: the items, the free/busy table (constant queries), the request form
(errors in German, what was typed kept), the private page and cancelling by POST."""

from datetime import date, datetime, timedelta

import pytest
from post_office.models import Email

from consultations.lending.enums import LoanStatus
from consultations.lending.models import Loan
from consultations.lending.services import requests
from quartier.core import page_cache
from quartier.core.clock import BERLIN
from tests.lending.factories import LoanFactory

pytestmark = pytest.mark.django_db

FORM = {
    "first_day": "2026-12-05",
    "days": "1",
    "purpose": "Umzug",
    "name": "Anna Beispiel",
    "email": "anna@example.org",
    "rules_accepted": "on",
    "privacy_consent": "on",
}


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_items_page_lists_room_and_bike(client, monday, bike, room):
    response = client.get("/ausleihen/")

    content = text(response)
    assert "Gruppenraum" in content
    assert "Lastenrad" in content
    assert "Ist es frei, ist es sofort gebucht." in content


def test_home_page_leads_to_the_lending(client, monday, bike):
    assert 'href="/ausleihen/"' in client.get("/").content.decode()


def test_availability_table_shows_busy_days_without_names(client, monday, bike):
    requests.loan_request(
        item=bike, first_day=date(2026, 12, 5), purpose="Umzug", name="Geheim", email="g@x.org"
    )

    content = text(client.get("/ausleihen/lastenrad/"))

    assert "Geheim" not in content
    assert '<th scope="row">Samstag, 5. Dezember</th> <td>verliehen</td>' in content
    assert "/ausleihen/lastenrad/anfragen/?tag=2026-12-08" in content


def test_room_table_shows_free_and_busy_times(client, monday, room):
    LoanFactory(
        item=room,
        starts_at=datetime(2026, 12, 3, 18, tzinfo=BERLIN),
        ends_at=datetime(2026, 12, 3, 20, tzinfo=BERLIN),
    )

    content = text(client.get("/ausleihen/gruppenraum/"))

    assert '<th scope="row">Donnerstag, 3. Dezember</th> <td>17:00–18:00, 20:00–22:00' in content
    assert "18:00–20:00</td>" in content


@pytest.mark.parametrize("path", ["/ausleihen/lastenrad/", "/ausleihen/gruppenraum/"])
def test_availability_page_queries_do_not_grow_with_a_year_of_loans(
    client, monday, bike, room, django_assert_num_queries, path
):
    page_cache.forget_version()
    with django_assert_num_queries(6):
        client.get(path)
    for week in range(52):
        start = datetime(2026, 12, 1, 18, tzinfo=BERLIN) + timedelta(weeks=week)
        for item in (bike, room):
            LoanFactory(item=item, starts_at=start, ends_at=start + timedelta(hours=2))
    page_cache.forget_version()
    with django_assert_num_queries(6):
        response = client.get(path, {"neu": "1"})
    assert "Wann ist frei?" in response.content.decode()


def test_booking_the_bike_redirects_to_the_private_page(client, monday, bike):
    response = client.post("/ausleihen/lastenrad/anfragen/", FORM)

    loan = Loan.objects.get()
    assert response.url == loan.get_absolute_url() + "?neu=1"
    page = text(client.get(response.url))
    assert "Gebucht" in page
    assert "Freitag, 4. Dezember 2026, 10:00–12:00 Uhr" in page
    assert "20,00 €" in page


def test_form_errors_are_german_summarised_and_keep_what_was_typed(client, monday, bike):
    response = client.post(
        "/ausleihen/lastenrad/anfragen/", {**FORM, "first_day": "2026-11-01", "privacy_consent": ""}
    )

    content = text(response)
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in content
    assert "Ohne Ihr Einverständnis können wir nichts speichern." in content
    assert 'value="Anna Beispiel"' in content
    assert not Loan.objects.exists()


def test_a_day_in_the_past_is_refused_in_german(client, monday, bike):
    response = client.post("/ausleihen/lastenrad/anfragen/", {**FORM, "first_day": "2026-11-01"})

    assert "Dieser Tag liegt in der Vergangenheit." in text(response)
    assert 'value="2026-11-01"' in text(response)
    assert not Loan.objects.exists()


def test_room_request_outside_its_hours_keeps_the_form(client, monday, room):
    response = client.post(
        "/ausleihen/gruppenraum/anfragen/",
        {
            **FORM,
            "day": "2026-12-03",
            "start": "15:00",
            "end": "16:00",
            "people": "5",
            "group_name": "Chor",
        },
    )

    content = text(response)
    assert "Zu dieser Zeit kann der Raum nicht genutzt werden" in content
    assert 'value="Chor"' in content
    assert not Loan.objects.exists()


def test_the_request_form_prefills_the_day_from_the_table(client, monday, bike):
    content = text(client.get("/ausleihen/lastenrad/anfragen/?tag=2026-12-05"))

    assert 'value="2026-12-05"' in content


def test_an_unknown_item_or_forged_token_is_not_found(client, monday, bike):
    assert client.get("/ausleihen/gibt-es-nicht/").status_code == 404
    assert client.get("/ausleihen/meine-ausleihe/" + "a" * 44 + "/").status_code == 404
    assert client.post("/ausleihen/meine-ausleihe/kurz/absagen/").status_code == 404


def test_cancel_link_changes_nothing_on_get_and_cancels_on_post(client, monday, bike):
    loan = requests.loan_request(
        item=bike, first_day=date(2026, 12, 5), purpose="Umzug", name="A", email="a@x.org"
    )
    url = f"/ausleihen/meine-ausleihe/{loan.token}/absagen/"

    assert "Wirklich absagen?" in text(client.get(url))
    assert Loan.objects.get().status == LoanStatus.CONFIRMED

    response = client.post(url)

    assert response.url.endswith("?abgesagt=1")
    assert Loan.objects.get().status == LoanStatus.CANCELLED
    assert "Abgesagt" in text(client.get(response.url))
    assert Email.objects.order_by("-pk").first().subject.startswith("Abgesagt:")


def test_private_page_is_not_cached_nor_indexed(client, monday, bike):
    loan = requests.loan_request(
        item=bike, first_day=date(2026, 12, 5), purpose="Umzug", name="A", email="a@x.org"
    )

    response = client.get(loan.get_absolute_url())

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_easy_read_page_explains_lending(client, monday, bike):
    content = text(client.get("/ausleihen/so-geht-es/"))

    assert "So geht Ausleihen" in content
    assert "Lasten·rad" in content


def test_staff_calendar_needs_a_staff_login(client, monday, bike, staff_client):
    from quartier.accounts.roles import OFFICE_STAFF

    assert client.get("/ausleihen/lastenrad/belegung.ics").status_code == 302
    LoanFactory(item=bike)
    staff = staff_client(role=OFFICE_STAFF, offices=[bike.office])

    response = staff.get("/ausleihen/lastenrad/belegung.ics")

    body = response.content.decode()
    assert "BEGIN:VFREEBUSY" in body
    assert "FREEBUSY;VALUE=PERIOD:" in body
    assert "Anna" not in body
