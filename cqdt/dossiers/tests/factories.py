"""Test data for the one-stop back office: a small province with staff for each role and one procedure."""

from dataclasses import dataclass
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from cqdt.accounts.models import StaffAssignment, StaffRole, UserKind
from cqdt.agencies.models import Agency, AgencyKind, GovernmentLevel
from cqdt.catalog.models import Procedure as ProcedureModel
from cqdt.catalog.models import ProcedureCase, ProcedureField, ProcessStep, RequiredComponent, TimeLimitUnit

User = get_user_model()


def save_agency(agency: Agency) -> Agency:
    """Saves an agency and sets its materialised path, as the agencies services do."""
    agency.save()
    prefix = agency.parent.path if agency.parent_id else "/"  # type: ignore[union-attr]
    agency.path = f"{prefix}{agency.pk}/"
    agency.depth = agency.path.count("/") - 2
    agency.save(update_fields=["path", "depth"])
    return agency


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm {n}")
    kind = AgencyKind.DEPARTMENT
    level = GovernmentLevel.PROVINCE
    identifier_code = factory.Sequence(lambda n: f"000.00.{n % 100:02d}.H{n // 100 % 100:02d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        return save_agency(model_class(*args, **kwargs))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    kind = UserKind.STAFF
    password = factory.django.Password("Matkhau@2026")


def staff(unit: Agency, role: str, **kwargs: object) -> "User":  # type: ignore[valid-type]
    user = UserFactory(**kwargs)
    StaffAssignment.objects.create(user=user, unit=unit, role=role)
    return user


@dataclass
class World:
    province: Agency
    centre: Agency
    department: Agency
    section: Agency
    other_department: Agency
    procedure: ProcedureModel
    case: ProcedureCase
    counter_officer: "User"  # type: ignore[valid-type]
    specialist: "User"  # type: ignore[valid-type]
    section_head: "User"  # type: ignore[valid-type]
    agency_head: "User"  # type: ignore[valid-type]
    clerk: "User"  # type: ignore[valid-type]
    outsider: "User"  # type: ignore[valid-type]
    citizen: "User"  # type: ignore[valid-type]


def make_world(*, time_limit_days: int = 3, supplement_policy: str = "pause") -> World:
    """A province with a service centre, a department (with a section) handling one procedure in 4 steps."""
    province = AgencyFactory(
        name="UBND tỉnh Thử Nghiệm", kind=AgencyKind.PEOPLES_COMMITTEE, identifier_code="000.00.00.H99"
    )
    centre = AgencyFactory(
        name="Trung tâm Phục vụ hành chính công tỉnh",
        kind=AgencyKind.SERVICE_CENTRE,
        parent=province,
        identifier_code="000.00.30.H99",
    )
    department = AgencyFactory(name="Sở Tư pháp", parent=province, identifier_code="000.00.05.H99")
    section = AgencyFactory(
        name="Phòng Hành chính tư pháp",
        kind=AgencyKind.UNIT,
        parent=department,
        identifier_code="000.01.05.H99",
    )
    other_department = AgencyFactory(name="Sở Xây dựng", parent=province, identifier_code="000.00.06.H99")
    field, _ = ProcedureField.objects.get_or_create(code="LLTP", defaults={"name": "Lý lịch tư pháp"})
    procedure = ProcedureModel.objects.create(
        code="2.000488",
        name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        field=field,
        supplement_policy=supplement_policy,
    )
    procedure.agencies.add(department)
    case = ProcedureCase.objects.create(
        procedure=procedure,
        code="TH1",
        name="Cấp Phiếu lý lịch tư pháp số 1",
        time_limit_amount=time_limit_days,
        time_limit_unit=TimeLimitUnit.WORKING_DAYS,
    )
    hours = Decimal(time_limit_days * 8)
    steps = [
        ("Tiếp nhận, chuyển hồ sơ", StaffRole.ONE_STOP_OFFICER, Decimal(4)),
        ("Thẩm định hồ sơ", StaffRole.SPECIALIST, hours - Decimal(12)),
        ("Phê duyệt kết quả", StaffRole.SECTION_HEAD, Decimal(4)),
        ("Ban hành, đóng dấu kết quả", StaffRole.CLERK, Decimal(4)),
    ]
    for position, (name, role, step_hours) in enumerate(steps, start=1):
        ProcessStep.objects.create(case=case, position=position, name=name, role=role, hours=step_hours)
    RequiredComponent.objects.create(
        case=case, code="TP1", position=1, name="Tờ khai yêu cầu cấp Phiếu LLTP", originals=1
    )
    RequiredComponent.objects.create(
        case=case, code="TP2", position=2, name="Bản chụp giấy tờ tùy thân", copies=1, is_mandatory=True
    )
    return World(
        province=province,
        centre=centre,
        department=department,
        section=section,
        other_department=other_department,
        procedure=procedure,
        case=case,
        counter_officer=staff(centre, StaffRole.ONE_STOP_OFFICER, username="motcua"),
        specialist=staff(section, StaffRole.SPECIALIST, username="chuyenvien"),
        section_head=staff(section, StaffRole.SECTION_HEAD, username="truongphong"),
        agency_head=staff(department, StaffRole.AGENCY_HEAD, username="giamdoc"),
        clerk=staff(department, StaffRole.CLERK, username="vanthu"),
        outsider=staff(other_department, StaffRole.SPECIALIST, username="nguoingoai"),
        citizen=UserFactory(username="congdan", kind=UserKind.CITIZEN, full_name="Trần Thị Dân"),
    )
