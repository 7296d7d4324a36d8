"""The private link of a booking, without an account: a public lookup key plus a secret.

The key finds the row through an index; the secret is compared in constant time, so response
times tell nothing about how much of a guessed secret was right (the same scheme as the
Stadtteilfonds status links, kept here because apps do not import the fund app)."""

import hmac
import re
import secrets

KEY_LENGTH = 12
SECRET_LENGTH = 32
TOKEN_PATTERN = rf"[A-Za-z0-9_-]{{{KEY_LENGTH + SECRET_LENGTH}}}"
_TOKEN_RE = re.compile(rf"^{TOKEN_PATTERN}$")
HOLD_TOKEN_PATTERN = r"[A-Za-z0-9_-]{32}"  # noqa: S105 - a pattern, not a secret


def new_key_and_secret() -> tuple[str, str]:
    return secrets.token_urlsafe(9), secrets.token_urlsafe(24)  # 72 and 192 random bits


def new_hold_token() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


def split(token: str) -> tuple[str, str] | None:
    if not _TOKEN_RE.match(token or ""):
        return None
    return token[:KEY_LENGTH], token[KEY_LENGTH:]


def secret_matches(stored: str, given: str) -> bool:
    return hmac.compare_digest(stored.encode(), given.encode())
