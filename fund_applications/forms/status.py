"""What the status link asks: withdrawing, answering a question, the Verwendungsnachweis and
the consent to be shown under „Geförderte Projekte“."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fund_applications.forms.fields import MultipleFileField, MultipleFileInput, required
from fund_applications.models import CostItem


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Möchten Sie uns den Grund sagen? (freiwillig)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Ihre Antwort"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=required(_("Bitte schreiben Sie Ihre Antwort.")),
    )
    files = MultipleFileField(
        label=_("Dateien zur Antwort (freiwillig)"),
        required=False,
        help_text=_(
            "PDF, JPEG oder PNG, zum Beispiel ein Angebot oder eine Skizze. Sie können "
            "mehrere Dateien auf einmal auswählen."
        ),
        widget=MultipleFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )


class ReceiptForm(forms.Form):
    """One receipt of the Verwendungsnachweis, on the applicant's status page."""

    file = forms.FileField(
        label=_("Beleg (PDF, JPEG oder PNG)"),
        error_messages={"required": _("Bitte wählen Sie die Datei mit dem Beleg aus.")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )
    cost_item = forms.ModelChoiceField(
        label=_("Für welche Kostenposition?"),
        queryset=CostItem.objects.none(),
        required=False,
        empty_label=_("Keine davon / Sonstiges"),
    )
    amount = forms.DecimalField(
        label=_("Betrag laut Beleg in Euro"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        error_messages={"required": _("Bitte geben Sie den Betrag auf dem Beleg an.")},
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost_item"].queryset = application.cost_items.all()
        self.fields["cost_item"].label_from_instance = lambda item: item.description


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Foto (JPEG oder PNG)"),
        error_messages={"required": _("Bitte wählen Sie ein Foto aus.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}),
    )


class ReportForm(forms.Form):
    report_text = forms.CharField(
        label=_("Kurzer Bericht: Wie lief das Projekt?"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Ein paar Sätze reichen: Was ist passiert, wie viele Menschen waren dabei, was "
            "hat sich gelohnt, was würden Sie anders machen?"
        ),
    )
    consents_to_photo_publication = forms.BooleanField(
        label=_(
            "Die Fotos dürfen zusammen mit unserem Projekt auf der Website unter „Geförderte "
            "Projekte“ gezeigt werden."
        ),
        help_text=_(
            "Freiwillig. Bitte nur ankreuzen, wenn alle Menschen auf den Fotos einverstanden "
            "sind. Sie können die Einwilligung jederzeit über Ihren Statuslink zurücknehmen."
        ),
        required=False,
    )


class ConsentForm(forms.Form):
    """One button on the status link's consent page: give or take back one consent."""

    kind = forms.ChoiceField(choices=[("projekt", "projekt"), ("fotos", "fotos")])
    given = forms.TypedChoiceField(
        choices=[("ja", "ja"), ("nein", "nein")], coerce=lambda value: value == "ja"
    )
