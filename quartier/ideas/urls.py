from django.urls import path, register_converter

from quartier.core.page_cache import public_page
from quartier.core.private_links import TOKEN_PATTERN
from quartier.ideas import feeds, tokens, views


class PrivateToken:
    regex = TOKEN_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class SupportToken(PrivateToken):
    regex = tokens.TOKEN_PATTERN


register_converter(PrivateToken, "idea_token")
register_converter(SupportToken, "support_token")

app_name = "ideas"
urlpatterns = [
    path("", views.idea_list, name="list"),
    path("neu/", views.idea_new, name="new"),
    path("so-gehts/", views.how_to, name="how_to"),
    path("feed/", public_page(feeds.NewIdeasFeed()), name="feed_new"),
    path("feed/antworten/", public_page(feeds.AnsweredIdeasFeed()), name="feed_answered"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/unterstuetzen/", views.support, name="support"),
    path("<int:pk>/unterstuetzen/danke/", views.support_sent, name="support_sent"),
    path("unterstuetzung/<support_token:token>/", views.support_confirm, name="support_confirm"),
    path("meine/<idea_token:token>/", views.idea_mine, name="mine"),
    path("meine/<idea_token:token>/antrag/", views.fund_start, name="fund_start"),
]
