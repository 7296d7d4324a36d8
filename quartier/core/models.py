from django.db import models
from django.utils.translation import gettext_lazy as _
from post_office.models import Email


class OutboxEmail(Email):
    """The outbox as staff see it in the admin: post_office's mails under German names."""

    class Meta:
        proxy = True
        verbose_name = _("E-Mail im Postausgang")
        verbose_name_plural = _("Postausgang")
        ordering = ["-created"]


class PersonLock(models.Model):
    """One row per person and public form: the form's writing transaction takes it first, so
    two submissions of the same person (two workers, two servers, two clicks) are counted one
    after the other. Holds a keyed hash of the email address or phone number, never the
    address itself (quartier/core/submissions.py)."""

    scope = models.CharField(max_length=40)
    person = models.CharField(max_length=64)
    touched_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "person"], name="person_lock_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.person[:8]}"
