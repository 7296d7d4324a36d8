"""Admin widgets that screen readers and axe can label."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.html import format_html


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time inputs, with "Datum:" and "Zeit:" as real labels of their
    inputs (Django prints them as plain text: both inputs had no label). The field's own label
    names the group (Django renders the pair as a fieldset with a legend)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for index, key in enumerate(("date_label", "time_label")):
            input_id = context["widget"]["subwidgets"][index]["attrs"].get("id")
            if input_id:
                context[key] = format_html('<label for="{}">{}</label>', input_id, context[key])
        return context


def label_split_date_times() -> None:
    """Every admin form's DateTimeField gets the labelled widget. Runs before the admin
    classes are registered (each ModelAdmin copies these defaults when it is created)."""
    from django.contrib.admin import options
    from django.db import models

    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField]["widget"] = LabelledSplitDateTime
