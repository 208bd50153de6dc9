"""The trust store: CA certificates in, duplicates and non-CA certificates out, disable and re-enable."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from cqdt.core.models import AuditRecord
from cqdt.signing.models import TrustAnchor
from cqdt.signing.services import trust_anchor_add, trust_anchor_disable, trust_anchor_enable
from cqdt.signing.trust import validation_kwargs

pytestmark = pytest.mark.django_db


def test_root_and_intermediate_are_recorded(hierarchy):
    root = trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem)
    intermediate = trust_anchor_add(actor=None, pem_or_der=hierarchy.issuing.der)

    assert (root.common_name, root.is_root, root.enabled) == ("CA Chính phủ (thử nghiệm)", True, True)
    assert (intermediate.common_name, intermediate.is_root) == ("CA cấp 2 (thử nghiệm)", False)
    assert root.fingerprint_sha256 == hashlib.sha256(hierarchy.root.der).hexdigest()
    assert bytes(intermediate.certificate_der) == hierarchy.issuing.der
    assert root.subject == "CN=CA Chính phủ (thử nghiệm),O=Ban Cơ yếu Chính phủ (thử nghiệm),C=VN"
    assert intermediate.issuer == root.subject
    assert root.not_before == hierarchy.root.certificate.not_valid_before_utc
    audit = AuditRecord.objects.get(action="signing.trust_anchor_add", object_id=str(root.pk))
    assert audit.after == {
        "common_name": "CA Chính phủ (thử nghiệm)",
        "fingerprint_sha256": root.fingerprint_sha256,
        "is_root": True,
        "enabled": True,
    }


def test_only_roots_are_trust_roots(hierarchy):
    trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem)
    trust_anchor_add(actor=None, pem_or_der=hierarchy.issuing.pem)
    kwargs = validation_kwargs()
    assert [c.dump() for c in kwargs["trust_roots"]] == [hierarchy.root.der]
    assert [c.dump() for c in kwargs["other_certs"]] == [hierarchy.issuing.der]
    assert kwargs["allow_fetching"] is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a certificate", "Không đọc được chứng thư số (cần tệp PEM hoặc DER hợp lệ)."),
        (
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "Không đọc được chứng thư số (cần tệp PEM hoặc DER hợp lệ).",
        ),
    ],
)
def test_garbage_is_refused(data, message):
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(actor=None, pem_or_der=data)
    assert error.value.messages == [message]
    assert not TrustAnchor.objects.exists()


def test_a_signing_certificate_is_not_a_ca(leader_keys):
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(actor=None, pem_or_der=leader_keys.pem)
    assert error.value.messages == ["Đây không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA)."]


def test_a_bundle_of_two_is_refused(hierarchy):
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem + hierarchy.issuing.pem)
    assert error.value.messages == ["Tệp phải chứa đúng một chứng thư số."]


def test_duplicates_are_refused(hierarchy):
    trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem)
    with pytest.raises(ValidationError) as error:
        trust_anchor_add(actor=None, pem_or_der=hierarchy.root.der)
    assert error.value.messages == ["Chứng thư này đã có trong danh sách CA tin cậy."]
    assert TrustAnchor.objects.count() == 1


def test_disable_and_enable_are_audited_and_idempotent(hierarchy):
    anchor = trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem)
    trust_anchor_disable(actor=None, anchor=anchor, reason="CA ngừng hoạt động")
    trust_anchor_disable(actor=None, anchor=anchor, reason="lần hai")
    anchor.refresh_from_db()
    assert not anchor.enabled
    assert validation_kwargs()["trust_roots"] == []
    trust_anchor_enable(actor=None, anchor=anchor)
    anchor.refresh_from_db()
    assert anchor.enabled
    actions = list(
        AuditRecord.objects.filter(object_type="signing.TrustAnchor")
        .order_by("pk")
        .values_list("action", "reason")
    )
    assert actions == [
        ("signing.trust_anchor_add", ""),
        ("signing.trust_anchor_disable", "CA ngừng hoạt động"),
        ("signing.trust_anchor_enable", ""),
    ]
