import pytest
from django.core.management import call_command


@pytest.fixture
def demo_data(db):
    """The real partners and site pages, as `make run` loads them."""
    call_command("load_demo_data", verbosity=0)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and picture renditions go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
