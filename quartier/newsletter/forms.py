from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from offices.models import Office
from quartier.core.addresses import validate_plain_address
from quartier.core.honeypot import HoneypotFormMixin

TOPIC_FIELDS = ("offices", "fund_dates", "events", "booking_times")


class SubscribeForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        validators=[validate_plain_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse ein."),
            "invalid": _("Bitte geben Sie eine E-Mail-Adresse wie name@example.org ein."),
        },
    )
    offices = forms.ModelMultipleChoiceField(
        label=_("Neuigkeiten der Partnerbüros"),
        queryset=Office.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fund_dates = forms.BooleanField(
        label=_("Stadtteilfonds: Fristen und Jurytermine"), required=False
    )
    events = forms.BooleanField(label=_("Veranstaltungen"), required=False)
    booking_times = forms.BooleanField(label=_("Neue Zeiten für Online-Termine"), required=False)
    digest = forms.BooleanField(
        label=_("Wöchentliche Zusammenfassung"),
        required=False,
        help_text=_(
            "Einmal in der Woche eine E-Mail mit den neuen Meldungen Ihrer Themen. "
            "Ohne neue Meldungen kommt keine E-Mail."
        ),
    )
    language = forms.ChoiceField(
        label=_("Sprache der E-Mails"),
        choices=settings.LANGUAGES,
        help_text=_("Wenn es eine Ausgabe nicht in Ihrer Sprache gibt, kommt sie auf Deutsch."),
    )
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Quartiersbüro meine E-Mail-Adresse und meine "
            "Auswahl speichert, um mir die Neuigkeiten zu schicken."
        ),
        error_messages={
            "required": _("Bitte stimmen Sie zu, sonst können wir Ihnen nichts schicken.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            self.fields["language"].initial = language

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("offices") or any(
            cleaned.get(name) for name in TOPIC_FIELDS if name != "offices"
        )
        if not chosen and "offices" not in self.errors:
            self.add_error("offices", _("Bitte wählen Sie mindestens ein Thema."))
        return cleaned
