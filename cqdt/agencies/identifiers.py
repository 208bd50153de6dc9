"""Agency identifier codes (mã định danh, Decision 20/2020/QĐ-TTg, QCVN 102): `XXX.YY.ZZ.Lnn`.

The hierarchy reads right to left: `Lnn` is the level-1 body (G = central, H = province), `ZZ` a level-2
unit under it, `YY` level 3, `XXX` level 4. Children of `000.00.01.H41` are `000.YY.01.H41`.
"""

import re

from django.core.exceptions import ValidationError

IDENTIFIER_PATTERN = re.compile(r"^(?P<l4>\d{3})\.(?P<l3>\d{2})\.(?P<l2>\d{2})\.(?P<l1>[A-Z]\d{2})$")


def validate_identifier_code(value: str) -> None:
    if not IDENTIFIER_PATTERN.match(value):
        raise ValidationError(
            "Mã định danh “%(value)s” không đúng định dạng XXX.YY.ZZ.Lnn (ví dụ 000.00.01.H41).",
            code="invalid_identifier",
            params={"value": value},
        )


def identifier_level(value: str) -> int:
    """1 for `000.00.00.H41`, 2 for `000.00.01.H41`, 3 for `000.01.01.H41`, 4 for `001.01.01.H41`."""
    match = IDENTIFIER_PATTERN.match(value)
    if not match:
        raise ValueError(value)
    if match["l4"] != "000":
        return 4
    if match["l3"] != "00":
        return 3
    if match["l2"] != "00":
        return 2
    return 1


def identifier_parent(value: str) -> str | None:
    """The code of the body one level up, or None for a level-1 body."""
    match = IDENTIFIER_PATTERN.match(value)
    if not match:
        raise ValueError(value)
    level = identifier_level(value)
    if level == 1:
        return None
    parts = {"l4": match["l4"], "l3": match["l3"], "l2": match["l2"]}
    parts[{4: "l4", 3: "l3", 2: "l2"}[level]] = "000" if level == 4 else "00"
    return f"{parts['l4']}.{parts['l3']}.{parts['l2']}.{match['l1']}"
