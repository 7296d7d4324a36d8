"""The staff member's own account pages: set up two-factor login, and the invitation link
that sets the first password."""

import segno
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from quartier.accounts.two_factor import (
    recovery_codes_create,
    totp_device_confirm,
    totp_device_start,
    two_factor_required,
)
from quartier.core.admin_pages import admin_page_context


def codes_context(codes: list[str]) -> dict:
    return {"codes": codes, "title": _("Ihre Wiederherstellungscodes")}


@never_cache
@login_required(login_url="admin:login")
def two_factor_setup(request):
    """Set up (or replace) the authenticator app; shows the recovery codes once."""
    user = request.user
    # Someone with only the password must not be able to replace an existing second factor.
    if not user.is_staff or (user_has_device(user) and not user.is_verified()):
        raise PermissionDenied
    context = admin_page_context(
        request,
        required=two_factor_required(user),
        title=_("Anmeldung in zwei Schritten einrichten"),
    )
    if request.method == "POST" and "new_recovery_codes" in request.POST:
        if not user.is_verified():
            raise PermissionDenied
        codes = recovery_codes_create(user=user)
        return render(request, "admin/two_factor_codes.html", {**context, **codes_context(codes)})
    if request.method == "POST":
        device = get_object_or_404(
            TOTPDevice, pk=request.POST.get("device"), user=user, confirmed=False
        )
        codes = totp_device_confirm(device=device, token=request.POST.get("token", "").strip())
        if codes is not None:
            otp_login(request, device)
            return render(
                request, "admin/two_factor_codes.html", {**context, **codes_context(codes)}
            )
        context["error"] = True
    else:
        device = totp_device_start(user=user)
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "admin/two_factor_setup.html",
        {
            **context,
            "device": device,
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "has_verified_device": user.is_verified(),
        },
    )


class StaffSetPasswordView(PasswordResetConfirmView):
    """The link in the invitation: the new colleague chooses a password and is logged in at
    once; the admin then leads those whose role needs it to the two-factor set-up."""

    template_name = "registration/staff_set_password.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("admin:index")

    def get_context_data(self, **kwargs):
        return {
            **admin_page_context(self.request),
            **super().get_context_data(**kwargs),
            "title": _("Passwort festlegen"),
            "site_title": admin.site.site_title,
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.is_staff and (two_factor_required(user) and not user_has_device(user)):
            next_step = _(
                "Als Nächstes richten Sie die Anmeldung in zwei Schritten ein; das ist für "
                "Ihre Rolle vorgeschrieben."
            )
        else:
            next_step = _("Sie können jetzt arbeiten.")
        messages.success(
            self.request,
            _("Ihr Passwort ist gespeichert und Sie sind angemeldet. %(next_step)s")
            % {"next_step": next_step},
        )
        return response
