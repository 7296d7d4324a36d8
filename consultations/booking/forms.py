from datetime import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from consultations.booking.enums import BookingChannel
from consultations.booking.models import AppointmentType
from consultations.booking.slots import FreeDay, parse_time_value, time_value
from offices.models import validate_phone_number
from quartier.core import clock
from quartier.core.honeypot import HoneypotFormMixin

CURRENT_TIME = _("Das ist Ihre jetzige Zeit. Bitte wählen Sie eine andere.")
PAST_TIME = _(
    "Diese Zeit liegt schon in der Vergangenheit. Bitte wählen Sie eine Zeit aus der Liste."
)


class BookingTimeForm(forms.Form):
    """Pick one of the free times: radio buttons grouped by day (templates/booking/
    _free_times.html renders them, one fieldset per day)."""

    start = forms.ChoiceField(
        label=_("Uhrzeit"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie einen Tag und eine Uhrzeit."),
            "invalid_choice": _(
                "Diese Zeit ist nicht mehr frei. Bitte wählen Sie eine andere aus der Liste."
            ),
        },
    )

    def __init__(
        self, *args, days: list[FreeDay], current: datetime | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.days = days
        # Moving: the booking's own time is in the list (its seats do not count against it),
        # marked, and choosing it is no move.
        self.current_value = time_value(current) if current else ""
        self.fields["start"].choices = [
            (free_time.value, free_time.value) for day in days for free_time in day.times
        ]
        # (day, [(input id, free time)]): ids count up over all days, so the error summary's
        # link to "<auto_id>_0" lands on the first time.
        self.groups = []
        number = 0
        for day in days:
            options = []
            for free_time in day.times:
                options.append((f"{self['start'].auto_id}_{number}", free_time))
                number += 1
            self.groups.append((day, options))

    def clean_start(self) -> datetime:
        if self.cleaned_data["start"] == self.current_value:
            raise forms.ValidationError(CURRENT_TIME, code="current")
        return parse_time_value(self.cleaned_data["start"])

    def clean(self):
        # The list refuses every time it does not offer as "no longer free", which reads as
        # "someone else was faster". A passed time (an old page, a forged value) and the
        # booking's own time (outside the notice period) get the real reason instead.
        chosen = parse_time_value(self.chosen_value)
        if chosen is not None and self.has_error("start", "invalid_choice"):
            if self.chosen_value == self.current_value:
                self._replace_start_error(CURRENT_TIME, "current")
            elif chosen <= clock.now():
                self._replace_start_error(PAST_TIME, "past")
        return super().clean()

    def _replace_start_error(self, message, code: str) -> None:
        del self.errors["start"]
        self.add_error("start", forms.ValidationError(message, code=code))

    @property
    def chosen_value(self) -> str:
        return self.data.get(self.add_prefix("start"), "") if self.is_bound else ""


class BookingDetailsForm(HoneypotFormMixin, forms.Form):
    """Who is coming: name, a way to reach them, a short topic, consent."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        required=False,
        max_length=40,
        validators=[validate_phone_number],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        help_text=_("Dann schicken wir Ihnen die Bestätigung und eine Erinnerung am Vortag."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topic = forms.CharField(
        label=_("Worum geht es? (freiwillig)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ein paar Stichworte genügen. Bitte schreiben Sie hier nichts Vertrauliches, etwa "
            "zu Gesundheit, Geld oder Kundennummern – das besprechen wir im Termin."
        ),
    )
    privacy_consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass das Büro meine Angaben für diesen Termin speichert"),
        error_messages={
            "required": _("Ohne Ihr Einverständnis können wir den Termin nicht buchen.")
        },
    )

    def __init__(self, *args, appointment_type: AppointmentType, retention_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.appointment_type = appointment_type
        self.fields["privacy_consent"].help_text = format_html(
            _(
                "Wir nutzen Ihre Angaben nur für diesen Termin und löschen sie {days} Tage "
                'danach. Mehr dazu in der <a href="{url}">Datenschutzerklärung</a>.'
            ),
            days=retention_days,
            url=reverse("site_page", kwargs={"slug": "datenschutz"}),
        )
        self.fields["name"].error_messages["required"] = _("Bitte geben Sie Ihren Namen an.")
        self.fields["email"].error_messages["invalid"] = _(
            "Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an."
        )
        if appointment_type.is_by_phone:
            self.fields["phone"].required = True
            self.fields["phone"].help_text = _("Unter dieser Nummer rufen wir Sie zum Termin an.")
            self.fields["phone"].error_messages["required"] = _(
                "Für einen Telefontermin brauchen wir Ihre Telefonnummer."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has its own token
        self.helper.layout = Layout(
            "name",
            Fieldset(
                _("Wie erreichen wir Sie?")
                if appointment_type.is_by_phone
                else _("Wie erreichen wir Sie? Telefon oder E-Mail – eins genügt."),
                "phone",
                "email",
                css_class="contact-fieldset",
            ),
            "topic",
            "privacy_consent",
            Div("homepage", css_class="hp-field"),
        )

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("phone")
            and not cleaned.get("email")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "phone",
                forms.ValidationError(
                    _("Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an."),
                    code="contact_missing",
                ),
            )
        return cleaned


class StaffBookingForm(forms.Form):
    """Staff enter an appointment for someone on the phone or at the counter."""

    channel = forms.ChoiceField(
        label=_("Wie kam die Buchung?"),
        choices=[
            (BookingChannel.PHONE, BookingChannel.PHONE.label),
            (BookingChannel.WALK_IN, BookingChannel.WALK_IN.label),
        ],
        widget=forms.RadioSelect,
        initial=BookingChannel.PHONE,
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(
        label=_("Telefon"), required=False, max_length=40, validators=[validate_phone_number]
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        help_text=_("Mit E-Mail bekommt die Person Bestätigung, Kalenderdatei und Erinnerung."),
    )
    topic = forms.CharField(label=_("Worum geht es?"), required=False, max_length=300)
    language = forms.ChoiceField(
        label=_("Sprache der E-Mails"), choices=settings.LANGUAGES, initial="de"
    )
    privacy_consent = forms.BooleanField(
        label=_("Die Person ist einverstanden, dass wir ihre Angaben für den Termin speichern"),
        error_messages={"required": _("Ohne Einverständnis können wir nichts speichern.")},
    )

    def __init__(self, *args, appointment_type: AppointmentType, **kwargs):
        super().__init__(*args, **kwargs)
        self.appointment_type = appointment_type
        if appointment_type.is_by_phone:
            self.fields["phone"].required = True


class StaffCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Absage"),
        max_length=300,
        help_text=_("Die Person liest ihn in der E-Mail, z. B. „Die Beraterin ist krank.“"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notify = forms.BooleanField(
        label=_("Die Person per E-Mail benachrichtigen (wenn sie eine angegeben hat)"),
        required=False,
        initial=True,
    )
