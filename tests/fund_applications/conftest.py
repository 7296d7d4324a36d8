import io
import shutil
from decimal import Decimal

import pytest
from django.conf import settings
from PIL import Image

from fund_applications import services
from fund_applications.demo import example_step_values
from tests.factories import FundFactory, FundGoalFactory, JurySessionFactory, OfficeFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "blue").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _clean_files():
    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def fund(db):
    office = OfficeFactory(
        name="Quartiersmanagement", slug="quartiersmanagement", email="qm@example.org"
    )
    fund = FundFactory(
        name="Stadtteilfonds Westerfilde/Bodelschwingh",
        office=office,
        max_per_application=Decimal("1500.00"),
    )
    for ordering, name in enumerate(["Nachbarschaft", "Umwelt", "Kultur"]):
        FundGoalFactory(fund=fund, name=name, ordering=ordering)
    JurySessionFactory(fund=fund)
    return fund


def step_values(fund) -> dict:
    """What a resident types on each step, in the shape the draft keeps."""
    return example_step_values(fund)


@pytest.fixture
def filled_draft(fund):
    draft = services.draft_create(fund=fund)
    for slug, values in step_values(fund).items():
        services.draft_save_step(draft=draft, step=slug, values=values, valid=True)
    return draft


DECLARATIONS = {
    "declares_not_started": "on",
    "declares_no_other_funding": "on",
    "consents_to_privacy": "on",
    "homepage": "",
}
