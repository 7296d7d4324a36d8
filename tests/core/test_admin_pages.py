"""Our own staff pages in the admin get the admin's context: header, navigation, breadcrumbs."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from quartier.core.admin_pages import admin_page_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_page_of_a_model_admin_gets_the_sites_context_the_models_options_and_its_own():
    from quartier.newsletter.models import NewsletterIssue

    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[NewsletterIssue]

    context = admin_page_context(request, model_admin=model_admin, title="Vorschau")

    assert context["title"] == "Vorschau"
    assert context["opts"] is NewsletterIssue._meta
    assert context["site_header"] == admin.site.site_header
    assert "available_apps" in context


def test_a_page_without_a_model_has_no_model_options():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True)

    context = admin_page_context(request, title="Kein Zugriff")

    assert context["title"] == "Kein Zugriff"
    assert "opts" not in context
    assert context["site_title"] == admin.site.site_title


def test_an_inline_table_builds_its_blank_form_once(db):
    from django.forms.models import inlineformset_factory

    from fund_applications.models import Fund, FundGoal
    from quartier.core.admin_formsets import InlineFormSet

    formset = inlineformset_factory(Fund, FundGoal, formset=InlineFormSet, fields=["name"])(
        instance=Fund()
    )

    assert formset.empty_form is formset.empty_form
    assert formset.empty_form.prefix == "goals-__prefix__"
