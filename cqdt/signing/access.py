"""Who may sign with a certificate.

A person's certificate signs only for its owner. An agency's certificate (its seal) is applied by the
agency's clerk (văn thư) — usually in the agency's office, a unit under it — or by the agency's head.
"""

from typing import Any

from django.db.models import Q

from cqdt.accounts.access import active_assignments
from cqdt.accounts.models import StaffRole
from cqdt.core.errors import PermissionDeniedError
from cqdt.signing.models import Certificate


def access_certificate_for_signing(*, actor: Any, certificate: Certificate) -> Certificate:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDeniedError("Cần đăng nhập bằng tài khoản đang hoạt động để ký số.")
    if certificate.owner_user_id is not None:
        if certificate.owner_user_id != actor.pk:
            raise PermissionDeniedError("Chỉ người được cấp chứng thư số mới được ký bằng chứng thư này.")
        return certificate
    agency = certificate.owner_agency
    assert agency is not None  # the model's constraint: exactly one owner
    allowed = (
        active_assignments(user=actor)
        .filter(
            Q(role=StaffRole.CLERK, unit__path__startswith=agency.path)
            | Q(role=StaffRole.AGENCY_HEAD, unit=agency)
        )
        .exists()
    )
    if not allowed:
        raise PermissionDeniedError(
            "Chỉ văn thư hoặc lãnh đạo của cơ quan mới được ký bằng chứng thư số của cơ quan."
        )
    return certificate
