"""Helpers shared by the directory services."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

Actor = AbstractBaseUser | AnonymousUser | None


def snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """JSON-ready values for the audit trail; relations as primary keys."""
    out: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)  # type: ignore[union-attr]
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def differs(obj: models.Model, name: str, value: Any) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)  # type: ignore[union-attr]
    return bool(getattr(obj, name) != value)


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def merge(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def check_validity(
    errors: dict[str, list[str]], valid_from: dt.date | None, valid_to: dt.date | None
) -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        merge(errors, "valid_to", "Ngày kết thúc phải trùng hoặc sau ngày bắt đầu.")


def save_checked(obj: models.Model, **kwargs: Any) -> None:
    """Save, turning a lost race on a unique constraint into a validation error."""
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError("Dữ liệu trùng với một bản ghi khác vừa được lưu; hãy thử lại.") from error
