from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """A full address for messengers and feeds; MEDIA_URL on another host stays as it is."""
    return context["request"].build_absolute_uri(url)
