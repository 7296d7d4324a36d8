"""The public request forms (they validate only; views call services.requests) and the
staff forms of the admin pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.lending.enums import Condition
from consultations.lending.models import LendingItem
from offices.models import validate_phone_number
from quartier.core.honeypot import HoneypotFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class LoanRequestForm(HoneypotFormMixin, forms.Form):
    """Ask for the room or book the bike: when, what for, who, and the rules accepted."""

    first_day = forms.DateField(
        label=_("Ab welchem Tag?"),
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie den Tag an."),
            "invalid": _("Bitte geben Sie den Tag als Datum an, z. B. 12.12.2026."),
        },
    )
    days = forms.TypedChoiceField(label=_("Wie viele Tage?"), coerce=int)
    day = forms.DateField(
        label=_("Tag"),
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie den Tag an."),
            "invalid": _("Bitte geben Sie den Tag als Datum an, z. B. 17.12.2026."),
        },
    )
    start = forms.TimeField(
        label=_("Von (Uhrzeit)"),
        widget=TimeInput(),
        error_messages={"required": _("Bitte geben Sie an, ab wann.")},
    )
    end = forms.TimeField(
        label=_("Bis (Uhrzeit)"),
        widget=TimeInput(),
        error_messages={"required": _("Bitte geben Sie an, bis wann.")},
    )
    purpose = forms.CharField(
        label=_("Wofür?"),
        max_length=300,
        error_messages={"required": _("Bitte schreiben Sie kurz, wofür.")},
    )
    group_name = forms.CharField(
        label=_("Name der Gruppe (wenn es eine gibt)"), max_length=120, required=False
    )
    people = forms.IntegerField(
        label=_("Wie viele Personen?"),
        min_value=1,
        initial=1,
        error_messages={"required": _("Bitte geben Sie an, wie viele Personen kommen.")},
    )
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=120,
        error_messages={"required": _("Bitte geben Sie Ihren Namen an.")},
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        help_text=_("Hierhin schicken wir die Bestätigung und Ihren persönlichen Link."),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an."),
        },
    )
    phone = forms.CharField(
        label=_("Telefon (freiwillig)"),
        max_length=40,
        required=False,
        validators=[validate_phone_number],
    )
    rules_accepted = forms.BooleanField(
        label=_("Ich habe die Regeln gelesen und halte mich daran."),
        error_messages={"required": _("Bitte bestätigen Sie die Regeln.")},
    )
    privacy_consent = forms.BooleanField(
        error_messages={"required": _("Ohne Ihr Einverständnis können wir nichts speichern.")},
    )

    def __init__(self, *args, item: LendingItem, retention_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["privacy_consent"].label = _(
            "Ich bin einverstanden, dass das Quartiersbüro meine Angaben für die Ausleihe "
            "speichert. Sie werden %(days)d Tage nach der Rückgabe gelöscht."
        ) % {"days": retention_days}
        if item.is_bike:
            for name in ("day", "start", "end", "people", "group_name"):
                del self.fields[name]
            self.fields["days"].choices = [(n, str(n)) for n in range(1, item.max_days + 1)]
            when = Fieldset(_("Wann?"), "first_day", "days")
        else:
            for name in ("first_day", "days"):
                del self.fields[name]
            if item.capacity:
                self.fields["people"].max_value = item.capacity
                self.fields["people"].help_text = _("Höchstens %(count)d.") % {
                    "count": item.capacity
                }
            when = Fieldset(_("Wann?"), "day", "start", "end")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        who = ["name", "email", "phone"]
        what = ["purpose"] if item.is_bike else ["purpose", "group_name", "people"]
        self.helper.layout = Layout(
            when,
            Fieldset(_("Wofür?"), *what),
            Fieldset(_("Wer?"), *who),
            "rules_accepted",
            "privacy_consent",
            Div("homepage", css_class="hp-field"),
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund"),
        max_length=300,
        help_text=_("Die Person liest ihn in der E-Mail."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SeriesForm(forms.Form):
    every_weeks = forms.TypedChoiceField(
        label=_("Wie oft?"),
        coerce=int,
        choices=[(1, _("jede Woche")), (2, _("jede zweite Woche")), (4, _("alle vier Wochen"))],
        initial=1,
    )
    last_day = forms.DateField(label=_("Bis einschließlich"), widget=DateInput())


class HandoverForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Zeitpunkt"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    condition = forms.ChoiceField(label=_("Zustand"), choices=Condition.choices)
    note = forms.CharField(label=_("Notiz"), max_length=500, required=False)


class ReturnForm(HandoverForm):
    damage_report = forms.CharField(
        label=_("Schadensbericht"),
        required=False,
        help_text=_("Was ist kaputt, wie ist es passiert? Öffnet einen Schadensfall."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AuskunftForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
