"""A raw table with its columns recognised: the common input of the customer and transaction builders.

:func:`recognise_columns` maps headers to canonical names (explicit mapping
first, then synonyms); :func:`prepare` trims every cell, drops blank rows, sets
aside the rows that cannot be trusted and checks cell lengths, and returns a
frozen :class:`Table`. The builders (:mod:`.customers`, :mod:`.transactions`)
return a :class:`Built`.

Rows that cannot be trusted
---------------------------
* **Short rows.** A row with fewer fields than the header (see
  :class:`.raw.ShortRow`) has lost or shifted values: its cells cannot be matched
  to the columns. It is left out, with one problem naming the row, the columns
  missing and, if the row splits into the header's number of fields with another
  separator, that separator. The reading report's warnings name the file and
  the rows.
* **Many short rows refuse the file.** "Many" means more than 5 %
  (:data:`MAX_SHORT_ROW_SHARE`) of the non-blank data rows, short ones included,
  and more than two; or more than 1,000 (:data:`MAX_SHORT_ROWS`) whatever the
  share; or every data row. One or two short rows are always only problem rows.
  If most short rows split correctly with another separator, the message says
  the file mixes two separators and names both.
* **NUL bytes.** A row with a NUL byte in a cell (a few bytes of binary data in a
  text export) is left out with one problem naming the first such cell; the
  binary test of :mod:`.raw` refuses files with NUL bytes all over.

Messages, problem reasons and warnings speak both languages: errors carry a catalogue
key (``err_*``), reasons and warnings are :class:`~calc.errors.Msg` (``rd_*``); the app
and the CLI render them with ``message(lang)``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..columns import is_canonical, recognise_header
from ..errors import DataError, Msg
from .cells import nonempty, normalise_ids, parse_numbers
from .raw import DELIMITER_NAMES, RawTable
from .report import Problem, ProblemLog

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_REVENUE_YEARS",
    "MAX_SHORT_ROWS",
    "MAX_SHORT_ROW_SHARE",
    "Built",
    "Prepared",
    "Recognised",
    "Table",
    "keep_years",
    "prepare",
    "recognise_columns",
    "too_many_short_rows",
]

#: Longest accepted cell, in characters.
MAX_CELL_CHARS = 10_000
#: Number of most recent revenue years kept.
MAX_REVENUE_YEARS = 5
#: Short rows beyond this share of the data rows (and beyond two) refuse the file ...
MAX_SHORT_ROW_SHARE = 0.05
#: ... as do more short rows than this, whatever the share.
MAX_SHORT_ROWS = 1_000
#: Short rows examined for another separator.
_DELIMITER_PROBE_ROWS = 1_000
#: Longest row text kept in a problem.
_VALUE_CHARS = 200


@dataclass(frozen=True)
class Recognised:
    """Which column means what.

    Attributes
    ----------
    used
        Canonical name -> column index, for the columns used.
    recognised
        Original header -> canonical name.
    ignored
        Original headers not used.
    warnings
        Sentences about decisions taken (second columns for a name, mapping misses).
    """

    used: dict[str, int]
    recognised: dict[str, str]
    ignored: list[str]
    warnings: list[str]


@dataclass(frozen=True)
class Table:
    """Trimmed cells of the non-blank rows, addressed by canonical column name.

    Attributes
    ----------
    name
        File name for messages.
    headers
        Original headers, by column index.
    delimiter
        Field separator of a text file; None for a workbook.
    used
        Canonical name -> column index.
    cells
        Column index -> trimmed cells.
    rows
        Spreadsheet row number of each row.
    """

    name: str
    headers: list[str]
    delimiter: str | None
    used: dict[str, int]
    cells: dict[int, pa.ChunkedArray]
    rows: np.ndarray

    def col(self, canonical: str) -> pa.ChunkedArray:
        """Trimmed cells of a canonical column."""
        return self.cells[self.used[canonical]]

    def header(self, canonical: str) -> str:
        """Original header of a canonical column."""
        return self.headers[self.used[canonical]]

    def take(self, idx: np.ndarray) -> Table:
        """The table with only the rows at positions ``idx``."""
        take = pa.array(idx)
        return replace(self, cells={j: c.take(take) for j, c in self.cells.items()}, rows=self.rows[idx])

    def ids(self) -> tuple[pa.ChunkedArray, np.ndarray]:
        """Normalised customer ids and the mask of rows that have one."""
        ids = normalise_ids(self.col("customer_id"))
        return ids, nonempty(ids)

    def numbers(self, names: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Parse number columns; return canonical -> (values, failed mask, percent mask)."""
        return parse_numbers({n: self.col(n) for n in names}, delimiter=self.delimiter)


