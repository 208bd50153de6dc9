"""The sign step through the signing app: the approved PDF is signed with the leader's certificate and the
signed bytes become a new version, then the clerk numbers and issues the signed file.

Skipped when the signing app (`cqdt.signing.services.pdf_sign`) is not installed."""

import hashlib
import importlib.util

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cqdt.core.errors import PermissionDeniedError
from cqdt.core.models import AuditRecord
from cqdt.documents import services
from cqdt.documents.models import IncomingDocument, OutgoingDocument
from cqdt.documents.status import OutgoingStatus
from cqdt.documents.tests.factories import approved

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        importlib.util.find_spec("cqdt.signing.services") is None,
        reason="needs the signing app (cqdt.signing)",
    ),
]

PASSPHRASE = "Mật khẩu thử 2026"
BOX = (330.0, 120.0, 530.0, 210.0)


@pytest.fixture(scope="module")
def hierarchy():
    from cqdt.signing import testca

    return testca.make_hierarchy()


@pytest.fixture
def certificate(world, hierarchy):
    from cqdt.signing.services import certificate_register_pkcs12, trust_anchor_add

    trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem)
    trust_anchor_add(actor=None, pem_or_der=hierarchy.issuing.der)
    keys = hierarchy.issue_person(full_name="Lăng Văn Hùng", title="Giám đốc", organisation="Sở Tư pháp")
    return certificate_register_pkcs12(
        actor=None, owner_user=world.leader, pkcs12=keys.pkcs12(PASSPHRASE), passphrase=PASSPHRASE
    )


def test_the_approved_pdf_is_signed_and_stored_as_a_new_version(world, certificate):
    from cqdt.signing.services import pdf_verify

    document = approved(world)
    approved_version = document.versions.get(number=1)
    signed = services.outgoing_sign(
        actor=world.leader, document=document, certificate=certificate, secret=PASSPHRASE, page=1, box=BOX
    )

    assert (signed.status, signed.signature_kind) == (OutgoingStatus.SIGNED, "digital")
    version = signed.versions.get(number=2)
    assert (version.kind, version.original_name, version.content_type) == (
        "signed",
        "du-thao-da-ky.pdf",
        "application/pdf",
    )
    with version.file.open("rb") as stored:
        content = stored.read()
    with approved_version.file.open("rb") as stored:
        original = stored.read()
    assert content.startswith(original)  # an incremental update of the approved bytes
    assert hashlib.sha256(content).hexdigest() == version.sha256
    report = pdf_verify(pdf=content)
    assert len(report.signatures) == 1
    assert list(signed.history.values_list("action", "version_number"))[-1] == ("sign", 2)
    assert AuditRecord.objects.get(action="outgoing.sign").after == {
        "status": "signed",
        "sha256": version.sha256,
        "signed_from": 1,
        "version": 2,
    }

    issued = services.outgoing_issue(actor=world.clerk, document=signed)
    copy = IncomingDocument.objects.get(agency=world.interior)
    assert issued.number_notation == "01/QĐ-STP"
    assert copy.files.get().sha256 == version.sha256


def test_a_wrong_passphrase_changes_nothing(world, certificate):
    document = approved(world)
    with pytest.raises(ValidationError):
        services.outgoing_sign(
            actor=world.leader, document=document, certificate=certificate, secret="sai", page=1, box=BOX
        )
    fresh = OutgoingDocument.objects.get(pk=document.pk)
    assert (fresh.status, fresh.versions.count()) == (OutgoingStatus.APPROVED, 1)


def test_only_the_approving_leader_signs(world, certificate):
    document = approved(world)
    for who in ("deputy", "clerk", "specialist"):
        with pytest.raises(PermissionDenied):
            services.outgoing_sign(
                actor=getattr(world, who),
                document=document,
                certificate=certificate,
                secret=PASSPHRASE,
                page=1,
                box=BOX,
            )


def test_nobody_signs_with_someone_elses_certificate(world, certificate, hierarchy):
    from cqdt.signing.services import certificate_register_pkcs12

    keys = hierarchy.issue_person(full_name="Vy Thị Hoa", title="Phó Giám đốc", organisation="Sở Tư pháp")
    deputy_certificate = certificate_register_pkcs12(
        actor=None, owner_user=world.deputy, pkcs12=keys.pkcs12(PASSPHRASE), passphrase=PASSPHRASE
    )
    document = approved(world)
    with pytest.raises(PermissionDeniedError):
        services.outgoing_sign(
            actor=world.leader,
            document=document,
            certificate=deputy_certificate,
            secret=PASSPHRASE,
            page=1,
            box=BOX,
        )
    assert OutgoingDocument.objects.get(pk=document.pk).status == OutgoingStatus.APPROVED
