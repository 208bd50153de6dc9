"""What the generator needs to know about the province: procedures, desks, handlers and their staff.

The demo province (`seed_demo_province`) has staff in three places only. A province's worth of dossiers
needs someone for every step everywhere, so `ensure_staff` adds one official per role and agency through
the accounts services (`gen.<unit>.<role>`, an unguessable password nobody is told: set one with
`cqdt manage changepassword` to sign in as them). It is idempotent.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cqdt.accounts.models import StaffAssignment, StaffRole, User
from cqdt.accounts.services import staff_assign, staff_user_create
from cqdt.agencies.models import Agency, AgencyKind, GovernmentLevel
from cqdt.catalog.models import OnlineServiceType, Procedure, SupplementPolicy
from cqdt.core.text import fold_diacritics
from cqdt.generate import people

PROCESSING_ROLES = (StaffRole.SPECIALIST, StaffRole.SECTION_HEAD, StaffRole.AGENCY_HEAD, StaffRole.CLERK)
ROLE_SLUGS: dict[str, str] = {
    StaffRole.ONE_STOP_OFFICER: "motcua",
    StaffRole.SPECIALIST: "chuyenvien",
    StaffRole.SECTION_HEAD: "lanhdaophong",
    StaffRole.AGENCY_HEAD: "lanhdao",
    StaffRole.CLERK: "vanthu",
}
ROLE_TITLES: dict[str, str] = {
    StaffRole.ONE_STOP_OFFICER: "Công chức tiếp nhận và trả kết quả",
    StaffRole.SPECIALIST: "Chuyên viên",
    StaffRole.SECTION_HEAD: "Trưởng phòng",
    StaffRole.AGENCY_HEAD: "Lãnh đạo",
    StaffRole.CLERK: "Văn thư",
}
# Agencies that take inter-agency (liên thông) steps: tax and land registration are the usual partners.
PARTNER_CODES = ("LS.STP", "LS.SNNMT.VPDKDD")
# Dossiers per year are dominated by certification and civil status at the communes.
FIELD_WEIGHTS = {"chung-thuc": 12.0, "ho-tich": 5.0, "ho-kinh-doanh": 2.0, "dat-dai": 2.0}
ONLINE_SHARE: dict[str, float] = {
    OnlineServiceType.FULL: 0.5,
    OnlineServiceType.PARTIAL: 0.2,
    OnlineServiceType.NONE: 0.0,
}
ENTERPRISE_FIELDS = frozenset({"doanh-nghiep"})
_STAFF_BIRTH_REFERENCE = date(2026, 1, 1)  # only feeds the RNG that names generated officials


@dataclass(frozen=True)
class Official:
    user_id: int
    unit_id: int  # where the role is held (the unit a hand-over reaches)
    full_name: str


@dataclass(frozen=True)
class StepTemplate:
    position: int
    name: str
    role: str
    hours: Decimal
    seconds: int


@dataclass(frozen=True)
class ComponentTemplate:
    position: int
    name: str
    originals: int
    copies: int
    mandatory: bool


@dataclass(frozen=True)
class CaseInfo:
    id: int
    time_limit_amount: int | None
    time_limit_unit: str
    steps: tuple[StepTemplate, ...]
    components: tuple[ComponentTemplate, ...]


@dataclass(frozen=True)
class ProcedureInfo:
    id: int
    code: str
    name: str
    folded_name: str
    online_share: float
    restart_on_supplement: bool
    enterprise: bool
    result_summary: str
    weight: float
    cases: tuple[CaseInfo, ...]
    handlers: tuple[int, ...]


@dataclass(frozen=True)
class AgencyInfo:
    id: int
    name: str
    identifier_code: str
    address_unit_id: int | None
    address: str


@dataclass
class Directory:
    procedures: list[ProcedureInfo]
    agencies: dict[int, AgencyInfo]
    desk_of: dict[int, int]  # handling agency → the desk (receiving unit) that receives for it
    staff: dict[tuple[int, str], list[Official]]  # (step agency, role) → officials
    partners: list[tuple[int, Official]] = field(default_factory=list)
    handler_weights: dict[int, float] = field(default_factory=dict)


def _desk_for(agency: Agency, province_desk: Agency, children: dict[int, list[Agency]]) -> Agency:
    if agency.level == GovernmentLevel.COMMUNE:
        for child in children.get(agency.pk, []):
            if child.kind == AgencyKind.SERVICE_CENTRE and child.identifier_code:
                return child
    return province_desk


def _username(agency: Agency, role: str) -> str:
    return f"gen.{agency.internal_code.lower().replace('.', '-')}.{ROLE_SLUGS[role]}"


def _create_official(agency: Agency, role: str) -> None:
    username = _username(agency, role)
    user = User.objects.filter(username=username).first()
    if user is None:
        rng = random.Random(username)  # noqa: S311  (picks a name, not a secret)
        applicant = people.person(rng, today=_STAFF_BIRTH_REFERENCE)
        user = staff_user_create(
            actor=None,
            username=username,
            full_name=applicant.name,
            email=f"{username}@demo.cqdt.invalid",
            password=secrets.token_urlsafe(24),
        )
    staff_assign(actor=None, user=user, unit=agency, role=role, position_title=ROLE_TITLES[role])


def _officials(agency: Agency, role: str) -> list[Official]:
    assignments = StaffAssignment.objects.filter(
        role=role, valid_to__isnull=True, unit__path__startswith=agency.path, user__is_active=True
    ).select_related("user", "unit")
    return [
        Official(a.user_id, a.unit_id, a.user.full_name or a.user.username)
        for a in sorted(assignments, key=lambda a: (a.user.username, a.unit_id))
    ]


def _roles_needed(procedures: list[Procedure]) -> dict[int, set[str]]:
    needed: dict[int, set[str]] = defaultdict(set)
    for procedure in procedures:
        for agency in procedure.agencies.all():
            for case in procedure.cases.all():
                ordered = sorted(case.steps.all(), key=lambda s: s.position)
                needed[agency.pk].update(s.role for s in ordered[1:])
    return needed


def load_directory(*, ensure_staff: bool = True) -> Directory:
    """Read the catalogue and the directory (after `seed_demo_province`), adding officials if needed."""
    procedures = list(
        Procedure.objects.filter(is_active=True)
        .select_related("field")
        .prefetch_related("agencies", "cases__steps", "cases__components")
        .order_by("code")
    )
    agencies = {a.pk: a for a in Agency.objects.select_related("administrative_unit")}
    by_code = {a.internal_code: a for a in agencies.values() if a.internal_code}
    children: dict[int, list[Agency]] = defaultdict(list)
    for agency in sorted(agencies.values(), key=lambda a: a.pk):
        if agency.parent_id is not None:
            children[agency.parent_id].append(agency)
    province_desk = by_code["LS.TTPVHCC"]
    needed = _roles_needed(procedures)
    desk_of = {pk: _desk_for(agencies[pk], province_desk, children).pk for pk in sorted(needed)}
    partners = [by_code[code] for code in PARTNER_CODES if code in by_code]
    if ensure_staff:
        for pk in sorted(needed):
            for role in sorted(needed[pk]):
                if not _officials(agencies[pk], role):
                    _create_official(agencies[pk], role)
        for desk_pk in sorted(set(desk_of.values())):
            if not _officials(agencies[desk_pk], StaffRole.ONE_STOP_OFFICER):
                _create_official(agencies[desk_pk], StaffRole.ONE_STOP_OFFICER)
        for partner in partners:
            if not _officials(partner, StaffRole.SPECIALIST):
                _create_official(partner, StaffRole.SPECIALIST)
    staff: dict[tuple[int, str], list[Official]] = {}
    for pk in sorted(needed):
        for role in sorted(needed[pk]):
            staff[(pk, role)] = _officials(agencies[pk], role)
    for desk_pk in sorted(set(desk_of.values())):
        staff[(desk_pk, StaffRole.ONE_STOP_OFFICER)] = _officials(
            agencies[desk_pk], StaffRole.ONE_STOP_OFFICER
        )
    partner_officials = [(p.pk, o) for p in partners for o in _officials(p, StaffRole.SPECIALIST)[:1]]
    missing = sorted(
        f"{agencies[pk].internal_code}/{role}" for (pk, role), found in staff.items() if not found
    )
    if missing:
        raise RuntimeError("Thiếu cán bộ cho các vai trò: " + ", ".join(missing))
    infos = {pk: _agency_info(a) for pk, a in agencies.items()}
    return Directory(
        procedures=[_procedure_info(p) for p in procedures if p.agencies.all() and p.cases.all()],
        agencies=infos,
        desk_of=desk_of,
        staff=staff,
        partners=partner_officials,
    )


def _agency_info(agency: Agency) -> AgencyInfo:
    unit = agency.administrative_unit
    address = f"{unit.name}, tỉnh Lạng Sơn" if unit is not None and unit.kind != "province" else ""
    return AgencyInfo(agency.pk, agency.name, agency.identifier_code, unit.pk if unit else None, address)


def _procedure_info(procedure: Procedure) -> ProcedureInfo:
    cases = []
    for case in procedure.cases.all():
        if not case.is_active:
            continue
        steps = tuple(
            StepTemplate(s.position, s.name, s.role, s.hours, int(s.hours * 3600))
            for s in sorted(case.steps.all(), key=lambda s: s.position)
        )
        components = tuple(
            ComponentTemplate(c.position, c.name, c.originals, c.copies, c.is_mandatory)
            for c in sorted(case.components.all(), key=lambda c: (c.position, c.code))
        )
        if steps:
            cases.append(CaseInfo(case.pk, case.time_limit_amount, case.time_limit_unit, steps, components))
    results = procedure.result_documents or []
    return ProcedureInfo(
        id=procedure.pk,
        code=procedure.code,
        name=procedure.name,
        folded_name=fold_diacritics(procedure.name),
        online_share=ONLINE_SHARE.get(procedure.online_service, 0.0),
        restart_on_supplement=procedure.supplement_policy == SupplementPolicy.RESTART,
        enterprise=procedure.field.code in ENTERPRISE_FIELDS,
        result_summary=str(results[0])[:500] if results else procedure.name[:500],
        weight=FIELD_WEIGHTS.get(procedure.field.code, 1.0),
        cases=tuple(cases),
        handlers=tuple(sorted(a.pk for a in procedure.agencies.all())),
    )
