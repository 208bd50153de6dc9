"""Shared fixtures: a test CA, a trusted store, a justice department with its director and clerk, their
registered certificates, and a two-page PDF to sign."""

from pathlib import Path

import pytest

from cqdt.accounts.models import StaffRole, User
from cqdt.accounts.services import staff_assign
from cqdt.accounts.tests.factories import StaffUserFactory
from cqdt.agencies.models import Agency, AgencyKind
from cqdt.agencies.tests.factories import AgencyFactory
from cqdt.core.pdf import render_pdf
from cqdt.signing import testca
from cqdt.signing.models import Certificate, TrustAnchor
from cqdt.signing.services import certificate_register_pkcs12, pdf_sign, trust_anchor_add

DATA = Path(__file__).resolve().parent / "data"
DEMO_DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
PASSPHRASE = "Mật khẩu thử 2026"
LEADER_NAME = "Lăng Văn Hùng"
LEADER_TITLE = "Giám đốc Sở"
AGENCY_LEGAL_NAME = "Sở Tư pháp tỉnh Lạng Sơn"
BOX = (330.0, 120.0, 530.0, 210.0)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CQDT_SIGNING_CRL_DIR = ""


@pytest.fixture(scope="session")
def hierarchy() -> testca.TestHierarchy:
    return testca.make_hierarchy()


@pytest.fixture(scope="session")
def leader_keys(hierarchy) -> testca.IssuedCertificate:
    return hierarchy.issue_person(full_name=LEADER_NAME, title=LEADER_TITLE, organisation=AGENCY_LEGAL_NAME)


@pytest.fixture(scope="session")
def seal_keys(hierarchy) -> testca.IssuedCertificate:
    return hierarchy.issue_agency(agency_name=AGENCY_LEGAL_NAME)


@pytest.fixture(scope="session")
def document_pdf() -> bytes:
    return render_pdf(DATA / "document.typ", {})


@pytest.fixture(scope="session")
def signature_png() -> bytes:
    return (DEMO_DATA / "demo_signature_stp_lanhdao.png").read_bytes()


@pytest.fixture(scope="session")
def seal_png() -> bytes:
    return (DEMO_DATA / "demo_seal_ls_stp.png").read_bytes()


@pytest.fixture
def trusted(db, hierarchy) -> list[TrustAnchor]:
    return [
        trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem),
        trust_anchor_add(actor=None, pem_or_der=hierarchy.issuing.der),
    ]


@pytest.fixture
def justice(db) -> Agency:
    return AgencyFactory(name="Sở Tư pháp", kind=AgencyKind.DEPARTMENT)


@pytest.fixture
def justice_office(justice) -> Agency:
    return AgencyFactory(name="Văn phòng Sở Tư pháp", parent=justice)


@pytest.fixture
def leader(justice) -> User:
    user = StaffUserFactory(username="giamdoc", full_name=LEADER_NAME)
    staff_assign(actor=None, user=user, unit=justice, role=StaffRole.AGENCY_HEAD, position_title=LEADER_TITLE)
    return user


@pytest.fixture
def clerk(justice_office) -> User:
    user = StaffUserFactory(username="vanthu", full_name="Hà Thị Thanh Tâm")
    staff_assign(actor=None, user=user, unit=justice_office, role=StaffRole.CLERK)
    return user


@pytest.fixture
def leader_certificate(trusted, leader, leader_keys, signature_png) -> Certificate:
    return certificate_register_pkcs12(
        actor=None,
        owner_user=leader,
        pkcs12=leader_keys.pkcs12(PASSPHRASE),
        passphrase=PASSPHRASE,
        appearance_png=signature_png,
    )


@pytest.fixture
def seal_certificate(trusted, justice, seal_keys, seal_png) -> Certificate:
    return certificate_register_pkcs12(
        actor=None,
        owner_agency=justice,
        pkcs12=seal_keys.pkcs12(PASSPHRASE),
        passphrase=PASSPHRASE,
        appearance_png=seal_png,
    )


def sign_as_leader(pdf: bytes, leader: User, certificate: Certificate, *, page: int = 2) -> bytes:
    return pdf_sign(
        actor=leader,
        pdf=pdf,
        certificate=certificate,
        secret=PASSPHRASE,
        page=page,
        box=BOX,
        signer_title=LEADER_TITLE,
        reason="Phê duyệt quyết định",
        location="Lạng Sơn",
    )


def seal_as_clerk(pdf: bytes, clerk: User, certificate: Certificate, *, page: int = 2) -> bytes:
    return pdf_sign(
        actor=clerk,
        pdf=pdf,
        certificate=certificate,
        secret=PASSPHRASE,
        page=page,
        box=BOX,
        reason="Phát hành văn bản",
        location="Lạng Sơn",
    )


@pytest.fixture
def signed_by_leader(document_pdf, leader, leader_certificate) -> bytes:
    return sign_as_leader(document_pdf, leader, leader_certificate)


@pytest.fixture
def signed_and_sealed(signed_by_leader, clerk, seal_certificate) -> bytes:
    return seal_as_clerk(signed_by_leader, clerk, seal_certificate)
