import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie

from fund_applications import pdf, selectors, services, wizard
from fund_applications.enums import (
    GRANTED_STATUSES,
    REPORT_STATUSES,
    STAGES,
    STATUS_EXPLANATIONS,
    STATUS_STAGE,
    Actor,
    ApplicationStatus,
    CostCategory,
    can_transition,
)
from fund_applications.forms import (
    AnswerForm,
    AttachmentForm,
    DeclarationsForm,
    PhotoForm,
    ReceiptForm,
    ReportForm,
    StartForm,
    WithdrawForm,
)
from fund_applications.models import receipts_sum
from fund_applications.uploads import max_file_bytes, max_files, max_total_bytes
from quartier.core import clock
from quartier.core.page_cache import public_page
from quartier.core.private_links import private_page
from quartier.core.rate_limit import allow

logger = logging.getLogger(__name__)

START_LIMIT = {"scope": "fund-start", "limit": 20, "per_seconds": 3600}
SUBMIT_LIMIT = {"scope": "fund-submit", "limit": 5, "per_seconds": 3600}
UPLOAD_LIMIT = {"scope": "fund-upload", "limit": 60, "per_seconds": 3600}


def too_many(request):
    return render(request, "fund_applications/too_many.html", status=429)


def draft_url(name: str, draft, **kwargs) -> str:
    return reverse(f"fund_applications:{name}", kwargs={"token": draft.token, **kwargs})


def step_url(draft, step) -> str:
    return draft_url("step", draft, step=step.slug)


# ---------------------------------------------------------------- public pages


@public_page
def fund_detail(request):
    fund = selectors.fund_current()
    return render(request, "fund_applications/fund_detail.html", {"fund": fund})


@ensure_csrf_cookie
def application_start(request):
    fund = selectors.fund_current()
    form = StartForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not allow(request, **START_LIMIT):
            return too_many(request)
        if form.is_valid():
            draft = services.draft_create(fund=fund)
            return redirect(step_url(draft, wizard.STEPS[0]))
    return render(request, "fund_applications/start.html", {"fund": fund, "form": form})


# ---------------------------------------------------------------- the wizard


def _load_draft(token: str):
    draft = selectors.draft_get(token=token)
    draft.fund.next_session = selectors.jury_session_open(fund=draft.fund, on_date=clock.today())
    return draft


@private_page
def draft_resume(request, token):
    draft = _load_draft(token)
    if draft.application_id:
        return redirect(draft_url("confirmation", draft))
    step = wizard.first_incomplete_step(draft)
    if step is None:
        return redirect(draft_url("review", draft))
    return redirect(step_url(draft, step))


def _step_context(request, draft, step, step_forms, **extra):
    return {
        "draft": draft,
        "fund": draft.fund,
        "step": step,
        "steps": wizard.STEPS,
        "progress": wizard.progress(step.slug),
        "previous": wizard.previous_step(step),
        "forms": step_forms,
        "continue_url": request.build_absolute_uri(draft_url("resume", draft)),
        **extra,
    }


def _attachment_context(draft, form=None):
    attachments = list(draft.attachments.all())
    if form is None:
        form = AttachmentForm()
    return {
        "attachments": attachments,
        "attachment_form": form,
        "limits": {
            "file": max_file_bytes(),
            "total": max_total_bytes(),
            "count": max_files(),
        },
    }


@private_page
@ensure_csrf_cookie
def draft_step(request, token, step):
    draft = _load_draft(token)
    if draft.application_id:
        return redirect(draft_url("confirmation", draft))
    step = wizard.STEP_BY_SLUG.get(step)
    if step is None:
        raise Http404
    if request.method == "POST":
        if step.slug == "anlagen":
            return _attachments_post(request, draft, step)
        return _step_post(request, draft, step)

    show_errors = request.GET.get("pruefen") == "1" and bool(wizard.stored(draft, step.slug))
    step_forms = wizard.build_forms(step.slug, draft, bound=show_errors)
    if show_errors:
        step_forms.is_valid()
    extra = _attachment_context(draft) if step.slug == "anlagen" else {}
    return render(
        request,
        "fund_applications/wizard/step.html",
        _step_context(
            request, draft, step, step_forms, totals=_totals_preview(draft, step), **extra
        ),
    )


