import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "quartier/locale"
# Every language of the site but German, whose msgids are the German text.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
# gettext's plural rules (the forms each msgstr_plural must have).
PLURAL_FORMS = {"en": 2, "tr": 2, "ar": 6}


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES/django.po"))


def test_every_language_of_the_site_has_a_catalogue():
    assert TRANSLATED == ["en", "tr", "ar"]
    for code in TRANSLATED:
        assert (LOCALE / code / "LC_MESSAGES/django.mo").exists(), code


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_is_complete_and_not_fuzzy(code):
    po = catalogue(code)

    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_has_the_same_msgids_as_the_english_one(code):
    english = {(e.msgctxt, e.msgid) for e in catalogue("en")}

    assert {(e.msgctxt, e.msgid) for e in catalogue(code)} == english


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_declares_the_plural_forms_of_its_language(code):
    po = catalogue(code)
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))

    assert nplurals == PLURAL_FORMS[code]
    assert not po.metadata_is_fuzzy or code == "en"
    for entry in po:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders(code):
    for entry in catalogue(code):
        expected = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        if entry.msgid_plural:
            # Some languages say "one" or "two" in words instead of the number.
            for form in entry.msgstr_plural.values():
                assert set(PLACEHOLDER.findall(form)) <= expected, (entry.msgid, form)
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == expected, (entry.msgid, entry.msgstr)


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalogue_matches_the_po_file(code):
    po = catalogue(code)

    with translation.override(code):
        for entry in po.translated_entries():
            if entry.msgid_plural:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                expected = entry.msgstr_plural[1 if code == "ar" else 0]
            elif entry.msgctxt:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
                expected = entry.msgstr
            else:
                got = translation.gettext(entry.msgid)
                expected = entry.msgstr
            assert got == expected, f"run `make messages`: {entry.msgid!r}"


def test_arabic_plural_forms_follow_the_number():
    with translation.override("ar"):
        forms = [
            translation.ngettext("%(count)d Minute", "%(count)d Minuten", n) % {"count": n}
            for n in (1, 2, 3, 11, 100)
        ]

    assert forms == ["دقيقة واحدة", "دقيقتان", "3 دقائق", "11 دقيقة", "100 دقيقة"]
