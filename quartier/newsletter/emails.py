"""What newsletter mails look like, and how they go into the outbox. Every mail has a plain-text
part and an HTML part, comes from DEFAULT_FROM_EMAIL, names the sender's postal address, and
carries a one-click unsubscribe (RFC 8058) that works without login."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from quartier.core.links import absolute_url
from quartier.core.mail import queue_email
from quartier.core.markdown import render_markdown
from quartier.newsletter import tokens

OUTBOX_TOPIC = "newsletter"


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def sender() -> dict[str, str]:
    return {
        "name": settings.SITE_NAME,
        "street": settings.SITE_STREET,
        "postal_code": settings.SITE_POSTAL_CODE,
        "city": settings.SITE_CITY,
        "email": settings.DEFAULT_FROM_EMAIL,
    }


def unsubscribe_url(*, key: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(
            reverse("newsletter:unsubscribe", kwargs={"token": tokens.unsubscribe_token(key)})
        )


def confirm_url(*, key: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(
            reverse("newsletter:confirm", kwargs={"token": tokens.confirm_token(key)})
        )


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs offer "Abbestellen" and POST to the link."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def render_mail(
    *, template: str, language: str, context: dict, subject: str, markdown_body: str = ""
) -> RenderedMail:
    """Render `newsletter/email/<template>.txt` and `.html` in `language`."""
    with translation.override(language):
        context = {
            **context,
            "sender": sender(),
            "subject": subject,
            "body_text": markdown_body,
            "body_html": render_markdown(markdown_body) if markdown_body else "",
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "subscribe_url": absolute_url(reverse("newsletter:subscribe")),
        }
        text = render_to_string(f"newsletter/email/{template}.txt", context)
        # Rendered by our own autoescaping templates (Markdown sanitised by render_markdown).
        inner_html = mark_safe(  # noqa: S308
            render_to_string(f"newsletter/email/{template}.html", context)
        )
        html = render_to_string(
            "newsletter/email/_base.html", {**context, "inner_html": inner_html}
        )
    return RenderedMail(subject=subject, text=text.strip() + "\n", html=html)


def queue_newsletter_mail(
    *, to: str, mail: RenderedMail, unsubscribe_link: str, nudge: bool = True
) -> None:
    queue_email(
        nudge=nudge,
        to=[to],
        subject=mail.subject,
        body=mail.text,
        html_body=mail.html,
        headers=unsubscribe_headers(unsubscribe_link),
        topic=OUTBOX_TOPIC,
    )
