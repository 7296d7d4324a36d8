"""The fund's page and the start of an application."""

from django.shortcuts import redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie

from fund_applications import selectors, services, wizard
from fund_applications.forms.application import StartForm
from fund_applications.views.drafts import step_url
from fund_applications.views.rate_limits import start_limit, too_many
from quartier.core.page_cache import public_page
from quartier.core.rate_limit import allow


@public_page
def fund_detail(request):
    fund = selectors.fund_current()
    return render(request, "fund_applications/fund_detail.html", {"fund": fund})


@ensure_csrf_cookie
def application_start(request):
    fund = selectors.fund_current()
    form = StartForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not allow(request, **start_limit()):
            return too_many(request)
        if form.is_valid():
            draft = services.draft_create(fund=fund)
            return redirect(step_url(draft, wizard.STEPS[0]))
    return render(request, "fund_applications/start.html", {"fund": fund, "form": form})
