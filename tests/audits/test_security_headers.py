from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

from tests.factories import UserFactory
from tests.public_pages import all_public_paths


class ResourceCollector(HTMLParser):
    """Collects every URL a browser would load or submit to (not plain links)."""

    LOADING = {
        "script": ["src"],
        "img": ["src", "srcset"],
        "source": ["src", "srcset"],
        "iframe": ["src"],
        "audio": ["src"],
        "video": ["src", "poster"],
        "embed": ["src"],
        "object": ["data"],
        "form": ["action"],
    }

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = set((attrs.get("rel") or "").split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
            self.urls.append(attrs.get("href") or "")
        for name in self.LOADING.get(tag, []):
            value = attrs.get(name) or ""
            if name == "srcset":
                self.urls += [part.strip().split(" ")[0] for part in value.split(",") if part]
            else:
                self.urls.append(value)
        if attrs.get("style"):
            self.urls.append("inline-style:" + attrs["style"])


def foreign(urls: list[str]) -> list[str]:
    return [url for url in urls if urlsplit(url).netloc or url.startswith(("//", "inline-style"))]


def test_public_pages_load_nothing_from_other_origins_and_have_no_inline_styles(demo_data):
    client = Client()
    for path in all_public_paths():
        collector = ResourceCollector()
        collector.feed(client.get(path).content.decode())
        assert collector.urls, path
        assert not foreign(collector.urls), (path, foreign(collector.urls))


@pytest.fixture
def pages_to_check(demo_data):
    return [*all_public_paths(), "/admin/login/"]


def test_security_headers_on_every_public_page_and_admin(pages_to_check):
    client = Client()
    for path in pages_to_check:
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert "object-src 'none'" in csp, path
        assert "unsafe-inline" not in csp, path
        assert "unsafe-eval" not in csp, path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert "geolocation=()" in response["Permissions-Policy"], path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert response["X-Frame-Options"] == "DENY", path


def test_hsts_is_sent_over_https(settings, demo_data):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = Client().get("/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_cookies_are_secure_httponly_samesite():
    from django.conf import settings

    # Secure follows HTTPS (on in production, off only for `make run` on 127.0.0.1).
    assert settings.SESSION_COOKIE_SECURE is settings.HTTPS
    assert settings.CSRF_COOKIE_SECURE is settings.HTTPS
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"


@pytest.mark.parametrize(
    ("view", "status", "text"),
    [
        (defaults.bad_request, 400, "Ungültige Anfrage"),
        (defaults.permission_denied, 403, "Kein Zugriff"),
        (defaults.page_not_found, 404, "Diese Seite gibt es nicht"),
    ],
)
def test_error_pages_are_german_in_the_site_layout(db, view, status, text):
    request = RequestFactory().get("/kaputt/")

    response = view(request, exception=Exception("secret detail"))

    html = response.content.decode()
    assert response.status_code == status
    assert text in html
    assert "Zum Inhalt springen" in html
    assert "secret detail" not in html


def test_server_error_page_is_german_without_details(db):
    response = defaults.server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "etwas schiefgegangen" in html
    assert "Traceback" not in html


def test_unhandled_exception_shows_the_german_500_page(client, monkeypatch, db):
    def broken(request):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr("quartier.views.office_selectors.office_list", broken)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "hunter2" not in response.content.decode()
    assert "etwas schiefgegangen" in response.content.decode()


@pytest.mark.parametrize(
    "host", ["evil.example", "bad host!", "[::1", "127.0.0.1@evil.example", "x" * 300 + ".de"]
)
@pytest.mark.parametrize("path", ["/", "/sprechzeiten/", "/admin/login/", "/gibt-es-nicht/"])
def test_invalid_host_header_gives_the_german_400_page(db, host, path):
    client = Client(raise_request_exception=False)

    response = client.get(path, HTTP_HOST=host)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Ungültige Anfrage" in html
    assert "Zum Inhalt springen" in html
    # The forged host is nowhere in the page, not even in the alternate-language links.
    assert host not in html


def test_login_is_locked_after_five_failures_for_that_account_and_address(client, db):
    UserFactory(username="koordination", is_staff=True)
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "koordination", "password": "falsch"},
            REMOTE_ADDR="198.51.100.1",
        )

    locked = client.post(
        "/admin/login/",
        {"username": "koordination", "password": "ein-sicheres-Passwort-2026"},
        REMOTE_ADDR="198.51.100.1",
    )
    other_address = Client().post(
        "/admin/login/",
        {"username": "koordination", "password": "ein-sicheres-Passwort-2026"},
        REMOTE_ADDR="198.51.100.2",
    )

    assert locked.status_code == 429
    assert "vorübergehend gesperrt" in locked.content.decode()
    assert other_address.status_code == 302
