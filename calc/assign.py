"""Assign the covered customers to named inside-sales reps (``IS-01``, ``IS-02`` ...).

Rules, in order of priority:

1. **Count balance.**  Reps are sized by ``accounts_per_rep``, so no rep may carry
   more than one customer above another.  Without regions this holds globally;
   with regions it holds within each region (see 3).
2. **Revenue balance.**  Within each group the customers are sorted by current revenue
   (descending; revenue below 0 counts as 0, as in the business case) and dealt out in
   "snake" order (reps 1..k, then k..1, ...).  Each round gives every rep one customer,
   and all values of a round are at least those of the next round, so the rep totals
   of one group differ by at most the largest single revenue of that group:
   ``max_total - min_total <= max_revenue`` (telescoping over the rounds; proved in
   the tests by a property test).  Spread ``(max - min) / mean <= max_revenue / mean``.
3. **Regions.**  Where the data has a ``region`` column, each region gets its own reps,
   allocated proportionally to its customer count by the largest-remainder method
   (every region at least one rep), and customers are balanced within the region.
   Trade-off: count balance then holds *within* each region only; across regions the
   customers per rep differ by the rounding of the allocation (reported by
   :func:`assignment_stats` as ``customers_per_rep_min``/``_max``).  With fewer reps
   than regions a region cannot have its own rep; then regions are ignored and the
   balance is global (``by_region=False`` forces this too).

Everything is vectorised over customers; only regions are looped over.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import xlsxwriter

from .errors import AssumptionError
from .export_xlsx import MONEY_FORMATS, TEXT_SAFE_OPTIONS, text_cells
from .model import ModelResult
from .safe import to_csv_bytes
from .texts import SEGMENT_LABELS, check_lang, text, translator

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "assign_reps",
    "assignment_stats",
    "assignments_csv",
    "assignments_xlsx",
    "rep_names",
]

ASSIGNMENT_COLUMNS = (
    "customer_id", "name", "segment", "assigned_rep", "field_rep", "region",
    "revenue_current_eur", "potential_eur", "share_of_wallet",
)

#: header keys of the hand-over's columns in :mod:`calc.texts` (money columns get " (EUR)")
_HEADER_KEYS = {"customer_id": "col_customer_id", "name": "col_name", "segment": "col_segment",
                "assigned_rep": "crm_col_assigned_rep", "field_rep": "col_field_rep", "region": "col_region",
                "revenue_current_eur": "col_revenue_current_eur", "potential_eur": "col_potential_eur",
                "share_of_wallet": "col_share_of_wallet"}


def _headers(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {col: t(key) + (" (EUR)" if col.endswith("_eur") else "") for col, key in _HEADER_KEYS.items()}


def _segment_labels(lang: str) -> dict[str, str]:
    """The exports' segment labels; the hand-over says just "inactive" (its customers are all customers)."""
    return {**SEGMENT_LABELS[lang], "inactive": text("crm_segment_inactive", lang)}


def rep_names(reps: int) -> list[str]:
    """``IS-01`` .. ``IS-<reps>`` (at least two digits, more when needed).

    >>> rep_names(3)
    ['IS-01', 'IS-02', 'IS-03']
    """
    width = max(2, len(str(reps)))
    return [f"IS-{i:0{width}d}" for i in range(1, reps + 1)]


def _snake(values: np.ndarray, k: int) -> np.ndarray:
    """0-based rep index per value: sorted descending, dealt out 0..k-1, k-1..0, ..."""
    n = values.size
    order = np.argsort(-values, kind="stable")
    pos = np.arange(n)
    rnd, p = np.divmod(pos, k)
    rep = np.where(rnd % 2 == 0, p, k - 1 - p)
    out = np.empty(n, dtype=int)
    out[order] = rep
    return out


def _largest_remainder(counts: np.ndarray, k: int) -> np.ndarray:
    """Split ``k`` reps over groups proportionally to ``counts``; every group at least 1 (k >= groups)."""
    total = counts.sum()
    quota = k * counts / total
    alloc = np.floor(quota).astype(int)
    rest = k - alloc.sum()
    if rest > 0:
        # largest remainder first; ties: the larger group
        order = np.lexsort((-counts, -(quota - alloc)))
        alloc[order[:rest]] += 1
    while (alloc == 0).any():  # give every region a rep, taken where a rep has the fewest customers
        zero = int(np.flatnonzero(alloc == 0)[0])
        load = np.where(alloc >= 2, counts / np.maximum(alloc, 1), np.inf)
        donor = int(np.argmin(load))
        alloc[donor] -= 1
        alloc[zero] += 1
    return alloc


