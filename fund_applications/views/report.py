"""The Verwendungsnachweis behind the status link: receipts, photos and a short report."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie

from fund_applications import selectors, services
from fund_applications.enums import REPORT_STATUSES
from fund_applications.forms.status import PhotoForm, ReceiptForm, ReportForm
from fund_applications.models import receipts_sum
from fund_applications.uploads import max_file_bytes, max_files, max_total_bytes
from fund_applications.views.rate_limits import UPLOAD_LIMIT, too_many
from fund_applications.views.status import status_context
from quartier.core.private_links import private_page
from quartier.core.rate_limit import allow


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
        **status_context(application),
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
