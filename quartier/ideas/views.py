"""The public pages of Anregungen und Ideen. No GET changes anything: the links in mails open a
page with a button, and only its POST confirms a support or starts an application."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from quartier.core import clock
from quartier.core.kept_uploads import (
    files_with_kept,
    kept_for_page,
    say_when_kept_file_is_lost,
)
from quartier.core.page_cache import public_page
from quartier.core.private_links import private_page
from quartier.core.rate_limit import allow
from quartier.ideas import selectors, tokens
from quartier.ideas.enums import IdeaStatus
from quartier.ideas.forms import IdeaForm, SupportForm
from quartier.ideas.services import invitations, submission, supports

IDEAS_PER_PAGE = 20


@public_page
def idea_list(request):
    topics = selectors.topic_list()
    topic = None
    if topic_slug := request.GET.get("thema"):
        topic = next((t for t in topics if t.slug == topic_slug), None)
        if topic is None:
            raise Http404
    status = request.GET.get("stand") or None
    if status is not None and status not in IdeaStatus.values:
        raise Http404
    promise = selectors.answer_promise(today=clock.today())
    paginator = Paginator(selectors.idea_list(status=status, topic=topic), IDEAS_PER_PAGE)
    if status is None and topic is None:
        paginator.count = promise.published  # read with the promise: no second count
    page = paginator.get_page(request.GET.get("seite"))
    return render(
        request,
        "ideas/idea_list.html",
        {
            "page": page,
            "topics": topics,
            "topic": topic,
            "status": status,
            "statuses": IdeaStatus.choices,
            "promise": promise,
            "answer_days": settings.IDEA_ANSWER_DAYS,
        },
    )


@public_page
def idea_detail(request, pk: int):
    idea = selectors.idea_get(pk=pk)
    return render(request, "ideas/idea_detail.html", {"idea": idea})


@require_http_methods(["GET", "POST"])
def idea_new(request):
    if request.method != "POST":
        return render(request, "ideas/idea_form.html", {"form": IdeaForm()})
    files = files_with_kept(request, field="picture")
    form = IdeaForm(request.POST, files)
    say_when_kept_file_is_lost(request, files, form, field="picture")
    status = 200
    if form.is_valid():
        if allow(request, scope="ideas", limit=settings.IDEA_RATE_LIMIT, per_seconds=3600):
            data = form.cleaned_data
            try:
                idea = submission.idea_submit(
                    title=data["title"],
                    text=data["text"],
                    topic=data["topic"],
                    place=data["place"],
                    language=data["language"],
                    may_publish=data["publish"] == "ja",
                    email=data["email"],
                    picture_upload=data["picture"] or None,
                    picture_alt=data["picture_alt"],
                )
            except submission.TooManyIdeas:
                form.add_error(
                    None,
                    _(
                        "Von dieser E-Mail-Adresse kamen heute schon mehrere Ideen. Bitte "
                        "schicken Sie die nächste morgen, oder kommen Sie ins Büro."
                    ),
                )
                status = 429
            else:
                return redirect(reverse("ideas:mine", kwargs={"token": idea.token}) + "?neu=1")
        else:
            form.add_error(
                None,
                _(
                    "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Ideen. Bitte versuchen "
                    "Sie es in einer Stunde noch einmal."
                ),
            )
            status = 429
    kept = kept_for_page(files, form, field="picture")
    return render(request, "ideas/idea_form.html", {"form": form, "kept_file": kept}, status=status)


@private_page
def idea_mine(request, token: str):
    idea = selectors.idea_by_token(token=token)
    return render(
        request,
        "ideas/idea_mine.html",
        {
            "idea": idea,
            "just_sent": request.GET.get("neu") == "1",
            "private_url": request.build_absolute_uri(idea.get_private_url()),
        },
    )


@private_page
@require_http_methods(["GET", "POST"])
def fund_start(request, token: str):
    idea = selectors.idea_by_token(token=token)
    if idea.fund_invited_at is None:
        raise Http404
    if request.method == "POST":
        try:
            draft = invitations.idea_fund_draft(idea=idea)
        except invitations.NoFundOpen:
            return render(
                request, "ideas/fund_start.html", {"idea": idea, "no_fund": True}, status=409
            )
        # The fund's own page takes over: it knows whether the draft was sent already.
        return redirect("fund_applications:resume", token=draft.token)
    return render(request, "ideas/fund_start.html", {"idea": idea})


@require_http_methods(["GET", "POST"])
def support(request, pk: int):
    idea = selectors.idea_get(pk=pk)
    if idea.is_closed:
        return render(request, "ideas/support_closed.html", {"idea": idea})
    form = SupportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if allow(
            request, scope="idea-support", limit=settings.IDEA_SUPPORT_RATE_LIMIT, per_seconds=3600
        ):
            supports.support_request(
                idea=idea, email=form.cleaned_data["email"], language=get_language()
            )
            return redirect("ideas:support_sent", pk=idea.pk)
        form.add_error(
            None,
            _(
                "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Unterstützungen. Bitte "
                "versuchen Sie es in einer Stunde noch einmal."
            ),
        )
        status = 429
    return render(request, "ideas/support_form.html", {"idea": idea, "form": form}, status=status)


@public_page
def support_sent(request, pk: int):
    idea = selectors.idea_get(pk=pk)
    return render(
        request,
        "ideas/support_sent.html",
        {"idea": idea, "days": settings.RETENTION_DAYS["ideas_unconfirmed_supports"]},
    )


def _invalid_link(request):
    return render(request, "ideas/invalid_link.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def support_confirm(request, token: str):
    key = tokens.key_from_support_token(token)
    if key is None:
        return _invalid_link(request)
    if request.method == "POST":
        confirmation = supports.support_confirm(key=key)
        if confirmation is None:
            return _invalid_link(request)
        return render(
            request,
            "ideas/support_confirmed.html",
            {"idea": confirmation.idea, "counted_now": confirmation.counted_now},
        )
    found = selectors.support_by_key(key=key)
    if found is None:
        return _invalid_link(request)
    return render(request, "ideas/support_confirm.html", {"support": found, "idea": found.idea})


@public_page
def how_to(request):
    return render(request, "ideas/how_to.html", {"answer_days": settings.IDEA_ANSWER_DAYS})
