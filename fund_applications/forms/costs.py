"""The cost plan step: one form per cost line, and the other funding that sets the sum asked for."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fund_applications.cost_plan import check_totals, cost_totals
from fund_applications.enums import CostCategory
from fund_applications.forms.fields import required


class CostItemForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Art der Kosten"),
        choices=[("", _("Bitte wählen")), *CostCategory.choices],
        error_messages=required(_("Bitte wählen Sie die Art der Kosten.")),
    )
    description = forms.CharField(
        label=_("Wofür genau?"),
        max_length=200,
        error_messages=required(_("Bitte beschreiben Sie, wofür das Geld ist.")),
    )
    amount = forms.DecimalField(
        label=_("Betrag in Euro"),
        min_value=Decimal("0"),
        max_value=Decimal("99999999.99"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Bitte geben Sie einen Betrag an."),
            "invalid": _("Bitte geben Sie einen Betrag wie 120,50 an."),
            "min_value": _("Der Betrag darf nicht negativ sein."),
            "max_decimal_places": _("Bitte höchstens zwei Stellen nach dem Komma."),
        },
    )


class BaseCostItemFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        # Every row may stay empty; the plan as a whole needs one line (checked in clean).
        kwargs["empty_permitted"] = True
        kwargs["use_required_attribute"] = False
        return kwargs

    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise ValidationError(
                _("Bitte geben Sie mindestens eine Kostenzeile an."), code="no_lines"
            )

    def lines(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


CostItemFormSet = forms.formset_factory(
    CostItemForm, formset=BaseCostItemFormSet, extra=0, max_num=40, absolute_max=40
)


class FundingForm(forms.Form):
    other_funding = forms.DecimalField(
        label=_("Eigenmittel und andere Förderung in Euro"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        required=False,
        help_text=_(
            "Geld, das Sie selbst oder andere (zum Beispiel Spenden) beisteuern. Sonst leer lassen."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": _("Bitte geben Sie einen Betrag wie 120,50 an."),
            "min_value": _("Der Betrag darf nicht negativ sein."),
            "max_decimal_places": _("Bitte höchstens zwei Stellen nach dem Komma."),
        },
    )
    other_funding_source = forms.CharField(
        label=_("Woher kommt dieses Geld?"), max_length=300, required=False
    )

    def __init__(self, *args, fund, amounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.amounts = amounts

    def clean(self):
        data = super().clean()
        data["other_funding"] = data.get("other_funding") or Decimal("0")
        if self.amounts is not None and "other_funding" not in self.errors:
            self.totals = cost_totals(self.amounts, data["other_funding"])
            try:
                check_totals(self.totals, max_per_application=self.fund.max_per_application)
            except ValidationError as error:
                self.add_error(None, error)
        return data
