"""The token of a hold: a time kept for a few minutes while the resident types their details.
It is a random secret in the resident's form, not a link, so it needs no lookup key."""

import secrets

HOLD_TOKEN_PATTERN = r"[A-Za-z0-9_-]{32}"  # noqa: S105 - a pattern, not a secret


def new_hold_token() -> str:
    return secrets.token_urlsafe(24)  # 32 characters
