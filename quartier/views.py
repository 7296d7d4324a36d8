from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import selectors as consultation_selectors
from fund_applications import selectors as fund_selectors
from offices import selectors
from offices import selectors as office_selectors
from quartier.core import clock
from quartier.core.admin_pages import admin_page_context
from quartier.core.page_cache import public_page
from quartier.core.rate_limit import allow
from quartier.forms import AccessibilityFeedbackForm
from quartier.services import accessibility_feedback_submit

# How many announcements and events the home page shows.
HOME_ANNOUNCEMENTS = 3
HOME_EVENTS = 3


@public_page
def home(request):
    offices = list(office_selectors.office_list())
    context = {"offices": offices}
    # Sprechzeiten (consultations): who is open now, and this week's and next week's hours.
    context["hours"] = consultation_selectors.hours_overview(offices=offices)
    # Announcements and events
    context["announcements"] = office_selectors.announcement_list()[:HOME_ANNOUNCEMENTS]
    context["events"] = office_selectors.event_list()[:HOME_EVENTS]
    # Stadtteilfonds teaser
    context["fund_next_session"] = fund_selectors.fund_teaser()
    return render(request, "home.html", context)


@public_page
def site_page(request, slug):
    page = office_selectors.site_page_get(slug=slug)
    return render(request, "site_page.html", {"page": page})


@require_http_methods(["GET", "POST"])
def accessibility_feedback(request):
    form = AccessibilityFeedbackForm(request.POST if request.method == "POST" else None)
    status = 200
    # Only valid reports count towards the limit: someone who struggles with the form is
    # not locked out for their mistakes.
    if request.method == "POST" and form.is_valid():
        if allow(
            request,
            scope="accessibility-feedback",
            limit=settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT,
            per_seconds=3600,
        ):
            fields = ["message", "page", "name", "email"]
            accessibility_feedback_submit(**{name: form.cleaned_data[name] for name in fields})
            return redirect("accessibility_feedback_thanks")
        form.add_error(
            None,
            _(
                "Sie haben in kurzer Zeit sehr viele Rückmeldungen gesendet. "
                "Bitte versuchen Sie es in einer Stunde noch einmal."
            ),
        )
        status = 429
    return render(request, "accessibility_feedback.html", {"form": form}, status=status)


@public_page
def accessibility_feedback_thanks(request):
    return render(request, "accessibility_feedback_thanks.html")


@public_page
def robots_txt(request):
    """Everything public may be indexed; the sitemap says what there is."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@public_page
def easy_read(request):
    """Leichte Sprache is German: the page's content stays German under /en/, /tr/, /ar/; only
    the header and footer follow the visitor's language."""
    with translation.override("de"):
        offices = list(office_selectors.office_list())
        now = clock.now()
        context = {
            "sections": selectors.easy_read_sections(),
            "offices": offices,
            "hours": consultation_selectors.hours_overview(offices=offices, now=now),
            "now": now,
            "fund_session": fund_selectors.fund_teaser(with_fund=True),
        }
    return render(request, "inclusion/easy_read.html", context)


@public_page
def sign_language(request):
    context = {
        "video": selectors.sign_language_video(),
        "offices": list(office_selectors.office_list()),
    }
    return render(request, "inclusion/sign_language.html", context)


def permission_denied(request, exception=None):
    """403: staff inside the admin are led back to its start page, in the admin's own look;
    everyone else gets the public page."""
    if request.path.startswith("/admin/") and getattr(request.user, "is_staff", False):
        context = admin_page_context(request, title=_("Kein Zugriff"))
        return render(request, "admin/403.html", context, status=403)
    return render(request, "403.html", status=403)
