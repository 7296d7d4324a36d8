"""The main navigation comes from a template tag; it must read exactly as the template it
replaced wrote it, on every page and in every language."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

# The navigation as templates/includes/_main_nav.html wrote it before.
TEMPLATE_NAV = Template(
    "{% load i18n %}<ul>\n"
    + "".join(
        f"  {{% url '{name}' as {var} %}}<li><a href=\"{{{{ {var} }}}}\"{{% if request.path == "
        f'{var} %}} aria-current="page"{{% endif %}}>{{% translate "{label}"{extra} %}}</a></li>\n'
        for name, var, label, extra in [
            ("home", "home_url", "Start", ""),
            ("consultations:overview", "hours_url", "Sprechzeiten", ""),
            ("booking:start", "booking_url", "Termin buchen", ""),
            ("news:list", "news_url", "Aktuelles", ""),
            ("news:events", "events_url", "Veranstaltungen", ""),
            ("fund_applications:fund", "fund_url", "Stadtteilfonds", ""),
            ("ideas:list", "ideas_url", "Ideen", ""),
            ("initiatives:list", "groups_url", "Gruppen", ""),
            (
                "lending:items",
                "lending_url",
                "Ausleihen",
                ' context "main navigation: borrow the room or the cargo bike"',
            ),
        ]
    )
    + "</ul>\n"
)
TAG_NAV = Template("{% load site_navigation %}{% main_nav %}|{% main_nav %}")


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
@pytest.mark.parametrize("page", ["home", "news:list", "lending:items", "consultations:calendar"])
def test_the_navigation_reads_as_the_template_wrote_it(language, page):
    with translation.override(language):
        request = RequestFactory().get(reverse(page))
        context = {"request": request}
        expected = TEMPLATE_NAV.render(Context(context))

        ours = TAG_NAV.render(Context(context))

    assert ours == f"{expected}|{expected}"
    assert ours.count("aria-current") == (0 if page == "consultations:calendar" else 2)
