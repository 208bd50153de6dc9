"""Short-hands for the workspace and API tests: receive a dossier, move it along, count what changed."""

import datetime as dt
from dataclasses import dataclass

import time_machine

from cqdt.core.models import AuditRecord
from cqdt.dossiers import services
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.tests.factories import World
from cqdt.dossiers.tests.helpers import applicant, pdf, png

URLS = "cqdt.dossiers.tests.urls"


def receive(world: World, at: dt.datetime, **applicant_overrides: object) -> Dossier:
    with time_machine.travel(at, tick=False):
        return services.dossier_receive(
            actor=world.counter_officer,
            unit=world.centre,
            case=world.case,
            applicant=applicant(**applicant_overrides),
            uploads={"TP1": [pdf()], "TP2": [png()]},
        )


def submit_online(world: World, at: dt.datetime) -> Dossier:
    with time_machine.travel(at, tick=False):
        return services.dossier_submit_online(
            applicant_user=world.citizen, unit=world.centre, case=world.case, applicant=applicant()
        )


def at_step(world: World, dossier: Dossier, position: int, at: dt.datetime) -> Dossier:
    """Move a received dossier forward until `position` is the current step (4-step process of the world)."""
    holders = {1: world.counter_officer, 2: world.specialist, 3: world.section_head, 4: world.clerk}
    with time_machine.travel(at, tick=False):
        for current in range(1, position):
            if current == 3:
                services.dossier_decide(actor=holders[3], dossier=dossier, approve=True, assignee=holders[4])
            else:
                services.dossier_forward(
                    actor=holders[current], dossier=dossier, assignee=holders[current + 1]
                )
    return Dossier.objects.get(pk=dossier.pk)


@dataclass(frozen=True)
class Snapshot:
    status: int
    history: int
    audit: int


def snapshot(dossier: Dossier) -> Snapshot:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return Snapshot(
        status=fresh.status,
        history=fresh.history.count(),
        audit=AuditRecord.objects.filter(object_type="dossiers.Dossier", object_id=str(dossier.pk)).count(),
    )
