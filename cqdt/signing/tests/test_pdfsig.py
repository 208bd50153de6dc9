"""Independent check with poppler's pdfsig (NSS): our signatures are valid for another implementation, the
test root makes them trusted, and tampering is caught by it too."""

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from cqdt.signing import testca
from cqdt.signing.services import certificate_register_pkcs12, trust_anchor_add
from cqdt.signing.tests.conftest import (
    AGENCY_LEGAL_NAME,
    LEADER_NAME,
    LEADER_TITLE,
    PASSPHRASE,
    sign_as_leader,
)
from cqdt.signing.tests.pdftools import flip_header_byte

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils (pdfsig) is not installed"),
]


def pdfsig(pdf: bytes, tmp_path: Path, nss_dir: Path | None = None) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    command = ["pdfsig", "-nocert"] if nss_dir is None else ["pdfsig", "-nssdir", f"sql:{nss_dir}"]
    result = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    return result.stdout


def make_nss_db(directory: Path, root_pem: bytes | None) -> Path:
    """An NSS database trusting `root_pem` for signatures (or trusting nothing)."""
    if shutil.which("certutil") is None:
        pytest.skip("libnss3-tools (certutil) is not installed")
    directory.mkdir()
    subprocess.run(  # noqa: S603
        ["certutil", "-N", "-d", f"sql:{directory}", "--empty-password"],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=60,
    )
    if root_pem is not None:
        (directory / "root.pem").write_bytes(root_pem)
        # Trust flags are "SSL,e-mail,object signing": poppler checks signers for the e-mail (S/MIME) usage,
        # so "C,," would not make the root trusted for signatures.
        trust_root = ["certutil", "-A", "-d", f"sql:{directory}", "-n", "root", "-t", ",C,"]
        subprocess.run(  # noqa: S603
            [*trust_root, "-i", str(directory / "root.pem")], check=True, capture_output=True, timeout=60
        )
    return directory


@pytest.fixture
def nss_dir(tmp_path, hierarchy) -> Path:
    return make_nss_db(tmp_path / "nss", hierarchy.root.pem)


def test_pdfsig_reports_both_signatures_valid_and_trusted(signed_and_sealed, tmp_path, nss_dir):
    output = pdfsig(signed_and_sealed, tmp_path, nss_dir)
    assert output.count("Signature Validation: Signature is Valid.") == 2
    assert output.count("Certificate Validation: Certificate is Trusted.") == 2
    assert "Signer Certificate Common Name: Lăng Văn Hùng" in output
    assert "Signer Certificate Common Name: Sở Tư pháp tỉnh Lạng Sơn" in output
    assert output.count("Signature Type: ETSI.CAdES.detached") == 2


def test_pdfsig_without_the_root_does_not_trust_the_certificate(signed_and_sealed, tmp_path):
    output = pdfsig(signed_and_sealed, tmp_path, make_nss_db(tmp_path / "empty-nss", None))
    assert output.count("Signature Validation: Signature is Valid.") == 2
    assert output.count("Certificate Validation: Certificate issuer isn't Trusted.") == 2


def test_pdfsig_catches_one_changed_byte(signed_and_sealed, tmp_path):
    output = pdfsig(flip_header_byte(signed_and_sealed), tmp_path)
    assert "Signature is Valid." not in output
    assert output.count("Signature Validation: Digest Mismatch.") == 2


def test_pdfsig_reports_an_expired_certificate(document_pdf, leader, tmp_path):
    now = datetime.now(UTC)
    old = testca.make_hierarchy(not_before=now - timedelta(days=400), root_name="CA cũ (thử nghiệm)")
    keys = old.issue_person(
        full_name=LEADER_NAME,
        title=LEADER_TITLE,
        organisation=AGENCY_LEGAL_NAME,
        not_before=now - timedelta(days=300),
        not_after=now - timedelta(days=10),
    )
    trust_anchor_add(actor=None, pem_or_der=old.root.pem)
    with time_machine.travel(now - timedelta(days=30)):
        certificate = certificate_register_pkcs12(
            actor=None, owner_user=leader, pkcs12=keys.pkcs12(PASSPHRASE), passphrase=PASSPHRASE
        )
        signed = sign_as_leader(document_pdf, leader, certificate)
    output = pdfsig(signed, tmp_path, make_nss_db(tmp_path / "old-nss", old.root.pem))
    assert "Signature Validation: Signature is Valid." in output
    assert "Certificate Validation: Certificate has Expired" in output
