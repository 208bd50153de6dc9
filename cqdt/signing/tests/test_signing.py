"""Signing PDFs: a director's signature then the agency's seal, both valid; appearance and placement; the
record of each signature; refusals."""

import hashlib
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader

from cqdt.core.errors import PermissionDeniedError
from cqdt.core.models import AuditRecord
from cqdt.signing.models import SignatureEvent
from cqdt.signing.services import Verdict, pdf_verify
from cqdt.signing.tests.conftest import (
    AGENCY_LEGAL_NAME,
    BOX,
    LEADER_NAME,
    PASSPHRASE,
    seal_as_clerk,
    sign_as_leader,
)

pytestmark = pytest.mark.django_db
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def widget_rects(pdf: bytes) -> list[tuple[float, ...]]:
    reader = PdfFileReader(io.BytesIO(pdf))
    return [tuple(float(v) for v in sig.sig_field["/Rect"]) for sig in reader.embedded_signatures]


def test_director_then_seal_both_signatures_stay_valid(signed_and_sealed, document_pdf):
    report = pdf_verify(signed_and_sealed)

    assert report.all_valid
    assert report.summary == "Tất cả 2 chữ ký số đều hợp lệ."
    director, seal = report.signatures
    assert (director.signer_common_name, director.signer_organisation) == (LEADER_NAME, AGENCY_LEGAL_NAME)
    assert (seal.signer_common_name, seal.signer_organisation) == (AGENCY_LEGAL_NAME, AGENCY_LEGAL_NAME)
    for signature in report.signatures:
        assert signature.verdict == Verdict.VALID
        assert signature.intact
        assert signature.trust == "trusted"
        assert signature.changes_allowed
        assert signature.coverage == "entire_revision"
        assert signature.pades_level == "PAdES B-B"
        assert signature.problems == ()
    assert director.modification == "form_filling"
    assert seal.modification == "lta_updates"  # only the DSS with the seal's chain follows it
    assert (director.reason, director.location) == ("Phê duyệt quyết định", "Lạng Sơn")
    assert signed_and_sealed.startswith(document_pdf)


def test_seal_overlaps_the_left_third_of_the_director_box(signed_and_sealed):
    director_rect, seal_rect = widget_rects(signed_and_sealed)
    assert director_rect == BOX == (330.0, 120.0, 530.0, 210.0)
    # 200 pt wide, 90 pt high: the 90 pt seal ends one third (66.67 pt) into the director's box.
    assert seal_rect == (306.67, 120.0, 396.67, 210.0)


def test_each_signature_is_recorded_with_document_hashes(
    signed_by_leader, document_pdf, clerk, seal_certificate
):
    sealed = seal_as_clerk(signed_by_leader, clerk, seal_certificate)
    director_event, seal_event = SignatureEvent.objects.order_by("signed_at", "pk")
    assert director_event.document_sha256_before == hashlib.sha256(document_pdf).hexdigest()
    assert director_event.document_sha256_after == hashlib.sha256(signed_by_leader).hexdigest()
    assert seal_event.document_sha256_before == director_event.document_sha256_after
    assert seal_event.document_sha256_after == hashlib.sha256(sealed).hexdigest()
    assert seal_event.document_size_after == len(sealed)
    assert (director_event.signer_name, director_event.signer_title) == (LEADER_NAME, "Giám đốc Sở")
    assert (seal_event.signer_name, seal_event.signed_by) == (AGENCY_LEGAL_NAME, clerk)
    assert seal_event.box == list(BOX)
    assert seal_event.page == 2
    audit = AuditRecord.objects.filter(action="signing.pdf_sign").order_by("pk")
    assert [row.object_id for row in audit] == [str(director_event.pk), str(seal_event.pk)]
    assert all(PASSPHRASE not in str(row.after) for row in audit)


def test_only_the_owner_signs_with_a_personal_certificate(document_pdf, clerk, leader_certificate):
    with pytest.raises(PermissionDeniedError):
        sign_as_leader(document_pdf, clerk, leader_certificate)
    assert not SignatureEvent.objects.exists()


def test_only_clerk_or_head_of_the_agency_applies_its_seal(document_pdf, leader, seal_certificate):
    from cqdt.accounts.tests.factories import StaffUserFactory

    outsider = StaffUserFactory(username="nguoingoai")
    with pytest.raises(PermissionDeniedError):
        seal_as_clerk(document_pdf, outsider, seal_certificate)
    signed = seal_as_clerk(document_pdf, leader, seal_certificate)  # the agency head may apply it too
    assert pdf_verify(signed).all_valid


def test_wrong_passphrase_is_refused(document_pdf, leader, leader_certificate):
    from cqdt.signing.services import pdf_sign

    with pytest.raises(ValidationError) as error:
        pdf_sign(
            actor=leader, pdf=document_pdf, certificate=leader_certificate, secret="sai", page=1, box=BOX
        )
    assert error.value.messages == ["Mật khẩu tệp PKCS#12 không đúng hoặc tệp bị hỏng."]
    assert not SignatureEvent.objects.exists()


def test_anonymous_cannot_sign(document_pdf, leader_certificate):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDeniedError):
        sign_as_leader(document_pdf, AnonymousUser(), leader_certificate)


def test_pdf_with_javascript_is_not_signed(document_pdf, leader, leader_certificate):
    from cqdt.signing.tests.pdftools import add_javascript

    with pytest.raises(ValidationError) as error:
        sign_as_leader(add_javascript(document_pdf), leader, leader_certificate)
    assert error.value.messages == ["Tệp PDF có chứa mã JavaScript; không ký tài liệu có nội dung thực thi."]


def test_page_must_exist(document_pdf, leader, leader_certificate):
    with pytest.raises(ValidationError) as error:
        sign_as_leader(document_pdf, leader, leader_certificate, page=3)
    assert error.value.messages == ["Trang 3 không có trong tài liệu."]


def test_non_pdf_is_not_signed(leader, leader_certificate):
    with pytest.raises(ValidationError) as error:
        sign_as_leader(b"<html>not a pdf</html>", leader, leader_certificate)
    assert error.value.messages == ["Tệp không phải là tệp PDF."]


def test_encrypted_pdf_is_not_signed(document_pdf, leader, leader_certificate):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document_pdf)))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="AES-128")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    with pytest.raises(ValidationError) as error:
        sign_as_leader(encrypted.getvalue(), leader, leader_certificate)
    assert error.value.messages == ["Tệp PDF đã được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu trước."]


def test_expired_certificate_does_not_sign(document_pdf, leader, leader_certificate):
    import time_machine

    with time_machine.travel(leader_certificate.not_after), pytest.raises(ValidationError) as error:
        sign_as_leader(document_pdf, leader, leader_certificate)
    assert error.value.messages == [
        f"Chứng thư số đã hết hạn ngày {leader_certificate.not_after.astimezone(VIETNAM):%d/%m/%Y}."
    ]


def test_the_signed_file_starts_with_the_original_bytes(signed_by_leader, document_pdf):
    # Incremental updates only: the original is a prefix, followed by the signature and then the DSS.
    assert signed_by_leader[: len(document_pdf)] == document_pdf
    assert signed_by_leader.count(b"%%EOF") == document_pdf.count(b"%%EOF") + 2
    assert b"/DSS" in signed_by_leader[len(document_pdf) :]
