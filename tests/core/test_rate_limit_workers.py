"""Limits hold across workers with `make run`'s defaults: no Redis, the shared cache is a table
in the database. 14 reports from one address against a limit of 5, sent at once to gunicorn
with several worker processes: exactly 5 are stored."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from quartier.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db(transaction=True)

URL_PATH = "/barrierefreiheit/rueckmeldung/"


def _database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(workers: int, port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "PAGE_CACHE_SECONDS": "0",
        "ACCESSIBILITY_FEEDBACK_RATE_LIMIT": "5",
    }
    environment.pop("REDIS_URL", None)
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "quartier.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
        ],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120  # a busy CI machine boots four workers slowly
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            urllib.request.urlopen(base + "/", timeout=10)  # noqa: S310 - loopback
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer")


@pytest.mark.parametrize("workers", [2, 4])
def test_fourteen_reports_from_one_address_store_exactly_the_limit(workers):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(workers, port)
    try:
        _wait_until_up(base, server)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = opener.open(base + URL_PATH, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        poster = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

        def report(number) -> int:
            # Fourteen different reports: the same text twice would be stored once anyway.
            body = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "message": f"Barriere {number}", "homepage": ""}
            ).encode()
            try:
                return poster.open(base + URL_PATH, data=body, timeout=30).status
            except urllib.error.HTTPError as answer:
                return answer.code

        with ThreadPoolExecutor(max_workers=14) as pool:
            statuses = list(pool.map(report, range(14)))
    finally:
        server.terminate()
        server.wait(10)

    assert sorted(statuses) == [302] * 5 + [429] * 9
    assert AccessibilityFeedback.objects.count() == 5
