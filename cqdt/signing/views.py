"""Public page: upload a signed PDF, read the verification report in Vietnamese (works without JavaScript)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cqdt.signing.forms import VerifyForm
from cqdt.signing.services import pdf_verify


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    report = None
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = pdf_verify(form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
        if not form.is_valid():
            status = 400
    else:
        form = VerifyForm()
    return render(request, "signing/verify.html", {"form": form, "report": report}, status=status)
