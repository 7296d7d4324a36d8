import functools
from contextvars import ContextVar

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from quartier.accounts.two_factor import has_device, two_factor_required, two_factor_satisfied


class StaffLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username and password; plus the code from the app for those who set up two factors."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("Sicherheitscode"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_(
            "Aus der Authenticator-App oder ein Wiederherstellungscode. Nur nötig, wenn Sie "
            "die Anmeldung in zwei Schritten eingerichtet haben."
        ),
    )
    otp_error_messages = dict(
        OTPAuthenticationFormMixin.otp_error_messages,
        token_required=_("Bitte geben Sie den Code aus Ihrer Authenticator-App ein."),
        invalid_token=_("Der Code stimmt nicht. Bitte versuchen Sie es noch einmal."),
    )

    def _chosen_device(self, user):
        # One field for both kinds of code: six digits come from the app, anything else is a
        # recovery code. Only that device is tried, so a typo does not throttle the other one.
        if self.cleaned_data.get("otp_device"):
            return super()._chosen_device(user)
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        return model.objects.filter(user=user, confirmed=True).first()

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and (user_has_device(user) or cleaned.get("otp_token")):
            self.clean_otp(user)
        return cleaned


# The admin request being answered, for the read-only links below (Django's readonly field has
# no request of its own).
_admin_request: ContextVar = ContextVar("admin_request", default=None)
_django_readonly_link = helpers.AdminReadonlyField.get_admin_url


def readonly_link_if_allowed(self, remote_field, remote_obj):
    """Django links a read-only foreign key to the related object's admin page whether or not
    the person may open it (a jury member saw a link to the fund that answered 403). Here the
    link is shown only to those who may view the object; the others read its name."""
    request = _admin_request.get()
    if request is not None and self.model_admin is not None:
        related_admin = self.model_admin.admin_site._registry.get(remote_field.model)
        if related_admin is None or not related_admin.has_view_or_change_permission(
            request, remote_obj
        ):
            return str(remote_obj)
    return _django_readonly_link(self, remote_field, remote_obj)


class QuartierAdminSite(admin.AdminSite):
    site_header = _("Quartiersbüro – Verwaltung")
    site_title = _("Quartiersbüro")
    index_title = _("Heute zu tun")
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"

    def has_permission(self, request):
        return super().has_permission(request) and two_factor_satisfied(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def view_requiring_setup(request, *args, **kwargs):
            # Roles that must use two factors set them up before they see anything else.
            user = request.user
            if (
                user.is_active
                and user.is_staff
                and not has_device(request)
                and two_factor_required(user)
            ):
                return redirect("admin:two_factor_setup")
            token = _admin_request.set(request)
            try:
                response = inner(request, *args, **kwargs)
                # Rendered here, while the request is known to the read-only links.
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                return response
            finally:
                _admin_request.reset(token)

        return view_requiring_setup

    def get_urls(self):
        from quartier.accounts import views as two_factor_views

        urls = [
            path(
                "zwei-faktor/",
                two_factor_views.two_factor_setup,
                name="two_factor_setup",
            ),
            *super().get_urls(),
        ]
        # "Auf der Website ansehen" (/admin/r/<type>/<id>/): Django's own view redirects any
        # staff member to any object's address, a draft's too. Ours asks the model's admin.
        return [
            path(url.pattern._route, self.admin_view(self.view_on_site), name="view_on_site")
            if isinstance(url, URLPattern) and url.name == "view_on_site"
            else url
            for url in urls
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Redirects to an object's public address only if the staff member may see the
        object in the admin; anything else answers exactly as for a missing object."""
        from django.contrib.contenttypes.views import shortcut

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            model = None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        try:
            obj = model_admin.get_queryset(request).filter(pk=unquote(object_id)).first()
        except (ValidationError, ValueError):
            obj = None
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, obj.pk)

    def index(self, request, extra_context=None):
        """The start page: "Heute zu tun" for this person's roles, the sections below."""
        from quartier.core import clock
        from quartier.services import start_page_visit_record
        from quartier.staff_today_bookings import start_page_sections

        now = clock.now()
        since = start_page_visit_record(user=request.user, now=now)
        sections = start_page_sections(request.user, now=now, since=since)
        extra_context = {**(extra_context or {}), "today_sections": sections}
        return super().index(request, extra_context)

    def each_context(self, request):
        context = super().each_context(request)
        if request.user.is_authenticated:
            context["two_factor_setup_url"] = reverse("admin:two_factor_setup")
        return context


@functools.cache
def _icon_url(icon: str) -> str:
    # Asked once per yes/no cell (two hundred on some lists): the static files' address does
    # not change while the process runs; a test that changes it empties this (apps.py).
    return static(f"admin/img/icon-{icon}.svg")


def boolean_icon_in_words(field_val):
    """Django's yes/no icon with a German alt text (Django writes "True", "False", "None",
    which a screen reader reads out in English)."""
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    words = {True: _("ja"), False: _("nein"), None: _("unbekannt")}[field_val]
    return format_html('<img src="{}" alt="{}">', _icon_url(icon), words)


def action_checkbox_written_directly(self, obj):
    """Django's checkbox in front of each row of a list (for the actions), the same markup
    written directly: Django renders each of a list's 100 checkboxes through a template."""
    return format_html(
        '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
        helpers.ACTION_CHECKBOX_NAME,
        str(obj.pk),
        format_html(gettext("Select this object for an action - {}"), str(obj)),
    )
