"""'Heute zu tun', the admin start page: per role, each count links to a list that shows exactly
what was counted, German singular/plural, and a fixed number of queries whatever the data."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fund_applications.enums import Actor, ApplicationStatus
from fund_applications.models import ApplicationStatusChange, Payout
from offices.enums import AnnouncementStatus
from quartier.accounts.roles import COORDINATORS, FUND_TEAM, JURY, OFFICE_STAFF
from quartier.core import clock
from quartier.models import AccessibilityFeedback
from tests.factories import (
    AnnouncementFactory,
    ApplicationFactory,
    AppointmentRequestFactory,
    ClosureFactory,
    FundFactory,
    JurySessionFactory,
    OfficeFactory,
    UserFactory,
    login_with_two_factors,
    staff_user,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)  # a Tuesday; 25/26 December ahead


@pytest.fixture(autouse=True)
def tuesday_morning(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def offices():
    return OfficeFactory(name="Jobcenter"), OfficeFactory(name="Caritas")


def office_data(mine, other, *, scale=1):
    """Open and answered requests, closures near and far, drafts, expiring announcements,
    for my office and another one (which my counts must leave out)."""
    for office in (mine, other):
        for n in range(scale):
            AppointmentRequestFactory(office=office)
            AppointmentRequestFactory(office=office, answered=True, answered_at=NOW)
            ClosureFactory(office=office, start_date=date(2026, 12, 10), reason=f"Fortbildung {n}")
            ClosureFactory(office=office, start_date=date(2027, 2, 1), reason=f"Später {n}")
            AnnouncementFactory(office=office, draft=True)
            AnnouncementFactory(office=office, publish_until=NOW + timedelta(days=3))
            AnnouncementFactory(office=office, publish_until=NOW + timedelta(days=30))
    ClosureFactory(office=None, start_date=date(2026, 12, 11), reason="Teamtag")
    AccessibilityFeedback.objects.create(message="Kontrast zu schwach")
    AccessibilityFeedback.objects.create(message="Schon erledigt", answered_at=NOW)


def fund_data(*, scale=1):
    fund = FundFactory()
    session = JurySessionFactory(fund=fund, starts_at=NOW + timedelta(days=20))
    JurySessionFactory(fund=fund, starts_at=NOW + timedelta(days=90))
    for _n in range(scale):
        ApplicationFactory(fund=fund)  # new
        # The applicant answered a question; nobody of the team has opened it since.
        answered = ApplicationFactory(
            fund=fund,
            status=ApplicationStatus.IN_REVIEW,
            staff_attention_since=NOW - timedelta(days=1),
        )
        for actor, to_status, minutes in [
            (Actor.STAFF, ApplicationStatus.QUESTION, 1),
            (Actor.APPLICANT, ApplicationStatus.IN_REVIEW, 2),
        ]:
            ApplicationStatusChange.objects.create(
                application=answered,
                to_status=to_status,
                actor=actor,
                created_at=NOW - timedelta(days=1, minutes=-minutes),
            )
        # In review by the team: nothing to answer.
        ApplicationFactory(fund=fund, status=ApplicationStatus.IN_REVIEW)
        ApplicationFactory(
            fund=fund,
            status=ApplicationStatus.IN_PROGRESS,
            granted_amount=Decimal("300"),
            report_due_on=date(2026, 11, 1),
        )
        paid = ApplicationFactory(
            fund=fund, status=ApplicationStatus.IN_PROGRESS, granted_amount=Decimal("300")
        )
        Payout.objects.create(
            application=paid, amount=Decimal("300"), paid_on=date(2026, 11, 2), recorded_at=NOW
        )
        # The Verwendungsnachweis is in, nothing paid yet: the payout is due.
        ApplicationFactory(
            fund=fund, status=ApplicationStatus.REPORT_SUBMITTED, granted_amount=Decimal("250")
        )
        ApplicationFactory(fund=fund, status=ApplicationStatus.READY_FOR_JURY, jury_session=session)
    return session


# Bookings and the outbox have their own tests (test_staff_today_bookings.py).
OWN_TESTS = {"Gebuchte Termine", "Postausgang"}


def task_sections(response):
    return [s for s in response.context["today_sections"] if s.title not in OWN_TESTS]


def lines_of(response, title: str | None = None):
    return {
        line.text: line
        for section in task_sections(response)
        if title in (None, section.title)
        for line in section.lines
    }


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


@pytest.fixture
def log_in(client):
    def log_in_as(role, offices=()):
        user = staff_user(role=role, offices=offices)
        login_with_two_factors(client, user)
        return user

    return log_in_as


def test_office_staff_see_their_offices_counts_and_each_link_lists_exactly_those(
    client, log_in, offices
):
    mine, other = offices
    office_data(mine, other)
    log_in(OFFICE_STAFF, [mine])

    response = client.get("/admin/")

    assert [s.title for s in task_sections(response)] == ["Meine Büros", "Verleih"]
    lines = lines_of(response, "Meine Büros")
    assert set(lines) == {
        "1 offene Terminanfrage",
        "1 Schließung oder Sonderöffnung in den nächsten 14 Tagen",
        "1 Meldung im Entwurf",
        "1 Meldung läuft in den nächsten 7 Tagen ab",
    }
    for line in lines.values():
        assert listed(client, line.url) == line.count, line.text
    content = response.content.decode()
    assert "Heute zu tun" in content
    assert "Kein Feiertag in den nächsten 14 Tagen." in content
    assert "Stadtteilfonds" not in [s.title for s in task_sections(response)]


def test_public_holidays_of_the_next_14_days_are_named(client, log_in, offices, time_machine):
    time_machine.move_to(datetime(2026, 12, 20, 9, tzinfo=BERLIN), tick=False)
    log_in(OFFICE_STAFF, [offices[0]])

    line = lines_of(client.get("/admin/"))[
        "0 Schließungen oder Sonderöffnungen in den nächsten 14 Tagen"
    ]

    assert line.details == [
        "Feiertag: 25. Dezember, Erster Weihnachtstag",
        "Feiertag: 26. Dezember, Zweiter Weihnachtstag",
        "Feiertag: 1. Januar, Neujahr",
    ]


def test_open_requests_are_listed_oldest_first(client, log_in, offices, time_machine):
    mine, _other = offices
    for day in (3, 1, 2):
        time_machine.move_to(NOW - timedelta(days=day), tick=False)
        AppointmentRequestFactory(office=mine, name=f"Vor {day} Tagen")
    time_machine.move_to(NOW, tick=False)
    log_in(OFFICE_STAFF, [mine])

    line = lines_of(client.get("/admin/"))["3 offene Terminanfragen"]
    shown = client.get(line.url).context["cl"].result_list

    assert [r.name for r in shown] == ["Vor 3 Tagen", "Vor 2 Tagen", "Vor 1 Tagen"]


def test_coordination_sees_all_offices_and_accessibility_feedback(client, log_in, offices):
    office_data(*offices)
    log_in(COORDINATORS)

    response = client.get("/admin/")

    assert [s.title for s in task_sections(response)] == [
        "Alle Büros",
        "Verleih",
        "Initiativen und Gruppen",
        "Anregungen und Ideen",
        "Noch offen für den Start",
    ]
    lines = lines_of(response, "Alle Büros")
    assert set(lines) == {
        "2 offene Terminanfragen",
        # Both offices' and the whole Quartiersbüro's Teamtag.
        "3 Schließungen oder Sonderöffnungen in den nächsten 14 Tagen",
        "2 Meldungen im Entwurf",
        "2 Meldungen laufen in den nächsten 7 Tagen ab",
        "1 unbeantwortete Rückmeldung zur Barrierefreiheit",
    }
    for line in lines.values():
        assert listed(client, line.url) == line.count, line.text


def test_fund_team_sees_what_waits_for_a_step_and_the_next_session(client, log_in):
    session = fund_data()
    log_in(FUND_TEAM)

    response = client.get("/admin/")

    assert [s.title for s in task_sections(response)] == ["Stadtteilfonds"]
    lines = lines_of(response)
    counted = {text: line for text, line in lines.items() if not text.startswith("Nächste")}
    assert set(counted) == {
        "1 neuer Antrag",
        "1 neue Antwort oder neuer Verwendungsnachweis",
        "1 Verwendungsnachweis überfällig",
        # Paid out once the Verwendungsnachweis is in: the running ones are not due.
        "1 Auszahlung fällig",
    }
    for line in counted.values():
        assert listed(client, line.url) == line.count, line.text
    (session_line,) = (line for text, line in lines.items() if text.startswith("Nächste"))
    assert session_line.text.startswith("Nächste Jurysitzung: Montag, 21. Dezember 2026, 09:00")
    assert session_line.details[0] == "1 Antrag bereit für die Jury"
    applications_url = dict(session_line.links)["Anträge der Sitzung"]
    assert listed(client, applications_url) == 1
    assert client.get(session_line.url).status_code == 200
    assert client.get(dict(session_line.links)["Jurymappe"]).status_code == 200
    assert session.pk  # the session the factory made first is the next one


def test_jury_sees_only_the_next_session_with_its_count_and_pack(client, log_in):
    fund_data()
    log_in(JURY)

    response = client.get("/admin/")

    assert [s.title for s in task_sections(response)] == ["Jury"]
    (line,) = lines_of(response).values()
    assert line.details == ["1 Antrag bereit für die Jury"]
    assert listed(client, dict(line.links)["Anträge der Sitzung"]) == 1
    assert client.get(line.url).status_code == 200
    pack = client.get(dict(line.links)["Jurymappe"])
    assert pack.status_code == 200
    assert "Anna Beispiel" not in pack.content.decode()


def test_without_a_session_the_jury_is_told_so(client, log_in):
    log_in(JURY)

    (line,) = lines_of(client.get("/admin/")).values()

    assert line.text == "Keine Jurysitzung geplant."


def test_superuser_sees_every_section(client, offices):
    office_data(*offices)
    fund_data()
    admin = UserFactory(is_staff=True, is_superuser=True)
    login_with_two_factors(client, admin)

    response = client.get("/admin/")

    assert [s.title for s in task_sections(response)] == [
        "Alle Büros",
        "Verleih",
        "Stadtteilfonds",
        "Initiativen und Gruppen",
        "Anregungen und Ideen",
        "Noch offen für den Start",
    ]
    for line in lines_of(response).values():
        if line.count is not None and not line.text.startswith("Nächste"):
            assert listed(client, line.url) == line.count, line.text


def test_the_sections_stay_below_the_tasks(client, log_in, offices):
    log_in(OFFICE_STAFF, [offices[0]])

    content = client.get("/admin/").content.decode()

    assert content.index("Heute zu tun") < content.index("Alle Bereiche")
    assert "Meldungen" in content[content.index("Alle Bereiche") :]


@pytest.mark.parametrize(
    ("role", "queries"),
    # Koordination: 3 of them for Initiativen und Gruppen, one for Anregungen und Ideen (both
    # counts in one query). Büro-Team and Koordination: two more for events with sign-up
    # (today's and tomorrow's, and the interpreter requests), one for Verleih.
    [(OFFICE_STAFF, 17), (COORDINATORS, 25), (FUND_TEAM, 14), (JURY, 9)],
)
def test_start_page_queries_do_not_grow_with_the_data(
    client, log_in, offices, django_assert_num_queries, role, queries
):
    log_in(role, [offices[0]] if role == OFFICE_STAFF else [])
    office_data(*offices)
    fund_data()
    with django_assert_num_queries(queries):
        client.get("/admin/")
    office_data(*offices, scale=20)
    fund_data(scale=20)
    with django_assert_num_queries(queries):
        response = client.get("/admin/")
    assert response.context["today_sections"]


def test_staff_403_page_leads_back_to_the_start_page(client, log_in, offices):
    mine, other = offices
    request = AppointmentRequestFactory(office=other)
    log_in(OFFICE_STAFF, [mine])

    response = client.get(f"/admin/consultations/appointmentrequest/{request.pk}/change/")

    assert response.status_code == 403
    assert 'href="/admin/"' in response.content.decode()
    assert "Heute zu tun" in response.content.decode()


def test_public_403_page_keeps_the_home_link(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = AnonymousUser()
    content = permission_denied(request, PermissionDenied()).content.decode()

    assert "/admin/" not in content


def test_expiring_soon_leaves_out_expired_and_later_ones(client, log_in, offices):
    mine, _other = offices
    AnnouncementFactory(office=mine, publish_until=NOW + timedelta(days=8))
    AnnouncementFactory(
        office=mine,
        publish_from=NOW - timedelta(days=3),
        publish_until=NOW - timedelta(minutes=1),
    )
    AnnouncementFactory(office=mine, publish_until=NOW + timedelta(days=6))
    AnnouncementFactory(
        office=mine, status=AnnouncementStatus.DRAFT, publish_until=NOW + timedelta(days=2)
    )
    log_in(OFFICE_STAFF, [mine])

    lines = lines_of(client.get("/admin/"))

    line = lines["1 Meldung läuft in den nächsten 7 Tagen ab"]
    assert listed(client, line.url) == 1
    assert clock.now()  # pinned clock


# ---------------------------------------------------------------- missing for going live


def test_coordination_is_told_what_is_missing_for_going_live(client, log_in, demo_data):
    from offices.models import Office, SitePage

    privacy = SitePage.objects.get(slug="datenschutz")
    privacy.body = privacy.body.replace(
        "## Ihre Rechte", "## Datenschutzbeauftragte\n\n## Ihre Rechte"
    )
    privacy.save()
    Office.objects.filter(slug="donapart").update(phone="", email="")
    Office.objects.filter(slug="jobcenter").update(phone="0231 4711-0", email="")
    log_in(COORDINATORS)

    response = client.get("/admin/")

    lines = lines_of(response, "Noch offen für den Start")
    assert set(lines) == {
        "Impressum: enthält noch Platzhalter",
        "Datenschutz: enthält noch Platzhalter",
        "Datenschutz: Abschnitt „Datenschutzbeauftragte“ ist leer",
        "Erklärung zur Barrierefreiheit: enthält noch Platzhalter",
        # The demo's numbers are fictional; the Jobcenter now has a real one.
        "Quartiersmanagement: keine echte Telefonnummer und keine echte E-Mail-Adresse",
        "DoNaPart: keine echte Telefonnummer und keine echte E-Mail-Adresse",
    }
    for line in lines.values():
        assert client.get(line.url).status_code == 200, line.text


def test_nothing_missing_for_going_live_says_so_and_office_staff_never_see_it(
    client, log_in, offices
):
    from offices.models import SitePage

    for slug in SitePage.Slug.values:
        SitePage.objects.create(slug=slug, title=slug, body="## Angaben\n\nVollständig.")
    for office in offices:
        office.phone = "0231 4711-0"
        office.save()
    log_in(COORDINATORS)
    coordination = lines_of(client.get("/admin/"), "Noch offen für den Start")
    client.logout()
    log_in(OFFICE_STAFF, [offices[0]])
    office_staff = client.get("/admin/")

    assert list(coordination) == ["Nichts offen: Rechtstexte und Kontaktwege sind vollständig."]
    assert "Noch offen für den Start" not in [
        s.title for s in office_staff.context["today_sections"]
    ]
