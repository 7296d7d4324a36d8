import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from quartier.accounts.roles import COORDINATORS, OFFICE_STAFF
from tests.factories import UserFactory, login_with_two_factors, staff_user

PASSWORD = "ein-sicheres-Passwort-2026"


@pytest.fixture(autouse=True)
def no_throttle_between_attempts(settings):
    # django-otp waits 2^n seconds after n wrong codes; tests send wrong then right at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login(client, username, token=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "otp_token": token},
    )


def test_office_staff_without_device_logs_in_with_password_only(client, db):
    staff_user(role=OFFICE_STAFF, username="jc")

    response = login(client, "jc")

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_coordinator_without_device_must_set_up_two_factors_first(client, db):
    staff_user(role=COORDINATORS, username="koord")
    login(client, "koord")

    response = client.get("/admin/offices/office/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/zwei-faktor/"


def test_setup_with_right_code_shows_ten_recovery_codes_and_opens_admin(client, db):
    user = staff_user(role=COORDINATORS, username="koord")
    login(client, "koord")
    page = client.get("/admin/zwei-faktor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "data:image/svg+xml" in page.content.decode()

    wrong = client.post("/admin/zwei-faktor/", {"device": device.pk, "token": "000000"})
    right = client.post("/admin/zwei-faktor/", {"device": device.pk, "token": current_code(device)})

    assert "Der Code stimmt nicht" in wrong.content.decode()
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", right.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200


def test_login_with_device_needs_the_code(client, db):
    user = staff_user(role=OFFICE_STAFF, username="jc")
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)

    without = login(client, "jc")
    wrong = login(client, "jc", "123456")
    right = login(client, "jc", current_code(device))

    assert without.status_code == 200
    assert "Bitte geben Sie den Code" in without.content.decode()
    assert wrong.status_code == 200
    assert right.status_code == 302


def test_recovery_code_works_once(client, db):
    from quartier.accounts.two_factor import recovery_codes_create

    user = staff_user(role=OFFICE_STAFF, username="jc")
    TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    code = recovery_codes_create(user=user)[0]

    first = login(client, "jc", code)
    client.logout()
    second = login(client, "jc", code)

    assert first.status_code == 302
    assert second.status_code == 200


@pytest.mark.parametrize("verified", [False, True])
def test_password_alone_cannot_replace_an_existing_device(client, db, verified):
    user = staff_user(role=OFFICE_STAFF, username="jc")
    if verified:
        login_with_two_factors(client, user)
    else:
        TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
        client.force_login(user)

    response = client.get("/admin/zwei-faktor/")

    assert response.status_code == (200 if verified else 403)


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"],
)
def test_the_superusers_admin_names_the_two_factor_devices_in_german(client, db, path):
    login_with_two_factors(client, UserFactory(username="admin", is_staff=True, is_superuser=True))

    page = client.get(path).content.decode()

    for english in ("TOTP device", "Static device", "static device", "TOTP Device"):
        assert english not in page
    assert "Authenticator-Apps" in page or "Wiederherstellungscodes" in page


def device_lookups(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # the first page of a session looks up a little more
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return sum("otp_" in query["sql"] for query in captured.captured_queries)


# Verified: the device that verified this login, read from the session. Without a device:
# asked once whether there is one, one query per kind (app, recovery codes).
@pytest.mark.parametrize(("verified", "queries"), [(False, 2), (True, 1)])
def test_an_admin_page_looks_up_the_second_factor_once(client, db, verified, queries):
    user = staff_user(role=OFFICE_STAFF, username="jc")
    if verified:
        login_with_two_factors(client, user)
    else:
        client.force_login(user)

    assert device_lookups(client, "/admin/offices/announcement/") == queries


def test_a_device_set_up_in_another_session_counts_on_the_next_request(client, db):
    user = staff_user(role=OFFICE_STAFF, username="jc")
    client.force_login(user)
    assert client.get("/admin/offices/announcement/").status_code == 200

    TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)

    # A device now exists, but this login has not used it: the admin is closed.
    assert client.get("/admin/offices/announcement/").status_code == 302
