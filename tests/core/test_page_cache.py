import time_machine
from django.test import Client

from consultations.models import AppointmentRequest
from offices.models import Office
from tests.factories import UserFactory, login_with_two_factors


def test_anonymous_reader_gets_the_cached_page_without_queries(
    client, demo_data, django_assert_num_queries, time_machine
):
    # Within the second in which the process last looked at the shared content version.
    time_machine.move_to("2026-12-01 10:00:05+01:00", tick=False)
    first = client.get("/")

    with django_assert_num_queries(0):
        second = client.get("/")

    assert second.content == first.content
    assert "Content-Security-Policy" in second


def test_staff_edit_in_admin_shows_on_the_next_request(client, demo_data):
    client.get("/")
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    staff = Client()
    login_with_two_factors(staff, admin)
    jobcenter = Office.objects.get(slug="jobcenter")

    staff.post(
        f"/admin/offices/office/{jobcenter.pk}/change/",
        {
            **{
                f: getattr(jobcenter, f)
                for f in [
                    "name",
                    "slug",
                    "short_name",
                    "kind",
                    "summary",
                    "services",
                    "street",
                    "postal_code",
                    "city",
                    "ordering",
                ]
            },
            "short_name": "Jobcenter-Büro",
            "website": jobcenter.website,
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )

    assert "Mehr über Jobcenter-Büro" in client.get("/").content.decode()


def test_cached_page_is_renewed_every_minute(client, demo_data):
    with time_machine.travel("2026-12-01 10:00:05+01:00", tick=False):
        client.get("/")
        Office.objects.filter(slug="jobcenter").update(short_name="Ohne Signal")
        same_minute = client.get("/").content.decode()
    with time_machine.travel("2026-12-01 10:01:00+01:00", tick=False):
        next_minute = client.get("/").content.decode()

    assert "Mehr über Ohne Signal" not in same_minute
    assert "Mehr über Ohne Signal" in next_minute


def test_logged_in_staff_never_get_or_fill_the_cache(client, demo_data, django_assert_num_queries):
    staff = Client()
    staff.force_login(UserFactory(username="redaktion", is_staff=True))
    staff_page = staff.get("/")
    anonymous = client.get("/")

    assert staff_page.status_code == anonymous.status_code == 200
    assert not anonymous.cookies
    with django_assert_num_queries(0):
        client.get("/")  # anonymous page came from the cache, filled by an anonymous request


def test_visitor_with_a_csrf_cookie_bypasses_the_cache(client, demo_data):
    client.get("/")
    client.cookies["csrftoken"] = "x" * 32
    Office.objects.filter(slug="jobcenter").update(short_name="Frisch")

    assert "Mehr über Frisch" in client.get("/").content.decode()


def test_language_versions_are_cached_separately(client, demo_data):
    german = client.get("/").content.decode()
    english = client.get("/en/").content.decode()

    assert "Drei Partner unter einem Dach" in german
    assert "Three partners under one roof" in english


# ---------------------------------------------------------------- what makes pages stale

# Models readers never see on a public page: saving them must leave cached pages alone.
NOT_ON_PUBLIC_PAGES = {
    "offices.OfficeMembership",
    "consultations.AppointmentRequest",
    # Online booking: its pages are never cached (free times change by the
    # minute); cached pages only link to them.
    "booking.AppointmentType",
    "booking.AppointmentTypeTranslation",
    "booking.AppointmentHours",
    "booking.BookingRules",
    "booking.Booking",
    "booking.BookingHold",
    "booking.SlotClaim",
    "fund_applications.ReferenceCounter",
    "fund_applications.Application",  # a grant changes the budget: lifecycle says so itself
    "fund_applications.CostItem",
    "fund_applications.ApplicationDraft",
    "fund_applications.DraftAttachment",
    "fund_applications.Attachment",
    "fund_applications.ApplicationStatusChange",
    "fund_applications.ApplicationMessage",
    "fund_applications.MessageAttachment",
    "fund_applications.JuryDecision",
    "fund_applications.Payout",
    "fund_applications.Receipt",
    "fund_applications.ReportPhoto",
    "quartier.AccessibilityFeedback",
    "quartier.StartPageVisit",
    # Neuigkeiten per E-Mail: no public page shows subscribers, issues or blocks.
    "newsletter.NewsletterSubscriber",
    "newsletter.NewsletterIssue",
    "newsletter.NewsletterIssueTranslation",
    "newsletter.NewsletterDelivery",
    "newsletter.SuppressedAddress",
    "accounts.StaffMember",  # staff accounts: never on a public page
    # Initiativen und Gruppen: a change waits for review; messages go to the group by mail.
    "initiatives.GroupChange",
    "initiatives.JoinRequest",
    # Event sign-up: a resident's sign-up leaves cached pages alone; the places they show
    # are at most a minute behind (the key holds the minute), the form counts anew.
    "events.EventSignup",
    # Anregungen und Ideen: pages show the count the idea keeps; the service that changes it
    # says so itself.
    "ideas.Support",
    # Verleih: the free/busy table shows approved loans; the services that approve, cancel
    # or book call page_cache.content_changed() themselves (requests and notes stay private).
    "lending.Loan",
    "lending.LoanSeries",
}


def test_every_model_is_either_content_or_deliberately_not(settings):
    from django.apps import apps

    ours = {
        model._meta.label
        for app in (
            "offices",
            "consultations",
            "booking",
            "lending",
            "fund_applications",
            "quartier",
            "newsletter",
            "accounts",
            "initiatives",
            "events",
            "ideas",
        )
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
    }

    assert ours - NOT_ON_PUBLIC_PAGES == settings.PAGE_CACHE_CONTENT_MODELS
    assert not NOT_ON_PUBLIC_PAGES & settings.PAGE_CACHE_CONTENT_MODELS


def _version():
    from quartier.core import page_cache

    page_cache.forget_version()  # the shared version, not what this process saw this second
    return page_cache.content_version()


def test_drafts_requests_logins_and_mails_leave_cached_pages_alone(client, demo_data):
    from fund_applications import services
    from fund_applications.selectors import fund_current
    from quartier.core.mail import queue_email

    before = _version()
    draft = services.draft_create(fund=fund_current())
    services.draft_save_step(draft=draft, step="projekt", values={"title": "Beete"}, valid=False)
    client.post(
        "/sprechzeiten/termin/jobcenter/",
        {"name": "Ayşe", "phone": "0231 1", "topic": "Termin", "privacy_consent": "on"},
    )
    Client().force_login(UserFactory(is_staff=True))
    queue_email(to=["anna@example.org"], subject="Hallo", body="Text")

    assert AppointmentRequest.objects.count() == 1
    assert _version() == before


def test_a_content_edit_makes_cached_pages_stale(demo_data):
    before = _version()

    office = Office.objects.get(slug="jobcenter")
    office.summary = "Neu"
    office.save()

    assert _version() == before + 1


def test_with_a_shared_pages_cache_each_process_answers_from_its_own_copy(
    client, demo_data, settings, django_assert_num_queries, time_machine
):
    """With Redis the shared pages cache costs a round trip per hit; the process's own copy,
    keyed like the shared page by content version and minute, answers instead. (A pages cache
    that forgets everything stands in for a slow shared one: a hit can only come from the
    process's copy.)"""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    time_machine.move_to("2026-12-01 10:00:05+01:00", tick=False)
    first = client.get("/")
    first["X-Mutated-By-A-Middleware"] = "yes"

    with django_assert_num_queries(0):
        second = client.get("/")

    assert second.content == first.content
    assert "X-Mutated-By-A-Middleware" not in second  # every hit gets a response of its own


def test_the_process_copy_is_never_staler_than_the_shared_page(
    client, demo_data, settings, time_machine
):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    time_machine.move_to("2026-12-01 10:00:05+01:00", tick=False)
    office = Office.objects.get(slug="jobcenter")
    client.get(office.get_absolute_url())

    office.name = "Aktionsbüro im neuen Gewand"
    office.save()

    assert "Aktionsbüro im neuen Gewand" in client.get(office.get_absolute_url()).content.decode()


def test_a_cached_hit_carries_every_header_the_first_answer_had(client, demo_data):
    first = client.get("/sprechzeiten/")
    second = client.get("/sprechzeiten/")

    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Content-Language",
    ):
        assert second.get(header) == first.get(header), header
        assert second.get(header), header


