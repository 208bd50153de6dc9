"""The citizen portal (Cổng dịch vụ công); the project includes it at the root: path("", include(...))."""

from django.urls import path

from cqdt.portal.oidc import VneidCallbackView, VneidLoginView
from cqdt.portal.views import accounts, mine, public, submission, tracking

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("thu-tuc/", public.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", public.procedure, name="procedure"),
    path("thu-tuc/<str:code>/mau/<uuid:component_id>/", public.blank_form, name="blank_form"),
    path("thong-ke/", public.statistics, name="statistics"),
    path("tra-cuu/", tracking.tracking, name="tracking"),
    path("tra-cuu/<str:code>", tracking.tracking_code, name="tracking_code"),
    path("tra-cuu/<str:code>/", tracking.tracking_code),
    path("dang-ky/", accounts.register, name="register"),
    path("dang-ky/xac-thuc/<str:uidb64>/<str:token>/", accounts.verify_email, name="verify_email"),
    path("tai-khoan/gui-lai-thu-xac-thuc/", accounts.resend_verification, name="resend_verification"),
    path("dang-nhap-cong-dan/", accounts.login_view, name="login"),
    path("dang-nhap-cong-dan/vneid/", VneidLoginView.as_view(), name="oidc_login"),
    path("dang-nhap-cong-dan/vneid/xac-thuc/", VneidCallbackView.as_view(), name="oidc_callback"),
    path("dang-nhap-cong-dan/vneid/that-bai/", accounts.oidc_failed, name="oidc_failed"),
    path("dang-xuat-cong-dan/", accounts.logout_view, name="logout"),
    path("tai-khoan/", accounts.profile, name="profile"),
    path("nop-ho-so/<str:code>/", submission.start, name="submit"),
    path("nop-ho-so/nhap/<uuid:draft_id>/", submission.draft_details, name="draft"),
    path("nop-ho-so/nhap/<uuid:draft_id>/giay-to/", submission.draft_files, name="draft_files"),
    path(
        "nop-ho-so/nhap/<uuid:draft_id>/giay-to/<uuid:file_id>/xoa/",
        submission.draft_file_remove,
        name="draft_file_remove",
    ),
    path("nop-ho-so/nhap/<uuid:draft_id>/kiem-tra/", submission.draft_review, name="draft_review"),
    path("nop-ho-so/nhap/<uuid:draft_id>/xoa/", submission.draft_delete, name="draft_delete"),
    path("ho-so-cua-toi/", mine.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", mine.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", mine.supplement, name="supplement"),
    path("ho-so-cua-toi/<str:code>/ket-qua/<uuid:file_id>/", mine.result_file, name="result_file"),
    path("ho-so-cua-toi/<str:code>/giay-tiep-nhan/", mine.receipt, name="receipt"),
    path("ho-so-cua-toi/<str:code>/danh-gia/", mine.rate, name="rate"),
]
