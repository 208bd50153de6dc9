"""Who sees which dossier and who may act: denials change nothing and reveal nothing."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from cqdt.core.errors import NotFoundError
from cqdt.core.models import AuditRecord
from cqdt.dossiers import services
from cqdt.dossiers.access import access_dossier, dossiers_visible_to, may
from cqdt.dossiers.status import Action
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.helpers import applicant


@pytest.fixture
def dossier(world):
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        received = services.dossier_receive(
            actor=world.counter_officer, unit=world.centre, case=world.case, applicant=applicant()
        )
        services.dossier_forward(actor=world.counter_officer, dossier=received, assignee=world.specialist)
    received.refresh_from_db()
    return received


def test_visibility(world, dossier):
    from django.contrib.auth.models import AnonymousUser

    visible = {
        name: dossiers_visible_to(getattr(world, name)).filter(pk=dossier.pk).exists()
        for name in (
            "counter_officer",
            "specialist",
            "section_head",
            "agency_head",
            "clerk",
            "outsider",
            "citizen",
        )
    }
    assert visible == {
        "counter_officer": True,
        "specialist": True,
        "section_head": True,
        "agency_head": True,  # the department is an involved unit
        "clerk": True,
        "outsider": False,
        "citizen": False,  # not the applicant's account
    }
    assert not dossiers_visible_to(AnonymousUser()).exists()


def test_outsider_gets_not_found_not_forbidden(world, dossier):
    with pytest.raises(NotFoundError):
        access_dossier(actor=world.outsider, code=dossier.code)


def test_action_matrix(world, dossier):
    rows = {
        action: [
            name
            for name in ("counter_officer", "specialist", "section_head", "agency_head", "clerk", "outsider")
            if may(getattr(world, name), action, dossier)
        ]
        for action in (
            Action.FORWARD,
            Action.REASSIGN,
            Action.STOP,
            Action.RETURN_RESULT,
            Action.APPROVE,
            Action.RECALL,
            Action.REQUEST_SUPPLEMENT,
            Action.APPROVE_APOLOGY,
        )
    }
    assert rows == {
        Action.FORWARD: ["specialist"],
        Action.REASSIGN: ["section_head", "agency_head"],  # leaders of the unit or above it
        Action.STOP: ["agency_head"],
        Action.RETURN_RESULT: ["counter_officer"],
        Action.APPROVE: [],  # the current step is not an approval step
        Action.RECALL: ["counter_officer"],
        Action.REQUEST_SUPPLEMENT: ["specialist"],
        Action.APPROVE_APOLOGY: ["agency_head"],  # the apology is issued in the agency's name
    }


@pytest.mark.parametrize("who", ["outsider", "clerk", "counter_officer", "citizen"])
def test_denied_forward_changes_nothing(world, dossier, who):
    audit_before = AuditRecord.objects.count()
    history_before = dossier.history.count()
    with pytest.raises(PermissionDenied):
        services.dossier_forward(actor=getattr(world, who), dossier=dossier, assignee=world.section_head)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.current_assignee) == (4, world.specialist)
    assert dossier.history.count() == history_before
    assert AuditRecord.objects.count() == audit_before


def test_receiving_needs_the_desk_role_in_that_unit(world):
    with pytest.raises(PermissionDenied):
        services.dossier_receive(
            actor=world.specialist, unit=world.centre, case=world.case, applicant=applicant()
        )
    assert AuditRecord.objects.count() == 0
