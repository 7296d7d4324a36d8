import factory
from django.contrib.auth import get_user_model

from offices.enums import PartnerKind
from offices.models import Office, SitePage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("ein-sicheres-Passwort-2026")


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


# ---- Stadtteilfonds (fund_applications) ----
import datetime as _dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

from fund_applications import tokens as fund_tokens  # noqa: E402
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
    starts_at = factory.LazyFunction(lambda: timezone.now() + _dt.timedelta(days=40))
    submission_deadline = factory.LazyAttribute(
        lambda session: timezone.localdate(session.starts_at) - _dt.timedelta(days=21)
    )
    place = "Quartiersbüro"


class ApplicationDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDraft

    fund = factory.SubFactory(FundFactory)
    key = factory.Sequence(lambda n: f"draftkey{n:04d}")
    secret = factory.LazyFunction(lambda: fund_tokens.new_key_and_secret()[1])
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
    start_date = factory.LazyFunction(lambda: timezone.localdate() + _dt.timedelta(days=60))
    end_date = factory.LazyAttribute(lambda a: a.start_date + _dt.timedelta(days=30))
    expected_participants = 20
    neighbourhood_benefit = "Mehr Grün und Kontakt."
    total_cost = Decimal("300.00")
    other_funding = Decimal("0.00")
    requested_amount = Decimal("300.00")
    declares_not_started = True
    declares_no_other_funding = True
    consents_to_privacy = True
    status_key = factory.Sequence(lambda n: f"statuskey{n:03d}")
    status_secret = factory.LazyFunction(lambda: fund_tokens.new_key_and_secret()[1])
    submitted_at = factory.LazyFunction(timezone.now)


class CostItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostItem

    application = factory.SubFactory(ApplicationFactory)
    category = "material"
    description = "Holz"
    amount = Decimal("100.00")
