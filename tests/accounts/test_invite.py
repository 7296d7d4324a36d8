import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from tests.factories import OfficeFactory


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://quartier.example"


def invite(*args):
    out = StringIO()
    call_command("invite_staff", *args, stdout=out)
    return out.getvalue()


def test_invite_creates_staff_for_the_office_and_mails_a_set_password_link(
    client, django_capture_on_commit_callbacks, db
):
    OfficeFactory(slug="jobcenter", name="Aktionsbüro Jobcenter")

    with django_capture_on_commit_callbacks(execute=True):
        invite("Anna.Schmidt@example.org", "--office", "jobcenter")

    user = get_user_model().objects.get(username="anna.schmidt@example.org")
    assert user.is_staff
    assert not user.has_usable_password()
    assert user.groups.get().name == "Büro-Team"
    assert [m.office.slug for m in user.office_memberships.all()] == ["jobcenter"]
    (message,) = mail.outbox
    assert "Aktionsbüro Jobcenter" in message.body
    link = re.search(r"https://quartier.example(\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    set_password = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Lastenrad-Westerfilde-23", "new_password2": "Lastenrad-Westerfilde-23"},
    )

    user.refresh_from_db()
    assert set_password.status_code == 302
    assert user.check_password("Lastenrad-Westerfilde-23")
    client.logout()
    login = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": "Lastenrad-Westerfilde-23"},
    )
    assert login.status_code == 302
    assert login["Location"] == "/admin/"


def test_invite_rejects_weak_password_at_first_login(client, db):
    OfficeFactory(slug="jobcenter")
    output = invite("b@example.org", "--office", "jobcenter")
    link = re.search(r"https://quartier.example(\S+)", output).group(1)

    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    assert not get_user_model().objects.get(username="b@example.org").has_usable_password()


def test_invite_unknown_office_is_an_error(db):
    with pytest.raises(CommandError, match="Unknown office: gibtsnicht"):
        invite("c@example.org", "--office", "gibtsnicht")
