from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotFormMixin(forms.Form):
    """A field people never see or fill; bots that fill every field are refused."""

    homepage = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_homepage(self):
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(
                _("Ihre Angaben konnten nicht gesendet werden."), code="honeypot"
            )
        return ""


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
