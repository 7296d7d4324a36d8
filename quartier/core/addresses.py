"""E-mail addresses the outbox can deliver to.

Django's EmailField accepts a quoted local part (`"<b>anna</b>"@example.org` is valid by the
RFC); the outbox (django-post-office) reads anything in angle brackets as "Name <address>"
and refuses it, in the transaction of the change that sends the mail. Nobody really has such
an address, so forms refuse it at once, with a message in plain German."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_plain_address(value: str) -> None:
    local_part = (value or "").rpartition("@")[0]
    if '"' in local_part or "<" in value or ">" in value:
        raise ValidationError(
            _(
                "Bitte geben Sie die E-Mail-Adresse ohne Anführungszeichen und spitze Klammern "
                "an, zum Beispiel name@beispiel.de."
            ),
            code="address_not_plain",
        )
