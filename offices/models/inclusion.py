"""Leichte Sprache and Gebärdensprache pages."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from offices.video import EXTENSIONS, random_name
from quartier.core.history import ChangedOnlyHistoricalRecords


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

    history = ChangedOnlyHistoricalRecords()

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

    history = ChangedOnlyHistoricalRecords()

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
