"""Accounts without Django internals: `invite_staff` for every role, the plain
staff page for Koordination, the invitation page, two factors for superusers."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from offices.models import Office
from quartier.accounts.roles import COORDINATORS, FUND_TEAM, JURY, OFFICE_STAFF
from tests.factories import OfficeFactory, UserFactory, login_with_two_factors, staff_user

pytestmark = pytest.mark.django_db

SITE_URL = "https://quartier.example"
PASSWORD = "Lastenrad-Westerfilde-23"
User = get_user_model()


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def offices(db):
    return [
        OfficeFactory(slug="jobcenter", name="Aktionsbüro Jobcenter", short_name="Jobcenter"),
        OfficeFactory(slug="awo", name="AWO Stadtteilbüro", short_name="AWO"),
    ]


@pytest.fixture
def coordinator(client, offices):
    user = staff_user(role=COORDINATORS, username="koordination@example.org")
    user.first_name, user.last_name, user.email = "Katrin", "Koch", "koordination@example.org"
    user.save()
    login_with_two_factors(client, user)
    return user


def invite(*args):
    out = StringIO()
    call_command("invite_staff", *args, stdout=out)
    return out.getvalue()


def invitation_link(message) -> str:
    return re.search(re.escape(SITE_URL) + r"(/\S+)", message.body).group(1)


@pytest.mark.parametrize(
    ("role", "group", "office_args"),
    [
        ("buero", OFFICE_STAFF, ["--office", "jobcenter"]),
        ("koordination", COORDINATORS, []),
        ("stadtteilfonds", FUND_TEAM, []),
        ("jury", JURY, []),
    ],
)
def test_invite_staff_takes_every_role(
    role, group, office_args, offices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite("neu@example.org", "--role", role, "--name", "Ayşe Yılmaz", *office_args)

    user = User.objects.get(username="neu@example.org")
    assert [g.name for g in user.groups.all()] == [group]
    assert user.get_full_name() == "Ayşe Yılmaz"
    (message,) = mail.outbox
    assert "Guten Tag Ayşe Yılmaz" in message.body
    assert f"„{group}“" in message.body
    assert invitation_link(message).startswith("/admin/passwort/")


def test_invite_staff_for_the_office_team_needs_an_office(offices):
    with pytest.raises(CommandError, match="needs at least one --office"):
        invite("neu@example.org", "--role", "buero")
    assert not User.objects.filter(username="neu@example.org").exists()


def test_coordinator_sees_the_staff_page_and_not_djangos_user_admin(client, coordinator):
    staff_user(role=OFFICE_STAFF, offices=Office.objects.filter(slug="jobcenter"), username="b")
    index = client.get("/admin/").content.decode()
    page = client.get("/admin/accounts/staffmember/")
    text = page.content.decode()

    assert "Mitarbeitende" in index
    assert "/admin/auth/user/" not in index
    assert "/admin/auth/group/" not in index
    assert client.get("/admin/auth/user/").status_code == 403
    assert page.status_code == 200
    assert "Büro-Team" in text
    assert "Jobcenter" in text
    assert "Anmeldung in zwei Schritten" in text
    assert "zwei Schritte eingerichtet" in text  # the coordinator's own device
    assert "Permissions" not in text
    assert "Berechtigungen" not in text


def invite_form(**values):
    return {"name": "Ayşe Yılmaz", "email": "Ayse@Example.org", "role": OFFICE_STAFF, **values}


def test_coordinator_invites_a_colleague_on_the_plain_form(
    client, coordinator, offices, django_capture_on_commit_callbacks
):
    jobcenter = offices[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/staffmember/add/", invite_form(offices=[jobcenter.pk]), follow=True
        )

    user = User.objects.get(username="ayse@example.org")
    assert "Die Einladung an Ayşe Yılmaz (ayse@example.org) ist verschickt." in (
        response.content.decode()
    )
    assert [g.name for g in user.groups.all()] == [OFFICE_STAFF]
    assert [m.office for m in user.office_memberships.all()] == [jobcenter]
    assert user.is_staff
    assert not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["ayse@example.org"]
    assert "Aktionsbüro Jobcenter" in message.body


def test_office_team_without_office_is_refused_and_keeps_what_was_typed(client, coordinator):
    response = client.post("/admin/accounts/staffmember/add/", invite_form())

    text = response.content.decode()
    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens ein Partnerbüro" in text
    assert 'value="Ayşe Yılmaz"' in text
    assert not User.objects.filter(username="ayse@example.org").exists()
    assert mail.outbox == []


def test_existing_address_is_refused(client, coordinator):
    UserFactory(username="ayse@example.org", email="ayse@example.org")

    response = client.post("/admin/accounts/staffmember/add/", invite_form(role=JURY))

    assert "Für diese Adresse gibt es schon einen Zugang" in response.content.decode()


def test_coordinator_changes_role_and_offices(client, coordinator, offices):
    colleague = staff_user(role=OFFICE_STAFF, offices=offices, username="c@example.org")

    response = client.post(
        f"/admin/accounts/staffmember/{colleague.pk}/change/",
        {"name": "Carla Cem", "role": FUND_TEAM, "is_active": "on"},
        follow=True,
    )

    colleague.refresh_from_db()
    assert "Die Angaben von Carla Cem sind gespeichert." in response.content.decode()
    assert [g.name for g in colleague.groups.all()] == [FUND_TEAM]
    assert not colleague.office_memberships.exists()


def test_deactivated_colleague_is_logged_out_and_can_be_reactivated(client, coordinator, offices):
    from django.test import Client

    colleague = staff_user(role=OFFICE_STAFF, offices=offices[:1], username="d@example.org")
    theirs = Client()
    theirs.force_login(colleague)
    assert theirs.get("/admin/").status_code == 200

    client.post(
        f"/admin/accounts/staffmember/{colleague.pk}/change/",
        {"name": "Dora D", "role": OFFICE_STAFF, "offices": [offices[0].pk]},
    )
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert theirs.get("/admin/").status_code == 302  # back to the login page
    assert "deaktiviert" in client.get("/admin/accounts/staffmember/").content.decode()

    client.post(
        "/admin/accounts/staffmember/",
        {"action": "reactivate", "_selected_action": [colleague.pk]},
    )
    colleague.refresh_from_db()
    assert colleague.is_active


def test_coordinator_cannot_deactivate_themselves(client, coordinator):
    response = client.post(
        f"/admin/accounts/staffmember/{coordinator.pk}/change/",
        {"name": "Katrin Koch", "role": COORDINATORS},
    )

    coordinator.refresh_from_db()
    assert "Ihren eigenen Zugang können Sie nicht deaktivieren." in response.content.decode()
    assert coordinator.is_active


def test_invite_again_sends_a_new_link(client, coordinator, django_capture_on_commit_callbacks):
    colleague = staff_user(role=JURY, username="j@example.org")
    colleague.email = "j@example.org"
    colleague.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/accounts/staffmember/",
            {"action": "invite_again", "_selected_action": [colleague.pk]},
        )

    (message,) = mail.outbox
    assert message.to == ["j@example.org"]
    assert "„Jury“" in message.body


def test_only_coordination_has_the_staff_page(client, offices):
    for role in (OFFICE_STAFF, FUND_TEAM, JURY):
        user = staff_user(role=role, offices=offices[:1])
        login_with_two_factors(client, user)
        assert client.get("/admin/accounts/staffmember/").status_code == 403, role


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [(OFFICE_STAFF, "/admin/"), (JURY, "/admin/"), (COORDINATORS, "/admin/zwei-faktor/")],
)
def test_set_password_logs_in_and_leads_to_the_next_step(
    role, lands_on, client, offices, django_capture_on_commit_callbacks
):
    from quartier.accounts.services import staff_invite

    with django_capture_on_commit_callbacks(execute=True):
        staff_invite(email="neu@example.org", offices=offices[:1], role=role, name="Neu Hier")
    link = invitation_link(mail.outbox[0])

    form_page = client.get(link, follow=True, headers={"accept-language": "de"})
    text = form_page.content.decode()
    assert "Django" not in text
    assert "Passwort festlegen" in text
    assert "Quartiersbüro" in text
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == lands_on
    assert "Ihr Passwort ist gespeichert und Sie sind angemeldet." in response.content.decode()
    assert User.objects.get(username="neu@example.org").check_password(PASSWORD)


def test_used_invitation_link_says_what_to_do(client, offices, django_capture_on_commit_callbacks):
    from quartier.accounts.services import staff_invite

    with django_capture_on_commit_callbacks(execute=True):
        staff_invite(email="neu@example.org", offices=offices[:1], role=OFFICE_STAFF)
    link = invitation_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    client.logout()

    again = client.get(link, follow=True).content.decode()

    assert "Dieser Link gilt nicht mehr" in again
    assert "Jetzt anmelden" in again


def test_superuser_must_set_up_two_factors_first(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/zwei-faktor/"
