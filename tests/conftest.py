import pytest

from offices import demo as offices_demo


@pytest.fixture
def demo_data(db):
    """The real partners and site pages, as `make run` loads them."""
    offices_demo.load()
