import datetime
import functools
import io
import struct
import zlib
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from offices.enums import AnnouncementStatus, PartnerKind
from offices.models import Announcement, Office, ProgrammeItem, SitePage
from quartier.core import clock, private_links

# Every staff account the tests make signs in with this password.
PASSWORD = "ein-sicheres-Passwort-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Partnerbüro {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    short_name = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.NEIGHBOURHOOD_MANAGEMENT
    summary = "Erste Anlaufstelle für den Stadtteil."
    services = "Beratung zum Stadtteil\nHilfe beim Antrag"
    street = "Westerfilder Straße 23"
    postal_code = "44357"
    city = "Dortmund"
    ordering = factory.Sequence(int)


class SitePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SitePage
        django_get_or_create = ["slug"]

    slug = SitePage.Slug.IMPRINT
    title = factory.LazyAttribute(lambda page: str(SitePage.Slug(page.slug).label))
    body = "## Anbieter\n\nQuartiersbüro"


def staff_user(*, role: str, offices=(), username: str | None = None):
    """A staff account in a role group, member of the given offices."""
    from django.contrib.auth.models import Group

    from offices.models import OfficeMembership

    user = UserFactory(username=username or factory.Faker("user_name"), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    for office in offices:
        OfficeMembership.objects.create(user=user, office=office)
    return user


def login_with_two_factors(client, user):
    """Log in as if the user had entered password and app code (a confirmed TOTP device)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


# --- Sprechzeiten (consultations) ---
class ConsultationHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.ConsultationHours"

    office = factory.SubFactory(OfficeFactory)
    weekday = 1  # Tuesday
    start = datetime.time(10)
    end = datetime.time(14)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Closure"

    office = factory.SubFactory(OfficeFactory)
    start_date = datetime.date(2026, 12, 24)
    end_date = factory.SelfAttribute("start_date")
    reason = "Betriebsausflug"


class AppointmentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.AppointmentRequest"

    office = factory.SubFactory(OfficeFactory)
    name = "Anna Beispiel"
    phone = "0231 123456"
    topic = "Antrag für den Stadtteilfonds"
    consent_given_at = factory.LazyFunction(clock.now)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """A published announcement of an office, visible since yesterday; `event=True` for an
    event next week, `draft=True` for a draft."""

    class Meta:
        model = Announcement

    title = factory.Sequence(lambda n: f"Meldung {n}")
    slug = factory.Sequence(lambda n: f"meldung-{n}")
    teaser = "Neues aus dem Quartier in zwei Sätzen."
    body = "## Worum es geht\n\nEin **wichtiger** Hinweis für alle im Stadtteil."
    office = factory.SubFactory(OfficeFactory)
    status = AnnouncementStatus.PUBLISHED
    publish_from = factory.LazyFunction(lambda: clock.now() - timedelta(days=1))

    class Params:
        draft = factory.Trait(status=AnnouncementStatus.DRAFT)
        event = factory.Trait(
            event_start=factory.LazyFunction(lambda: clock.now() + timedelta(days=7)),
            event_end=factory.LazyAttribute(lambda a: a.event_start + timedelta(hours=3)),
            event_place="Quartiersbüro, Westerfilder Straße 23",
        )


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    announcement = factory.SubFactory(AnnouncementFactory, event=True)
    time = factory.Sequence(lambda n: f"{10 + n % 8:02d}:00")
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")


def picture_upload(
    *,
    width: int = 1200,
    height: int = 800,
    image_format: str = "JPEG",
    name: str = "foto.jpg",
    gps: bool = False,
    orientation: int | None = None,
    mode: str = "RGB",
) -> SimpleUploadedFile:
    """A real picture as a browser would upload it; optionally with a GPS position in EXIF."""
    image = Image.new(mode, (width, height), "#3f88c5" if mode == "RGB" else None)
    exif = Image.Exif()
    if gps:
        exif[ExifTags.Base.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (51.0, 33.0, 30.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (7.0, 22.0, 10.0),
        }
        exif[ExifTags.Base.Make] = "Telefon"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    image.save(buffer, image_format, exif=exif)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type=content_type.get(image_format, "image/gif")
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return struct.pack(">I", len(data)) + kind + data + crc


@functools.cache
def truncated_png() -> bytes:
    """The probe's 74-byte PNG: its header says 3000 × 3000, its pixel data stops at once."""
    header = struct.pack(">IIBBBBB", 3000, 3000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 9001 * 3000)[:17]
    data = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels)
    return data + _png_chunk(b"IEND", b"")


@functools.cache
def truncated_jpeg() -> bytes:
    """The probe's other one: a 6000 × 4000 photo cut off after 4 KB."""
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 4000), "#3f88c5").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()[:4096]


