"""The staff workspace of the one-stop back office; the project includes it at /mot-cua/."""

from django.urls import path

from cqdt.dossiers.views import documents, dossier, inbox, reception, statistics

app_name = "dossiers"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("tiep-nhan/", reception.reception, name="reception"),
    path("thong-ke/", statistics.statistics_page, name="statistics"),
    path("thong-ke/xuat-excel/", statistics.statistics_export, name="statistics_export"),
    path("ho-so/<str:code>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<slug:action>/", dossier.dossier_action, name="action"),
    path("ho-so/<str:code>/tep/<uuid:file_id>/", documents.download, name="file"),
    path("ho-so/<str:code>/in/mau-01/", documents.receipt, name="slip_receipt"),
    path("ho-so/<str:code>/in/mau-02/<int:pause_id>/", documents.supplement_request, name="slip_supplement"),
    path("ho-so/<str:code>/in/mau-03/", documents.refusal, name="slip_refusal"),
    path("ho-so/<str:code>/in/mau-04/<uuid:apology_id>/", documents.apology, name="slip_apology"),
    path("ho-so/<str:code>/in/mau-05/", documents.process_control, name="slip_process_control"),
]
