"""Admin: CA upload, PKCS#12 registration with a one-time passphrase, the read-only signing log."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cqdt.accounts.models import User
from cqdt.signing.models import Certificate, SignatureEvent, TrustAnchor
from cqdt.signing.tests.conftest import PASSPHRASE

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser(username="quantri", email="quantri@example.vn"))
    return client


def test_add_a_root_by_uploading_its_pem(admin_client, hierarchy):
    response = admin_client.post(
        reverse("admin:signing_trustanchor_add"),
        {"certificate_file": SimpleUploadedFile("root.pem", hierarchy.root.pem)},
    )
    assert response.status_code == 302
    anchor = TrustAnchor.objects.get()
    assert (anchor.common_name, anchor.is_root, anchor.added_by.username) == (
        "CA Chính phủ (thử nghiệm)",
        True,
        "quantri",
    )


def test_add_by_pasting_pem_and_errors_are_shown(admin_client, hierarchy):
    url = reverse("admin:signing_trustanchor_add")
    assert admin_client.post(url, {"certificate_pem": hierarchy.issuing.pem.decode()}).status_code == 302
    response = admin_client.post(url, {"certificate_pem": hierarchy.issuing.pem.decode()})
    assert response.status_code == 200
    assert "Chứng thư này đã có trong danh sách CA tin cậy." in response.content.decode()
    response = admin_client.post(url, {})
    assert "Cần chọn tệp chứng thư hoặc dán nội dung PEM." in response.content.decode()
    assert TrustAnchor.objects.count() == 1


def test_disable_action(admin_client, trusted):
    response = admin_client.post(
        reverse("admin:signing_trustanchor_changelist"),
        {"action": "disable", "_selected_action": [trusted[0].pk]},
    )
    assert response.status_code == 302
    assert list(TrustAnchor.objects.order_by("pk").values_list("enabled", flat=True)) == [False, True]


def test_register_a_pkcs12_file_with_a_one_time_passphrase(
    admin_client, trusted, leader, leader_keys, signature_png
):
    url = reverse("admin:signing_certificate_add")
    page = admin_client.get(url).content.decode()
    assert 'type="password"' in page
    pkcs12 = leader_keys.pkcs12(PASSPHRASE)
    response = admin_client.post(
        url,
        {
            "owner_user": leader.pk,
            "pkcs12_file": SimpleUploadedFile("giamdoc.p12", pkcs12),
            "passphrase": PASSPHRASE,
            "appearance_image": SimpleUploadedFile("chu-ky.png", signature_png),
        },
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.owner_user == leader
    assert bytes(certificate.pkcs12_data) == pkcs12
    assert certificate.registered_by.username == "quantri"
    change = admin_client.get(
        reverse("admin:signing_certificate_change", args=[certificate.pk])
    ).content.decode()
    assert PASSPHRASE not in change


def test_wrong_passphrase_keeps_nothing_and_does_not_echo_it(admin_client, trusted, leader, leader_keys):
    response = admin_client.post(
        reverse("admin:signing_certificate_add"),
        {
            "owner_user": leader.pk,
            "pkcs12_file": SimpleUploadedFile("giamdoc.p12", leader_keys.pkcs12(PASSPHRASE)),
            "passphrase": "mật khẩu sai",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu tệp PKCS#12 không đúng hoặc tệp bị hỏng." in html
    assert "mật khẩu sai" not in html
    assert not Certificate.objects.exists()


def test_an_owner_must_be_chosen(admin_client, trusted, leader_keys):
    response = admin_client.post(
        reverse("admin:signing_certificate_add"),
        {
            "pkcs12_file": SimpleUploadedFile("a.p12", leader_keys.pkcs12(PASSPHRASE)),
            "passphrase": PASSPHRASE,
        },
    )
    assert "Chọn đúng một chủ sở hữu: một cá nhân hoặc một cơ quan." in response.content.decode()


def test_signing_log_is_read_only(admin_client, signed_by_leader):
    event = SignatureEvent.objects.get()
    listing = admin_client.get(reverse("admin:signing_signatureevent_changelist"))
    assert event.document_sha256_after in listing.content.decode()
    page = admin_client.get(reverse("admin:signing_signatureevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:signing_signatureevent_add")).status_code == 403


def test_staff_without_permission_cannot_add_anchors(client, hierarchy):
    user = User.objects.create_user(username="canbo", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_trustanchor"))
    client.force_login(user)
    response = client.post(
        reverse("admin:signing_trustanchor_add"),
        {"certificate_file": SimpleUploadedFile("root.pem", hierarchy.root.pem)},
    )
    assert response.status_code == 403
    assert not TrustAnchor.objects.exists()
