"""The kernel's per-person keys and locks for public forms."""

import pytest
from django.db import transaction

from quartier.core import submissions
from quartier.core.models import PersonLock


@pytest.mark.parametrize(
    "written",
    [
        "0231 1234567",
        "+49 231 1234567",
        "0049-231-1234567",
        "+49 (0)231 123 45 67",
        "(0231) 12 34 567",
        "٠٢٣١ ١٢٣٤٥٦٧",  # Arabic-Indic digits
    ],
)
def test_a_german_number_has_one_key_however_written(written):
    assert submissions.phone_key(written) == "+492311234567"


def test_a_foreign_number_keeps_its_country_code():
    assert submissions.phone_key("+90 212 555 0101") == submissions.phone_key("0090 212 5550101")
    assert submissions.phone_key("+90 212 555 0101") == "+902125550101"


def test_no_digits_is_no_key():
    assert submissions.phone_key(" - ") == ""
    assert submissions.identities(email=" ", phone="") == []


def test_email_addresses_compare_without_case():
    assert submissions.identities(email=" Anna@Example.ORG ") == ["email:anna@example.org"]


@pytest.mark.django_db(transaction=True)
def test_locking_outside_the_writing_transaction_is_refused():
    with pytest.raises(RuntimeError):
        submissions.lock_people(scope="test", keys=["email:anna@example.org"])


@pytest.mark.django_db
def test_a_lock_row_holds_a_keyed_hash_never_the_address():
    with transaction.atomic():
        submissions.lock_people(scope="test", keys=["email:anna@example.org", "phone:+49231"])
        submissions.lock_people(scope="test", keys=["email:anna@example.org"])

    people = list(PersonLock.objects.values_list("person", flat=True))
    assert len(people) == 2
    assert all("anna" not in person and len(person) == 64 for person in people)
