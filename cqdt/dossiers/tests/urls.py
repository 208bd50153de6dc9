"""URLconf for the workspace and API tests: the pages and the dossier API wherever the project mounts them.

Until the project's `cqdt/api.py` mounts the dossier router, the tests mount it on their own NinjaAPI
carrying the project API's exception handlers, so errors are the same problem+json.
"""

from django.urls import include, path
from ninja import NinjaAPI

from cqdt.api import api as project_api
from cqdt.dossiers.api import router

if any(registration[1] is router for registration in project_api._router_registrations):
    dossier_api = project_api
else:
    dossier_api = NinjaAPI(title="CQĐT (thử nghiệm)", urls_namespace="test-dossiers-api")
    for exception, handler in project_api._exception_handlers.items():
        dossier_api.add_exception_handler(exception, handler)
    dossier_api.add_router("/dossiers/", router)

urlpatterns = [
    path("", include("cqdt.dossiers.urls_auth")),
    path("mot-cua/", include("cqdt.dossiers.urls")),
    path("api/v1/", dossier_api.urls),
]
