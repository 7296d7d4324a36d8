"""The links in newsletter mails: the subscriber's random key, signed with SECRET_KEY and a salt
per purpose (django.core.signing compares the signature in constant time). Nothing is looked
up before the signature is right, so a guessed link tells nothing about which keys exist."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "quartier.newsletter.confirm"
UNSUBSCRIBE_SALT = "quartier.newsletter.unsubscribe"
TOKEN_PATTERN = r"[A-Za-z0-9_\-.:]{20,120}"  # noqa: S105 - a URL pattern, no secret


def confirm_token(key: str) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT, sep=".").sign(key)


def unsubscribe_token(key: str) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").sign(key)


def key_from_confirm_token(token: str) -> str | None:
    """The key in a confirmation link, or None if forged or older than the sign-up's life."""
    try:
        return signing.TimestampSigner(salt=CONFIRM_SALT, sep=".").unsign(
            token, max_age=timedelta(days=settings.NEWSLETTER_UNCONFIRMED_DAYS)
        )
    except signing.BadSignature:
        return None


def key_from_unsubscribe_token(token: str) -> str | None:
    """The key in an unsubscribe link (these never expire), or None if forged."""
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        return None
