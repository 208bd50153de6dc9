"""Writes of fields (lĩnh vực), procedures, their levels, implementing agencies and fees."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from cqdt.agencies.models import Agency, AgencyKind, GovernmentLevel
from cqdt.agencies.selectors import agency_active_on
from cqdt.catalog.models import (
    AgencyLinkSource,
    Fee,
    FeeKind,
    OnlineServiceType,
    Procedure,
    ProcedureAgency,
    ProcedureField,
    ProcedureLevel,
    SupplementPolicy,
)
from cqdt.catalog.serialization import agency_code, fee_to_dict, sorted_levels
from cqdt.catalog.services.data import (
    Actor,
    AgencyRule,
    FeeData,
    Problems,
    ProcedureData,
    list_problems,
    raise_problems,
    text_problems,
)
from cqdt.catalog.validation import local_code_problems, parse_national_code, procedure_code_problems
from cqdt.core.audit import audit_record
from cqdt.core.text import fold_diacritics, search_text

MAX_FEE_AMOUNT = 10**13


# --- fields (lĩnh vực) ----------------------------------------------------------------------------


def field_problems(
    *, code: str, name: str, exclude_pk: int | None = None, check_unique: bool = True
) -> Problems:
    """`check_unique=False` skips the database check, for the importer, which updates by code."""
    problems = {
        "code": local_code_problems(code, what="lĩnh vực"),
        "name": text_problems(name, label="Tên lĩnh vực", max_length=255),
    }
    taken = ProcedureField.objects.filter(code=code).exclude(pk=exclude_pk or 0)
    if check_unique and not problems["code"] and taken.exists():
        problems["code"].append(f"Đã có lĩnh vực mang mã «{code}».")
    return problems


@transaction.atomic
def field_create(*, actor: Actor, code: str, name: str) -> ProcedureField:
    raise_problems(field_problems(code=code, name=name))
    created = ProcedureField.objects.create(code=code, name=name)
    audit_record(actor=actor, action="catalog.field_create", obj=created, after={"code": code, "name": name})
    return created


@transaction.atomic
def field_update(*, actor: Actor, field: ProcedureField, code: str, name: str) -> ProcedureField:
    locked = ProcedureField.objects.select_for_update().get(pk=field.pk)
    raise_problems(field_problems(code=code, name=name, exclude_pk=locked.pk))
    before = {"code": locked.code, "name": locked.name}
    if before == {"code": code, "name": name}:
        return locked
    locked.code, locked.name = code, name
    locked.save(update_fields=["code", "name", "updated_at"])
    for procedure in Procedure.objects.select_for_update().filter(field=locked):
        procedure.field = locked
        procedure.search_text = _search_text(procedure)
        procedure.save(update_fields=["search_text"])
    audit_record(
        actor=actor,
        action="catalog.field_update",
        obj=locked,
        before=before,
        after={"code": code, "name": name},
    )
    return locked


# --- procedures -----------------------------------------------------------------------------------


def procedure_problems(
    data: ProcedureData, *, exclude_pk: int | None = None, check_unique: bool = True
) -> Problems:
    """`check_unique=False` skips the database check, for the importer, which updates by code."""
    problems: Problems = {
        "code": procedure_code_problems(data.code),
        "name": text_problems(data.name, label="Tên thủ tục", max_length=500),
        "levels": [],
        "online_service": [],
        "supplement_policy": [],
        "legal_basis": list_problems(data.legal_basis, label="Căn cứ pháp lý"),
        "result_documents": list_problems(data.result_documents, label="Kết quả thực hiện"),
        "agency_rules": [],
        "agencies": [],
    }
    taken = Procedure.objects.filter(code=data.code).exclude(pk=exclude_pk or 0)
    if check_unique and not problems["code"] and taken.exists():
        problems["code"].append(f"Đã có thủ tục mang mã «{data.code}».")
    if not data.levels:
        problems["levels"].append("Phải chọn ít nhất một cấp thực hiện.")
    if len(set(data.levels)) != len(data.levels):
        problems["levels"].append("Cấp thực hiện bị lặp.")
    problems["levels"] += [
        f"Cấp «{level}» không hợp lệ." for level in data.levels if level not in GovernmentLevel.values
    ]
    if data.online_service not in OnlineServiceType.values:
        problems["online_service"].append(f"Loại dịch vụ trực tuyến «{data.online_service}» không hợp lệ.")
    if data.supplement_policy not in SupplementPolicy.values:
        problems["supplement_policy"].append(
            f"Cách tính thời hạn khi bổ sung «{data.supplement_policy}» không hợp lệ."
        )
    for index, rule in enumerate(data.agency_rules, 1):
        problems["agency_rules"] += [f"Quy tắc {index}: {message}" for message in agency_rule_problems(rule)]
    for agency in data.agencies:
        if not agency_code(agency):
            problems["agencies"].append(
                f"Cơ quan «{agency.name}» chưa có mã định danh hoặc mã nội bộ nên không thể chỉ định."
            )
    return problems


def agency_rule_problems(rule: AgencyRule) -> list[str]:
    problems = []
    if rule.level not in GovernmentLevel.values:
        problems.append(f"cấp «{rule.level}» không hợp lệ.")
    if rule.kind and rule.kind not in AgencyKind.values:
        problems.append(f"loại cơ quan «{rule.kind}» không hợp lệ.")
    if len(rule.name_contains) > 255:
        problems.append("phần tên cơ quan không được dài quá 255 ký tự.")
    return problems


def _search_text(procedure: Procedure) -> str:
    return search_text(procedure.code, procedure.name, procedure.field.name)


def _procedure_snapshot(procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field.code,
        "levels": sorted_levels([row.level for row in procedure.levels.all()]),
        "online_service": procedure.online_service,
        "supplement_policy": procedure.supplement_policy,
        "is_active": procedure.is_active,
        "legal_basis": procedure.legal_basis,
        "result_documents": procedure.result_documents,
        "notes": procedure.notes,
        "agency_rules": procedure.agency_rules,
        "agencies": sorted(
            f"{agency_code(link.agency)} ({link.source})"
            for link in procedure.agency_links.select_related("agency")
        ),
    }


def _apply(procedure: Procedure, data: ProcedureData) -> None:
    procedure.code = data.code
    procedure.national_code = parse_national_code(data.code)
    procedure.name = data.name
    procedure.field = data.field
    procedure.online_service = data.online_service
    procedure.supplement_policy = data.supplement_policy
    procedure.is_active = data.is_active
    procedure.legal_basis = list(data.legal_basis)
    procedure.result_documents = list(data.result_documents)
    procedure.notes = data.notes
    procedure.agency_rules = [rule.as_dict() for rule in data.agency_rules]
    procedure.search_text = _search_text(procedure)


def _sync_levels(procedure: Procedure, levels: Sequence[str]) -> None:
    procedure.levels.exclude(level__in=levels).delete()
    existing = set(procedure.levels.values_list("level", flat=True))
    ProcedureLevel.objects.bulk_create(
        [ProcedureLevel(procedure=procedure, level=level) for level in levels if level not in existing]
    )


def rule_matches(rules: Sequence[AgencyRule]) -> list[Agency]:
    """The active agencies matched by any of the rules."""
    matched: dict[int, Agency] = {}
    for rule in rules:
        candidates = Agency.objects.filter(agency_active_on(), level=rule.level)
        if rule.kind:
            candidates = candidates.filter(kind=rule.kind)
        needle = fold_diacritics(rule.name_contains)
        for agency in candidates.order_by("path"):
            if needle in fold_diacritics(agency.name):
                matched.setdefault(agency.pk, agency)
    return list(matched.values())


def _link_agencies(procedure: Procedure, explicit: Sequence[Agency], rules: Sequence[AgencyRule]) -> bool:
    desired = {agency.pk: AgencyLinkSource.RULE for agency in rule_matches(rules)}
    desired.update({agency.pk: AgencyLinkSource.EXPLICIT for agency in explicit})
    existing = {link.agency_id: link for link in procedure.agency_links.select_for_update()}
    changed = False
    stale = [link.pk for agency_id, link in existing.items() if agency_id not in desired]
    if stale:
        ProcedureAgency.objects.filter(pk__in=stale).delete()
        changed = True
    for agency_id, source in desired.items():
        link = existing.get(agency_id)
        if link is None:
            ProcedureAgency.objects.create(procedure=procedure, agency_id=agency_id, source=source)
            changed = True
        elif link.source != source:
            link.source = source
            link.save(update_fields=["source"])
            changed = True
    return changed


@transaction.atomic
def procedure_create(*, actor: Actor, data: ProcedureData) -> Procedure:
    raise_problems(procedure_problems(data))
    procedure = Procedure()
    _apply(procedure, data)
    procedure.save()
    _sync_levels(procedure, data.levels)
    _link_agencies(procedure, data.agencies, data.agency_rules)
    audit_record(
        actor=actor, action="catalog.procedure_create", obj=procedure, after=_procedure_snapshot(procedure)
    )
    return procedure


@transaction.atomic
def procedure_update(*, actor: Actor, procedure: Procedure, data: ProcedureData) -> Procedure:
    locked = Procedure.objects.select_for_update().select_related("field").get(pk=procedure.pk)
    raise_problems(procedure_problems(data, exclude_pk=locked.pk))
    before = _procedure_snapshot(locked)
    _apply(locked, data)
    locked.save(
        update_fields=[
            "code", "national_code", "name", "field", "online_service", "supplement_policy", "is_active",
            "legal_basis", "result_documents", "notes", "agency_rules", "search_text", "updated_at",
        ]
    )  # fmt: skip
    _sync_levels(locked, data.levels)
    _link_agencies(locked, data.agencies, data.agency_rules)
    after = _procedure_snapshot(locked)
    if after != before:
        audit_record(actor=actor, action="catalog.procedure_update", obj=locked, before=before, after=after)
    return locked


def procedure_explicit_agencies(procedure: Procedure) -> list[Agency]:
    links = procedure.agency_links.filter(source=AgencyLinkSource.EXPLICIT).select_related("agency")
    return [link.agency for link in links]


@transaction.atomic
def procedure_relink_agencies(*, actor: Actor, procedure: Procedure) -> bool:
    """Apply the procedure's agency rules again (after the directory changed); True when links changed."""
    locked = Procedure.objects.select_for_update().select_related("field").get(pk=procedure.pk)
    before = _procedure_snapshot(locked)
    rules = [AgencyRule(**rule) for rule in locked.agency_rules]
    if not _link_agencies(locked, procedure_explicit_agencies(locked), rules):
        return False
    audit_record(
        actor=actor,
        action="catalog.procedure_relink_agencies",
        obj=locked,
        before=before,
        after=_procedure_snapshot(locked),
    )
    return True


