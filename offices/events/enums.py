from django.db import models
from django.utils.translation import gettext_lazy as _


class SignupStatus(models.TextChoices):
    SIGNED_UP = "angemeldet", _("Angemeldet")
    WAITING = "warteliste", _("Auf der Warteliste")
    CANCELLED = "abgesagt", _("Abgesagt")


# The one table of allowed status changes (services apply it): a waiting person moves up,
# anyone may cancel, a cancelled sign-up stays cancelled (signing up again is a new row).
SIGNUP_TRANSITIONS: dict[str, frozenset[str]] = {
    SignupStatus.WAITING: frozenset({SignupStatus.SIGNED_UP, SignupStatus.CANCELLED}),
    SignupStatus.SIGNED_UP: frozenset({SignupStatus.WAITING, SignupStatus.CANCELLED}),
    SignupStatus.CANCELLED: frozenset(),
}


def signup_can_transition(from_status: str, to_status: str) -> bool:
    return to_status in SIGNUP_TRANSITIONS.get(from_status, frozenset())
