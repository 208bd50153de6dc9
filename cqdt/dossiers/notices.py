"""What the applicant is told at each event: the context of each notification template."""

from typing import Any

from cqdt.dossiers.models import Apology, Dossier, ReturnMethod
from cqdt.dossiers.selectors import dossier_tracking_url
from cqdt.notifications.services import message_enqueue_for_applicant


def _base(dossier: Dossier) -> dict[str, Any]:
    return {
        "applicant_name": dossier.applicant_name,
        "dossier_code": dossier.code,
        "procedure_name": dossier.procedure.name,
        "agency_name": dossier.handling_agency.name,
        "lookup_url": dossier_tracking_url(dossier.code),
    }


def _send(dossier: Dossier, template: str, extra: dict[str, Any]) -> None:
    """Email if the applicant gave an address; SMS/Zalo to their phone where a gateway is configured."""
    message_enqueue_for_applicant(
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
        template=template,
        context={**_base(dossier), **extra},
        related=dossier,
    )


def notify_received(dossier: Dossier) -> None:
    _send(
        dossier, "dossiers/received", {"received_at": dossier.received_at, "appointment_at": dossier.due_at}
    )


def notify_refused(dossier: Dossier, *, reason: str) -> None:
    _send(dossier, "dossiers/refused", {"refused_at": dossier.closed_at, "reason": reason})


def notify_supplement_requested(dossier: Dossier, *, at: Any, items: list[str], reason: str) -> None:
    _send(dossier, "dossiers/supplement_requested", {"requested_at": at, "items": items, "reason": reason})


def notify_fees_requested(dossier: Dossier, *, at: Any, amount: int, reason: str) -> None:
    amount_text = f"{amount:,} đồng".replace(",", ".")
    _send(
        dossier, "dossiers/fees_requested", {"requested_at": at, "amount_text": amount_text, "reason": reason}
    )


def notify_stopped(dossier: Dossier, *, reason: str) -> None:
    _send(dossier, "dossiers/stopped", {"stopped_at": dossier.closed_at, "reason": reason})


def notify_result_ready(dossier: Dossier) -> None:
    where = dossier.receiving_unit.name
    instructions = (
        f"Mời Ông/Bà mang giấy tiếp nhận hồ sơ và giấy tờ tùy thân đến {where} để nhận kết quả."
        if dossier.channel != "online"
        else "Ông/Bà có thể nhận kết quả điện tử trên Cổng dịch vụ công hoặc tại Bộ phận Một cửa."
    )
    _send(
        dossier,
        "dossiers/result_ready",
        {"ready_at": dossier.finished_at, "return_instructions": instructions},
    )


def notify_returned(dossier: Dossier) -> None:
    if dossier.return_method == ReturnMethod.COUNTER and dossier.channel != "online":
        return  # handed over in person: the applicant signed for it at the counter
    _send(dossier, "dossiers/returned", {"returned_at": dossier.returned_at})


def notify_apology(dossier: Dossier, apology: Apology) -> None:
    _send(
        dossier,
        "dossiers/apology",
        {
            "received_at": dossier.received_at,
            "old_appointment_at": apology.previous_due_at,
            "new_appointment_at": apology.new_due_at,
            "reason": apology.reason,
        },
    )
