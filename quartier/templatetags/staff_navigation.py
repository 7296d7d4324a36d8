"""The staff area's list of sections (the navigation beside every admin page and the start
page's overview), written in one pass: Django's app_list.html ran about 600 template nodes
for the 35 kinds of record a coordinator sees, on every admin page."""

from urllib.parse import quote

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def app_list_table(context, app_list, show_changelinks=False):
    """The same markup as Django's admin/app_list.html (tests/quartier/test_staff_navigation.py
    compares the two), for the apps and models the person may see."""
    if not app_list:
        return format_html(
            "<p>{}</p>", gettext("You don’t have permission to view or edit anything.")
        )
    request = context.get("request")
    path = quote(request.path) if request is not None else ""
    words = {
        "model": escape(gettext("Model name")),
        "add_link": escape(gettext("Add link")),
        "change_link": escape(gettext("Change or view list link")),
        "add": escape(gettext("Add")),
        "view": escape(gettext("View")),
        "change": escape(gettext("Change")),
    }
    title = gettext("Models in the %(name)s application")
    parts = []
    for app in app_list:
        label = escape(app["app_label"])
        current = " current-app" if app["app_url"] in path else ""
        parts.append(
            f'<div class="app-{label} module{current}"><table><caption>'
            f'<a href="{escape(app["app_url"])}" class="section" '
            f'title="{title % {"name": escape(app["name"])}}">{escape(app["name"])}</a>'
            f'</caption><thead class="visually-hidden"><tr><th scope="col">{words["model"]}</th>'
            f'<th scope="col">{words["add_link"]}</th>'
            f'<th scope="col">{words["change_link"]}</th></tr></thead>'
        )
        for model in app["models"]:
            parts.append(_model_row(model, label, path, words, show_changelinks))
        parts.append("</table></div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _model_row(model: dict, app_label: str, path: str, words: dict, show_changelinks) -> str:
    name = escape(model["object_name"].lower())
    row_id = f"{app_label}-{name}"
    admin_url = model.get("admin_url")
    current = bool(admin_url) and admin_url in path
    if admin_url:
        aria_current = ' aria-current="page"' if current else ""
        heading = f'<a href="{escape(admin_url)}"{aria_current}>{escape(model["name"])}</a>'
    else:
        heading = escape(model["name"])
    row = [
        f'<tr class="model-{name}{" current-model" if current else ""}">'
        f'<th scope="row" id="{row_id}">{heading}</th>'
    ]
    if model.get("add_url"):
        row.append(
            f'<td><a href="{escape(model["add_url"])}" class="addlink" '
            f'aria-describedby="{row_id}">{words["add"]}</a></td>'
        )
    else:
        row.append("<td></td>")
    if admin_url and show_changelinks:
        kind = "view" if model.get("view_only") else "change"
        row.append(
            f'<td><a href="{escape(admin_url)}" class="{kind}link" '
            f'aria-describedby="{row_id}">{words[kind]}</a></td>'
        )
    elif show_changelinks:
        row.append("<td></td>")
    row.append("</tr>")
    return "".join(row)
