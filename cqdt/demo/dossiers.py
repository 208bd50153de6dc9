"""Demo dossiers at phường Tam Thanh, one or more in each stage, made through the real services."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from cqdt.agencies.selectors import agency_get_by_internal_code
from cqdt.catalog.models import ProcedureCase
from cqdt.dossiers import services
from cqdt.dossiers.models import Dossier

DESK_UNIT = "LS.P.TAMTHANH.TTPVHCC"
PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân (3 ngày làm việc)

APPLICANTS = [
    ("Hoàng Văn Thụ", "020090001234", "nam", "1990-04-12", "Tày", "0912345678"),
    ("Lương Thị Hoa", "020195004321", "nu", "1995-09-02", "Nùng", "0987654321"),
    ("Nông Đức Mạnh", "020088007777", "nam", "1988-01-30", "Tày", "0977123456"),
    ("Vi Thị Thảo", "020199002468", "nu", "1999-12-24", "Nùng", "0966543210"),
    ("Triệu Văn Long", "020092003579", "nam", "1992-06-15", "Dao", "0944111222"),
    ("Đinh Thị Mai", "020097008642", "nu", "1997-03-08", "Kinh", "0933222111"),
    ("Lăng Văn Hải", "020085009753", "nam", "1985-11-11", "Tày", "0922333444"),
]


def _form(name: str, id_number: str, sex: str, born: str, ethnicity: str, phone: str) -> dict[str, Any]:
    return {
        "nguoi_yeu_cau": {
            "ho_ten": name,
            "gioi_tinh": sex,
            "ngay_sinh": born,
            "dan_toc": ethnicity,
            "quoc_tich": "Việt Nam",
            "so_dinh_danh": id_number,
            "noi_cu_tru": "Phường Tam Thanh, tỉnh Lạng Sơn",
            "so_dien_thoai": phone,
        },
        "tinh_trang": "chua_ket_hon",
        "muc_dich": "ket_hon",
    }


def _staff(username: str) -> Any:
    return get_user_model().objects.get(username=username)


@transaction.atomic
def seed_demo_dossiers() -> int:
    """Seven dossiers: waiting at the desk, with the specialist (two), awaiting the leader, waiting for a
    supplement, resolved and waiting to be returned, returned. Nothing is added when some already exist."""
    desk = agency_get_by_internal_code(code=DESK_UNIT)
    if desk is None:
        raise RuntimeError("Chưa nạp danh bạ cơ quan demo.")
    if Dossier.objects.filter(receiving_unit=desk).exists():
        return 0
    case = ProcedureCase.objects.select_related("procedure").get(procedure__code=PROCEDURE, code="01")
    officer, specialist = _staff("tamthanh.motcua"), _staff("tamthanh.chuyenvien")
    leader, clerk = _staff("tamthanh.lanhdao"), _staff("tamthanh.vanthu")

    dossiers = []
    for name, id_number, sex, born, ethnicity, phone in APPLICANTS:
        applicant = services.ApplicantData(
            name=name, id_number=id_number, phone=phone, address="Phường Tam Thanh, tỉnh Lạng Sơn"
        )
        dossiers.append(
            services.dossier_receive(
                actor=officer,
                unit=desk,
                case=case,
                applicant=applicant,
                form_data=_form(name, id_number, sex, born, ethnicity, phone),
                summary=f"Xác nhận tình trạng hôn nhân cho ông/bà {name}",
            )
        )
    waiting, *rest = dossiers
    for dossier in rest:
        services.dossier_forward(actor=officer, dossier=dossier, assignee=specialist)
    with_specialist, supplement, at_leader, resolved, returned = rest[1:]
    services.dossier_request_supplement(
        actor=specialist,
        dossier=supplement,
        components=["Giấy tờ chứng minh tình trạng hôn nhân (trích lục ghi chú ly hôn)"],
        reason="Người yêu cầu đã ly hôn nhưng chưa nộp trích lục ghi chú ly hôn.",
    )
    for dossier in (at_leader, resolved, returned):
        services.dossier_forward(actor=specialist, dossier=dossier, assignee=leader)
    for dossier in (resolved, returned):
        services.dossier_decide(actor=leader, dossier=dossier, approve=True, assignee=clerk)
        services.dossier_record_result(
            actor=clerk,
            dossier=dossier,
            number=f"{dossier.pk}/XNTTHN",
            signer="Hoàng Văn Sơn",
            issued_on=dt.date.today(),
            summary="Giấy xác nhận tình trạng hôn nhân",
        )
    services.dossier_return_result(actor=officer, dossier=returned)
    del waiting, with_specialist
    return len(dossiers)
