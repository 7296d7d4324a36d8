"""A jury session's pages: the Jurymappe (HTML or PDF) and collecting the applications
ready for it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fund_applications import jury_pack_pdf, pdf, selectors, services
from quartier.core import clock


def _session_or_404(model_admin, request, session_id):
    session = get_object_or_404(
        model_admin.get_queryset(request).select_related("fund"), pk=session_id
    )
    if not model_admin.has_view_permission(request, session):
        raise PermissionDenied
    return session


def _pack_context(session, budget) -> dict:
    applications = list(selectors.jury_pack_applications(session=session))
    answer_files = selectors.released_answer_files(applications=applications)
    for application in applications:
        files = list(application.attachments.all())
        application.jury_files = [f for f in files if f.shared_with_jury]
        application.office_file_count = len(files) - len(application.jury_files)
        application.jury_files += answer_files.get(application.pk, [])
    return {
        "session": session,
        "applications": applications,
        "budget": budget,
        "back_url": reverse("admin:fund_applications_jurysession_change", args=[session.pk]),
        "pdf_url": reverse("admin:fund_applications_jurysession_pack_pdf", args=[session.pk]),
    }


def jury_pack(model_admin, *, as_pdf: bool = False):
    """One printable page per application with what the jury's application page shows: the
    project, the money, the cost plan, the files released for the jury; decided ones with
    their decision. No contact data, whoever prints it. As HTML or as PDF; the PDF is made
    once per change of its content (fund_applications/jury_pack_pdf.py)."""

    def view(request, session_id):
        session = _session_or_404(model_admin, request, session_id)
        year = services.decision_year(session)
        budget = selectors.budget_summary(fund=session.fund, year=year)
        if not as_pdf:
            return TemplateResponse(request, jury_pack_pdf.TEMPLATE, _pack_context(session, budget))
        response = HttpResponse(
            jury_pack_pdf.pdf_once_per_change(
                session=session,
                budget=budget,
                make_pdf=lambda: pdf.render_pdf(
                    jury_pack_pdf.TEMPLATE,
                    _pack_context(session, budget),
                    stylesheet=jury_pack_pdf.STYLESHEET,
                ),
            ),
            content_type="application/pdf",
        )
        day = clock.local(session.starts_at).strftime("%Y-%m-%d")
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
