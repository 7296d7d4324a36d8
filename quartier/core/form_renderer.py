"""The form renderer of every form: Django's own, except that the plain <input> widgets (text,
number, date, hidden, checkbox, …) and the plain <select> are written directly, with exactly
the markup of Django's templates. Django renders each input through two templates and each
option of a select through two more; an admin page with inlines has a hundred and more inputs
(the fund's page: 14 ms of its 60), and the choice of a group for an event has one option per
group of the directory. Every other widget (text areas, radio buttons, the admin's own
widgets) still renders through its template."""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
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


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def attrs_markup(attrs: dict) -> str:
    """attrs.html in Python. Every part goes through format_html."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, value))
    return "".join(parts)


def input_markup(widget: dict) -> SafeString:
    """input.html and attrs.html in Python: the same attributes, order, escaping and spaces."""
    parts = [format_html('<input type="{}" name="{}"', widget["type"], widget["name"])]
    if widget["value"] is not None:
        parts.append(format_html(' value="{}"', widget["value"]))
    parts.append(attrs_markup(widget["attrs"]))
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


def writable_directly(widget: dict) -> bool:
    """A select whose options all use Django's option template and whose labels are text: a
    template would localize a number or a date as a label, so those go through it."""
    for group_name, options, _index in widget["optgroups"]:
        if group_name and not isinstance(group_name, str | Promise):
            return False
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE or not isinstance(
                option["label"], str | Promise
            ):
                return False
    return True


def select_markup(widget: dict) -> SafeString:
    """select.html and select_option.html in Python: the same markup, line breaks and spaces."""
    parts = [format_html('<select name="{}"', widget["name"]), attrs_markup(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(format_html('\n  <option value="{}"', str(option["value"])))
            parts.append(attrs_markup(option["attrs"]))
            # The included option template keeps its final line break.
            parts.append(format_html(">{}</option>\n", option["label"]))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        # Django strips the rendered template: no line breaks to add.
        if template_name in INPUT_TEMPLATES:
            return input_markup(context["widget"])
        if template_name == SELECT_TEMPLATE and writable_directly(context["widget"]):
            return select_markup(context["widget"])
        return super().render(template_name, context, request)
