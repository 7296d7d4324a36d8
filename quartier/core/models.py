from django.utils.translation import gettext_lazy as _
from post_office.models import Email


class OutboxEmail(Email):
    """The outbox as staff see it in the admin: post_office's mails under German names."""

    class Meta:
        proxy = True
        verbose_name = _("E-Mail im Postausgang")
        verbose_name_plural = _("Postausgang")
        ordering = ["-created"]
