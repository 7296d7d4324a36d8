import pytest
from django.core.exceptions import ValidationError

from quartier.core.line_breaks import lines, one_line, validate_one_line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Fest\r\nim Hof", "Fest im Hof"),
        ("Fest\rim\nHof", "Fest im Hof"),
        ("Fest\u2028im\x85Hof\x0b!", "Fest im Hof !"),
        ("Fest\x00im\x1bHof", "Fest im Hof"),
        ("  Fest  ", "Fest"),
        (None, ""),
    ],
)
def test_one_line_turns_every_break_and_control_character_into_a_space(value, expected):
    assert one_line(value) == expected


def test_lines_keeps_line_breaks_as_lf_only():
    assert lines("Erste\r\nZweite\rDritte\u2029Vierte \x07\n") == "Erste\nZweite\nDritte\nVierte"


@pytest.mark.parametrize("value", ["Fest\r\nim Hof", "Fest\nim Hof", "Fest\rim Hof", "a\x00b"])
def test_validate_one_line_refuses_breaks_and_control_characters(value):
    with pytest.raises(ValidationError):
        validate_one_line(value)


def test_validate_one_line_accepts_plain_text():
    validate_one_line("Fest im Hof – Musik & Tanz")
