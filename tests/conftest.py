import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from quartier.core import page_cache
from tests.object_storage import s3_buckets, s3_server  # noqa: F401 - fixtures

# The longest tests (a minute or two each on a slow machine) go first. The run's workers take
# the collection in two halves and steal from each other's end: with these at the front, the
# short tests are left to share at the end, instead of one worker finishing a long scan alone
# while the other waits.
LONGEST_FIRST = (
    "tests/browser/test_staff_axe.py::test_daily_admin_pages",
    "tests/browser/test_inclusion.py::test_every_public_page",
    "tests/audits/test_stored_injection.py",
    "tests/browser/test_fund_staff_day.py",
    "tests/browser/test_office_staff_day.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        return next(
            (i for i, start in enumerate(LONGEST_FIRST) if item.nodeid.startswith(start)),
            len(LONGEST_FIRST),
        )

    items.sort(key=rank)  # stable: everything else keeps its order


@pytest.fixture
def demo_data(db):
    """The real partners and site pages, as `make run` loads them."""
    call_command("load_demo_data", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2 costs ~0.8 s a hash on these machines; tests don't test its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _commits_for_real(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def empty_cache(request):
    """Cached pages and rate-limit counters must not leak from one test into the next. The
    shared cache is a database table: a test in a transaction rolls it back by itself; tests
    that really commit empty it before and after."""
    caches["pages"].clear()
    page_cache.forget_pages()
    if not _commits_for_real(request):
        yield
        caches["pages"].clear()
        page_cache.forget_pages()
        return
    request.getfixturevalue("transactional_db")
    caches["default"].clear()
    yield
    caches["default"].clear()
    caches["pages"].clear()
    page_cache.forget_pages()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads, picture renditions and private files go to fresh folders per test (tests run
    in parallel: a shared folder would be emptied under another test's feet)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _german_by_default():
    """A request to an /en/ page leaves English active in the test thread (LocaleMiddleware
    never deactivates); every test starts and ends in German, whatever ran before."""
    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, logged in as a superuser must be: with two factors."""
    from django.test import Client

    from tests.factories import login_with_two_factors

    client = Client()
    login_with_two_factors(client, admin_user)
    return client


@pytest.fixture
def staff_client(client, db):
    """The test client logged in as a staff member of any role (with two factors, as the
    fund team, Koordination and superusers must): `staff_client(role=FUND_TEAM)`. The browser
    tests have the same as `staff_login`, through the real login form."""
    from tests.factories import login_with_two_factors, staff_user

    def log_in(*, role: str, offices=(), username: str | None = None):
        user = staff_user(role=role, offices=offices, username=username)
        login_with_two_factors(client, user)
        client.user = user
        return client

    return log_in
