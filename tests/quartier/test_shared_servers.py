"""Two app servers behind one address share everything that matters: the database (sessions,
the shared cache with the rate limits), the public and the private bucket. Each has a local
disk and a temporary folder of its own. A form with an error and a file goes to the first,
the correction to the second: the file is kept. A rate limit counts across both."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from offices.models import Announcement
from quartier.accounts.roles import OFFICE_STAFF
from quartier.core.kept_uploads import FOLDER
from quartier.models import AccessibilityFeedback
from tests.app_servers import free_port, serve, stop, wait_until_up
from tests.factories import (
    OfficeFactory,
    announcement_form_data,
    login_with_two_factors,
    picture_upload,
    staff_user,
)

pytestmark = [pytest.mark.s3, pytest.mark.django_db(transaction=True)]

ADD_ANNOUNCEMENT = "/admin/offices/announcement/add/"
FEEDBACK = "/barrierefreiheit/rueckmeldung/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def multipart(fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]):
    """A form with files as a browser sends it: (body, content type)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content_type, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(opener, url: str, body: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 - the servers the test started
        url, data=body, headers={"Content-Type": content_type}
    )
    try:
        with opener.open(request, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode()


def session_cookie(value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        version=0,
        name="sessionid",
        value=value,
        port=None,
        port_specified=False,
        domain="127.0.0.1",
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )


def csrf_token(opener, url: str) -> str:
    page = opener.open(url, timeout=60).read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.fixture
def two_servers(s3_buckets, tmp_path):
    """Two gunicorns on the same database and buckets, each with its own disk and TMPDIR."""
    servers, bases = [], []
    try:
        for number in (1, 2):
            own = tmp_path / f"server-{number}"
            (own / "tmp").mkdir(parents=True)
            port = free_port()
            servers.append(
                serve(
                    port,
                    **s3_buckets.environment(),
                    TMPDIR=str(own / "tmp"),
                    MEDIA_ROOT=str(own / "media"),
                    PRIVATE_MEDIA_ROOT=str(own / "private"),
                    ACCESSIBILITY_FEEDBACK_RATE_LIMIT="3",
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base, server in zip(bases, servers, strict=True):
            wait_until_up(base, server)
        yield bases
    finally:
        for server in servers:
            stop(server)


def test_two_servers_keep_a_file_across_them_and_count_one_rate_limit(
    two_servers, s3_buckets, tmp_path
):
    first, second = two_servers
    office = OfficeFactory(name="Aktionsbüro")
    staff = Client()
    login_with_two_factors(staff, staff_user(role=OFFICE_STAFF, offices=[office]))
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    # One login for both: the session is in the shared database.
    jar.set_cookie(session_cookie(staff.cookies["sessionid"].value))
    picture = picture_upload(name="Sommerfest.jpg").read()
    fields = announcement_form_data(office=str(office.pk))

    token = csrf_token(browser, first + ADD_ANNOUNCEMENT)
    status, page = post(
        browser,
        first + ADD_ANNOUNCEMENT,
        *multipart(
            {**fields, "csrfmiddlewaretoken": token, "title": ""},
            {"picture": ("Sommerfest.jpg", "image/jpeg", picture)},
        ),
    )
    reference = re.search(r'name="picture__kept" value="([^"]+)"', page)
    status_second, page_second = post(
        browser,
        second + ADD_ANNOUNCEMENT,
        *multipart(
            {
                **fields,
                "csrfmiddlewaretoken": token,
                "title": "Sommerfest",
                "picture__kept": reference.group(1) if reference else "",
            },
            {},
        ),
    )

    assert status == 200
    assert reference, "the first server did not keep the file"
    assert status_second == 302, page_second
    announcement = Announcement.objects.get()
    assert announcement.title == "Sommerfest"
    assert announcement.renditions
    assert {r.name for r in announcement.renditions} == s3_buckets.names(s3_buckets.public)
    kept = s3_buckets.names(s3_buckets.private)
    assert len(kept) == 1
    assert next(iter(kept)).startswith(f"{FOLDER}/")
    # Nothing of it on either server's own disk.
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]

    # A rate limit of 3 reports an hour per address, counted by both servers together.
    anonymous = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )
    tokens = [csrf_token(anonymous, base + FEEDBACK) for base in two_servers]

    def report(number: int) -> int:
        base = two_servers[number % 2]
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": tokens[number % 2],
                "message": f"Barriere {number}",
                "homepage": "",
            }
        ).encode()
        return post(anonymous, base + FEEDBACK, body, "application/x-www-form-urlencoded")[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(report, range(8)))

    assert sorted(statuses) == [302] * 3 + [429] * 5
    assert AccessibilityFeedback.objects.count() == 3
