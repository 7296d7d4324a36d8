"""The steps of the application form and how each keeps what was typed in the draft.

Each step stores the raw values as typed (valid or not), so going back, leaving and coming
back never loses anything. Validation happens when the step is sent with "Weiter" and
again, for all steps together, before the application is sent."""

from dataclasses import dataclass, field

from django import forms as django_forms
from django.utils.datastructures import MultiValueDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fund_applications.forms.application import ApplicantForm, AttachmentForm, ProjectForm
from fund_applications.forms.costs import CostItemFormSet, FundingForm
from fund_applications.models import ApplicationDraft

COST_PREFIX = "kosten"
COST_FIELDS = ["category", "description", "amount"]
MAX_ROWS = 40


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise
    number: int


STEPS = [
    Step("antragsteller", _("Antragsteller"), 1),
    Step("projekt", _("Projekt"), 2),
    Step("kosten", _("Kosten"), 3),
    Step("anlagen", _("Anlagen"), 4),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}
SIMPLE_FORMS = {"antragsteller": ApplicantForm, "projekt": ProjectForm}


def previous_step(step: Step) -> Step | None:
    return STEPS[step.number - 2] if step.number > 1 else None


def next_step(step: Step) -> Step | None:
    return STEPS[step.number] if step.number < len(STEPS) else None


def stored(draft: ApplicationDraft, slug: str) -> dict:
    return draft.data.get("steps", {}).get(slug, {})


def _is_multiple(form_field) -> bool:
    return isinstance(
        form_field.widget, django_forms.SelectMultiple | django_forms.CheckboxSelectMultiple
    )


def _simple_values(form_class, post) -> dict:
    fields = form_class.base_fields
    return {
        name: post.getlist(name) if _is_multiple(f) else post.get(name, "")
        for name, f in fields.items()
        if name != "homepage"
    }


def _as_data(values: dict) -> MultiValueDict:
    return MultiValueDict(
        {name: value if isinstance(value, list) else [value] for name, value in values.items()}
    )


def cost_rows_from_post(post) -> list[dict]:
    try:
        count = int(post.get(f"{COST_PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        count = 0
    count = max(0, min(count, MAX_ROWS))
    return [
        {name: post.get(f"{COST_PREFIX}-{index}-{name}", "") for name in COST_FIELDS}
        for index in range(count)
    ]


def _cost_data(rows: list[dict], funding: dict) -> MultiValueDict:
    data = {
        f"{COST_PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{COST_PREFIX}-INITIAL_FORMS": "0",
        f"{COST_PREFIX}-MIN_NUM_FORMS": "0",
        f"{COST_PREFIX}-MAX_NUM_FORMS": str(MAX_ROWS),
    }
    for index, row in enumerate(rows):
        for name in COST_FIELDS:
            data[f"{COST_PREFIX}-{index}-{name}"] = row.get(name, "")
    data.update(funding)
    return _as_data(data)


def values_from_post(slug: str, post) -> dict:
    """What the applicant typed on this step, in the shape the draft keeps."""
    if slug in SIMPLE_FORMS:
        return _simple_values(SIMPLE_FORMS[slug], post)
    if slug == "kosten":
        return {
            "rows": cost_rows_from_post(post),
            "funding": _simple_values(FundingForm, post),
        }
    return {}


@dataclass
class StepForms:
    """The form objects of one step; `all` in the order the error summary lists them."""

    form: django_forms.Form | None = None
    formset: django_forms.BaseFormSet | None = None
    extra: dict = field(default_factory=dict)

    def is_valid(self) -> bool:
        valid = True
        if self.formset is not None:
            valid = self.formset.is_valid() and valid
        if self.form is not None:
            valid = self.form.is_valid() and valid
        return valid


def build_forms(
    slug: str, draft: ApplicationDraft, *, values: dict | None = None, bound: bool = False
) -> StepForms:
    """Forms for a step: bound (to validate and show errors) or filled in as initial values."""
    fund = draft.fund
    if values is None:
        values = stored(draft, slug).get("values", {})
    kwargs = {"fund": fund} if slug == "projekt" else {}
    if slug == "projekt":
        kwargs["next_session"] = getattr(fund, "next_session", None)
    if slug in SIMPLE_FORMS:
        form_class = SIMPLE_FORMS[slug]
        if bound:
            return StepForms(form=form_class(data=_as_data(values), **kwargs))
        return StepForms(form=form_class(initial=values or None, **kwargs))
    if slug == "kosten":
        rows = values.get("rows") or [{}]
        funding = values.get("funding", {})
        if bound:
            formset = CostItemFormSet(data=_cost_data(rows, funding), prefix=COST_PREFIX)
            amounts = None
            if formset.is_valid():
                amounts = [line["amount"] for line in formset.lines()]
            form = FundingForm(data=_as_data(funding), fund=fund, amounts=amounts)
            return StepForms(form=form, formset=formset)
        formset = CostItemFormSet(initial=rows, prefix=COST_PREFIX)
        return StepForms(form=FundingForm(initial=funding, fund=fund), formset=formset)
    if slug == "anlagen":
        return StepForms(form=AttachmentForm())
    return StepForms()


def progress(current: str) -> list[dict]:
    """The progress list: four steps and the review, each done, current or to do."""
    items = [{"number": step.number, "title": step.title, "slug": step.slug} for step in STEPS]
    items.append({"number": "✓", "title": _("Prüfen und absenden"), "slug": "pruefen"})
    slugs = [item["slug"] for item in items]
    current_index = slugs.index(current)
    for index, item in enumerate(items):
        item["state"] = (
            "done" if index < current_index else "current" if index == current_index else "todo"
        )
    return items


def first_incomplete_step(draft: ApplicationDraft) -> Step | None:
    """Checked against the stored values, not only the flags: rules may have changed since."""
    for step in STEPS:
        if step.slug == "anlagen":
            continue
        if not stored(draft, step.slug) or not build_forms(step.slug, draft, bound=True).is_valid():
            return step
    return None


def summary_rows(form) -> list[tuple[str, str]]:
    """(label, value as the applicant should read it) for a valid form, for the review page."""
    from quartier.core.formatting import euro, long_date

    rows = []
    for name, bound in ((n, form[n]) for n in form.fields if n != "homepage"):
        value = form.cleaned_data.get(name)
        choices = dict(getattr(bound.field, "choices", []) or [])
        if isinstance(value, list):
            shown = ", ".join(str(choices.get(item, item)) for item in value)
        elif choices and value in choices:
            shown = str(choices[value])
        elif hasattr(value, "isoformat") and not isinstance(value, str):
            shown = long_date(value)
        elif name == "other_funding":
            shown = euro(value)
        else:
            shown = "" if value is None else str(value)
        rows.append((bound.label, shown or "–"))
    return rows
