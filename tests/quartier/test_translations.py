from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "quartier/locale/en/LC_MESSAGES/django.po"


def test_english_catalogue_is_complete_and_not_fuzzy():
    po = polib.pofile(str(CATALOGUE))

    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]


def test_compiled_english_catalogue_matches_the_po_file():
    po = polib.pofile(str(CATALOGUE))

    with translation.override("en"):
        for entry in po.translated_entries():
            if entry.msgid_plural:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                expected = entry.msgstr_plural[0]
            elif entry.msgctxt:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
                expected = entry.msgstr
            else:
                got = translation.gettext(entry.msgid)
                expected = entry.msgstr
            assert got == expected, f"run `make messages`: {entry.msgid!r}"
