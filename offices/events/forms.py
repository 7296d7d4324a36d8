import secrets

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from offices.events.models import EventSignupSetup
from quartier.core.honeypot import HoneypotFormMixin


def _persons_field(max_persons: int) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Wie viele Personen kommen (Sie eingeschlossen)?"),
        choices=[(number, str(number)) for number in range(1, max_persons + 1)],
        coerce=int,
        initial=1,
        error_messages={
            "required": _("Bitte wählen Sie, wie viele Personen kommen."),
            "invalid_choice": _(
                "Für diese Veranstaltung können sich höchstens %(max)d Personen zusammen anmelden."
            )
            % {"max": max_persons},
        },
    )


class SignupForm(HoneypotFormMixin, forms.Form):
    """Who comes: name, email, how many, the event's questions, consent."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Bitte geben Sie Ihren Namen an.")},
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        help_text=_("Dorthin schicken wir die Bestätigung mit dem Link zum Ändern oder Absagen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an."),
        },
    )
    children = forms.IntegerField(
        label=_("Davon Kinder (freiwillig)"),
        required=False,
        min_value=0,
        max_value=20,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    wheelchair = forms.BooleanField(label=_("Wir brauchen einen Rollstuhlplatz"), required=False)
    interpreter = forms.CharField(
        label=_("Gebärdensprache oder Übersetzung gewünscht (freiwillig)"),
        required=False,
        max_length=100,
        help_text=_("Zum Beispiel: Deutsche Gebärdensprache, Türkisch, Arabisch."),
    )
    note = forms.CharField(
        label=_("Was sollen wir noch wissen? (freiwillig)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    waiting_list = forms.BooleanField(
        label=_("Wenn kein Platz mehr frei ist: Bitte setzen Sie mich auf die Warteliste"),
        required=False,
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Büro meine Angaben für diese Veranstaltung speichert"
        ),
        error_messages={"required": _("Ohne Ihr Einverständnis können wir Sie nicht anmelden.")},
    )
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, setup: EventSignupSetup, retention_days: int, full: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup = setup
        self.fields["persons"] = _persons_field(setup.max_persons)
        self.order_fields(["name", "email", "persons"])
        if not self.is_bound:
            self.initial["submission"] = secrets.token_urlsafe(24)
            self.initial["waiting_list"] = full
        self.fields["privacy_consent"].help_text = format_html(
            _(
                "Wir nutzen Ihre Angaben nur für diese Veranstaltung und löschen sie {days} "
                'Tage danach. Mehr dazu in der <a href="{url}">Datenschutzerklärung</a>.'
            ),
            days=retention_days,
            url=reverse("site_page", kwargs={"slug": "datenschutz"}),
        )
        asked = set(setup.questions)
        for question in ("children", "wheelchair", "interpreter", "note"):
            if question not in asked:
                del self.fields[question]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has its own token
        self.helper.layout = Layout(
            *[name for name in self.fields if name not in {"homepage", "submission"}],
            Field("submission"),
            Div("homepage", css_class="hp-field"),
        )

    def clean(self):
        cleaned = super().clean()
        children, persons = cleaned.get("children"), cleaned.get("persons")
        if children is not None and persons is not None and children > persons:
            self.add_error(
                "children", _("Es können nicht mehr Kinder als Personen insgesamt kommen.")
            )
        return cleaned


class PersonsForm(forms.Form):
    """Through the private link: a different number of persons."""

    def __init__(self, *args, max_persons: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"] = _persons_field(max_persons)
        self.fields["persons"].label = _("Anzahl der Personen")


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    text = forms.CharField(
        label=_("Nachricht"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Jede Person bekommt darunter ihren eigenen Link zum Ändern oder Absagen."),
    )