def test_a_visitor_with_an_unread_message_gets_a_fresh_page(client, demo_data):
    client.get("/")
    Office.objects.filter(slug="jobcenter").update(short_name="Frisch")
    client.cookies["messages"] = "x"

    assert "Mehr über Frisch" in client.get("/").content.decode()


def test_an_answer_that_sets_a_cookie_is_never_kept(client, demo_data, settings):
    """A page that hands out a CSRF token (a form) is personal: the next reader gets a fresh
    one, not the first reader's."""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from quartier.core.page_cache import CachedPageMiddleware, public_page

    renders = []

    @public_page
    def page_with_form(request):
        renders.append(1)
        response = HttpResponse(get_token(request))
        response.set_cookie("csrftoken", get_token(request))
        return response

    middleware = CachedPageMiddleware(page_with_form)
    factory = RequestFactory()
    middleware(factory.get("/formular/"))
    middleware(factory.get("/formular/"))

    assert len(renders) == 2


def test_an_answer_with_a_script_nonce_is_never_kept(client, demo_data):
    """A nonce allows one answer's inline script; kept in a cached page, every reader would
    get the same one and so would an injected script that copied it."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from quartier.core.page_cache import CachedPageMiddleware, public_page

    renders = []

    @public_page
    def page_with_inline_script(request):
        renders.append(1)
        response = HttpResponse("<script nonce='abc'></script>")
        response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
        return response

    middleware = CachedPageMiddleware(page_with_inline_script)
    middleware(RequestFactory().get("/mit-skript/"))
    middleware(RequestFactory().get("/mit-skript/"))

    assert len(renders) == 2


def test_an_address_that_is_no_public_page_asks_the_pages_cache_once(client, demo_data, settings):
    """A form or booking step is never cached: with Redis, asking the shared pages cache for
    it on every request would be a round trip for nothing."""
    from unittest import mock

    from django.core.cache import caches

    pages = caches["pages"]
    with mock.patch.object(pages, "get", wraps=pages.get) as lookups:
        for _ in range(3):
            assert client.get("/sprechzeiten/buchen/").status_code == 200
        for _ in range(2):
            client.get("/")

    looked_up = [call.args[0] for call in lookups.call_args_list]
    booking = [key for key in looked_up if key.endswith(_path_hash("/sprechzeiten/buchen/"))]
    home = [key for key in looked_up if key.endswith(_path_hash("/"))]
    assert len(booking) == 1
    assert len(home) == 2  # a public page is looked up every time (and found the second)


def _path_hash(path: str) -> str:
    import hashlib

    return hashlib.sha256(path.encode()).hexdigest()
