"""Demo signing seed: one CA, the director's and the department's certificates, idempotent, and usable."""

import pytest

from cqdt.accounts.models import User
from cqdt.agencies.models import Agency
from cqdt.demo.province import seed_demo_staff, seed_lang_son_directory
from cqdt.demo.signing import DEMO_PKCS12_PASSPHRASE, seed_demo_signing
from cqdt.signing.models import Certificate, TrustAnchor
from cqdt.signing.services import Verdict, pdf_sign, pdf_verify

pytestmark = pytest.mark.django_db
BOX = (330.0, 120.0, 530.0, 210.0)


@pytest.fixture
def demo():
    seed_lang_son_directory()
    seed_demo_staff()
    seed_demo_signing()


def test_seed_creates_the_demo_ca_and_two_certificates_once(demo):
    seed_demo_signing()
    assert sorted(TrustAnchor.objects.values_list("common_name", "is_root")) == [
        ("CA Chính phủ (thử nghiệm)", True),
        ("CA cấp 2 (thử nghiệm)", False),
    ]
    leader = Certificate.objects.get(owner_user__username="stp.lanhdao")
    seal = Certificate.objects.get(owner_agency__internal_code="LS.STP")
    assert (leader.common_name, leader.organisation) == ("Lăng Văn Hùng", "Sở Tư pháp tỉnh Lạng Sơn")
    assert seal.common_name == "Sở Tư pháp tỉnh Lạng Sơn"
    assert leader.chain_trusted
    assert seal.chain_trusted
    assert leader.appearance_image.name.endswith(".png")
    assert seal.appearance_image.name.endswith(".png")
    assert Certificate.objects.count() == 2


def test_director_signs_and_the_clerk_seals_with_the_demo_passphrase(demo, document_pdf):
    leader_cert = Certificate.objects.get(owner_user__username="stp.lanhdao")
    seal_cert = Certificate.objects.get(owner_agency=Agency.objects.get(internal_code="LS.STP"))
    signed = pdf_sign(
        actor=User.objects.get(username="stp.lanhdao"),
        pdf=document_pdf,
        certificate=leader_cert,
        secret=DEMO_PKCS12_PASSPHRASE,
        page=2,
        box=BOX,
        signer_title="Giám đốc Sở",
    )
    sealed = pdf_sign(
        actor=User.objects.get(username="stp.vanthu"),
        pdf=signed,
        certificate=seal_cert,
        secret=DEMO_PKCS12_PASSPHRASE,
        page=2,
        box=BOX,
    )
    assert [s.verdict for s in pdf_verify(sealed).signatures] == [Verdict.VALID, Verdict.VALID]
