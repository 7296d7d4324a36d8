"""The form in progress, kept on the server between steps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fund_applications.models.application import Application
from fund_applications.models.files import StoredFile
from fund_applications.models.fund import Fund


class ApplicationDraft(models.Model):
    """The form in progress, kept on the server between steps and reached by a private link.

    Sending consumes it: `application` is set in the same transaction that creates the
    application, so a second click on "Absenden" finds it consumed."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=12, unique=True, editable=False)
    secret = models.CharField(max_length=64, editable=False)
    data = models.JSONField(default=dict, blank=True)
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Entwurf")
        verbose_name_plural = _("Entwürfe")
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.updated_at:%Y-%m-%d})"

    @property
    def token(self) -> str:
        return self.key + self.secret


class DraftAttachment(StoredFile):
    draft = models.ForeignKey(
        ApplicationDraft, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Anlage im Entwurf")
        verbose_name_plural = _("Anlagen im Entwurf")
