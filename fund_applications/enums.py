"""Statuses of a Stadtteilfonds application, the one table of allowed changes between them, and
what entering each status does. fund_applications.services.lifecycle applies both tables."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "eingegangen", _("eingegangen")
    IN_REVIEW = "in_pruefung", _("in Prüfung")
    QUESTION = "rueckfrage", _("Rückfrage")
    READY_FOR_JURY = "bereit_fuer_jury", _("bereit für Jury")
    APPROVED = "bewilligt", _("bewilligt")
    REJECTED = "abgelehnt", _("abgelehnt")
    WITHDRAWN = "zurueckgezogen", _("zurückgezogen")
    IN_PROGRESS = "in_umsetzung", _("in Umsetzung")
    REPORT_SUBMITTED = "nachweis_eingereicht", _("Verwendungsnachweis eingereicht")
    CLOSED = "abgeschlossen", _("abgeschlossen")


class Actor(models.TextChoices):
    """Who moves an application on: the applicant via the status link, or staff."""

    APPLICANT = "antragsteller", _("Antragsteller/in")
    STAFF = "team", _("Team Stadtteilfonds")
    SYSTEM = "system", _("System")


class TimelineEvent(models.TextChoices):
    """What a line of the application's timeline records."""

    STATUS = "status", _("Statusänderung")
    SESSION_MOVED = "sitzung", _("Jurysitzung verschoben")
    CORRECTED = "korrektur", _("Angaben korrigiert")


class ApplicantType(models.TextChoices):
    PERSON = "person", _("Ich stelle den Antrag als Privatperson")
    GROUP = "gruppe", _("Für eine Gruppe oder Initiative")
    ORGANISATION = "verein", _("Für einen Verein oder eine Einrichtung")


class CostCategory(models.TextChoices):
    MATERIAL = "material", _("Material")
    RENT = "miete", _("Miete für Raum oder Geräte")
    PRINT = "druck", _("Druck und Werbung")
    FOOD = "verpflegung", _("Verpflegung")
    FEES = "honorar", _("Honorare")
    OTHER = "sonstiges", _("Sonstiges")


class Decision(models.TextChoices):
    """What the jury can decide; the values are the statuses the application then gets."""

    APPROVED = "bewilligt", _("bewilligt")
    REJECTED = "abgelehnt", _("abgelehnt")


class MessageSender(models.TextChoices):
    STAFF = "team", _("Team Stadtteilfonds")
    APPLICANT = "antragsteller", _("Antragsteller/in")


S = ApplicationStatus
A = Actor

# Allowed changes: from → {to: actors who may make it}. Applicants can always withdraw before
# the money is spent; answering a question puts the application back into review.
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    S.SUBMITTED: {
        S.IN_REVIEW: frozenset({A.STAFF}),
        S.WITHDRAWN: frozenset({A.APPLICANT, A.STAFF}),
    },
    S.IN_REVIEW: {
        S.QUESTION: frozenset({A.STAFF}),
        S.READY_FOR_JURY: frozenset({A.STAFF}),
        S.REJECTED: frozenset({A.STAFF}),
        S.WITHDRAWN: frozenset({A.APPLICANT, A.STAFF}),
    },
    S.QUESTION: {
        S.IN_REVIEW: frozenset({A.APPLICANT, A.STAFF}),
        S.WITHDRAWN: frozenset({A.APPLICANT, A.STAFF}),
    },
    S.READY_FOR_JURY: {
        S.IN_REVIEW: frozenset({A.STAFF}),
        S.APPROVED: frozenset({A.STAFF}),
        S.REJECTED: frozenset({A.STAFF}),
        S.WITHDRAWN: frozenset({A.APPLICANT, A.STAFF}),
    },
    S.APPROVED: {
        S.IN_PROGRESS: frozenset({A.STAFF}),
        S.WITHDRAWN: frozenset({A.APPLICANT, A.STAFF}),
    },
    S.IN_PROGRESS: {
        S.REPORT_SUBMITTED: frozenset({A.APPLICANT, A.STAFF}),
    },
    S.REPORT_SUBMITTED: {
        S.IN_PROGRESS: frozenset({A.STAFF}),
        S.CLOSED: frozenset({A.STAFF}),
    },
    S.REJECTED: {},
    S.WITHDRAWN: {},
    S.CLOSED: {},
}


@dataclass(frozen=True)
class OnEnter:
    """What entering a status does, besides the timeline entry that every change writes.

    email_applicant: whose change sends the applicant the status email (staff preview it);
    tell_team: the team is emailed when the applicant makes this change themselves;
    dates: Application fields the change fills in (services.lifecycle says how)."""

    email_applicant: frozenset[str] = frozenset({A.STAFF})
    tell_team: bool = False
    dates: tuple[str, ...] = ()


ON_ENTER: dict[str, OnEnter] = {
    # The applicant's confirmation, with the status link.
    S.SUBMITTED: OnEnter(email_applicant=frozenset({A.APPLICANT}), dates=("submitted_at",)),
    # Back into review by answering a question: the team reads the answer.
    S.IN_REVIEW: OnEnter(tell_team=True),
    S.QUESTION: OnEnter(),
    S.READY_FOR_JURY: OnEnter(),
    S.APPROVED: OnEnter(),
    S.REJECTED: OnEnter(),
    S.WITHDRAWN: OnEnter(email_applicant=frozenset({A.APPLICANT, A.STAFF}), tell_team=True),
    S.IN_PROGRESS: OnEnter(dates=("report_due_on",)),
    S.REPORT_SUBMITTED: OnEnter(
        email_applicant=frozenset({A.APPLICANT, A.STAFF}),
        tell_team=True,
        dates=("report_submitted_at",),
    ),
    S.CLOSED: OnEnter(),
}

