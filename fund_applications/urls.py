from django.urls import path, register_converter

from fund_applications import register_feeds
from fund_applications.views import drafts, public, register, report, status
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
    path("", public.fund_detail, name="fund"),
    path("antrag/", public.application_start, name="start"),
    path("antrag/<token:token>/", drafts.draft_resume, name="resume"),
    path("antrag/<token:token>/gespeichert/", drafts.draft_saved, name="saved"),
    path("antrag/<token:token>/pruefen/", drafts.draft_review, name="review"),
    path("antrag/<token:token>/absenden/", drafts.draft_submit, name="submit"),
    path("antrag/<token:token>/bestaetigung/", drafts.draft_confirmation, name="confirmation"),
    path("antrag/<token:token>/<slug:step>/", drafts.draft_step, name="step"),
    path("status/<token:token>/", status.status_detail, name="status"),
    path("status/<token:token>/zurueckziehen/", status.status_withdraw, name="withdraw"),
    path("status/<token:token>/antworten/", status.status_answer, name="answer"),
    path("status/<token:token>/nachweis/", report.status_report, name="report"),
    path(
        "status/<token:token>/bewilligungsbescheid.pdf",
        status.status_approval_notice,
        name="approval_notice",
    ),
    # Geförderte Projekte
    path(
        "status/<token:token>/veroeffentlichung/",
        status.status_publication,
        name="publication",
    ),
    path("gefoerderte-projekte/", register.register_index, name="register"),
    path("gefoerderte-projekte/<int:year>/", register.register_year, name="register_year"),
    path(
        "gefoerderte-projekte/projekt/<int:pk>/",
        register.register_project,
        name="register_project",
    ),
    path(
        "gefoerderte-projekte/projekt/<int:pk>/foto-<int:photo_pk>.jpg",
        register.register_photo,
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
