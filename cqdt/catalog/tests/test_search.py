import pytest
from django.db import connection

from cqdt.catalog.models import Procedure
from cqdt.catalog.selectors import procedure_list_public, procedure_search
from cqdt.catalog.tests.factories import ProcedureFactory, ProcedureFieldFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    construction = ProcedureFieldFactory(code="xay-dung", name="Hoạt động xây dựng")
    civil = ProcedureFieldFactory(code="ho-tich", name="Hộ tịch")
    ProcedureFactory(
        code="1.009994", name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", field=construction
    )
    ProcedureFactory(code="1.009995", name="Gia hạn giấy phép xây dựng", field=construction)
    ProcedureFactory(
        code="2.000633", name="Cấp Giấy phép bán lẻ rượu", field=ProcedureFieldFactory(name="Thương mại")
    )
    ProcedureFactory(code="1.001193", name="Thủ tục đăng ký khai sinh", field=civil)
    ProcedureFactory(code="1.000894", name="Thủ tục đăng ký kết hôn", field=civil, is_active=False)
    ProcedureFactory(code="1.004873", name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", field=civil)


def _codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("giay phep xay dung", ["1.009994", "1.009995"]),
        ("GIẤY PHÉP XÂY DỰNG", ["1.009994", "1.009995"]),
        ("xay dung giay phep moi", ["1.009994"]),
        ("giấy phép", ["1.009994", "1.009995", "2.000633"]),
        ("dang ky", ["1.000894", "1.001193"]),
        ("hon nhan", ["1.004873"]),
        ("ho tich", ["1.000894", "1.001193", "1.004873"]),
        ("1.0099", ["1.009994", "1.009995"]),
        ("đ", ["1.000894", "1.001193", "1.009994", "1.009995"]),
        ("ruou bia", []),
        ("", ["1.000894", "1.001193", "1.004873", "1.009994", "1.009995", "2.000633"]),
    ],
)
def test_search_ignores_accents_and_case_and_needs_every_word(catalogue, query, expected):
    assert _codes(procedure_search(Procedure.objects.all(), query)) == expected


def test_public_list_shows_active_procedures_only(catalogue):
    assert _codes(procedure_list_public(q="thu tuc dang ky")) == ["1.001193"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram index exists on PostgreSQL only")
def test_postgresql_serves_the_search_from_the_trigram_index(catalogue):
    query = procedure_search(Procedure.objects.order_by(), "giay phep").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalog_procedure_search_trgm_idx" in plan
