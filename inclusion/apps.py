from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InclusionConfig(AppConfig):
    """Leichte Sprache and Deutsche Gebärdensprache: the pages BITV NRW asks for."""

    name = "inclusion"
    verbose_name = _("Leichte Sprache und Gebärdensprache")
