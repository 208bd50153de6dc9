"""Registration with e-mail or phone, one-time e-mail verification, sign-in, profile."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from cqdt.accounts.models import UserKind
from cqdt.agencies.models import AdministrativeUnit
from cqdt.portal.models import CitizenProfile, SignUpMethod
from cqdt.portal.tests import support

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Ng0i-nha-xanh-2026"


def _register(client, **overrides):
    data = {
        "kind": "citizen",
        "identifier": "Lan.Nguyen@Example.vn",
        "full_name": "  Nguyễn   Thị Lan ",
        "identity_number": "",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("portal:register"), data)


def test_register_by_email_sends_a_one_time_verification_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client)
    assert response.status_code == 302
    user = User.objects.get()
    assert (user.username, user.email, user.full_name, user.kind) == (
        "lan.nguyen@example.vn",
        "lan.nguyen@example.vn",
        "Nguyễn Thị Lan",
        UserKind.CITIZEN,
    )
    assert user.citizen_profile.sign_up_method == SignUpMethod.EMAIL
    assert user.citizen_profile.email_verified_at is None
    (message,) = mail.outbox
    assert message.to == ["lan.nguyen@example.vn"]
    assert message.subject == "Xác thực địa chỉ thư điện tử — Cổng dịch vụ công"
    link = re.search(r"https://dichvucong\.example\.vn(/dang-ky/xac-thuc/\S+/)", message.body)[1]
    assert client.get(link).status_code == 200
    user.citizen_profile.refresh_from_db()
    assert user.citizen_profile.email_verified_at is not None
    assert client.get(link).status_code == 400  # one time only
    assert client.get("/dang-ky/xac-thuc/MQ/sai-ma/").status_code == 400


def test_register_by_phone_needs_no_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, identifier="+84 912 345 678")
    assert response.status_code == 302
    user = User.objects.get()
    assert (user.username, user.phone, user.email) == ("0912345678", "0912345678", "")
    assert mail.outbox == []


def test_password_rules_and_duplicates(client):
    weak = _register(client, password="1234567890", password_again="1234567890")
    assert weak.status_code == 200
    assert weak.context["form"].errors["password"] == [
        "Mật khẩu này quá phổ biến.",
        "Mật khẩu này hoàn toàn là số.",
    ]
    support.citizen("cu", email="lan.nguyen@example.vn")
    taken = _register(client)
    assert taken.context["form"].errors["identifier"] == [
        "Thư điện tử hoặc số điện thoại này đã được dùng để đăng ký tài khoản."
    ]
    bad = _register(client, identifier="12345")
    assert bad.context["form"].errors["identifier"] == [
        "Nhập địa chỉ thư điện tử hoặc số điện thoại di động (10 hoặc 11 chữ số, bắt đầu bằng 0)."
    ]
    assert User.objects.count() == 1


def test_organisation_needs_its_name(client):
    response = _register(client, kind="organisation")
    assert response.context["form"].errors["organisation_name"] == ["Cần nhập tên tổ chức, doanh nghiệp."]
    ok = _register(
        client, kind="organisation", organisation_name="Công ty TNHH Hoa Mai", tax_code="4900123456"
    )
    assert ok.status_code == 302
    profile = CitizenProfile.objects.get()
    assert (profile.user.kind, profile.organisation_name, profile.tax_code) == (
        UserKind.ORGANISATION,
        "Công ty TNHH Hoa Mai",
        "4900123456",
    )


@pytest.mark.parametrize("identifier", ["lan.nguyen@example.vn", "LAN.NGUYEN@example.vn"])
def test_sign_in_by_email(client, identifier):
    _register(client)
    client.logout()
    response = client.post(reverse("portal:login"), {"identifier": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_dossiers")


def test_sign_in_by_phone_and_next(client):
    _register(client, identifier="0912345678")
    client.logout()
    response = client.post(
        reverse("portal:login") + "?next=/thu-tuc/",
        {"identifier": "0912 345 678", "password": PASSWORD, "next": "/thu-tuc/"},
    )
    assert response["Location"] == "/thu-tuc/"
    evil = client.post(
        reverse("portal:login"),
        {"identifier": "0912345678", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert evil["Location"] == reverse("portal:my_dossiers")


def test_wrong_password_and_staff_accounts(client, world):
    _register(client)
    client.logout()
    wrong = client.post(
        reverse("portal:login"), {"identifier": "lan.nguyen@example.vn", "password": "sai-mat-khau"}
    )
    assert wrong.status_code == 400
    assert "Thư điện tử/số điện thoại hoặc mật khẩu không đúng." in wrong.content.decode()
    staff = client.post(reverse("portal:login"), {"identifier": "motcua", "password": "Matkhau@2026"})
    assert staff.status_code == 400
    assert "_auth_user_id" not in client.session


def test_profile_prefills_submissions(client, world):
    unit = AdministrativeUnit.objects.create(statistical_code="99001", name="Phường Tam Thanh", kind="ward")
    province = AdministrativeUnit.objects.create(statistical_code="20", name="Tỉnh Lạng Sơn", kind="province")
    unit.parent = province
    unit.save(update_fields=["parent"])
    user = support.citizen()
    client.force_login(user)
    response = client.post(
        reverse("portal:profile"),
        {
            "full_name": "Trần Thị Dân",
            "phone": "0987 654 321",
            "identity_number": "020090001234",
            "birth_date": "1990-04-12",
            "address_unit": unit.pk,
            "address": "Số 5 ngõ 2",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == "0987654321"
    assert (user.citizen_profile.address_unit, str(user.citizen_profile.birth_date)) == (unit, "1990-04-12")
    support.open_world_online(world)
    from cqdt.portal.services import draft_create

    draft = draft_create(user=user, case=world.case)
    assert draft.applicant["phone"] == "0987654321"
    assert draft.applicant["address_unit"] == unit.pk
    assert draft.applicant["birth_date"] == "1990-04-12"
