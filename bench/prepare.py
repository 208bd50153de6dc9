"""Everything the load scenarios need from the benchmark database, printed as one JSON document.

Run by bench/run.py as `python -m bench.prepare` with DJANGO_SETTINGS_MODULE=bench.settings and the
benchmark database. Writes go through the accounts services (a province-level leader who may read the
whole province's statistics) and Django's own session machinery (`Client.force_login`); tokens come from
`cqdt.dossiers.api_auth.api_token_create`, the function behind `cqdt manage create_api_token`.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from cqdt.accounts.models import StaffRole, User  # noqa: E402
from cqdt.accounts.services import staff_assign, staff_user_create  # noqa: E402
from cqdt.agencies.models import Agency  # noqa: E402
from cqdt.dossiers.api_auth import api_token_create  # noqa: E402
from cqdt.dossiers.models import Dossier  # noqa: E402
from cqdt.portal.services.accounts import Registration, citizen_register  # noqa: E402

PROVINCE_LEADER = "bench.tinh.lanhdao"
DESK = "LS.P.TAMTHANH.TTPVHCC"
SAMPLE = 5000
CITIZEN_PHONE = "0987000777"


def _province_leader() -> User:
    user = User.objects.filter(username=PROVINCE_LEADER).first()
    if user is None:
        user = staff_user_create(
            actor=None,
            username=PROVINCE_LEADER,
            full_name="Lãnh đạo tỉnh (tài khoản đo hiệu năng)",
            email=f"{PROVINCE_LEADER}@demo.cqdt.invalid",
            password=os.urandom(16).hex() + "Aa1!",
        )
    staff_assign(
        actor=None, user=user, unit=Agency.objects.get(internal_code="LS.UBND"), role=StaffRole.AGENCY_HEAD
    )
    return user


def _codes(where: str, params: list[Any], limit: int = SAMPLE) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            f"SELECT code FROM dossiers_dossier WHERE {where} ORDER BY random() LIMIT %s",  # noqa: S608
            [*params, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _tracking_pairs(limit: int = SAMPLE) -> list[list[str]]:
    """Codes from the whole province with the 4 digits an applicant would type (phone, else ID number)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.17)")
        cursor.execute(
            "SELECT code, COALESCE(NULLIF(right(applicant_phone, 4), ''), right(applicant_id_number, 4)) "
            "FROM dossiers_dossier ORDER BY random() LIMIT %s",
            [limit],
        )
        return [[code, digits] for code, digits in cursor.fetchall()]


def _citizen() -> User:
    """A citizen registered by phone (no e-mail to verify), through the portal's own service."""
    user = User.objects.filter(username=CITIZEN_PHONE).first()
    if user is None:
        registration = Registration(
            identifier=CITIZEN_PHONE,
            password=os.urandom(16).hex() + "Aa1!",
            full_name="Công dân (tài khoản đo hiệu năng)",
            identity_number="020199000777",
        )
        user = citizen_register(registration=registration)
    return user


def _session(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def main() -> None:
    users = {u.username: u for u in User.objects.filter(username__startswith="tamthanh.")}
    leader = _province_leader()
    desk = Agency.objects.get(internal_code=DESK)
    root = Agency.objects.get(internal_code="LS.UBND")
    officer = users["tamthanh.motcua"]
    mine = Dossier.objects.filter(receiving_unit=desk)
    ids = sorted(mine.values_list("pk", flat=True))
    data = {
        "dossiers": Dossier.objects.count(),
        "desk_dossiers": len(ids),
        "deep_cursor": ids[len(ids) // 2] if ids else None,
        "root_agency": root.pk,
        "tokens": {
            name: api_token_create(user=user)
            for name, user in {**users, PROVINCE_LEADER: leader}.items()
            if user.kind == "staff" and name != "tamthanh.quantri"
        },
        "cookies": {
            "officer": _session(officer),
            "province": _session(leader),
            "citizen": _session(_citizen()),
        },
        "online_agency": str(Agency.objects.get(internal_code="LS.P.TAMTHANH").public_id),
        "people": {name: str(user.public_id) for name, user in users.items()},
        "province_codes": _codes("TRUE", []),
        "tracking": _tracking_pairs(),
        "desk_codes": _codes("receiving_unit_id = %s", [desk.pk]),
    }
    json.dump(data, sys.stdout)


if __name__ == "__main__":
    main()
