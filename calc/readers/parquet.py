"""The canonical customer table as a Parquet file: written by ``python -m calc aggregate``, read like any upload.

File layout (``docs/model.md``, "Aggregated customer table"): one row per customer,
the canonical columns (``customer_id``, the attributes, ``revenue_<YYYY>``,
``orders_12m``, ``lines_12m``, ``last_order_date``) and one more column,
:data:`ORDER_VALUES_COLUMN` (``order_values_eur``, a list of float64): the value
of each of the customer's orders in the 12-month window, in EUR, so the
small-order lever works on real order values after the round trip. A file
without that column is read as a plain customer table (small orders are then
estimated from ``orders_12m``).

Reading converts every column to text (numbers in English notation, dates as
ISO ``YYYY-MM-DD``) and hands it to the same customer-table builder as a CSV
file, so a Parquet file obeys the same rules, problems and limits as any upload.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import DataError
from ..limits import LimitError
from .raw import RawTable

__all__ = ["FORMAT_KEY", "ORDER_VALUES_COLUMN", "PARQUET_MAGIC", "orders_of", "read_parquet",
           "write_customers"]

#: First bytes of a Parquet file.
PARQUET_MAGIC = b"PAR1"
#: The list column of order values per customer.
ORDER_VALUES_COLUMN = "order_values_eur"
#: Key of the file-level metadata naming the layout.
FORMAT_KEY = b"smart_accounts.format"
_FORMAT = b"customer-table/1"


def write_customers(target: str | Path | io.BytesIO, customers: pd.DataFrame, orders: pd.DataFrame | None) -> None:
    """Write the canonical customer table and each customer's order values to one Parquet file.

    Parameters
    ----------
    target
        Path or binary buffer.
    customers
        The canonical customer table (:func:`calc.readers.read_data`'s ``customers``).
    orders
        Orders in the 12-month window (``customer_id``, ``order_value_eur``), or None:
        then the file has no :data:`ORDER_VALUES_COLUMN`.
    """
    frame = customers.reset_index(drop=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if orders is not None:
        ids = pd.Index(frame["customer_id"].astype(object))
        pos = ids.get_indexer(orders["customer_id"].astype(object))
        values = orders["order_value_eur"].to_numpy(dtype=np.float64)
        keep = pos >= 0
        pos, values = pos[keep], values[keep]
        order = np.argsort(pos, kind="stable")  # grouped by customer, each customer's orders as they came
        counts = np.bincount(pos, minlength=len(frame))
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        lists = pa.ListArray.from_arrays(pa.array(offsets), pa.array(values[order], pa.float64()))
        table = table.append_column(ORDER_VALUES_COLUMN, lists)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), FORMAT_KEY: _FORMAT})
    pq.write_table(table, target, compression="zstd")


def orders_of(orders: pd.DataFrame | None, customers: pd.DataFrame) -> pd.DataFrame | None:
    """The orders of the customers in ``customers`` (a customer left out as a problem row takes its orders along)."""
    if orders is None:
        return None
    ids = set(customers["customer_id"].dropna().astype(str))
    return orders[orders["customer_id"].isin(ids)].reset_index(drop=True)


def read_parquet(data: bytes, name: str, max_rows: int) -> tuple[RawTable, pd.DataFrame | None]:
    """A Parquet file as a raw table of text columns, and its orders (None without :data:`ORDER_VALUES_COLUMN`).

    Raises
    ------
    DataError
        If the file is not readable Parquet or has a column of a type that is not
        text, number, date or true/false; a :class:`~calc.limits.LimitError` if it has
        more than ``max_rows`` rows (read from the footer, before the data).
    """
    try:
        pf = pq.ParquetFile(pa.BufferReader(data))
        rows = pf.metadata.num_rows
    except (pa.ArrowException, OSError, ValueError):
        raise DataError(key="err_parquet_unreadable", file=name) from None
    if rows > max_rows:
        raise LimitError("rows", allowed=max_rows, found=rows + 1, file=name)  # the header is row 1
    try:
        table = pf.read()
    except (pa.ArrowException, OSError, ValueError):
        raise DataError(key="err_parquet_unreadable", file=name) from None
    headers: list[str] = []
    columns: list[pa.ChunkedArray] = []
    orders = None
    for field, col in zip(table.schema, table.columns, strict=True):
        if field.name == ORDER_VALUES_COLUMN and pa.types.is_list(field.type):
            orders = col
            continue
        headers.append(str(field.name))
        columns.append(_as_text(col, field, name))
    if rows == 0:
        raise DataError(key="err_header_only", file=name)
    raw = RawTable(headers, columns, np.arange(2, rows + 2, dtype=np.int64), "parquet", None, may_hold_nul=True)
    if orders is None or "customer_id" not in headers:
        return raw, None
    ids = columns[headers.index("customer_id")]
    flat = pc.list_flatten(orders)
    parent = pc.list_parent_indices(orders)
    values = np.asarray(flat.to_numpy(zero_copy_only=False), dtype=np.float64)
    frame = pd.DataFrame({
        "customer_id": pd.Series(ids.take(parent).to_pylist(), dtype=object).str.strip(),
        "order_value_eur": values,
    })
    return raw, frame[np.isfinite(values)].reset_index(drop=True)


def _as_text(col: pa.ChunkedArray, field: pa.Field, name: str) -> pa.ChunkedArray:
    """One column as the text a CSV export would hold: English numbers, ISO dates, empty for missing."""
    kind = field.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = pc.cast(col, pa.string())
    elif pa.types.is_floating(kind):
        text = pc.if_else(pc.is_finite(col), pc.cast(col, pa.string()), pa.scalar(None, pa.string()))
    elif pa.types.is_integer(kind) or pa.types.is_boolean(kind) or pa.types.is_decimal(kind):
        text = pc.cast(col, pa.string())
    elif pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        ts = pc.cast(col, pa.timestamp("s")) if pa.types.is_date(kind) else col
        ticks = pc.fill_null(pc.cast(ts, pa.int64()), 0).to_numpy()
        midnight = bool((ticks % _per_day(ts.type) == 0).all())
        text = pc.strftime(ts, format="%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M:%S")
    elif pa.types.is_null(kind):
        text = pa.chunked_array([pa.nulls(len(col), pa.string())])
    else:
        raise DataError(key="err_parquet_column_type", values={"column": field.name, "kind": str(kind)}, file=name)
    return pc.fill_null(text, "")


def _per_day(kind: pa.DataType) -> int:
    """Units of a timestamp type per day."""
    unit = getattr(kind, "unit", "s")
    return 86_400 * {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[unit]
