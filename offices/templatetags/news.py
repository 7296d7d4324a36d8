from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from offices.content_language import translated
from offices.templatetags.content_language import content_lang, german_lang
from quartier.core import clock
from quartier.core.formatting import (
    hhmm,
    iso_moment,
    leaf_day,
    leaf_month,
    long_date,
    long_date_time,
    publication_date,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """A full address for messengers and feeds; MEDIA_URL on another host stays as it is."""
    return context["request"].build_absolute_uri(url)


@register.simple_tag
def event_when(announcement) -> SafeString:
    """When an event takes place, in words, as a `<time>`: "Samstag, 9. Mai 2026, 11:00 bis
    16:00 Uhr", or with both days when it ends on another. A tag rather than an included
    template with Django's date filters: the home page shows six (events and news cards)."""
    start, end = announcement.event_start, announcement.event_end
    if clock.local_date(start) == clock.local_date(end):
        text = _("%(day)s, %(start)s bis %(end)s Uhr") % {
            "day": conditional_escape(long_date(start)),
            "start": hhmm(start),
            "end": hhmm(end),
        }
    else:
        text = _("%(start)s Uhr bis %(end)s Uhr") % {
            "start": conditional_escape(long_date_time(start)),
            "end": conditional_escape(long_date_time(end)),
        }
    # The translation as it stands, the dates escaped: as `{% blocktranslate %}` writes it.
    return mark_safe(f'<time datetime="{iso_moment(start)}">{text}</time>')  # noqa: S308


CARD = (
    '<article class="news-card{pinned_class}" aria-labelledby="meldung-{pk}">\n'
    "  {picture}\n"
    '  <div class="news-card__body">\n'
    "    \n"
    '    <{heading} id="meldung-{pk}" class="news-card__title">'
    '<a href="{url}"{title_lang}>{title}</a></{heading}>\n'
    '    <p class="news-card__meta">\n'
    "      {pinned}\n"
    '      <time datetime="{published_iso}">{published}</time>\n'
    '      <span class="news-card__office">{office}</span>\n'
    "      {badge}\n"
    "    </p>\n"
    "    <p{teaser_lang}>{teaser}</p>\n"
    "    {event}\n"
    "  </div>\n"
    "</article>\n"
)
CARD_PICTURE = '<div class="news-card__picture">{}</div>'
CARD_PICTURE_SIZES = "(min-width: 768px) 16rem, 100vw"
PICTURE = (
    "<picture>\n"
    '  <source type="image/webp" srcset="{webp}" sizes="{sizes}">\n'
    '  <img src="{src}" srcset="{jpeg}" sizes="{sizes}" width="{width}" height="{height}" '
    'alt="{alt}"{alt_lang}{lazy} decoding="async">\n'
    "</picture>\n"
)


@register.simple_tag
def picture(
    owner, sizes: str, lazy: bool = False, decorative: bool = False, language: str = ""
) -> SafeString:
    """{% picture announcement "(min-width: 992px) 48rem, 100vw" lazy=True decorative=True %}:
    an announcement's, a group's or an idea's stored picture as <picture>, WebP where the
    browser takes it, JPEG otherwise; below the fold `lazy`, in teasers `decorative` (alt="").
    The alt text is German unless `language` says in which language it was written (an idea's).
    Nothing (a line break) without renditions. The markup of the templates it replaced, which
    built the same addresses but took half a millisecond per picture to write them
    (tests/offices/test_announcement_cards.py and tests/ideas/test_idea_cards.py compare)."""
    fallback = owner.fallback_rendition
    if not fallback:
        return mark_safe("\n")
    return format_html(
        PICTURE,
        webp=owner.webp_srcset,
        sizes=sizes,
        src=fallback.url,
        jpeg=owner.jpeg_srcset,
        width=fallback.width,
        height=fallback.height,
        alt="" if decorative else owner.picture_alt,
        alt_lang="" if decorative else content_lang(owner.picture_alt, language),
        lazy=mark_safe(' loading="lazy"') if lazy else "",
    )


def _card_words(context) -> dict:
    """The words every card repeats, translated once per rendering of a list."""
    words = context.render_context.get("news.card_words")
    if words is None:
        words = context.render_context["news.card_words"] = {
            "pinned": format_html('<strong class="news-pinned">{}</strong>', _("Wichtig")),
            "badge": format_html(
                '<span class="content-language-badge">{}</span>', _("Nur auf Deutsch")
            ),
            "event": _("Veranstaltung:"),
            "german": german_lang(),
        }
    return words


@register.simple_tag(takes_context=True)
def announcement_card(context, announcement, heading: str) -> SafeString:
    """One announcement in a list, under an <h2> or <h3>. Written in Python: the news list
    shows ten, the home page three; the HTML is the same as the card template wrote
    (tests/offices/test_announcement_cards.py keeps that template and compares)."""
    words = _card_words(context)
    card_picture = ""
    if announcement.picture:
        card_picture = format_html(
            CARD_PICTURE, picture(announcement, CARD_PICTURE_SIZES, lazy=True, decorative=True)
        )
    title, teaser = translated(announcement, "title"), translated(announcement, "teaser")
    event = ""
    if announcement.is_event:
        event = format_html(
            '<p class="news-card__event"><strong>{}</strong> {}, <span{}>{}</span></p>',
            words["event"],
            event_when(announcement),
            words["german"],
            announcement.event_place,
        )
    return format_html(
        CARD,
        pinned_class=" news-card--pinned" if announcement.pinned else "",
        pk=announcement.pk,
        picture=card_picture,
        heading=heading,
        url=announcement.get_absolute_url(),
        title_lang=content_lang(title),
        title=title,
        pinned=words["pinned"] if announcement.pinned else "",
        published_iso=iso_moment(announcement.publish_from),
        published=publication_date(announcement.publish_from),
        office=announcement.office_label,
        badge=words["badge"] if title.is_german_fallback or teaser.is_german_fallback else "",
        teaser_lang=content_lang(teaser),
        teaser=teaser,
        event=event,
    )


EVENT_ITEM = (
    '<article class="event-item" aria-labelledby="termin-{pk}">\n'
    '  <p class="event-item__date" aria-hidden="true">\n'
    '    <span class="event-item__day">{day}</span>\n'
    '    <span class="event-item__month">{month}</span>\n'
    "  </p>\n"
    "  <div>\n"
    "    \n"
    '    <{heading} id="termin-{pk}" class="event-item__title">'
    '<a href="{url}"{title_lang}>{title}</a></{heading}>\n'
    '    <p class="event-item__when">{when}</p>\n'
    '    <p class="event-item__place"><span{german}>{place}</span>{badge}</p>\n'
    "    {signup}\n"
    "  </div>\n"
    "</article>\n"
)
SIGNUP_TEMPLATE = "events/_list_signup.html"


@register.simple_tag(takes_context=True)
def event_item(context, announcement, heading: str, signup=None) -> SafeString:
    """One coming event on a list, under an <h2> or <h3>, with a calendar leaf; with `signup`
    (from {% event_signups %}) whether it takes sign-ups and how many places are left. The
    markup of the template it replaced (tests/offices/test_announcement_cards.py compares)."""
    words = _card_words(context)
    title = translated(announcement, "title")
    signup_html = ""
    if signup:
        inner = context.template.engine.get_template(SIGNUP_TEMPLATE)
        with context.push(signup=signup):
            signup_html = inner.render(context)
    return format_html(
        EVENT_ITEM,
        pk=announcement.pk,
        day=leaf_day(announcement.event_start),
        month=leaf_month(announcement.event_start),
        heading=heading,
        url=announcement.get_absolute_url(),
        title_lang=content_lang(title),
        title=title,
        when=event_when(announcement),
        german=words["german"],
        place=announcement.event_place,
        badge=format_html(" {}", words["badge"]) if title.is_german_fallback else "",
        signup=signup_html,
    )
