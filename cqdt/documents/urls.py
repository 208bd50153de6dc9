"""The workspace of the documents app (QLVB-ĐH); the project includes it at /van-ban/."""

from django.urls import path
from django.views.generic import RedirectView

from cqdt.documents.views import incoming, outgoing, registers

app_name = "documents"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="documents:assignments", permanent=False), name="home"),
    path("viec-cua-toi/", incoming.my_assignments, name="assignments"),
    path("den/", incoming.incoming_list, name="incoming_list"),
    path("den/vao-so/", incoming.incoming_new, name="incoming_new"),
    path("den/<uuid:public_id>/", incoming.incoming_page, name="incoming"),
    path("den/<uuid:public_id>/thao-tac/<slug:action>/", incoming.incoming_action, name="incoming_action"),
    path("den/<uuid:public_id>/tep/<uuid:file_id>/", incoming.incoming_file, name="incoming_file"),
    path("den/<uuid:public_id>/phieu-giai-quyet/", incoming.incoming_slip, name="incoming_slip"),
    path("di/", outgoing.outgoing_list, name="outgoing_list"),
    path("di/soan-thao/", outgoing.outgoing_new, name="outgoing_new"),
    path("di/cho-duyet/", outgoing.approval_queue, name="approval_queue"),
    path("di/cho-phat-hanh/", outgoing.issue_queue, name="issue_queue"),
    path("di/<uuid:public_id>/", outgoing.outgoing_page, name="outgoing"),
    path("di/<uuid:public_id>/thao-tac/<slug:action>/", outgoing.outgoing_action, name="outgoing_action"),
    path("di/<uuid:public_id>/phien-ban/<int:number>/", outgoing.outgoing_version, name="outgoing_version"),
    path("so/", registers.registers, name="registers"),
    path("so/<uuid:public_id>/<int:year>.<str:extension>", registers.register_export, name="register_export"),
    path("thong-ke/", registers.statistics, name="statistics"),
]
