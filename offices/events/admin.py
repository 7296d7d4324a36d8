"""Staff side of event sign-up: switch sign-up on per event, the sign-ups and the waiting list,
and the pages a ModelAdmin cannot give (staff_views: check-in, printable list, CSV, message,
closing early, Auskunft). Büro-Team see their offices' events, Koordination all."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from offices.events import selectors, services, staff_views
from offices.events.enums import SignupStatus
from offices.events.models import EventSignup, EventSignupSetup
from offices.permissions import can_edit_all_offices, offices_editable_by
from quartier.core import clock
from quartier.core.formatting import long_date, long_date_time


def _scoped(queryset, user, lookup: str):
    if can_edit_all_offices(user):
        return queryset
    return queryset.filter(**{f"{lookup}__in": offices_editable_by(user)})


class SetupForm(forms.ModelForm):
    confirm_fewer_places = forms.BooleanField(
        label=gettext_lazy("Ja, diese Personen auf die Warteliste setzen"),
        required=False,
    )

    class Meta:
        model = EventSignupSetup
        fields = [
            "announcement",
            "places",
            "max_persons",
            "opens_at",
            "closes_at",
            "ask_children",
            "ask_wheelchair",
            "ask_interpreter",
            "ask_note",
            "move_up_cutoff_hours",
            "reminder_days",
        ]

    def clean(self):
        cleaned = super().clean()
        places = cleaned.get("places")
        if self.instance.pk and places is not None:
            moved = services.signups_moved_to_waiting_by(setup=self.instance, places=places)
            if moved and not cleaned.get("confirm_fewer_places"):
                names = ", ".join(f"{s.name} ({s.persons})" for s in moved)
                self.add_error(
                    "places",
                    ngettext(
                        "Es sind mehr Personen angemeldet. Diese Anmeldung käme auf die "
                        "Warteliste: %(names)s. Bitte bestätigen Sie das unten.",
                        "Es sind mehr Personen angemeldet. Diese %(count)d Anmeldungen kämen "
                        "auf die Warteliste: %(names)s. Bitte bestätigen Sie das unten.",
                        len(moved),
                    )
                    % {"count": len(moved), "names": names},
                )
        return cleaned


@admin.register(EventSignupSetup)
class EventSignupSetupAdmin(admin.ModelAdmin):
    form = SetupForm
    list_display = [
        "announcement",
        "event_start",
        "places_column",
        "waiting_column",
        "state",
        "no_shows",
    ]
    list_select_related = ["announcement", "announcement__office"]
    search_fields = ["announcement__title"]
    readonly_fields = ["staff_links", "deleted_on"]
    fieldsets = [
        (None, {"fields": ["announcement", "staff_links"]}),
        (
            gettext_lazy("Plätze"),
            {"fields": ["places", "confirm_fewer_places", "max_persons"]},
        ),
        (gettext_lazy("Zeitraum der Anmeldung"), {"fields": ["opens_at", "closes_at"]}),
        (
            gettext_lazy("Fragen an die Teilnehmenden"),
            {"fields": ["ask_children", "ask_wheelchair", "ask_interpreter", "ask_note"]},
        ),
        (
            gettext_lazy("Kurz vor der Veranstaltung"),
            {"fields": ["move_up_cutoff_hours", "reminder_days", "deleted_on"]},
        ),
    ]

    def get_queryset(self, request):
        return _scoped(selectors.setups_with_counts(), request.user, "announcement__office")

    def _allowed(self, request, obj) -> bool:
        if obj is None or can_edit_all_offices(request.user):
            return True
        office_id = obj.announcement.office_id
        return (
            office_id is not None
            and offices_editable_by(request.user).filter(pk=office_id).exists()
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "announcement":
            kwargs["queryset"] = _scoped(
                selectors.events_without_signup(now=clock.now()), request.user, "office"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "announcement"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return [
                (
                    title,
                    {
                        **opts,
                        "fields": [
                            f
                            for f in opts["fields"]
                            if f not in {"staff_links", "confirm_fewer_places", "deleted_on"}
                        ],
                    },
                )
                for title, opts in fieldsets
            ]
        return fieldsets

    @admin.display(description=gettext_lazy("Beginn"), ordering="announcement__event_start")
    def event_start(self, obj):
        return long_date_time(obj.announcement.event_start)

    @admin.display(description=gettext_lazy("Angemeldet / Plätze"))
    def places_column(self, obj):
        return f"{obj.signed_up_persons or 0} / {obj.places}"

    @admin.display(description=gettext_lazy("Warteliste"))
    def waiting_column(self, obj):
        return obj.waiting_count

    @admin.display(description=gettext_lazy("Nicht erschienen"))
    def no_shows(self, obj):
        if clock.now() < obj.announcement.event_start:
            return "–"
        return obj.no_show_count

    @admin.display(description=gettext_lazy("Anmeldung"))
    def state(self, obj):
        now = clock.now()
        if obj.closed_early_at:
            return _("vorzeitig geschlossen")
        if obj.is_open(now):
            return _("offen")
        if obj.not_yet_open(now):
            return _("noch nicht offen")
        return _("geschlossen")

    @admin.display(description=gettext_lazy("Löschung der Anmeldungen"))
    def deleted_on(self, obj):
        if obj is None or not obj.pk:
            return "–"
        return _("am %(day)s (%(days)d Tage nach der Veranstaltung)") % {
            "day": long_date(services.deleted_on(obj)),
            "days": services.signup_retention_days(),
        }

    @admin.display(description=gettext_lazy("Am Tag der Veranstaltung"))
    def staff_links(self, obj):
        if obj is None or not obj.pk:
            return "–"
        links = [
            (
                reverse("admin:events_eventsignupsetup_check_in", args=[obj.pk]),
                _("Einlass: Liste zum Abhaken"),
            ),
            (
                reverse("admin:events_eventsignupsetup_print", args=[obj.pk]),
                _("Liste zum Ausdrucken"),
            ),
            (reverse("admin:events_eventsignupsetup_csv", args=[obj.pk]), _("CSV-Export")),
            (
                reverse("admin:events_eventsignupsetup_message", args=[obj.pk]),
                _("Nachricht an alle Angemeldeten"),
            ),
            (
                reverse("admin:events_eventsignup_changelist") + f"?setup__id__exact={obj.pk}",
                _("Alle Anmeldungen und Warteliste"),
            ),
        ]
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', links)
        )

    def save_model(self, request, obj, form, change):
        to_waiting, moved_up = services.setup_save(setup=obj)
        for signup in to_waiting:
            messages.warning(
                request,
                _("%(name)s steht jetzt auf der Warteliste (E-Mail ist unterwegs).")
                % {"name": signup.name},
            )
        for signup in moved_up:
            messages.info(
                request,
                _("%(name)s ist von der Warteliste nachgerückt (E-Mail ist unterwegs).")
                % {"name": signup.name},
            )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/einlass/",
                view(staff_views.check_in(self)),
                name="events_eventsignupsetup_check_in",
            ),
            path(
                "<int:pk>/einlass/<int:signup_id>/",
                view(staff_views.tick(self)),
                name="events_eventsignupsetup_tick",
            ),
            path(
                "<int:pk>/liste/",
                view(staff_views.printable(self)),
                name="events_eventsignupsetup_print",
            ),
            path(
                "<int:pk>/csv/",
                view(staff_views.csv_export(self)),
                name="events_eventsignupsetup_csv",
            ),
            path(
                "<int:pk>/nachricht/",
                view(staff_views.message(self)),
                name="events_eventsignupsetup_message",
            ),
            path(
                "<int:pk>/schliessen/",
                view(staff_views.close(self)),
                name="events_eventsignupsetup_close",
            ),
            *super().get_urls(),
        ]


class InterpreterFilter(admin.SimpleListFilter):
    """ "Heute zu tun" links here: coming events' sign-ups that ask for interpretation."""

    title = gettext_lazy("Gebärdensprache oder Übersetzung")
    parameter_name = "uebersetzung"

    def lookups(self, request, model_admin):
        return [("ja", gettext_lazy("gewünscht, Veranstaltung kommt noch"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return (
                queryset.active()
                .filter(setup__announcement__event_start__gt=clock.now())
                .exclude(interpreter="")
            )
        return queryset


@admin.register(EventSignup)
class EventSignupAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "setup",
        "status",
        "persons",
        "position",
        "attention",
        "checked_in_at",
        "created_at",
    ]
    list_filter = ["status", InterpreterFilter, "setup"]
    list_select_related = ["setup__announcement"]
    search_fields = ["name", "email"]
    actions = ["cancel_on_request", "move_up_by_hand"]
    fields = [
        "setup",
        "status",
        "position",
        "name",
        "email",
        "persons",
        "children",
        "wheelchair",
        "interpreter",
        "note",
        "language",
        "consent_given_at",
        "created_at",
        "moved_up_at",
        "cancelled_at",
        "reminder_sent_at",
        "checked_in_at",
    ]

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request.user, "setup__announcement__office")

    def _allowed(self, request, obj) -> bool:
        if obj is None or can_edit_all_offices(request.user):
            return True
        office_id = obj.setup.announcement.office_id
        return (
            office_id is not None
            and offices_editable_by(request.user).filter(pk=office_id).exists()
        )

    def has_add_permission(self, request):
        return False  # residents sign up themselves

    def has_change_permission(self, request, obj=None):
        # Nothing to edit by hand: the services change sign-ups (actions, check-in).
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("events.change_eventsignup"):
            actions.pop("move_up_by_hand", None)
            actions.pop("cancel_on_request", None)
        return actions

    def delete_model(self, request, obj):
        services.signups_delete(signup_ids=[obj.pk])

    def delete_queryset(self, request, queryset):
        services.signups_delete(signup_ids=list(queryset.values_list("pk", flat=True)))

    @admin.display(description=gettext_lazy("Zu klären"), boolean=True)
    def attention(self, obj):
        return obj.needs_attention

    @admin.action(description=gettext_lazy("Absagen (die Person hat angerufen oder geschrieben)"))
    def cancel_on_request(self, request, queryset):
        """A resident without the mail asks the office to cancel: the same cancellation as by
        their link (a mail to them, the place to the waiting list)."""
        if not request.user.has_perm("events.change_eventsignup"):
            raise PermissionDenied
        cancelled = refused = 0
        for signup in queryset:
            try:
                services.signup_cancel(signup=signup)
            except services.SignupNotChangeable:
                refused += 1
            else:
                cancelled += 1
        if cancelled:
            messages.success(
                request,
                ngettext(
                    "%(count)d Anmeldung ist abgesagt; die Person bekommt eine E-Mail, ein "
                    "freier Platz geht an die Warteliste.",
                    "%(count)d Anmeldungen sind abgesagt; die Personen bekommen eine E-Mail, "
                    "freie Plätze gehen an die Warteliste.",
                    cancelled,
                )
                % {"count": cancelled},
            )
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)d Anmeldung war schon abgesagt, oder die Veranstaltung hat "
                    "begonnen: nichts geändert.",
                    "%(count)d Anmeldungen waren schon abgesagt, oder die Veranstaltung hat "
                    "begonnen: nichts geändert.",
                    refused,
                )
                % {"count": refused},
            )

    @admin.action(description=gettext_lazy("Von der Warteliste auf einen Platz setzen"))
    def move_up_by_hand(self, request, queryset):
        if not request.user.has_perm("events.change_eventsignup"):
            raise PermissionDenied
        moved = 0
        for signup in queryset.filter(status=SignupStatus.WAITING):
            services.signup_status_set(signup=signup, status=SignupStatus.SIGNED_UP)
            moved += 1
        messages.success(
            request,
            ngettext(
                "%(count)d Person ist nachgerückt.", "%(count)d Personen sind nachgerückt.", moved
            )
            % {"count": moved},
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "auskunft/",
                view(staff_views.disclosure(self)),
                name="events_eventsignup_disclosure",
            ),
            *super().get_urls(),
        ]
