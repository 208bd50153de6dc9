"""The demo province, Lạng Sơn: its agency directory and one staff account for every role.

The directory is loaded from `cqdt/demo/data/lang_son_*.csv` through the same importers an operator uses.
Lạng Sơn (statistical code 20) kept its boundaries in the 2025 reform. Its official agency identifier
codes are not known to us, so every identifier code is a demo code under `H99` (a province number we
believe no province uses), flagged `is_demo_code`; commune and district statistical codes are demo codes
in ranges the statistics office does not use (99xxx, 990). See docs/agency-import-format.md.
Both seed functions are idempotent.
"""

from dataclasses import dataclass
from pathlib import Path

from cqdt.accounts.models import StaffRole, User
from cqdt.accounts.services import staff_assign, staff_user_create
from cqdt.agencies.importing import ImportReport, import_administrative_units, import_agencies
from cqdt.agencies.models import Agency

DATA_DIR = Path(__file__).resolve().parent / "data"
DIRECTORY_FILES = ("lang_son_administrative_units.csv", "lang_son_agencies.csv")
DEMO_PASSWORD = "CqdtDemo@2026"  # noqa: S105  (printed for the demo; never used outside it)
DEMO_EMAIL_DOMAIN = "demo.cqdt.invalid"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    full_name: str
    role_label: str
    unit_name: str


@dataclass(frozen=True)
class _Staff:
    username: str
    full_name: str
    role: StaffRole
    unit_code: str  # internal code of the unit in lang_son_agencies.csv
    position_title: str


Role = StaffRole

# The provincial centre, Sở Tư pháp (with its Phòng Hành chính tư pháp) and phường Tam Thanh each get
# one account per role. Administrators are the only ones with access to the admin site.
DEMO_STAFF = (
    _Staff("ttpvhcc.motcua", "Hoàng Thị Thu Hà", Role.ONE_STOP_OFFICER, "LS.TTPVHCC", "Cán bộ tiếp nhận"),
    _Staff("ttpvhcc.chuyenvien", "Nông Văn Dũng", Role.SPECIALIST, "LS.TTPVHCC", "Chuyên viên"),
    _Staff(
        "ttpvhcc.lanhdaophong",
        "Lộc Thị Minh Phương",
        Role.SECTION_HEAD,
        "LS.TTPVHCC",
        "Trưởng bộ phận Tiếp nhận và trả kết quả",
    ),
    _Staff("ttpvhcc.lanhdao", "Vi Văn Thắng", Role.AGENCY_HEAD, "LS.TTPVHCC", "Giám đốc Trung tâm"),
    _Staff("ttpvhcc.vanthu", "Lương Thị Hồng Nhung", Role.CLERK, "LS.TTPVHCC", "Văn thư"),
    _Staff("ttpvhcc.quantri", "Triệu Quang Huy", Role.ADMINISTRATOR, "LS.TTPVHCC", "Quản trị hệ thống"),
    _Staff("stp.motcua", "Nguyễn Thị Lan Anh", Role.ONE_STOP_OFFICER, "LS.STP", "Cán bộ một cửa"),
    _Staff("stp.chuyenvien", "Hoàng Văn Toàn", Role.SPECIALIST, "LS.STP.HCTP", "Chuyên viên"),
    _Staff("stp.lanhdaophong", "Chu Thị Ngọc Mai", Role.SECTION_HEAD, "LS.STP.HCTP", "Trưởng phòng"),
    _Staff("stp.lanhdao", "Lăng Văn Hùng", Role.AGENCY_HEAD, "LS.STP", "Giám đốc Sở"),
    _Staff("stp.vanthu", "Hà Thị Thanh Tâm", Role.CLERK, "LS.STP.VP", "Văn thư"),
    _Staff("stp.quantri", "Đặng Minh Đức", Role.ADMINISTRATOR, "LS.STP", "Quản trị hệ thống"),
    _Staff(
        "tamthanh.motcua",
        "Lường Thị Hạnh",
        Role.ONE_STOP_OFFICER,
        "LS.P.TAMTHANH.TTPVHCC",
        "Công chức tiếp nhận",
    ),
    _Staff("tamthanh.chuyenvien", "Bế Văn Khánh", Role.SPECIALIST, "LS.P.TAMTHANH.VHXH", "Công chức"),
    _Staff("tamthanh.lanhdaophong", "Mã Thị Thủy", Role.SECTION_HEAD, "LS.P.TAMTHANH.VHXH", "Trưởng phòng"),
    _Staff("tamthanh.lanhdao", "Hoàng Văn Sơn", Role.AGENCY_HEAD, "LS.P.TAMTHANH", "Chủ tịch UBND phường"),
    _Staff("tamthanh.vanthu", "Lý Thị Hương", Role.CLERK, "LS.P.TAMTHANH", "Văn thư"),
    _Staff("tamthanh.quantri", "Phùng Văn Nam", Role.ADMINISTRATOR, "LS.P.TAMTHANH", "Quản trị hệ thống"),
)
SUPERUSER = ("admin", "Quản trị viên hệ thống")


def _check(report: ImportReport, name: str) -> None:
    if report.errors:
        details = "; ".join(f"dòng {e.row}, cột {e.column}: {e.message}" for e in report.errors)
        raise RuntimeError(f"Dữ liệu demo {name} có lỗi: {details}")


def seed_lang_son_directory() -> None:
    """Load the administrative units, then the agencies; a second run changes nothing."""
    units_file, agencies_file = (DATA_DIR / name for name in DIRECTORY_FILES)
    _check(import_administrative_units(units_file, file_format="csv"), units_file.name)
    _check(import_agencies(agencies_file, file_format="csv"), agencies_file.name)


def _user(username: str, full_name: str, *, is_staff: bool = False, is_superuser: bool = False) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return staff_user_create(
        actor=None,
        username=username,
        full_name=full_name,
        email=f"{username}@{DEMO_EMAIL_DOMAIN}",
        password=DEMO_PASSWORD,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )


def seed_demo_staff() -> list[DemoAccount]:
    """The superuser `admin` and the staff of DEMO_STAFF (needs the directory); returns their logins."""
    username, full_name = SUPERUSER
    _user(username, full_name, is_superuser=True)
    accounts = [DemoAccount(username, DEMO_PASSWORD, full_name, "Quản trị toàn hệ thống (superuser)", "—")]
    units = {unit.internal_code: unit for unit in Agency.objects.filter(internal_code__startswith="LS.")}
    for staff in DEMO_STAFF:
        unit = units[staff.unit_code]
        user = _user(staff.username, staff.full_name, is_staff=staff.role == StaffRole.ADMINISTRATOR)
        staff_assign(actor=None, user=user, unit=unit, role=staff.role, position_title=staff.position_title)
        label = str(staff.role.label)
        accounts.append(DemoAccount(staff.username, DEMO_PASSWORD, staff.full_name, label, unit.name))
    return accounts
