"""The transaction log: invoice lines aggregated to one row per customer.

Revenue per calendar year (the last five years with lines), orders, order lines
and each order's value in the 12-month window of ``levers.md`` (lines with a
positive amount dated after the newest day - 365 days, in calendar days; an order
is one order number of one customer, a line without one is an order of its own;
:func:`calc.levers.order_arrays`), the last order date (newest line with a
positive amount), and the last non-empty value of each customer attribute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..columns import ATTRIBUTE_NUMBER_COLUMNS, ATTRIBUTE_TEXT_COLUMNS
from ..errors import DataError, Msg
from ..levers import order_arrays
from .cells import STRING_DTYPE, nonempty, parse_dates, text_series
from .customers import assemble, margin_rates
from .report import ProblemLog
from .table import Built, Table, keep_years

__all__ = ["build_transactions", "line_amounts"]

#: Customer number attributes a line may carry (orders_12m and lines_12m are counted from the lines).
_LINE_NUMBERS = tuple(c for c in ATTRIBUTE_NUMBER_COLUMNS if c not in ("orders_12m", "lines_12m"))


def build_transactions(table: Table, recognised: dict[str, str]) -> Built:
    """Aggregate a transaction log to the canonical customer table.

    A line is used if it has a customer id, a valid date and a valid amount
    (``amount``, or ``quantity`` x ``unit_price``); the others are listed as
    problems (or counted, if the id is missing).

    Raises
    ------
    DataError
        If no line is usable.
    """
    warnings: list[str] = []
    problems = ProblemLog()
    rows_all = table.rows
    ids, has_id = table.ids()
    n_without = int((~has_id).sum())
    dates, date_failed, date_empty = parse_dates(table.col("date"))
    names = ["amount"] if "amount" in table.used else ["quantity", "unit_price"]
    parsed = table.numbers(names + [c for c in _LINE_NUMBERS if c in table.used])

    def problem(mask: np.ndarray, col: str, reason: str) -> None:
        problems.add(mask, rows_all, table.header(col), table.col(col), reason)

    if "amount" in table.used:
        for extra in ("quantity", "unit_price"):
            if extra in table.used:
                warnings.append(Msg("rd_warn_net_amount", column=table.header(extra)))
    amount = line_amounts(table, parsed, has_id, date_failed, date_empty, problem)

    use = has_id & ~np.isnat(dates) & ~np.isnan(amount)
    idx = np.flatnonzero(use)
    if idx.size == 0:
        raise DataError(key="err_no_usable_lines", file=table.name)
    take = pa.array(idx)
    codes, uniques = pd.factorize(pd.Series(pd.array(ids.take(take), dtype=STRING_DTYPE)))
    n_cust = len(uniques)
    d = dates[idx]
    a = amount[idx]
    years_all = d.astype("datetime64[Y]").astype(np.int64) + 1970
    years, warning = keep_years(np.unique(years_all).tolist())
    warnings += [warning] if warning else []
    out: dict[str, Any] = {"customer_id": pd.Series(np.asarray(uniques, dtype=object), dtype=STRING_DTYPE)}
    revenue_cols = [f"revenue_{y}" for y in years]
    matrix = _revenue_by_year(codes, years_all, a, years, n_cust)
    for k, col in enumerate(revenue_cols):
        out[col] = matrix[:, k]
    newest = d.max()
    newest_date = pd.Timestamp(newest)
    if newest_date < pd.Timestamp(year=years[-1], month=12, day=1):
        warnings.append(Msg("rd_warn_part_year", date=newest_date.date().isoformat(), year=str(years[-1])))
    positive = a > 0
    order_ids = table.col("order_id").take(take) if "order_id" in table.used else None
    counted = order_arrays(codes, d, a, _order_codes(order_ids), n_customers=n_cust)
    out["orders_12m"] = counted.orders_12m
    out["lines_12m"] = counted.lines_12m
    orders = pd.DataFrame(
        {
            "customer_id": out["customer_id"].take(counted.order_customer).reset_index(drop=True),
            "order_value_eur": counted.order_value_eur,
        }
    )
    last = pd.Series(d[positive]).groupby(codes[positive]).max()
    last_dates = np.full(n_cust, np.datetime64("NaT"), dtype="datetime64[ns]")
    last_dates[last.index.to_numpy()] = last.to_numpy()
    out["last_order_date"] = last_dates
    for col in ATTRIBUTE_TEXT_COLUMNS:
        if col in table.used:
            out[col] = text_series(table.col(col).take(take)).groupby(codes).last().reindex(range(n_cust))
        else:
            out[col] = pd.Series(np.nan, index=range(n_cust), dtype=STRING_DTYPE)
    for col in _LINE_NUMBERS:
        if col not in parsed:
            out[col] = np.full(n_cust, np.nan)
            continue
        values, failed, percent = parsed[col]
        problem(has_id & failed, col, Msg("rd_not_number"))
        if col == "cm_rate":
            values, outside, warning = margin_rates(values, percent, table.header(col))
            problem(outside, col, Msg("rd_margin_outside"))
            warnings += [warning] if warning else []
        out[col] = pd.Series(values[idx]).groupby(codes).last().reindex(range(n_cust)).to_numpy()
    return Built(assemble(out, revenue_cols, n_cust), years, n_without, dict(recognised), warnings, problems,
                 orders=orders, revenue_without_customer_id=float(np.nansum(amount[~has_id])),
                 revenue_total=float(np.nansum(amount)))


def line_amounts(table: Table, parsed: dict, has_id: np.ndarray, date_failed: np.ndarray, date_empty: np.ndarray,
                 problem: Callable[[np.ndarray, str, Any], None]) -> np.ndarray:
    """Each line's amount (the net amount, else quantity x unit price; NaN where unusable), reporting the lines
    with an id whose amount or date cells fail through ``problem(mask, column, reason)``.

    One rule for the upload reader and the log read in blocks (:mod:`.stream`)."""
    if "amount" in table.used:
        amount, amount_failed, _ = parsed["amount"]
        amount_cols = ["amount"]
        problem(has_id & amount_failed, "amount", Msg("rd_not_number_line"))
    else:
        qty, qf, _ = parsed["quantity"]
        price, pf, _ = parsed["unit_price"]
        amount = qty * price
        amount_failed = qf | pf
        amount_cols = ["quantity", "unit_price"]
        problem(has_id & qf, "quantity", Msg("rd_not_number_line"))
        problem(has_id & pf, "unit_price", Msg("rd_not_number_line"))
    amount_missing = np.isnan(amount) & ~amount_failed
    for col in amount_cols:
        problem(has_id & amount_missing & ~nonempty(table.col(col)), col, Msg("rd_missing_line"))
    problem(has_id & date_failed, "date", Msg("rd_not_date_line"))
    problem(has_id & date_empty, "date", Msg("rd_date_missing_line"))
    return amount


def _revenue_by_year(codes: np.ndarray, years_all: np.ndarray, amounts: np.ndarray, years: list[int], n_cust: int) -> np.ndarray:
    """Customers x ``years`` matrix of summed amounts (lines of other years are left out)."""
    first = int(years_all.min())
    ymap = np.full(int(years_all.max()) - first + 1, -1, dtype=np.int64)
    for k, y in enumerate(years):
        ymap[y - first] = k
    yidx = ymap[years_all - first]
    inyears = yidx >= 0
    flat = np.bincount(codes[inyears] * len(years) + yidx[inyears], weights=amounts[inyears], minlength=n_cust * len(years))
    return flat.reshape(n_cust, len(years))


def _order_codes(order_ids: pa.ChunkedArray | None) -> np.ndarray | None:
    """Integer code of each line's order number, -1 where the line has none (None: no order column)."""
    if order_ids is None:
        return None
    ocodes, _ = pd.factorize(pd.Series(pd.array(order_ids, dtype=STRING_DTYPE)))
    return np.where(nonempty(order_ids), ocodes, -1)
