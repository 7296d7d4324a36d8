import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture
def demo_data(db):
    """The real partners and site pages, as `make run` loads them."""
    call_command("load_demo_data", verbosity=0)


@pytest.fixture(autouse=True)
def _german_by_default():
    """A request to an /en/ page leaves English active in the test thread (LocaleMiddleware
    never deactivates); every test starts and ends in German, whatever ran before."""
    translation.activate("de")
    yield
    translation.activate("de")
