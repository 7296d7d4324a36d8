"""Admin pages the ModelAdmins cannot give: status changes with an email preview, payouts,
downloads, exports, the yearly statistic, the jury pack and the data-subject report.

Each function takes the ModelAdmin and returns the view, so permissions and querysets are the
admin's own (a jury member's queryset has no application they may not read)."""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

from fund_applications import exports, pdf, selectors, services
from fund_applications.emails import status_email
from fund_applications.enums import (
    DECISION_STATUSES,
    Actor,
    ApplicationStatus,
    Decision,
    can_transition,
)
from fund_applications.models import Application, Fund, JuryDecision, MessageAttachment
from fund_applications.permissions import sees_contact
from fund_applications.services import subject_access_report
from fund_applications.staff_forms import (
    CorrectionForm,
    DecisionForm,
    MoveSessionForm,
    PayoutForm,
    SubjectAccessForm,
    TransitionForm,
)
from quartier.core import clock
from quartier.core.templatetags.formatting import euro

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


def _change_url(application) -> str:
    return reverse("admin:fund_applications_application_change", args=[application.pk])


def _application_or_404(model_admin, request, application_id) -> Application:
    application = get_object_or_404(
        model_admin.get_queryset(request).select_related("fund__office", "jury_session"),
        pk=application_id,
    )
    return application


def _context(model_admin, request, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **extra,
    }


# ---------------------------------------------------------------- status changes


def _preview_decision(application, form) -> JuryDecision | None:
    """The decision as the email will describe it: what was typed, or the form's defaults."""
    if not isinstance(form, DecisionForm):
        return None
    if form.is_bound and not form.is_valid():
        return None
    data = form.cleaned_data if form.is_bound else {**form.initial, "jury_session": None}
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
        application = _application_or_404(model_admin, request, application_id)
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
                    _add_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("%(reference)s ist jetzt „%(status)s“.")
                        % {
                            "reference": application.reference,
                            "status": S(to_status).label,
                        },
                    )
                    return redirect(_change_url(application))

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
        context = _context(
            model_admin,
            request,
            title=action_label(from_status, to_status),
            application=application,
            to_status=to_status,
            to_label=S(to_status).label,
            allowed=allowed,
            form=form,
            email=email,
            is_decision=is_decision,
            budget=selectors.budget_summary(fund=application.fund, year=year)
            if to_status == S.APPROVED
            else None,
            change_url=_change_url(application),
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


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# ---------------------------------------------------------------- session move, correction


def _step_page(request, model_admin, application, form, **extra):
    context = _context(
        model_admin,
        request,
        application=application,
        form=form,
        change_url=_change_url(application),
        **extra,
    )
    return TemplateResponse(
        request,
        "admin/fund_applications/application/step_form.html",
        context,
        status=422 if form.errors else 200,
    )


def move_session(model_admin):
    """Another jury session, with a reason: timeline entry and email with the new date."""

    @never_cache
    def view(request, application_id):
        application = _application_or_404(model_admin, request, application_id)
        if not (
            model_admin.has_change_permission(request, application) and sees_contact(request.user)
        ):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = MoveSessionForm(data, application=application)
        if request.method == "POST" and form.is_valid():
            try:
                services.application_move_session(
                    application=application,
                    user=request.user,
                    jury_session=form.cleaned_data["jury_session"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(reference)s ist jetzt der %(session)s zugeordnet; die Antragsteller "
                        "bekommen eine E-Mail mit dem neuen Termin."
                    )
                    % {
                        "reference": application.reference,
                        "session": services.session_in_words(form.cleaned_data["jury_session"]),
                    },
                )
                return redirect(_change_url(application))
        return _step_page(
            request,
            model_admin,
            application,
            form,
            title=_("In eine andere Jurysitzung verschieben"),
            intro=_("Bisher: %(session)s.")
            % {"session": services.session_in_words(application.jury_session)},
            submit_label=_("Verschieben und E-Mail senden"),
        )

    return view


def correct(model_admin):
    """ "Angaben korrigieren": the applicant's data, editable with a reason; the timeline
    keeps old and new value of every changed field."""

    @never_cache
    def view(request, application_id):
        application = _application_or_404(model_admin, request, application_id)
        if not (
            model_admin.has_change_permission(request, application) and sees_contact(request.user)
        ):
            raise PermissionDenied
        if application.anonymised_at:
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = CorrectionForm(data, instance=application)
        if request.method == "POST" and form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.CORRECTABLE_FIELDS}
            try:
                changed = services.application_correct(
                    application=Application.objects.get(pk=application.pk),
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    values=values,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Korrigiert: %(fields)s.") % {"fields": ", ".join(changed)},
                )
                return redirect(_change_url(application))
        return _step_page(
            request,
            model_admin,
            application,
            form,
            title=_("Angaben korrigieren"),
            intro=_(
                "Nach dem Einreichen sind die Angaben der Antragsteller geschützt. Ändern Sie "
                "hier nur, was die Antragsteller Ihnen mitgeteilt haben, und sagen Sie warum: "
                "Der Verlauf zeigt alte und neue Werte."
            ),
            submit_label=_("Korrektur speichern"),
        )

    return view


# ---------------------------------------------------------------- payout


