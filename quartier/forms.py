from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.addresses import validate_plain_address
from quartier.core.honeypot import HoneypotFormMixin


class AccessibilityFeedbackForm(HoneypotFormMixin, forms.ModelForm):
    class Meta:
        from quartier.models import AccessibilityFeedback

        model = AccessibilityFeedback
        fields = ["message", "page", "name", "email"]
        help_texts = {
            "page": _("Zum Beispiel „Sprechzeiten“ oder die Adresse der Seite."),
            "email": _("Freiwillig. Nur wenn Sie eine Antwort möchten."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "message": {"required": _("Bitte beschreiben Sie kurz, was nicht funktioniert hat.")},
            "email": {
                "invalid": _("Bitte geben Sie eine E-Mail-Adresse wie name@example.org ein.")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The address becomes the Reply-To of the mail to the accessibility team.
        self.fields["email"].validators.append(validate_plain_address)
