from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundApplicationsConfig(AppConfig):
    name = "fund_applications"
    verbose_name = _("Stadtteilfonds")