@dataclass(frozen=True)
class Built:
    """What a builder made of a :class:`Table`.

    Attributes
    ----------
    frame
        The canonical customer table.
    years
        Revenue years, ascending; empty for a ``revenue`` column.
    lines_without_customer_id
        Rows left out for lack of a customer id.
    recognised
        Original header -> canonical name, as finally used.
    warnings
        Sentences about decisions taken while building.
    problems
        The unusable cells found while building.
    orders
        A transaction log's orders in the 12-month window (``customer_id``,
        ``order_value_eur``, one row per order); None for a customer table.
    revenue_without_customer_id, revenue_total
        Revenue of the rows left out for lack of a customer id, and of every row
        (see :class:`.report.ReadReport`).
    """

    frame: pd.DataFrame
    years: list[int]
    lines_without_customer_id: int
    recognised: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    problems: ProblemLog = field(default_factory=ProblemLog)
    orders: pd.DataFrame | None = None
    revenue_without_customer_id: float = 0.0
    revenue_total: float = 0.0


def recognise_columns(raw: RawTable, name: str, mapping: Mapping[str, str | None]) -> Recognised:
    """Map each header to a canonical name: ``mapping`` first, then the synonyms.

    Raises
    ------
    DataError
        If a header appears twice or the mapping names an unknown canonical column.
    """
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for j, header in enumerate(raw.headers):
        if not header:
            continue
        if header in seen:
            raise DataError(
                key="err_header_twice", values={"header": header, "first": seen[header] + 1, "second": j + 1},
                file=name,
                row=int(raw.rows[0]) - 1 if len(raw.rows) else 1,
                column=header,
            )
        seen[header] = j
    overrides = {str(k).strip(): v for k, v in mapping.items()}
    for key, target in overrides.items():
        if target and not is_canonical(str(target)):
            raise DataError(key="err_mapping_unknown_target", values={"key": key, "target": str(target)}, file=name)
        if key not in seen:
            warnings.append(Msg("rd_warn_mapping_absent", column=key))
    used: dict[str, int] = {}
    recognised: dict[str, str] = {}
    ignored: list[str] = []
    for j, header in enumerate(raw.headers):
        label = header or Msg("rd_unnamed_column", n=str(j + 1))
        if header in overrides:
            target = overrides[header] or None
        else:
            target = recognise_header(header) if header else None
        if target is None:
            if header or bool(nonempty(pc.utf8_trim_whitespace(raw.columns[j])).any()):
                ignored.append(label)
            continue
        target = str(target)
        if target in used:
            first = raw.headers[used[target]]
            ignored.append(label)
            warnings.append(Msg("rd_warn_second_column", column=label, target=target, first=first))
            continue
        used[target] = j
        recognised[header] = target
    return Recognised(used, recognised, ignored, warnings)


@dataclass(frozen=True)
class Prepared:
    """The table of usable rows, and what was set aside on the way.

    Attributes
    ----------
    table
        Trimmed cells of the usable rows.
    rows_read
        Non-blank data rows in the file, including those left out.
    problems
        One problem per row left out as a whole (short, or holding a NUL byte).
    warnings
        Sentences about rows left out, naming the file.
    """

    table: Table
    rows_read: int
    problems: list[Problem]
    warnings: list[str]


