import pytest
from django.core.management import call_command


@pytest.fixture
def demo_data(db):
    """The real partners and site pages, as `make run` loads them."""
    call_command("load_demo_data", verbosity=0)
