"""Public pages of the announcements and events, at German addresses below the site root."""

from django.urls import path

from offices import feeds, views
from quartier.core.page_cache import public_page

app_name = "news"

urlpatterns = [
    path("aktuelles/", views.announcement_list, name="list"),
    # "feed" is a reserved announcement slug (offices.models.RESERVED_ANNOUNCEMENT_SLUGS).
    path("aktuelles/feed/", public_page(feeds.AnnouncementAtomFeed()), name="feed_atom"),
    path("aktuelles/feed/rss/", public_page(feeds.AnnouncementRssFeed()), name="feed_rss"),
    path(
        "aktuelles/feed/<slug:office_slug>/",
        public_page(feeds.AnnouncementAtomFeed()),
        name="office_feed_atom",
    ),
    path(
        "aktuelles/feed/<slug:office_slug>/rss/",
        public_page(feeds.AnnouncementRssFeed()),
        name="office_feed_rss",
    ),
    path("aktuelles/<slug:slug>/", views.announcement_detail, name="detail"),
    path(
        "aktuelles/<slug:slug>/kalender.ics",
        views.announcement_calendar,
        name="announcement_calendar",
    ),
    path("veranstaltungen/", views.event_list, name="events"),
    path("veranstaltungen/kalender.ics", views.event_calendar, name="event_calendar"),
]