BROKEN_PICTURES = {"kaputt.png": truncated_png, "abgeschnitten.jpg": truncated_jpeg}


# ---- Stadtteilfonds (fund_applications) ----
import datetime as _dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from fund_applications.enums import ApplicantType, ApplicationStatus  # noqa: E402
from fund_applications.models import (  # noqa: E402
    Application,
    ApplicationDraft,
    CostItem,
    Fund,
    FundGoal,
    JurySession,
)


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"Stadtteilfonds {n}")
    slug = factory.Sequence(lambda n: f"fonds-{n}")
    office = factory.SubFactory(OfficeFactory)
    summary = "Geld für kleine Projekte im Stadtteil."
    rules = "## Wer kann einen Antrag stellen?\n\n- Alle im Stadtteil"
    year_budget = Decimal("35000.00")
    max_per_application = Decimal("1500.00")
    show_remaining_budget = True


class FundGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundGoal

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Ziel {n}")


class JurySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JurySession

    fund = factory.SubFactory(FundFactory)
    starts_at = factory.LazyFunction(lambda: clock.now() + _dt.timedelta(days=40))
    submission_deadline = factory.LazyAttribute(
        lambda session: clock.local_date(session.starts_at) - _dt.timedelta(days=21)
    )
    place = "Quartiersbüro"


class ApplicationDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDraft

    fund = factory.SubFactory(FundFactory)
    key = factory.Sequence(lambda n: f"dk{n:010d}")  # 12 characters, as the column
    secret = factory.LazyFunction(lambda: private_links.new_key_and_secret()[1])
    data = factory.LazyFunction(lambda: {"steps": {}})


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    fund = factory.SubFactory(FundFactory)
    reference_year = 2026
    reference_number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda a: f"SF-{a.reference_year}-{a.reference_number:04d}")
    status = ApplicationStatus.SUBMITTED
    applicant_type = ApplicantType.PERSON
    contact_name = "Anna Beispiel"
    street = "Westerfilder Straße 1"
    postal_code = "44357"
    city = "Dortmund"
    email = "anna@example.org"
    title = "Hochbeete im Hof"
    summary = "Wir bauen drei Hochbeete."
    target_group = "Nachbarschaft"
    place = "Innenhof"
    start_date = factory.LazyFunction(lambda: clock.today() + _dt.timedelta(days=60))
    end_date = factory.LazyAttribute(lambda a: a.start_date + _dt.timedelta(days=30))
    expected_participants = 20
    neighbourhood_benefit = "Mehr Grün und Kontakt."
    total_cost = Decimal("300.00")
    other_funding = Decimal("0.00")
    requested_amount = Decimal("300.00")
    declares_not_started = True
    declares_no_other_funding = True
    consents_to_privacy = True
    status_key = factory.Sequence(lambda n: f"st{n:010d}")  # 12 characters, as the column
    status_secret = factory.LazyFunction(lambda: private_links.new_key_and_secret()[1])
    submitted_at = factory.LazyFunction(clock.now)


class CostItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostItem

    application = factory.SubFactory(ApplicationFactory)
    category = "material"
    description = "Holz"
    amount = Decimal("100.00")


# ---- Inclusion: translations, Leichte Sprache, sign language videos ----

from offices.models import (  # noqa: E402  # noqa: E402
    AnnouncementTranslation,
    EasyReadSection,
    OfficeTranslation,
    SignLanguageVideo,
)


class OfficeTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeTranslation

    office = factory.SubFactory(OfficeFactory)
    language = "tr"
    summary = "Semt için ilk başvuru yeri."
    services = "Semt hakkında danışmanlık\nBaşvuruda yardım"


class AnnouncementTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnouncementTranslation

    announcement = factory.SubFactory(AnnouncementFactory)
    language = "ar"
    title = "خبر من الحي"
    teaser = "جديد من الحي في جملتين."
    body = "## ما الموضوع\n\nملاحظة **مهمة** للجميع في الحي."


class EasyReadSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EasyReadSection
        django_get_or_create = ["topic"]

    topic = EasyReadSection.Topic.OFFICE
    title = factory.LazyAttribute(lambda section: str(EasyReadSection.Topic(section.topic).label))
    body = "Das ist ein Satz.\nDas ist noch ein Satz."


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mp4_bytes(*, seconds: int | None = 125, timescale: int = 600, moov_last: bool = True) -> bytes:
    """A small ISO base media file as cameras write it: ftyp, mdat, moov with the length in
    mvhd (version 0). Enough for our checks, not playable."""
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    mdat = _box(b"mdat", b"\0" * 2048)
    duration = (seconds or 0) * timescale
    mvhd = _box(b"mvhd", b"\0\0\0\0" + struct.pack(">IIII", 0, 0, timescale, duration) + b"\0" * 80)
    moov = _box(b"moov", mvhd if seconds is not None else _box(b"trak", b"\0" * 16))
    return ftyp + (mdat + moov if moov_last else moov + mdat)


