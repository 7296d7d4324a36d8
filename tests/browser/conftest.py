"""Real-browser tests: Playwright driving Debian's Chromium (Playwright's own download does not
work on these machines). Without Chromium they are skipped loudly; REQUIRE_BROWSER=1 fails."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path("test-output/screenshots")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: browser tests NOT RUN. "
            "Install it with `apt-get install chromium`."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab at desktop width; fails the test on any request to another origin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    own_origin = urlsplit(live_server.url).netloc
    foreign = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).scheme in {"http", "https"}
            and urlsplit(request.url).netloc != own_origin
            else None
        ),
    )
    yield page
    context.close()
    assert not foreign, f"requests to other origins: {foreign}"


# The README's pictures of the staff area: copied to docs/screenshots/ only on request, so a
# normal test run writes no tracked file.
DOCS_SCREENSHOTS = Path("docs/screenshots")
UPDATE_DOCS_SCREENSHOTS = os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1"


@pytest.fixture
def screenshot():
    """Saves a full-page screenshot under test-output/screenshots/; `docs=True` also refreshes
    the copy in docs/screenshots/ when UPDATE_DOCS_SCREENSHOTS=1."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, docs: bool = False) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if docs and UPDATE_DOCS_SCREENSHOTS:
            DOCS_SCREENSHOTS.mkdir(exist_ok=True)
            (DOCS_SCREENSHOTS / path.name).write_bytes(path.read_bytes())
        return path

    return take


@pytest.fixture
def staff_login(live_server):
    """Logs a staff member of any role in as a person does: user name, password and the current
    code of their authenticator app on the login form. `role=None` makes a superuser;
    `two_factors=False` a person who has not set up an authenticator app (optional for the
    Büro-Team)."""
    from django.contrib.auth import get_user_model
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import PASSWORD, staff_user

    def log_in(page, *, role: str | None, username: str, offices=(), two_factors=True, **names):
        if role is None:
            user = get_user_model().objects.create_superuser(
                username, f"{username}@example.org", PASSWORD
            )
        else:
            user = staff_user(role=role, offices=offices, username=username)
        if names:
            for field, value in names.items():
                setattr(user, field, value)
            user.save()
        page.goto(live_server.url + "/admin/login/?next=/admin/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(PASSWORD)
        if two_factors:
            device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
            code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            page.get_by_label("Sicherheitscode").fill(f"{code.token():06d}")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(live_server.url + "/admin/")
        return user

    return log_in
