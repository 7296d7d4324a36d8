"""Reads for the pages in Leichte Sprache and Gebärdensprache (one query each)."""

from inclusion.models import EasyReadSection, SignLanguageVideo


def easy_read_sections() -> list[EasyReadSection]:
    """The parts of the page in Leichte Sprache, in the order of their topics."""
    return sorted(EasyReadSection.objects.all(), key=lambda section: section.position)


def sign_language_video() -> SignLanguageVideo | None:
    """The video shown on the page, if staff have published one."""
    return SignLanguageVideo.objects.filter(is_published=True).first()
