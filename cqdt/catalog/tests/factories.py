"""Test data for the catalogue. `make_procedure` goes through the services; the factories write rows directly
for read-side tests (search, API) where the audit trail does not matter."""

from decimal import Decimal
from typing import Any

import factory

from cqdt.accounts.models import StaffRole
from cqdt.agencies.models import GovernmentLevel
from cqdt.catalog import services
from cqdt.catalog.models import OnlineServiceType, Procedure, ProcedureCase, ProcedureField, ProcedureLevel
from cqdt.catalog.services import CaseData, ProcedureData, StepData
from cqdt.catalog.validation import parse_national_code
from cqdt.core.text import search_text

FOUR_HOUR_PROCESS = [
    StepData("Tiếp nhận, kiểm tra hồ sơ", StaffRole.ONE_STOP_OFFICER, Decimal("0.5"), "Bộ phận Một cửa"),
    StepData(
        "Thẩm định, ghi sổ, dự thảo kết quả", StaffRole.SPECIALIST, Decimal(2), "Công chức Tư pháp - Hộ tịch"
    ),
    StepData("Ký kết quả", StaffRole.AGENCY_HEAD, Decimal(1), "Lãnh đạo UBND xã"),
    StepData("Đóng dấu, chuyển trả kết quả", StaffRole.CLERK, Decimal("0.5"), "Văn thư"),
]


def three_day_process() -> list[StepData]:
    return [
        StepData("Tiếp nhận hồ sơ", StaffRole.ONE_STOP_OFFICER, Decimal(4), "Bộ phận Một cửa"),
        StepData("Thẩm định hồ sơ", StaffRole.SPECIALIST, Decimal(14), "Phòng chuyên môn"),
        StepData("Phê duyệt", StaffRole.AGENCY_HEAD, Decimal(4), "Lãnh đạo"),
        StepData("Ban hành kết quả", StaffRole.CLERK, Decimal(2), "Văn thư"),
    ]


class ProcedureFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureField
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(ProcedureFieldFactory)
    online_service = OnlineServiceType.PARTIAL
    national_code = factory.LazyAttribute(lambda o: parse_national_code(o.code))
    search_text = factory.LazyAttribute(lambda o: search_text(o.code, o.name, o.field.name))

    @factory.post_generation
    def levels(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        for level in extracted or [GovernmentLevel.COMMUNE]:
            ProcedureLevel.objects.create(procedure=self, level=level)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureCase

    procedure = factory.SubFactory(ProcedureFactory)
    code = factory.Sequence(lambda n: f"TH{n}")
    name = factory.Sequence(lambda n: f"Trường hợp {n}")
    time_limit_amount = 3
    time_limit_unit = "working_days"


def procedure_data(field: ProcedureField, **overrides: Any) -> ProcedureData:
    values: dict[str, Any] = {
        "code": "1.001193",
        "name": "Thủ tục đăng ký khai sinh",
        "field": field,
        "levels": (GovernmentLevel.COMMUNE,),
        "online_service": OnlineServiceType.FULL,
        "legal_basis": ("Luật Hộ tịch số 60/2014/QH13",),
        "result_documents": ("Giấy khai sinh (bản chính)",),
    }
    values.update(overrides)
    return ProcedureData(**values)


def make_procedure(field: ProcedureField | None = None, **overrides: Any) -> Procedure:
    """A procedure with one 4-working-hour case, created through the services."""
    field = field or services.field_create(actor=None, code="ho-tich", name="Hộ tịch")
    procedure = services.procedure_create(actor=None, data=procedure_data(field, **overrides))
    services.case_create(
        actor=None,
        procedure=procedure,
        data=CaseData(
            code="01", name="Đăng ký khai sinh đúng hạn", time_limit_amount=4, time_limit_unit="working_hours"
        ),
        steps=FOUR_HOUR_PROCESS,
    )
    return procedure
