"""The staff area's list of sections, written directly, is Django's admin/app_list.html: the same
markup for every role, on the start page and beside a list, in German and in English."""

import re
from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.template import Context, Engine
from django.test import RequestFactory
from django.utils import translation

from quartier.accounts.roles import COORDINATORS, FUND_TEAM, JURY, OFFICE_STAFF
from quartier.templatetags.staff_navigation import app_list_table
from tests.factories import staff_user

DJANGOS = Path(django.__file__).parent / "contrib/admin/templates/admin/app_list.html"
ENGINE = Engine(libraries={"i18n": "django.templatetags.i18n"})


def djangos_markup(app_list, request, show_changelinks) -> str:
    template = ENGINE.from_string(DJANGOS.read_text())
    context = {"app_list": app_list, "request": request, "show_changelinks": show_changelinks}
    return template.render(Context(context))


def written_directly(app_list, request, show_changelinks) -> str:
    return app_list_table(Context({"request": request}), app_list, show_changelinks)


def same_markup(html: str) -> str:
    """Whitespace between tags is the template's indentation; browsers ignore it."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [OFFICE_STAFF, COORDINATORS, FUND_TEAM, JURY, None])
@pytest.mark.parametrize("path", ["/admin/", "/admin/offices/announcement/"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_every_roles_sections_are_djangos_markup(role, path, language, admin_user):
    user = admin_user if role is None else staff_user(role=role)
    request = RequestFactory().get(path)
    request.user = user
    with translation.override(language):
        app_list = admin.site.get_app_list(request)
        assert app_list
        for show_changelinks in (True, False):
            ours = written_directly(app_list, request, show_changelinks)
            assert same_markup(ours) == same_markup(
                djangos_markup(app_list, request, show_changelinks)
            )
    if path == "/admin/offices/announcement/" and role in {OFFICE_STAFF, COORDINATORS}:
        assert 'aria-current="page"' in ours
        assert "current-model" in ours


def test_names_are_escaped_and_missing_links_left_empty():
    app_list = [
        {
            "app_label": "hof",
            "app_url": "/admin/h%C3%B6f/",
            "name": 'Hof- & "Fassaden" <Programm>',
            "models": [
                {
                    "object_name": "Antrag",
                    "name": "Anträge <neu>",
                    "admin_url": "/admin/h%C3%B6f/a/",
                    "add_url": None,
                    "view_only": True,
                },
                {
                    "object_name": "Beleg",
                    "name": "Belege",
                    "admin_url": None,
                    "add_url": "/admin/hof/b/add/",
                    "view_only": False,
                },
            ],
        }
    ]
    request = RequestFactory().get("/admin/höf/a/?q=1")
    for show_changelinks in (True, False):
        ours = written_directly(app_list, request, show_changelinks)
        assert same_markup(ours) == same_markup(djangos_markup(app_list, request, show_changelinks))
    assert "current-app" in ours  # the address as the browser sends it, percent-encoded
    assert "&lt;Programm&gt;" in ours
    assert "<Programm>" not in ours


def test_nobody_with_nothing_to_see_reads_djangos_sentence():
    request = RequestFactory().get("/admin/")
    assert same_markup(written_directly([], request, True)) == same_markup(
        djangos_markup([], request, True)
    )


@pytest.mark.django_db
def test_the_staff_pages_use_it(staff_client):
    client = staff_client(role=COORDINATORS)

    content = client.get("/admin/offices/announcement/").content.decode()

    nav = content[content.index('id="nav-sidebar"') :]
    assert '<tr class="model-announcement current-model">' in nav
