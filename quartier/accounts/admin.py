"""The staff side of staff accounts: Koordination's "Mitarbeitende" page, and for superusers
the two-factor devices and the role groups, in German."""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static import admin as static_admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from quartier.accounts.forms import StaffMemberForm
from quartier.accounts.models import StaffMember
from quartier.accounts.roles import ROLE_PERMISSIONS, role_of
from quartier.accounts.services import staff_invitation_queue, staff_invite, staff_member_update


def _two_factor_devices():
    return TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    form = StaffMemberForm
    list_display = ["full_name", "email", "role", "office_names", "active", "two_factor"]
    list_display_links = ["full_name"]
    search_fields = ["first_name", "last_name", "email"]
    ordering = ["first_name", "last_name"]
    actions = ["deactivate", "reactivate", "invite_again"]

    def get_fieldsets(self, request, obj=None):
        fields = ["name", "email", "role", "offices"]
        if obj is not None:
            fields.append("is_active")
        return [(None, {"fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        # The address is the login name: a new address is a new invitation.
        return ["email"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.current_user = request.user
        return form

    def get_queryset(self, request):
        # Superusers are looked after by superusers, in Django's own user admin.
        return (
            super()
            .get_queryset(request)
            .filter(is_staff=True, is_superuser=False)
            .prefetch_related("groups", "office_memberships__office")
            .annotate(has_two_factor=Exists(_two_factor_devices()))
        )

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Name"), ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name() or "–"

    @admin.display(description=_("Rolle"))
    def role(self, obj):
        return role_of(obj) or _("keine")

    @admin.display(description=_("Partnerbüros"))
    def office_names(self, obj):
        names = ", ".join(m.office.short_name for m in obj.office_memberships.all())
        return names or _("ohne Partnerbüro")

    @admin.display(description=_("Aktiv"), ordering="is_active")
    def active(self, obj):
        return _("Zugang aktiv") if obj.is_active else _("deaktiviert")

    @admin.display(description=_("Anmeldung in zwei Schritten"), ordering="has_two_factor")
    def two_factor(self, obj):
        # Each value says what it is: on a phone the list is a column of cards without headings.
        if obj.has_two_factor:
            return _("zwei Schritte eingerichtet")
        if not obj.has_usable_password():
            return _("Einladung noch nicht angenommen")
        return _("zwei Schritte nicht eingerichtet")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            staff_member_update(
                user=obj,
                name=data["name"],
                role=data["role"],
                offices=list(data["offices"]),
                is_active=data["is_active"],
            )
            return
        staff_invite(
            email=data["email"], offices=list(data["offices"]), role=data["role"], name=data["name"]
        )
        invited = StaffMember.objects.get(username=data["email"])
        obj.pk = invited.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # roles and offices are written by the services in save_model

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _(
                "Die Einladung an %(name)s (%(email)s) ist verschickt. "
                "Der Link darin gilt drei Tage."
            )
            % {"name": obj, "email": obj.email},
            messages.SUCCESS,
        )
        return redirect("admin:accounts_staffmember_changelist")

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        self.message_user(
            request,
            _("Die Angaben von %(name)s sind gespeichert.") % {"name": obj},
            messages.SUCCESS,
        )
        return redirect("admin:accounts_staffmember_changelist")

    def _others(self, request, queryset):
        mine = queryset.filter(pk=request.user.pk)
        if mine.exists():
            self.message_user(
                request, _("Ihren eigenen Zugang lassen Sie so, wie er ist."), messages.WARNING
            )
        return queryset.exclude(pk=request.user.pk)

    @admin.action(description=_("Zugang deaktivieren"), permissions=["change"])
    def deactivate(self, request, queryset):
        changed = self._others(request, queryset).filter(is_active=True).update(is_active=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d Zugang ist deaktiviert.", "%(count)d Zugänge sind deaktiviert.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Zugang wieder aktivieren"), permissions=["change"])
    def reactivate(self, request, queryset):
        changed = queryset.filter(is_active=False).update(is_active=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d Zugang ist wieder aktiv.",
                "%(count)d Zugänge sind wieder aktiv.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Einladung noch einmal senden (neuer Link zum Passwort)"),
        permissions=["change"],
    )
    def invite_again(self, request, queryset):
        sent = 0
        for user in queryset.filter(is_active=True):
            staff_invitation_queue(user=user, role=role_of(user) or "")
            sent += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d Einladung ist verschickt.",
                "%(count)d Einladungen sind verschickt.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )


# --- The two-factor devices, for superusers only: German headings and labels ----------------

OTP_FIELDSET_TITLES = {
    "Identity": _("Zugehörigkeit"),
    "Timestamps": _("Zeitpunkte"),
    "Configuration": _("Einstellungen"),
    "State": _("Zustand"),
    "Throttling": _("Sperre nach falschen Codes"),
}


class GermanDeviceAdminMixin:
    search_help_text = _("Suche nach Benutzername oder E-Mail-Adresse")
    list_display = ["person", "name", "created_at", "last_used_at", "confirmed"]

    @admin.display(description=_("Mitarbeiterin/Mitarbeiter"), ordering="user__username")
    def person(self, obj):
        return obj.user

    def get_fieldsets(self, request, obj=None):
        return [
            (OTP_FIELDSET_TITLES.get(title, title), options)
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "user" in form.base_fields:
            form.base_fields["user"].label = _("Mitarbeiterin/Mitarbeiter")
        return form


for device_model, device_admin in [
    (TOTPDevice, totp_admin.TOTPDeviceAdmin),
    (StaticDevice, static_admin.StaticDeviceAdmin),
]:
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
    admin.site.register(
        device_model, type(device_admin.__name__, (GermanDeviceAdminMixin, device_admin), {})
    )


# --- Role groups: kept by quartier/accounts/roles.py, not deleted by hand ------------------


class RoleGroupAdmin(GroupAdmin):
    """Superusers only. The role groups are written at every migrate from
    quartier/accounts/roles.py (the one place for what a role may do); deleting one here would
    only surprise."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.name in ROLE_PERMISSIONS:
            return False
        return super().has_delete_permission(request, obj)


if admin.site.is_registered(Group):
    admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
