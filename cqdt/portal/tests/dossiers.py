"""Dossiers made through the back-office services, for the tests after submission."""

import datetime as dt
from typing import Any

from cqdt.dossiers import services
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.tests.factories import World
from cqdt.dossiers.tests.helpers import pdf, png
from cqdt.portal.tests import support


def submitted(
    world: World, user: Any, *, phone: str = "0912345678", id_number: str = "020090001234"
) -> Dossier:
    support.open_world_online(world)
    return services.dossier_submit_online(
        applicant_user=user,
        unit=world.centre,
        case=world.case,
        applicant=services.ApplicantData(
            name=user.full_name, id_number=id_number, phone=phone, email=user.email
        ),
        form_data=support.VALID_FORM_DATA,
        uploads={"TP1": [pdf()], "TP2": [png()]},
    )


def supplement_requested(world: World, user: Any) -> Dossier:
    dossier = services.dossier_accept_online(actor=world.counter_officer, dossier=submitted(world, user))
    return services.dossier_request_supplement(
        actor=world.counter_officer,
        dossier=dossier,
        components=["Bản chụp giấy tờ tùy thân"],
        reason="Ảnh chụp căn cước bị mờ, không đọc được số.",
    )


def resolved(world: World, user: Any, *, result: Any = None) -> Dossier:
    """Accepted, handled through the four steps of the test world, the result recorded by the clerk."""
    dossier = services.dossier_accept_online(actor=world.counter_officer, dossier=submitted(world, user))
    dossier = services.dossier_forward(
        actor=world.counter_officer, dossier=dossier, assignee=world.specialist
    )
    dossier = services.dossier_forward(actor=world.specialist, dossier=dossier, assignee=world.section_head)
    dossier = services.dossier_decide(
        actor=world.section_head, dossier=dossier, approve=True, assignee=world.clerk
    )
    return services.dossier_record_result(
        actor=world.clerk,
        dossier=dossier,
        number="123/PLLTP",
        signer="Chu Thị Ngọc Mai",
        issued_on=dt.date(2026, 7, 20),
        result_file=result,
    )
