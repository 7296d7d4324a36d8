import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "quartiersbuero.example.org",
    "HTTPS": "1",
    "SITE_URL": "https://quartiersbuero.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    test_only = {"DEBUG", "SECRET_KEY", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_without_debug_is_a_clear_error():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where WAL does not apply; the option must still be set.
    assert mode in {"wal", "memory"}
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


def test_site_url_check_insists_on_an_https_site_url(settings):
    from quartier.core.checks import site_url_check

    settings.SITE_URL_CONFIGURED = False
    missing = site_url_check(None)
    settings.SITE_URL_CONFIGURED = True
    settings.HTTPS = True
    settings.SITE_URL = "http://quartiersbuero.example.org"
    plain = site_url_check(None)
    settings.SITE_URL = "https://quartiersbuero.example.org"

    assert [e.id for e in missing] == ["quartier.E001"]
    assert [e.id for e in plain] == ["quartier.E002"]
    assert site_url_check(None) == []


@pytest.mark.parametrize(
    ("site_url", "https", "error"),
    [
        ("", "1", "quartier.E001"),
        ("http://quartiersbuero.example.org", "1", "quartier.E002"),
    ],
)
def test_plain_check_without_debug_refuses_a_missing_or_plain_site_url(site_url, https, error):
    # A normal check: `migrate` and the server stop too, not only `check --deploy`.
    env = {**PRODUCTION_ENV, "SITE_URL": site_url, "HTTPS": https}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert error in result.stderr
    assert "SITE_URL" in result.stderr


def test_site_url_check_is_silent_with_debug_on(settings):
    from quartier.core.checks import site_url_check

    settings.DEBUG = True
    settings.SITE_URL_CONFIGURED = False

    assert site_url_check(None) == []


LOG_AN_ERROR = """
import logging
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").exception("Internal Server Error: /fonds/\\nforged")
logging.getLogger("quartier").warning("second event")
"""


def test_a_traceback_is_logged_on_the_line_of_its_event():
    result = run_manage("shell", "-c", LOG_AN_ERROR, env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    error, warning = result.stderr.splitlines()
    assert error.startswith("time=")
    assert " level=ERROR logger=django.request " in error
    assert "message=Internal Server Error: /fonds/\\nforged exc=Traceback" in error
    assert error.endswith("ZeroDivisionError: division by zero")
    assert " level=WARNING logger=quartier message=second event" in warning
