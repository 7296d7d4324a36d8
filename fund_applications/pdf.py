"""PDFs of the Stadtteilfonds (jury pack, Bewilligungsbescheid) made by WeasyPrint from the same
templates as the pages, with the machine's fonts (DejaVu through fontconfig). Nothing is
fetched: the stylesheet is read from static/ and every other URL is refused."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_FONTS = (
    '@page { size: A4; margin: 18mm 16mm; } body { font-family: "DejaVu Sans", sans-serif; }'
)


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"PDFs fetch nothing: {url}")


def _stylesheet(path: str) -> str:
    found = finders.find(path)
    with open(found, encoding="utf-8") as handle:
        return handle.read()


def render_pdf(template: str, context: dict, *, stylesheet: str) -> bytes:
    """The template as PDF; its <head> takes `pdf_css` (the stylesheet and the page rules)."""
    from PIL import ImageFile

    # WeasyPrint's import switches on Pillow's LOAD_TRUNCATED_IMAGES for the whole process,
    # which would let broken uploads through the checks in uploads.py: switched back.
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML  # imported here: pango loads only when a PDF is made

    ImageFile.LOAD_TRUNCATED_IMAGES = before

    css = _stylesheet(stylesheet) + "\n" + PDF_FONTS
    html = render_to_string(template, {**context, "pdf_css": css})
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()
