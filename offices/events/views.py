"""The resident's side: the sign-up form of an event, and the private page of an Anmeldung
(change the number of persons, cancel, leave the waiting list: each a POST). No account, no
JavaScript; pages with personal data are private and unindexed."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from offices.events import selectors, services
from offices.events.emails import event_ics
from offices.events.forms import PersonsForm, SignupForm
from quartier.core import clock, rate_limit
from quartier.core.page_cache import public_page
from quartier.core.private_links import private_page


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request, slug):
    """The sign-up form: places as they are now, and the POST decides on the real count."""
    setup = selectors.setup_for_signup(slug=slug)
    now = clock.now()
    places = selectors.places_of(setup)
    form = SignupForm(
        request.POST if request.method == "POST" else None,
        setup=setup,
        retention_days=services.signup_retention_days(),
        full=places.full,
    )
    status, problem, free_now = 200, "", None
    if request.method == "POST":
        if not setup.is_open(now):
            status, problem = 409, "closed"
        elif form.is_valid():
            if rate_limit.allow(
                request,
                scope="event-signup",
                limit=settings.EVENT_SIGNUP_RATE_LIMIT,
                per_seconds=60 * 60,
            ):
                data = form.cleaned_data
                try:
                    created = services.signup_create(
                        setup=setup,
                        name=data["name"],
                        email=data["email"],
                        persons=data["persons"],
                        children=data.get("children"),
                        wheelchair=data.get("wheelchair", False),
                        interpreter=data.get("interpreter", ""),
                        note=data.get("note", ""),
                        language=request.LANGUAGE_CODE,
                        waiting_list_ok=data["waiting_list"],
                        submission_key=data["submission"],
                        now=now,
                    )
                except services.SignupClosed:
                    status, problem = 409, "closed"
                except services.EventFull as full:
                    status, problem, free_now = 409, "full", full.free
                except services.TooManyPersons:
                    form.add_error(
                        "persons", form.fields["persons"].error_messages["invalid_choice"]
                    )
                except services.AlreadySignedUp:
                    form.add_error("email", _already_signed_up_message())
                else:
                    return redirect(created.get_absolute_url() + "?angemeldet=1")
            else:
                status = 429
        if problem:
            places = selectors.places_of(selectors.setup_for_signup(slug=slug))
    return render(
        request,
        "events/signup.html",
        {
            "setup": setup,
            "announcement": setup.announcement,
            "places": places,
            "form": form,
            "is_open": setup.is_open(now),
            "not_yet_open": setup.not_yet_open(now),
            "problem": problem,
            "free_now": free_now,
            "rate_limited": status == 429,
        },
        status=status,
    )


def _already_signed_up_message() -> str:
    return gettext(
        "Mit dieser E-Mail-Adresse ist schon jemand angemeldet. Den Link zum Ändern oder "
        "Absagen finden Sie in der E-Mail, die wir Ihnen geschickt haben."
    )


def _manage_context(request, signup, now) -> dict:
    setup = signup.setup
    started = now >= setup.announcement.event_start
    return {
        "signup": signup,
        "setup": setup,
        "announcement": setup.announcement,
        "places": selectors.places_of(setup),
        "changeable": not signup.is_cancelled and not started,
        "retention_days": services.signup_retention_days(),
        "private_url": request.build_absolute_uri(signup.get_absolute_url()),
    }


@private_page
@require_safe
def manage(request, token):
    """The private page of an Anmeldung: what is booked, the calendar file, a form to change
    the number of persons and a link to the page that cancels."""
    signup = selectors.signup_by_token(token=token)
    context = _manage_context(request, signup, clock.now())
    context["persons_form"] = PersonsForm(
        initial={"persons": signup.persons}, max_persons=signup.setup.max_persons
    )
    context["just"] = next(
        (word for word in ("angemeldet", "geaendert", "abgesagt") if word in request.GET), ""
    )
    return render(request, "events/manage.html", context)


@private_page
@require_POST
def change_persons(request, token):
    signup = selectors.signup_by_token(token=token)
    now = clock.now()
    form = PersonsForm(request.POST, max_persons=signup.setup.max_persons)
    status, problem = 400, ""
    if form.is_valid():
        try:
            services.signup_change_persons(
                signup=signup, persons=form.cleaned_data["persons"], now=now
            )
        except services.NotEnoughPlaces as short:
            form.add_error("persons", _not_enough_message(short.free))
            status = 409
        except services.SignupNotChangeable:
            status, problem = 409, "not_changeable"
        else:
            return redirect(signup.get_absolute_url() + "?geaendert=1")
    context = _manage_context(request, signup, now)
    context.update(persons_form=form, problem=problem, just="")
    return render(request, "events/manage.html", context, status=status)


def _not_enough_message(free: int) -> str:
    return ngettext(
        "Dafür sind nicht genug Plätze frei: Es ist nur noch %(count)d Platz frei.",
        "Dafür sind nicht genug Plätze frei: Es sind nur noch %(count)d Plätze frei.",
        free,
    ) % {"count": free}


@private_page
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """GET asks, POST cancels (or leaves the waiting list)."""
    signup = selectors.signup_by_token(token=token)
    now = clock.now()
    status = 200
    if request.method == "POST":
        if signup.is_cancelled:
            return redirect(signup.get_absolute_url() + "?abgesagt=1")  # a second click
        try:
            services.signup_cancel(signup=signup, now=now)
        except services.SignupNotChangeable:
            status = 409
        else:
            return redirect(signup.get_absolute_url() + "?abgesagt=1")
    return render(
        request, "events/cancel.html", _manage_context(request, signup, now), status=status
    )


@private_page
@require_safe
def calendar(request, token):
    signup = selectors.signup_by_token(token=token)
    if not signup.is_signed_up:
        raise Http404
    response = HttpResponse(
        event_ics(signup.setup.announcement), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="veranstaltung.ics"'
    return response


@public_page
@require_safe
def how_it_works(request):
    """How signing up works, in Leichte Sprache."""
    return render(request, "events/how_it_works.html")
