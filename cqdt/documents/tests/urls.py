"""URLconf for the workspace and API tests: the pages at /van-ban/ and the API at /api/v1/documents/.

Until the project's `cqdt/api.py` mounts the documents router, the tests mount it on their own NinjaAPI
carrying the project API's exception handlers, so errors are the same problem+json.
"""

from django.urls import include, path
from ninja import NinjaAPI

from cqdt.api import api as project_api
from cqdt.documents.api import router

if any(registration[1] is router for registration in project_api._router_registrations):
    documents_api = project_api
else:
    documents_api = NinjaAPI(title="CQĐT (thử nghiệm văn bản)", urls_namespace="test-documents-api")
    for exception, handler in project_api._exception_handlers.items():
        documents_api.add_exception_handler(exception, handler)
    documents_api.add_router("/documents/", router)

URLS = "cqdt.documents.tests.urls"

urlpatterns = [
    path("", include("django.contrib.auth.urls")),
    path("van-ban/", include("cqdt.documents.urls")),
    path("api/v1/", documents_api.urls),
]
