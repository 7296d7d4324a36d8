from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class QuartierConfig(AppConfig):
    """The project package as an app: site-wide commands, and the staff roles."""

    default = True
    name = "quartier"
    verbose_name = "Quartiersbüro"

    def ready(self):
        from quartier.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self)


class QuartierAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "quartier.admin_site.QuartierAdminSite"

    def ready(self):
        from quartier.core.admin_widgets import label_split_date_times

        label_split_date_times()  # before autodiscover registers (and copies) the ModelAdmins
        super().ready()
        from django.contrib.admin import helpers
        from django.contrib.admin.templatetags import admin_list

        from quartier import admin_site

        # Every yes/no column and read-only field in the admin takes it from here.
        admin_list._boolean_icon = admin_site.boolean_icon_in_words
        # Read-only foreign keys link only to what the person may open.
        helpers.AdminReadonlyField.get_admin_url = admin_site.readonly_link_if_allowed


# German names for the security apps in the admin (instead of "Axes", "Otp_Totp", "Otp_Static").
class LockoutConfig(AxesAppConfig):
    default = False
    verbose_name = _("Anmeldesperren (Schutz vor Passwort-Raten)")


class AuthenticatorAppsConfig(TOTPConfig):
    default = False
    verbose_name = _("Anmeldung in zwei Schritten – Authenticator-Apps")


class RecoveryCodesConfig(StaticConfig):
    default = False
    verbose_name = _("Anmeldung in zwei Schritten – Wiederherstellungscodes")
