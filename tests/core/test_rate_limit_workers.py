"""Limits hold across workers with `make run`'s defaults: no Redis, the shared cache is a table
in the database. 14 reports from one address against a limit of 5, sent at once to gunicorn
with several worker processes: exactly 5 are stored."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from quartier.models import AccessibilityFeedback
from tests.app_servers import free_port, serve, stop, wait_until_up

pytestmark = pytest.mark.django_db(transaction=True)

URL_PATH = "/barrierefreiheit/rueckmeldung/"


@pytest.mark.parametrize("workers", [2, 4])
def test_fourteen_reports_from_one_address_store_exactly_the_limit(workers):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(port, workers=workers, ACCESSIBILITY_FEEDBACK_RATE_LIMIT="5")
    try:
        wait_until_up(base, server)
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
        stop(server)

    assert sorted(statuses) == [302] * 5 + [429] * 9
    assert AccessibilityFeedback.objects.count() == 5
