from django.db import models
from django.utils.translation import gettext_lazy as _


class IssueStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    SENDING = "wird_versandt", _("wird versandt")
    SENT = "versandt", _("versandt")


class SuppressionReason(models.TextChoices):
    BOUNCE = "unzustellbar", _("Unzustellbar (Bounce)")
    COMPLAINT = "beschwerde", _("Beschwerde (als Spam gemeldet)")
    REQUEST = "wunsch", _("Auf eigenen Wunsch")
    OTHER = "sonstiges", _("Sonstiges")
