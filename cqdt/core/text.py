"""Vietnamese text normalisation for diacritic-insensitive search."""

import unicodedata

_SPECIAL_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def fold_diacritics(text: str) -> str:
    """Lowercase, strip accents and fold đ → d: "Cấp Giấy phép Đào" → "cap giay phep dao"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL_FOLDS))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def search_text(*parts: str | None) -> str:
    """The value of a `search_text` column built from several fields."""
    return fold_diacritics(" ".join(part for part in parts if part))
