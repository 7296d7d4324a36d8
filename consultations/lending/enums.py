from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    ROOM = "raum", _("Raum")
    CARGO_BIKE = "lastenrad", _("Lastenrad")


class LoanStatus(models.TextChoices):
    REQUESTED = "angefragt", _("Angefragt")
    CONFIRMED = "zugesagt", _("Zugesagt")
    DECLINED = "abgelehnt", _("Abgelehnt")
    CANCELLED = "abgesagt", _("Abgesagt")
    HANDED_OUT = "ausgegeben", _("Ausgegeben")
    RETURNED = "zurueck", _("Zurückgegeben")


# The one table of allowed status changes; services.decisions and services.handover apply it.
LOAN_TRANSITIONS: dict[str, frozenset[str]] = {
    LoanStatus.REQUESTED: frozenset(
        {LoanStatus.CONFIRMED, LoanStatus.DECLINED, LoanStatus.CANCELLED}
    ),
    LoanStatus.CONFIRMED: frozenset({LoanStatus.CANCELLED, LoanStatus.HANDED_OUT}),
    LoanStatus.HANDED_OUT: frozenset({LoanStatus.RETURNED}),
    LoanStatus.DECLINED: frozenset(),
    LoanStatus.CANCELLED: frozenset(),
    LoanStatus.RETURNED: frozenset(),
}

# The statuses in which a loan holds its time: no two of them overlap for one item (the
# database's exclusion constraint on PostgreSQL, the writing transaction on SQLite).
BLOCKING = (LoanStatus.CONFIRMED, LoanStatus.HANDED_OUT)


def loan_can_transition(from_status: str, to_status: str) -> bool:
    return to_status in LOAN_TRANSITIONS.get(from_status, frozenset())


class Condition(models.TextChoices):
    GOOD = "gut", _("In Ordnung")
    DIRTY = "verschmutzt", _("Verschmutzt")
    DAMAGED = "beschaedigt", _("Beschädigt")
