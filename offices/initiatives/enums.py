from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupStatus(models.TextChoices):
    PROPOSED = "vorgeschlagen", _("Vorgeschlagen")
    PUBLISHED = "veroeffentlicht", _("Veröffentlicht")
    HIDDEN = "ausgeblendet", _("Ausgeblendet")


# Which status an entry may move to from each status; one service applies them
# (offices.initiatives.services.group_set_status). A hidden entry can be shown again.
GROUP_TRANSITIONS = {
    GroupStatus.PROPOSED: {GroupStatus.PUBLISHED, GroupStatus.HIDDEN},
    GroupStatus.PUBLISHED: {GroupStatus.HIDDEN},
    GroupStatus.HIDDEN: {GroupStatus.PUBLISHED},
}
