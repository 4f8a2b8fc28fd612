"""A raw table with its columns recognised: the common input of the customer and transaction builders.

:func:`recognise_columns` maps headers to canonical names (explicit mapping
first, then synonyms); :func:`prepare` trims every cell, drops blank rows and
checks cell lengths, and returns a frozen :class:`Table`. The builders
(:mod:`.customers`, :mod:`.transactions`) return a :class:`Built`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..columns import is_canonical, recognise_header
from ..errors import DataError
from .cells import nonempty, normalise_ids, parse_numbers
from .raw import RawTable
from .report import ProblemLog

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_REVENUE_YEARS",
    "Built",
    "Recognised",
    "Table",
    "keep_years",
    "prepare",
    "recognise_columns",
]

#: Longest accepted cell, in characters.
MAX_CELL_CHARS = 10_000
#: Number of most recent revenue years kept.
MAX_REVENUE_YEARS = 5


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
    """

    frame: pd.DataFrame
    years: list[int]
    lines_without_customer_id: int
    recognised: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    problems: ProblemLog = field(default_factory=ProblemLog)


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
                f"the header '{header}' appears twice (columns {seen[header] + 1} and {j + 1}): rename or "
                "delete one of them",
                file=name,
                row=int(raw.rows[0]) - 1 if len(raw.rows) else 1,
                column=header,
            )
        seen[header] = j
    overrides = {str(k).strip(): v for k, v in mapping.items()}
    for key, target in overrides.items():
        if target and not is_canonical(str(target)):
            raise DataError(
                f"the mapping assigns column '{key}' to '{target}', which is not a known column name "
                "(e.g. customer_id, revenue, revenue_2024, name, date, amount)",
                file=name,
            )
        if key not in seen:
            warnings.append(f"The mapping names the column '{key}', which is not in the file.")
    used: dict[str, int] = {}
    recognised: dict[str, str] = {}
    ignored: list[str] = []
    for j, header in enumerate(raw.headers):
        label = header or f"(column {j + 1} without header)"
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
            warnings.append(f"Column '{label}' also means {target}; only the first such column '{first}' is used.")
            continue
        used[target] = j
        recognised[header] = target
    return Recognised(used, recognised, ignored, warnings)


def prepare(raw: RawTable, name: str, used: dict[str, int]) -> Table:
    """Trim every cell, drop the rows blank in every column, check cell lengths.

    Raises
    ------
    DataError
        If a cell is longer than :data:`MAX_CELL_CHARS` or no data row is left.
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
    for j, col in cells.items():
        longest = pc.max(pc.utf8_length(col)).as_py() if len(col) else 0
        if longest and longest > MAX_CELL_CHARS:
            idx = int(np.argmax(pc.utf8_length(col).to_numpy(zero_copy_only=False) > MAX_CELL_CHARS))
            raise DataError(
                f"a cell has {longest:,} characters; at most {MAX_CELL_CHARS:,} are accepted",
                file=name,
                row=int(rows[idx]),
                column=raw.headers[j] or f"column {j + 1}",
            )
    if len(rows) == 0:
        raise DataError("the file has a header but no data rows", file=name)
    return Table(name, raw.headers, raw.delimiter, used, cells, rows)


def keep_years(years: list[int]) -> tuple[list[int], str | None]:
    """The last :data:`MAX_REVENUE_YEARS` of ``years`` (ascending) and a warning if some were dropped."""
    years = sorted(years)
    if len(years) <= MAX_REVENUE_YEARS:
        return years, None
    dropped = years[:-MAX_REVENUE_YEARS]
    warning = (
        f"Only the last {MAX_REVENUE_YEARS} years of revenue are used; "
        f"{', '.join(map(str, dropped))} {'was' if len(dropped) == 1 else 'were'} left out."
    )
    return years[-MAX_REVENUE_YEARS:], warning
