"""Synthetic applicants: Vietnamese names, 12-digit personal numbers, mobile numbers, enterprise names.

Every value is made up from the seed; none belongs to a real person. Personal numbers use the Lạng Sơn
prefix (020) and the century/sex digit of the real format, so they look right on a slip and validate
as 12 digits, but they are not real citizens' numbers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

FAMILY_NAMES = (
    "Nguyễn", "Hoàng", "Nông", "Lương", "Vi", "Triệu", "Lăng", "Lộc", "Bế", "Chu", "Mã", "Hà", "Lý",
    "Đinh", "Phùng", "Trần", "Lê", "Phạm", "Vũ", "Đặng", "Bùi", "Đỗ", "Hứa", "Dương", "Hoàng",
)  # fmt: skip
MIDDLE_NAMES_MALE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc")
MIDDLE_NAMES_FEMALE = ("Thị", "Thị", "Thu", "Minh", "Ngọc", "Thanh", "Hồng", "Kim")
GIVEN_NAMES_MALE = (
    "Thụ", "Mạnh", "Long", "Hải", "Dũng", "Toàn", "Hùng", "Khánh", "Sơn", "Nam", "Huy", "Thắng",
    "Tuấn", "Cường", "Hưng", "Phúc", "Quân", "Trung", "Việt", "Bình", "An", "Đạt", "Kiên", "Lâm",
)  # fmt: skip
GIVEN_NAMES_FEMALE = (
    "Hoa", "Thảo", "Mai", "Lan", "Hạnh", "Thủy", "Hương", "Nhung", "Phương", "Hà", "Tâm", "Anh",
    "Linh", "Trang", "Ngân", "Yến", "Huyền", "Oanh", "Dung", "Vân", "Chi", "Ly", "Hằng", "Nga",
)  # fmt: skip
ENTERPRISE_TRADES = (
    "Thương mại và Dịch vụ", "Xây dựng", "Vận tải", "Nông sản", "Du lịch", "Xuất nhập khẩu",
    "Chế biến gỗ", "Vật liệu xây dựng",
)  # fmt: skip
PHONE_PREFIXES = ("091", "094", "088", "098", "097", "096", "086", "032", "033", "035", "070", "077")


@dataclass(frozen=True)
class Applicant:
    kind: str  # ApplicantType value
    name: str
    id_number: str
    birth_date: date | None
    phone: str


def person(rng: random.Random, *, today: date) -> Applicant:
    female = rng.random() < 0.5
    family = rng.choice(FAMILY_NAMES)
    middle = rng.choice(MIDDLE_NAMES_FEMALE if female else MIDDLE_NAMES_MALE)
    given = rng.choice(GIVEN_NAMES_FEMALE if female else GIVEN_NAMES_MALE)
    born = today - timedelta(days=rng.randint(18 * 365, 80 * 365))
    century_sex = (0 if born.year < 2000 else 2) + (1 if female else 0)
    id_number = f"020{century_sex}{born.year % 100:02d}{rng.randrange(1_000_000):06d}"
    return Applicant("citizen", f"{family} {middle} {given}", id_number, born, phone(rng))


def enterprise(rng: random.Random) -> Applicant:
    owner = rng.choice(FAMILY_NAMES)
    name = f"Công ty TNHH {rng.choice(ENTERPRISE_TRADES)} {owner} {rng.choice(GIVEN_NAMES_MALE)}"
    return Applicant("enterprise", name, f"49{rng.randrange(100_000_000):08d}", None, phone(rng))


def phone(rng: random.Random) -> str:
    return f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10_000_000):07d}"
