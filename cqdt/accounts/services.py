"""Writes to staff accounts: creating staff users and assigning roles in agency units."""

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cqdt.accounts.models import StaffAssignment, StaffRole, User, UserKind
from cqdt.agencies.models import Agency
from cqdt.core.audit import audit_record

Actor = AbstractBaseUser | AnonymousUser | None


def _user_snapshot(user: User) -> dict[str, object]:
    # Contact details and identity numbers stay out of the audit trail (personal data).
    return {
        "username": user.username,
        "full_name": user.full_name,
        "kind": user.kind,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
    }


def _assignment_snapshot(assignment: StaffAssignment) -> dict[str, object]:
    return {
        "user": assignment.user_id,
        "unit": assignment.unit_id,
        "role": assignment.role,
        "position_title": assignment.position_title,
        "valid_from": assignment.valid_from.isoformat() if assignment.valid_from else None,
        "valid_to": assignment.valid_to.isoformat() if assignment.valid_to else None,
    }


@transaction.atomic
def staff_user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    email: str,
    password: str,
    phone: str = "",
    identity_number: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """A staff account. `is_staff` (admin site access) is for administrators only; superusers imply it."""
    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        email=User.objects.normalize_email(email.strip()),
        phone=phone.strip(),
        identity_number=identity_number.strip(),
        kind=UserKind.STAFF,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        errors = {name: list(messages) for name, messages in error.message_dict.items()}
    if User.objects.filter(username__iexact=user.username).exists():
        errors.setdefault("username", []).append(f"Tên đăng nhập “{user.username}” đã được sử dụng.")
    if not user.full_name:
        errors.setdefault("full_name", []).append("Cần nhập họ và tên cán bộ.")
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors.setdefault("password", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    audit_record(actor=actor, action="user.create_staff", obj=user, after=_user_snapshot(user))
    return user


def _validate_assignment(assignment: StaffAssignment, *, is_new: bool) -> None:
    errors: dict[str, list[str]] = {}
    if assignment.role not in StaffRole.values:
        errors["role"] = [f"Vai trò “{assignment.role}” không hợp lệ."]
    if assignment.user.kind != UserKind.STAFF:
        errors["user"] = ["Chỉ tài khoản cán bộ, công chức mới được phân công vai trò."]
    if is_new and assignment.unit.valid_to is not None:
        errors["unit"] = [f"Đơn vị “{assignment.unit.name}” đã ngừng hoạt động."]
    start, end = assignment.valid_from, assignment.valid_to
    if start is not None and end is not None and end < start:
        errors["valid_to"] = ["Ngày kết thúc phải trùng hoặc sau ngày bắt đầu."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def staff_assign(
    *,
    actor: Actor,
    user: User,
    unit: Agency,
    role: str,
    position_title: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> StaffAssignment:
    """Give `user` the `role` in `unit`; if already given, update the title and dates."""
    unit = Agency.objects.get(pk=unit.pk)  # validate against the stored state, not the caller's copy
    existing = StaffAssignment.objects.select_for_update().filter(user=user, unit=unit, role=role).first()
    assignment = existing or StaffAssignment(user=user, unit=unit, role=role)
    before = _assignment_snapshot(assignment) if existing is not None else None
    assignment.position_title = position_title.strip()
    assignment.valid_from = valid_from
    assignment.valid_to = valid_to
    _validate_assignment(assignment, is_new=existing is None)
    after = _assignment_snapshot(assignment)
    if before == after:
        return assignment
    try:
        with transaction.atomic():
            assignment.save(
                update_fields=["position_title", "valid_from", "valid_to", "updated_at"] if existing else None
            )
    except IntegrityError as error:
        raise ValidationError(
            "Người dùng vừa được phân công vai trò này ở đơn vị này; hãy thử lại."
        ) from error
    audit_record(
        actor=actor,
        action="staff.assign" if existing is None else "staff.assignment_update",
        obj=assignment,
        agency_code=unit.identifier_code,
        before=before,
        after=after,
    )
    return assignment


@transaction.atomic
def staff_unassign(*, actor: Actor, user: User, unit: Agency, role: str, reason: str = "") -> bool:
    """Remove the role; the audit trail keeps who held it and when. False if the user did not hold it."""
    assignment = StaffAssignment.objects.select_for_update().filter(user=user, unit=unit, role=role).first()
    if assignment is None:
        return False
    before = _assignment_snapshot(assignment)
    audit_record(
        actor=actor,
        action="staff.unassign",
        obj=assignment,
        agency_code=unit.identifier_code,
        before=before,
        reason=reason,
    )
    assignment.delete()
    return True
