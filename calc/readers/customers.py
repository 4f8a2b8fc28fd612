"""The customer table: one row per customer, revenue per year or for the last 12 months.

:func:`build_customers` turns a :class:`~.table.Table` of a customer export into
the canonical customer table. :func:`margin_rates` and :func:`assemble` are shared
with the transaction builder.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..columns import (
    AMOUNT_COLUMNS,
    ATTRIBUTE_NUMBER_COLUMNS,
    ATTRIBUTE_TEXT_COLUMNS,
    DATE_COLUMNS,
    NUMBER_COLUMNS,
    TEXT_COLUMNS,
    customer_table_columns,
)
from ..errors import DataError, Msg
from .cells import STRING_DTYPE, parse_dates, text_series
from .report import ProblemLog
from .table import Built, Table, keep_years

__all__ = ["assemble", "build_customers", "margin_rates"]

_COUNTS = ("visits_12m", "employees", "orders_12m", "lines_12m", "potential")  # negative values are problems


def build_customers(table: Table, recognised: dict[str, str]) -> Built:
    """Build the canonical customer table from a customer export.

    Rows without a customer id are left out and counted; unusable cells are left
    empty and listed.

    Raises
    ------
    DataError
        If there is no revenue column, no row has a customer id, or an id appears
        more than once.
    """
    table, recognised, years, revenue_cols, warnings = _revenue_columns(table, recognised)
    problems = ProblemLog()
    ids, has_id = table.ids()
    n_without = int((~has_id).sum())
    # the revenue of the rows left out, in the newest revenue column (parsed as a whole, as the reader does)
    newest = revenue_cols[-1]
    dropped_revenue = float(np.nansum(table.numbers([newest])[newest][0][~has_id])) if n_without else 0.0
    keep_idx = np.flatnonzero(has_id)
    ids = ids.take(pa.array(keep_idx))
    table = table.take(keep_idx)
    rows = table.rows
    if len(rows) == 0:
        raise DataError(key="err_no_id_values", file=table.name, column=table.header("customer_id"))
    id_series = pd.Series(pd.array(ids, dtype=STRING_DTYPE))
    _refuse_duplicates(id_series, table)

    out: dict[str, Any] = {"customer_id": id_series}
    for col in ATTRIBUTE_TEXT_COLUMNS:
        out[col] = (text_series(table.col(col)) if col in table.used
                    else pd.Series(np.nan, index=range(len(rows)), dtype=STRING_DTYPE))
    number_names = [c for c in table.used if c in NUMBER_COLUMNS and c != "revenue" and c not in AMOUNT_COLUMNS]
    number_names += [c for c in revenue_cols if c in table.used]
    parsed = table.numbers(number_names)
    for col in revenue_cols:
        values, failed, _ = parsed[col]
        problems.add(failed, rows, table.header(col), table.col(col), Msg("rd_revenue_not_number"))
        out[col] = values
    for col in ATTRIBUTE_NUMBER_COLUMNS:
        if col not in parsed:
            out[col] = np.full(len(rows), np.nan)
            continue
        values, failed, percent = parsed[col]
        problems.add(failed, rows, table.header(col), table.col(col), Msg("rd_not_number"))
        if col == "cm_rate":
            values, outside, warning = margin_rates(values, percent, table.header(col))
            problems.add(outside, rows, table.header(col), table.col(col), Msg("rd_margin_outside"))
            warnings += [warning] if warning else []
        elif col in _COUNTS:
            negative = values < 0
            problems.add(negative, rows, table.header(col), table.col(col), Msg("rd_negative"))
            values = np.where(negative, np.nan, values)
        out[col] = values
    if "last_order_date" in table.used:
        dates, failed, _ = parse_dates(table.col("last_order_date"))
        problems.add(failed, rows, table.header("last_order_date"), table.col("last_order_date"), Msg("rd_not_date"))
        out["last_order_date"] = dates
    else:
        out["last_order_date"] = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[ns]")
    return Built(assemble(out, revenue_cols, len(rows)), years, n_without, recognised, warnings, problems,
                 revenue_without_customer_id=dropped_revenue,
                 revenue_total=dropped_revenue + float(np.nansum(out[newest])))


def _revenue_columns(
    table: Table, recognised: dict[str, str]
) -> tuple[Table, dict[str, str], list[int], list[str], list[str]]:
    """Decide the revenue columns: yearly ones if any, else ``revenue``, else a lone amount column.

    Returns the table with the columns in use, the recognised headers, the
    years, the revenue column names and the warnings about these decisions.
    """
    used = dict(table.used)
    recognised = dict(recognised)
    warnings: list[str] = []
    yearly = sorted(int(c.split("_")[1]) for c in used if c.startswith("revenue_"))
    if not yearly and "revenue" not in used:
        if "amount" not in used:
            found = ", ".join(f"'{h}'" for h in table.headers if h)
            raise DataError(key="err_no_revenue_column", values={"found": found}, file=table.name)
        used["revenue"] = used.pop("amount")
        header = table.headers[used["revenue"]]
        recognised[header] = "revenue"
        warnings.append(Msg("rd_warn_amount_as_revenue", column=header))
    if yearly and "revenue" in used:
        warnings.append(Msg("rd_warn_yearly_used", column=table.headers[used["revenue"]]))
        del used["revenue"]
    years, warning = keep_years(yearly) if yearly else ([], None)
    warnings += [warning] if warning else []
    revenue_cols = [f"revenue_{y}" for y in years] if yearly else ["revenue"]
    return replace(table, used=used), recognised, years, revenue_cols, warnings


def _refuse_duplicates(id_series: pd.Series, table: Table) -> None:
    """Raise DataError naming up to five repeated ids and their rows."""
    dup = id_series.duplicated(keep=False).to_numpy()
    if not dup.any():
        return
    first_ids = list(dict.fromkeys(id_series[dup].tolist()))
    parts = []
    for cid in first_ids[:5]:
        where = table.rows[(id_series == cid).to_numpy()][:5]
        parts.append(Msg("rd_id_rows", id=cid, rows=Msg("rd_rows", rows=", ".join(map(str, where.tolist())))))
    more = Msg("rd_more", items="", more=len(first_ids) - 5) if len(first_ids) > 5 else ""
    raise DataError(
        key="err_duplicate_ids", values={"ids": parts, "more": more},
        file=table.name,
        column=table.header("customer_id"),
    )


def margin_rates(values: np.ndarray, percent: np.ndarray, header: str) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Margin rates as fractions.

    Cells written with ``%`` are divided by 100; if more than half of the other
    cells lie in (1, 100], all of those are read as percentages too.

    Returns
    -------
    tuple
        The rates (NaN outside 0-1), the mask of rates outside 0-100 %, and a
        warning if plain numbers were read as percentages.
    """
    values = values.copy()
    values[percent] = values[percent] / 100.0
    plain = ~percent & ~np.isnan(values)
    warning = None
    if plain.any():
        share = float(((values[plain] > 1) & (values[plain] <= 100)).mean())
        if share > 0.5:
            values[plain] = values[plain] / 100.0
            warning = Msg("rd_warn_margin_percent", column=header)
    outside = (values < 0) | (values > 1)
    values[outside] = np.nan
    return values, outside, warning


def assemble(out: dict[str, Any], revenue_cols: list[str], n: int) -> pd.DataFrame:
    """The canonical customer table from its columns, in canonical order and dtypes."""
    frame = pd.DataFrame(index=pd.RangeIndex(n))
    for col in customer_table_columns(revenue_cols):
        value = out[col]
        if col in TEXT_COLUMNS:
            frame[col] = pd.Series(value).reset_index(drop=True).astype(STRING_DTYPE)
        elif col in DATE_COLUMNS:
            frame[col] = pd.Series(np.asarray(value, dtype="datetime64[ns]"))
        else:
            frame[col] = np.asarray(value, dtype=np.float64)
    return frame