def prepare(raw: RawTable, name: str, used: dict[str, int]) -> Prepared:
    """Trim every cell, drop blank rows, set aside short rows and rows with a NUL byte, check cell lengths.

    Raises
    ------
    DataError
        If many rows are short (see the module docstring), a cell is longer than
        :data:`MAX_CELL_CHARS`, or no data row is left.
    """
    cells = {j: pc.utf8_trim_whitespace(c) for j, c in enumerate(raw.columns)}
    filled = np.zeros(len(raw.rows), dtype=bool)
    for col in cells.values():
        filled |= nonempty(col)
    rows = raw.rows
    if not filled.all():
        keep = pa.array(np.flatnonzero(filled))
        cells = {j: c.take(keep) for j, c in cells.items()}
        rows = raw.rows[filled]
    rows_read = len(rows) + len(raw.short_rows)
    problems = _short_row_problems(raw, name, rows_read)
    warnings = []
    if problems:
        warnings.append(_left_out_warning(name, problems, "short"))
    nul_problems, has_nul = _nul_row_problems(raw.headers, cells, rows) if raw.may_hold_nul else ([], None)
    if nul_problems:
        keep = pa.array(np.flatnonzero(~has_nul))
        cells = {j: c.take(keep) for j, c in cells.items()}
        rows = rows[~has_nul]
        warnings.append(_left_out_warning(name, nul_problems, "nul"))
        problems = sorted([*problems, *nul_problems], key=lambda p: p.row)
    for j, col in cells.items():
        longest = pc.max(pc.utf8_length(col)).as_py() if len(col) else 0
        if longest and longest > MAX_CELL_CHARS:
            idx = int(np.argmax(pc.utf8_length(col).to_numpy(zero_copy_only=False) > MAX_CELL_CHARS))
            raise DataError(
                key="err_cell_too_long", values={"chars": longest, "max_chars": MAX_CELL_CHARS},
                file=name,
                row=int(rows[idx]),
                column=raw.headers[j] or f"column {j + 1}",
            )
    if len(rows) == 0:
        if problems:
            raise DataError(key="err_no_usable_rows", values={"rows": _left_out_rows(problems)}, file=name)
        raise DataError(key="err_header_only", file=name)
    return Prepared(Table(name, raw.headers, raw.delimiter, used, cells, rows), rows_read, problems, warnings)


def too_many_short_rows(short: int, rows_read: int) -> bool:
    """True if ``short`` of ``rows_read`` data rows are too many short rows to read the file.

    >>> too_many_short_rows(2, 3), too_many_short_rows(5, 100), too_many_short_rows(6, 100)
    (False, False, True)
    >>> too_many_short_rows(1_001, 1_000_000)
    True
    """
    return short > MAX_SHORT_ROWS or short > max(2, MAX_SHORT_ROW_SHARE * rows_read)


def _other_delimiter(text: str, n_fields: int, delimiter: str | None) -> str | None:
    """The separator that splits ``text`` into exactly ``n_fields`` fields, if another than the file's."""
    for other in DELIMITER_NAMES:
        if other != delimiter and len(next(csv.reader([text], delimiter=other), [])) == n_fields:
            return other
    return None


def _delimiter_label(delimiter: str | None) -> Msg:
    name = Msg("sep_" + DELIMITER_NAMES.get(delimiter or "", "none"))
    return name if delimiter in ("\t", None) else Msg("rd_separator", name=name, sign=delimiter)


