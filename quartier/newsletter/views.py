"""The public pages of Neuigkeiten per E-Mail. No GET changes anything: the links in the mails
open a page with a button, and only its POST confirms or unsubscribes."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from quartier.core.page_cache import public_page
from quartier.core.rate_limit import allow
from quartier.newsletter import services, tokens
from quartier.newsletter.forms import SubscribeForm
from quartier.newsletter.models import NewsletterSubscriber


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if allow(
            request, scope="newsletter", limit=settings.NEWSLETTER_RATE_LIMIT, per_seconds=3600
        ):
            data = form.cleaned_data
            services.subscriber_subscribe(
                email=data["email"],
                language=data["language"],
                offices=data["offices"],
                fund_dates=data["fund_dates"],
                events=data["events"],
                booking_times=data["booking_times"],
                digest=data["digest"],
            )
            return redirect("newsletter:check_inbox")
        form.add_error(
            None,
            _(
                "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Anmeldungen. "
                "Bitte versuchen Sie es in einer Stunde noch einmal."
            ),
        )
        status = 429
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


@public_page
def check_inbox(request):
    return render(
        request, "newsletter/check_inbox.html", {"days": settings.NEWSLETTER_UNCONFIRMED_DAYS}
    )


def _invalid_link(request):
    return render(request, "newsletter/invalid_link.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    key = tokens.key_from_confirm_token(token)
    if key is None:
        return _invalid_link(request)
    if request.method == "POST":
        subscriber = services.subscriber_confirm(key=key)
        if subscriber is None:
            return _invalid_link(request)
        return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})
    subscriber = NewsletterSubscriber.objects.filter(key=key).first()
    if subscriber is None:
        return _invalid_link(request)
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058: mail programs POST here, with no cookie and no form of ours
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    key = tokens.key_from_unsubscribe_token(token)
    if key is None:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscriber_unsubscribe(key=key)
        # Also when it was gone already: the person is not subscribed, that is the answer.
        return render(request, "newsletter/unsubscribed.html")
    subscriber = NewsletterSubscriber.objects.filter(key=key).first()
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})
