from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.models import AccessibilityFeedback


def accessibility_feedback_submit(
    *, message: str, page: str = "", name: str = "", email: str = ""
) -> AccessibilityFeedback:
    """Store a reported barrier and tell the people who must answer it within a month."""
    feedback = AccessibilityFeedback(message=message, page=page, name=name, email=email)
    feedback.full_clean()
    with transaction.atomic():
        feedback.save()
        if settings.ACCESSIBILITY_FEEDBACK_EMAIL:
            transaction.on_commit(
                lambda: send_mail(
                    subject=_("Neue Rückmeldung zur Barrierefreiheit"),
                    message=_("Seite: %(page)s\n\n%(message)s\n\nAntwort an: %(email)s")
                    % {"page": page or "–", "message": message, "email": email or "–"},
                    from_email=None,
                    recipient_list=[settings.ACCESSIBILITY_FEEDBACK_EMAIL],
                    fail_silently=True,  # stored already; staff see it in the admin
                )
            )
    return feedback
