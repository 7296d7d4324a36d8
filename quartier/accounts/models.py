from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class StaffMember(User):
    """A staff account as Koordination sees it on the plain staff page: name, email, role,
    offices, active. The same row as Django's user; the raw permission list stays with
    superusers."""

    class Meta:
        proxy = True
        verbose_name = _("Mitarbeiterin oder Mitarbeiter")
        verbose_name_plural = _("Mitarbeitende")
        default_permissions = ("view", "add", "change")

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username
