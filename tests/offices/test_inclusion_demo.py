import re

from django.core.management import call_command

from offices.models import EasyReadSection, Office, SitePage

# Netzwerk Leichte Sprache: short sentences, one statement per line.
MAX_WORDS_PER_LINE = 14


def test_load_demo_data_writes_every_part_of_the_leichte_sprache_page(db):
    call_command("load_demo_data", verbosity=0)

    assert sorted(EasyReadSection.objects.values_list("topic", flat=True)) == sorted(
        EasyReadSection.Topic.values
    )


def test_leichte_sprache_texts_keep_to_short_lines(db):
    call_command("load_demo_data", verbosity=0)
    texts = [section.body for section in EasyReadSection.objects.all()]
    texts += [office.easy_summary for office in Office.objects.all()]

    for text in texts:
        for line in text.splitlines():
            words = re.sub(r"[*\-0-9.]+ ", "", line).split()
            assert len(words) <= MAX_WORDS_PER_LINE, line


def test_every_office_has_a_text_in_leichte_sprache(db):
    call_command("load_demo_data", verbosity=0)

    assert all(office.easy_summary for office in Office.objects.all())


def test_load_demo_data_twice_keeps_staff_edits_of_the_easy_texts(db):
    call_command("load_demo_data", verbosity=0)
    EasyReadSection.objects.filter(topic="weg").update(body="Bus 470 hält vor der Tür.")

    call_command("load_demo_data", verbosity=0)

    assert EasyReadSection.objects.get(topic="weg").body == "Bus 470 hält vor der Tür."
    assert EasyReadSection.objects.count() == 6


def test_accessibility_statement_names_what_is_missing_and_links_the_feedback_form(db):
    call_command("load_demo_data", verbosity=0)

    body = SitePage.objects.get(slug=SitePage.Slug.ACCESSIBILITY).body

    assert "## Was noch nicht barrierefrei ist" in body
    for gap in ["nur auf Deutsch", "Video in Deutscher Gebärdensprache fehlt", "PDF-Dateien"]:
        assert gap in body, gap
    assert "](/barrierefreiheit/rueckmeldung/)" in body
    assert "Schlichtungsstelle" in body


def test_accessibility_statement_page_links_the_feedback_form_in_every_language(client, db):
    call_command("load_demo_data", verbosity=0)

    for path, label in [
        ("/barrierefreiheit/", "Barriere melden"),
        ("/ar/barrierefreiheit/", "الإبلاغ عن عائق"),
    ]:
        html = client.get(path).content.decode()
        link = (
            f'href="{path[: -len("barrierefreiheit/")]}barrierefreiheit/rueckmeldung/">{label}</a>'
        )
        assert link in html, path
