import pytest

from quartier.core.markdown import render_markdown


def test_markdown_renders_simple_formatting():
    html = render_markdown("## Titel\n\n- **eins**\n- zwei")

    assert "<h2>Titel</h2>" in html
    assert "<strong>eins</strong>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klick](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src=https://example.com></iframe>",
    ],
)
def test_markdown_strips_scripts_and_raw_html(hostile):
    html = render_markdown(hostile)

    for forbidden in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<img"):
        assert forbidden not in html


def test_markdown_links_get_noopener():
    html = render_markdown("[Stadt](https://www.dortmund.de)")

    assert 'href="https://www.dortmund.de"' in html
    assert 'rel="noopener noreferrer"' in html


def test_markdown_changed_text_shows_the_change_and_line_break_choice_is_kept_apart():
    before = render_markdown("Sprechstunde\nam Dienstag")
    after = render_markdown("Sprechstunde\nam Mittwoch")
    joined = render_markdown("Sprechstunde\nam Dienstag", line_breaks=False)

    assert "Dienstag" in before
    assert "Mittwoch" not in before
    assert "Mittwoch" in after
    assert "<br" in before
    assert "<br" not in joined
