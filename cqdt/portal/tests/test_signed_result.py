"""The citizen sees who signed the electronic result and whether the signature holds."""

import pytest

from cqdt.dossiers import services
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.tests.factories import make_world
from cqdt.dossiers.tests.test_sign_result import PASSPHRASE, resolved
from cqdt.signing import testca
from cqdt.signing.services import certificate_register_pkcs12, trust_anchor_add


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_my_dossier_page_shows_the_result_signature(client):
    world = make_world()
    hierarchy = testca.make_hierarchy()
    trust_anchor_add(actor=None, pem_or_der=hierarchy.root.pem)
    trust_anchor_add(actor=None, pem_or_der=hierarchy.issuing.der)
    keys = hierarchy.issue_agency(agency_name="Sở Tư pháp tỉnh Thử Nghiệm")
    seal = certificate_register_pkcs12(
        actor=None, owner_agency=world.department, pkcs12=keys.pkcs12(PASSPHRASE), passphrase=PASSPHRASE
    )
    dossier = resolved(world)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_user=world.citizen)
    services.dossier_sign_result(actor=world.clerk, dossier=dossier, certificate=seal, secret=PASSPHRASE)

    client.force_login(world.citizen)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "phieu-lltp-da-ky-so.pdf" in page
    assert "Chữ ký số: Tất cả 1 chữ ký số đều hợp lệ." in page
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in page
    assert "Chữ ký số: Tệp không có chữ ký số." in page  # the unsigned original is listed too
