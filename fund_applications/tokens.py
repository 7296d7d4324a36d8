"""Private links without accounts: a token is a public lookup key plus a secret part.

The key finds the row through an index; the secret is compared in constant time, so response
times tell an attacker nothing about how much of a guessed secret was right. When no row has
the key, the secret is compared against a dummy of the same length, and the callers load
nothing more until the secret matched: an unknown key and a known key with a wrong secret run
the same code and the same queries, so timing does not tell whether a key exists. The secret
is kept (not hashed) because staff emails must be able to repeat the link later."""

import hmac
import re
import secrets

KEY_LENGTH = 12
SECRET_LENGTH = 32
TOKEN_PATTERN = rf"[A-Za-z0-9_-]{{{KEY_LENGTH + SECRET_LENGTH}}}"
_TOKEN_RE = re.compile(rf"^{TOKEN_PATTERN}$")
# What an unknown key is compared against: random, so no guess can ever match it.
_DUMMY_SECRET = secrets.token_urlsafe(24)


def new_key_and_secret() -> tuple[str, str]:
    key = secrets.token_urlsafe(9)  # 12 characters, 72 random bits: only for the index
    secret = secrets.token_urlsafe(24)  # 32 characters, 192 random bits
    return key, secret


def split(token: str) -> tuple[str, str] | None:
    if not _TOKEN_RE.match(token or ""):
        return None
    return token[:KEY_LENGTH], token[KEY_LENGTH:]


def secret_matches(stored: str | None, given: str) -> bool:
    """True if the given secret is the stored one. `stored` is None when no row has the key:
    then the same comparison runs against the dummy secret and the answer is False."""
    compared = _DUMMY_SECRET if stored is None else stored
    matches = hmac.compare_digest(compared.encode(), given.encode())
    return matches and stored is not None
