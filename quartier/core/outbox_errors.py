"""What an undeliverable mail's error means, in German words for staff. The mail server's own
answer stays beside it (English, technical): the explanation says what to do about it."""

import re

from django.utils.translation import gettext_lazy as _

# By exception class (post_office's Log.exception_type), then by SMTP reply code.
_BY_EXCEPTION = {
    "SMTPAuthenticationError": _(
        "Die Website konnte sich nicht am Mailserver anmelden. Bitte die Technik bitten, "
        "Benutzername und Passwort des Mailservers zu prüfen."
    ),
    "SMTPSenderRefused": _(
        "Der Mailserver hat die Absenderadresse der Website abgelehnt. Bitte die Technik "
        "informieren."
    ),
    "SMTPServerDisconnected": _(
        "Der Mailserver hat die Verbindung getrennt. Meist ist das vorübergehend: später "
        "erneut senden."
    ),
    "SMTPConnectError": _(
        "Der Mailserver war nicht erreichbar. Meist ist das vorübergehend: später erneut senden."
    ),
    "ConnectionRefusedError": _(
        "Der Mailserver war nicht erreichbar. Meist ist das vorübergehend: später erneut senden."
    ),
    "TimeoutError": _(
        "Der Mailserver hat nicht rechtzeitig geantwortet. Meist ist das vorübergehend: später "
        "erneut senden."
    ),
}
_RECIPIENT_UNKNOWN = _(
    "Der Mailserver des Empfängers kennt diese Adresse nicht. Bitte die Adresse prüfen "
    "(Tippfehler?) oder die Person auf anderem Weg erreichen."
)
_MAILBOX_FULL = _("Das Postfach des Empfängers ist voll. Später erneut senden.")
_TEMPORARY = _("Der Mailserver hat die E-Mail vorübergehend abgelehnt. Später erneut senden.")
_OTHER = _(
    "Der Mailserver hat die E-Mail nicht angenommen. Die Originalmeldung des Servers steht "
    "darunter; bei Wiederholung bitte die Technik informieren."
)
_CODE = re.compile(r"\b([45]\d\d)\b")


def explain_send_error(*, exception_type: str, message: str) -> str:
    """A German sentence for staff about why a mail could not be delivered."""
    if exception_type in _BY_EXCEPTION:
        return str(_BY_EXCEPTION[exception_type])
    match = _CODE.search(message or "")
    code = match.group(1) if match else ""
    if code == "552":
        return str(_MAILBOX_FULL)
    if code.startswith("4"):
        return str(_TEMPORARY)
    if code in {"550", "551", "553"} or exception_type == "SMTPRecipientsRefused":
        return str(_RECIPIENT_UNKNOWN)
    return str(_OTHER)
