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
