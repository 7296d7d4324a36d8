"""The main navigation, written in Python: every page shows its nine links twice (in the
header's row and in the phones' "Menü"), and the template resolved and translated each link
anew both times. The links are worked out once per page; the HTML is the same as the template
wrote before (tests/quartier/test_site_navigation.py keeps that template and compares)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

LINKS = [
    ("home", _("Start")),
    ("consultations:overview", _("Sprechzeiten")),
    ("booking:start", _("Termin buchen")),
    ("news:list", _("Aktuelles")),
    ("news:events", _("Veranstaltungen")),
    ("fund_applications:fund", _("Stadtteilfonds")),
    ("ideas:list", _("Ideen")),
    ("initiatives:list", _("Gruppen")),
    (
        "lending:items",
        pgettext_lazy("main navigation: borrow the room or the cargo bike", "Ausleihen"),
    ),
]
CURRENT = mark_safe(' aria-current="page"')


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The links as a list; the page's own link says so (aria-current)."""
    links = context.render_context.get("site_navigation.links")
    if links is None:
        links = context.render_context["site_navigation.links"] = [
            (reverse(name), str(label)) for name, label in LINKS
        ]
    path = context["request"].path
    items = format_html_join(
        "",
        '\n  <li><a href="{}"{}>{}</a></li>',
        ((url, CURRENT if url == path else "", label) for url, label in links),
    )
    return format_html("<ul>{}\n</ul>\n", items)
