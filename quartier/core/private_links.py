"""Private links without accounts: a public lookup key plus a secret part, in one token.

Used for every page a resident reaches by a link instead of a login (the Stadtteilfonds draft
and status pages, the private page of an online booking). The key finds the row through an
index; the secret is compared in constant time, so response times tell an attacker nothing
about how much of a guessed secret was right. When no row has the key, the secret is compared
against a dummy of the same length, and callers load nothing more until the secret matched:
an unknown key and a known key with a wrong secret run the same code and the same queries, so
timing does not tell whether a key exists. The secret is kept (not hashed) because staff
emails must be able to repeat the link later."""

import hmac
import re
import secrets
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.db import models
from django.http import Http404
from django.views.decorators.cache import never_cache

KEY_LENGTH = 12
SECRET_LENGTH = 32
TOKEN_PATTERN = rf"[A-Za-z0-9_-]{{{KEY_LENGTH + SECRET_LENGTH}}}"
_TOKEN_RE = re.compile(rf"^{TOKEN_PATTERN}$")
# What an unknown key is compared against: random, so no guess can ever match it.
_DUMMY_SECRET = secrets.token_urlsafe(24)

Row = TypeVar("Row", bound=models.Model)


def new_key_and_secret() -> tuple[str, str]:
    key = secrets.token_urlsafe(9)  # 12 characters, 72 random bits: only for the index
    secret = secrets.token_urlsafe(24)  # 32 characters, 192 random bits
    return key, secret


def split(token: str) -> tuple[str, str] | None:
    """The key and the secret of a well-formed token, else None."""
    if not _TOKEN_RE.match(token or ""):
        return None
    return token[:KEY_LENGTH], token[KEY_LENGTH:]


def secret_matches(stored: str | None, given: str) -> bool:
    """True if the given secret is the stored one. `stored` is None when no row has the key:
    then the same comparison runs against the dummy secret and the answer is False."""
    compared = _DUMMY_SECRET if stored is None else stored
    matches = hmac.compare_digest(compared.encode(), given.encode())
    return matches and stored is not None


def row_by_token(queryset: models.QuerySet[Row], *, token: str, fields: tuple[str, str]) -> Row:
    """The one row of `queryset` behind a private link, or Http404 for a malformed token, an
    unknown key or a wrong secret, all three after the same comparison. `fields` names the
    key column and the secret column. Load related rows
    only after this returned: loading them before would make a known key measurably slower."""
    parts = split(token)
    if parts is None:
        raise Http404
    key, secret = parts
    key_field, secret_field = fields
    row = queryset.filter(**{key_field: key}).first()
    if not secret_matches(getattr(row, secret_field) if row is not None else None, secret):
        raise Http404
    return row


def private_page(view: Callable) -> Callable:
    """Pages behind a private link: never cached, never indexed. (The site-wide
    Referrer-Policy "same-origin" keeps the link from other sites; "no-referrer" would make
    browsers send "Origin: null" and fail the CSRF check.)"""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapped)


# ---------------------------------------------------------------- masking for staff

MASK = "••••••"
# What a secret URL path segment looks like, for every private link the site sends: the
# tokens above; values signed with django.core.signing (the newsletter's confirm and
# unsubscribe links: "key.signature" or "key.timestamp.signature", a 43-character SHA-256
# signature); Django's password-reset token in a staff invitation ("<timestamp>-<32 hex>").
_PRIVATE_SEGMENT = (
    rf"{TOKEN_PATTERN}"
    r"|[A-Za-z0-9_-]+(?:[.:][A-Za-z0-9_-]+)*[.:][A-Za-z0-9_-]{43}"
    r"|[0-9a-z]{1,13}-[0-9a-f]{32}"
)
_PRIVATE_SEGMENT_RE = re.compile(rf"(?<=/)(?:{_PRIVATE_SEGMENT})(?=[/?#\s]|$)", re.MULTILINE)


def mask_private_links(text: str) -> str:
    """`text` with every secret path segment of a link replaced by dots, for what staff read
    (the outbox, mail previews): whoever reads a resident's or a colleague's link could act in
    their name. The mail itself keeps the real link."""
    return _PRIVATE_SEGMENT_RE.sub(MASK, text or "")
