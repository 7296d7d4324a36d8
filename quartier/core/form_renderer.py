"""The form renderer of every form: Django's own, except that the plain <input> widgets (text,
number, date, hidden, checkbox, …) and the plain <select> are written directly, with exactly
the markup of Django's templates. Django renders each input through two templates and each
option of a select through two more; an admin page with inlines has a hundred and more inputs
(the fund's page: 14 ms of its 60), and the choice of a group for an event has one option per
group of the directory. The admin's date and time widgets are a paragraph around such inputs
(the fund's page has 16). An empty list of errors writes nothing without its two templates.
Every other widget (text areas, radio buttons, the admin's own
widgets) still renders through its template."""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
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


# A field's or a form's list of errors. Every field of an admin page asks for its list, most
# of them empty, and an empty list writes nothing.
ERROR_LIST_TEMPLATES = frozenset(
    {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}
)
# The admin's date, time and date-and-time widgets: a paragraph around one or two inputs.
ADMIN_DATE_TEMPLATES = {"admin/widgets/date.html": "date", "admin/widgets/time.html": "time"}
SPLIT_DATE_TIME_TEMPLATE = "admin/widgets/split_datetime.html"
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


def included_input(widget: dict) -> str | None:
    """An <input> as another widget's template includes it: not stripped, so with the line
    break of input.html and, for the one-line templates around it, one more."""
    name = widget["template_name"]
    if name not in INPUT_TEMPLATES:
        return None
    return input_markup(widget) + ("\n" if name.endswith("/input.html") else "\n\n")


def admin_date_markup(context: dict, kind: str) -> SafeString:
    """admin/widgets/date.html and time.html in Python. Each includes Django's one-line
    date.html or time.html around input.html, whatever the widget's own template."""
    field = input_markup(context["widget"]) + "\n\n"
    return mark_safe(f'<p class="{kind}">\n  {field}\n</p>')  # noqa: S308 - input_markup escapes


def split_date_time_markup(context: dict) -> SafeString | None:
    """admin/widgets/split_datetime.html in Python: the labels as the template escapes them."""
    date, time = (included_input(widget) for widget in context["widget"]["subwidgets"])
    if date is None or time is None:
        return None
    date_label = conditional_escape(context["date_label"])
    time_label = conditional_escape(context["time_label"])
    return mark_safe(  # noqa: S308 - the labels are escaped, the inputs by input_markup
        f'<p class="datetime">\n  {date_label} {date}<br>\n  {time_label} {time}\n</p>'
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        # Django strips the rendered template: no line breaks to add.
        if template_name in INPUT_TEMPLATES:
            return input_markup(context["widget"])
        if template_name in ERROR_LIST_TEMPLATES and not context["errors"]:
            return ""
        if template_name in ADMIN_DATE_TEMPLATES:
            return admin_date_markup(context, ADMIN_DATE_TEMPLATES[template_name])
        if template_name == SPLIT_DATE_TIME_TEMPLATE:
            markup = split_date_time_markup(context)
            if markup is not None:
                return markup
        if template_name == SELECT_TEMPLATE and writable_directly(context["widget"]):
            return select_markup(context["widget"])
        return super().render(template_name, context, request)
