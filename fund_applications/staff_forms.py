"""Forms of the fund team's admin pages. They validate only; the services write."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fund_applications.enums import ApplicationStatus, Decision
from fund_applications.models import Application, JurySession
from fund_applications.services import CORRECTABLE_FIELDS
from quartier.core import clock, formatting

PERSONAL_MESSAGE_HELP = _(
    "Erscheint in der E-Mail unter der Anrede. Zum Beispiel ein Dank für das Gespräch oder "
    "ein Hinweis, wer sich meldet."
)


def _session_choices(fund):
    return JurySession.objects.filter(fund=fund).order_by("-starts_at")


class EuroField(forms.DecimalField):
    """Accepts what staff type: "1.234,50", "1234,50", "1234.50", "1.234,50 €"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
            # Whichever separator comes last is the decimal one: "1.234,50" and "1,234.50".
            if value.rfind(",") > value.rfind("."):
                value = value.replace(".", "").replace(",", ".")
            else:
                value = value.replace(",", "")
        return super().to_python(value)


class StaffForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TransitionForm(StaffForm):
    """One status change by staff: an optional internal note and a personal line to the
    applicant; a question for Rückfrage; the jury session for "bereit für Jury"."""

    question = forms.CharField(
        label=_("Ihre Frage an die Antragsteller"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Steht in der E-Mail und auf der Statusseite; dort wird auch geantwortet."),
    )
    jury_session = forms.ModelChoiceField(
        label=_("Jurysitzung"),
        queryset=JurySession.objects.none(),
        required=False,
        empty_label=_("nächste Sitzung mit offenem Einsendeschluss"),
    )
    personal_message = forms.CharField(
        label=_("Persönliche Nachricht (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=PERSONAL_MESSAGE_HELP,
    )
    comment = forms.CharField(
        label=_("Interne Notiz für den Verlauf (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nur für das Team sichtbar."),
    )

    def __init__(self, *args, application, to_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.to_status = to_status
        if to_status == ApplicationStatus.QUESTION:
            self.fields["question"].required = True
            self.fields["question"].error_messages["required"] = _(
                "Bitte schreiben Sie Ihre Frage an die Antragsteller."
            )
        else:
            del self.fields["question"]
        if to_status == ApplicationStatus.READY_FOR_JURY:
            self.fields["jury_session"].queryset = JurySession.objects.filter(
                fund=application.fund, starts_at__gte=clock.now()
            ).order_by("starts_at")
            if application.jury_session_id:
                self.initial.setdefault("jury_session", application.jury_session_id)
        else:
            del self.fields["jury_session"]


class DecisionForm(StaffForm):
    """The jury's decision on one application, as the minutes record it."""

    jury_session = forms.ModelChoiceField(
        label=_("Jurysitzung"),
        queryset=JurySession.objects.none(),
        error_messages={"required": _("Bitte wählen Sie die Sitzung, in der entschieden wurde.")},
    )
    granted_amount = EuroField(
        label=_("Bewilligter Betrag in Euro"),
        required=False,
        min_value=Decimal("0.01"),
        help_text=_("Darf niedriger sein als beantragt."),
    )
    conditions = forms.CharField(
        label=_("Auflagen (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel: „Ohne die Kosten für Verpflegung“."),
    )
    reason = forms.CharField(
        label=_("Begründung der Jury"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    votes_for = forms.IntegerField(label=_("Stimmen dafür"), min_value=0, max_value=99)
    votes_against = forms.IntegerField(label=_("Stimmen dagegen"), min_value=0, max_value=99)
    votes_abstain = forms.IntegerField(label=_("Enthaltungen"), min_value=0, max_value=99)
    conflicted_members = forms.CharField(
        label=_("Befangene Mitglieder (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wer nicht mit abgestimmt hat, eine Person pro Zeile."),
    )
    over_budget_confirmed = forms.BooleanField(
        label=_("Ja, trotzdem mehr bewilligen, als im Budget des Jahres übrig ist"),
        required=False,
    )
    early_confirmed = forms.BooleanField(
        label=_("Ja, die Jury hat schon entschieden, obwohl die Sitzung noch bevorsteht"),
        required=False,
        help_text=_("Nur nötig, wenn die Sitzung in der Zukunft liegt."),
    )
    personal_message = forms.CharField(
        label=_("Persönliche Nachricht (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=PERSONAL_MESSAGE_HELP,
    )

    def __init__(self, *args, application, decision: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.fields["jury_session"].queryset = _session_choices(application.fund)
        self.initial.setdefault("jury_session", application.jury_session_id)
        if application.jury_session_id:
            # Decided in the session it is on; another session is the step "verschieben"
            # (with a reason, in the timeline and emailed), never a side effect of deciding.
            self.fields["jury_session"].disabled = True
            self.fields["jury_session"].help_text = _(
                "Der Antrag ist dieser Sitzung zugeordnet. Eine andere Sitzung: erst den "
                "Schritt „In andere Jurysitzung verschieben“ gehen."
            )
        self.initial.setdefault("votes_for", 0)
        self.initial.setdefault("votes_against", 0)
        self.initial.setdefault("votes_abstain", 0)
        if decision == Decision.APPROVED:
            self.fields["granted_amount"].required = True
            self.fields["granted_amount"].error_messages["required"] = _(
                "Bitte geben Sie den bewilligten Betrag an."
            )
            self.initial.setdefault("granted_amount", application.requested_amount)
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Bitte geben Sie die Begründung der Jury an."
            )
            for name in ["granted_amount", "conditions", "over_budget_confirmed"]:
                del self.fields[name]
        # Only when a session could still lie ahead: the decision service asks for it then.
        if not self.fields["jury_session"].queryset.filter(starts_at__gt=clock.now()).exists():
            del self.fields["early_confirmed"]


class MoveSessionForm(StaffForm):
    """Another jury session for one application, with the reason the applicant reads."""

    jury_session = forms.ModelChoiceField(
        label=_("Neue Jurysitzung"),
        queryset=JurySession.objects.none(),
        error_messages={"required": _("Bitte wählen Sie die neue Sitzung.")},
    )
    reason = forms.CharField(
        label=_("Grund der Verschiebung"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Steht in der E-Mail an die Antragsteller und im Verlauf."),
        error_messages={"required": _("Bitte geben Sie einen Grund für die Verschiebung an.")},
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = JurySession.objects.filter(fund=application.fund, starts_at__gte=clock.now())
        if application.jury_session_id:
            sessions = sessions.exclude(pk=application.jury_session_id)
        self.fields["jury_session"].queryset = sessions.order_by("starts_at")
        self.fields["jury_session"].label_from_instance = session_label


def session_label(session: JurySession) -> str:
    from fund_applications.services import session_in_words

    deadline = formatting.short_date(session.submission_deadline)
    return _("%(session)s (Einsendeschluss %(deadline)s)") % {
        "session": session_in_words(session),
        "deadline": deadline,
    }


class CorrectionForm(forms.ModelForm):
    """What the applicant sent, corrected by staff with a reason ("Angaben korrigieren")."""

    reason = forms.CharField(
        label=_("Grund der Korrektur"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Zum Beispiel: „Telefonat am 3. März: neue Telefonnummer“."),
        error_messages={"required": _("Bitte geben Sie an, warum die Angaben korrigiert werden.")},
    )

    class Meta:
        model = Application
        fields = CORRECTABLE_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "neighbourhood_benefit": forms.Textarea(attrs={"rows": 4}),
            "volunteer_work": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ["start_date", "end_date"]:
            self.fields[name].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]

    def _post_clean(self):
        # Validated and saved by services.application_correct, not by the ModelForm.
        pass


class PayoutForm(StaffForm):
    amount = EuroField(
        label=_("Ausgezahlter Betrag in Euro"),
        min_value=Decimal("0.01"),
        error_messages={"required": _("Bitte geben Sie den Betrag an.")},
    )
    paid_on = forms.DateField(
        label=_("Ausgezahlt am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"required": _("Bitte geben Sie das Datum der Auszahlung an.")},
    )
    note = forms.CharField(label=_("Notiz (optional)"), required=False, max_length=200)


class SubjectAccessForm(StaffForm):
    query = forms.CharField(
        label=_("Antragsnummer oder E-Mail-Adresse"),
        max_length=254,
        error_messages={"required": _("Bitte geben Sie eine Antragsnummer oder E-Mail an.")},
    )
