from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from offices.models import SitePage
from quartier import views

slugs = "|".join(SitePage.Slug.values)

urlpatterns = [
    path("admin/", admin.site.urls),
]

# German pages live at the root, other languages under /en/ …: a language is a link, not a cookie.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("partner/", include("offices.urls")),
    path("stadtteilfonds/", include("fund_applications.urls")),
    re_path(rf"^(?P<slug>{slugs})/$", views.site_page, name="site_page"),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
