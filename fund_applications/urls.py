from django.urls import path, register_converter

from fund_applications import register_feeds, register_views, views
from quartier.core.page_cache import public_page
from quartier.core.private_links import TOKEN_PATTERN

app_name = "fund_applications"


class TokenConverter:
    regex = TOKEN_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

urlpatterns = [
    path("", views.fund_detail, name="fund"),
    path("antrag/", views.application_start, name="start"),
    path("antrag/<token:token>/", views.draft_resume, name="resume"),
    path("antrag/<token:token>/gespeichert/", views.draft_saved, name="saved"),
    path("antrag/<token:token>/pruefen/", views.draft_review, name="review"),
    path("antrag/<token:token>/absenden/", views.draft_submit, name="submit"),
    path("antrag/<token:token>/bestaetigung/", views.draft_confirmation, name="confirmation"),
    path("antrag/<token:token>/<slug:step>/", views.draft_step, name="step"),
    path("status/<token:token>/", views.status_detail, name="status"),
    path("status/<token:token>/zurueckziehen/", views.status_withdraw, name="withdraw"),
    path("status/<token:token>/antworten/", views.status_answer, name="answer"),
    path("status/<token:token>/nachweis/", views.status_report, name="report"),
    path(
        "status/<token:token>/bewilligungsbescheid.pdf",
        views.status_approval_notice,
        name="approval_notice",
    ),
    # Geförderte Projekte
    path(
        "status/<token:token>/veroeffentlichung/",
        register_views.status_publication,
        name="publication",
    ),
    path("gefoerderte-projekte/", register_views.register_index, name="register"),
    path("gefoerderte-projekte/<int:year>/", register_views.register_year, name="register_year"),
    path(
        "gefoerderte-projekte/projekt/<int:pk>/",
        register_views.register_project,
        name="register_project",
    ),
    path(
        "gefoerderte-projekte/projekt/<int:pk>/foto-<int:photo_pk>.jpg",
        register_views.register_photo,
        name="register_photo",
    ),
    path(
        "gefoerderte-projekte/feed/",
        public_page(register_feeds.FundedProjectAtomFeed()),
        name="register_feed_atom",
    ),
    path(
        "gefoerderte-projekte/feed/rss/",
        public_page(register_feeds.FundedProjectRssFeed()),
        name="register_feed_rss",
    ),
]
