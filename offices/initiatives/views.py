"""Public pages of the groups directory and the contact's private pages."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from offices.initiatives import selectors, services
from offices.initiatives.forms import GroupEntryForm, GroupProposalForm, JoinForm
from offices.initiatives.models import ENTRY_FIELDS
from quartier.core import rate_limit
from quartier.core.kept_uploads import (
    files_with_kept,
    kept_for_page,
    say_when_kept_file_is_lost,
)
from quartier.core.page_cache import public_page
from quartier.core.private_links import private_page

GROUPS_PER_PAGE = 20
HOUR = 60 * 60


def _limit_text(limit: int) -> str:
    return ngettext(
        "Mit dieser E-Mail-Adresse ist heute schon %(count)d Nachricht eingegangen. "
        "Bitte versuchen Sie es morgen wieder.",
        "Mit dieser E-Mail-Adresse sind heute schon %(count)d Nachrichten eingegangen. "
        "Bitte versuchen Sie es morgen wieder.",
        limit,
    ) % {"count": limit}


@require_safe
@public_page
def group_list(request):
    paginator = Paginator(selectors.group_list(), GROUPS_PER_PAGE)
    page = paginator.get_page(request.GET.get("seite"))
    return render(request, "initiatives/group_list.html", {"page": page})


@never_cache
@require_http_methods(["GET", "POST"])
def group_detail(request, slug):
    """A group's page with its coming events and the "Mitmachen" form."""
    group = selectors.group_get(slug=slug)
    form = JoinForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limit.allow(
            request,
            scope="initiatives-join",
            limit=settings.GROUP_JOIN_RATE_LIMIT,
            per_seconds=HOUR,
        ):
            data = form.cleaned_data
            try:
                services.join_request_create(
                    group=group, name=data["name"], email=data["email"], message=data["message"]
                )
            except services.LimitReached as limit:
                form.add_error(None, _limit_text(limit.limit))
            else:
                return redirect("initiatives:join_thanks", slug=group.slug)
        else:
            status = 429
    context = {
        "group": group,
        "events": selectors.group_coming_events(group=group),
        "form": form,
        "rate_limited": status == 429,
    }
    return render(request, "initiatives/group_detail.html", context, status=status)


@require_safe
@public_page
def join_thanks(request, slug):
    group = selectors.group_get(slug=slug)
    return render(request, "initiatives/join_thanks.html", {"group": group})


@never_cache
@require_http_methods(["GET", "POST"])
def propose(request):
    """A group proposes its entry; nothing is public before staff looked at it."""
    files = files_with_kept(request, field="picture") if request.method == "POST" else None
    form = GroupProposalForm(request.POST if request.method == "POST" else None, files)
    if files is not None:
        say_when_kept_file_is_lost(request, files, form, field="picture")
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limit.allow(
            request,
            scope="initiatives-propose",
            limit=settings.GROUP_PROPOSAL_RATE_LIMIT,
            per_seconds=HOUR,
        ):
            try:
                services.group_propose(
                    entry=_entry(form),
                    picture_upload=form.new_picture(),
                    picture_alt=form.cleaned_data["picture_alt"],
                )
            except services.LimitReached as limit:
                form.add_error(
                    None,
                    ngettext(
                        "Mit dieser E-Mail-Adresse ist heute schon %(count)d Eintrag "
                        "eingegangen. Wir sehen ihn uns an und melden uns.",
                        "Mit dieser E-Mail-Adresse sind heute schon %(count)d Einträge "
                        "eingegangen. Wir sehen sie uns an und melden uns.",
                        limit.limit,
                    )
                    % {"count": limit.limit},
                )
            else:
                return redirect("initiatives:propose_thanks")
        else:
            status = 429
    context = {"form": form, "rate_limited": status == 429}
    if files is not None:
        context["kept_file"] = kept_for_page(files, form, field="picture")
    return render(request, "initiatives/propose.html", context, status=status)


@require_safe
@public_page
def propose_thanks(request):
    return render(request, "initiatives/propose_thanks.html")


def _entry(form) -> dict[str, str]:
    fields = (*ENTRY_FIELDS, "contact_name", "contact_email")
    return {name: form.cleaned_data[name] for name in fields}


# ---------------------------------------------------------------- the contact's private link


@private_page
@require_safe
def manage(request, token):
    group = selectors.group_by_token(token=token)
    return render(request, "initiatives/manage.html", {"group": group, "token": token})


@private_page
@require_http_methods(["GET", "POST"])
def change(request, token):
    """The contact proposes changes; the public entry stays as it is until staff agree."""
    group = selectors.group_by_token(token=token)
    if group.is_hidden:
        return render(request, "initiatives/manage.html", {"group": group, "token": token})
    current = group.waiting_change or group
    initial = {name: getattr(current, name) for name in GroupEntryForm.Meta.fields}
    form = GroupEntryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.group_change_propose(group=group, entry=_entry(form))
        return redirect("initiatives:manage", token=token)
    return render(
        request, "initiatives/change.html", {"group": group, "form": form, "token": token}
    )


@private_page
@require_http_methods(["GET", "POST"])
def remove(request, token):
    """The link opens a question; only the button (POST) takes the entry off the website."""
    group = selectors.group_by_token(token=token)
    if request.method == "POST":
        group = services.group_remove_by_contact(group=group)
        return render(request, "initiatives/removed.html", {"group": group})
    return render(request, "initiatives/remove.html", {"group": group, "token": token})
