"""The dossier API's output: dictionaries shaped like the schemas in `api_schemas`, from loaded dossiers."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from cqdt.dossiers.api_schemas import person
from cqdt.dossiers.deadlines import DeadlineClock
from cqdt.dossiers.models import ApologyStatus, Dossier, DossierFile, DossierStatus
from cqdt.dossiers.selectors import InboxRow, candidates_for_next_step, component_files
from cqdt.dossiers.status import Action
from cqdt.dossiers.workspace_queries import available_actions, deadline_state


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    return reverse(f"{namespace}:{name}" if namespace else name, kwargs=kwargs)


def list_item(row: InboxRow, *, clock: DeadlineClock) -> dict[str, Any]:
    """One inbox row; `InboxRow.of(dossier)` for a loaded dossier."""
    return {
        "code": row.code,
        "procedure_code": row.procedure_code,
        "procedure_name": row.procedure_name,
        "applicant_name": row.applicant_name,
        "status": row.status,
        "status_label": row.status_label,
        "channel": row.channel,
        "received_at": row.received_at,
        "due_at": row.due_at,
        "rescheduled_due_at": row.rescheduled_due_at,
        "deadline_state": deadline_state(row, clock),
        "current_step": row.step_name,
        "current_assignee": (
            {"id": row.assignee_public_id, "full_name": row.assignee_name} if row.assignee_public_id else None
        ),
    }


def _file(request: HttpRequest, dossier: Dossier, stored: DossierFile) -> dict[str, Any]:
    return {
        "id": stored.public_id,
        "name": stored.original_name,
        "kind": stored.kind,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "uploaded_at": stored.created_at,
        "url": _url(request, "dossier_file", code=dossier.code, file_id=stored.public_id),
    }


def _agency(agency: Any) -> dict[str, Any]:
    return {"id": agency.public_id, "identifier_code": agency.identifier_code, "name": agency.name}


def slip_links(request: HttpRequest, dossier: Dossier) -> list[dict[str, str]]:
    """The slips that exist for the dossier, with their API addresses."""
    code = dossier.code
    links = []
    if dossier.received_at is not None:
        links.append(
            {
                "form": "01",
                "label": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                "url": _url(request, "slip_receipt", code=code),
            }
        )
    for pause in dossier.pauses.all():
        if pause.reason == "supplement":
            url = _url(request, "slip_supplement", code=code, pause_id=pause.pk)
            links.append({"form": "02", "label": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "url": url})
    if dossier.status == DossierStatus.NOT_RECEIVED:
        links.append(
            {
                "form": "03",
                "label": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
                "url": _url(request, "slip_refusal", code=code),
            }
        )
    for apology in dossier.apologies.all():
        if apology.status != ApologyStatus.REJECTED:
            url = _url(request, "slip_apology", code=code, apology_id=apology.public_id)
            links.append({"form": "04", "label": "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "url": url})
    if dossier.received_at is not None:
        links.append(
            {
                "form": "05",
                "label": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
                "url": _url(request, "slip_process_control", code=code),
            }
        )
    return links


def dossier_out(request: HttpRequest, user: Any, dossier: Dossier) -> dict[str, Any]:
    """The full dossier as the API shows it (dossier loaded by `selectors.dossier_detail`)."""
    now = timezone.now()
    actions = available_actions(user, dossier)
    wants_candidates = {Action.FORWARD, Action.APPROVE, Action.DECLINE} & set(actions)
    files = list(dossier.files.all())
    files_of = component_files(dossier)
    return {
        **list_item(InboxRow.of(dossier), clock=DeadlineClock(now)),
        "case_code": dossier.case.code,
        "case_name": dossier.case.name,
        "summary": dossier.summary,
        "receiving_unit": _agency(dossier.receiving_unit),
        "handling_agency": _agency(dossier.handling_agency),
        "submitted_at": dossier.submitted_at,
        "applicant": {
            "type": dossier.applicant_type,
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "birth_date": dossier.applicant_birth_date,
            "address": dossier.applicant_address,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "representative": dossier.representative if isinstance(dossier.representative, dict) else {},
        },
        "form_data": dossier.form_data if isinstance(dossier.form_data, dict) else {},
        "components": [
            {
                "position": c.position,
                "name": c.name,
                "originals": c.originals,
                "copies": c.copies,
                "mandatory": c.mandatory,
                "files": [_file(request, dossier, f) for f in files_of.get(c.pk, [])],
            }
            for c in dossier.components.all()
        ],
        "other_files": [_file(request, dossier, f) for f in files if f.component_id is None],
        "steps": [
            {
                "position": s.position,
                "name": s.name,
                "role": s.role,
                "agency": s.agency.name,
                "assignee": person(s.assignee),
                "started_at": s.started_at,
                "deadline": s.deadline,
                "finished_at": s.finished_at,
                "timeliness": s.timeliness,
            }
            for s in dossier.steps.all()
        ],
        "pauses": [
            {
                "id": p.pk,
                "reason": p.reason,
                "started_at": p.started_at,
                "ended_at": p.ended_at,
                "explanation": p.explanation,
                "requested_components": list(p.requested_components or []),
            }
            for p in dossier.pauses.all()
        ],
        "apologies": [
            {
                "id": a.public_id,
                "status": a.status,
                "reason": a.reason,
                "previous_due_at": a.previous_due_at,
                "new_due_at": a.new_due_at,
                "drafted_by": person(a.drafted_by),
                "decided_by": person(a.decided_by),
                "decided_at": a.decided_at,
            }
            for a in dossier.apologies.all()
        ],
        "result": {
            "decision": dossier.decision,
            "number": dossier.result_number,
            "signer": dossier.result_signer,
            "issued_on": dossier.result_issued_on,
            "summary": dossier.result_summary,
            "finished_at": dossier.finished_at,
            "timeliness": dossier.timeliness,
            "returned_at": dossier.returned_at,
            "return_method": dossier.return_method,
        },
        "available_actions": actions,
        "next_step_candidates": [person(u) for u in candidates_for_next_step(dossier)]
        if wants_candidates
        else [],
        "slips": slip_links(request, dossier),
    }
