import pytest

from cqdt.core.text import fold_diacritics, search_text


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Cấp giấy phép xây dựng", "cap giay phep xay dung"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("  Ủy  ban nhân dân\txã Đồng Đăng ", "uy ban nhan dan xa dong dang"),
        ("Sở Nông nghiệp và Môi trường", "so nong nghiep va moi truong"),
        # the same word typed with a precomposed and a combining accent folds the same way
        ("Ho\u00e0", "hoa"),
        ("Hoa\u0300", "hoa"),
    ],
)
def test_fold_diacritics(raw, folded):
    assert fold_diacritics(raw) == folded


def test_search_text_skips_empty_parts():
    assert search_text("Sở Tư pháp", None, "", "000.00.05.H39") == "so tu phap 000.00.05.h39"
