import pytest
from django.core.exceptions import ValidationError

from cqdt.agencies.identifiers import identifier_level, identifier_parent, validate_identifier_code


@pytest.mark.parametrize(
    "code", ["000.00.00.H41", "000.00.01.H41", "000.01.01.H08", "001.02.03.G22", "999.99.99.Z99"]
)
def test_well_formed_codes_pass(code):
    validate_identifier_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "000.00.00.h41",  # lower-case letter
        "000.00.00.41",  # no letter
        "00.00.00.H41",  # level-4 part too short
        "000.0.00.H41",
        "000.00.00.H4",
        "000.00.00.H411",
        "000-00-00-H41",
        " 000.00.00.H41",
        "000.00.00.H41 ",
        "000.00.00.HH1",
    ],
)
def test_malformed_codes_are_refused_in_vietnamese(code):
    with pytest.raises(ValidationError) as caught:
        validate_identifier_code(code)
    assert caught.value.messages == [
        f"Mã định danh “{code}” không đúng định dạng XXX.YY.ZZ.Lnn (ví dụ 000.00.01.H41)."
    ]


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("000.00.00.H41", 1, None),
        ("000.00.01.H41", 2, "000.00.00.H41"),
        ("000.03.01.H41", 3, "000.00.01.H41"),
        ("004.03.01.H41", 4, "000.03.01.H41"),
    ],
)
def test_level_and_parent_read_right_to_left(code, level, parent):
    assert identifier_level(code) == level
    assert identifier_parent(code) == parent
