"""The status link after sending: where the application stands, withdrawing, answering a
question, the Bewilligungsbescheid and the consent to be shown on the website."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from fund_applications import pdf, register, selectors, services
from fund_applications.enums import (
    GRANTED_STATUSES,
    REPORT_STATUSES,
    STAGES,
    STATUS_EXPLANATIONS,
    STATUS_STAGE,
    Actor,
    ApplicationStatus,
    can_transition,
)
from fund_applications.forms.status import AnswerForm, ConsentForm, WithdrawForm
from quartier.core.private_links import private_page


def status_context(application):
    current_stage = STATUS_STAGE.get(application.status)
    stage_keys = [key for key, _label in STAGES]
    current_index = stage_keys.index(current_stage) if current_stage else -1
    return {
        "application": application,
        "fund": application.fund,
        "explanation": STATUS_EXPLANATIONS[application.status],
        "stages": [
            {"label": label, "done": index < current_index, "current": index == current_index}
            for index, (_key, label) in enumerate(STAGES)
        ],
        "can_withdraw": can_transition(
            application.status, ApplicationStatus.WITHDRAWN, Actor.APPLICANT
        ),
        "has_question": application.status == ApplicationStatus.QUESTION,
        "report_open": application.status in REPORT_STATUSES,
        "decision": getattr(application, "decision", None),
    }


@private_page
def status_detail(request, token):
    application = selectors.application_get_by_token(token=token)
    return render(request, "fund_applications/status_detail.html", status_context(application))


@private_page
@ensure_csrf_cookie
def status_withdraw(request, token):
    application = selectors.application_get_by_token(token=token)
    context = status_context(application)
    if not context["can_withdraw"]:
        return redirect(application.get_status_url())
    form = WithdrawForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, reason=form.cleaned_data["reason"]
            )
        except ValidationError:
            pass  # someone changed the status meanwhile: the status page tells what it is now
        return redirect(application.get_status_url())
    return render(request, "fund_applications/status_withdraw.html", {**context, "form": form})


def _choose_again(request) -> str:
    names = ", ".join(f"„{upload.name}“" for upload in request.FILES.getlist("files"))
    return _(
        "Die gewählten Dateien (%(names)s) sind noch nicht gespeichert. Bitte wählen Sie "
        "sie noch einmal aus."
    ) % {"names": names}


@private_page
@ensure_csrf_cookie
def status_answer(request, token):
    application = selectors.application_get_by_token(token=token)
    context = status_context(application)
    if not context["has_question"]:
        return redirect(application.get_status_url())
    posted = request.method == "POST"
    form = AnswerForm(
        data=request.POST if posted else None, files=request.FILES if posted else None
    )
    if posted and form.is_valid():
        try:
            services.application_answer_question(
                application=application,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "transition_not_allowed":
                return redirect(application.get_status_url())  # answered meanwhile
            form.add_error("files", [*error.messages, _choose_again(request)])
        else:
            return redirect(application.get_status_url())
    elif posted and request.FILES.getlist("files"):
        # A browser never keeps a chosen file on a page shown again: say so plainly.
        form.add_error("files", _choose_again(request))
    return render(
        request,
        "fund_applications/status_answer.html",
        {**context, "form": form},
        status=422 if form.errors else 200,
    )


@private_page
def status_approval_notice(request, token):
    """The Bewilligungsbescheid as PDF, for a granted application (reading only)."""
    application = selectors.application_get_by_token(token=token)
    decision = getattr(application, "decision", None)
    if application.status not in GRANTED_STATUSES or decision is None:
        raise Http404
    with translation.override(application.language or "de"):
        body = pdf.render_pdf(
            "fund_applications/approval_notice.html",
            {
                "application": application,
                "decision": decision,
                "office": application.fund.office,
                "today": decision.recorded_at,
                "report_days": settings.FUND_REPORT_DUE_DAYS,
            },
            stylesheet="css/approval-notice.css",
        )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="bewilligungsbescheid-{application.reference}.pdf"'
    )
    return response


@private_page
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def status_publication(request, token):
    """What the applicant agreed to show, with a button to take it back (or give it)."""
    application = selectors.application_get_by_token(token=token)
    photos = list(application.report_photos.all())
    if request.method == "POST":
        form = ConsentForm(data=request.POST)
        if form.is_valid():
            kind = services.ConsentKind(form.cleaned_data["kind"])
            given = form.cleaned_data["given"]
            # Photos can be agreed to only when there are any; taking back works always.
            if given is False or kind == services.ConsentKind.PROJECT or photos:
                try:
                    services.consent_set(application=application, kind=kind, given=given)
                except ValidationError:
                    pass
        return redirect(request.path + "?gespeichert=1")
    return render(
        request,
        "fund_applications/status_publication.html",
        {
            "application": application,
            "fund": application.fund,
            "photos": photos,
            "saved": request.GET.get("gespeichert") == "1",
            "shown": register.is_shown(application),
        },
    )
