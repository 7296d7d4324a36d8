from quartier.core.templatetags.formatting import break_after_slash


def test_break_after_slash_allows_a_line_break_after_each_slash():
    assert break_after_slash("Westerfilde/Bodelschwingh") == "Westerfilde/<wbr>Bodelschwingh"


def test_break_after_slash_escapes_the_text_first():
    assert break_after_slash("<b>A</b>/B") == "&lt;b&gt;A&lt;/<wbr>b&gt;/<wbr>B"
