from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """Neuigkeiten per E-Mail: sign-up with double opt-in, issues, the weekly digest."""

    name = "quartier.newsletter"
    label = "newsletter"
    verbose_name = _("Neuigkeiten per E-Mail")
