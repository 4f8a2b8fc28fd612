"""What a read found: :class:`Problem`, :class:`ReadReport`, :class:`ReadResult`.

:class:`ProblemLog` collects unusable cells as masks while a table is built and
turns the first :data:`MAX_PROBLEMS` of them into :class:`Problem` records,
sorted by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import message_of
from .cells import STRING_DTYPE

__all__ = ["MAX_PROBLEMS", "Problem", "ProblemLog", "ReadReport", "ReadResult"]

#: Problems kept in the report (the total is counted anyway).
MAX_PROBLEMS = 1_000


@dataclass(frozen=True)
class Problem:
    """One cell, or one row, that could not be used.

    Attributes
    ----------
    row
        1-based row as a spreadsheet shows it (the header is row 1).
    column
        Original header of the column (for a row left out as a whole: the first
        column concerned).
    value
        The cell text (for a row left out as a whole: the row as written).
    reason
        What is wrong and what happened to the value: a :class:`~calc.errors.Msg`, its English
        text as a ``str``, ``reason.message("de")`` in German.
    """

    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class ReadReport:
    """What :func:`calc.readers.read_data` found in a file.

    Attributes
    ----------
    file
        File name used in messages.
    kind
        ``"customers"`` or ``"transactions"``.
    encoding
        Text encoding detected (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``,
        ``"cp1252"``, ``"latin-1"``) or ``"xlsx"``.
    delimiter
        Field separator of a text file; None for a workbook.
    rows_read
        Non-blank data rows in the file (lines for a transaction table), including
        rows left out as problems.
    customers
        Rows of the resulting customer table.
    columns_recognised
        Original header -> canonical column name.
    columns_ignored
        Original headers not used (unknown, mapped to nothing, or a second column
        for the same canonical name).
    revenue_years
        Years of the ``revenue_<YYYY>`` columns, ascending; empty if ``revenue``.
    problems
        The first :data:`MAX_PROBLEMS` unusable cells and rows, by row.
    problems_total
        Number of unusable cells and rows in total.
    lines_without_customer_id
        Rows left out because they have no customer id.
    revenue_without_customer_id_eur
        Their revenue: the sum of their amounts (a transaction table) or of their newest
        revenue column (a customer table), where it is a number.
    revenue_total_eur
        The same sum over every row read, with or without a customer id: the base of
        :attr:`revenue_share_without_customer_id`.
    warnings
        Sentences about decisions taken: :class:`~calc.errors.Msg`, English as ``str``, any
        language with ``message(lang)``.
    """

    file: str
    kind: str
    encoding: str
    delimiter: str | None
    rows_read: int
    customers: int
    columns_recognised: dict[str, str] = field(default_factory=dict)
    columns_ignored: tuple[str, ...] = ()
    revenue_years: tuple[int, ...] = ()
    problems: tuple[Problem, ...] = ()
    problems_total: int = 0
    lines_without_customer_id: int = 0
    warnings: tuple[str, ...] = ()
    revenue_without_customer_id_eur: float = 0.0
    revenue_total_eur: float = 0.0

    @property
    def revenue_share_without_customer_id(self) -> float | None:
        """The share of the revenue read that sits in rows left out for lack of a customer id (a fraction).

        None where the rows read carry no revenue (a total of zero).

        Notes
        -----
        share = revenue_without_customer_id_eur / revenue_total_eur

        >>> ReadReport("f.csv", "transactions", "utf-8", ";", 4, 2, revenue_without_customer_id_eur=250.0,
        ...            revenue_total_eur=1000.0).revenue_share_without_customer_id
        0.25
        """
        if not self.revenue_total_eur:
            return None
        return self.revenue_without_customer_id_eur / self.revenue_total_eur

    def problems_frame(self, *, lang: str = "en") -> pd.DataFrame:
        """Return the kept problems as a frame with columns row, column, value, reason (in ``lang``)."""
        return pd.DataFrame(
            {
                "row": pd.Series([p.row for p in self.problems], dtype="int64"),
                "column": pd.Series([p.column for p in self.problems], dtype=STRING_DTYPE),
                "value": pd.Series([p.value for p in self.problems], dtype=STRING_DTYPE),
                "reason": pd.Series([message_of(p.reason, lang) for p in self.problems], dtype=STRING_DTYPE),
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-serialisable plain types."""
        return {
            "file": self.file,
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "rows_read": int(self.rows_read),
            "customers": int(self.customers),
            "columns_recognised": dict(self.columns_recognised),
            "columns_ignored": list(self.columns_ignored),
            "revenue_years": [int(y) for y in self.revenue_years],
            "problems": [
                {"row": int(p.row), "column": p.column, "value": p.value, "reason": p.reason}
                for p in self.problems
            ],
            "problems_total": int(self.problems_total),
            "lines_without_customer_id": int(self.lines_without_customer_id),
            "revenue_without_customer_id_eur": float(self.revenue_without_customer_id_eur),
            "revenue_total_eur": float(self.revenue_total_eur),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class ReadResult:
    """Result of :func:`calc.readers.read_data`: the canonical customer table and the report.

    ``orders`` holds a transaction log's orders in the 12-month window of
    ``levers.md`` (``customer_id``, ``order_value_eur``; one row per order, the
    input of :func:`calc.model.compute`'s ``orders``); None for a customer table.
    """

    customers: pd.DataFrame
    report: ReadReport
    orders: pd.DataFrame | None = None


@dataclass
class ProblemLog:
    """Collects problem masks; :meth:`build` makes the report's problem list at the end.

    Problems are sorted by row; within a row they keep the order they were added in.
    """

    parts: list[tuple[np.ndarray, str, np.ndarray, str]] = field(default_factory=list)
    total: int = 0

    def add(self, mask: np.ndarray, rows: np.ndarray, column: str, values: pa.ChunkedArray, reason: str) -> None:
        """Record the cells of ``values`` where ``mask`` is true (``rows`` numbers them)."""
        count = int(mask.sum())
        if not count:
            return
        self.total += count
        idx = np.flatnonzero(mask)[:MAX_PROBLEMS]
        taken = values.take(pa.array(idx)).to_pylist()
        self.parts.append((rows[idx], column, np.array(["" if v is None else v for v in taken], dtype=object), reason))

    def build(self, rows: Sequence[Problem] = ()) -> tuple[Problem, ...]:
        """Return the first :data:`MAX_PROBLEMS` problems, by row.

        ``rows`` are problems of whole rows (left out before any cell was parsed);
        they come first within their row. Count them in the total yourself.
        """
        items = [(p.row, -1, p.column, p.value, p.reason) for p in rows]
        items += [
            (int(r), i, column, str(v), reason)
            for i, (rws, column, vals, reason) in enumerate(self.parts)
            for r, v in zip(rws.tolist(), vals.tolist(), strict=True)
        ]
        items.sort(key=lambda t: (t[0], t[1]))
        return tuple(Problem(r, c, v, reason) for r, _, c, v, reason in items[:MAX_PROBLEMS])
