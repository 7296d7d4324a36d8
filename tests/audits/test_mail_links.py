"""One source for absolute links: every link in every mail the site sends, text and HTML part,
starts with SITE_URL, whatever the host the request came in on."""

import re

import pytest
from post_office.models import Email

from tests.audits.test_get_changes_nothing import _every_mail_the_site_sends

pytestmark = pytest.mark.django_db

SITE_URL = "https://stadtteil.example:8443"
LINK = re.compile(r"https?://[^\s\"'<>]+")

# One subject fragment per kind of mail; the walk must produce every one.
EXPECTED_KINDS = [
    "Ihr Zugang zur Website",  # staff invitation
    "Ihr Antrag",  # fund confirmation and status mails
    "Rückfrage",  # a question to the applicant
    "Antwort zu Antrag",  # the applicant's answer, to the team
    "Verwendungsnachweis",  # report reminder
    "zurückgezogen",
    "nicht gefördert",
    "Bewilligt",
    "Neue Terminanfrage",  # office notice
    "Barrierefreiheit",  # accessibility feedback
    "Termin",  # booking confirmation, move, reminder, cancellations
    "Erinnerung",
    "verschoben",
    "abgesagt",
    "ausfallen",
    "Sie sind angemeldet",  # event sign-up
    "Weniger Plätze",
    "Ein Platz ist frei geworden",
    "Neuer Raum",
]


def test_every_link_in_every_mail_starts_with_site_url(
    demo_data, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["elsewhere.example", "testserver"]
    with django_capture_on_commit_callbacks(execute=True):
        _every_mail_the_site_sends(settings)

    emails = list(Email.objects.all())
    subjects = [email.subject for email in emails]
    for kind in EXPECTED_KINDS:
        assert any(kind in subject for subject in subjects), (kind, subjects)
    links = [
        (email.subject, link.rstrip(".,);"))
        for email in emails
        for part in (email.message, email.html_message)
        for link in LINK.findall(part or "")
    ]
    invitation_links = [link for subject, link in links if "Zugang" in subject]
    assert invitation_links, "the invitation carries a link"
    assert len({subject for subject, _link in links}) >= 10
    wrong = [(subject, link) for subject, link in links if not link.startswith(SITE_URL + "/")]
    assert wrong == []