def payout(model_admin):
    @never_cache
    def view(request, application_id):
        application = _application_or_404(model_admin, request, application_id)
        if not model_admin.has_change_permission(request, application):
            raise PermissionDenied
        paid = application.paid_out
        initial = {
            "amount": (application.granted_amount or 0) - paid,
            "paid_on": clock.today(),
        }
        form = PayoutForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.application_record_payout(
                    application=application, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Auszahlung von %(amount)s eingetragen.")
                    % {"amount": euro(form.cleaned_data["amount"])},
                )
                return redirect(_change_url(application))
        context = _context(
            model_admin,
            request,
            title=_("Auszahlung eintragen"),
            application=application,
            form=form,
            paid=paid,
            change_url=_change_url(application),
        )
        return TemplateResponse(
            request,
            "admin/fund_applications/application/payout.html",
            context,
            status=422 if form.errors else 200,
        )

    return view


# ---------------------------------------------------------------- files


def file_download(model_admin):
    """Attachments, receipts and photos: always a download, never shown inline. Jury members
    get only attachments the fund team released; everything else needs the contact right."""

    def view(request, application_id, kind, file_id):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        application = _application_or_404(model_admin, request, application_id)
        related = {
            "anlage": application.attachments,
            "beleg": application.receipts,
            "foto": application.report_photos,
            "antwort": MessageAttachment.objects.filter(message__application=application),
        }.get(kind)
        if related is None:
            raise Http404
        item = get_object_or_404(related, pk=file_id)
        if not sees_contact(request.user) and not (kind == "anlage" and item.shared_with_jury):
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


# ---------------------------------------------------------------- exports and statistic


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
        context = _context(
            model_admin,
            request,
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
            report = subject_access_report(form.cleaned_data["query"])
            if request.GET.get("format") == "json":
                response = HttpResponse(
                    json.dumps(report, ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="auskunft.json"'
                response["Cache-Control"] = "private, no-store"
                return response
        context = _context(
            model_admin,
            request,
            title=_("Auskunft über gespeicherte Daten"),
            form=form,
            report=report,
            json_text=json.dumps(report, ensure_ascii=False, indent=2) if report else "",
        )
        return TemplateResponse(
            request, "admin/fund_applications/application/subject_access.html", context
        )

    return view


# ---------------------------------------------------------------- jury sessions


def _session_or_404(model_admin, request, session_id):
    session = get_object_or_404(
        model_admin.get_queryset(request).select_related("fund"), pk=session_id
    )
    if not model_admin.has_view_permission(request, session):
        raise PermissionDenied
    return session


def jury_pack(model_admin, *, as_pdf: bool = False):
    """One printable page per application with what the jury's application page shows: the
    project, the money, the cost plan, the files released for the jury; decided ones with
    their decision. No contact data, whoever prints it. As HTML or as PDF."""

    def view(request, session_id):
        session = _session_or_404(model_admin, request, session_id)
        applications = list(selectors.jury_session_applications(session=session))
        for application in applications:
            files = list(application.attachments.all())
            application.jury_files = [f for f in files if f.shared_with_jury]
            application.office_file_count = len(files) - len(application.jury_files)
        year = services.decision_year(session)
        context = {
            "session": session,
            "applications": applications,
            "budget": selectors.budget_summary(fund=session.fund, year=year),
            "back_url": reverse("admin:fund_applications_jurysession_change", args=[session.pk]),
            "pdf_url": reverse("admin:fund_applications_jurysession_pack_pdf", args=[session.pk]),
        }
        template = "admin/fund_applications/jurysession/pack.html"
        if not as_pdf:
            return TemplateResponse(request, template, context)
        response = HttpResponse(
            pdf.render_pdf(template, context, stylesheet="css/jury-pack.css"),
            content_type="application/pdf",
        )
        day = timezone.localtime(session.starts_at).strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'inline; filename="jurymappe-{day}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    return view


def collect_messages(result: services.CollectResult) -> list[str]:
    """What "einsammeln" did, and one line per application it left out with the reason."""
    lines = [
        ngettext(
            "%(count)d Antrag eingesammelt und per E-Mail über den Termin informiert.",
            "%(count)d Anträge eingesammelt und per E-Mail über den Termin informiert.",
            len(result.collected),
        )
        % {"count": len(result.collected)}
        + (" " + ", ".join(a.reference for a in result.collected) if result.collected else ""),
        ngettext(
            "%(count)d Antrag „bereit für Jury“ war schon dieser Sitzung zugeordnet.",
            "%(count)d Anträge „bereit für Jury“ waren schon dieser Sitzung zugeordnet.",
            result.already_there,
        )
        % {"count": result.already_there},
    ]
    for left in result.left_out:
        lines.append(
            _("Nicht eingesammelt: %(reference)s „%(title)s“ – %(reason)s.")
            % {
                "reference": left.application.reference,
                "title": left.application.title,
                "reason": left.reason,
            }
        )
    return lines


def jury_session_collect(model_admin):
    def view(request, session_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        session = _session_or_404(model_admin, request, session_id)
        if not model_admin.has_change_permission(request, session):
            raise PermissionDenied
        result = services.jury_session_collect(session=session, user=request.user)
        for text in collect_messages(result):
            messages.info(request, text)
        return redirect(reverse("admin:fund_applications_jurysession_change", args=[session.pk]))

    return view
