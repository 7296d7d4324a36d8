"""The emails of the Stadtteilfonds: to the applicant on every status change, to the team when
the applicant acts, and the reminder for an overdue Verwendungsnachweis.

One function renders each, for the preview staff see before sending and for sending itself
(fund_applications.services puts it into the outbox), so the preview is what goes out."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fund_applications.enums import ApplicationStatus as S
from quartier.accounts.roles import FUND_TEAM
from quartier.core.links import absolute_url

# The subject says what happened. A few changes go back a step and need their own words.
SUBJECTS = {
    S.IN_REVIEW: gettext_noop("Ihr Antrag %(reference)s wird jetzt geprüft"),
    S.QUESTION: gettext_noop("Rückfrage zu Ihrem Antrag %(reference)s – bitte antworten Sie uns"),
    S.READY_FOR_JURY: gettext_noop("Ihr Antrag %(reference)s kommt in die Jurysitzung"),
    S.APPROVED: gettext_noop("Bewilligt: Ihr Projekt zum Antrag %(reference)s wird gefördert"),
    S.REJECTED: gettext_noop("Entscheidung der Jury: Antrag %(reference)s wird nicht gefördert"),
    S.WITHDRAWN: gettext_noop("Ihr Antrag %(reference)s ist zurückgezogen"),
    S.IN_PROGRESS: gettext_noop("Ihr Projekt zum Antrag %(reference)s kann starten"),
    S.REPORT_SUBMITTED: gettext_noop("Verwendungsnachweis zu Antrag %(reference)s ist eingegangen"),
    S.CLOSED: gettext_noop(
        "Ihr Projekt zum Antrag %(reference)s ist abgerechnet und abgeschlossen"
    ),
}
SUBJECTS_BY_STEP = {
    (S.QUESTION, S.IN_REVIEW): gettext_noop("Ihr Antrag %(reference)s wird weiter geprüft"),
    (S.READY_FOR_JURY, S.IN_REVIEW): gettext_noop(
        "Ihr Antrag %(reference)s wird noch einmal geprüft"
    ),
    (S.REPORT_SUBMITTED, S.IN_PROGRESS): (
        gettext_noop("Verwendungsnachweis zu Antrag %(reference)s: bitte ergänzen Sie ihn")
    ),
}


def _subject_template(from_status: str, to_status: str) -> str:
    return SUBJECTS_BY_STEP.get((from_status, to_status)) or SUBJECTS[to_status]


# What the team reads when the applicant acts through the status link.
TEAM_SUBJECTS = {
    S.IN_REVIEW: gettext_noop("Antwort zu Antrag %(reference)s"),
    S.WITHDRAWN: gettext_noop("Antrag %(reference)s wurde zurückgezogen"),
    S.REPORT_SUBMITTED: gettext_noop("Verwendungsnachweis zu Antrag %(reference)s eingegangen"),
}


@dataclass(frozen=True)
class ApplicantEmail:
    """A rendered email; "Applicant" because most go to them (team notices use it too)."""

    subject: str
    body: str
    to: list[str]
    reply_to: list[str] | None


def _context(application, **extra) -> dict:
    return {
        "application": application,
        "office": application.fund.office,
        "status_url": absolute_url(
            reverse("fund_applications:status", kwargs={"token": application.status_token})
        ),
        **extra,
    }


def _reply_to(application) -> list[str] | None:
    office = application.fund.office
    return [office.email] if office and office.email else None


def confirmation_email(application) -> ApplicantEmail:
    """ "Your application has arrived", with the status link."""
    with translation.override(application.language or "de"):
        subject = _("Ihr Antrag %(reference)s beim Stadtteilfonds ist eingegangen") % {
            "reference": application.reference
        }
        body = render_to_string("fund_applications/emails/confirmation.txt", _context(application))
    return ApplicantEmail(
        subject=subject,
        body=body,
        to=[application.email] if application.email else [],
        reply_to=_reply_to(application),
    )


def fund_team_addresses(fund) -> list[str]:
    """Who hears of an applicant's step: settings.FUND_TEAM_EMAIL, else the address of the
    office that looks after the fund, else every active member of the fund team's group."""
    if settings.FUND_TEAM_EMAIL:
        return [settings.FUND_TEAM_EMAIL]
    if fund.office and fund.office.email:
        return [fund.office.email]
    from django.contrib.auth import get_user_model

    members = get_user_model().objects.filter(is_active=True, groups__name=FUND_TEAM)
    return sorted(set(members.exclude(email="").values_list("email", flat=True)))


def team_email(application, *, to_status: str, message: str) -> ApplicantEmail:
    """The applicant answered, withdrew or handed in the report: the team is told (German),
    with a link to the application in the admin."""
    with translation.override("de"):
        subject = _(TEAM_SUBJECTS[to_status]) % {"reference": application.reference}
        body = render_to_string(
            "fund_applications/emails/team_notice.txt",
            {
                "application": application,
                "status_label": S(to_status).label,
                "message": message,
                "admin_url": absolute_url(
                    reverse("admin:fund_applications_application_change", args=[application.pk])
                ),
            },
        )
    return ApplicantEmail(
        subject=subject,
        body=body,
        to=fund_team_addresses(application.fund),
        reply_to=None,
    )


def session_moved_email(application, *, old_session, new_session, reason: str) -> ApplicantEmail:
    """The application goes to another jury session: the applicant learns the new date."""
    with translation.override(application.language or "de"):
        subject = _("Ihr Antrag %(reference)s kommt in eine andere Jurysitzung") % {
            "reference": application.reference
        }
        body = render_to_string(
            "fund_applications/emails/session_moved.txt",
            _context(application, old_session=old_session, new_session=new_session, reason=reason),
        )
    return ApplicantEmail(
        subject=subject,
        body=body,
        to=[application.email] if application.email else [],
        reply_to=_reply_to(application),
    )


def status_email(
    application,
    *,
    from_status: str,
    to_status: str,
    personal_message: str = "",
    question: str = "",
    decision=None,
) -> ApplicantEmail:
    """Subject and body of the email for this change, in the applicant's language."""
    if to_status == S.SUBMITTED:
        return confirmation_email(application)
    with translation.override(application.language or "de"):
        subject = _(_subject_template(from_status, to_status)) % {
            "reference": application.reference
        }
        body = render_to_string(
            f"fund_applications/emails/status/{to_status}.txt",
            _context(
                application,
                from_status=from_status,
                to_status=to_status,
                # The step the email explains, so its template compares no status.
                after_question=from_status == S.QUESTION,
                back_from_jury=from_status == S.READY_FOR_JURY,
                rejected_in_review=from_status == S.IN_REVIEW,
                report_handed_back=from_status == S.REPORT_SUBMITTED,
                personal_message=personal_message.strip(),
                question=question.strip(),
                decision=decision,
            ),
        )
    return ApplicantEmail(
        subject=subject,
        body=body,
        to=[application.email] if application.email else [],
        reply_to=_reply_to(application),
    )


def report_reminder_email(application) -> ApplicantEmail:
    with translation.override(application.language or "de"):
        subject = _("Erinnerung: Verwendungsnachweis zu Antrag %(reference)s fehlt noch") % {
            "reference": application.reference
        }
        body = render_to_string(
            "fund_applications/emails/report_reminder.txt", _context(application)
        )
    return ApplicantEmail(
        subject=subject,
        body=body,
        to=[application.email] if application.email else [],
        reply_to=_reply_to(application),
    )
