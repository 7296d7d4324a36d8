"""Ideas and suggestions of residents, their dated status changes, and the neighbours' support.

An idea is public only once staff published it (`published_at`); until then only its author
sees it, through the private link. Supports keep no address, only a keyed hash of it, so one
address counts once per idea and staff never see who supported."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fund_applications.models import Application, ApplicationDraft
from offices.content_language import TranslatedText
from offices.models import Announcement
from offices.pictures import PictureRenditions
from quartier.core.line_breaks import validate_one_line
from quartier.ideas.enums import CLOSED, IdeaStatus

TITLE_MAX = 120
TEXT_MAX = 3000


class Topic(models.Model):
    """A topic residents choose for their idea; staff keep the list."""

    name = models.CharField(_("Name"), max_length=80, unique=True, validators=[validate_one_line])
    slug = models.SlugField(
        _("Kurzname in der Adresse"), max_length=80, unique=True, allow_unicode=False
    )
    # Residents read the topics in their language; without a name here they see the German
    # one, marked as German.
    name_en = models.CharField(
        _("Name auf Englisch"), max_length=80, blank=True, validators=[validate_one_line]
    )
    name_tr = models.CharField(
        _("Name auf Türkisch"), max_length=80, blank=True, validators=[validate_one_line]
    )
    name_ar = models.CharField(
        _("Name auf Arabisch"), max_length=80, blank=True, validators=[validate_one_line]
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_active = models.BooleanField(
        _("Im Formular wählbar"),
        default=True,
        help_text=_("Ideen behalten ihr Thema, auch wenn es nicht mehr wählbar ist."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> TranslatedText:
        """The name in the page's language, or the German name marked as German."""
        language = get_language() or settings.LANGUAGE_CODE
        if language != settings.LANGUAGE_CODE:
            if translated := getattr(self, f"name_{language}", ""):
                return TranslatedText(translated, language)
        return TranslatedText(self.name, settings.LANGUAGE_CODE)


class IdeaQuerySet(models.QuerySet):
    def published(self) -> "IdeaQuerySet":
        return self.filter(published_at__isnull=False)

    def unanswered(self) -> "IdeaQuerySet":
        return self.filter(answered_at__isnull=True)

    def overdue(self, *, today: date) -> "IdeaQuerySet":
        """Ideas the office has not answered by the date it promised."""
        return self.unanswered().filter(answer_due_on__lt=today)


class Idea(PictureRenditions, models.Model):
    key = models.CharField(max_length=12, unique=True, editable=False)
    secret = models.CharField(max_length=64, editable=False)
    title = models.CharField(_("Titel"), max_length=TITLE_MAX, validators=[validate_one_line])
    text = models.TextField(_("Beschreibung"), max_length=TEXT_MAX)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("Thema")
    )
    place = models.CharField(
        _("Ort"),
        max_length=200,
        blank=True,
        validators=[validate_one_line],
        help_text=_("Straße oder ein bekannter Ort, in Worten."),
    )
    language = models.CharField(
        _("Sprache des Textes"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    may_publish = models.BooleanField(_("Darf veröffentlicht werden"), default=False)
    # Never on a public page; emptied by the retention rule and on erasure.
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    # The largest JPEG rendition: never the upload itself, which may carry GPS data.
    picture = models.ImageField(_("Foto"), upload_to="ideen/", max_length=200, blank=True)
    picture_alt = models.CharField(
        _("Was ist auf dem Foto zu sehen?"),
        max_length=250,
        blank=True,
        validators=[validate_one_line],
    )
    picture_renditions = models.JSONField(_("Bildgrößen"), default=list, blank=True, editable=False)
    status = models.CharField(
        _("Stand"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.RECEIVED
    )
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)
    edited_by_office = models.BooleanField(
        _("Vom Büro bearbeitet"),
        default=False,
        help_text=_("Wenn das Büro den Text gekürzt oder berichtigt hat; die Seite sagt es dann."),
    )
    answer = models.TextField(_("Öffentliche Antwort des Büros"), blank=True, max_length=3000)
    answer_due_on = models.DateField(
        _("Antwort versprochen bis"),
        help_text=_("Bis zu diesem Tag bekommt die Person eine Antwort."),
    )
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True, editable=False)
    # Set with the first answer, so the public share is one count, not a date sum per row.
    answered_in_time = models.BooleanField(
        _("Rechtzeitig beantwortet"), null=True, blank=True, editable=False
    )
    private_answer = models.TextField(
        _("Zuletzt gesendete Antwort per E-Mail"), blank=True, max_length=3000
    )
    private_answered_at = models.DateTimeField(
        _("Antwort per E-Mail gesendet am"), null=True, blank=True
    )
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Daraus entstanden: Meldung oder Veranstaltung"),
    )
    funded_project = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Daraus entstanden: gefördertes Projekt"),
    )
    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0, editable=False)
    fund_invited_at = models.DateTimeField(
        _("Zum Stadtteilfonds eingeladen am"), null=True, blank=True, editable=False
    )
    fund_draft = models.ForeignKey(
        ApplicationDraft,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("Antragsentwurf im Stadtteilfonds"),
    )
    created_at = models.DateTimeField(_("Eingegangen am"))
    closed_at = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        _("Kontaktdaten gelöscht am"), null=True, blank=True
    )

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        indexes = [
            # The public list, newest first, per status: read in index order, never sorted.
            models.Index(
                fields=["published_at", "status", "created_at", "id"], name="idea_public_list"
            ),
            models.Index(fields=["answered_at", "answer_due_on"], name="idea_unanswered"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IdeaStatus.values), name="idea_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(picture="") | ~Q(picture_alt=""),
                name="idea_picture_has_alt",
                violation_error_message=_("Ein Foto braucht eine Beschreibung."),
            ),
            # Nothing the author did not allow is ever public.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(may_publish=True),
                name="idea_published_only_if_allowed",
                violation_error_message=_(
                    "Die Person hat einer Veröffentlichung nicht zugestimmt."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @property
    def token(self) -> str:
        return self.key + self.secret

    def get_private_url(self) -> str:
        return reverse("ideas:mine", kwargs={"token": self.token})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def is_taken_up(self) -> bool:
        return self.status == IdeaStatus.TAKEN_UP


class IdeaStatusChange(models.Model):
    """One dated step of an idea, shown on its page with the office's note."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("Idee")
    )
    status = models.CharField(_("Stand"), max_length=20, choices=IdeaStatus.choices)
    note = models.TextField(_("Hinweis des Büros"), blank=True, max_length=2000)
    changed_at = models.DateTimeField(_("Geändert am"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Geändert von"),
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.changed_at:%d.%m.%Y})"


class Support(models.Model):
    """ "Ich unterstütze das": counted once its mail's confirmation page was sent (POST)."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="supports", verbose_name=_("Idee")
    )
    # A keyed hash of the normalised address: one support per address and idea, and no
    # address anyone could read.
    email_hash = models.CharField(_("Adresse (verschlüsselt)"), max_length=64)
    key = models.CharField(max_length=32, unique=True, editable=False)
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("Angefragt am"))
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "email_hash"],
                name="support_once_per_address",
                violation_error_message=_("Diese Adresse unterstützt die Idee schon."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Unterstützung"))