# ---------------------------------------------------------------- named groups of statuses

# Statuses whose granted amount counts against the year's budget.
GRANTED_STATUSES = frozenset({S.APPROVED, S.IN_PROGRESS, S.REPORT_SUBMITTED, S.CLOSED})

# The jury's decision: entered with its record (votes, amount), never as a plain step.
DECISION_STATUSES = frozenset({S.APPROVED, S.REJECTED})

# "Geförderte Projekte": a granted project counts as finished ("abgeschlossen") once staff have
# accepted its Verwendungsnachweis and closed it; every other granted status is "läuft".
FINISHED_STATUSES = frozenset({S.CLOSED})

# The applicant's steps that wait for the fund team: an answer, a Verwendungsnachweis.
ATTENTION_STATUSES = frozenset({S.IN_REVIEW, S.REPORT_SUBMITTED})
# Applications that wait for a jury session and may still change it.
MOVABLE_STATUSES = frozenset({S.SUBMITTED, S.IN_REVIEW, S.QUESTION, S.READY_FOR_JURY})
# Money may be paid out: granted and not yet closed.
PAYABLE_STATUSES = frozenset({S.APPROVED, S.IN_PROGRESS, S.REPORT_SUBMITTED})


def can_transition(from_status: str, to_status: str, actor: str) -> bool:
    return actor in TRANSITIONS.get(from_status, {}).get(to_status, frozenset())


def allowed_targets(from_status: str, actor: str) -> list[str]:
    """The statuses this actor may move an application to, in the order of the table."""
    return [to for to, actors in TRANSITIONS.get(from_status, {}).items() if actor in actors]


# Statuses the jury may read (without contact data), when the application is on a session.
JURY_STATUSES = frozenset({S.READY_FOR_JURY})

# The applicant hands in the Verwendungsnachweis through the status link in these statuses.
REPORT_STATUSES = frozenset({S.IN_PROGRESS})

# Personal data is erased this long after the last status change (settings.RETENTION_DAYS).
ENDED_UNFUNDED = frozenset({S.REJECTED, S.WITHDRAWN})


# What the applicant reads on the status page: the stage of the journey and what happens now.
STAGES = [
    ("eingang", _("Antrag eingegangen")),
    ("pruefung", _("Prüfung durch das Quartiersmanagement")),
    ("jury", _("Entscheidung der Jury")),
    ("umsetzung", _("Projekt umsetzen")),
    ("abschluss", _("Abrechnung und Abschluss")),
]

STATUS_STAGE = {
    S.SUBMITTED: "eingang",
    S.IN_REVIEW: "pruefung",
    S.QUESTION: "pruefung",
    S.READY_FOR_JURY: "jury",
    S.APPROVED: "umsetzung",
    S.REJECTED: "jury",
    S.WITHDRAWN: None,
    S.IN_PROGRESS: "umsetzung",
    S.REPORT_SUBMITTED: "abschluss",
    S.CLOSED: "abschluss",
}

STATUS_EXPLANATIONS = {
    S.SUBMITTED: _(
        "Ihr Antrag ist bei uns angekommen. Das Quartiersmanagement schaut ihn sich in den "
        "nächsten Tagen an und meldet sich, wenn etwas fehlt."
    ),
    S.IN_REVIEW: _(
        "Das Quartiersmanagement prüft gerade, ob Ihr Antrag vollständig ist und zu den Regeln "
        "des Stadtteilfonds passt."
    ),
    S.QUESTION: _(
        "Wir haben eine Frage zu Ihrem Antrag. Bitte beantworten Sie sie über diese Seite, "
        "damit wir weitermachen können."
    ),
    S.READY_FOR_JURY: _(
        "Ihr Antrag ist vollständig und kommt in die nächste Sitzung der Jury. Nach der Sitzung "
        "erfahren Sie die Entscheidung per E-Mail oder Telefon."
    ),
    S.APPROVED: _(
        "Die Jury hat Ihr Projekt bewilligt. Sie können loslegen. Bewahren Sie bitte alle "
        "Quittungen auf: Das Geld wird nach dem Projekt gegen Belege erstattet."
    ),
    S.REJECTED: _(
        "Die Jury hat Ihr Projekt leider nicht bewilligt. Das Quartiersmanagement erklärt Ihnen "
        "gern die Gründe und hilft bei einer neuen Idee."
    ),
    S.WITHDRAWN: _("Sie haben den Antrag zurückgezogen. Er wird nicht weiter bearbeitet."),
    S.IN_PROGRESS: _(
        "Ihr Projekt läuft. Sammeln Sie bitte alle Quittungen für die Abrechnung am Ende."
    ),
    S.REPORT_SUBMITTED: _(
        "Ihre Belege und Ihr kurzer Bericht sind da. Das Quartiersmanagement prüft sie und "
        "zahlt dann das Geld aus."
    ),
    S.CLOSED: _("Ihr Projekt ist abgerechnet und abgeschlossen. Vielen Dank für Ihr Engagement!"),
}
