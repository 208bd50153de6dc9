from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from cqdt.api import api
from cqdt.core.health import healthz

admin.site.site_header = "Quản trị CQĐT"
admin.site.site_title = "CQĐT"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("", include("cqdt.dossiers.urls_auth")),
    path("mot-cua/", include("cqdt.dossiers.urls")),
    path("ky-so/", include("cqdt.signing.urls")),
    path("van-ban/", include("cqdt.documents.urls")),
    path("", include("django_prometheus.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cqdt.portal.urls")),
]
