"""Read customer and transaction exports (CSV or XLSX) into the canonical customer table.

Users upload CRM/ERP exports, often German: ``;`` as separator, decimal comma,
``1.234,56``, Windows-1252 or UTF-8 with BOM, ``31.12.2024`` dates. This package
turns such a file into the customer table the model relies on (see
:func:`read_data`) and a :class:`ReadReport` listing what was recognised, what was
ignored and every cell that could not be used.

Modules, in the order a file passes through them:

* :mod:`.raw`: bytes to a raw table of strings (empty, binary and zip checks,
  encoding, separator, CSV via pyarrow or pandas, XLSX via python-calamine);
* :mod:`.table`: headers to canonical columns, trimmed cells, blank rows dropped;
* :mod:`.cells`: numbers, dates, text and ids, a whole column at a time;
* :mod:`.customers` / :mod:`.transactions`: the customer table from a customer
  export or from a transaction log;
* :mod:`.report`: :class:`Problem`, :class:`ReadReport`, :class:`ReadResult`.

Every failure of a cell is a mask; the first 1,000 problems are kept with their row.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..errors import DataError
from ..limits import Limits
from ..precheck import check_upload
from .customers import build_customers
from .parquet import orders_of
from .raw import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_MEMBERS, load, only_data_errors, read_raw
from .report import MAX_PROBLEMS, Problem, ReadReport, ReadResult
from .table import MAX_CELL_CHARS, MAX_REVENUE_YEARS, prepare, recognise_columns
from .transactions import build_transactions

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COMPRESSION_RATIO",
    "MAX_PROBLEMS",
    "MAX_REVENUE_YEARS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_MEMBERS",
    "Problem",
    "ReadReport",
    "ReadResult",
    "read_data",
]


def read_data(
    source: bytes | str | os.PathLike,
    *,
    filename: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    max_rows: int | None = None,
    limits: Limits | None = None,
) -> ReadResult:
    """Read a customer or transaction table (CSV or XLSX; a customer table also as Parquet) into the canonical customer table.

    Parameters
    ----------
    source
        File content (bytes, e.g. from an upload) or a path.
    filename
        Name used in messages; default the path's name, or ``"upload"``.
    mapping
        Explicit header overrides ``{"original header": "canonical_name"}``, applied
        before synonym recognition; ``""`` or None ignores that column.
    sheet
        Worksheet name or 0-based index of a workbook; default the first non-empty one.
    max_rows
        Largest number of data rows accepted; default ``limits.rows``.
    limits
        Rows, columns and cells checked before reading (:func:`calc.precheck.check_upload`);
        default :meth:`calc.limits.Limits.from_env`.

    Returns
    -------
    ReadResult
        ``customers``: one row per customer with ``customer_id`` (string dtype),
        either ``revenue`` or ``revenue_<YYYY>`` (float64, ascending years, at most
        5), ``name``, ``industry``, ``region``, ``postcode``, ``field_rep`` (string
        dtype), ``visits_12m``, ``employees``, ``potential``, ``cm_rate`` (fraction),
        ``orders_12m``, ``lines_12m`` (float64) and ``last_order_date`` (datetime64).
        Optional columns missing from the file are present and empty (NaN/NaT).
        ``report``: see :class:`ReadReport`.  ``orders``: a transaction log's
        orders in the 12-month window (``customer_id``, ``order_value_eur``), else None.

    Raises
    ------
    DataError
        If the file cannot be used; the message names file, row and column where
        known and says what to do.
    """
    data, name = load(source, filename)
    limits = limits or Limits.from_env()
    with only_data_errors(name):
        check_upload(data, filename=name, sheet=sheet, limits=limits)
        return _read(data, name, mapping or {}, sheet, int(limits.rows if max_rows is None else max_rows))


def _read(data: bytes, name: str, mapping: Mapping[str, str | None], sheet: str | int | None, max_rows: int) -> ReadResult:
    raw = read_raw(data, name, sheet=sheet, max_rows=max_rows, mapping=mapping)
    if not raw.headers or not any(raw.headers):
        raise DataError(key="err_file_empty", file=name)
    columns = recognise_columns(raw, name, mapping)
    if "customer_id" not in columns.used:
        found = ", ".join(f"'{h}'" for h in raw.headers if h)
        raise DataError(key="err_no_customer_id", values={"found": found}, file=name)
    prepared = prepare(raw, name, columns.used)
    table = prepared.table
    used = columns.used
    has_revenue = any(c == "revenue" or c.startswith("revenue_") for c in used)
    has_amount = "amount" in used or ("quantity" in used and "unit_price" in used)
    kind = "transactions" if "date" in used and has_amount and not has_revenue else "customers"
    build = build_transactions if kind == "transactions" else build_customers
    built = build(table, columns.recognised)
    report = ReadReport(
        file=name,
        kind=kind,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        rows_read=prepared.rows_read,
        customers=len(built.frame),
        columns_recognised=built.recognised,
        columns_ignored=tuple(columns.ignored),
        revenue_years=tuple(built.years),
        problems=built.problems.build(rows=prepared.problems),
        problems_total=built.problems.total + len(prepared.problems),
        lines_without_customer_id=built.lines_without_customer_id,
        revenue_without_customer_id_eur=built.revenue_without_customer_id,
        revenue_total_eur=built.revenue_total,
        warnings=(*columns.warnings, *prepared.warnings, *built.warnings),
    )
    orders = built.orders if built.orders is not None else orders_of(raw.orders, built.frame)
    return ReadResult(customers=built.frame, report=report, orders=orders)
