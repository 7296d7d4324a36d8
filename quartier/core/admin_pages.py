"""Staff pages of our own inside the admin (previews, send pages, two-factor set-up) look and
navigate like the admin's own: the same context around their content."""

from django.contrib import admin


def admin_page_context(request, *, model_admin=None, **extra) -> dict:
    """The admin site's context (header, navigation, the person's apps), the model's options
    for the breadcrumbs when the page belongs to a model admin, and the page's own values
    (`title`, …)."""
    site = model_admin.admin_site if model_admin is not None else admin.site
    context = site.each_context(request)
    if model_admin is not None:
        context["opts"] = model_admin.model._meta
    return {**context, **extra}
