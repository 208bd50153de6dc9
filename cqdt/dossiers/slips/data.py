"""The data of each slip (Mẫu 01–05), read from the models in a fixed number of queries.

Every function returns a JSON-serialisable dict that the matching typst template in `templates/` prints
as it is: all formatting (dates, upper case, labels) happens here, where it is tested.
"""

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.core.qr import qr_svg
from cqdt.dossiers.models import (
    Apology,
    ApologyStatus,
    ApplicantType,
    Dossier,
    DossierHistory,
    DossierPause,
    DossierStep,
    Timeliness,
)
from cqdt.dossiers.selectors import dossier_tracking_url
from cqdt.dossiers.slips.formatting import format_date, format_time, place_date_line, place_name
from cqdt.dossiers.status import Action

SlipData = dict[str, Any]

NO_APPOINTMENT = "Không có ngày hẹn trả"

# History actions that move a dossier from one holder to another (a row of Mẫu 05).
HANDOFF_ACTIONS = frozenset(
    {
        Action.FORWARD,
        Action.SEND_BACK,
        Action.REASSIGN,
        Action.RECALL,
        Action.TRANSFER,
        Action.TRANSFER_BACK,
        Action.RECORD_RESULT,
        Action.RETURN_RESULT,
    }
)
RECEPTION_ACTIONS = (Action.RECEIVE, Action.ACCEPT_ONLINE)
REFUSAL_ACTIONS = (Action.REFUSE_RECEPTION, Action.DECLINE)


def _dossiers() -> QuerySet[Dossier]:
    return Dossier.objects.select_related(
        "procedure", "case", "receiving_unit", "handling_agency", "applicant_address_unit"
    )


def _ancestry(agency: Agency) -> list[Agency]:
    """The agency and its ancestors, root first, in one query (from the materialised path)."""
    ids = [int(part) for part in agency.path.strip("/").split("/") if part]
    if agency.pk not in ids:
        return [agency]
    by_id = {a.pk: a for a in Agency.objects.filter(pk__in=ids).select_related("administrative_unit")}
    return [by_id[pk] for pk in ids if pk in by_id]


def _header(agency: Agency, when: Any) -> SlipData:
    """The left block (governing agency, issuing agency) and the place-and-date line under the motto."""
    chain = _ancestry(agency)
    parent = chain[-2] if len(chain) > 1 else None
    unit: AdministrativeUnit | None = next(
        (a.administrative_unit for a in reversed(chain) if a.administrative_unit_id), None
    )
    return {
        "parent": parent.name.upper() if parent else "",
        "agency": agency.name.upper(),
        "place_date": place_date_line(place_name(unit), when),
    }


def _address(dossier: Dossier) -> str:
    address = dossier.applicant_address.strip()
    unit = dossier.applicant_address_unit
    if unit is not None and unit.name not in address:
        return f"{address}, {unit.name}" if address else unit.name
    return address


def _applicant(dossier: Dossier) -> SlipData:
    representative = dossier.representative if isinstance(dossier.representative, dict) else {}
    return {
        "name": dossier.applicant_name,
        "type": dossier.get_applicant_type_display(),
        "id_number": dossier.applicant_id_number,
        "birth_date": format_date(dossier.applicant_birth_date),
        "address": _address(dossier),
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "representative": str(representative.get("name", "")).strip(),
        "salutation": "Ông/Bà" if dossier.applicant_type == ApplicantType.CITIZEN else "Quý cơ quan, tổ chức",
    }


def _request(dossier: Dossier) -> SlipData:
    return {
        "procedure": dossier.procedure.name,
        "procedure_code": dossier.procedure.code,
        "case": dossier.case.name,
        "summary": dossier.summary,
    }


def _person(user: Any) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _history_row(
    dossier: Dossier, actions: tuple[str, ...], *, latest: bool = False
) -> DossierHistory | None:
    rows = DossierHistory.objects.filter(dossier=dossier, action__in=actions).select_related("actor")
    return rows.order_by("-at", "-id").first() if latest else rows.order_by("at", "id").first()


def _return_place(dossier: Dossier) -> str:
    if dossier.return_method:
        label = dossier.get_return_method_display()
        return f"{label} ({dossier.return_note})" if dossier.return_note else label
    unit = dossier.receiving_unit
    return f"{unit.name}, {unit.address}" if unit.address else unit.name


def receipt_data(dossier: Dossier) -> SlipData:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    d = _dossiers().prefetch_related("components").get(pk=dossier.pk)
    url = dossier_tracking_url(d.code)
    received = _history_row(d, RECEPTION_ACTIONS)
    return {
        "header": _header(d.receiving_unit, d.received_at or timezone.now()),
        "code": d.code,
        "unit_name": d.receiving_unit.name,
        "applicant": _applicant(d),
        "request": _request(d),
        "channel": d.get_channel_display(),
        "components": [
            {"name": c.name, "originals": c.originals, "copies": c.copies} for c in d.components.all()
        ],
        "set_count": f"{d.set_count:02d}",
        "time_limit": d.case.time_limit_label,
        "received_at": format_time(d.received_at),
        "due_at": format_time(d.due_at) or NO_APPOINTMENT,
        "return_place": _return_place(d),
        "officer": _person(received.actor) if received else "",
        "tracking_url": url,
        "qr_svg": qr_svg(url),
    }


