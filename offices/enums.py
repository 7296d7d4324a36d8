from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    NEIGHBOURHOOD_MANAGEMENT = "quartiersmanagement", _("Quartiersmanagement")
    JOBCENTER = "jobcenter", _("Jobcenter")
    RESEARCH_PROJECT = "forschungsprojekt", _("Forschungsprojekt")
    OTHER = "sonstige", _("Sonstiger Partner")
