from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AccountsConfig(AppConfig):
    """Staff accounts: roles, invitations, two-factor login, the "Mitarbeitende" page."""

    default = True
    name = "quartier.accounts"
    label = "accounts"
    # Not "Mitarbeitende": that names the staff page itself, the one link in this section.
    verbose_name = _("Zugänge zur Verwaltung")

    def ready(self):
        from quartier.accounts.roles import sync_roles_after_migrate

        # The last app in INSTALLED_APPS: when its post_migrate runs, every app's permissions
        # exist and the roles can be given them.
        post_migrate.connect(sync_roles_after_migrate, sender=self)


# German names for the security apps in the admin (instead of "Axes", "Otp_Totp", "Otp_Static").
class LockoutConfig(AxesAppConfig):
    default = False
    verbose_name = _("Anmeldesperren (Schutz vor Passwort-Raten)")


class AuthenticatorAppsConfig(TOTPConfig):
    default = False
    verbose_name = _("Anmeldung in zwei Schritten – Authenticator-Apps")

    def ready(self):
        super().ready()
        # German names in the superuser's admin ("TOTP devices" otherwise). Set on _meta, not
        # in original_attrs, so no migration of the library follows from it.
        device = self.get_model("TOTPDevice")
        device._meta.verbose_name = _("Authenticator-App")
        device._meta.verbose_name_plural = _("Authenticator-Apps")


class RecoveryCodesConfig(StaticConfig):
    default = False
    verbose_name = _("Anmeldung in zwei Schritten – Wiederherstellungscodes")

    def ready(self):
        super().ready()
        # As above, for "Static devices" and their "static tokens".
        device = self.get_model("StaticDevice")
        device._meta.verbose_name = _("Satz Wiederherstellungscodes")
        device._meta.verbose_name_plural = _("Sätze Wiederherstellungscodes")
        token = self.get_model("StaticToken")
        token._meta.verbose_name = _("Wiederherstellungscode")
        token._meta.verbose_name_plural = _("Wiederherstellungscodes")