def _short_row_problems(raw: RawTable, name: str, rows_read: int) -> list[Problem]:
    """One problem per short row; DataError if there are too many of them."""
    short = raw.short_rows
    if not short:
        return []
    n = len(raw.headers)
    others = [_other_delimiter(s.text, n, raw.delimiter) for s in short[:_DELIMITER_PROBE_ROWS]]
    if too_many_short_rows(len(short), rows_read) or len(short) == rows_read:
        first = Msg("rd_row" if len(short) == 1 else "rd_rows", rows=", ".join(str(s.row) for s in short[:5]))
        counted = {d: others.count(d) for d in DELIMITER_NAMES if d in others}
        other = max(counted, key=counted.get) if counted else None
        if other is not None and counted[other] * 2 > len(others):
            raise DataError(key="err_mixed_separators", values={
                "n": n, "separator": _delimiter_label(raw.delimiter), "short": len(short), "rows": rows_read,
                "other": _delimiter_label(other), "first": first}, file=name)
        raise DataError(key="err_short_rows", values={
            "short": len(short), "rows": rows_read, "n": n, "first": first,
            "separator": _delimiter_label(raw.delimiter)}, file=name)
    problems = []
    for k, s in enumerate(short):
        missing = [h or f"#{j + 1}" for j, h in enumerate(raw.headers) if j >= s.fields]
        listed = ", ".join(f"'{h}'" for h in missing[:5])
        listed = Msg("rd_more", items=listed, more=len(missing) - 5) if len(missing) > 5 else listed
        other = others[k] if k < len(others) else None
        hint = Msg("rd_seems_separator", separator=_delimiter_label(other)) if other else ""
        reason = Msg("rd_short_row", fields=s.fields, n=n, missing=listed, hint=hint)
        value = s.text if len(s.text) <= _VALUE_CHARS else s.text[:_VALUE_CHARS] + "…"
        problems.append(Problem(s.row, missing[0], value, reason))
    return problems


def _nul_row_problems(
    headers: list[str], cells: dict[int, pa.ChunkedArray], rows: np.ndarray
) -> tuple[list[Problem], np.ndarray]:
    """One problem per row with a NUL byte in a cell (naming the first such cell) and the mask of those rows."""
    has_nul = np.zeros(len(rows), dtype=bool)
    found: dict[int, tuple[str, str]] = {}
    for j, col in cells.items():
        mask = pc.fill_null(pc.match_substring(col, "\x00"), False).to_numpy(zero_copy_only=False)
        if not mask.any():
            continue
        for i in np.flatnonzero(mask & ~has_nul).tolist():
            found[i] = (headers[j] or f"#{j + 1}", col[i].as_py())
        has_nul |= mask
    problems = [
        Problem(int(rows[i]), column, value.replace("\x00", "\u2400")[:_VALUE_CHARS],
                Msg("rd_nul_row"))
        for i, (column, value) in sorted(found.items())
    ]
    return problems, has_nul


def _left_out_rows(problems: list[Problem]) -> Msg:
    rows: str | Msg = ", ".join(str(p.row) for p in problems[:10])
    if len(problems) > 10:
        rows = Msg("rd_more", items=rows, more=len(problems) - 10)
    return Msg("rd_row" if len(problems) == 1 else "rd_rows", rows=rows)


def _left_out_warning(name: str, problems: list[Problem], what: str) -> Msg:
    """The warning on rows left out; ``what`` is ``"short"`` (too few fields) or ``"nul"`` (a NUL byte)."""
    keys = {"short": ("rd_warn_short_one", "rd_warn_short_many"), "nul": ("rd_warn_nul_one", "rd_warn_nul_many")}
    key = keys[what][len(problems) != 1]
    return Msg(key, count=len(problems), file=name, rows=_left_out_rows(problems))


def keep_years(years: list[int]) -> tuple[list[int], str | None]:
    """The last :data:`MAX_REVENUE_YEARS` of ``years`` (ascending) and a warning if some were dropped."""
    years = sorted(years)
    if len(years) <= MAX_REVENUE_YEARS:
        return years, None
    dropped = years[:-MAX_REVENUE_YEARS]
    warning = Msg("rd_warn_years_one" if len(dropped) == 1 else "rd_warn_years_many", n=MAX_REVENUE_YEARS,
                  years=", ".join(map(str, dropped)))
    return years[-MAX_REVENUE_YEARS:], warning
