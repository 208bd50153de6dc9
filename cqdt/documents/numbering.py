"""Numbers and notations (số, ký hiệu; Decree 30/2020 art. 15 and Appendix III) from locked counter rows.

A register hands out 1, 2, 3… from 1 January to 31 December (Vietnam time). The counter row of the register
and year is locked until the caller's transaction ends, so concurrent numberings queue behind each other
and a rollback gives the number back: no gap, no duplicate.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cqdt.agencies.models import Agency, AgencyKind
from cqdt.core.calendar import legal_time_zone
from cqdt.documents.models import DocumentType, Register, RegisterCounter

_ABBREVIATION = re.compile(r"[^\s/\-]{1,30}")
_SKIPPED_WORDS = frozenset({"phòng", "ban", "bộ", "phận"})


def legal_date(moment: datetime) -> date:
    return moment.astimezone(legal_time_zone()).date()


def next_number(*, register: Register, year: int) -> int:
    """The next number of `register` in `year`. Call inside a transaction."""
    counter = RegisterCounter.objects.select_for_update().filter(register=register, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                RegisterCounter.objects.create(register=register, year=year, last_number=0)
        except IntegrityError:
            pass  # another transaction created the year's row first; wait for its lock below
        counter = RegisterCounter.objects.select_for_update().get(register=register, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def format_number(number: int) -> str:
    """Numbers below 10 get a leading zero: 5 → "05"."""
    return f"{number:02d}"


def outgoing_notation(
    *, document_type: DocumentType, issuer_abbreviation: str, drafting_unit_abbreviation: str
) -> str:
    """`{type}-{issuer}` ("QĐ-UBND"); for a công văn (no type abbreviation) `{issuer}-{drafting unit}`."""
    if not issuer_abbreviation:
        raise ValidationError("Sổ đăng ký chưa có chữ viết tắt tên cơ quan ban hành; không thể cấp số.")
    if document_type.abbreviation:
        return f"{document_type.abbreviation}-{issuer_abbreviation}"
    if not drafting_unit_abbreviation:
        raise ValidationError(
            f"{document_type.name} cần chữ viết tắt tên đơn vị soạn thảo để ghi ký hiệu (ví dụ “UBND-VP”)."
        )
    return f"{issuer_abbreviation}-{drafting_unit_abbreviation}"


def check_abbreviation(value: str, *, field: str) -> None:
    if value and not _ABBREVIATION.fullmatch(value):
        raise ValidationError(
            {field: "Chữ viết tắt không được chứa khoảng trắng, dấu “/” hoặc dấu “-” (ví dụ: “UBND”, “VP”)."}
        )


def default_abbreviation(agency: Agency) -> str:
    """A starting value the clerk or drafter can change: the short name if it is one word, else initials."""
    short = agency.short_name.strip()
    if short and _ABBREVIATION.fullmatch(short):
        return short
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
        return "UBND"
    words = [w for w in re.split(r"[\s,\-]+", agency.name) if w]
    if len(words) > 1 and words[0].lower() in _SKIPPED_WORDS:
        words = words[1:]
    return "".join(word[0].upper() for word in words)[:30]
