"""What every staff page of an application shares: the application as the admin's own
queryset gives it, the admin's page context, errors of a service on the form."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse

from fund_applications.models import Application


def change_url(application) -> str:
    return reverse("admin:fund_applications_application_change", args=[application.pk])


def application_or_404(model_admin, request, application_id) -> Application:
    application = get_object_or_404(
        model_admin.get_queryset(request).select_related("fund__office", "jury_session"),
        pk=application_id,
    )
    return application


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
