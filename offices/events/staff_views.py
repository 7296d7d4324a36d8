"""Admin pages of event sign-up that a ModelAdmin cannot give: the check-in list for a phone
at the door (each "da" a small form POST), the printable list, the CSV export, a message to
everyone signed up, closing sign-up early, and the Auskunft (with erasure) for one address.

Each function takes the ModelAdmin and returns the view, so querysets and permissions are the
admin's own: a member of one office never sees another office's sign-ups."""

import csv
from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from offices.events import selectors, services
from offices.events.forms import MessageForm
from offices.events.models import EventSignup
from offices.events.personal_data import PERSONAL_FIELDS
from quartier.core import clock
from quartier.core.admin_pages import admin_page_context
from quartier.core.formatting import long_date_time


def _setup(model_admin, request, pk, *, change: bool = False):
    setup = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    allowed = (
        model_admin.has_change_permission(request, setup)
        if change
        else model_admin.has_view_permission(request, setup)
    )
    if not allowed:
        raise PermissionDenied
    return setup


def _page(request, model_admin, template, setup, **extra):
    return TemplateResponse(
        request,
        template,
        admin_page_context(
            request,
            model_admin=model_admin,
            setup=setup,
            announcement=setup.announcement,
            places=selectors.places_of(setup),
            original=setup,
            **extra,
        ),
    )


def check_in(model_admin):
    """ "Einlass": everyone with a place, by name, a "da" button each; the waiting list below."""

    def view(request, pk):
        setup = _setup(model_admin, request, pk)
        now = clock.now()
        signed = list(selectors.check_in_list(setup=setup))
        return _page(
            request,
            model_admin,
            "admin/events/check_in.html",
            setup,
            title=_("Einlass: %(event)s") % {"event": setup.announcement.title},
            signups=signed,
            waiting=list(selectors.waiting_list(setup=setup)),
            arrived=sum(s.persons for s in signed if s.checked_in_at),
            no_shows=[s for s in signed if not s.checked_in_at]
            if now >= setup.announcement.event_start
            else None,
            can_change=model_admin.has_change_permission(request, setup),
            moves_up=setup.moves_up(now),
            is_open=setup.is_open(now),
        )

    return view


def tick(model_admin):
    """One "da" (or its undo): a tiny POST that works on a poor connection."""

    def view(request, pk, signup_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        setup = _setup(model_admin, request, pk, change=True)
        signup = get_object_or_404(EventSignup, pk=signup_id, setup=setup)
        present = request.POST.get("da") == "1"
        services.signup_check_in(signup=signup, present=present)
        return redirect(
            reverse("admin:events_eventsignupsetup_check_in", args=[setup.pk])
            + f"#person-{signup.pk}"
        )

    return view


def printable(model_admin):
    def view(request, pk):
        setup = _setup(model_admin, request, pk)
        return _page(
            request,
            model_admin,
            "admin/events/printable.html",
            setup,
            title=_("Teilnehmendenliste: %(event)s") % {"event": setup.announcement.title},
            signups=list(selectors.check_in_list(setup=setup)),
            waiting=list(selectors.waiting_list(setup=setup)),
        )

    return view


CSV_COLUMNS = [
    ("status", gettext_lazy("Status")),
    ("position", gettext_lazy("Eingang Nr.")),
    ("name", gettext_lazy("Name")),
    ("email", gettext_lazy("E-Mail")),
    ("persons", gettext_lazy("Personen")),
    ("children", gettext_lazy("Davon Kinder")),
    ("wheelchair", gettext_lazy("Rollstuhlplatz")),
    ("interpreter", gettext_lazy("Gebärdensprache oder Übersetzung")),
    ("note", gettext_lazy("Hinweis")),
    ("checked_in_at", gettext_lazy("Da")),
]


def csv_export(model_admin):
    def view(request, pk):
        setup = _setup(model_admin, request, pk)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="anmeldungen-{setup.announcement.slug}.csv"'
        )
        response.write("\ufeff")  # so spreadsheet programs read the umlauts right
        writer = csv.writer(response, delimiter=";")
        writer.writerow([str(label) for _field, label in CSV_COLUMNS])
        rows = [*selectors.check_in_list(setup=setup), *selectors.waiting_list(setup=setup)]
        for signup in rows:
            writer.writerow(
                [
                    signup.get_status_display(),
                    signup.position,
                    _safe_cell(signup.name),
                    signup.email,
                    signup.persons,
                    "" if signup.children is None else signup.children,
                    _("ja") if signup.wheelchair else "",
                    _safe_cell(signup.interpreter),
                    _safe_cell(signup.note),
                    long_date_time(signup.checked_in_at) if signup.checked_in_at else "",
                ]
            )
        return response

    return view


