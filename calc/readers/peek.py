"""A look at a file the reader refused: its headers, its first rows, what was recognised, what is missing.

When a file cannot be read because a column the model needs is not recognised (a
revenue header such as ``Umsatz lfd. Jahr``), the user maps that column and reads the
file again. :func:`peek` gives what such a mapping needs, without building the
customer table: the file's headers, a preview of its first rows, the headers
recognised and ignored (as :func:`calc.readers.read_data` would place them under the
same mapping), and the columns still missing.

:func:`lines_without_customer_id` gives the rows a read left out for lack of a customer
id, as written, for the user to download and fix.

A text file is peeked at from its first :data:`PEEK_BYTES` (cut after a line end),
so a large export costs no more than its head; a workbook is read as a whole (within
the :class:`calc.limits.Limits`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import Msg
from ..limits import Limits
from ..precheck import check_upload
from .raw import load, read_raw
from .table import prepare, recognise_columns

__all__ = ["PEEK_BYTES", "PEEK_ROWS", "FilePeek", "lines_without_customer_id", "missing_columns", "peek"]

#: Rows of the preview.
PEEK_ROWS = 10
#: Bytes of a text file looked at (cut after the last line end within them).
PEEK_BYTES = 256 * 1024


@dataclass(frozen=True)
class FilePeek:
    """What :func:`peek` found in a file.

    Attributes
    ----------
    file
        File name used in messages.
    headers
        The file's headers in file order (a column without a header as ``(column 3 without header)``).
    preview
        The first rows as written, one text column per header (named as in ``headers``).
    recognised
        Original header -> canonical column name, as the reader would use them.
    ignored
        Headers not used (unknown, mapped to nothing, or a second column for a name).
    missing
        What the reader needs and does not find: ``"customer_id"`` and/or ``"revenue"``
        (a revenue column, yearly revenue columns, or the amount of a transaction table).
    """

    file: str
    headers: tuple[str, ...]
    preview: pd.DataFrame
    recognised: dict[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def missing_columns(used: Mapping[str, object]) -> tuple[str, ...]:
    """The columns a file needs and lacks, given the canonical names it uses.

    A file needs a customer id, and revenue: ``revenue``, ``revenue_<YYYY>``, an
    ``amount``, or ``quantity`` and ``unit_price`` with a ``date`` (a transaction table).

    >>> missing_columns({"customer_id": 0, "name": 1})
    ('revenue',)
    >>> missing_columns({"amount": 0, "date": 1})
    ('customer_id',)
    >>> missing_columns({"customer_id": 0, "revenue_2025": 1})
    ()
    """
    missing = []
    if "customer_id" not in used:
        missing.append("customer_id")
    has_revenue = any(c == "revenue" or str(c).startswith("revenue_") for c in used)
    has_lines = "date" in used and "quantity" in used and "unit_price" in used
    if not (has_revenue or "amount" in used or has_lines):
        missing.append("revenue")
    return tuple(missing)


def _head(data: bytes) -> bytes:
    """A text file's first :data:`PEEK_BYTES`, cut after the last line end; anything else whole."""
    if len(data) <= PEEK_BYTES or data[:2] in (b"PK", b"\xd0\xcf", b"\xff\xfe", b"\xfe\xff"):
        return data
    cut = data.rfind(b"\n", 0, PEEK_BYTES)
    return data if cut < 0 else data[: cut + 1]


def peek(
    source: bytes | str | os.PathLike,
    *,
    filename: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    rows: int = PEEK_ROWS,
    limits: Limits | None = None,
) -> FilePeek:
    """Look at a file's headers and first rows, and at which needed columns are missing.

    Parameters
    ----------
    source, filename, mapping, sheet, limits
        As for :func:`calc.readers.read_data`.
    rows
        Rows of the preview.

    Returns
    -------
    FilePeek

    Raises
    ------
    DataError
        If the file cannot be read as a table at all (empty, binary, beyond the
        limits, a header twice): the same message the reader gives.

    Examples
    --------
    >>> p = peek(b"Kundennummer;Umsatz lfd. Jahr\\nK1;1.200\\n", filename="export.csv")
    >>> p.missing, p.ignored
    (('revenue',), ('Umsatz lfd. Jahr',))
    >>> peek(b"Kundennummer;Umsatz lfd. Jahr\\nK1;1.200\\n", mapping={"Umsatz lfd. Jahr": "revenue"}).missing
    ()
    """
    data, name = load(source, filename)
    limits = limits or Limits.from_env()
    head = _head(data)
    check_upload(head, filename=name, sheet=sheet, limits=limits)
    mapping = mapping or {}
    raw = read_raw(head, name, sheet=sheet, max_rows=max(int(limits.rows), 1), mapping=mapping)
    columns = recognise_columns(raw, name, mapping)
    labels = [h or Msg("rd_unnamed_column", n=str(j + 1)) for j, h in enumerate(raw.headers)]
    preview = pd.DataFrame(
        {label: pd.Series(col.slice(0, rows).to_pylist(), dtype=object).fillna("") for label, col in
         zip(labels, raw.columns, strict=True)}
    )
    return FilePeek(
        file=name,
        headers=tuple(labels),
        preview=preview,
        recognised=dict(columns.recognised),
        ignored=tuple(columns.ignored),
        missing=missing_columns(columns.used),
    )


def lines_without_customer_id(
    source: bytes | str | os.PathLike,
    *,
    filename: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """The rows :func:`calc.readers.read_data` leaves out for lack of a customer id, as written in the file.

    Parameters
    ----------
    source, filename, mapping, sheet, limits
        As for :func:`calc.readers.read_data` (the same mapping finds the same customer id column).

    Returns
    -------
    pandas.DataFrame
        ``row`` (the row number as a spreadsheet shows it, the header is row 1), then one
        text column per header of the file, cells as written (trimmed); no rows if every
        row has a customer id, or the file has no customer id column (the reader refuses it).

    Raises
    ------
    DataError
        If the file cannot be read.

    Examples
    --------
    >>> lines_without_customer_id(b"Kunde;Betrag;Datum\\nK1;10;2025-01-02\\n;5;2025-01-03\\n")
       row Kunde Betrag       Datum
    0    3            5  2025-01-03
    """
    data, name = load(source, filename)
    limits = limits or Limits.from_env()
    check_upload(data, filename=name, sheet=sheet, limits=limits)
    mapping = mapping or {}
    raw = read_raw(data, name, sheet=sheet, max_rows=int(limits.rows), mapping=mapping)
    columns = recognise_columns(raw, name, mapping)
    labels = [h or f"(column {j + 1} without header)" for j, h in enumerate(raw.headers)]
    labels = [f"{label} (file)" if label == "row" else label for label in labels]
    if "customer_id" not in columns.used:  # the reader refuses such a file: it leaves no row out
        return pd.DataFrame({"row": pd.Series([], dtype="int64"), **{h: pd.Series([], dtype=object) for h in labels}})
    table = prepare(raw, name, columns.used).table
    _, has_id = table.ids()
    idx = np.flatnonzero(~has_id)
    frame = {"row": pd.Series(table.rows[idx], dtype="int64")}
    take = pa.array(idx, type=pa.int64())
    for j, label in enumerate(labels):
        frame[label] = pd.Series(table.cells[j].take(take).to_pylist(), dtype=object).fillna("")
    return pd.DataFrame(frame)
