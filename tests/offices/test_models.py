from offices.models import Office
from tests.factories import OfficeFactory


def test_office_service_list_skips_blank_lines(db):
    office = OfficeFactory(services="Beratung\n\n  Formulare abgeben  \n")

    assert office.service_list == ["Beratung", "Formulare abgeben"]


def test_office_phone_uri_keeps_only_digits_and_plus(db):
    office = OfficeFactory(phone="+49 (0)231 / 12 34-5")

    assert office.phone_uri == "tel:+49023112345"


def test_office_list_order_follows_ordering_then_name(db):
    OfficeFactory(name="Zweites", ordering=2)
    OfficeFactory(name="Erstes B", ordering=1)
    OfficeFactory(name="Erstes A", ordering=1)

    assert [o.name for o in Office.objects.all()] == ["Erstes A", "Erstes B", "Zweites"]


def test_office_absolute_url_uses_german_slug(db):
    office = OfficeFactory(slug="jobcenter")

    assert office.get_absolute_url() == "/partner/jobcenter/"
