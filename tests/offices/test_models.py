from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from offices.enums import AnnouncementStatus
from offices.models import Announcement, Office
from offices.pictures import Rendition
from tests.factories import AnnouncementFactory, OfficeFactory


def test_office_service_list_skips_blank_lines(db):
    office = OfficeFactory(services="Beratung\n\n  Formulare abgeben  \n")

    assert office.service_list == ["Beratung", "Formulare abgeben"]


def test_office_phone_uri_keeps_only_digits_and_plus(db):
    office = OfficeFactory(phone="+49 (0)231 / 12 34-5")

    assert office.phone_uri == "tel:+49023112345"


def test_office_list_order_follows_ordering_then_name(db):
    OfficeFactory(name="Zweites", ordering=2)
    OfficeFactory(name="Erstes B", ordering=1)
    OfficeFactory(name="Erstes A", ordering=1)

    assert [o.name for o in Office.objects.all()] == ["Erstes A", "Erstes B", "Zweites"]


def test_office_absolute_url_uses_german_slug(db):
    office = OfficeFactory(slug="jobcenter")

    assert office.get_absolute_url() == "/partner/jobcenter/"


# --- Announcements and events ---

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 5, 9, 12, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("status", "publish_from", "publish_until", "public"),
    [
        (AnnouncementStatus.PUBLISHED, NOW - timedelta(days=1), None, True),
        (AnnouncementStatus.PUBLISHED, NOW, None, True),
        (AnnouncementStatus.PUBLISHED, NOW - timedelta(days=1), NOW + timedelta(minutes=1), True),
        (AnnouncementStatus.PUBLISHED, NOW + timedelta(minutes=1), None, False),
        (AnnouncementStatus.PUBLISHED, NOW - timedelta(days=2), NOW, False),
        (AnnouncementStatus.PUBLISHED, NOW - timedelta(days=2), NOW - timedelta(days=1), False),
        (AnnouncementStatus.DRAFT, NOW - timedelta(days=1), None, False),
    ],
    ids=["open", "starts-now", "ends-soon", "future", "ends-now", "expired", "draft"],
)
def test_announcement_published_follows_status_and_window(
    db, status, publish_from, publish_until, public
):
    announcement = AnnouncementFactory(
        status=status, publish_from=publish_from, publish_until=publish_until
    )

    published = list(Announcement.objects.published(NOW))

    assert (announcement in published) is public
    assert announcement.is_public(NOW) is public


def test_announcement_published_without_now_uses_the_clock(db, time_machine):
    time_machine.move_to(NOW)
    AnnouncementFactory(publish_from=NOW + timedelta(hours=1), title="Später")

    assert not Announcement.objects.published().exists()
    time_machine.move_to(NOW + timedelta(hours=2))
    assert Announcement.objects.published().get().title == "Später"


def test_announcement_order_is_pinned_first_then_newest(db):
    old_pinned = AnnouncementFactory(pinned=True, publish_from=NOW - timedelta(days=30))
    newest = AnnouncementFactory(publish_from=NOW - timedelta(days=1))
    older = AnnouncementFactory(publish_from=NOW - timedelta(days=3))

    assert list(Announcement.objects.all()) == [old_pinned, newest, older]


def test_announcement_picture_without_alt_text_is_refused_by_the_database(db):
    announcement = AnnouncementFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Announcement.objects.filter(pk=announcement.pk).update(picture="aktuelles/x/800.jpg")


def test_announcement_clean_asks_for_alt_text_next_to_the_field(db):
    announcement = AnnouncementFactory.build(picture="aktuelles/x/800.jpg", picture_alt=" ")

    with pytest.raises(ValidationError) as invalid:
        announcement.full_clean()

    assert "beschreiben Sie kurz" in invalid.value.message_dict["picture_alt"][0]


def test_announcement_publish_until_before_from_is_refused(db):
    announcement = AnnouncementFactory.build(publish_from=NOW, publish_until=NOW)

    with pytest.raises(ValidationError) as invalid:
        announcement.full_clean()

    assert "publish_until" in invalid.value.message_dict


@pytest.mark.parametrize(
    ("start", "end", "place", "field"),
    [
        (NOW, None, "Büro", "event_end"),
        (None, NOW, "Büro", "event_start"),
        (NOW, NOW - timedelta(hours=1), "Büro", "event_end"),
        (NOW, NOW + timedelta(hours=1), "", "event_place"),
    ],
    ids=["no-end", "no-start", "end-before-start", "no-place"],
)
def test_announcement_incomplete_event_is_refused_in_clean_and_database(
    db, start, end, place, field
):
    announcement = AnnouncementFactory.build(
        office=None, event_start=start, event_end=end, event_place=place
    )

    with pytest.raises(ValidationError) as invalid:
        announcement.full_clean()
    assert field in invalid.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        announcement.save()


def test_announcement_slug_feed_is_reserved_for_the_feeds(db):
    announcement = AnnouncementFactory.build(office=None, slug="feed")

    with pytest.raises(ValidationError) as invalid:
        announcement.full_clean()

    assert "reserviert" in invalid.value.message_dict["slug"][0]


def test_announcement_without_office_is_from_the_whole_quartiersbuero(db):
    announcement = AnnouncementFactory(office=None)

    assert announcement.office_label == "Quartiersbüro"
    assert announcement.get_absolute_url() == f"/aktuelles/{announcement.slug}/"


def test_announcement_fallback_rendition_is_the_800_px_jpeg(db):
    renditions = [
        Rendition(fmt, width, width // 2, f"aktuelles/a/{width}.{fmt}", 1000)
        for fmt in ("webp", "jpeg")
        for width in (400, 800, 1600)
    ]
    announcement = AnnouncementFactory.build(picture_renditions=[r.as_json() for r in renditions])

    assert announcement.fallback_rendition.name == "aktuelles/a/800.jpeg"
    assert announcement.webp_srcset == (
        "/media/aktuelles/a/400.webp 400w, /media/aktuelles/a/800.webp 800w, "
        "/media/aktuelles/a/1600.webp 1600w"
    )
