"""The resident's side of the lending: what can be borrowed, when it is free, asking without
an account, the private page of a request (status, cancel by POST), how it works in Leichte
Sprache, and the staff's free/busy calendar."""

from datetime import date

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from consultations.lending import selectors
from consultations.lending.calendar_feed import free_busy_ics
from consultations.lending.forms import LoanRequestForm
from consultations.lending.services import requests as request_services
from consultations.lending.services.erasure import lending_retention_days
from quartier.core import clock, rate_limit
from quartier.core.page_cache import public_page
from quartier.core.private_links import private_page


@public_page
@require_safe
def items(request):
    return render(request, "lending/items.html", {"items": list(selectors.items_list())})


@public_page
@require_safe
def item(request, slug):
    """The item, its rules, and a table of its free and busy days in the coming weeks."""
    lending_item = selectors.item_get(slug=slug)
    availability = selectors.item_availability(item=lending_item)
    return render(
        request, "lending/item.html", {"item": lending_item, "availability": availability}
    )


def _initial_day(request) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("tag", ""))
    except ValueError:
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request, slug):
    """Ask for the room, book the bike: one form; nothing is stored until all of it fits."""
    lending_item = selectors.item_get(slug=slug)
    retention = lending_retention_days()
    initial = {}
    if day := _initial_day(request):
        initial = {"first_day": day, "day": day}
    form = LoanRequestForm(
        request.POST if request.method == "POST" else None,
        item=lending_item,
        retention_days=retention,
        initial=initial,
    )
    status, taken, limited = 200, False, False
    if request.method == "POST" and form.is_valid():
        if not rate_limit.allow(
            request, scope="lending", limit=settings.LENDING_RATE_LIMIT, per_seconds=3600
        ):
            status = 429
        else:
            data = form.cleaned_data
            try:
                loan = request_services.loan_request(
                    item=lending_item,
                    purpose=data["purpose"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    group_name=data.get("group_name", ""),
                    people=data.get("people") or 1,
                    first_day=data.get("first_day"),
                    days=data.get("days") or 1,
                    day=data.get("day"),
                    start=data.get("start"),
                    end=data.get("end"),
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            except request_services.ItemTaken:
                taken, status = True, 409
            except request_services.LimitReached:
                limited, status = True, 409
            else:
                return redirect(loan.get_absolute_url() + "?neu=1")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "lending/ask.html",
        {
            "item": lending_item,
            "form": form,
            "taken": taken,
            "limited": limited,
            "rate_limited": status == 429,
            "open_per_person": request_services.OPEN_PER_PERSON,
        },
        status=status,
    )


def _loan_context(request, loan) -> dict:
    now = clock.now()
    return {
        "loan": loan,
        "item": loan.item,
        "office": loan.office,
        "cancellable": loan.can_be_cancelled and loan.pickup_until > now,
        "retention_days": lending_retention_days(),
        "private_url": request.build_absolute_uri(loan.get_absolute_url()),
    }


@private_page
@require_safe
def manage(request, token):
    loan = selectors.loan_by_token(token=token)
    context = _loan_context(request, loan)
    context.update(just_sent="neu" in request.GET, just_cancelled="abgesagt" in request.GET)
    return render(request, "lending/manage.html", context)


@private_page
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """GET asks, POST cancels."""
    loan = selectors.loan_by_token(token=token)
    status = 200
    if request.method == "POST":
        try:
            request_services.loan_cancel(loan=loan)
        except request_services.LoanNotChangeable:
            if loan.is_cancelled:
                return redirect(loan.get_absolute_url() + "?abgesagt=1")  # a second click
            status = 409
        else:
            return redirect(loan.get_absolute_url() + "?abgesagt=1")
    return render(request, "lending/cancel.html", _loan_context(request, loan), status=status)


@public_page
@require_safe
def easy_read(request):
    return render(request, "lending/easy_read.html", {"items": list(selectors.items_list())})


@staff_member_required
@require_safe
def calendar(request, slug):
    """Free/busy of one item as an .ics for staff calendars (logged-in staff only)."""
    if not request.user.has_perm("lending.view_loan"):
        raise PermissionDenied
    lending_item = selectors.item_get(slug=slug)
    response = HttpResponse(free_busy_ics(lending_item), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{lending_item.slug}.ics"'
    return response