def _requested_items(pause: DossierPause) -> list[SlipData]:
    """`requested_components` holds names, or objects with "name" and an optional "note"."""
    items = []
    for entry in pause.requested_components or []:
        if isinstance(entry, dict):
            name, note = str(entry.get("name", "")).strip(), str(entry.get("note", "")).strip()
        else:
            name, note = str(entry).strip(), ""
        if name:
            items.append({"name": name, "note": note})
    return items


def supplement_request_data(dossier: Dossier, pause: DossierPause) -> SlipData:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    d = _dossiers().get(pk=dossier.pk)
    p = DossierPause.objects.select_related("requested_by").get(pk=pause.pk, dossier=d)
    officer = p.requested_by
    return {
        "header": _header(d.receiving_unit, p.started_at),
        "code": d.code,
        "unit_name": d.receiving_unit.name,
        "applicant": _applicant(d),
        "request": _request(d),
        "received_at": format_time(d.received_at or d.submitted_at),
        "items": _requested_items(p),
        "reason": p.explanation,
        "officer": _person(officer),
        "officer_phone": officer.phone or d.receiving_unit.phone,
        "portal_url": getattr(settings, "CQDT_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
    }


def refusal_data(dossier: Dossier, reason: str) -> SlipData:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    d = _dossiers().get(pk=dossier.pk)
    refused = _history_row(d, REFUSAL_ACTIONS, latest=True)
    return {
        "header": _header(d.receiving_unit, refused.at if refused else timezone.now()),
        "code": d.code,
        "unit_name": d.receiving_unit.name,
        "applicant": _applicant(d),
        "request": _request(d),
        "channel": d.get_channel_display(),
        "submitted_at": format_time(d.submitted_at or d.received_at),
        "reason": reason.strip(),
        "officer": _person(refused.actor) if refused else "",
    }


def apology_data(apology: Apology) -> SlipData:
    """Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (issued by the handling agency)."""
    a = Apology.objects.select_related(
        "dossier__procedure",
        "dossier__case",
        "dossier__receiving_unit",
        "dossier__handling_agency",
        "dossier__applicant_address_unit",
        "decided_by",
    ).get(pk=apology.pk)
    d = a.dossier
    approved = a.status == ApologyStatus.APPROVED
    return {
        "header": _header(d.handling_agency, a.decided_at if approved and a.decided_at else a.created_at),
        "code": d.code,
        "agency_name": d.handling_agency.name,
        "receiving_unit": d.receiving_unit.name,
        "applicant": _applicant(d),
        "request": _request(d),
        "received_on": format_date(d.received_at),
        "previous_due_at": format_time(a.previous_due_at),
        "new_due_at": format_time(a.new_due_at),
        "reason": a.reason.strip(),
        "is_draft": not approved,
        "signer": _person(a.decided_by) if approved else "",
    }


def _handoff_row(row: DossierHistory, dossier: Dossier) -> SlipData:
    """A history row as a line of Mẫu 05. The services record the step just finished as `from_unit` and its
    timeliness, and the step the receiver starts as `step_name`."""
    giver_unit, receiver_unit, receiver = row.from_unit, row.to_unit, _person(row.to_user)
    if row.action == Action.RECORD_RESULT:
        receiver_unit = receiver_unit or dossier.receiving_unit  # the result goes back to the desk
    if row.action == Action.RETURN_RESULT:
        giver_unit = giver_unit or dossier.receiving_unit
    notes = [] if row.action == Action.FORWARD else [row.get_action_display()]
    if row.reason:
        notes.append(row.reason)
    return {
        "giver_unit": giver_unit.name if giver_unit else "",
        "giver": _person(row.actor),
        "receiver_unit": dossier.applicant_name
        if row.action == Action.RETURN_RESULT
        else (receiver_unit.name if receiver_unit else ""),
        "receiver": "" if row.action == Action.RETURN_RESULT else receiver,
        "at": format_time(row.at),
        "step": "" if row.action in (Action.RECORD_RESULT, Action.RETURN_RESULT) else row.step_name,
        "result": Timeliness(row.step_timeliness).label if row.step_timeliness else "",
        "note": ". ".join(notes),
    }


def process_control_data(dossier: Dossier) -> SlipData:
    """Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-off in the history."""
    history = DossierHistory.objects.filter(action__in=HANDOFF_ACTIONS).select_related(
        "actor", "from_unit", "to_unit", "to_user"
    )
    d = (
        _dossiers()
        .prefetch_related(
            Prefetch("history", queryset=history.order_by("at", "id"), to_attr="handoffs"),
            Prefetch("steps", queryset=DossierStep.objects.select_related("agency").order_by("position")),
        )
        .get(pk=dossier.pk)
    )
    steps = list(d.steps.all())
    handler_path = d.handling_agency.path or f"/{d.handling_agency_id}/"
    partners: list[str] = []
    for step in steps:
        agency = step.agency
        inside_handler = agency.pk == d.handling_agency_id or agency.path.startswith(handler_path)
        if not inside_handler and agency.pk != d.receiving_unit_id and agency.name not in partners:
            partners.append(agency.name)
    return {
        "header": _header(d.receiving_unit, d.received_at or timezone.now()),
        "code": d.code,
        "applicant": _applicant(d),
        "request": _request(d),
        "received_on": format_date(d.received_at),
        "due_at": format_time(d.due_at) or NO_APPOINTMENT,
        "rescheduled_due_at": format_time(d.rescheduled_due_at),
        "handling_agency": d.handling_agency.name,
        "partners": partners,
        "rows": [
            _handoff_row(row, d)
            for row in d.handoffs
            if row.to_unit_id or row.to_user_id or row.action in (Action.RECORD_RESULT, Action.RETURN_RESULT)
        ],
    }
