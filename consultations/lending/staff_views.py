"""Staff pages inside the admin for one loan: approve (and see which waiting requests that
rules out), decline with a reason, approve a weekly series, cancel one date, record pick-up
and return. Each page is a form; the POST calls one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.lending.forms import DeclineForm, HandoverForm, ReturnForm, SeriesForm
from consultations.lending.models import Loan
from consultations.lending.services import decisions, handover
from consultations.lending.services.requests import LoanNotChangeable
from consultations.lending.services.writing import ItemTaken
from quartier.core import clock, formatting
from quartier.core.admin_pages import admin_page_context


def loan_for(model_admin, request, loan_id: int) -> Loan:
    loan = model_admin.get_object(request, str(loan_id))
    if loan is None:
        raise Http404
    if not model_admin.has_change_permission(request, loan):
        raise PermissionDenied
    return loan


def _change_url(loan: Loan) -> str:
    return reverse("admin:lending_loan_change", args=[loan.pk])


def _ruled_out_message(request, ruled_out: list[Loan]) -> None:
    if not ruled_out:
        return
    names = "; ".join(f"{loan} ({loan.name})" for loan in ruled_out)
    messages.warning(
        request,
        ngettext(
            "Diese wartende Anfrage überschneidet sich und ist damit ausgeschlossen – bitte "
            "ablehnen: %(loans)s",
            "Diese %(count)d wartenden Anfragen überschneiden sich und sind damit "
            "ausgeschlossen – bitte ablehnen: %(loans)s",
            len(ruled_out),
        )
        % {"count": len(ruled_out), "loans": names},
    )


def approve(model_admin):
    def view(request, loan_id: int):
        loan = loan_for(model_admin, request, loan_id)
        if request.method != "POST":
            return redirect(_change_url(loan))
        try:
            ruled_out = decisions.loan_approve(loan=loan, by=request.user)
        except ItemTaken:
            messages.error(request, _("Zu dieser Zeit ist schon etwas zugesagt."))
        except LoanNotChangeable:
            messages.error(request, _("Diese Anfrage lässt sich nicht mehr zusagen."))
        else:
            messages.success(request, _("Zugesagt. Die Person bekommt eine E-Mail."))
            _ruled_out_message(request, ruled_out)
        return redirect(_change_url(loan))

    return view


def _page(request, model_admin, *, template: str, title, loan: Loan, **extra):
    return TemplateResponse(
        request,
        f"admin/lending/{template}",
        admin_page_context(request, model_admin=model_admin, title=title, loan=loan, **extra),
    )


def decline(model_admin):
    def view(request, loan_id: int):
        loan = loan_for(model_admin, request, loan_id)
        cancelling = not loan.is_requested
        form = DeclineForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            service = decisions.loan_cancel_by_office if cancelling else decisions.loan_decline
            try:
                service(loan=loan, reason=form.cleaned_data["reason"], by=request.user)
            except LoanNotChangeable:
                messages.error(request, _("Das lässt sich nicht mehr absagen."))
            else:
                messages.success(
                    request, _("Abgesagt. Die Person bekommt eine E-Mail mit dem Grund.")
                )
            return redirect(_change_url(loan))
        title = _("Diesen Termin absagen") if cancelling else _("Anfrage ablehnen")
        return _page(
            request, model_admin, template="decline.html", title=title, loan=loan, form=form
        )

    return view


def series(model_admin):
    def view(request, loan_id: int):
        loan = loan_for(model_admin, request, loan_id)
        form = SeriesForm(request.POST if request.method == "POST" else None)
        result = None
        if request.method == "POST" and form.is_valid():
            if form.cleaned_data["last_day"] <= clock.local_date(loan.starts_at):
                form.add_error("last_day", _("Der letzte Tag muss nach dem ersten liegen."))
            else:
                try:
                    result = decisions.loan_approve_series(
                        loan=loan,
                        every_weeks=form.cleaned_data["every_weeks"],
                        last_day=form.cleaned_data["last_day"],
                        by=request.user,
                    )
                except ItemTaken:
                    form.add_error(None, _("Der erste Tag ist nicht frei."))
                except LoanNotChangeable:
                    form.add_error(None, _("Diese Anfrage lässt sich nicht mehr zusagen."))
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d Termin zugesagt.",
                            "%(count)d Termine zugesagt.",
                            len(result.loans),
                        )
                        % {"count": len(result.loans)},
                    )
                    _ruled_out_message(request, result.ruled_out)
        return _page(
            request,
            model_admin,
            template="series.html",
            title=_("Als regelmäßige Nutzung zusagen"),
            loan=loan,
            form=form,
            result=result,
            skipped=[
                (formatting.long_date(day), reason)
                for day, reason in (result.skipped if result else [])
            ],
        )

    return view


def record(model_admin, *, returning: bool):
    def view(request, loan_id: int):
        loan = loan_for(model_admin, request, loan_id)
        form_class = ReturnForm if returning else HandoverForm
        initial = {"at": clock.local(clock.now()).replace(second=0, microsecond=0, tzinfo=None)}
        form = form_class(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if returning:
                    handover.loan_take_back(
                        loan=loan,
                        by=request.user,
                        at=data["at"],
                        condition=data["condition"],
                        note=data["note"],
                        damage_report=data["damage_report"],
                    )
                else:
                    handover.loan_hand_out(
                        loan=loan,
                        by=request.user,
                        at=data["at"],
                        condition=data["condition"],
                        note=data["note"],
                    )
            except LoanNotChangeable:
                messages.error(request, _("Das lässt sich nicht mehr erfassen."))
            else:
                messages.success(
                    request, _("Rückgabe erfasst.") if returning else _("Ausgabe erfasst.")
                )
            return redirect(_change_url(loan))
        title = _("Rückgabe erfassen") if returning else _("Ausgabe erfassen")
        return _page(
            request, model_admin, template="record.html", title=title, loan=loan, form=form
        )

    return view
