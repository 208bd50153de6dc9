"""Signing with keys held on a PKCS#11 token: SoftHSM2 stands in for a USB token or an HSM."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cqdt.signing.models import KeySource
from cqdt.signing.services import Verdict, certificate_register_pkcs11, pdf_sign, pdf_verify
from cqdt.signing.tests.conftest import BOX, LEADER_TITLE, seal_as_clerk

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN = "cqdt-test"
USER_PIN = "1234"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not Path(SOFTHSM_MODULE).exists() or shutil.which("softhsm2-util") is None,
        reason=f"SoftHSM2 is not installed ({SOFTHSM_MODULE}, softhsm2-util); Debian package softhsm2",
    ),
]


def softhsm(*arguments: str) -> None:
    subprocess.run(["softhsm2-util", *arguments], check=True, capture_output=True, timeout=60)  # noqa: S603, S607


@pytest.fixture(scope="session")
def token(tmp_path_factory, leader_keys, seal_keys):
    """One token for the session (SoftHSM reads its configuration once per process), holding the director's
    key as "signer"/01 and the agency's key as "seal"/02."""
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    config = base / "softhsm2.conf"
    config.write_text(
        f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    softhsm("--init-token", "--free", "--label", TOKEN, "--pin", USER_PIN, "--so-pin", "5678")
    for label, key_id, keys in (("signer", "01", leader_keys), ("seal", "02", seal_keys)):
        key_file = base / f"{label}.pem"
        key_file.write_bytes(keys.private_key_pkcs8_pem())
        softhsm(
            "--import", str(key_file), "--token", TOKEN, "--label", label, "--id", key_id, "--pin", USER_PIN
        )
        key_file.unlink()
    yield TOKEN
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture
def module(settings, token):
    settings.CQDT_PKCS11_MODULE = SOFTHSM_MODULE
    settings.CQDT_PKCS11_PIN = ""
    return SOFTHSM_MODULE


@pytest.fixture
def token_certificate(module, trusted, leader, leader_keys):
    return certificate_register_pkcs11(
        actor=None,
        owner_user=leader,
        token_label=TOKEN,
        key_label="signer",
        key_id="01",
        pin=USER_PIN,
        certificate_pem_or_der=leader_keys.pem,
    )


def test_register_a_token_key_without_storing_the_pin(token_certificate, leader_keys):
    assert token_certificate.key_source == KeySource.PKCS11
    assert (token_certificate.pkcs11_token_label, token_certificate.pkcs11_key_label) == (TOKEN, "signer")
    assert token_certificate.pkcs11_key_id == "01"
    assert token_certificate.pkcs12_data is None
    assert bytes(token_certificate.certificate_der) == leader_keys.der
    assert token_certificate.chain_trusted


def test_sign_with_the_token_then_seal_with_a_pkcs12_file(
    token_certificate, document_pdf, leader, clerk, seal_certificate
):
    signed = pdf_sign(
        actor=leader,
        pdf=document_pdf,
        certificate=token_certificate,
        secret=USER_PIN,
        page=1,
        box=BOX,
        signer_title=LEADER_TITLE,
    )
    sealed = seal_as_clerk(signed, clerk, seal_certificate, page=1)
    report = pdf_verify(sealed)
    assert [s.verdict for s in report.signatures] == [Verdict.VALID, Verdict.VALID]
    assert report.signatures[0].certificate_serial == token_certificate.serial_number


def test_an_hsm_pin_can_come_from_the_settings(token_certificate, document_pdf, leader, settings):
    settings.CQDT_PKCS11_PIN = USER_PIN
    signed = pdf_sign(
        actor=leader, pdf=document_pdf, certificate=token_certificate, secret="", page=1, box=BOX
    )
    assert pdf_verify(signed).all_valid


def test_wrong_pin_is_refused(token_certificate, document_pdf, leader):
    with pytest.raises(ValidationError) as error:
        pdf_sign(
            actor=leader, pdf=document_pdf, certificate=token_certificate, secret="0000", page=1, box=BOX
        )
    assert error.value.messages == ["Mã PIN của thiết bị ký số không đúng."]


def test_unknown_token_is_refused(module, trusted, leader, leader_keys):
    with pytest.raises(ValidationError) as error:
        certificate_register_pkcs11(
            actor=None, owner_user=leader, token_label="khong-co", key_label="signer", pin=USER_PIN,
            certificate_pem_or_der=leader_keys.pem,
        )  # fmt: skip
    assert error.value.messages == ["Không tìm thấy thiết bị ký số có nhãn “khong-co”."]


def test_a_certificate_not_matching_the_token_key_is_refused(module, trusted, leader, seal_keys):
    with pytest.raises(ValidationError) as error:
        certificate_register_pkcs11(
            actor=None, owner_user=leader, token_label=TOKEN, key_label="signer", key_id="01", pin=USER_PIN,
            certificate_pem_or_der=seal_keys.pem,
        )  # fmt: skip
    assert error.value.messages == ["Khóa bí mật trên thiết bị không khớp với chứng thư số."]


def test_the_certificate_can_be_read_from_the_token(module, trusted, justice, seal_keys):
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    with pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=TOKEN).open(user_pin=USER_PIN, rw=True) as session:
        if not list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: "seal"})):
            session.create_object({
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "seal",
                Attribute.ID: b"\x02",
                Attribute.SUBJECT: seal_keys.certificate.subject.public_bytes(),
                Attribute.VALUE: seal_keys.der,
            })  # fmt: skip
    certificate = certificate_register_pkcs11(
        actor=None, owner_agency=justice, token_label=TOKEN, key_label="seal", pin=USER_PIN
    )
    assert bytes(certificate.certificate_der) == seal_keys.der
    assert certificate.owner_agency == justice


def test_without_a_configured_module_pkcs11_is_refused(settings, trusted, leader, leader_keys):
    settings.CQDT_PKCS11_MODULE = ""
    with pytest.raises(ValidationError) as error:
        certificate_register_pkcs11(
            actor=None, owner_user=leader, token_label=TOKEN, key_label="signer", pin=USER_PIN,
            certificate_pem_or_der=leader_keys.pem,
        )  # fmt: skip
    assert error.value.messages == ["Máy chủ chưa cấu hình thư viện PKCS#11 (CQDT_PKCS11_MODULE)."]
