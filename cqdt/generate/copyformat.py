"""Rows of each table in PostgreSQL's COPY text format, one f-string per row.

A generic per-value formatter spent more time than the whole simulation; these know each table's
column types (lifecycle.py fixes the column order) and escape only the text columns. `str()` of an
aware datetime ("2026-11-20 17:00:00+07:00") and of a date are literals PostgreSQL reads as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


@lru_cache(maxsize=262_144)
def _t(value: str) -> str:
    """Text, escaped for COPY (names, steps and reasons repeat: cached)."""
    return value.translate(_ESCAPES)


def _u(value: str) -> str:
    """Text that is unique per row: escaped only if it needs it."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def _n(value: Any) -> Any:
    """A nullable value that needs no escaping."""
    return NULL if value is None else value


def _nt(value: str | None) -> str:
    return NULL if value is None else value.translate(_ESCAPES)


def _b(value: bool) -> str:
    return "t" if value else "f"


def _dossier(r: tuple[Any, ...]) -> str:
    return (
        f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{_u(r[4])}\t{_t(r[5])}\t{r[6]}\t{r[7]}\t{r[8]}\t{r[9]}\t{r[10]}\t"
        f"{r[11]}\t{_n(r[12])}\t{r[13]}\t{_t(r[14])}\t{_u(r[15])}\t{_n(r[16])}\t{_n(r[17])}\t{_t(r[18])}\t"
        f"{_u(r[19])}\t{_t(r[20])}\t{_n(r[21])}\t{_t(json.dumps(r[22], ensure_ascii=False))}\t{_t(r[23])}\t"
        f"{_t(json.dumps(r[24], ensure_ascii=False))}\t{r[25]}\t{_n(r[26])}\t{_n(r[27])}\t{_n(r[28])}\t"
        f"{_n(r[29])}\t{_n(r[30])}\t{_n(r[31])}\t{_n(r[32])}\t{r[33]}\t{_n(r[34])}\t{_n(r[35])}\t{_n(r[36])}\t"
        f"{_n(r[37])}\t{r[38]}\t{_u(r[39])}\t{_t(r[40])}\t{_n(r[41])}\t{_t(r[42])}\t{r[43]}\t{_t(r[44])}\t"
        f"{_u(r[45])}\n"
    )


def _step(r: tuple[Any, ...]) -> str:
    return (
        f"{r[0]}\t{r[1]}\t{r[2]}\t{_t(r[3])}\t{r[4]}\t{r[5]}\t{r[6]}\t{_n(r[7])}\t{_n(r[8])}\t{_n(r[9])}\t"
        f"{_n(r[10])}\t{r[11]}\t{_n(r[12])}\n"
    )


def _component(r: tuple[Any, ...]) -> str:
    return f"{r[0]}\t{r[1]}\t{r[2]}\t{_t(r[3])}\t{r[4]}\t{r[5]}\t{_b(r[6])}\n"


def _involved(r: tuple[Any, ...]) -> str:
    return f"{r[0]}\t{r[1]}\t{r[2]}\n"


def _file(r: tuple[Any, ...]) -> str:
    return (
        f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{_n(r[5])}\t{r[6]}\t{_t(r[7])}\t{_t(r[8])}\t{r[9]}\t"
        f"{r[10]}\t{r[11]}\t{_n(r[12])}\n"
    )


def _history(r: tuple[Any, ...]) -> str:
    return (
        f"{r[0]}\t{r[1]}\t{r[2]}\t{_n(r[3])}\t{r[4]}\t{_n(r[5])}\t{r[6]}\t{_n(r[7])}\t{_n(r[8])}\t{_n(r[9])}\t"
        f"{_t(r[10])}\t{_n(r[11])}\t{r[12]}\t{_t(r[13])}\n"
    )


def _pause(r: tuple[Any, ...]) -> str:
    return (
        f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{_n(r[4])}\t{_t(r[5])}\t"
        f"{_t(json.dumps(r[6], ensure_ascii=False))}\t{_n(r[7])}\t{_n(r[8])}\t{r[9]}\n"
    )


FORMATTERS: dict[str, Callable[[tuple[Any, ...]], str]] = {
    "dossier": _dossier,
    "step": _step,
    "component": _component,
    "involved": _involved,
    "file": _file,
    "history": _history,
    "pause": _pause,
}


def copy_text(table: str, rows: Iterable[tuple[Any, ...]]) -> bytes:
    return "".join(map(FORMATTERS[table], rows)).encode()
