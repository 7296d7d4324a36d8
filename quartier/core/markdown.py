"""Markdown from staff, rendered to HTML that is safe to put into a page."""

from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "a", "blockquote", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "td": {"data-label"},
}


class LabelledCells(Treeprocessor):
    """Gives every table cell its column heading as data-label and the headings a scope, so
    that narrow screens can show each row as a labelled card (CSS) instead of scrolling."""

    def run(self, root):
        for table in root.iter("table"):
            headings = ["".join(th.itertext()).strip() for th in table.iter("th")]
            for th in table.iter("th"):
                th.set("scope", "col")
            for row in table.iter("tr"):
                for heading, cell in zip(headings, row.findall("td"), strict=False):
                    cell.set("data-label", heading)


class LabelledTables(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(LabelledCells(md), "labelled_cells", 5)


def render_markdown(text: str, *, line_breaks: bool = True) -> SafeString:
    """Render Markdown and strip everything but simple formatting (no scripts, no raw HTML).
    Every line the editor typed stays a line (an address in the Impressum, one sentence per
    line in Leichte Sprache): staff do not know Markdown's two trailing spaces."""
    return _rendered(text, line_breaks)


# The same text always gives the same HTML, and pages show the same few texts (the fund's
# rules, site pages, Leichte Sprache) on every request: each process renders a text once until
# staff change it (a changed text is a new key). The HTML is an immutable string.
@lru_cache(maxsize=256)
def _rendered(text: str, line_breaks: bool) -> SafeString:
    extensions = ["sane_lists", "tables", LabelledTables(), *(["nl2br"] if line_breaks else [])]
    html = markdown.markdown(text, extensions=extensions, output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
