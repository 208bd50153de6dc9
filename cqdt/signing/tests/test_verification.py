"""Verification reports: tampering, forged signatures, untrusted, expired and revoked certificates, changes
after signing, and hostile files."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cqdt.signing import testca
from cqdt.signing.services import (
    TrustStatus,
    Verdict,
    certificate_register_pkcs12,
    pdf_verify,
    trust_anchor_add,
    trust_anchor_disable,
)
from cqdt.signing.tests.conftest import LEADER_NAME, PASSPHRASE, sign_as_leader
from cqdt.signing.tests.pdftools import (
    add_javascript,
    append_page_text,
    flip_header_byte,
    forge_signature_value,
)

pytestmark = pytest.mark.django_db


def only(report):
    assert len(report.signatures) == 1
    return report.signatures[0]


def test_unsigned_pdf_has_no_signatures(document_pdf, trusted):
    report = pdf_verify(document_pdf)
    assert report.signatures == ()
    assert report.summary == "Tệp không có chữ ký số."
    assert not report.all_valid
    assert not report.has_javascript


def test_one_byte_changed_after_signing_is_reported(signed_and_sealed):
    report = pdf_verify(flip_header_byte(signed_and_sealed))
    assert [s.verdict for s in report.signatures] == [Verdict.INVALID, Verdict.INVALID]
    assert [s.intact for s in report.signatures] == [False, False]
    assert report.signatures[0].problems[0] == "Dữ liệu đã ký bị thay đổi hoặc giá trị chữ ký không đúng."
    assert report.summary == "0/2 chữ ký số hợp lệ."


def test_forged_signature_value_is_invalid(signed_by_leader):
    signature = only(pdf_verify(forge_signature_value(signed_by_leader)))
    assert signature.verdict == Verdict.INVALID
    assert signature.verdict_label == "Không hợp lệ"
    assert not signature.intact
    assert signature.signer_common_name == LEADER_NAME


def test_garbage_in_signature_contents_is_reported_not_raised(signed_by_leader):
    start = signed_by_leader.index(b"/Contents <") + len(b"/Contents <")
    garbled = signed_by_leader[:start] + b"ff" * 40 + signed_by_leader[start + 80 :]
    signature = only(pdf_verify(garbled))
    assert signature.verdict == Verdict.INVALID
    assert signature.problems == ("Chữ ký bị hỏng hoặc bị giả mạo: không đọc được dữ liệu chữ ký.",)


def test_content_drawn_after_signing_is_not_an_allowed_change(signed_by_leader):
    signature = only(pdf_verify(append_page_text(signed_by_leader)))
    assert signature.intact  # the signed revision itself is untouched
    assert signature.modification == "other"
    assert not signature.changes_allowed
    assert signature.verdict == Verdict.INVALID
    assert "Nội dung tài liệu đã bị sửa đổi sau khi ký." in signature.problems


def test_certificate_outside_the_trust_store_is_untrusted(document_pdf, leader, trusted):
    stranger = testca.make_hierarchy(root_name="CA lạ (thử nghiệm)")
    keys = stranger.issue_person(full_name=LEADER_NAME, title="Giám đốc Sở", organisation="Sở Tư pháp")
    certificate = certificate_register_pkcs12(
        actor=None,
        owner_user=leader,
        pkcs12=keys.pkcs12(PASSPHRASE),
        passphrase=PASSPHRASE,
        require_trusted_chain=False,
    )
    signature = only(pdf_verify(sign_as_leader(document_pdf, leader, certificate)))
    assert signature.intact
    assert signature.trust == TrustStatus.UNTRUSTED_ROOT
    assert signature.verdict == Verdict.INDETERMINATE
    assert signature.trust_message == (
        "Chứng thư số không thuộc chuỗi tin cậy: CA gốc không có trong danh sách tin cậy."
    )


def test_disabling_the_root_makes_earlier_signatures_untrusted(signed_by_leader, trusted):
    assert only(pdf_verify(signed_by_leader)).trust == TrustStatus.TRUSTED
    trust_anchor_disable(actor=None, anchor=trusted[0], reason="thử nghiệm")
    # The chain embedded in the DSS helps to build the path but is never a trust root.
    assert only(pdf_verify(signed_by_leader)).trust == TrustStatus.UNTRUSTED_ROOT


def test_expired_certificate_is_reported(document_pdf, leader):
    now = datetime.now(UTC)
    old = testca.make_hierarchy(not_before=now - timedelta(days=400), root_name="CA cũ (thử nghiệm)")
    keys = old.issue_person(
        full_name=LEADER_NAME,
        title="Giám đốc Sở",
        organisation="Sở Tư pháp",
        not_before=now - timedelta(days=300),
        not_after=now - timedelta(days=10),
    )
    trust_anchor_add(actor=None, pem_or_der=old.root.pem)
    with time_machine.travel(now - timedelta(days=30)):
        certificate = certificate_register_pkcs12(
            actor=None, owner_user=leader, pkcs12=keys.pkcs12(PASSPHRASE), passphrase=PASSPHRASE
        )
        signed = sign_as_leader(document_pdf, leader, certificate)
        assert only(pdf_verify(signed)).verdict == Verdict.VALID
    signature = only(pdf_verify(signed))
    assert signature.intact
    assert signature.trust == TrustStatus.EXPIRED
    assert signature.verdict == Verdict.INDETERMINATE
    expired_on = (now - timedelta(days=10)).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y")
    assert signature.trust_message.startswith(f"Chứng thư số đã hết hạn ngày {expired_on};")


def test_certificate_revoked_in_a_local_crl_is_reported(
    signed_by_leader, hierarchy, leader_keys, settings, tmp_path
):
    revoked_at = datetime.now(UTC) - timedelta(hours=2)
    crl = testca.make_crl(
        issuer=hierarchy.issuing, revoked=[(leader_keys.certificate.serial_number, revoked_at)]
    )
    (tmp_path / "crl").mkdir()
    (tmp_path / "crl" / "ca-cap-2.crl").write_bytes(crl)
    settings.CQDT_SIGNING_CRL_DIR = str(tmp_path / "crl")

    signature = only(pdf_verify(signed_by_leader))
    assert signature.trust == TrustStatus.REVOKED
    assert signature.verdict == Verdict.INVALID
    assert signature.trust_message.startswith("Chứng thư số đã bị thu hồi")


def test_revoked_certificate_cannot_sign(
    document_pdf, leader, leader_certificate, hierarchy, leader_keys, settings, tmp_path
):
    crl = testca.make_crl(
        issuer=hierarchy.issuing,
        revoked=[(leader_keys.certificate.serial_number, datetime.now(UTC) - timedelta(hours=2))],
    )
    (tmp_path / "revoked.crl").write_bytes(crl)
    settings.CQDT_SIGNING_CRL_DIR = str(tmp_path)
    with pytest.raises(ValidationError) as error:
        sign_as_leader(document_pdf, leader, leader_certificate)
    assert error.value.messages == ["Chứng thư số (hoặc CA cấp nó) đã bị thu hồi."]


def test_javascript_is_flagged(signed_by_leader):
    report = pdf_verify(add_javascript(signed_by_leader))
    assert report.has_javascript
    assert report.warnings == (
        "Tệp PDF có chứa mã JavaScript; không nên mở bằng trình đọc cho phép chạy mã.",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp rỗng, không phải tệp PDF."),
        (b"PK\x03\x04 this is a zip file", "Tệp không phải là tệp PDF."),
        (b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF", "Tệp PDF bị lỗi cấu trúc, không đọc được."),
    ],
)
def test_non_pdf_input_is_refused_in_vietnamese(db, data, message):
    with pytest.raises(ValidationError) as error:
        pdf_verify(data)
    assert error.value.messages == [message]


def test_truncated_pdf_is_refused(signed_by_leader):
    with pytest.raises(ValidationError) as error:
        pdf_verify(signed_by_leader[: len(signed_by_leader) // 2])
    assert error.value.messages == ["Tệp PDF bị lỗi cấu trúc, không đọc được."]


def test_oversized_pdf_is_refused(db, settings):
    settings.CQDT_SIGNING_MAX_PDF_BYTES = 1024 * 1024
    header = b"%PDF-1.7\n"
    with pytest.raises(ValidationError) as error:
        pdf_verify(header + b"0" * (1536 * 1024 - len(header)))
    assert error.value.messages == ["Tệp PDF quá lớn (1,5 MB); giới hạn là 1 MB."]