def _safe_cell(value: str) -> str:
    # A cell a spreadsheet would run as a formula is written as text.
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def message(model_admin):
    def view(request, pk):
        setup = _setup(model_admin, request, pk, change=True)
        form = MessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            count = services.message_to_signed_up(
                setup=setup, subject=form.cleaned_data["subject"], text=form.cleaned_data["text"]
            )
            messages.success(
                request,
                ngettext(
                    "Die Nachricht ist an %(count)d Person unterwegs.",
                    "Die Nachricht ist an %(count)d Personen unterwegs.",
                    count,
                )
                % {"count": count},
            )
            return redirect("admin:events_eventsignupsetup_check_in", setup.pk)
        return _page(
            request,
            model_admin,
            "admin/events/message.html",
            setup,
            title=_("Nachricht an alle Angemeldeten"),
            form=form,
        )

    return view


def close(model_admin):
    def view(request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        setup = _setup(model_admin, request, pk, change=True)
        if request.POST.get("wieder_oeffnen"):
            services.setup_reopen(setup=setup)
            messages.success(request, _("Die Anmeldung ist wieder offen."))
        else:
            services.setup_close_early(setup=setup)
            messages.success(
                request, _("Die Anmeldung ist geschlossen. Die bisherigen Anmeldungen bleiben.")
            )
        return redirect("admin:events_eventsignupsetup_check_in", setup.pk)

    return view


def _stored_values(signup: EventSignup) -> list[tuple[str, str]]:
    """Every personal field of a sign-up as (label, value), as the Auskunft lists them."""
    values = []
    for name in PERSONAL_FIELDS:
        field = EventSignup._meta.get_field(name)
        value = getattr(signup, name)
        if field.choices:
            value = getattr(signup, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("ja") if value else _("nein")
        elif isinstance(value, datetime):
            value = long_date_time(value)
        values.append((str(field.verbose_name), "–" if value in (None, "") else str(value)))
    return values


class DisclosureForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-Mail-Adresse"))


def disclosure(model_admin):
    """Auskunft: everything stored for one address; erasure on request."""

    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        form = DisclosureForm(request.POST or request.GET or None)
        signups = None
        if form.is_valid():
            email = form.cleaned_data["email"]
            if request.method == "POST" and request.POST.get("loeschen"):
                if not request.user.has_perm("events.delete_eventsignup"):
                    raise PermissionDenied
                count = services.signups_erase_for_email(email=email)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d Anmeldung gelöscht.", "%(count)d Anmeldungen gelöscht.", count
                    )
                    % {"count": count},
                )
                return redirect("admin:events_eventsignup_disclosure")
            signups = [
                (signup, _stored_values(signup))
                for signup in model_admin.get_queryset(request)
                .filter(pk__in=selectors.signups_of_email(email=email))
                .select_related("setup__announcement")
            ]
        return TemplateResponse(
            request,
            "admin/events/disclosure.html",
            admin_page_context(
                request,
                model_admin=model_admin,
                title=_("Auskunft und Löschung: Anmeldungen zu Veranstaltungen"),
                form=form,
                signups=signups,
                can_delete=request.user.has_perm("events.delete_eventsignup"),
            ),
        )

    return view