def _ebml(element_id: int, payload: bytes) -> bytes:
    id_bytes = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return id_bytes + (0x01 << 56 | len(payload)).to_bytes(8, "big") + payload


def webm_bytes(*, seconds: float | None = 83.4) -> bytes:
    """A small WebM file: EBML header with DocType webm, Segment with Info (length in ms) and
    one empty Cluster. Without `seconds`, Info has no Duration, as MediaRecorder writes it."""
    header = _ebml(0x1A45DFA3, _ebml(0x4286, b"\x01") + _ebml(0x4282, b"webm"))
    info_items = _ebml(0x2AD7B1, (1_000_000).to_bytes(3, "big"))
    if seconds is not None:
        info_items += _ebml(0x4489, struct.pack(">d", seconds * 1000))
    segment = _ebml(0x18538067, _ebml(0x1549A966, info_items) + _ebml(0x1F43B675, b"\0" * 64))
    return header + segment


def video_upload(data: bytes | None = None, *, name: str = "Begrüßung in DGS.mp4"):
    content_type = "video/webm" if name.endswith(".webm") else "video/mp4"
    return SimpleUploadedFile(name, data if data is not None else mp4_bytes(), content_type)


def sign_language_video(**fields) -> SignLanguageVideo:
    """A published video stored through the service, as staff would upload it."""
    from offices import services

    video = SignLanguageVideo(
        title=fields.pop("title", "Das Quartiersbüro in Gebärdensprache"),
        transcript=fields.pop("transcript", "Hallo. Wir sind das Quartiersbüro."),
        is_published=fields.pop("is_published", True),
        **{key: value for key, value in fields.items() if key != "upload"},
    )
    return services.sign_language_video_save(
        video=video, upload=fields.get("upload") or video_upload()
    )


# ---- Online booking ----


class AppointmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "booking.AppointmentType"

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"Beratung {n}")
    duration_minutes = 30
    description = "Wir beraten Sie persönlich."
    what_to_bring = "Personalausweis\nIhre Unterlagen"
    languages = "Deutsch, Türkisch"


class BookingRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "booking.BookingRules"
        django_get_or_create = ["office"]

    office = factory.SubFactory(OfficeFactory)
    min_notice_hours = 0


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking row as staff would see it; it takes no seats (use services.booking_create
    where seats matter)."""

    class Meta:
        model = "booking.Booking"

    appointment_type = factory.SubFactory(AppointmentTypeFactory)
    office = factory.SelfAttribute("appointment_type.office")
    starts_at = factory.LazyFunction(lambda: clock.now() + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + timedelta(minutes=30))
    name = "Anna Beispiel"
    phone = "0231 123456"
    phone_digits = "0231123456"
    email = "anna@example.org"
    consent_given_at = factory.LazyFunction(clock.now)
    link_key = factory.Sequence(lambda n: f"key{n:09d}")
    link_secret = factory.Sequence(lambda n: f"secret{n:026d}")


# --- Neuigkeiten per E-Mail ---


class NewsletterSubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber of events; `unconfirmed=True` for one who never clicked."""

    class Meta:
        model = "newsletter.NewsletterSubscriber"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"leser{n}@example.org")
    language = "de"
    events = True
    consented_at = factory.LazyFunction(clock.now)
    created_at = factory.LazyFunction(clock.now)
    confirmed_at = factory.LazyFunction(clock.now)
    last_digest_at = factory.LazyFunction(clock.now)

    class Params:
        unconfirmed = factory.Trait(confirmed_at=None, last_digest_at=None)

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        if create and extracted:
            self.offices.set(extracted)


class NewsletterIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "newsletter.NewsletterIssue"
        skip_postgeneration_save = True

    subject = "Sommerfest im Quartier"
    body = "## Am Samstag\n\nWir feiern **gemeinsam** auf dem Marktplatz.\n\n- Musik\n- Essen"
    events = True

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        if create and extracted:
            self.offices.set(extracted)


def announcement_form_data(**fields) -> dict:
    """What the admin's announcement form posts for a draft without programme or
    translations; `fields` add or replace (title, office, picture, picture__kept …)."""
    return {
        "teaser": "Kurz",
        "body": "Text",
        "status": "entwurf",
        "publish_from_0": "01.12.2026",
        "publish_from_1": "09:00",
        "picture_alt": "Kinder am Grill",
        "programme-TOTAL_FORMS": "0",
        "programme-INITIAL_FORMS": "0",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        **fields,
    }
