"""The application form behind its private link: the steps, saving for later, the review,
sending and the confirmation."""

import logging

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie

from fund_applications import selectors, services, wizard
from fund_applications.enums import CostCategory
from fund_applications.forms.application import AttachmentForm, DeclarationsForm
from fund_applications.uploads import max_file_bytes, max_files, max_total_bytes
from fund_applications.views.rate_limits import UPLOAD_LIMIT, submit_limit, too_many
from quartier.core import clock
from quartier.core.private_links import private_page
from quartier.core.rate_limit import allow

logger = logging.getLogger(__name__)


def draft_url(name: str, draft, **kwargs) -> str:
    return reverse(f"fund_applications:{name}", kwargs={"token": draft.token, **kwargs})


def step_url(draft, step) -> str:
    return draft_url("step", draft, step=step.slug)


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
            "expires_on": clock.local(draft.updated_at + services.DRAFT_LIFETIME),
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
    if not allow(request, **submit_limit()):
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
