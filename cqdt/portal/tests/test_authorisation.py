"""No citizen ever reads or acts on another's dossier or draft; anonymous and staff are sent to sign in."""

import uuid

import pytest
from django.urls import reverse

from cqdt.dossiers.models import FileKind
from cqdt.dossiers.status import DossierStatus
from cqdt.dossiers.tests.helpers import pdf
from cqdt.portal.models import Draft, DraftFile, Rating
from cqdt.portal.services import draft_attach_files, draft_create
from cqdt.portal.tests import dossiers as make
from cqdt.portal.tests import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    owner = support.citizen("chu")
    other = support.citizen("nguoikhac", phone="0987654321", identity_number="020095004321")
    resolved = make.resolved(world, owner, result=pdf("ket-qua.pdf"))
    paused = make.supplement_requested(world, owner)
    draft = draft_create(user=owner, case=world.case)
    draft_attach_files(user=owner, draft=draft, component_code="TP1", uploads=[pdf()])
    return world, owner, other, resolved, paused, draft


def _dossier_urls(resolved, paused):
    result = resolved.files.get(kind=FileKind.RESULT)
    return [
        ("get", reverse("portal:my_dossier", args=[resolved.code])),
        ("get", reverse("portal:result_file", args=[resolved.code, result.public_id])),
        ("get", reverse("portal:receipt", args=[resolved.code])),
        ("get", reverse("portal:rate", args=[resolved.code])),
        ("post", reverse("portal:rate", args=[resolved.code])),
        ("post", reverse("portal:supplement", args=[paused.code])),
    ]


def _draft_urls(draft):
    file_id = DraftFile.objects.get(draft=draft).public_id
    return [
        ("get", reverse("portal:draft", args=[draft.public_id])),
        ("post", reverse("portal:draft", args=[draft.public_id])),
        ("get", reverse("portal:draft_files", args=[draft.public_id])),
        ("post", reverse("portal:draft_files", args=[draft.public_id])),
        ("post", reverse("portal:draft_file_remove", args=[draft.public_id, file_id])),
        ("get", reverse("portal:draft_review", args=[draft.public_id])),
        ("post", reverse("portal:draft_review", args=[draft.public_id])),
        ("post", reverse("portal:draft_delete", args=[draft.public_id])),
    ]


def _nothing_changed(resolved, paused, draft):
    resolved.refresh_from_db()
    paused.refresh_from_db()
    assert resolved.status == DossierStatus.RESOLVED
    assert paused.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert not Rating.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()
    assert DraftFile.objects.filter(draft=draft).count() == 1


def test_another_citizen_gets_404_everywhere(setting, client):
    _world, _owner, other, resolved, paused, draft = setting
    client.force_login(other)
    for method, url in _dossier_urls(resolved, paused) + _draft_urls(draft):
        data = {"tp-TP2": [support.png()], "item_1": "2"} if method == "post" else None
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
        assert resolved.code not in response.content.decode()
    _nothing_changed(resolved, paused, draft)


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_anonymous_and_staff_are_sent_to_the_citizen_sign_in(setting, client, who):
    world, _owner, _other, resolved, paused, draft = setting
    if who == "staff":
        client.force_login(world.counter_officer)
    for method, url in _dossier_urls(resolved, paused) + _draft_urls(draft):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("portal:login") + "?next="), url
    _nothing_changed(resolved, paused, draft)


def test_guessed_ids_are_404_for_the_owner_too(setting, client):
    world, owner, other, resolved, _paused, _draft = setting
    client.force_login(owner)
    assert client.get(reverse("portal:my_dossier", args=["000.00.30.H99-260101-0001"])).status_code == 404
    assert client.get(reverse("portal:draft", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("portal:result_file", args=[resolved.code, uuid.uuid4()])).status_code == 404
    # another dossier's result file through one's own dossier code
    foreign = make.resolved(world, other, result=pdf("cua-nguoi-khac.pdf")).files.get(kind=FileKind.RESULT)
    assert (
        client.get(reverse("portal:result_file", args=[resolved.code, foreign.public_id])).status_code == 404
    )


def test_the_owner_gets_through(setting, client):
    _world, owner, _other, resolved, paused, draft = setting
    client.force_login(owner)
    for method, url in _dossier_urls(resolved, paused)[:4] + _draft_urls(draft)[:1]:
        assert getattr(client, method)(url).status_code == 200, url
