"""The one list of what in this app names or reaches a person. The retention rule and the
erasure in the admin blank these fields (quartier.ideas.services.erasure), and the Auskunft
reports them (quartier.ideas.selectors.subject_access_report)."""

from django.utils.crypto import salted_hmac

from quartier.core.submissions import email_key

# How the author is reached: never on a public page, never in a feed.
IDEA_CONTACT_FIELDS = ("email",)
# Text sent only to the author; it may name them or others.
IDEA_PRIVATE_TEXT_FIELDS = ("private_answer",)
# A support keeps no address at all: only this keyed hash of it.
SUPPORT_PERSONAL_FIELDS = ("email_hash",)

_SUPPORT_SALT = "quartier.ideas.support"


def support_email_hash(email: str) -> str:
    """The same value for `Name@Example.org ` and `name@example.org`; without SECRET_KEY
    nobody can test an address against it."""
    return salted_hmac(_SUPPORT_SALT, email_key(email), algorithm="sha256").hexdigest()
