import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from fund_applications.enums import (
    GRANTED_STATUSES,
    PAYABLE_STATUSES,
    REPORT_STATUSES,
    Actor,
    ApplicantType,
    ApplicationStatus,
    CostCategory,
    Decision,
    MessageSender,
    TimelineEvent,
)
from fund_applications.storage import private_storage
from quartier.core import clock

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def private_file_path(instance, filename: str) -> str:
    """A random name: the applicant's file name is kept only as text, never as a path."""
    return f"stadtteilfonds/{uuid.uuid4().hex}{EXTENSIONS.get(instance.content_type, '')}"


def receipts_sum(receipts) -> Decimal:
    """What receipts add up to: per cost line, per application, for the Verwendungsnachweis."""
    return sum((receipt.amount for receipt in receipts), start=ZERO)


def _money_or_zero(subquery) -> Coalesce:
    return Coalesce(Subquery(subquery, output_field=MONEY), Value(ZERO), output_field=MONEY)


class FundQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_year_figures(self, year: int):
        """The money figures of one year, for the public fund page, "Geförderte Projekte", the
        statistic and the staff's budget box alike: budget_of_year (the year's own budget if
        staff entered one, else the usual yearly budget), granted_of_year, granted_count_of_year.
        Fund.remaining_of_year reads them."""
        own = FundBudget.objects.filter(fund=OuterRef("pk"), year=year).values("amount")[:1]
        granted = (
            Application.objects.granted(year).filter(fund=OuterRef("pk")).order_by().values("fund")
        )
        return self.annotate(
            budget_of_year=Coalesce(Subquery(own, output_field=MONEY), "year_budget"),
            granted_of_year=_money_or_zero(
                granted.annotate(total=Sum("granted_amount")).values("total")
            ),
            granted_count_of_year=Coalesce(
                Subquery(granted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Value(0),
            ),
        )


class Fund(models.Model):
    """A neighbourhood fund with its yearly budget, rules and jury."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=60, unique=True)
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("Betreut von"),
        on_delete=models.PROTECT,
        related_name="funds",
        null=True,
        blank=True,
        help_text=_("Das Büro, das bei Anträgen hilft und sie bearbeitet."),
    )
    summary = models.CharField(
        _("Kurzbeschreibung"),
        max_length=300,
        help_text=_("Ein bis zwei Sätze in einfacher Sprache."),
    )
    rules = models.TextField(
        _("Regeln"),
        help_text=_(
            "Markdown: wer Anträge stellen kann, was gefördert wird und was nicht. "
            "Überschriften mit ##, Listen mit -."
        ),
    )
    year_budget = models.DecimalField(
        _("Budget pro Jahr (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    max_per_application = models.DecimalField(
        _("Höchstbetrag pro Antrag (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Leer lassen, wenn es keinen festen Höchstbetrag gibt."),
    )
    show_remaining_budget = models.BooleanField(_("Restbudget öffentlich zeigen"), default=False)
    is_active = models.BooleanField(_("Nimmt Anträge an"), default=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Fonds")
        verbose_name_plural = _("Fonds")
        constraints = [
            models.CheckConstraint(
                condition=Q(year_budget__gte=0), name="fund_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(max_per_application__isnull=True) | Q(max_per_application__gte=0),
                name="fund_max_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fund_applications:fund")

    @property
    def remaining_of_year(self) -> Decimal:
        """What the jury can still grant that year (negative when more was granted); needs
        Fund.objects.with_year_figures()."""
        return self.budget_of_year - self.granted_of_year


class FundGoal(models.Model):
    """One of the fund's aims an application can tick (Nachbarschaft, Umwelt, …)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="goals")
    name = models.CharField(_("Ziel"), max_length=80)
    ordering = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name = _("Förderziel")
        verbose_name_plural = _("Förderziele")
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="fund_goal_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class FundBudget(models.Model):
    """The budget of one year when it differs from the fund's usual yearly budget."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    amount = models.DecimalField(
        _("Budget (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Budget eines Jahres")
        verbose_name_plural = _("Budgets einzelner Jahre")
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="fund_budget_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fund_budget_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} €"


class JurySession(models.Model):
    """A meeting of the resident jury and the last day to hand in for it."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("Fonds"), on_delete=models.CASCADE, related_name="jury_sessions"
    )
    starts_at = models.DateTimeField(_("Sitzung am"))
    submission_deadline = models.DateField(_("Anträge einreichen bis"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    members_present = models.TextField(
        _("Anwesende Jurymitglieder"),
        blank=True,
        help_text=_("Eine Person pro Zeile. Wird nach der Sitzung eingetragen."),
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("Jurysitzung")
        verbose_name_plural = _("Jurysitzungen")

    def __str__(self) -> str:
        return formats.date_format(timezone.localtime(self.starts_at), "DATE_FORMAT")

    def clean(self):
        # Checked here, not as a database constraint: "the date in Berlin" is not an immutable
        # expression PostgreSQL accepts in a CHECK.
        if self.starts_at and self.submission_deadline:
            if self.submission_deadline > timezone.localtime(self.starts_at).date():
                raise ValidationError(
                    {"submission_deadline": _("Der Einsendeschluss muss vor der Sitzung liegen.")}
                )


class ReferenceCounter(models.Model):
    """The last reference number given out per year; one row per year, locked while counting."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Zähler für Antragsnummern")
        verbose_name_plural = _("Zähler für Antragsnummern")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ApplicationQuerySet(models.QuerySet):
    """The fund team's to-do lists; the admin start page counts them."""

    def needs_staff_attention(self):
        """The applicant answered a question or handed in the report, and nobody of the fund
        team has opened the application since ("neu" in the lists)."""
        return self.filter(staff_attention_since__isnull=False).filter(
            Q(seen_by_staff_at__isnull=True) | Q(seen_by_staff_at__lt=F("staff_attention_since"))
        )

    def new(self):
        """Received and not yet taken into review."""
        return self.filter(status=ApplicationStatus.SUBMITTED)

    def report_overdue(self, *, today=None):
        """Project running, the Verwendungsnachweis due date passed."""
        return self.filter(status__in=REPORT_STATUSES, report_due_on__lt=today or clock.today())

    @staticmethod
    def granted_condition(year: int | None = None, *, through: str = "") -> Q:
        """Granted and counted against a year's budget (of that year): the one rule of what the
        budget counts. `through` prefixes the fields for a lookup from another model."""
        condition = Q(
            **{f"{through}status__in": GRANTED_STATUSES, f"{through}budget_year__isnull": False}
        )
        return condition & Q(**{f"{through}budget_year": year}) if year is not None else condition

    def granted(self, year: int | None = None):
        return self.filter(self.granted_condition(year))

    def with_paid_out_sum(self):
        """paid_out_sum: the payouts of each application added up (Application.paid_out)."""
        paid = (
            Payout.objects.filter(application=OuterRef("pk"))
            .order_by()
            .values("application")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.annotate(paid_out_sum=_money_or_zero(paid))

    def paid_out_total(self) -> Decimal:
        """What was paid out to these applications together."""
        total = self.with_paid_out_sum().aggregate(total=Sum("paid_out_sum"))["total"]
        return total if total is not None else ZERO

    def payout_due(self):
        """The Verwendungsnachweis is in and less than the granted amount has been paid."""
        return (
            self.filter(status=ApplicationStatus.REPORT_SUBMITTED, granted_amount__gt=0)
            .with_paid_out_sum()
            .filter(paid_out_sum__lt=F("granted_amount"))
        )

    def payable(self):
        return self.filter(status__in=PAYABLE_STATUSES)


class Application(models.Model):
    """An application sent by residents, groups or Vereine; staff move it through the statuses."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("Fonds"), on_delete=models.PROTECT, related_name="applications"
    )
    jury_session = models.ForeignKey(
        JurySession,
        verbose_name=_("Jurysitzung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    reference = models.CharField(_("Antragsnummer"), max_length=20, unique=True, editable=False)
    reference_year = models.PositiveSmallIntegerField(_("Jahr"), editable=False)
    reference_number = models.PositiveIntegerField(_("Laufende Nummer"), editable=False)
    status = models.CharField(
        _("Status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )

    # Applicant
    applicant_type = models.CharField(
        _("Wer stellt den Antrag?"), max_length=20, choices=ApplicantType.choices
    )
    organisation_name = models.CharField(
        _("Name der Gruppe oder des Vereins"), max_length=150, blank=True
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=150)
    street = models.CharField(_("Straße und Hausnummer"), max_length=150)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10)
    city = models.CharField(_("Ort"), max_length=80)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)

    # Project
    title = models.CharField(_("Titel des Projekts"), max_length=150)
    summary = models.TextField(_("Kurze Beschreibung"))
    goals = models.ManyToManyField(FundGoal, verbose_name=_("Ziele"), related_name="applications")
    target_group = models.CharField(_("Für wen ist das Projekt?"), max_length=300)
    place = models.CharField(_("Wo findet es statt?"), max_length=200)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"))
    expected_participants = models.PositiveIntegerField(_("Erwartete Teilnehmende"))
    neighbourhood_benefit = models.TextField(_("Nutzen für den Stadtteil"))
    volunteer_hours = models.PositiveIntegerField(_("Ehrenamtliche Stunden"), default=0)
    volunteer_work = models.TextField(_("Was machen die Ehrenamtlichen?"), blank=True)

    # Money: total and requested are computed from the cost lines by the service, never typed.
    other_funding = models.DecimalField(
        _("Eigenmittel und andere Förderung (€)"), max_digits=10, decimal_places=2, default=ZERO
    )
    other_funding_source = models.CharField(_("Woher kommt das Geld?"), max_length=300, blank=True)
    total_cost = models.DecimalField(
        _("Gesamtkosten (€)"), max_digits=10, decimal_places=2, editable=False
    )
    requested_amount = models.DecimalField(
        _("Beantragter Betrag (€)"), max_digits=10, decimal_places=2, editable=False
    )
    granted_amount = models.DecimalField(
        _("Bewilligter Betrag (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    # The year whose budget the grant is paid from: the year of the jury's decision.
    budget_year = models.PositiveSmallIntegerField(
        _("Haushaltsjahr"), null=True, blank=True, editable=False
    )

    # After the decision: the Verwendungsnachweis (short report, receipts, photos).
    report_due_on = models.DateField(_("Verwendungsnachweis fällig am"), null=True, blank=True)
    report_text = models.TextField(_("Kurzer Bericht"), blank=True)
    report_submitted_at = models.DateTimeField(
        _("Nachweis eingereicht am"), null=True, blank=True, editable=False
    )
    report_reminder_sent_at = models.DateTimeField(
        _("Zuletzt erinnert am"), null=True, blank=True, editable=False
    )

    # Declarations: the form refuses to send without them; the database refuses too.
    declares_not_started = models.BooleanField(_("Projekt hat noch nicht begonnen"))
    declares_no_other_funding = models.BooleanField(_("Keine andere Förderung möglich"))
    consents_to_privacy = models.BooleanField(_("Einwilligung Datenschutz"))
    # Voluntary: shown in "Geförderte Projekte" (fund_applications.register). Timestamps, not
    # flags, so it stays clear when the applicant agreed and when they took it back; each change
    # also writes a line in the timeline.
    publication_consent_given_at = models.DateTimeField(
        _("Veröffentlichung erlaubt am"), null=True, blank=True, editable=False
    )
    publication_consent_revoked_at = models.DateTimeField(
        _("Veröffentlichung widerrufen am"), null=True, blank=True, editable=False
    )
    photo_consent_given_at = models.DateTimeField(
        _("Fotos zeigen erlaubt am"), null=True, blank=True, editable=False
    )
    photo_consent_revoked_at = models.DateTimeField(
        _("Fotos zeigen widerrufen am"), null=True, blank=True, editable=False
    )

    status_key = models.CharField(max_length=12, unique=True, editable=False)
    status_secret = models.CharField(max_length=64, editable=False)
    language = models.CharField(_("Sprache"), max_length=10, default="de", editable=False)

    submitted_at = models.DateTimeField(_("Eingegangen am"), editable=False)
    status_changed_at = models.DateTimeField(
        _("Status geändert am"), null=True, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(
        _("Personenbezogene Daten gelöscht am"), null=True, blank=True, editable=False
    )
    # "neu" for the fund team: set when the applicant answers or hands in the report, until
    # someone of the team opens the application (seen_by_staff_at).
    staff_attention_since = models.DateTimeField(
        _("Neu für das Team seit"), null=True, blank=True, editable=False
    )
    seen_by_staff_at = models.DateTimeField(
        _("Vom Team zuletzt geöffnet"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        permissions = [
            ("view_applicant_contact", _("Kontaktdaten der Antragsteller sehen")),
            ("view_all_applications", _("Alle Anträge sehen, nicht nur die für die Jury")),
            ("export_applications", _("Anträge exportieren")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_year", "reference_number"], name="application_reference_unique"
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(anonymised_at__isnull=False),
                name="application_email_or_phone",
                violation_error_message=_(
                    "Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="application_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(other_funding__gte=0)
                & Q(total_cost__gte=0)
                & Q(requested_amount__gte=0)
                & Q(requested_amount=F("total_cost") - F("other_funding")),
                name="application_requested_is_total_minus_other",
            ),
            models.CheckConstraint(
                condition=Q(declares_not_started=True)
                & Q(declares_no_other_funding=True)
                & Q(consents_to_privacy=True),
                name="application_declarations_given",
                violation_error_message=_("Bitte bestätigen Sie alle drei Erklärungen."),
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gte=0),
                name="application_granted_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    @property
    def status_token(self) -> str:
        return self.status_key + self.status_secret

    def get_status_url(self) -> str:
        return reverse("fund_applications:status", kwargs={"token": self.status_token})

    @property
    def publication_consented(self) -> bool:
        return bool(self.publication_consent_given_at) and not self.publication_consent_revoked_at

    @property
    def photo_consented(self) -> bool:
        return bool(self.photo_consent_given_at) and not self.photo_consent_revoked_at

    @property
    def is_granted(self) -> bool:
        """ApplicationQuerySet.granted_condition for one row."""
        return self.status in GRANTED_STATUSES and self.budget_year is not None

    @property
    def paid_out(self) -> Decimal:
        """Paid so far (lists annotate it with ApplicationQuerySet.with_paid_out_sum)."""
        if hasattr(self, "paid_out_sum"):
            return self.paid_out_sum
        return (
            Application.objects.filter(pk=self.pk)
            .with_paid_out_sum()
            .values_list("paid_out_sum", flat=True)
            .get()
        )

    @property
    def receipts_total(self) -> Decimal:
        """What the receipts of the Verwendungsnachweis add up to (on prefetched receipts)."""
        return receipts_sum(self.receipts.all())

    @property
    def is_new_for_staff(self) -> bool:
        return self.staff_attention_since is not None and (
            self.seen_by_staff_at is None or self.seen_by_staff_at < self.staff_attention_since
        )

    @property
    def applicant_display(self) -> str:
        if self.anonymised_at:
            return str(_("(gelöscht)"))
        if self.organisation_name:
            return f"{self.organisation_name} ({self.contact_name})"
        return self.contact_name


class CostItem(models.Model):
    """One line of the cost plan."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="cost_items"
    )
    position = models.PositiveSmallIntegerField(_("Zeile"), default=0)
    category = models.CharField(_("Art der Kosten"), max_length=20, choices=CostCategory.choices)
    description = models.CharField(_("Wofür genau?"), max_length=200)
    amount = models.DecimalField(
        _("Betrag (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Kostenposition")
        verbose_name_plural = _("Kostenplan")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_item_amount_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.description}: {formats.number_format(self.amount, 2, use_l10n=True)} €"

    @property
    def receipts_total(self) -> Decimal | None:
        """What the receipts booked on this line add up to; None without receipts."""
        receipts = self.receipts.all()
        return receipts_sum(receipts) if receipts else None


class StoredFile(models.Model):
    """A checked upload: random stored name, the applicant's name kept only for display."""

    file = models.FileField(_("Datei"), storage=private_storage, upload_to=private_file_path)
    original_name = models.CharField(_("Dateiname"), max_length=150)
    content_type = models.CharField(_("Dateityp"), max_length=40)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_at = models.DateTimeField(_("Hochgeladen am"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class Attachment(StoredFile):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    shared_with_jury = models.BooleanField(
        _("Für die Jury freigegeben"),
        default=False,
        help_text=_(
            "Nur Dateien ohne persönliche Daten freigeben, zum Beispiel eine Skizze oder ein "
            "Angebot ohne Namen und Adresse."
        ),
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")


class ApplicationDraft(models.Model):
    """The form in progress, kept on the server between steps and reached by a private link.

    Sending consumes it: `application` is set in the same transaction that creates the
    application, so a second click on "Absenden" finds it consumed."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=12, unique=True, editable=False)
    secret = models.CharField(max_length=64, editable=False)
    data = models.JSONField(default=dict, blank=True)
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Entwurf")
        verbose_name_plural = _("Entwürfe")
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.updated_at:%Y-%m-%d})"

    @property
    def token(self) -> str:
        return self.key + self.secret


class DraftAttachment(StoredFile):
    draft = models.ForeignKey(
        ApplicationDraft, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Anlage im Entwurf")
        verbose_name_plural = _("Anlagen im Entwurf")


class ApplicationStatusChange(models.Model):
    """One line of the application's timeline: who changed what, when, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("Von"), max_length=30, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("Nach"), max_length=30, choices=ApplicationStatus.choices)
    # Most entries are status changes; a session move or a correction keeps the status.
    event = models.CharField(
        _("Art"), max_length=20, choices=TimelineEvent.choices, default=TimelineEvent.STATUS
    )
    actor = models.CharField(_("Durch"), max_length=20, choices=Actor.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitarbeiter/in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    comment = models.TextField(_("Kommentar"), blank=True)
    email_subject = models.CharField(_("E-Mail an Antragsteller"), max_length=200, blank=True)
    # The applicant's email of this change in the outbox: whether it went out.
    email = models.ForeignKey(
        "post_office.Email",
        verbose_name=_("E-Mail im Postausgang"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Zeitpunkt"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Verlauf")

    def __str__(self) -> str:
        return str(self.step_label)

    @property
    def step_label(self) -> str:
        """What happened, in words: "in Prüfung → bereit für Jury", "Jurysitzung verschoben"."""
        if self.event != TimelineEvent.STATUS:
            return str(TimelineEvent(self.event).label)
        after = ApplicationStatus(self.to_status).label
        if not self.from_status:
            return str(after)
        return f"{ApplicationStatus(self.from_status).label} → {after}"


class ApplicationMessage(models.Model):
    """A question from staff or an answer from the applicant, shown on the status page."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(_("Von"), max_length=20, choices=MessageSender.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitarbeiter/in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    body = models.TextField(_("Nachricht"))
    created_at = models.DateTimeField(_("Gesendet am"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def __str__(self) -> str:
        return f"{self.get_sender_display()}: {self.body[:40]}"


class MessageAttachment(StoredFile):
    """A file the applicant sent with an answer, checked like every applicant upload."""

    message = models.ForeignKey(
        ApplicationMessage, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Datei zur Antwort")
        verbose_name_plural = _("Dateien zu Antworten")


class JuryDecision(models.Model):
    """What the jury decided about one application, with the votes, as the minutes record it."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision", verbose_name=_("Antrag")
    )
    jury_session = models.ForeignKey(
        JurySession,
        verbose_name=_("Jurysitzung"),
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )
    decision = models.CharField(_("Entscheidung"), max_length=20, choices=Decision.choices)
    granted_amount = models.DecimalField(
        _("Bewilligter Betrag (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    conditions = models.TextField(_("Auflagen"), blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("Stimmen dafür"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("Stimmen dagegen"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), default=0)
    conflicted_members = models.TextField(
        _("Befangene Mitglieder"),
        blank=True,
        help_text=_("Wer wegen Befangenheit nicht mit abgestimmt hat, eine Person pro Zeile."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Eingetragen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("Eingetragen am"))

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("Juryentscheidung")
        verbose_name_plural = _("Juryentscheidungen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision=Decision.APPROVED) & Q(granted_amount__gt=0))
                | (Q(decision=Decision.REJECTED) & Q(granted_amount__isnull=True)),
                name="jury_decision_amount_matches_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.get_decision_display()}"


class Payout(models.Model):
    """Money paid to the applicant; several rows when part is paid in advance."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="payouts")
    amount = models.DecimalField(
        _("Betrag (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    paid_on = models.DateField(_("Ausgezahlt am"))
    note = models.CharField(_("Notiz"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Eingetragen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("Eingetragen am"))

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount} € ({self.paid_on})"


class Receipt(StoredFile):
    """A receipt of the Verwendungsnachweis, booked against a line of the cost plan."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="receipts")
    cost_item = models.ForeignKey(
        CostItem,
        verbose_name=_("Kostenposition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receipts",
    )
    amount = models.DecimalField(
        _("Betrag laut Beleg (€)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belege")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receipt_amount_positive")
        ]


class ReportPhoto(StoredFile):
    """A photo of the finished project, handed in with the Verwendungsnachweis."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="report_photos"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("Foto vom Projekt")
        verbose_name_plural = _("Fotos vom Projekt")
