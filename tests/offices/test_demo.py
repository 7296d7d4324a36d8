from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from offices.demo_news import next_day_of_urban_development
from offices.events.demo import EVENTS as EVENTS_WITH_SIGN_UP
from offices.models import Announcement, Office, SitePage

BERLIN = ZoneInfo("Europe/Berlin")

SIGN_UP = [event["slug"] for event in EVENTS_WITH_SIGN_UP]


def test_load_demo_data_creates_the_three_partners_and_site_pages(db):
    call_command("load_demo_data", verbosity=0)

    assert list(Office.objects.values_list("slug", flat=True)) == [
        "quartiersmanagement",
        "jobcenter",
        "donapart",
    ]
    assert set(SitePage.objects.values_list("slug", flat=True)) == set(SitePage.Slug.values)
    jobcenter = Office.objects.get(slug="jobcenter")
    assert "Dortmund-Pass direkt ausgestellt" in jobcenter.service_list
    assert jobcenter.street == "Westerfilder Straße 23"


def test_load_demo_data_twice_keeps_staff_edits(db):
    call_command("load_demo_data", verbosity=0)
    Office.objects.filter(slug="jobcenter").update(phone="0231 123456")

    call_command("load_demo_data", verbosity=0)

    assert Office.objects.count() == 3
    assert Office.objects.get(slug="jobcenter").phone == "0231 123456"


def test_load_demo_data_adds_the_opening_event_fund_call_and_hours(db):
    call_command("load_demo_data", verbosity=0)

    opening = Announcement.objects.get(slug="eroeffnung-quartiersbuero")
    assert opening.is_public()
    assert opening.pinned
    assert opening.office is None
    assert opening.event_start.astimezone(BERLIN).weekday() == 5  # a Saturday in May
    assert opening.event_start.astimezone(BERLIN).month == 5
    assert opening.programme.count() == 6
    assert opening.picture_alt
    assert all(default_storage.exists(r.name) for r in opening.renditions)
    # The events of the demo groups come from offices.initiatives.demo, the events with sign-up
    # from offices.events.demo.
    office_news = Announcement.objects.published().filter(run_by=None).exclude(slug__in=SIGN_UP)
    assert set(office_news.values_list("slug", flat=True)) == {
        "eroeffnung-quartiersbuero",
        "stadtteilfonds-ideen-gesucht",
        "sprechzeiten-im-quartiersbuero",
    }
    assert Announcement.objects.get(slug="stadtteilfonds-ideen-gesucht").office.slug == (
        "quartiersmanagement"
    )


def test_load_demo_data_twice_keeps_announcements_and_pictures(db):
    call_command("load_demo_data", verbosity=0)
    first = Announcement.objects.get(slug="eroeffnung-quartiersbuero")
    Announcement.objects.filter(pk=first.pk).update(title="Von Hand geändert")

    call_command("load_demo_data", verbosity=0)

    again = Announcement.objects.get(slug="eroeffnung-quartiersbuero")
    assert Announcement.objects.filter(run_by=None).exclude(slug__in=SIGN_UP).count() == 3
    assert Announcement.objects.exclude(run_by=None).count() == 3  # one per demo group
    assert Announcement.objects.filter(slug__in=SIGN_UP).count() == len(SIGN_UP)
    assert again.title == "Von Hand geändert"
    assert again.picture.name == first.picture.name
    assert again.programme.count() == 6


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 24), date(2027, 5, 8)),
        (date(2026, 1, 10), date(2026, 5, 9)),
        (date(2026, 5, 9), date(2026, 5, 9)),
    ],
)
def test_day_of_urban_development_is_the_next_second_saturday_in_may(today, expected):
    assert next_day_of_urban_development(today) == expected


def test_demo_offices_can_be_reached_with_clearly_fictional_contact_data(demo_data):
    from offices.models import Office

    for office in Office.objects.all():
        assert "000000" in office.phone, office.slug
        assert office.email.endswith("@example.org"), office.slug
        assert office.directions, office.slug
        assert office.step_free_access, office.slug
        assert office.entrance, office.slug
