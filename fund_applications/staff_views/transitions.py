"""Status changes and jury decisions: the button for each allowed step, the form and the email
as it will go out."""

from dataclasses import dataclass, replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from fund_applications import selectors, services
from fund_applications.emails import status_email
from fund_applications.enums import (
    DECISION_STATUSES,
    Actor,
    ApplicationStatus,
    Decision,
    can_transition,
)
from fund_applications.models import Application, JuryDecision
from fund_applications.staff_forms import DecisionForm, TransitionForm
from fund_applications.staff_views.base import (
    add_errors,
    application_or_404,
    change_url,
)
from quartier.core.admin_pages import admin_page_context
from quartier.core.private_links import mask_private_links

S = ApplicationStatus


# What the button says for each step staff can take.
ACTION_LABELS = {
    S.IN_REVIEW: gettext_lazy("Prüfung beginnen"),
    S.QUESTION: gettext_lazy("Rückfrage stellen"),
    S.READY_FOR_JURY: gettext_lazy("Bereit für die Jury"),
    S.APPROVED: gettext_lazy("Bewilligung eintragen"),
    S.REJECTED: gettext_lazy("Ablehnung eintragen"),
    S.WITHDRAWN: gettext_lazy("Als zurückgezogen markieren"),
    S.IN_PROGRESS: gettext_lazy("Projekt startet (in Umsetzung)"),
    S.REPORT_SUBMITTED: gettext_lazy("Verwendungsnachweis ist eingegangen"),
    S.CLOSED: gettext_lazy("Abrechnen und abschließen"),
}
BACK_LABELS = {
    (S.QUESTION, S.IN_REVIEW): gettext_lazy("Ohne Antwort weiter prüfen"),
    (S.READY_FOR_JURY, S.IN_REVIEW): gettext_lazy("Zurück in die Prüfung"),
    (S.REPORT_SUBMITTED, S.IN_PROGRESS): gettext_lazy("Nachweis unvollständig: zurückgeben"),
}


def action_label(from_status: str, to_status: str) -> str:
    return str(BACK_LABELS.get((from_status, to_status)) or ACTION_LABELS[to_status])


@dataclass(frozen=True)
class TransitionLink:
    to_status: str
    label: str
    url: str
    primary: bool


def transition_link(application: Application, to_status: str) -> TransitionLink:
    return TransitionLink(
        to_status=to_status,
        label=action_label(application.status, to_status),
        url=reverse(
            "admin:fund_applications_application_transition",
            kwargs={"application_id": application.pk, "to_status": to_status},
        ),
        primary=to_status not in {S.WITHDRAWN, S.REJECTED}
        and (application.status, to_status) not in BACK_LABELS,
    )


def _preview_decision(application, form) -> JuryDecision | None:
    """The decision as the email will describe it: what was typed, where it is valid, or the
    form's defaults."""
    if not isinstance(form, DecisionForm):
        return None
    data = {**form.initial, "jury_session": None}
    if form.is_bound:
        # After an error the fields that were right still count (cleaned_data keeps only
        # those): the preview keeps the typed amount instead of an empty "Bewilligter Betrag".
        form.is_valid()
        data.update(form.cleaned_data)
    return JuryDecision(
        application=application,
        jury_session=data.get("jury_session"),
        decision=form.decision,
        granted_amount=data.get("granted_amount"),
        conditions=data.get("conditions", ""),
        reason=data.get("reason", ""),
    )


def transition(model_admin):
    """GET: the form and the email as it will go out. POST "vorschau": the email again with
    what was typed. POST "ausfuehren": change the status, send the email after the commit."""

    @never_cache
    def view(request, application_id, to_status):
        application = application_or_404(model_admin, request, application_id)
        if not model_admin.has_change_permission(request, application):
            raise PermissionDenied
        if to_status not in S.values:
            raise Http404
        from_status = application.status
        allowed = can_transition(from_status, to_status, Actor.STAFF)
        is_decision = to_status in DECISION_STATUSES
        data = request.POST if request.method == "POST" else None
        if is_decision:
            form = DecisionForm(data, application=application, decision=to_status)
        else:
            form = TransitionForm(data, application=application, to_status=to_status)

        if request.method == "POST" and allowed and form.is_valid():
            if request.POST.get("action") == "ausfuehren":
                try:
                    _apply(application, to_status, form, request.user)
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("%(reference)s ist jetzt „%(status)s“.")
                        % {
                            "reference": application.reference,
                            "status": S(to_status).label,
                        },
                    )
                    return redirect(change_url(application))

        cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
        email = status_email(
            application,
            from_status=from_status,
            to_status=to_status,
            personal_message=cleaned.get("personal_message", "") if form.is_bound else "",
            question=cleaned.get("question", ""),
            decision=_preview_decision(application, form),
        )
        year = services.decision_year(cleaned.get("jury_session") or application.jury_session)
        context = admin_page_context(
            request,
            model_admin=model_admin,
            title=action_label(from_status, to_status),
            application=application,
            to_status=to_status,
            to_label=S(to_status).label,
            allowed=allowed,
            form=form,
            # The preview hides the applicant's status link, like the outbox does.
            email=replace(email, body=mask_private_links(email.body)),
            is_decision=is_decision,
            budget=selectors.budget_summary(fund=application.fund, year=year)
            if to_status == S.APPROVED
            else None,
            change_url=change_url(application),
        )
        status = 422 if form.is_bound and form.errors else 200
        return TemplateResponse(
            request, "admin/fund_applications/application/transition.html", context, status=status
        )

    return view


def _apply(application, to_status, form, user) -> None:
    data = form.cleaned_data
    if to_status in DECISION_STATUSES:
        services.application_decide(
            application=application,
            user=user,
            decision=Decision(to_status),
            jury_session=data["jury_session"],
            granted_amount=data.get("granted_amount"),
            conditions=data.get("conditions", ""),
            reason=data.get("reason", ""),
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            votes_abstain=data["votes_abstain"],
            conflicted_members=data.get("conflicted_members", ""),
            over_budget_confirmed=data.get("over_budget_confirmed", False),
            early_confirmed=data.get("early_confirmed", False),
            personal_message=data.get("personal_message", ""),
        )
    else:
        services.application_staff_transition(
            application=application,
            to_status=to_status,
            user=user,
            comment=data.get("comment", ""),
            personal_message=data.get("personal_message", ""),
            question=data.get("question", ""),
            jury_session=data.get("jury_session"),
        )
