from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """Anregungen und Ideen: residents send ideas without an account, the office answers in
    public within a promised time, neighbours support them."""

    name = "quartier.ideas"
    label = "ideas"
    verbose_name = _("Anregungen und Ideen")
    default_auto_field = "django.db.models.BigAutoField"
