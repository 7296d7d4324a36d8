"""The jury's decision: recorded with its votes, it moves the application to bewilligt or
abgelehnt."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund_applications import selectors
from fund_applications.enums import Actor, ApplicationStatus, Decision
from fund_applications.models import Application, JuryDecision, JurySession
from fund_applications.services.jury_sessions import session_in_words
from fund_applications.services.lifecycle import application_locked, check_step, status_enter
from quartier.core import clock
from quartier.core.formatting import euro

S = ApplicationStatus


def decision_year(jury_session: JurySession | None) -> int:
    """Grants count against the budget of the year the jury met (or of today)."""
    if jury_session is not None:
        return clock.local(jury_session.starts_at).year
    return clock.today().year


def _decision_comment(record: JuryDecision) -> str:
    votes = _("Stimmen: %(for)d dafür, %(against)d dagegen, %(abstain)d Enthaltungen") % {
        "for": record.votes_for,
        "against": record.votes_against,
        "abstain": record.votes_abstain,
    }
    if record.decision == Decision.APPROVED:
        return f"{euro(record.granted_amount)}. {votes}"
    return f"{record.reason}. {votes}"


def application_decide(
    *,
    application: Application,
    user,
    decision: str,
    jury_session: JurySession | None,
    granted_amount: Decimal | None = None,
    conditions: str = "",
    reason: str = "",
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstain: int = 0,
    conflicted_members: str = "",
    over_budget_confirmed: bool = False,
    early_confirmed: bool = False,
    personal_message: str = "",
) -> JuryDecision:
    """Record the jury's decision and move the application to bewilligt or abgelehnt.

    A grant larger than what is left of that year's budget needs over_budget_confirmed; a
    decision before the day of its session needs early_confirmed."""
    approved = decision == Decision.APPROVED
    to_status = S.APPROVED if approved else S.REJECTED
    with transaction.atomic():
        locked = application_locked(application)
        check_step(locked.status, to_status, Actor.STAFF)
        errors = {}
        if approved:
            if granted_amount is None or granted_amount <= 0:
                errors["granted_amount"] = _("Bitte geben Sie den bewilligten Betrag an.")
            elif granted_amount > locked.requested_amount:
                errors["granted_amount"] = _(
                    "Die Jury kann höchstens den beantragten Betrag (%(requested)s) bewilligen."
                ) % {"requested": euro(locked.requested_amount)}
        else:
            granted_amount = None
            if not reason.strip():
                errors["reason"] = _("Bitte geben Sie die Begründung der Jury an.")
        if (
            jury_session is not None
            and locked.jury_session_id
            and jury_session.pk != locked.jury_session_id
        ):
            errors["jury_session"] = _(
                "Der Antrag ist der %(session)s zugeordnet. Für eine andere Sitzung verschieben "
                "Sie ihn bitte zuerst (mit Begründung)."
            ) % {"session": session_in_words(locked.jury_session)}
        if jury_session is not None and not early_confirmed:
            session_day = clock.local_date(jury_session.starts_at)
            if session_day > clock.today():
                errors["early_confirmed"] = _(
                    "Die %(session)s ist erst in %(days)d Tagen. Bitte bestätigen Sie, dass die "
                    "Jury schon entschieden hat."
                ) % {
                    "session": session_in_words(jury_session),
                    "days": (session_day - clock.today()).days,
                }
        year = decision_year(jury_session)
        if approved and "granted_amount" not in errors and not over_budget_confirmed:
            remaining = selectors.budget_summary(fund=locked.fund, year=year).remaining
            if granted_amount > remaining:
                errors["over_budget_confirmed"] = _(
                    "Der Betrag ist höher als das Restbudget %(year)s (%(remaining)s). "
                    "Bitte bestätigen Sie, dass trotzdem so viel bewilligt wird."
                ) % {"year": year, "remaining": euro(remaining)}
        if errors:
            raise ValidationError(errors)

        record = JuryDecision(
            application=locked,
            jury_session=jury_session,
            decision=decision,
            granted_amount=granted_amount,
            conditions=conditions.strip(),
            reason=reason.strip(),
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
            conflicted_members=conflicted_members.strip(),
            recorded_by=user,
            recorded_at=clock.now(),
        )
        record.full_clean(exclude=["application"])
        JuryDecision.objects.filter(application=locked).delete()  # a decision taken back
        record.save()
        locked.granted_amount = granted_amount
        locked.budget_year = year if approved else None
        if jury_session is not None:
            locked.jury_session = jury_session
        locked.save(update_fields=["granted_amount", "budget_year", "jury_session", "updated_at"])
        status_enter(
            locked,
            to_status=to_status,
            actor=Actor.STAFF,
            user=user,
            comment=_decision_comment(record),
            personal_message=personal_message,
            decision=record,
        )
    application.refresh_from_db()
    return record
