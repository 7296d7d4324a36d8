"""Reads for the pages in Leichte Sprache and Gebärdensprache (one query each)."""

from inclusion.models import EasyReadSection, SignLanguageVideo


def easy_read_sections() -> list[EasyReadSection]:
    """Every part of the page in Leichte Sprache, in the order of the topics. A part staff have
    not written yet still appears with its topic as heading, so that its live block (hours,
    address, fund dates) is never missing."""
    stored = {section.topic: section for section in EasyReadSection.objects.all()}
    return [
        stored.get(topic) or EasyReadSection(topic=topic, title=str(label), body="")
        for topic, label in EasyReadSection.Topic.choices
    ]


def sign_language_video() -> SignLanguageVideo | None:
    """The video shown on the page, if staff have published one."""
    return SignLanguageVideo.objects.filter(is_published=True).first()
