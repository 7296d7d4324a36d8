from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    NEIGHBOURHOOD_MANAGEMENT = "quartiersmanagement", _("Quartiersmanagement")
    JOBCENTER = "jobcenter", _("Jobcenter")
    RESEARCH_PROJECT = "forschungsprojekt", _("Forschungsprojekt")
    OTHER = "sonstige", _("Sonstiger Partner")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    PUBLISHED = "veroeffentlicht", _("Veröffentlicht")


# Which status an announcement may move to from each status (one service applies them).
ANNOUNCEMENT_TRANSITIONS = {
    AnnouncementStatus.DRAFT: {AnnouncementStatus.PUBLISHED},
    AnnouncementStatus.PUBLISHED: {AnnouncementStatus.DRAFT},
}
