"""The product's URLs plus `/bench/bare/`: a view that touches nothing, behind the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cqdt.urls import urlpatterns as product_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]
