"""A small province for the documents tests, built through the agencies and accounts services, and
short-hands that move documents through their flows with the real services."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import factory

from cqdt.accounts.models import StaffRole, User, UserKind
from cqdt.accounts.services import staff_assign, staff_user_create
from cqdt.agencies.models import Agency, AgencyKind, GovernmentLevel
from cqdt.agencies.services import agency_create
from cqdt.documents import services
from cqdt.documents.models import DocumentType, IncomingDocument, OutgoingDocument
from cqdt.documents.status import Channel
from cqdt.documents.tests.helpers import pdf

PASSWORD = "CqdtTest@2026"


class StaffFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"vb.canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ Văn bản {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@demo.cqdt.invalid")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return staff_user_create(actor=None, **kwargs)


def staff(unit: Agency, role: str, title: str = "", **kwargs: Any) -> User:
    user = StaffFactory(**kwargs)
    staff_assign(actor=None, user=user, unit=unit, role=role, position_title=title)
    return user


def _agency(name: str, short: str, kind: str, parent: Agency | None = None, code: str = "") -> Agency:
    level = GovernmentLevel.COMMUNE if "phường" in name else GovernmentLevel.PROVINCE
    return agency_create(
        actor=None, name=name, short_name=short, kind=kind, level=level, parent=parent, identifier_code=code
    )


@dataclass
class World:
    province: Agency
    justice: Agency
    office: Agency
    section: Agency
    section2: Agency
    interior: Agency
    interior_office: Agency
    ward: Agency
    clerk: User
    leader: User
    deputy: User
    section_head: User
    specialist: User
    section_head2: User
    specialist2: User
    other_clerk: User
    other_leader: User
    other_specialist: User
    ward_clerk: User
    province_leader: User
    citizen: User

    def type(self, code: str) -> DocumentType:
        return DocumentType.objects.get(code=code)


def make_world() -> World:
    province = _agency(
        "Ủy ban nhân dân tỉnh Thử Nghiệm", "UBND tỉnh", AgencyKind.PEOPLES_COMMITTEE, code="000.00.00.H99"
    )
    justice = _agency("Sở Tư pháp", "STP", AgencyKind.DEPARTMENT, province, "000.00.03.H99")
    office = _agency("Văn phòng Sở Tư pháp", "VP", AgencyKind.UNIT, justice, "000.01.03.H99")
    section = _agency("Phòng Hành chính tư pháp", "HCTP", AgencyKind.UNIT, justice, "000.02.03.H99")
    section2 = _agency("Phòng Bổ trợ tư pháp", "BTTP", AgencyKind.UNIT, justice, "000.03.03.H99")
    interior = _agency("Sở Nội vụ", "SNV", AgencyKind.DEPARTMENT, province, "000.00.02.H99")
    interior_office = _agency("Văn phòng Sở Nội vụ", "VP", AgencyKind.UNIT, interior, "000.01.02.H99")
    ward = _agency(
        "Ủy ban nhân dân phường Tam Thanh", "", AgencyKind.PEOPLES_COMMITTEE, province, "000.00.31.H99"
    )
    citizen = User.objects.create_user(username="congdan", password=PASSWORD, kind=UserKind.CITIZEN)
    return World(
        province=province,
        justice=justice,
        office=office,
        section=section,
        section2=section2,
        interior=interior,
        interior_office=interior_office,
        ward=ward,
        clerk=staff(office, StaffRole.CLERK, "Văn thư", username="vanthu", full_name="Hà Thị Thanh Tâm"),
        leader=staff(
            justice, StaffRole.AGENCY_HEAD, "Giám đốc", username="giamdoc", full_name="Lăng Văn Hùng"
        ),
        deputy=staff(
            justice, StaffRole.AGENCY_HEAD, "Phó Giám đốc", username="phogiamdoc", full_name="Vy Thị Hoa"
        ),
        section_head=staff(section, StaffRole.SECTION_HEAD, "Trưởng phòng", username="truongphong"),
        specialist=staff(section, StaffRole.SPECIALIST, "Chuyên viên", username="chuyenvien"),
        section_head2=staff(section2, StaffRole.SECTION_HEAD, "Trưởng phòng", username="truongphong2"),
        specialist2=staff(section2, StaffRole.SPECIALIST, "Chuyên viên", username="chuyenvien2"),
        other_clerk=staff(interior_office, StaffRole.CLERK, username="vanthu.snv"),
        other_leader=staff(interior, StaffRole.AGENCY_HEAD, username="giamdoc.snv"),
        other_specialist=staff(interior_office, StaffRole.SPECIALIST, username="chuyenvien.snv"),
        ward_clerk=staff(ward, StaffRole.CLERK, username="vanthu.phuong"),
        province_leader=staff(province, StaffRole.AGENCY_HEAD, username="chutich"),
        citizen=citizen,
    )


def metadata(world: World, **overrides: Any) -> services.IncomingMetadata:
    values: dict[str, Any] = {
        "issuer_name": "Ủy ban nhân dân tỉnh Thử Nghiệm",
        "number": "45",
        "notation": "KH-UBND",
        "issued_on": dt.date(2026, 3, 2),
        "document_type": world.type("ke-hoach"),
        "summary": "Kế hoạch triển khai công tác phổ biến, giáo dục pháp luật năm 2026",
        "signer_name": "Nguyễn Văn An",
    }
    values.update(overrides)
    return services.IncomingMetadata(**values)


def register(world: World, **overrides: Any) -> IncomingDocument:
    return services.incoming_register(
        actor=world.clerk,
        agency=world.justice,
        metadata=metadata(world, **overrides),
        main_file=pdf("ke-hoach-45.pdf", "Kế hoạch phổ biến giáo dục pháp luật"),
        channel=Channel.PAPER,
    )


def direct(world: World, document: IncomingDocument, deadline: dt.date | None = None) -> IncomingDocument:
    return services.incoming_direct(
        actor=world.leader,
        document=document,
        handling=services.Handling(lead_unit=world.section, co_units=[world.section2], deadline=deadline),
        note="Giao Phòng Hành chính tư pháp chủ trì tham mưu.",
    )


def draft(world: World, **overrides: Any) -> OutgoingDocument:
    actor = overrides.pop("actor", world.specialist)
    values: dict[str, Any] = {
        "drafting_unit": world.section,
        "document_type": world.type("quyet-dinh"),
        "summary": "Quyết định thành lập Tổ công tác kiểm tra hoạt động công chứng",
        "recipients_text": "- Như Điều 3;\n- Lưu: VT, HCTP.",
        "internal_recipients": [world.interior, world.ward],
    }
    values.update(overrides)
    return services.outgoing_create(
        actor=actor,
        draft=services.OutgoingDraft(**values),
        upload=pdf("du-thao.pdf", "Dự thảo quyết định thành lập Tổ công tác"),
    )


def approved(world: World, **overrides: Any) -> OutgoingDocument:
    document = draft(world, **overrides)
    services.outgoing_submit(actor=world.specialist, document=document)
    services.outgoing_forward(actor=world.section_head, document=document, approver=world.leader)
    return services.outgoing_approve(actor=world.leader, document=document)


def signed(world: World, **overrides: Any) -> OutgoingDocument:
    document = approved(world, **overrides)
    return services.outgoing_record_paper_signature(
        actor=world.clerk, document=document, upload=pdf("ban-ky.pdf", "Bản đã ký")
    )


def issued(world: World, **overrides: Any) -> OutgoingDocument:
    return services.outgoing_issue(actor=world.clerk, document=signed(world, **overrides))
