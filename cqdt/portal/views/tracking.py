"""Tracking a dossier by its code and the last 4 digits of the applicant's phone or ID number.

Nothing about a dossier is shown before the digits match: a wrong code and wrong digits get the same
answer, and each address gets a limited number of attempts (settings.CQDT_TRACKING_RATE_LIMIT).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cqdt.portal import access, selectors
from cqdt.portal.forms import TrackingForm
from cqdt.portal.views._common import client_ip

NO_MATCH = (
    "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 chữ số đã nhập. Vui lòng kiểm tra lại mã trên giấy "
    "tiếp nhận và 4 chữ số cuối của số điện thoại hoặc số định danh cá nhân đã khai khi nộp hồ sơ."
)
TOO_MANY = "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."


def _answer(request: HttpRequest, form: TrackingForm, *, code: str = "") -> HttpResponse:
    context: dict[str, object] = {"form": form, "fixed_code": code}
    status = 200
    if request.method == "POST" and form.is_valid():
        if not access.tracking_attempt(client_ip(request)):
            context["error"] = TOO_MANY
            status = 429
        else:
            dossier = selectors.tracking_dossier(code=form.cleaned_data["code"])
            if access.tracking_allows(dossier, form.cleaned_data["digits"]) and dossier is not None:
                context["dossier"] = dossier
                context["timeline"] = selectors.timeline(dossier)
            else:
                context["error"] = NO_MATCH
                status = 404
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
