"""Jury sessions: putting an application on another session, and collecting the waiting
applications for one."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications.emails import session_moved_email
from fund_applications.enums import MOVABLE_STATUSES, ApplicationStatus, TimelineEvent
from fund_applications.models import Application, JurySession
from fund_applications.services.lifecycle import application_locked, email_send, timeline_note
from quartier.core import clock
from quartier.core.formatting import hhmm, long_date

S = ApplicationStatus


def session_in_words(session: JurySession | None) -> str:
    """ "Sitzung am Dienstag, 16. September 2026, 18:00 Uhr" – or "keine Sitzung"."""
    if session is None:
        return _("keine Sitzung")
    return _("Sitzung am %(date)s, %(time)s Uhr") % {
        "date": long_date(session.starts_at),
        "time": hhmm(session.starts_at),
    }


def application_move_session(
    *, application: Application, user, jury_session: JurySession, reason: str
) -> Application:
    """Put the application on another jury session: the timeline says from which to which and
    why, and the applicant is emailed the new date."""
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Bitte geben Sie einen Grund für die Verschiebung an.")},
            code="reason_missing",
        )
    with transaction.atomic():
        locked = application_locked(application)
        _move(locked, jury_session=jury_session, user=user, reason=reason.strip())
    application.refresh_from_db()
    return application


def _move(locked: Application, *, jury_session: JurySession, user, reason: str) -> None:
    if locked.status not in MOVABLE_STATUSES:
        raise ValidationError(
            _("Ein Antrag im Status „%(status)s“ kann nicht mehr verschoben werden.")
            % {"status": S(locked.status).label},
            code="not_movable",
        )
    if jury_session.fund_id != locked.fund_id:
        raise ValidationError({"jury_session": _("Diese Sitzung gehört zu einem anderen Fonds.")})
    old = locked.jury_session
    if old is not None and old.pk == jury_session.pk:
        raise ValidationError(
            {"jury_session": _("Der Antrag ist schon dieser Sitzung zugeordnet.")},
            code="same_session",
        )
    locked.jury_session = jury_session
    locked.save(update_fields=["jury_session", "updated_at"])
    email = session_moved_email(locked, old_session=old, new_session=jury_session, reason=reason)
    entry = email_send(email)
    comment = _("Von der %(old)s in die %(new)s verschoben. Grund: %(reason)s") % {
        "old": session_in_words(old),
        "new": session_in_words(jury_session),
        "reason": reason,
    }
    if old is None:
        comment = _("Der %(new)s zugeordnet. Grund: %(reason)s") % {
            "new": session_in_words(jury_session),
            "reason": reason,
        }
    timeline_note(
        locked,
        event=TimelineEvent.SESSION_MOVED,
        user=user,
        comment=comment,
        email=entry,
        subject=email.subject,
    )


@dataclass(frozen=True)
class LeftOut:
    application: Application
    reason: str


@dataclass(frozen=True)
class CollectResult:
    collected: list[Application]
    already_there: int
    left_out: list[LeftOut]


def _left_out_reason(application: Application, session: JurySession) -> str | None:
    """Why "einsammeln" leaves this application where it is; None: it comes along."""
    if application.status in {S.SUBMITTED, S.IN_REVIEW}:
        return _("noch in Prüfung")
    if application.status == S.QUESTION:
        return _("Rückfrage noch nicht beantwortet")
    if clock.local_date(application.submitted_at) > session.submission_deadline:
        return _("nach dem Einsendeschluss eingegangen")
    other = application.jury_session
    if other is not None and other.starts_at >= clock.now():
        return _("einer anderen Sitzung zugeordnet (%(session)s)") % {
            "session": session_in_words(other)
        }
    return None


def jury_session_collect(*, session: JurySession, user=None) -> CollectResult:
    """Put every application that was ready for the jury by the deadline and has no coming
    session on this session (each a session move with timeline entry and email); say why the
    others waiting for a jury were left out."""
    collected, left_out, already = [], [], 0
    with transaction.atomic():
        waiting = (
            Application.objects.select_for_update(of=("self",))
            .filter(fund=session.fund, status__in=MOVABLE_STATUSES)
            .select_related("fund__office", "jury_session")
            .order_by("reference_year", "reference_number")
        )
        for application in waiting:
            if application.jury_session_id == session.pk:
                already += application.status == S.READY_FOR_JURY
                continue
            why = _left_out_reason(application, session)
            if why:
                left_out.append(LeftOut(application=application, reason=why))
                continue
            reason = _("Für die Sitzung eingesammelt")
            if application.jury_session is not None:
                reason = _("Die bisherige Sitzung ist vorbei; für die nächste eingesammelt")
            _move(application, jury_session=session, user=user, reason=reason)
            collected.append(application)
    return CollectResult(collected=collected, already_there=already, left_out=left_out)
