"""URLconf for the portal tests and the end-to-end journey: the portal at the root, the staff workspace at
/mot-cua/ and the staff sign-in, as the project mounts them."""

from django.urls import include, path

urlpatterns = [
    path("", include("cqdt.dossiers.urls_auth")),
    path("mot-cua/", include("cqdt.dossiers.urls")),
    path("", include("cqdt.portal.urls")),
]
