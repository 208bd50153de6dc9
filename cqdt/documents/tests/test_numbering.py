"""Numbers and notations: leading zeros, type and công văn notations, 1 January restart (Vietnam time)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cqdt.agencies.models import Agency, AgencyKind
from cqdt.documents import services
from cqdt.documents.models import DocumentType, IncomingDocument, RegisterCounter
from cqdt.documents.numbering import default_abbreviation, format_number, outgoing_notation
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import issued, register, signed


@pytest.mark.parametrize(("number", "text"), [(1, "01"), (9, "09"), (10, "10"), (123, "123"), (4567, "4567")])
def test_numbers_below_ten_get_a_leading_zero(number, text):
    assert format_number(number) == text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "notation"),
    [
        ("quyet-dinh", "QĐ-UBND"),
        ("quy-dinh", "QyĐ-UBND"),
        ("to-trinh", "TTr-UBND"),
        ("chuong-trinh", "CTr-UBND"),
        ("ke-hoach", "KH-UBND"),
        ("cong-van", "UBND-VP"),
        ("thu-cong", "UBND-VP"),
    ],
)
def test_notation_of_each_kind(code, notation):
    document_type = DocumentType.objects.get(code=code)
    assert (
        outgoing_notation(
            document_type=document_type, issuer_abbreviation="UBND", drafting_unit_abbreviation="VP"
        )
        == notation
    )


@pytest.mark.django_db
def test_a_cong_van_without_drafting_unit_abbreviation_cannot_be_numbered():
    with pytest.raises(ValidationError) as missing:
        outgoing_notation(
            document_type=DocumentType.objects.get(code="cong-van"),
            issuer_abbreviation="UBND",
            drafting_unit_abbreviation="",
        )
    assert missing.value.messages == [
        "Công văn cần chữ viết tắt tên đơn vị soạn thảo để ghi ký hiệu (ví dụ “UBND-VP”)."
    ]


@pytest.mark.parametrize(
    ("name", "short", "kind", "expected"),
    [
        ("Sở Tư pháp", "STP", AgencyKind.DEPARTMENT, "STP"),
        ("Ủy ban nhân dân tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn", AgencyKind.PEOPLES_COMMITTEE, "UBND"),
        ("Phòng Hành chính tư pháp", "", AgencyKind.UNIT, "HCTP"),
        ("Văn phòng Đăng ký đất đai", "VPĐKĐĐ", AgencyKind.UNIT, "VPĐKĐĐ"),
    ],
)
def test_default_abbreviations(name, short, kind, expected):
    assert default_abbreviation(Agency(name=name, short_name=short, kind=kind)) == expected


@pytest.mark.django_db
def test_outgoing_numbers_restart_on_1_january_vietnam_time(world):
    with time_machine.travel(vn(2026, 12, 31, 16, 0), tick=False):
        first, second = signed(world), signed(world)
    with time_machine.travel(vn(2026, 12, 31, 23, 59), tick=False):
        services.outgoing_issue(actor=world.clerk, document=first)
    # 00:01 on 1 January in Vietnam is still 31 December in UTC.
    with time_machine.travel(vn(2027, 1, 1, 0, 1), tick=False):
        assert dt.datetime.now(dt.UTC).date() == dt.date(2026, 12, 31)
        services.outgoing_issue(actor=world.clerk, document=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number_notation, first.year, first.issued_on) == ("01/QĐ-STP", 2026, dt.date(2026, 12, 31))
    assert (second.number_notation, second.year, second.issued_on) == ("01/QĐ-STP", 2027, dt.date(2027, 1, 1))
    assert sorted(RegisterCounter.objects.values_list("year", "last_number")) == [(2026, 1), (2027, 1)]


@pytest.mark.django_db
def test_arrival_numbers_restart_on_1_january_vietnam_time(world):
    with time_machine.travel(vn(2026, 12, 31, 23, 58), tick=False):
        register(world)
        register(world)
    with time_machine.travel(vn(2027, 1, 1, 0, 0), tick=False):
        register(world)
    assert list(IncomingDocument.objects.order_by("pk").values_list("year", "arrival_number")) == [
        (2026, 1),
        (2026, 2),
        (2027, 1),
    ]


@pytest.mark.django_db
def test_a_document_that_cannot_be_numbered_takes_no_number(world):
    with time_machine.travel(vn(2026, 3, 3, 9), tick=False):
        broken = signed(world, document_type=world.type("cong-van"), drafting_unit_abbreviation="")
        with pytest.raises(ValidationError):
            services.outgoing_issue(actor=world.clerk, document=broken)
        good = issued(world)
    assert good.number == 1
