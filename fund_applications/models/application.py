"""The application, its cost plan and its attachments."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    F,
    OuterRef,
    Q,
    Sum,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fund_applications.enums import (
    GRANTED_STATUSES,
    PAYABLE_STATUSES,
    REPORT_STATUSES,
    Actor,
    ApplicantType,
    ApplicationStatus,
    CostCategory,
    can_transition,
)
from fund_applications.models.files import StoredFile
from fund_applications.models.fund import Fund, FundGoal
from fund_applications.models.jury import JurySession
from fund_applications.models.money import ZERO, money_or_zero, receipts_sum
from fund_applications.models.report import Payout
from quartier.core import clock, formatting


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
        return self.annotate(paid_out_sum=money_or_zero(paid))

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
    public_title = models.CharField(
        _("Titel unter „Geförderte Projekte“"),
        max_length=150,
        blank=True,
        help_text=_("Leer lassen: Dort steht der Titel des Projekts."),
    )
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
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # The staff list, newest first: read from here it stops after one page of rows
            # instead of sorting every application.
            models.Index(fields=["-submitted_at", "-id"], name="application_newest_first"),
            # The money granted in a year (fund page, register, budget box) is added up from
            # this index alone instead of from every application of the fund.
            models.Index(
                fields=["fund", "budget_year", "status", "granted_amount"],
                name="application_granted_in_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    @property
    def register_title(self) -> str:
        """The project's name on the public register: the fund team's wording, or the title."""
        return self.public_title or self.title

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

    # What the pages show depends on the status; templates ask these, never the status itself.
    @property
    def has_grant(self) -> bool:
        """Granted (bewilligt or later): the approval notice can be downloaded."""
        return self.status in GRANTED_STATUSES

    @property
    def is_rejected(self) -> bool:
        return self.status == ApplicationStatus.REJECTED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ApplicationStatus.WITHDRAWN

    @property
    def is_report_submitted(self) -> bool:
        return self.status == ApplicationStatus.REPORT_SUBMITTED

    @property
    def can_be_decided(self) -> bool:
        """The jury's decision may be entered now (the transition table allows it)."""
        return can_transition(self.status, ApplicationStatus.APPROVED, Actor.STAFF)

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
        return f"{self.description}: {formatting.euro(self.amount)}"

    @property
    def receipts_total(self) -> Decimal | None:
        """What the receipts booked on this line add up to; None without receipts."""
        receipts = self.receipts.all()
        return receipts_sum(receipts) if receipts else None


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