def _totals_preview(draft, step):
    if step.slug != "kosten":
        return None
    step_forms = wizard.build_forms("kosten", draft, bound=True)
    if not step_forms.formset.is_valid() or not step_forms.formset.lines():
        return None
    step_forms.form.is_valid()
    return getattr(step_forms.form, "totals", None)


def _step_post(request, draft, step):
    values = wizard.values_from_post(step.slug, request.POST)
    action = request.POST.get("action", "weiter")

    if step.slug == "kosten":
        rows = values["rows"]
        if action == "zeile":
            rows.append({})
            services.draft_save_step(draft=draft, step=step.slug, values=values, valid=False)
            return redirect(step_url(draft, step) + f"#zeile-{len(rows)}")
        if "zeile_entfernen" in request.POST:
            try:
                index = int(request.POST["zeile_entfernen"])
            except ValueError:
                index = -1
            if 0 <= index < len(rows):
                rows.pop(index)
            values["rows"] = rows or [{}]
            services.draft_save_step(draft=draft, step=step.slug, values=values, valid=False)
            return redirect(step_url(draft, step) + "#kostenplan")

    if action in {"zurueck", "spaeter", "berechnen"}:
        # Leaving without checking: keep everything as typed, errors and all.
        valid = wizard.build_forms(step.slug, draft, values=values, bound=True).is_valid()
        services.draft_save_step(draft=draft, step=step.slug, values=values, valid=valid)
        if action == "zurueck":
            previous = wizard.previous_step(step)
            return redirect(
                step_url(draft, previous) if previous else reverse("fund_applications:start")
            )
        if action == "berechnen":
            return redirect(step_url(draft, step) + "#summe")
        return redirect(draft_url("saved", draft))

    step_forms = wizard.build_forms(step.slug, draft, values=values, bound=True)
    valid = step_forms.is_valid()
    services.draft_save_step(draft=draft, step=step.slug, values=values, valid=valid)
    if valid:
        following = wizard.next_step(step)
        return redirect(step_url(draft, following) if following else draft_url("review", draft))
    return render(
        request,
        "fund_applications/wizard/step.html",
        _step_context(request, draft, step, step_forms, totals=None),
        status=422,
    )


