"""The form renderer of every form: Django's own, except that the plain <input> widgets (text,
number, date, hidden, checkbox, …) are written directly, with exactly the markup of Django's
templates. Django renders each widget through two templates; an admin page with inlines has
a hundred and more (the fund's page: 14 ms of its 60). Every other widget (selects, text
areas, the admin's own widgets) still renders through its template."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# input.html and Django's widget templates that consist of one line including it.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


def input_markup(widget: dict) -> SafeString:
    """input.html and attrs.html in Python: the same attributes, order, escaping and spaces."""
    parts = [format_html('<input type="{}" name="{}"', widget["type"], widget["name"])]
    if widget["value"] is not None:
        parts.append(format_html(' value="{}"', widget["value"]))
    for name, value in widget["attrs"].items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, value))
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        # Django strips the rendered template: no line breaks to add.
        if template_name in INPUT_TEMPLATES:
            return input_markup(context["widget"])
        return super().render(template_name, context, request)
