"""The application form's steps: who applies, the project, the attachments, the declarations."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fund_applications import uploads
from fund_applications.enums import ApplicantType
from fund_applications.forms.fields import DATE_INPUT_FORMATS, DateInput, required
from quartier.core import clock
from quartier.core.addresses import validate_plain_address
from quartier.core.honeypot import HoneypotFormMixin


class StartForm(HoneypotFormMixin, forms.Form):
    """Only the honeypot: starting a draft needs nothing else."""


class ApplicantForm(forms.Form):
    applicant_type = forms.ChoiceField(
        label=_("Wer stellt den Antrag?"),
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages=required(_("Bitte wählen Sie aus, wer den Antrag stellt.")),
    )
    organisation_name = forms.CharField(
        label=_("Name der Gruppe, Initiative oder des Vereins"),
        max_length=150,
        required=False,
        help_text=_("Nur ausfüllen, wenn Sie nicht als Privatperson beantragen."),
    )
    contact_name = forms.CharField(
        label=_("Vor- und Nachname der Ansprechperson"),
        max_length=150,
        error_messages=required(_("Bitte geben Sie Ihren Namen an.")),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    street = forms.CharField(
        label=_("Straße und Hausnummer"),
        max_length=150,
        error_messages=required(_("Bitte geben Sie Straße und Hausnummer an.")),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.RegexField(
        label=_("Postleitzahl"),
        regex=r"^\d{5}$",
        error_messages={
            "required": _("Bitte geben Sie die Postleitzahl an."),
            "invalid": _("Die Postleitzahl hat fünf Ziffern, zum Beispiel 44357."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(
        label=_("Ort"),
        max_length=80,
        initial="Dortmund",
        error_messages=required(_("Bitte geben Sie den Ort an.")),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        help_text=_("Dorthin schicken wir die Bestätigung und Nachrichten zu Ihrem Antrag."),
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
        validators=[validate_plain_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=40,
        required=False,
        help_text=_("E-Mail oder Telefon: Eines von beiden brauchen wir, gern auch beides."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error(
                "email",
                _("Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an."),
            )
        kind = data.get("applicant_type")
        if kind and kind != ApplicantType.PERSON and not data.get("organisation_name"):
            self.add_error(
                "organisation_name",
                _("Bitte geben Sie den Namen der Gruppe, Initiative oder des Vereins an."),
            )
        if kind == ApplicantType.PERSON:
            data["organisation_name"] = ""
        return data


class ProjectForm(forms.Form):
    title = forms.CharField(
        label=_("Titel des Projekts"),
        max_length=150,
        help_text=_("Ein kurzer Name, zum Beispiel „Hochbeete für den Spielplatz“."),
        error_messages=required(_("Bitte geben Sie dem Projekt einen Titel.")),
    )
    summary = forms.CharField(
        label=_("Was haben Sie vor?"),
        max_length=2000,
        help_text=_("Beschreiben Sie Ihr Projekt in wenigen Sätzen."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=required(_("Bitte beschreiben Sie kurz, was Sie vorhaben.")),
    )
    goals = forms.MultipleChoiceField(
        label=_("Zu welchen Zielen passt Ihr Projekt?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sie können mehrere ankreuzen."),
        error_messages=required(_("Bitte kreuzen Sie mindestens ein Ziel an.")),
    )
    target_group = forms.CharField(
        label=_("Für wen ist das Projekt?"),
        max_length=300,
        help_text=_("Zum Beispiel: Kinder der Grundschule, Nachbarinnen und Nachbarn im Block."),
        error_messages=required(_("Bitte geben Sie an, für wen das Projekt ist.")),
    )
    place = forms.CharField(
        label=_("Wo findet es statt?"),
        max_length=200,
        error_messages=required(_("Bitte geben Sie an, wo das Projekt stattfindet.")),
    )
    start_date = forms.DateField(
        label=_("Beginn"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie an, wann das Projekt beginnt."),
            "invalid": _("Bitte geben Sie das Datum so an: 25.08.2026."),
        },
    )
    end_date = forms.DateField(
        label=_("Ende"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie an, wann das Projekt endet."),
            "invalid": _("Bitte geben Sie das Datum so an: 25.08.2026."),
        },
    )
    expected_participants = forms.IntegerField(
        label=_("Wie viele Menschen machen mit oder kommen?"),
        min_value=1,
        max_value=100_000,
        help_text=_("Eine Schätzung reicht."),
        error_messages={
            "required": _("Bitte schätzen Sie, wie viele Menschen mitmachen."),
            "invalid": _("Bitte geben Sie eine ganze Zahl an."),
            "min_value": _("Bitte geben Sie mindestens 1 an."),
        },
    )
    neighbourhood_benefit = forms.CharField(
        label=_("Was hat der Stadtteil davon?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required(_("Bitte beschreiben Sie, was der Stadtteil davon hat.")),
    )
    volunteer_hours = forms.IntegerField(
        label=_("Ehrenamtliche Stunden (geschätzt)"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Wie viele Stunden helfen Sie und andere ohne Bezahlung mit?"),
        error_messages={"invalid": _("Bitte geben Sie eine ganze Zahl an.")},
    )
    volunteer_work = forms.CharField(
        label=_("Was machen die Ehrenamtlichen?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, fund, next_session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_objects = {str(goal.pk): goal for goal in fund.goals.all()}
        self.fields["goals"].choices = [(pk, goal.name) for pk, goal in self.goal_objects.items()]
        if next_session is not None:
            from quartier.core.formatting import long_date

            self.fields["start_date"].help_text = _(
                "Die nächste Jurysitzung ist am %(date)s. Das Projekt darf erst danach beginnen."
            ) % {"date": long_date(next_session.starts_at)}

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < clock.today():
            raise ValidationError(
                _(
                    "Der Beginn liegt in der Vergangenheit. Der Stadtteilfonds fördert nur "
                    "Projekte, die noch nicht begonnen haben."
                )
            )
        return start

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        if data.get("volunteer_hours") is None:
            data["volunteer_hours"] = 0
        return data

    def chosen_goals(self):
        return [self.goal_objects[pk] for pk in self.cleaned_data["goals"]]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Datei auswählen"),
        required=False,
        help_text=_("PDF, JPEG oder PNG, höchstens 10 MB pro Datei."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args, stored_bytes=0, stored_files=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_bytes = stored_bytes
        self.stored_files = stored_files

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            uploads.check_upload(
                upload,
                already_stored_bytes=self.stored_bytes,
                already_stored_files=self.stored_files,
            )
        return upload


class DeclarationsForm(HoneypotFormMixin, forms.Form):
    declares_not_started = forms.BooleanField(
        label=_("Das Projekt hat noch nicht begonnen."),
        error_messages=required(
            _("Bitte bestätigen Sie, dass das Projekt noch nicht begonnen hat.")
        ),
    )
    declares_no_other_funding = forms.BooleanField(
        label=_(
            "Für das Projekt gibt es kein Geld aus anderen Förderprogrammen, die dafür "
            "zuständig wären."
        ),
        error_messages=required(
            _("Bitte bestätigen Sie, dass das Projekt nicht anders gefördert werden kann.")
        ),
    )
    consents_to_privacy = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Quartiersmanagement und die Jury meine Angaben "
            "für die Entscheidung über den Antrag nutzen."
        ),
        error_messages=required(
            _("Bitte stimmen Sie der Nutzung Ihrer Angaben zu, sonst können wir nicht entscheiden.")
        ),
    )
    # Voluntary, never ticked in advance: "Geförderte Projekte" (fund_applications.register).
    consents_to_publication = forms.BooleanField(
        label=_(
            "Unser Projekt darf mit Titel, Kurzbeschreibung, Ziel und Fördersumme auf der "
            "Website gezeigt werden."
        ),
        help_text=_(
            "Freiwillig. Nur wenn das Projekt bewilligt wird, und ohne Namen oder Adresse. Sie "
            "können die Einwilligung jederzeit über Ihren Statuslink zurücknehmen."
        ),
        required=False,
    )

    REQUIRED = ("declares_not_started", "declares_no_other_funding", "consents_to_privacy")

    def application_fields(self) -> dict:
        """The declarations as Application fields; the voluntary consent as its timestamp."""
        fields = {name: self.cleaned_data[name] for name in self.REQUIRED}
        if self.cleaned_data.get("consents_to_publication"):
            fields["publication_consent_given_at"] = clock.now()
        return fields
