"""The desk returns a result signed with the agency's certificate; the signature verifies as trusted."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cqdt.core.pdf import render_pdf
from cqdt.dossiers import services
from cqdt.dossiers.models import FileKind
from cqdt.dossiers.status import Action
from cqdt.dossiers.tests.helpers import applicant
from cqdt.signing import testca
from cqdt.signing.services import certificate_register_pkcs12, pdf_verify, trust_anchor_add
from cqdt.signing.verification import TrustStatus, Verdict

PASSPHRASE = "Mật khẩu ký 2026"
DOCUMENT = Path(__file__).resolve().parents[2] / "signing" / "tests" / "data" / "document.typ"


@pytest.fixture
def seal(world):
    hierarchy = testca.make_hierarchy()
    trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem)
    trust_anchor_add(actor=None, pem_or_der=hierarchy.issuing.der)
    keys = hierarchy.issue_agency(agency_name="Sở Tư pháp tỉnh Thử Nghiệm")
    return certificate_register_pkcs12(
        actor=None, owner_agency=world.department, pkcs12=keys.pkcs12(PASSPHRASE), passphrase=PASSPHRASE
    )


def resolved(world):
    dossier = services.dossier_receive(
        actor=world.counter_officer, unit=world.centre, case=world.case, applicant=applicant(email="")
    )
    services.dossier_forward(actor=world.counter_officer, dossier=dossier, assignee=world.specialist)
    services.dossier_forward(actor=world.specialist, dossier=dossier, assignee=world.section_head)
    services.dossier_decide(actor=world.section_head, dossier=dossier, approve=True, assignee=world.clerk)
    result = SimpleUploadedFile("phieu-lltp.pdf", render_pdf(DOCUMENT, {}), content_type="application/pdf")
    services.dossier_record_result(
        actor=world.clerk,
        dossier=dossier,
        number="12/STP",
        signer="Lý Thị Mai",
        issued_on=dt.date.today(),
        result_file=result,
    )
    dossier.refresh_from_db()
    return dossier


def test_the_clerk_signs_the_result_with_the_agency_certificate(world, seal):
    dossier = resolved(world)
    signed = services.dossier_sign_result(
        actor=world.clerk, dossier=dossier, certificate=seal, secret=PASSPHRASE
    )

    assert signed.kind == FileKind.RESULT
    assert signed.original_name == "phieu-lltp-da-ky-so.pdf"
    with signed.file.open("rb") as handle:
        report = pdf_verify(handle.read())
    assert len(report.signatures) == 1
    verdict = report.signatures[0]
    assert (verdict.verdict, verdict.intact, verdict.trust) == (Verdict.VALID, True, TrustStatus.TRUSTED)
    assert verdict.signer_common_name == "Sở Tư pháp tỉnh Thử Nghiệm"
    assert dossier.history.filter(action=Action.SIGN_RESULT, actor=world.clerk).count() == 1
    services.dossier_return_result(actor=world.counter_officer, dossier=dossier)


def test_only_the_agency_clerk_or_head_signs_and_a_wrong_passphrase_signs_nothing(world, seal):
    dossier = resolved(world)
    with pytest.raises(PermissionDenied):
        services.dossier_sign_result(
            actor=world.specialist, dossier=dossier, certificate=seal, secret=PASSPHRASE
        )
    with pytest.raises(ValidationError):
        services.dossier_sign_result(
            actor=world.clerk, dossier=dossier, certificate=seal, secret="sai mật khẩu"
        )
    assert dossier.files.filter(kind=FileKind.RESULT).count() == 1
    assert not dossier.history.filter(action=Action.SIGN_RESULT).exists()


def test_sign_result_page_and_api_authorisation(world, seal, client):
    from cqdt.core.models import AuditRecord

    dossier = resolved(world)
    page = f"/mot-cua/ho-so/{dossier.code}/thao-tac/{Action.SIGN_RESULT}/"
    api = f"/api/v1/dossiers/{dossier.code}/actions/sign-result"
    form = {"certificate": str(seal.public_id), "secret": PASSPHRASE}

    def state():
        return (dossier.files.count(), dossier.history.count(), AuditRecord.objects.count())

    before = state()
    assert client.post(page, form).status_code == 302  # to the login page
    assert client.post(api, form, content_type="application/json").status_code == 401
    for who, html_status, api_status in (
        ("citizen", 403, 403),
        ("outsider", 404, 404),
        ("specialist", 403, 403),
    ):
        client.force_login(getattr(world, who))
        assert client.post(page, form).status_code == html_status
        assert client.post(api, form, content_type="application/json").status_code == api_status
    assert state() == before

    client.force_login(world.clerk)
    assert client.post(api, form, content_type="application/json").status_code == 200
    # One audit row for the dossier's history, one written by the signing service for the signature itself.
    assert state() == (before[0] + 1, before[1] + 1, before[2] + 2)
