import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


@pytest.fixture
def demo_data(db):
    """The real partners and site pages, as `make run` loads them."""
    call_command("load_demo_data", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2 costs ~0.8 s a hash on these machines; tests don't test its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached pages and rate-limit counters must not leak from one test into the next.
    cache.clear()
    yield
    cache.clear()


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
