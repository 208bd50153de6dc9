"""Tracking a dossier by its code and the last 4 digits of the applicant's phone or ID number.

Nothing about a dossier is shown before the digits match: a wrong code and wrong digits get the same
answer, and each address gets a limited number of attempts (settings.CQDT_TRACKING_RATE_LIMIT).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cqdt.portal import access
from cqdt.portal.forms import TrackingForm
from cqdt.portal.timeline import timeline_entries


def _answer(request: HttpRequest, form: TrackingForm, *, code: str = "") -> HttpResponse:
    context: dict[str, object] = {"form": form, "fixed_code": code}
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = access.access_tracked_dossier(
                ip_address=access.client_ip(request),
                code=form.cleaned_data["code"],
                digits=form.cleaned_data["digits"],
            )
        except access.TrackingRefusedError as refused:
            context["error"], status = refused.message, refused.status
        else:
            context["dossier"] = snapshot
            context["timeline"] = timeline_entries(snapshot.events)
    return render(request, "portal/tracking.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def tracking(request: HttpRequest) -> HttpResponse:
    form = TrackingForm(request.POST) if request.method == "POST" else TrackingForm()
    return _answer(request, form)


@never_cache
@require_http_methods(["GET", "POST"])
def tracking_code(request: HttpRequest, code: str) -> HttpResponse:
    """What the QR code on the receipt opens: the code is known, only the 4 digits are asked."""
    if request.method == "POST":
        form = TrackingForm({"code": code, "digits": request.POST.get("digits", "")})
    else:
        form = TrackingForm(initial={"code": code})
    return _answer(request, form, code=code)
