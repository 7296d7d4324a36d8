"""The link in the mail that confirms a support: the support's random key, signed with
SECRET_KEY (django.core.signing compares in constant time). Nothing is looked up before the
signature is right; a link is good for RETENTION_DAYS["ideas_unconfirmed_supports"] days."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

SUPPORT_SALT = "quartier.ideas.support-confirm"
TOKEN_PATTERN = r"[A-Za-z0-9_\-.:]{20,120}"  # noqa: S105 - a URL pattern, no secret


def support_token(key: str) -> str:
    return signing.TimestampSigner(salt=SUPPORT_SALT, sep=".").sign(key)


def key_from_support_token(token: str) -> str | None:
    """The support's key, or None if the link is forged or too old."""
    try:
        return signing.TimestampSigner(salt=SUPPORT_SALT, sep=".").unsign(
            token,
            max_age=timedelta(days=settings.RETENTION_DAYS["ideas_unconfirmed_supports"]),
        )
    except signing.BadSignature:
        return None