def _attachments_post(request, draft, step):
    action = request.POST.get("action", "weiter")
    if "anlage_entfernen" in request.POST:
        try:
            attachment_id = int(request.POST["anlage_entfernen"])
        except ValueError:
            attachment_id = 0
        services.draft_attachment_remove(draft=draft, attachment_id=attachment_id)
        return redirect(step_url(draft, step) + "#anlagen-liste")

    if request.FILES.get("file"):
        if not allow(request, **UPLOAD_LIMIT):
            return too_many(request)
        existing = list(draft.attachments.all())
        form = AttachmentForm(
            data=request.POST,
            files=request.FILES,
            stored_bytes=sum(item.size for item in existing),
            stored_files=len(existing),
        )
        if not form.is_valid():
            return render(
                request,
                "fund_applications/wizard/step.html",
                _step_context(
                    request,
                    draft,
                    step,
                    wizard.StepForms(form=form),
                    **_attachment_context(draft, form),
                ),
                status=422,
            )
        try:
            services.draft_attachment_add(draft=draft, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
            return render(
                request,
                "fund_applications/wizard/step.html",
                _step_context(
                    request,
                    draft,
                    step,
                    wizard.StepForms(form=form),
                    **_attachment_context(draft, form),
                ),
                status=422,
            )
    services.draft_save_step(draft=draft, step=step.slug, values={}, valid=True)
    if action == "zurueck":
        return redirect(step_url(draft, wizard.previous_step(step)))
    if action == "spaeter":
        return redirect(draft_url("saved", draft))
    if action == "hochladen":
        return redirect(step_url(draft, step) + "#anlagen-liste")
    return redirect(draft_url("review", draft))


@private_page
def draft_saved(request, token):
    draft = _load_draft(token)
    if draft.application_id:
        return redirect(draft_url("confirmation", draft))
    return render(
        request,
        "fund_applications/wizard/saved.html",
        {
            "draft": draft,
            "continue_url": request.build_absolute_uri(draft_url("resume", draft)),
            "expires_on": timezone.localtime(draft.updated_at + services.DRAFT_LIFETIME),
        },
    )


def _review_data(draft):
    """Everything typed, validated step by step, for the review page and for sending."""
    steps = {}
    for step in wizard.STEPS:
        if step.slug == "anlagen":
            continue
        step_forms = wizard.build_forms(step.slug, draft, bound=True)
        steps[step.slug] = step_forms if step_forms.is_valid() else None
    return steps


def _cost_lines_display(step_forms):
    if step_forms is None:
        return []
    labels = dict(CostCategory.choices)
    return [
        {**line, "category_label": labels.get(line["category"], line["category"])}
        for line in step_forms.formset.lines()
    ]


def _review_render(request, draft, *, form=None, failure=None, status=200):
    steps = _review_data(draft)
    incomplete = [step for step in wizard.STEPS if steps.get(step.slug, True) is None]
    context = {
        "draft": draft,
        "fund": draft.fund,
        "steps": wizard.STEPS,
        "progress": wizard.progress("pruefen"),
        "incomplete": incomplete,
        "sections": [
            {
                "step": step,
                "rows": wizard.summary_rows(steps[step.slug].form) if steps[step.slug] else [],
            }
            for step in wizard.STEPS
            if step.slug in ("antragsteller", "projekt")
        ],
        "costs": steps["kosten"],
        "cost_lines": _cost_lines_display(steps["kosten"]),
        "attachments": list(draft.attachments.all()),
        "form": form or DeclarationsForm(),
        "failure": failure,
        "continue_url": request.build_absolute_uri(draft_url("resume", draft)),
    }
    return render(request, "fund_applications/wizard/review.html", context, status=status)


@private_page
@ensure_csrf_cookie
def draft_review(request, token):
    draft = _load_draft(token)
    if draft.application_id:
        return redirect(draft_url("confirmation", draft))
    return _review_render(request, draft)


@private_page
def draft_submit(request, token):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    draft = _load_draft(token)
    if draft.application_id:  # a second click on "Absenden"
        return redirect(draft_url("confirmation", draft))
    form = DeclarationsForm(data=request.POST)
    if not form.is_valid():
        return _review_render(request, draft, form=form, status=422)
    steps = _review_data(draft)
    if any(value is None for value in steps.values()):
        return _review_render(request, draft, form=form, status=422)
    if not allow(request, **SUBMIT_LIMIT):
        return too_many(request)

    applicant = steps["antragsteller"].form.cleaned_data
    project_form = steps["projekt"].form
    project = {k: v for k, v in project_form.cleaned_data.items() if k != "goals"}
    costs = steps["kosten"]
    fields = {
        **applicant,
        **project,
        "other_funding": costs.form.cleaned_data["other_funding"],
        "other_funding_source": costs.form.cleaned_data["other_funding_source"],
        **form.application_fields(),
    }
    lines = [
        services.CostLine(
            category=line["category"], description=line["description"], amount=line["amount"]
        )
        for line in costs.formset.lines()
    ]
    try:
        services.application_submit(
            draft=draft,
            fields=fields,
            goals=project_form.chosen_goals(),
            cost_lines=lines,
            language=get_language() or "de",
        )
    except ValidationError as error:
        logger.info("fund application refused draft=%s error=%s", draft.pk, error)
        return _review_render(request, draft, form=form, failure=error.messages, status=422)
    except Exception:
        logger.exception("fund application could not be saved draft=%s", draft.pk)
        return _review_render(
            request,
            draft,
            form=form,
            failure=[
                _(
                    "Ihr Antrag konnte gerade nicht gespeichert werden. Es ist nichts verloren: "
                    "Ihre Angaben sind im Entwurf gesichert. Bitte versuchen Sie es in ein paar "
                    "Minuten noch einmal oder melden Sie sich im Quartiersbüro."
                )
            ],
            status=500,
        )
    return redirect(draft_url("confirmation", draft))


@private_page
def draft_confirmation(request, token):
    draft = _load_draft(token)
    if not draft.application_id:
        return redirect(draft_url("review", draft))
    application = selectors.application_get_by_token(token=draft.application.status_token)
    return render(
        request,
        "fund_applications/confirmation.html",
        {
            "application": application,
            "fund": application.fund,
            "status_url": request.build_absolute_uri(application.get_status_url()),
        },
    )


# ---------------------------------------------------------------- status link


def _status_context(application):
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
    return render(request, "fund_applications/status_detail.html", _status_context(application))


@private_page
@ensure_csrf_cookie
def status_withdraw(request, token):
    application = selectors.application_get_by_token(token=token)
    context = _status_context(application)
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
    context = _status_context(application)
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


# ---------------------------------------------------------------- Verwendungsnachweis


def _report_lines(application):
    """Planned against actual per cost line; receipts without a line under "Sonstiges"."""
    receipts = list(application.receipts.all())
    lines = []
    for item in application.cost_items.all():
        booked = [r for r in receipts if r.cost_item_id == item.pk]
        lines.append(
            {
                "label": item.description,
                "planned": item.amount,
                "actual": receipts_sum(booked) if booked else None,
            }
        )
    unbooked = [r for r in receipts if r.cost_item_id is None]
    if unbooked:
        lines.append(
            {
                "label": _("Sonstige Belege"),
                "planned": None,
                "actual": receipts_sum(unbooked),
            }
        )
    return lines, application.receipts_total


def _report_render(request, application, *, form=None, receipt_form=None, photo_form=None):
    lines, actual_total = _report_lines(application)
    context = {
        **_status_context(application),
        "lines": lines,
        "actual_total": actual_total,
        "receipts": list(application.receipts.all()),
        "photos": list(application.report_photos.all()),
        "receipt_form": receipt_form or ReceiptForm(application=application),
        "photo_form": photo_form or PhotoForm(),
        "report_form": form
        if isinstance(form, ReportForm)
        else ReportForm(initial={"report_text": application.report_text}),
        # The form whose errors the summary at the top lists.
        "form": form or receipt_form or photo_form,
        "limits": {"file": max_file_bytes(), "total": max_total_bytes(), "count": max_files()},
    }
    has_errors = any(f is not None and f.errors for f in (form, receipt_form, photo_form))
    return render(
        request,
        "fund_applications/status_report.html",
        context,
        status=422 if has_errors else 200,
    )


@private_page
@ensure_csrf_cookie
def status_report(request, token):
    """The applicant hands in receipts, photos and a short report through the status link."""
    application = selectors.application_get_by_token(token=token)
    if application.status not in REPORT_STATUSES:
        return redirect(application.get_status_url())
    if request.method != "POST":
        return _report_render(request, application)

    action = request.POST.get("action", "")
    here = reverse("fund_applications:report", kwargs={"token": token})
    try:
        if "beleg_entfernen" in request.POST or "foto_entfernen" in request.POST:
            kind = "beleg" if "beleg_entfernen" in request.POST else "foto"
            try:
                file_id = int(request.POST.get(f"{kind}_entfernen", ""))
            except ValueError:
                file_id = 0
            services.report_file_remove(application=application, kind=kind, file_id=file_id)
            return redirect(here + "#belege")
        if action in {"beleg", "foto"}:
            if not allow(request, **UPLOAD_LIMIT):
                return too_many(request)
            return _report_upload(request, application, action, here)
        form = ReportForm(data=request.POST)
        if not form.is_valid():
            return _report_render(request, application, form=form)
        text = form.cleaned_data["report_text"]
        if action == "einreichen":
            try:
                with transaction.atomic():
                    services.report_submit(application=application, text=text)
                    if form.cleaned_data["consents_to_photo_publication"]:
                        services.consent_set(
                            application=application, kind=services.ConsentKind.PHOTOS, given=True
                        )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    form.add_error("report_text" if field == "report_text" else None, errors)
                return _report_render(request, application, form=form)
            return redirect(application.get_status_url())
        services.report_save_text(application=application, text=text)
        return redirect(here + "#bericht")
    except ValidationError as error:
        if getattr(error, "code", "") == "report_closed":
            return redirect(application.get_status_url())
        raise


def _report_upload(request, application, action, here):
    if action == "beleg":
        form = ReceiptForm(data=request.POST, files=request.FILES, application=application)
        if not form.is_valid():
            return _report_render(request, application, receipt_form=form)
        try:
            services.receipt_add(
                application=application,
                upload=form.cleaned_data["file"],
                amount=form.cleaned_data["amount"],
                cost_item=form.cleaned_data["cost_item"],
            )
        except ValidationError as error:
            form.add_error("file", error)
            return _report_render(request, application, receipt_form=form)
        return redirect(here + "#belege")
    form = PhotoForm(data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _report_render(request, application, photo_form=form)
    try:
        services.report_photo_add(application=application, upload=form.cleaned_data["photo"])
    except ValidationError as error:
        form.add_error("photo", error)
        return _report_render(request, application, photo_form=form)
    return redirect(here + "#fotos")
