"""The partners and what they publish: one module per kind of content."""

from offices.models.announcements import (
    RESERVED_ANNOUNCEMENT_SLUGS,
    Announcement,
    AnnouncementQuerySet,
    ProgrammeItem,
    validate_announcement_slug,
)
from offices.models.inclusion import (
    PICTOGRAMS,
    EasyReadSection,
    EasyReadTopic,
    SignLanguageVideo,
    captions_path,
    video_path,
)
from offices.models.office import (
    MARKDOWN_HELP,
    Office,
    OfficeMembership,
    SitePage,
    translation_languages,
    validate_phone_number,
)
from offices.models.translations import AnnouncementTranslation, OfficeTranslation

__all__ = [
    "MARKDOWN_HELP",
    "PICTOGRAMS",
    "RESERVED_ANNOUNCEMENT_SLUGS",
    "Announcement",
    "AnnouncementQuerySet",
    "AnnouncementTranslation",
    "EasyReadSection",
    "EasyReadTopic",
    "Office",
    "OfficeMembership",
    "OfficeTranslation",
    "ProgrammeItem",
    "SignLanguageVideo",
    "SitePage",
    "captions_path",
    "translation_languages",
    "validate_announcement_slug",
    "validate_phone_number",
    "video_path",
]
