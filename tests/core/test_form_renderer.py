"""Every plain <input> widget written directly reads exactly as Django's templates write it."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
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


def test_other_widgets_still_render_through_their_templates():
    select = forms.Select(choices=[("1", "eins")])

    assert select.render("s", "1", renderer=FormRenderer()) == select.render(
        "s", "1", renderer=DjangoTemplates()
    )
