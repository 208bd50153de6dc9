"""Demo signing: a test CA trusted by the platform, a certificate for the Director of the Department of
Justice (user `stp.lanhdao`) and one for the Department itself (agency `LS.STP`, its seal), both as PKCS#12
files protected by the printed demo passphrase. Idempotent; needs the demo directory and staff.

The CA is generated here, on the first run, with `cqdt.signing.testca`; its private keys are discarded once
the two certificates are issued. It is a test CA: no real document can be signed with it.
"""

import hashlib
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from rich.console import Console
from rich.table import Table

from cqdt.accounts.models import User
from cqdt.agencies.models import Agency
from cqdt.signing import testca
from cqdt.signing.models import Certificate, TrustAnchor
from cqdt.signing.services import certificate_register_pkcs12, trust_anchor_add

DEMO_PKCS12_PASSPHRASE = "KySoDemo@2026"  # noqa: S105  (printed for the demo; protects test keys only)
DEMO_LEADER_USERNAME = "stp.lanhdao"
DEMO_AGENCY_CODE = "LS.STP"
# The agency's full legal name, as a CA writes it into the certificate.
DEMO_AGENCY_CERTIFICATE_NAME = "Sở Tư pháp tỉnh Lạng Sơn"
DATA_DIR = Path(__file__).resolve().parent / "data"
SIGNATURE_PNG = DATA_DIR / "demo_signature_stp_lanhdao.png"
SEAL_PNG = DATA_DIR / "demo_seal_ls_stp.png"


def _has_certificate(*, user: User | None = None, agency: Agency | None = None) -> bool:
    owner = {"owner_user": user} if user is not None else {"owner_agency": agency}
    return Certificate.objects.filter(is_active=True, **owner).exists()


def _add_anchor(certificate: testca.IssuedCertificate) -> None:
    if not TrustAnchor.objects.filter(
        fingerprint_sha256=hashlib.sha256(certificate.der).hexdigest()
    ).exists():
        trust_anchor_add(actor=None, pem_or_der=certificate.pem)


@transaction.atomic
def seed_demo_signing() -> None:
    """Create the demo CA and the two demo certificates unless the leader and the agency already have one."""
    leader = User.objects.get(username=DEMO_LEADER_USERNAME)
    agency = Agency.objects.get(internal_code=DEMO_AGENCY_CODE)
    need_leader = not _has_certificate(user=leader)
    need_agency = not _has_certificate(agency=agency)
    if not (need_leader or need_agency):
        return
    hierarchy = testca.make_hierarchy()
    _add_anchor(hierarchy.root)
    _add_anchor(hierarchy.issuing)
    title = leader.assignments.filter(unit=agency).values_list("position_title", flat=True).first() or ""
    if need_leader:
        issued = hierarchy.issue_person(
            full_name=leader.full_name, title=title, organisation=DEMO_AGENCY_CERTIFICATE_NAME
        )
        certificate_register_pkcs12(
            actor=None,
            owner_user=leader,
            pkcs12=issued.pkcs12(DEMO_PKCS12_PASSPHRASE),
            passphrase=DEMO_PKCS12_PASSPHRASE,
            appearance_png=SIGNATURE_PNG.read_bytes(),
        )
    if need_agency:
        issued = hierarchy.issue_agency(agency_name=DEMO_AGENCY_CERTIFICATE_NAME)
        certificate_register_pkcs12(
            actor=None,
            owner_agency=agency,
            pkcs12=issued.pkcs12(DEMO_PKCS12_PASSPHRASE),
            passphrase=DEMO_PKCS12_PASSPHRASE,
            appearance_png=SEAL_PNG.read_bytes(),
        )


def print_demo_signing(console: Console | None = None) -> None:
    table = Table(title="Chứng thư số demo (CA thử nghiệm, không có giá trị pháp lý)")
    for column in ("Chủ sở hữu", "Tên trong chứng thư", "Hết hạn", "Mật khẩu PKCS#12"):
        table.add_column(column)
    demo = Certificate.objects.filter(
        Q(owner_user__username=DEMO_LEADER_USERNAME) | Q(owner_agency__internal_code=DEMO_AGENCY_CODE),
        is_active=True,
    ).select_related("owner_user", "owner_agency")
    for certificate in demo:
        owner = certificate.owner_user.username if certificate.owner_user else str(certificate.owner_agency)
        table.add_row(
            owner, certificate.common_name, f"{certificate.not_after:%d/%m/%Y}", DEMO_PKCS12_PASSPHRASE
        )
    (console or Console()).print(table)
