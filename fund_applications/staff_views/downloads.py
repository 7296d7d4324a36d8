"""Files of an application (and releasing an answer's file to the jury), the changelist as
CSV or XLSX, the yearly statistic and the data-subject report."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fund_applications import exports, services
from fund_applications.models import Fund, MessageAttachment
from fund_applications.permissions import sees_contact
from fund_applications.staff_forms import SubjectAccessForm
from fund_applications.staff_views.base import application_or_404
from quartier.core import clock
from quartier.core.admin_pages import admin_page_context


def file_download(model_admin):
    """Attachments, receipts and photos: always a download, never shown inline. Jury members
    get only attachments the fund team released; everything else needs the contact right."""

    def view(request, application_id, kind, file_id):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        application = application_or_404(model_admin, request, application_id)
        related = {
            "anlage": application.attachments,
            "beleg": application.receipts,
            "foto": application.report_photos,
            "antwort": MessageAttachment.objects.filter(message__application=application),
        }.get(kind)
        if related is None:
            raise Http404
        item = get_object_or_404(related, pk=file_id)
        released = kind in {"anlage", "antwort"} and item.shared_with_jury
        if not sees_contact(request.user) and not released:
            raise PermissionDenied
        try:
            handle = item.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=item.original_name,
            content_type=item.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response

    return view


def answer_file_share(model_admin):
    """ "Für die Jury freigeben" for a file sent with an answer (POST only), like the
    checkbox of an attachment."""

    def view(request, application_id, file_id):
        application = application_or_404(model_admin, request, application_id)
        if not (
            model_admin.has_change_permission(request, application) and sees_contact(request.user)
        ):
            raise PermissionDenied
        back = reverse("admin:fund_applications_application_change", args=[application.pk])
        if request.method != "POST":
            return redirect(back)
        item = get_object_or_404(
            MessageAttachment.objects.filter(message__application=application), pk=file_id
        )
        shared = request.POST.get("jury") == "ja"
        services.message_attachment_share(attachment=item, shared=shared)
        text = (
            _("„%(name)s“ ist für die Jury freigegeben.")
            if shared
            else _("„%(name)s“ ist nicht mehr für die Jury freigegeben.")
        )
        messages.success(request, text % {"name": item.original_name})
        return redirect(back)

    return view


def _require_export(request) -> None:
    if not request.user.has_perm("fund_applications.export_applications"):
        raise PermissionDenied


def export(model_admin):
    """The changelist's rows, with the same filters and search, as CSV or XLSX."""

    def view(request, file_format):
        _require_export(request)
        if file_format not in {"csv", "xlsx"}:
            raise Http404
        changelist = model_admin.get_changelist_instance(request)
        queryset = changelist.get_queryset(request)
        rows = exports.application_rows(queryset, with_contact=sees_contact(request.user))
        stamp = clock.now().strftime("%Y-%m-%d")
        if file_format == "csv":
            response = HttpResponse(exports.as_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                exports.as_xlsx(rows, title=_("Anträge")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = (
            f'attachment; filename="stadtteilfonds-antraege-{stamp}.{file_format}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

    return view


def statistic(model_admin):
    def view(request):
        _require_export(request)
        funds = list(Fund.objects.order_by("name"))
        if not funds:
            raise Http404
        try:
            year = int(request.GET.get("jahr", clock.today().year))
            fund = next((f for f in funds if str(f.pk) == request.GET.get("fonds")), funds[0])
        except ValueError as error:
            raise Http404 from error
        result = exports.year_statistic(fund=fund, year=year)
        if request.GET.get("format") in {"csv", "xlsx"}:
            file_format = request.GET["format"]
            rows = exports.statistic_rows(result)
            body = (
                exports.as_csv(rows)
                if file_format == "csv"
                else exports.as_xlsx(rows, title=str(year))
            )
            response = HttpResponse(
                body,
                content_type="text/csv; charset=utf-8"
                if file_format == "csv"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="stadtteilfonds-statistik-{year}.{file_format}"'
            )
            return response
        context = admin_page_context(
            request,
            model_admin=model_admin,
            title=_("Jahresstatistik %(year)s") % {"year": year},
            statistic=result,
            fund=fund,
            funds=funds,
            years=range(clock.today().year, 2015, -1),
        )
        return TemplateResponse(
            request, "admin/fund_applications/application/statistic.html", context
        )

    return view


def subject_access(model_admin):
    """Everything stored about one applicant, for a request under Art. 15 DSGVO."""

    @never_cache
    def view(request):
        if not sees_contact(request.user):
            raise PermissionDenied
        form = SubjectAccessForm(request.GET if "query" in request.GET else None)
        report = None
        if form.is_bound and form.is_valid():
            report = services.subject_access_report(form.cleaned_data["query"])
            if request.GET.get("format") == "json":
                response = HttpResponse(
                    json.dumps(report, ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="auskunft.json"'
                response["Cache-Control"] = "private, no-store"
                return response
        context = admin_page_context(
            request,
            model_admin=model_admin,
            title=_("Auskunft über gespeicherte Daten"),
            form=form,
            report=report,
            json_text=json.dumps(report, ensure_ascii=False, indent=2) if report else "",
        )
        return TemplateResponse(
            request, "admin/fund_applications/application/subject_access.html", context
        )

    return view
