"""Every plain <input> and <select> written directly reads exactly as Django's templates write
it."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from quartier.core.form_renderer import FormRenderer

ATTRS = [
    {},
    {"id": "id_x", "class": "vTextField", "required": True, "disabled": False},
    {"placeholder": 'Straße "Nr." <b>&</b>', "aria-describedby": None, "maxlength": 200},
    {"data-label": mark_safe("<i>schon sicher</i>"), "title": gettext_lazy("Datei")},
]
VALUES = [
    None,
    "",
    "Westerfilder Straße 23",
    '"><script>alert(1)</script>',
    mark_safe("<b>sicher</b>"),
    gettext_lazy("Datei"),
    17,
    Decimal("1480.50"),
    datetime.date(2026, 12, 7),
    datetime.time(17, 30),
]
WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.TimeInput,
    forms.DateTimeInput,
    forms.FileInput,
    forms.CheckboxInput,
    forms.SearchInput,
    forms.ColorInput,
]


@pytest.mark.parametrize("widget_class", WIDGETS)
@pytest.mark.parametrize("attrs", ATTRS)
def test_inputs_written_directly_equal_djangos_templates(widget_class, attrs):
    widget = widget_class(attrs=attrs)
    for value in VALUES:
        if widget_class is forms.CheckboxInput:
            value = value is not None  # a box is ticked or not
        ours = widget.render("feld", value, renderer=FormRenderer())
        djangos = widget.render("feld", value, renderer=DjangoTemplates())
        assert ours == djangos, (widget_class.__name__, attrs, value)


def test_the_input_template_itself_equals_djangos():
    context = {
        "widget": {"type": "text", "name": "a", "value": "b", "attrs": {"id": "id_a"}},
    }

    ours = FormRenderer().render("django/forms/widgets/input.html", context)

    assert ours == DjangoTemplates().render("django/forms/widgets/input.html", context)


CHOICES = [
    [("", "---------"), ("1", "eins"), ("2", 'Straße "Nr." <b>&</b>'), (3, gettext_lazy("Datei"))],
    [
        ("", "---------"),
        ("Garten <&>", [("g1", "Beet"), ("g2", mark_safe("<i>Kräuter</i>"))]),
        ("x", "ohne Gruppe"),
        (gettext_lazy("Datei"), [(mark_safe("<s>"), "sicher")]),
    ],
]
SELECT_WIDGETS = [forms.Select, forms.SelectMultiple, forms.NullBooleanSelect]


@pytest.mark.parametrize("widget_class", SELECT_WIDGETS)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("choices", CHOICES)
def test_selects_written_directly_equal_djangos_templates(widget_class, attrs, choices):
    widget = widget_class(attrs=attrs)
    if widget_class is not forms.NullBooleanSelect:
        widget.choices = choices
    for value in [None, "", "1", "g2", ["1", "g1", "x"], 3, True, False, "unknown"]:
        if widget_class is not forms.SelectMultiple and isinstance(value, list):
            continue
        ours = widget.render("feld", value, renderer=FormRenderer())
        djangos = widget.render("feld", value, renderer=DjangoTemplates())
        assert ours == djangos, (widget_class.__name__, attrs, choices, value)


def test_a_select_with_numbers_as_labels_goes_through_the_template():
    # A template localizes a number: 1.500 in German, not 1500.
    select = forms.Select(choices=[(1500, 1500), (2500, Decimal("2500.5"))])

    with translation.override("de"):
        ours = select.render("s", 1500, renderer=FormRenderer())

        assert ours == select.render("s", 1500, renderer=DjangoTemplates())
    assert "2500,5" in ours


def test_other_widgets_still_render_through_their_templates():
    for widget in [forms.RadioSelect(choices=[("1", "eins")]), forms.Textarea()]:
        assert widget.render("s", "1", renderer=FormRenderer()) == widget.render(
            "s", "1", renderer=DjangoTemplates()
        )


@pytest.mark.parametrize("errors", [[], ["Bitte geben Sie Ihren Namen an."], ['<b>"&"</b>', "2"]])
def test_error_lists_equal_djangos(errors):
    from django.forms.utils import ErrorList

    for kwargs in ({}, {"field_id": "id_name"}):
        ours = ErrorList(errors, renderer=FormRenderer(), **kwargs)
        djangos = ErrorList(errors, renderer=DjangoTemplates(), **kwargs)
        assert str(ours) == str(djangos)
        assert ours.as_ul() == djangos.as_ul()
    assert ("<li>" in str(ours)) == bool(errors)


def test_a_form_with_errors_still_shows_them():
    class Feedback(forms.Form):
        message = forms.CharField()
        email = forms.EmailField(required=False)

    form = Feedback({"message": "", "email": "kein@"}, renderer=FormRenderer())
    ours = str(form)

    assert ours == str(Feedback({"message": "", "email": "kein@"}, renderer=DjangoTemplates()))
    assert 'id="id_message_error"' in ours
    assert ours.count('<ul class="errorlist"') == 2


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_admins_date_and_time_widgets_equal_djangos(language):
    from django.contrib.admin.widgets import AdminDateWidget, AdminSplitDateTime, AdminTimeWidget

    from quartier.core.admin_widgets import LabelledSplitDateTime

    moment = datetime.datetime(2026, 12, 7, 17, 30)
    typed = '"><b>x</b>'  # what a person typed, shown again after an error
    cases = [
        (AdminDateWidget(), [None, moment.date(), typed]),
        (AdminTimeWidget(attrs={"placeholder": "hh:mm"}), [None, moment.time(), typed]),
        (AdminSplitDateTime(), [None, moment, [typed, "17:30"]]),
        (LabelledSplitDateTime(), [None, moment, ["7.12.2026", typed]]),
    ]
    attrs = {"id": "id_starts_at", "required": True, "aria-describedby": "hilfe <&>"}
    with translation.override(language):
        for widget, values in cases:
            for value in values:
                renderer = WatchingRenderer()
                ours = widget.render("starts_at", value, attrs, renderer=renderer)
                assert ours == widget.render("starts_at", value, attrs, renderer=DjangoTemplates())
                assert "<input" in ours
                assert renderer.templates == [], "written directly, without a template"


class WatchingRenderer(FormRenderer):
    """The form renderer, noting each template it still loads."""

    def __init__(self):
        super().__init__()
        self.templates = []

    def get_template(self, template_name):
        self.templates.append(template_name)
        return super().get_template(template_name)
