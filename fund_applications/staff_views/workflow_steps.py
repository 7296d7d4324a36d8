"""Steps beside the status: another jury session, corrected data, a payout."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fund_applications import services
from fund_applications.models import Application
from fund_applications.permissions import sees_contact
from fund_applications.staff_forms import CorrectionForm, MoveSessionForm, PayoutForm
from fund_applications.staff_views.base import (
    add_errors,
    application_or_404,
    change_url,
)
from quartier.core import clock
from quartier.core.admin_pages import admin_page_context
from quartier.core.formatting import euro


def _step_page(request, model_admin, application, form, **extra):
    context = admin_page_context(
        request,
        model_admin=model_admin,
        application=application,
        form=form,
        change_url=change_url(application),
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
        application = application_or_404(model_admin, request, application_id)
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
                add_errors(form, error)
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
                return redirect(change_url(application))
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
        application = application_or_404(model_admin, request, application_id)
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
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Korrigiert: %(fields)s.") % {"fields": ", ".join(changed)},
                )
                return redirect(change_url(application))
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


def payout(model_admin):
    @never_cache
    def view(request, application_id):
        application = application_or_404(model_admin, request, application_id)
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
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Auszahlung von %(amount)s eingetragen.")
                    % {"amount": euro(form.cleaned_data["amount"])},
                )
                return redirect(change_url(application))
        context = admin_page_context(
            request,
            model_admin=model_admin,
            title=_("Auszahlung eintragen"),
            application=application,
            form=form,
            paid=paid,
            change_url=change_url(application),
        )
        return TemplateResponse(
            request,
            "admin/fund_applications/application/payout.html",
            context,
            status=422 if form.errors else 200,
        )

    return view
