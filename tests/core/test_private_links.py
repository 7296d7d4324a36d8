"""Private links must not tell whether a lookup key exists: an unknown key and a known key
with a wrong secret run the same code (one constant-time comparison of a secret of the same
length) and the same database queries. Tested by behaviour, not by timing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fund_applications.enums import ApplicationStatus
from quartier.core import private_links as tokens
from tests.factories import ApplicationDraftFactory, ApplicationFactory

UNKNOWN_KEY = "unknownkey00"
WRONG_SECRET = "w" * tokens.SECRET_LENGTH


@pytest.fixture
def comparisons(monkeypatch):
    """Every comparison of secrets the token module makes: (length of stored, of given)."""
    calls: list[tuple[int, int]] = []
    real = tokens.hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    return calls


def test_secret_matches_only_the_stored_secret():
    _key, secret = tokens.new_key_and_secret()

    assert tokens.secret_matches(secret, secret)
    assert not tokens.secret_matches(secret, WRONG_SECRET)
    assert not tokens.secret_matches(None, WRONG_SECRET)
    # Not even the dummy itself opens anything when the key is unknown.
    assert not tokens.secret_matches(None, tokens._DUMMY_SECRET)


def test_unknown_key_is_compared_like_a_known_one(comparisons):
    _key, secret = tokens.new_key_and_secret()

    tokens.secret_matches(secret, WRONG_SECRET)
    tokens.secret_matches(None, WRONG_SECRET)

    assert comparisons == [(tokens.SECRET_LENGTH, tokens.SECRET_LENGTH)] * 2


def _draft_requests(token: str) -> list[tuple[str, str]]:
    def url(name, **kwargs):
        return reverse(f"fund_applications:{name}", kwargs={"token": token, **kwargs})

    pages = ["resume", "saved", "review", "confirmation"]
    return [
        *(("get", url(name)) for name in pages),
        ("get", url("step", step="projekt")),
        ("post", url("step", step="projekt")),
        ("post", url("submit")),
    ]


def _status_requests(token: str) -> list[tuple[str, str]]:
    def url(name):
        return reverse(f"fund_applications:{name}", kwargs={"token": token})

    return [
        *(("get", url(name)) for name in ["status", "withdraw", "answer", "report"]),
        *(("post", url(name)) for name in ["withdraw", "answer", "report"]),
    ]


def _normalised(queries: list[dict], key: str) -> list[str]:
    # The two requests differ only in the key they look up.
    return [re.sub(re.escape(key), "KEY", query["sql"]) for query in queries]


def _probe(client, request: tuple[str, str], key: str, comparisons: list):
    method, url = request
    comparisons.clear()
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
    return response.status_code, _normalised(queries.captured_queries, key), list(comparisons)


@pytest.mark.parametrize(
    ("make_row", "urls"),
    [
        (lambda: ApplicationDraftFactory(), _draft_requests),
        (lambda: ApplicationFactory(status=ApplicationStatus.QUESTION), _status_requests),
    ],
    ids=["resume link", "status link"],
)
def test_known_key_with_wrong_secret_runs_the_same_path_as_an_unknown_key(
    client, db, comparisons, make_row, urls
):
    row = make_row()
    known_key = getattr(row, "key", None) or row.status_key

    for known_request, unknown_request in zip(
        urls(known_key + WRONG_SECRET), urls(UNKNOWN_KEY + WRONG_SECRET), strict=True
    ):
        known = _probe(client, known_request, known_key, comparisons)
        unknown = _probe(client, unknown_request, UNKNOWN_KEY, comparisons)

        assert known[0] == unknown[0] == 404, known_request
        # The same queries, none more for a known key.
        assert known[1] == unknown[1], known_request
        assert known[2] == unknown[2] == [(tokens.SECRET_LENGTH, tokens.SECRET_LENGTH)]


def test_right_token_still_opens_the_status_page(client, db):
    application = ApplicationFactory(title="Hochbeete im Hof")

    response = client.get(application.get_status_url())

    assert response.status_code == 200
    assert "Hochbeete im Hof" in response.content.decode()
