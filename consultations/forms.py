from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from quartier.core.addresses import validate_plain_address
from quartier.core.honeypot import HoneypotFormMixin


class AppointmentRequestForm(HoneypotFormMixin, forms.Form):
    """ "Nach Terminvereinbarung": a resident asks an office for an appointment."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        validators=[validate_plain_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topic = forms.CharField(
        label=_("Worum geht es?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Ein paar Stichworte genügen, zum Beispiel „Antrag für den Stadtteilfonds“. "
            "Bitte schreiben Sie hier nichts Vertrauliches, etwa zu Gesundheit, Geld oder "
            "Kundennummern – das besprechen wir persönlich."
        ),
    )
    preferred_times = forms.CharField(
        label=_("Wann passt es Ihnen?"),
        required=False,
        max_length=300,
        help_text=_("Zum Beispiel „dienstags vormittags“ oder „nach 16 Uhr“."),
    )
    privacy_consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass das Büro meine Angaben für diese Anfrage speichert"),
        error_messages={
            "required": _("Ohne Ihr Einverständnis können wir die Anfrage nicht speichern.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            _(
                "Wir nutzen Ihre Angaben nur, um Ihnen einen Termin anzubieten, und löschen sie "
                "nach spätestens {days} Tagen. Mehr dazu in der "
                '<a href="{url}">Datenschutzerklärung</a>.'
            ),
            days=settings.APPOINTMENT_REQUEST_RETENTION_DAYS,
            url=reverse("site_page", kwargs={"slug": "datenschutz"}),
        )
        self.fields["name"].error_messages["required"] = _("Bitte geben Sie Ihren Namen an.")
        self.fields["topic"].error_messages["required"] = _(
            "Bitte schreiben Sie kurz, worum es geht."
        )
        self.fields["email"].error_messages["invalid"] = _(
            "Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has its own token
        self.helper.layout = Layout(
            "name",
            Fieldset(
                _("Wie erreichen wir Sie? Telefon oder E-Mail – eins genügt."),
                "phone",
                "email",
                css_class="contact-fieldset",
            ),
            "topic",
            "preferred_times",
            "privacy_consent",
            Div("homepage", css_class="hp-field"),
            Submit("senden", _("Anfrage senden")),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error(
                "phone",
                forms.ValidationError(
                    _("Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an."),
                    code="contact_missing",
                ),
            )
        return cleaned
