"""Cell parsing: numbers, dates, text and ids, one whole column at a time.

Every function takes a column of trimmed strings (a pyarrow ``ChunkedArray``) and
returns numpy arrays plus masks of the cells that could not be used; none raises
on a bad cell.

Numbers are parsed with vectorised pyarrow string kernels. Each column is German
(``1.234,56``) or English (``1,234.56``) by majority of the values that can only be
read one way; a tie (only values like ``1.234``) follows the whole file, then the
separator (``;`` -> German, else English), see :func:`parse_numbers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "STRING_DTYPE",
    "NumberColumn",
    "finish_number",
    "nonempty",
    "normalise_ids",
    "parse_dates",
    "parse_numbers",
    "prepare_number",
    "text_series",
]

#: The pandas dtype of every text column.
STRING_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)

_DE_NUMBER = r"^-?(?:(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?|,\d+)$"
_EN_NUMBER = r"^-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d",
    "%Y%m%d",
)


def nonempty(trimmed: pa.ChunkedArray) -> np.ndarray:
    """Boolean mask of the cells that hold at least one character."""
    return pc.fill_null(pc.greater(pc.utf8_length(trimmed), 0), False).to_numpy(zero_copy_only=False)


@dataclass(frozen=True)
class NumberColumn:
    """A number column cleaned of currency, spaces, ``%`` and sign forms, not yet parsed."""

    cleaned: pa.ChunkedArray
    nonempty: np.ndarray
    percent: np.ndarray
    de: np.ndarray
    en: np.ndarray

    @property
    def evidence(self) -> tuple[int, int]:
        """Cells readable only as German, only as English."""
        return int((self.de & ~self.en).sum()), int((self.en & ~self.de).sum())


def prepare_number(trimmed: pa.ChunkedArray) -> NumberColumn:
    """Clean a number column and test each cell against the German and English forms."""
    filled = nonempty(trimmed)
    s = pc.replace_substring_regex(trimmed, r"[\s\x{00A0}\x{202F}\x{2007}€]+|(?i:eur)", "")
    percent = pc.fill_null(pc.ends_with(s, "%"), False).to_numpy(zero_copy_only=False)
    if percent.any():
        s = pc.replace_substring_regex(s, r"%$", "")
    if pc.any(pc.match_substring_regex(s, r"^\+|^\(.*\)$|.-$")).as_py():
        s = pc.replace_substring_regex(s, r"^\+", "")
        s = pc.replace_substring_regex(s, r"^\((.+)\)$", r"-\1")
        s = pc.replace_substring_regex(s, r"^([^-].*)-$", r"-\1")
    de = pc.fill_null(pc.match_substring_regex(s, _DE_NUMBER), False).to_numpy(zero_copy_only=False)
    en = pc.fill_null(pc.match_substring_regex(s, _EN_NUMBER), False).to_numpy(zero_copy_only=False)
    return NumberColumn(s, filled, percent, de, en)


def finish_number(col: NumberColumn, german: bool) -> tuple[np.ndarray, np.ndarray]:
    """Return float64 values (NaN where empty or unusable) and the mask of unusable cells."""
    if german:
        ok = col.de
        s = pc.replace_substring(pc.replace_substring(col.cleaned, ".", ""), ",", ".")
    else:
        ok = col.en
        s = pc.replace_substring(col.cleaned, ",", "")
    s = pc.if_else(pa.array(ok), s, pa.scalar(None, pa.string()))
    # "12," / ",5" forms: make them castable
    s = pc.replace_substring_regex(s, r"\.$", "")
    values = np.asarray(pc.cast(s, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    return values, col.nonempty & ~ok


def parse_numbers(
    columns: Mapping[str, pa.ChunkedArray], *, delimiter: str | None
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Parse number columns; return name -> (values, failed mask, percent mask).

    A column is German if more of its cells can only be read as German than as
    English; on a tie, the file decides the same way over all columns given, and
    on a tie there too, a ``;`` separator means German.
    """
    prepared = {n: prepare_number(c) for n, c in columns.items()}
    de = sum(p.evidence[0] for p in prepared.values())
    en = sum(p.evidence[1] for p in prepared.values())
    file_german = de > en if de != en else delimiter == ";"
    out = {}
    for n, p in prepared.items():
        d, e = p.evidence
        values, failed = finish_number(p, d > e if d != e else file_german)
        out[n] = (values, failed, p.percent)
    return out


def parse_dates(trimmed: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return datetime64[ns] values (NaT where empty/unusable), mask of unusable cells, mask of empty."""
    filled = nonempty(trimmed)
    codes, uniques = pd.factorize(
        pd.Series(trimmed.to_pandas(types_mapper=lambda t: STRING_DTYPE), copy=False), use_na_sentinel=True
    )
    uniq = pd.Series(np.asarray(uniques, dtype=object))
    parsed = pd.Series(pd.NaT, index=uniq.index, dtype="datetime64[ns]")
    todo = uniq.str.len() > 0
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        got = pd.to_datetime(uniq[todo], format=fmt, errors="coerce")
        hit = got.notna()
        if hit.any():
            parsed.loc[got.index[hit]] = got[hit].astype("datetime64[ns]")
            todo.loc[got.index[hit]] = False
    values = parsed.to_numpy()
    out = np.full(len(codes), np.datetime64("NaT"), dtype="datetime64[ns]")
    valid = codes >= 0
    out[valid] = values[codes[valid]]
    return out, filled & np.isnat(out), ~filled


def text_series(trimmed: pa.ChunkedArray) -> pd.Series:
    """String column with NaN for empty cells."""
    arr = pc.if_else(pc.greater(pc.utf8_length(trimmed), 0), trimmed, pa.scalar(None, pa.string()))
    return pd.Series(pd.array(arr, dtype=STRING_DTYPE))


def normalise_ids(trimmed: pa.ChunkedArray) -> pa.ChunkedArray:
    """``1234.0`` (an Excel number) -> ``1234``; everything else stays as written."""
    if pc.any(pc.match_substring_regex(trimmed, r"^\d+\.0+$")).as_py():
        trimmed = pc.replace_substring_regex(trimmed, r"^(\d+)\.0+$", r"\1")
    return trimmed
