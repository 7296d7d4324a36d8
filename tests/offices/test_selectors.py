from datetime import timedelta

from offices import selectors
from quartier.core import clock
from tests.factories import AnnouncementFactory, OfficeFactory


def test_announcement_list_puts_pinned_first_then_newest(db):
    now = clock.now()
    older = AnnouncementFactory(title="Älter", publish_from=now - timedelta(days=3))
    pinned = AnnouncementFactory(title="Wichtig", pinned=True, publish_from=now - timedelta(days=9))
    newest = AnnouncementFactory(title="Neu", publish_from=now - timedelta(hours=1))

    assert list(selectors.announcement_list()) == [pinned, newest, older]


def test_announcement_list_of_an_office_leaves_out_the_others(db):
    jobcenter = OfficeFactory(slug="jobcenter")
    own = AnnouncementFactory(office=jobcenter)
    AnnouncementFactory()
    AnnouncementFactory(office=None)

    assert list(selectors.announcement_list(office=jobcenter)) == [own]


def test_event_list_shows_running_and_coming_events_soonest_first(db):
    now = clock.now()
    later = AnnouncementFactory(event=True, event_start=now + timedelta(days=20))
    running = AnnouncementFactory(
        event=True, event_start=now - timedelta(hours=1), event_end=now + timedelta(hours=1)
    )
    AnnouncementFactory(
        event=True, event_start=now - timedelta(days=2), event_end=now - timedelta(days=2, hours=-1)
    )
    AnnouncementFactory(event=True, draft=True)
    AnnouncementFactory()

    assert list(selectors.event_list()) == [running, later]


def test_calendar_event_list_keeps_recent_past_events_for_subscribers(db):
    now = clock.now()
    recent = AnnouncementFactory(
        event=True,
        event_start=now - timedelta(days=30),
        event_end=now - timedelta(days=30) + timedelta(hours=2),
    )
    AnnouncementFactory(
        event=True, event_start=now - timedelta(days=400), event_end=now - timedelta(days=399)
    )

    assert list(selectors.calendar_event_list()) == [recent]