def _text(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table.columns:
        return pd.Series([pd.NA] * len(table), index=table.index, dtype=object)
    return table[column].astype(object)


def assign_reps(result: ModelResult, *, reps: int | None = None, by_region: bool = True) -> pd.DataFrame:
    """Assign every covered customer to exactly one inside-sales rep.

    Parameters
    ----------
    result
        The model result; its covered customers (``customers["covered"]``) are assigned.
    reps
        Number of reps; default ``result.team.reps``.
    by_region
        Keep reps within regions where the data has a ``region`` column (default).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ASSIGNMENT_COLUMNS`, one row per covered customer, sorted by
        rep and descending revenue.  ``region``, ``name`` and ``field_rep`` are
        missing values where the data has no such column.

    Raises
    ------
    AssumptionError
        If ``reps`` is below 1 while there are covered customers.

    Examples
    --------
    >>> from calc import Assumptions, compute
    >>> data = pd.DataFrame({"customer_id": list("abcd"), "revenue": [100.0, 400.0, 300.0, 200.0]})
    >>> df = assign_reps(compute(data, Assumptions()), reps=2)
    >>> df.groupby("assigned_rep")["revenue_current_eur"].sum().to_dict()
    {'IS-01': 500.0, 'IS-02': 500.0}
    """
    table = result.customers
    covered = table[table["covered"].to_numpy(dtype=bool)]
    n = len(covered)
    k = result.team.reps if reps is None else reps
    if n and (not isinstance(k, (int, np.integer)) or k < 1):
        raise AssumptionError(f"reps must be a whole number of at least 1, not {k!r}", name="reps")
    revenue = covered["revenue_current_eur"].to_numpy(dtype=float)
    key = np.maximum(np.nan_to_num(revenue, nan=0.0), 0.0)
    region = _text(covered, "region")
    rep = np.zeros(n, dtype=int)
    if n:
        region_key = region.fillna("").astype(str).str.strip().to_numpy()
        groups, inverse, counts = np.unique(region_key, return_inverse=True, return_counts=True)
        use_regions = by_region and "region" in covered.columns and 1 < groups.size <= k
        if use_regions:
            alloc = _largest_remainder(counts.astype(float), int(k))
            offsets = np.concatenate([[0], np.cumsum(alloc)[:-1]])
            for g in range(groups.size):
                idx = np.flatnonzero(inverse == g)
                rep[idx] = offsets[g] + _snake(key[idx], int(alloc[g]))
        else:
            rep = _snake(key, int(k))
    names = np.array(rep_names(int(k)) if n else [], dtype=object)
    out = pd.DataFrame({
        "customer_id": covered["customer_id"].astype(object).to_numpy(),
        "name": _text(covered, "name").to_numpy(),
        "segment": covered["segment"].astype(str).to_numpy(),
        "assigned_rep": names[rep] if n else np.array([], dtype=object),
        "field_rep": _text(covered, "field_rep").to_numpy(),
        "region": region.to_numpy(),
        "revenue_current_eur": revenue,
        "potential_eur": covered["potential_eur"].to_numpy(dtype=float),
        "share_of_wallet": covered["share_of_wallet"].to_numpy(dtype=float),
    })
    out["_key"] = key
    out = out.sort_values(["assigned_rep", "_key"], ascending=[True, False], kind="stable")
    return out.drop(columns="_key").reset_index(drop=True)


def assignment_stats(df: pd.DataFrame) -> dict[str, float | int]:
    """Balance of an assignment: customers and revenue per rep.

    Revenue counts as ``max(revenue_current_eur, 0)`` (as in the business case).

    Returns
    -------
    dict
        ``reps`` (reps with customers), ``customers``, ``customers_per_rep_min``,
        ``customers_per_rep_max``, ``revenue_per_rep_min_eur``,
        ``revenue_per_rep_max_eur``, ``revenue_per_rep_mean_eur``,
        ``revenue_spread`` = (max - min) / mean (0 where the mean is 0),
        ``max_revenue_eur`` (largest single revenue: the proven bound of max - min
        within a group) and ``count_spread_within_region_max`` (largest max - min of
        customers per rep within one region; 0 or 1 by construction).
    """
    if df.empty:
        return {"reps": 0, "customers": 0, "customers_per_rep_min": 0, "customers_per_rep_max": 0,
                "revenue_per_rep_min_eur": 0.0, "revenue_per_rep_max_eur": 0.0, "revenue_per_rep_mean_eur": 0.0,
                "revenue_spread": 0.0, "max_revenue_eur": 0.0, "count_spread_within_region_max": 0}
    rev = np.maximum(df["revenue_current_eur"].to_numpy(dtype=float), 0.0)
    frame = pd.DataFrame({"rep": df["assigned_rep"].to_numpy(), "rev": rev,
                          "region": df["region"].fillna("").astype(str).to_numpy()})
    per_rep = frame.groupby("rep")["rev"].agg(["size", "sum"])
    mean = float(per_rep["sum"].mean())
    lo, hi = float(per_rep["sum"].min()), float(per_rep["sum"].max())
    within = frame.groupby(["region", "rep"]).size().groupby(level=0).agg(lambda s: s.max() - s.min())
    return {
        "reps": int(len(per_rep)),
        "customers": int(len(df)),
        "customers_per_rep_min": int(per_rep["size"].min()),
        "customers_per_rep_max": int(per_rep["size"].max()),
        "revenue_per_rep_min_eur": lo,
        "revenue_per_rep_max_eur": hi,
        "revenue_per_rep_mean_eur": mean,
        "revenue_spread": (hi - lo) / mean if mean > 0 else 0.0,
        "max_revenue_eur": float(rev.max()),
        "count_spread_within_region_max": int(within.max()),
    }


def _localised(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    check_lang(lang)
    labels = _segment_labels(lang)
    out = df.loc[:, list(ASSIGNMENT_COLUMNS)].copy()
    out["segment"] = out["segment"].map(lambda s: labels.get(s, s)).astype(object)
    return out.rename(columns=_headers(lang))


def assignments_csv(df: pd.DataFrame, *, lang: str = "de") -> bytes:
    """The assignment as CSV (:func:`calc.safe.to_csv_bytes`: BOM, ``;``/decimal comma for German)."""
    table = _localised(df, lang)
    # money to the cent and share of wallet to 0.01 %: what a CRM import field holds
    digits = {6: 2, 7: 2, 8: 4}
    for j, d in digits.items():
        table[table.columns[j]] = table[table.columns[j]].round(d)
    return to_csv_bytes(table, lang=lang)


def assignments_xlsx(df: pd.DataFrame, *, lang: str = "de") -> bytes:
    """The assignment as an XLSX sheet; text written as strings (never formulas), numbers as numbers."""
    table = _localised(df, lang)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, dict(TEXT_SAFE_OPTIONS))
    ws = wb.add_worksheet(text("crm_sheet", lang))
    head = wb.add_format({"bold": True, "bottom": 1})
    money = wb.add_format({"num_format": MONEY_FORMATS[lang]})
    pct = wb.add_format({"num_format": "0.0%"})
    formats = [None, None, None, None, None, None, money, money, pct]
    for j, h in enumerate(table.columns):
        ws.write_string(0, j, h, head)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 32)
    ws.set_column(2, 8, 18)
    ws.freeze_panes(1, 0)
    cols = []
    for j, col in enumerate(table.columns):
        if j < 6:
            cols.append(("s", text_cells(table[col])))
        else:
            cols.append(("n", table[col].to_numpy(dtype=float).tolist()))
    for i in range(len(table)):  # XlsxWriter writes cell by cell
        for j, (kind, vals) in enumerate(cols):
            v = vals[i]
            if kind == "s":
                if v is not None:
                    ws.write_string(i + 1, j, v)
            elif v == v:
                ws.write_number(i + 1, j, v, formats[j])
    wb.close()
    return buffer.getvalue()
