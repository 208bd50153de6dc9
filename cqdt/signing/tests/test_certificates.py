"""Registering signing certificates from PKCS#12 files: the passphrase opens the file and is never kept."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cqdt.core.models import AuditRecord
from cqdt.signing import testca
from cqdt.signing.models import Certificate, KeySource
from cqdt.signing.services import certificate_deactivate, certificate_register_pkcs12
from cqdt.signing.tests.conftest import AGENCY_LEGAL_NAME, LEADER_NAME, PASSPHRASE

pytestmark = pytest.mark.django_db


def register(owner, keys, **kwargs):
    owner_kwargs = {"owner_agency": owner} if hasattr(owner, "identifier_code") else {"owner_user": owner}
    return certificate_register_pkcs12(
        actor=None, pkcs12=keys.pkcs12(PASSPHRASE), passphrase=PASSPHRASE, **owner_kwargs, **kwargs
    )


def test_person_certificate_is_registered_from_its_pkcs12(trusted, leader, leader_keys, signature_png):
    pkcs12 = leader_keys.pkcs12(PASSPHRASE)
    certificate = certificate_register_pkcs12(
        actor=None, owner_user=leader, pkcs12=pkcs12, passphrase=PASSPHRASE, appearance_png=signature_png
    )
    certificate.refresh_from_db()
    assert (certificate.common_name, certificate.organisation) == (LEADER_NAME, AGENCY_LEGAL_NAME)
    assert certificate.serial_number == format(leader_keys.certificate.serial_number, "X")
    assert certificate.fingerprint_sha256 == hashlib.sha256(leader_keys.der).hexdigest()
    assert certificate.key_source == KeySource.PKCS12
    assert bytes(certificate.pkcs12_data) == pkcs12  # stored exactly as uploaded, still encrypted
    assert certificate.chain_trusted
    assert certificate.chain_problem == ""
    assert certificate.appearance_sha256 == hashlib.sha256(signature_png).hexdigest()
    with certificate.appearance_image.open("rb") as stored:
        assert stored.read() == signature_png
    assert certificate.chain_pem.count("BEGIN CERTIFICATE") == 2  # issuing CA and root, from the file


def test_the_passphrase_is_stored_nowhere(trusted, leader, leader_keys):
    certificate = register(leader, leader_keys)
    row = Certificate.objects.filter(pk=certificate.pk).values().get()
    encoded = PASSPHRASE.encode()
    for value in row.values():
        if isinstance(value, bytes | memoryview):
            assert encoded not in bytes(value)
        else:
            assert PASSPHRASE not in str(value)
    audit = AuditRecord.objects.get(action="signing.certificate_register")
    assert PASSPHRASE not in f"{audit.before}{audit.after}{audit.reason}"


def test_wrong_passphrase_is_refused(trusted, leader, leader_keys):
    with pytest.raises(ValidationError) as error:
        certificate_register_pkcs12(
            actor=None, owner_user=leader, pkcs12=leader_keys.pkcs12(PASSPHRASE), passphrase="sai mật khẩu"
        )
    assert error.value.messages == ["Mật khẩu tệp PKCS#12 không đúng hoặc tệp bị hỏng."]
    assert not Certificate.objects.exists()


def test_untrusted_chain_is_refused_unless_allowed(trusted, leader):
    stranger = testca.make_hierarchy(root_name="CA lạ (thử nghiệm)")
    keys = stranger.issue_person(full_name=LEADER_NAME, title="", organisation="Sở Tư pháp")
    with pytest.raises(ValidationError) as error:
        register(leader, keys)
    assert error.value.messages == [
        "Chứng thư số không được chấp nhận: Không xây dựng được chuỗi chứng thư đến một CA gốc tin cậy."
    ]
    certificate = register(leader, keys, require_trusted_chain=False)
    assert not certificate.chain_trusted
    assert certificate.chain_problem == "Không xây dựng được chuỗi chứng thư đến một CA gốc tin cậy."
    audit = AuditRecord.objects.get(action="signing.certificate_register")
    assert audit.reason == certificate.chain_problem


def test_the_default_comes_from_the_setting(trusted, leader, settings):
    settings.CQDT_SIGNING_REQUIRE_TRUSTED_CHAIN = False
    keys = testca.make_hierarchy().issue_person(full_name=LEADER_NAME, title="", organisation="Sở Tư pháp")
    assert not register(leader, keys).chain_trusted


def test_expired_certificate_is_refused(trusted, leader, hierarchy):
    now = datetime.now(UTC)
    keys = hierarchy.issue_person(
        full_name=LEADER_NAME,
        title="",
        organisation="Sở Tư pháp",
        not_before=now - timedelta(days=20),
        not_after=now - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        register(leader, keys)
    assert error.value.messages[0].startswith("Chứng thư số đã hết hạn ngày ")


def test_exactly_one_owner(trusted, leader, justice, leader_keys):
    with pytest.raises(ValidationError) as error:
        certificate_register_pkcs12(
            actor=None,
            owner_user=leader,
            owner_agency=justice,
            pkcs12=leader_keys.pkcs12(PASSPHRASE),
            passphrase=PASSPHRASE,
        )
    assert error.value.messages == ["Chứng thư số phải thuộc về đúng một cá nhân hoặc một cơ quan."]
    with pytest.raises(ValidationError):
        certificate_register_pkcs12(actor=None, pkcs12=leader_keys.pkcs12(PASSPHRASE), passphrase=PASSPHRASE)


def test_the_database_enforces_one_owner(leader_certificate, justice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=leader_certificate.pk).update(owner_agency=justice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=leader_certificate.pk).update(owner_user=None)


def test_the_database_requires_the_key_location(leader_certificate):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=leader_certificate.pk).update(key_source=KeySource.PKCS11)


def test_a_certificate_is_registered_once(leader_certificate, leader, leader_keys):
    with pytest.raises(ValidationError) as error:
        register(leader, leader_keys)
    assert error.value.messages == ["Chứng thư số này đã được đăng ký."]


def test_a_ca_certificate_cannot_sign(trusted, leader, hierarchy):
    keys = testca.IssuedCertificate(
        hierarchy.issuing.certificate, hierarchy.issuing.private_key, (hierarchy.root.certificate,)
    )
    with pytest.raises(ValidationError) as error:
        register(leader, keys)
    assert error.value.messages == ["Đây là chứng thư của CA, không dùng để ký tài liệu."]


def png_header(side: int) -> bytes:
    """A PNG signature and IHDR chunk for a square image, with no pixel data after it."""
    size = side.to_bytes(4, "big")
    return (
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + size + size + b"\x08\x06\x00\x00\x00" + b"\x00" * 8
    )


@pytest.mark.parametrize(
    ("png", "message"),
    [
        (b"GIF89a not a png", "Ảnh chữ ký/con dấu phải là tệp PNG."),
        (png_header(20000), "Ảnh chữ ký/con dấu phải có kích thước từ 1 đến 4000 điểm ảnh."),
        (png_header(16), "Không vẽ được hình chữ ký: ảnh PNG bị hỏng hoặc không hỗ trợ."),
    ],
)
def test_a_broken_appearance_image_is_refused(trusted, leader, leader_keys, png, message):
    with pytest.raises(ValidationError) as error:
        register(leader, leader_keys, appearance_png=png)
    assert error.value.messages == [message]
    assert not Certificate.objects.exists()


def test_deactivated_certificate_no_longer_signs(leader_certificate, leader, document_pdf):
    from cqdt.signing.tests.conftest import sign_as_leader

    certificate_deactivate(actor=None, certificate=leader_certificate, reason="Mất thiết bị")
    leader_certificate.refresh_from_db()
    assert not leader_certificate.is_active
    with pytest.raises(ValidationError) as error:
        sign_as_leader(document_pdf, leader, leader_certificate)
    assert error.value.messages == ["Chứng thư số này đã ngừng sử dụng."]
