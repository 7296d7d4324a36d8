from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from offices.models import SitePage
from quartier import views
from quartier.accounts.views import StaffSetPasswordView
from quartier.core.page_cache import public_page
from quartier.sitemaps import SITEMAPS

slugs = "|".join(SitePage.Slug.values)

handler403 = "quartier.views.permission_denied"

urlpatterns = [
    # The invitation link: a new staff member sets the first password here.
    path(
        "admin/passwort/<uidb64>/<token>/",
        StaffSetPasswordView.as_view(),
        name="staff_set_password",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

# German pages live at the root, other languages under /en/ …: a language is a link, not a cookie.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("partner/", include("offices.urls")),
    # Online booking first: its fixed words ("buchen", "mein-termin") are no office slugs.
    path("sprechzeiten/", include("consultations.booking.urls")),
    path("sprechzeiten/", include("consultations.urls")),
    # Event sign-up first: "aktuelles/<slug>/anmeldung/" lies below an announcement's address.
    path("", include("offices.events.urls")),
    path("", include("offices.news_urls")),
    path("stadtteilfonds/", include("fund_applications.urls")),
    path("initiativen/", include("offices.initiatives.urls")),
    path("ausleihen/", include("consultations.lending.urls")),
    path("", include("quartier.inclusion_urls")),
    path("neuigkeiten-per-e-mail/", include("quartier.newsletter.urls")),
    path("ideen/", include("quartier.ideas.urls")),
    re_path(rf"^(?P<slug>{slugs})/$", views.site_page, name="site_page"),
    path(
        "barrierefreiheit/rueckmeldung/",
        views.accessibility_feedback,
        name="accessibility_feedback",
    ),
    path(
        "barrierefreiheit/rueckmeldung/danke/",
        views.accessibility_feedback_thanks,
        name="accessibility_feedback_thanks",
    ),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
