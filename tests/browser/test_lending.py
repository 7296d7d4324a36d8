"""Lending in a real browser at phone width (390 px), axe on every page: a resident finds the
cargo bike from the home page and books Saturday (mail and reminder follow); a group asks for
the room on a Thursday evening and staff approve it as a weekly series around Christmas;
staff record the bike's return with a note."""

from datetime import date, datetime, time

import pytest
from playwright.sync_api import expect
from post_office.models import Email

from consultations.lending.enums import LoanStatus
from consultations.lending.models import LendingItem, Loan
from consultations.lending.services import handover, reminders, requests
from offices.models import Office
from quartier.accounts.roles import OFFICE_STAFF
from quartier.core.clock import BERLIN
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def monday_morning(time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 9, tzinfo=BERLIN), tick=True)


def check(page, screenshot, name: str, *, docs: bool = False) -> None:
    """No axe violations, no sideways scrolling at phone width, a screenshot."""
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    screenshot(page, f"lending-{name}-de-390", docs=docs)


def click_to(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_resident_finds_the_bike_from_the_home_page_and_books_saturday(
    page, live_server, demo_data, monday_morning, screenshot
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    click_to(page, page.get_by_role("link", name="Raum und Lastenrad ausleihen"))
    check(page, screenshot, "angebote", docs=True)

    click_to(page, page.get_by_role("link", name="Wann ist Lastenrad frei?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lastenrad")
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name="Samstag, 5. Dezember")).to_contain_text("frei")
    check(page, screenshot, "lastenrad-belegung", docs=True)

    click_to(page, page.get_by_role("link", name="frei – ab Samstag, 5. Dezember ausleihen"))
    assert page.get_by_label("Ab welchem Tag?").input_value() == "2026-12-05"
    check(page, screenshot, "lastenrad-formular", docs=True)

    # Sent without the rules accepted: a summary at the top, what was typed is still there.
    page.get_by_label("Wofür?").fill("Umzug von zwei Regalen")
    page.get_by_label("Ihr Name").fill("Anna Beispiel")
    page.get_by_label("E-Mail").fill("anna@example.org")
    page.get_by_label("Ich bin einverstanden").check()
    click_to(page, page.get_by_role("button", name="Verbindlich ausleihen"))
    expect(page.get_by_role("alert")).to_contain_text("Bitte bestätigen Sie die Regeln.")
    assert page.get_by_label("Ihr Name").input_value() == "Anna Beispiel"
    check(page, screenshot, "lastenrad-fehler")

    page.get_by_label("Ich habe die Regeln gelesen").check()
    click_to(page, page.get_by_role("button", name="Verbindlich ausleihen"))
    main = page.locator("main")
    expect(main).to_contain_text("Gebucht")
    expect(main).to_contain_text("Freitag, 4. Dezember 2026, 10:00–12:00 Uhr")
    expect(main).to_contain_text("Dienstag, 8. Dezember 2026")
    check(page, screenshot, "lastenrad-gebucht", docs=True)

    loan = Loan.objects.get(email="anna@example.org")
    assert loan.status == LoanStatus.CONFIRMED
    booked = Email.objects.get(to=["anna@example.org"])
    assert booked.subject == "Gebucht: Lastenrad am Samstag, 5. Dezember 2026"
    assert loan.get_absolute_url() in booked.message

    # Thursday morning the schedule reminds her of Friday's pick-up.
    assert reminders.loans_send_reminders(now=datetime(2026, 12, 3, 8, tzinfo=BERLIN)) >= 1
    reminder = Email.objects.filter(to=["anna@example.org"]).latest("pk")
    assert reminder.subject == "Erinnerung: Lastenrad am Samstag, 5. Dezember 2026"
    assert "Abholen: Freitag, 4. Dezember 2026, 10:00–12:00 Uhr" in reminder.message


def test_group_asks_for_the_room_and_staff_approve_a_weekly_series_around_christmas(
    page, live_server, demo_data, monday_morning, screenshot, staff_login
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/ausleihen/gruppenraum/")
    check(page, screenshot, "raum-belegung", docs=True)
    click_to(page, page.get_by_role("link", name="Anfragen", exact=True))
    page.locator("#id_day").fill("2026-12-17")
    page.get_by_label("Von (Uhrzeit)").fill("20:00")
    page.get_by_label("Bis (Uhrzeit)").fill("22:00")
    page.get_by_label("Wofür?").fill("Chorprobe")
    page.get_by_label("Name der Gruppe").fill("Chor Westerfilde")
    page.get_by_label("Wie viele Personen?").fill("14")
    page.get_by_label("Ihr Name").fill("Maria Sänger")
    page.get_by_label("E-Mail").fill("chor@example.org")
    page.get_by_label("Ich habe die Regeln gelesen").check()
    page.get_by_label("Ich bin einverstanden").check()
    check(page, screenshot, "raum-formular", docs=True)
    click_to(page, page.get_by_role("button", name="Anfrage senden"))
    expect(page.locator("main")).to_contain_text("Ihre Anfrage ist angekommen")
    check(page, screenshot, "raum-angefragt")
    loan = Loan.objects.get(email="chor@example.org")
    assert loan.status == LoanStatus.REQUESTED

    qm = Office.objects.get(slug="quartiersmanagement")
    staff_login(page, role=OFFICE_STAFF, offices=[qm], username="qm", two_factors=False)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/admin/")
    click_to(page, page.get_by_role("link", name="2 Anfragen warten auf Zusage"))
    check(page, screenshot, "staff-anfragen")
    page.goto(live_server.url + f"/admin/lending/loan/{loan.pk}/change/")
    check(page, screenshot, "staff-anfrage", docs=True)
    click_to(page, page.get_by_role("link", name="Als regelmäßige Nutzung zusagen …"))
    page.get_by_label("Wie oft?").select_option("1")
    page.get_by_label("Bis einschließlich").fill("2027-01-14")
    click_to(page, page.get_by_role("button", name="Zusagen"))
    skipped = page.locator(".lending-series-skipped")
    expect(skipped).to_contain_text("Donnerstag, 24. Dezember 2026: Heiligabend")
    expect(skipped).to_contain_text("Donnerstag, 31. Dezember 2026: Silvester")
    check(page, screenshot, "staff-serie", docs=True)

    days = [
        loan.starts_at.astimezone(BERLIN).date()
        for loan in Loan.objects.filter(email="chor@example.org", status=LoanStatus.CONFIRMED)
    ]
    assert sorted(days) == [date(2026, 12, 17), date(2027, 1, 7), date(2027, 1, 14)]
    approved = Email.objects.filter(to=["chor@example.org"]).latest("pk")
    assert approved.subject.startswith("Zugesagt: Gruppenraum")
    assert "Donnerstag, 31. Dezember 2026: Silvester" in approved.message


def test_staff_record_the_bikes_return_with_a_note(
    page, live_server, demo_data, monday_morning, screenshot, staff_login
):
    bike = LendingItem.objects.get(slug="lastenrad")
    loan = requests.loan_request(
        item=bike,
        first_day=date(2026, 12, 1),
        purpose="Einkauf",
        name="Ali Yilmaz",
        email="ali.y@example.org",
    )
    handover.loan_hand_out(loan=loan, by=None, at=datetime(2026, 12, 1, 10, tzinfo=BERLIN))
    donapart = Office.objects.get(slug="donapart")
    staff_login(page, role=OFFICE_STAFF, offices=[donapart], username="dnp", two_factors=False)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + f"/admin/lending/loan/{loan.pk}/change/")
    click_to(page, page.get_by_role("link", name="Rückgabe erfassen …"))
    page.get_by_label("Zustand").select_option("gut")
    page.get_by_label("Notiz").fill("Kette quietscht, bitte ölen")
    check(page, screenshot, "staff-rueckgabe", docs=True)
    click_to(page, page.get_by_role("button", name="Rückgabe erfassen"))
    expect(page.locator(".messagelist")).to_contain_text("Rückgabe erfasst.")
    check(page, screenshot, "staff-zurueck")

    # What staff describe: the bike's page in the admin, at phone width too.
    page.goto(live_server.url + f"/admin/lending/lendingitem/{bike.pk}/change/")
    expect(page.get_by_label("Höchstens so viele Tage am Stück")).to_have_value("3")
    check(page, screenshot, "staff-angebot")

    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED
    assert loan.return_note == "Kette quietscht, bitte ölen"
    assert loan.returned_at is not None
    assert time(0) <= loan.returned_at.astimezone(BERLIN).time()


def test_private_lending_pages_in_four_languages_pass_axe_and_reflow_at_320_px(
    page, live_server, demo_data, monday_morning, screenshot
):
    """The public lending pages are in tests/public_pages.py (axe and 320 px in every language
    in tests/browser/test_inclusion.py); here the pages behind a borrower's private link."""
    from tests.public_pages import in_every_language

    loan = Loan.objects.filter(status=LoanStatus.CONFIRMED).first()
    paths = [loan.get_absolute_url(), loan.get_absolute_url() + "absagen/"]
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for path in in_every_language(paths):
        page.goto(live_server.url + path)
        assert_no_axe_violations(page)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > 320:
            wide[path] = width
    assert not wide
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/ar/ausleihen/lastenrad/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    expect(page.get_by_role("heading", level=1)).to_have_text("Lastenrad")
    screenshot(page, "lending-lastenrad-belegung-ar-390", docs=True)