def fee_problems(fee: FeeData) -> list[str]:
    problems = []
    if fee.kind not in FeeKind.values:
        problems.append(f"loại «{fee.kind}» không hợp lệ (dùng fee = phí, charge = lệ phí).")
    if fee.amount is not None and not 0 <= fee.amount < MAX_FEE_AMOUNT:
        problems.append("mức thu phải là số đồng không âm.")
    if not fee.description.strip():
        problems.append("phải ghi nội dung, điều kiện áp dụng.")
    return problems


@transaction.atomic
def procedure_set_fees(*, actor: Actor, procedure: Procedure, fees: Sequence[FeeData]) -> list[Fee]:
    """Replace the procedure's fee list (rows matched by position)."""
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    raise_problems(
        {"fees": [f"Khoản thu {index}: {p}" for index, fee in enumerate(fees, 1) for p in fee_problems(fee)]}
    )
    existing = list(Fee.objects.select_for_update().filter(procedure=locked).order_by("position"))
    before = [fee_to_dict(fee) for fee in existing]
    rows: list[Fee] = []
    for position, data in enumerate(fees, 1):
        row = (
            existing[position - 1] if position <= len(existing) else Fee(procedure=locked, position=position)
        )
        if row.pk is None or (row.kind, row.amount, row.description) != (
            data.kind,
            data.amount,
            data.description,
        ):
            row.kind, row.amount, row.description = data.kind, data.amount, data.description
            row.save()
        rows.append(row)
    Fee.objects.filter(procedure=locked, position__gt=len(fees)).delete()
    after = [fee_to_dict(fee) for fee in rows]
    if after != before:
        audit_record(
            actor=actor,
            action="catalog.procedure_set_fees",
            obj=locked,
            before={"fees": before},
            after={"fees": after},
        )
    return rows
