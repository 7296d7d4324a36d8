import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.enums import AnnouncementStatus, PartnerKind
from offices.pictures import Rendition
from offices.video import EXTENSIONS, random_name
from quartier.core import clock
from quartier.core.formatting import hhmm

PHONE_NUMBER = re.compile(r"\+?[0-9 ()/-]+")


def validate_phone_number(value: str) -> None:
    if not PHONE_NUMBER.fullmatch(value) or sum(ch.isdigit() for ch in value) < 6:
        raise ValidationError(
            _("Bitte nur Ziffern, Leerzeichen, + / - und Klammern, zum Beispiel 0170 1234567."),
            code="invalid_phone",
        )


def translation_languages() -> list[tuple[str, str]]:
    """The languages staff may translate German content into: all but the default."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class Office(models.Model):
    """One of the partners that share the shop front."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=60, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=40)
    kind = models.CharField(_("Art des Partners"), max_length=30, choices=PartnerKind.choices)
    summary = models.CharField(
        _("Kurzbeschreibung"), max_length=300, help_text=_("Ein bis zwei Sätze für die Startseite.")
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    services = models.TextField(
        _("Angebote"), help_text=_("Ein Angebot pro Zeile, in einfachen Worten.")
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=120)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10)
    city = models.CharField(_("Ort"), max_length=80)
    room = models.CharField(_("Raum"), max_length=120, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    logo = models.ImageField(_("Logo"), upload_to="offices/logos/", blank=True)
    by_appointment = models.BooleanField(
        _("Termine nach Vereinbarung"),
        default=True,
        help_text=_("Das Büro berät auch außerhalb der Sprechzeiten nach Terminvereinbarung."),
    )
    funded_by = models.CharField(_("Gefördert durch"), max_length=300, blank=True)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    # Inclusion
    easy_summary = models.TextField(
        _("In Leichter Sprache"),
        blank=True,
        help_text=_(
            "Was macht das Büro? Kurze Sätze, eine Aussage pro Zeile, schwere Wörter erklären. "
            "Steht auf der Seite des Büros."
        ),
    )
    sms_number = models.CharField(
        _("Handynummer für SMS"),
        max_length=40,
        blank=True,
        validators=[validate_phone_number],
        help_text=_(
            "Für gehörlose Menschen: eine Nummer, an die man eine SMS schreiben kann. "
            "Leer lassen, wenn es keine gibt."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name = _("Partnerbüro")
        verbose_name_plural = _("Partnerbüros")
        permissions = [("edit_all_offices", _("Darf die Inhalte aller Partnerbüros bearbeiten"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offices:detail", kwargs={"slug": self.slug})

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    @property
    def phone_uri(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def sms_uri(self) -> str:
        return "sms:" + "".join(ch for ch in self.sms_number if ch.isdigit() or ch == "+")

    @property
    def easy_summary_lines(self) -> list[str]:
        return [line.strip() for line in self.easy_summary.splitlines() if line.strip()]


MARKDOWN_HELP = _(
    "Markdown: **fett**, Listen mit -, Überschriften mit ##. Jede neue Zeile bleibt eine neue "
    "Zeile (zum Beispiel in einer Anschrift); eine Leerzeile beginnt einen neuen Absatz."
)


class SitePage(models.Model):
    """A page staff keep up to date (Impressum, Datenschutz, Barrierefreiheit), in Markdown."""

    class Slug(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutz")
        ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")

    slug = models.SlugField(_("Seite"), choices=Slug.choices, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text"), help_text=MARKDOWN_HELP)
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geändert von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("site_page", kwargs={"slug": self.slug})


class OfficeMembership(models.Model):
    """A staff member works for an office and may edit its hours, news and requests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitarbeiterin/Mitarbeiter"),
        on_delete=models.CASCADE,
        related_name="office_memberships",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("Partnerbüro"), on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "office"], name="unique_office_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.office}"


# --- Announcements and events ---------------------------------------------------------

# Paths below /aktuelles/ that are not announcements: a slug must not hide them.
RESERVED_ANNOUNCEMENT_SLUGS = frozenset({"feed"})


def validate_announcement_slug(value: str) -> None:
    if value in RESERVED_ANNOUNCEMENT_SLUGS:
        raise ValidationError(
            _(
                "„%(slug)s“ ist für die Website reserviert. "
                "Bitte wählen Sie einen anderen Kurznamen."
            ),
            code="reserved",
            params={"slug": value},
        )


class AnnouncementQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None) -> "AnnouncementQuerySet":
        """What residents may see at `now`: published, and inside the publishing window."""
        now = now or clock.now()
        return self.filter(status=AnnouncementStatus.PUBLISHED, publish_from__lte=now).filter(
            Q(publish_until__isnull=True) | Q(publish_until__gt=now)
        )

    def events(self) -> "AnnouncementQuerySet":
        return self.filter(event_start__isnull=False)

    def drafts(self) -> "AnnouncementQuerySet":
        return self.filter(status=AnnouncementStatus.DRAFT)

    def expiring_soon(
        self, *, days: int = 7, now: datetime | None = None
    ) -> "AnnouncementQuerySet":
        """Drafts and published ones whose "Sichtbar bis" comes within `days` days (a published
        one leaves the site then, a draft would never be seen), soonest first."""
        now = now or clock.now()
        return self.filter(
            publish_until__gt=now,
            publish_until__lte=now + timedelta(days=days),
        ).order_by("publish_until")


class Announcement(models.Model):
    """News from one partner or the whole Quartiersbüro; with a start time it is also an event."""

    title = models.CharField(_("Titel"), max_length=150)
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=150,
        unique=True,
        validators=[validate_announcement_slug],
        help_text=_("Wird Teil der Adresse /aktuelles/…/. Nach der Veröffentlichung nicht ändern."),
    )
    teaser = models.CharField(
        _("Anrisstext"),
        max_length=300,
        help_text=_("Ein bis zwei Sätze für die Liste, Feeds und die Vorschau in Messengern."),
    )
    body = models.TextField(_("Text"), help_text=MARKDOWN_HELP)
    office = models.ForeignKey(
        Office,
        verbose_name=_("Partnerbüro"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
        help_text=_("Leer lassen, wenn die Meldung vom ganzen Quartiersbüro kommt."),
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
    )
    publish_from = models.DateTimeField(_("Sichtbar ab"), default=clock.now)
    publish_until = models.DateTimeField(
        _("Sichtbar bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn die Meldung sichtbar bleiben soll."),
    )
    pinned = models.BooleanField(
        _("Oben anheften"), default=False, help_text=_("Steht vor allen anderen Meldungen.")
    )
    # The largest JPEG rendition: never the upload itself, which may carry GPS data.
    picture = models.ImageField(_("Bild"), upload_to="aktuelles/", max_length=200, blank=True)
    picture_alt = models.CharField(
        _("Bildbeschreibung (Alternativtext)"),
        max_length=250,
        blank=True,
        help_text=_(
            "Was ist auf dem Bild zu sehen? Für Menschen, die das Bild nicht sehen können."
        ),
    )
    picture_credit = models.CharField(
        _("Bildnachweis"), max_length=150, blank=True, help_text=_("Zum Beispiel: Foto: Name")
    )
    # Written once by offices.services when a picture is uploaded; see offices.pictures.
    picture_renditions = models.JSONField(_("Bildgrößen"), default=list, blank=True, editable=False)
    event_start = models.DateTimeField(_("Beginn der Veranstaltung"), null=True, blank=True)
    event_end = models.DateTimeField(_("Ende der Veranstaltung"), null=True, blank=True)
    event_place = models.CharField(_("Ort der Veranstaltung"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-pinned", "-publish_from", "-pk"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        indexes = [models.Index(fields=["status", "publish_from"], name="announcement_public")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AnnouncementStatus.values),
                name="announcement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(picture="") | ~Q(picture_alt=""),
                name="announcement_picture_has_alt",
                violation_error_message=_("Ein Bild braucht eine Bildbeschreibung."),
            ),
            models.CheckConstraint(
                condition=Q(publish_until__isnull=True) | Q(publish_until__gt=F("publish_from")),
                name="announcement_publish_window",
                violation_error_message=_("„Sichtbar bis“ muss nach „Sichtbar ab“ liegen."),
            ),
            # An event has a start, a later end and a place; a plain announcement has none.
            models.CheckConstraint(
                condition=Q(event_start__isnull=True, event_end__isnull=True, event_place="")
                | (
                    Q(event_start__isnull=False, event_end__isnull=False)
                    & Q(event_end__gt=F("event_start"))
                    & ~Q(event_place="")
                ),
                name="announcement_event_complete",
                violation_error_message=_(
                    "Eine Veranstaltung braucht Beginn, ein späteres Ende und einen Ort."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The same rules as the constraints, but with the message next to the field.
        errors = {}
        if self.picture and not self.picture_alt.strip():
            errors["picture_alt"] = _("Bitte beschreiben Sie kurz, was auf dem Bild zu sehen ist.")
        if self.publish_until and self.publish_from and self.publish_until <= self.publish_from:
            errors["publish_until"] = _("„Sichtbar bis“ muss nach „Sichtbar ab“ liegen.")
        has_event_data = self.event_start or self.event_end or self.event_place
        if has_event_data:
            if not self.event_start:
                errors["event_start"] = _("Bitte geben Sie den Beginn an.")
            if not self.event_end:
                errors["event_end"] = _("Bitte geben Sie das Ende an.")
            elif self.event_start and self.event_end <= self.event_start:
                errors["event_end"] = _("Das Ende muss nach dem Beginn liegen.")
            if not self.event_place.strip():
                errors["event_place"] = _("Bitte geben Sie den Ort an.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_event(self) -> bool:
        return self.event_start is not None

    @property
    def office_label(self) -> str:
        return self.office.short_name if self.office_id else str(_("Quartiersbüro"))

    def is_public(self, now: datetime | None = None) -> bool:
        now = now or clock.now()
        return (
            self.status == AnnouncementStatus.PUBLISHED
            and self.publish_from <= now
            and (self.publish_until is None or self.publish_until > now)
        )

    @property
    def renditions(self) -> list[Rendition]:
        return [Rendition.from_json(data) for data in self.picture_renditions]

    def srcset(self, image_format: str) -> str:
        return ", ".join(
            f"{r.url} {r.width}w" for r in self.renditions if r.image_format == image_format
        )

    @property
    def webp_srcset(self) -> str:
        return self.srcset("webp")

    @property
    def jpeg_srcset(self) -> str:
        return self.srcset("jpeg")

    @property
    def fallback_rendition(self) -> Rendition | None:
        """The JPEG for old browsers, feeds and Open Graph: 800 px wide, or the nearest below."""
        jpegs = [r for r in self.renditions if r.image_format == "jpeg"]
        fitting = [r for r in jpegs if r.width <= 800]
        if fitting:
            return max(fitting, key=lambda r: r.width)
        return min(jpegs, key=lambda r: r.width, default=None)


class ProgrammeItem(models.Model):
    """One point of an event's programme: when, and what happens."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("Meldung"),
        on_delete=models.CASCADE,
        related_name="programme",
    )
    time = models.TimeField(_("Uhrzeit"))
    title = models.CharField(_("Programmpunkt"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["time", "pk"]
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programm")

    def __str__(self) -> str:
        return f"{hhmm(self.time)} {self.title}"


# --- Translations of staff-written content --------------------------------------------
# German is the original. A translation row per object and language; selectors join the row of
# the page's language (offices.selectors.with_translation), so pages need no extra query.


class OfficeTranslation(models.Model):
    """An office's texts in one other language; an empty field falls back to German."""

    office = models.ForeignKey(
        Office, verbose_name=_("Partnerbüro"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=translation_languages)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    services = models.TextField(
        _("Angebote"), blank=True, help_text=_("Ein Angebot pro Zeile, in einfachen Worten.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "language"]
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "language"],
                name="unique_office_translation",
                violation_error_message=_("Für diese Sprache gibt es schon eine Übersetzung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} ({self.get_language_display()})"

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]


class AnnouncementTranslation(models.Model):
    """An announcement in one other language; an empty teaser or text falls back to German."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("Meldung"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=translation_languages)
    title = models.CharField(_("Titel"), max_length=150)
    teaser = models.CharField(_("Anrisstext"), max_length=300, blank=True)
    body = models.TextField(
        _("Text"),
        blank=True,
        help_text=MARKDOWN_HELP,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["announcement", "language"]
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "language"],
                name="unique_announcement_translation",
                violation_error_message=_("Für diese Sprache gibt es schon eine Übersetzung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} ({self.get_language_display()})"


# --- Leichte Sprache and Gebärdensprache (inclusion) ---


class EasyReadTopic(models.TextChoices):
    # In the order the page shows them.
    OFFICE = "quartiersbuero", _("Was ist das Quartiersbüro?")
    PARTNERS = "partner", _("Die 3 Partner")
    HOURS = "sprechzeiten", _("Wann ist das Büro offen?")
    WAY = "weg", _("So kommen Sie zum Büro")
    FUND = "stadtteilfonds", _("Der Stadtteilfonds")
    WEBSITE = "website", _("So benutzen Sie die Website")


# Our own pictograms in static/img/leichte-sprache/, with their alternative text. German on
# purpose: the page in Leichte Sprache is German in every language version of the site.
PICTOGRAMS = {
    EasyReadTopic.OFFICE: "Ein Laden mit Tür und großem Fenster",
    EasyReadTopic.PARTNERS: "3 Menschen stehen neben-einander",
    EasyReadTopic.HOURS: "Eine Uhr",
    EasyReadTopic.WAY: "Eine Straße und ein Zeichen für den Ort",
    EasyReadTopic.FUND: "Geld-Münzen. Aus den Münzen wächst eine Pflanze",
    EasyReadTopic.WEBSITE: "Ein Computer-Bildschirm mit einem Maus-Zeiger",
}


class EasyReadSection(models.Model):
    """One part of the page in Leichte Sprache. Staff write the text; hours, address and the
    fund's next deadline are added live below the matching part."""

    Topic = EasyReadTopic

    topic = models.CharField(_("Thema"), max_length=30, choices=Topic.choices, unique=True)
    title = models.CharField(_("Überschrift"), max_length=120)
    body = models.TextField(
        _("Text in Leichter Sprache"),
        help_text=_(
            "Kurze Sätze. Jeder Satz in eine eigene Zeile. Schwere Wörter erklären. "
            "Wichtige Wörter **fett**. Listen mit - am Zeilenanfang."
        ),
    )
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic"]
        verbose_name = _("Abschnitt in Leichter Sprache")
        verbose_name_plural = _("Leichte Sprache")
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__in=EasyReadTopic.values),
                name="easy_read_topic_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inclusion:easy_read") + f"#{self.topic}"

    @property
    def position(self) -> int:
        return self.Topic.values.index(self.topic)

    @property
    def pictogram(self) -> str:
        return f"img/leichte-sprache/{self.topic}.svg"

    @property
    def pictogram_alt(self) -> str:
        return PICTOGRAMS[self.Topic(self.topic)]


def video_path(instance: "SignLanguageVideo", filename: str) -> str:
    # The extension follows the content (checked on upload), never the uploaded name.
    return random_name(EXTENSIONS.get(instance.media_type, "bin"))


def captions_path(instance: "SignLanguageVideo", filename: str) -> str:
    return random_name("vtt")


class SignLanguageVideo(models.Model):
    """A video in Deutsche Gebärdensprache (DGS) for the page /gebaerdensprache/."""

    class MediaType(models.TextChoices):
        MP4 = "video/mp4", "MP4"
        WEBM = "video/webm", "WebM"

    title = models.CharField(_("Titel"), max_length=150)
    video = models.FileField(_("Video"), upload_to=video_path, max_length=200)
    media_type = models.CharField(
        _("Format"), max_length=20, choices=MediaType.choices, editable=False
    )
    size_bytes = models.PositiveBigIntegerField(_("Dateigröße in Byte"), editable=False)
    duration_seconds = models.PositiveIntegerField(
        _("Länge in Sekunden"),
        null=True,
        blank=True,
        help_text=_(
            "Die Website liest die Länge aus der Datei. Nur eintragen, wenn sie danach "
            "fragt (manche Videos aus dem Browser haben keine Längenangabe)."
        ),
    )
    transcript = models.TextField(
        _("Inhalt als Text"),
        help_text=_(
            "Was im Video gebärdet wird, als Text in einfachem Deutsch: für alle, die das "
            "Video nicht sehen oder nicht laden können. Markdown: Absätze, Listen mit -."
        ),
    )
    captions = models.FileField(
        _("Untertitel (WebVTT)"),
        upload_to=captions_path,
        max_length=200,
        blank=True,
        help_text=_("Nur nötig, wenn im Video auch gesprochen wird: Untertitel als .vtt-Datei."),
    )
    is_published = models.BooleanField(
        _("Auf der Seite zeigen"),
        default=False,
        help_text=_("Es wird immer nur ein Video gezeigt. Ein neues ersetzt das alte."),
    )
    uploaded_at = models.DateTimeField(_("Hochgeladen"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_published", "-uploaded_at"]
        verbose_name = _("Video in Gebärdensprache")
        verbose_name_plural = _("Videos in Gebärdensprache")
        constraints = [
            models.UniqueConstraint(
                fields=["is_published"],
                condition=Q(is_published=True),
                name="one_published_sign_language_video",
            ),
            models.CheckConstraint(
                condition=Q(media_type__in=["video/mp4", "video/webm"]),
                name="sign_language_video_type_valid",
            ),
            models.CheckConstraint(
                condition=~Q(transcript=""), name="sign_language_video_has_transcript"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inclusion:sign_language")

    @property
    def duration_iso(self) -> str:
        """ "PT3M25S", for <time datetime>."""
        minutes, seconds = divmod(self.duration_seconds or 0, 60)
        return f"PT{minutes}M{seconds}S"
