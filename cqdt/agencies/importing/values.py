"""Parsing cell text into typed values; a `ValueError` carries the Vietnamese message for the report."""

import datetime as dt

from django.db.models import TextChoices

from cqdt.core.text import fold_diacritics

_TRUE = {"co", "x", "1", "true", "dung", "yes"}
_FALSE = {"", "khong", "0", "false", "sai", "no"}


def parse_date(text: str) -> dt.date | None:
    """`dd/mm/yyyy` (as written in Vietnam) or ISO `yyyy-mm-dd`; empty means no date."""
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày “{text}” không hợp lệ; dùng định dạng dd/mm/yyyy (ví dụ 01/07/2025).")


def format_date(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value is not None else ""


def parse_bool(text: str) -> bool:
    folded = fold_diacritics(text)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(f"Giá trị “{text}” không hợp lệ; dùng “có” hoặc “không”.")


def format_bool(value: bool) -> str:
    return "có" if value else "không"


def parse_choice(text: str, choices: type[TextChoices], *, what: str) -> str:
    """A choice by its code (`commune`) or its Vietnamese label (“Cấp xã”, “cap xa”, “xã”)."""
    folded = fold_diacritics(text)
    for value, label in choices.choices:
        folded_label = fold_diacritics(str(label))
        names = {value, folded_label, folded_label.split(" (")[0]}
        if folded_label.startswith("cap "):
            names.add(folded_label.split(" (")[0].removeprefix("cap "))
        if folded in names:
            return str(value)
    allowed = ", ".join(f"{value} ({label})" for value, label in choices.choices)
    raise ValueError(f"{what} “{text}” không hợp lệ; dùng một trong: {allowed}.")
