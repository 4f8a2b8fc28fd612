"""Chart and table data for the app, derived from a :class:`~calc.model.ModelResult`.

Pure and vectorised (no Streamlit): the pages only format and draw what these
functions return.  Money in EUR, shares as fractions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .model import SEGMENTS, BusinessCase, SegmentSummary, Team

__all__ = [
    "CUSTOMER_TABLE_COLUMNS",
    "pareto_curve",
    "customer_share_for_revenue_share",
    "sow_histogram",
    "scatter_points",
    "segment_table",
    "customer_table",
    "method_table",
    "rep_check_table",
    "make_or_buy_table",
]

#: Columns of the per-customer table, in display order (those present are kept).
CUSTOMER_TABLE_COLUMNS = (
    "customer_id",
    "name",
    "industry",
    "region",
    "revenue_current_eur",
    "potential_eur",
    "untapped_eur",
    "share_of_wallet",
    "segment",
    "covered",
)


def _positive_sorted_desc(revenue: Iterable[float]) -> np.ndarray:
    r = np.asarray(revenue, dtype=float)
    r = r[np.isfinite(r) & (r > 0)]
    return np.sort(r)[::-1]


def pareto_curve(revenue: Iterable[float], max_points: int = 500) -> pd.DataFrame:
    """Cumulative revenue share against cumulative customer share (Lorenz/Pareto curve).

    Customers are sorted by revenue, largest first; only positive revenue counts.

    Parameters
    ----------
    revenue
        Current revenue per customer.
    max_points
        Largest number of points returned (evenly spaced over the customers,
        always including the start (0, 0) and the end (1, 1)).

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_share`` and ``revenue_share``, both in [0, 1].

    Examples
    --------
    >>> pareto_curve([50.0, 30.0, 20.0]).round(3).values.tolist()
    [[0.0, 0.0], [0.333, 0.5], [0.667, 0.8], [1.0, 1.0]]
    """
    r = _positive_sorted_desc(revenue)
    n = len(r)
    if n == 0:
        return pd.DataFrame({"customer_share": [0.0, 1.0], "revenue_share": [0.0, 0.0]})
    cum = np.concatenate([[0.0], np.cumsum(r)]) / r.sum()
    x = np.arange(n + 1) / n
    if n + 1 > max_points:
        idx = np.unique(np.linspace(0, n, max(max_points, 2)).round().astype(int))
        x, cum = x[idx], cum[idx]
    return pd.DataFrame({"customer_share": x, "revenue_share": cum})


def customer_share_for_revenue_share(revenue: Iterable[float], share: float = 0.8) -> float:
    """Smallest share of customers (largest first) that makes ``share`` of the revenue.

    Examples
    --------
    >>> customer_share_for_revenue_share([50.0, 30.0, 20.0], 0.8)
    0.6666666666666666
    """
    r = _positive_sorted_desc(revenue)
    if len(r) == 0:
        return 0.0
    cum = np.cumsum(r) / r.sum()
    k = int(np.searchsorted(cum, share - 1e-12)) + 1
    return min(k, len(r)) / len(r)


def sow_histogram(share_of_wallet: Iterable[float], bins: int = 10) -> pd.DataFrame:
    """Customers per share-of-wallet bin of equal width on [0, 1].

    Values outside [0, 1] are clipped into the first/last bin; NaN is left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``bin_start``, ``bin_end``, ``customers`` (one row per bin).

    Examples
    --------
    >>> sow_histogram([0.05, 0.15, 0.12, 1.0], bins=4)["customers"].tolist()
    [3, 0, 0, 1]
    """
    s = np.asarray(share_of_wallet, dtype=float)
    s = np.clip(s[np.isfinite(s)], 0.0, 1.0)
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts, _ = np.histogram(s, bins=edges)
    return pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:], "customers": counts.astype(int)})


def scatter_points(
    revenue: Iterable[float],
    potential: Iterable[float],
    segment: Iterable[str],
    max_points: int = 3000,
    seed: int = 0,
) -> tuple[pd.DataFrame, int]:
    """Revenue-vs-potential points for a log-log chart: positive values, sampled.

    A fixed-seed random sample keeps the picture stable between reruns.  No names
    or ids are returned, so nothing from the upload reaches chart hover text.

    Returns
    -------
    (pandas.DataFrame, int)
        Columns ``revenue`` and ``potential`` (float32) and ``segment``; and the
        number of eligible customers before sampling.

    Examples
    --------
    >>> pts, total = scatter_points([1.0, 0.0, 5.0], [2.0, 3.0, 6.0], ["small", "inactive", "small"])
    >>> total, pts["revenue"].tolist()
    (2, [1.0, 5.0])
    """
    r = np.asarray(revenue, dtype=float)
    p = np.asarray(potential, dtype=float)
    seg = np.asarray(segment, dtype=object)
    ok = np.isfinite(r) & np.isfinite(p) & (r > 0) & (p > 0)
    idx = np.flatnonzero(ok)
    total = len(idx)
    if total > max_points:
        rng = np.random.default_rng(seed)
        idx = np.sort(rng.choice(idx, size=max_points, replace=False))
    frame = pd.DataFrame(
        {"revenue": r[idx].astype(np.float32), "potential": p[idx].astype(np.float32), "segment": seg[idx]}
    )
    return frame, total


def segment_table(segments: SegmentSummary) -> pd.DataFrame:
    """One row per segment: customers, revenue, revenue share, potential, revenue per customer.

    Returns
    -------
    pandas.DataFrame
        Columns ``segment``, ``customers``, ``revenue_eur``, ``revenue_share``,
        ``potential_eur``, ``revenue_per_customer_eur`` (NaN for an empty segment),
        in the order of :data:`calc.model.SEGMENTS`.
    """
    counts = np.array([segments.counts[s] for s in SEGMENTS], dtype=float)
    revenue = np.array([segments.revenue_eur[s] for s in SEGMENTS], dtype=float)
    per_customer = np.divide(revenue, counts, out=np.full_like(revenue, np.nan), where=counts > 0)
    return pd.DataFrame(
        {
            "segment": list(SEGMENTS),
            "customers": counts.astype(int),
            "revenue_eur": revenue,
            "revenue_share": [segments.revenue_share[s] for s in SEGMENTS],
            "potential_eur": [segments.potential_eur[s] for s in SEGMENTS],
            "revenue_per_customer_eur": per_customer,
        }
    )


def customer_table(
    customers: pd.DataFrame, segments: Iterable[str] | None = None, limit: int | None = None
) -> pd.DataFrame:
    """The per-customer result table, filtered by segment and sorted by revenue (largest first).

    Parameters
    ----------
    customers
        ``ModelResult.customers``.
    segments
        Segments to keep; None keeps all.
    limit
        Keep only the first ``limit`` rows after sorting.
    """
    cols = [c for c in CUSTOMER_TABLE_COLUMNS if c in customers.columns]
    table = customers[cols]
    if segments is not None:
        table = table[table["segment"].isin(list(segments))]
    table = table.sort_values("revenue_current_eur", ascending=False, kind="stable")
    if limit is not None:
        table = table.head(limit)
    out = table.reset_index(drop=True)
    if "segment" in out.columns:
        out["segment"] = out["segment"].astype(str)
    return out


def method_table(potential_by_method: Mapping[str, object]) -> pd.DataFrame:
    """The potential methods side by side: one row per method.

    Columns ``method``, ``covered_customers``, ``covered_total_eur``,
    ``covered_revenue_eur``, ``covered_untapped_eur``, ``share_of_wallet``,
    ``covered_cm_untapped_eur``.
    """
    fields = (
        "covered_customers",
        "covered_total_eur",
        "covered_revenue_eur",
        "covered_untapped_eur",
        "share_of_wallet",
        "covered_cm_untapped_eur",
    )
    rows = [{"method": m, **{f: getattr(s, f) for f in fields}} for m, s in potential_by_method.items()]
    return pd.DataFrame(rows, columns=["method", *fields])


def rep_check_table(team: Team) -> pd.DataFrame:
    """The per-rep check: accounts, added margin, cost, surplus, pays_off (one row per size)."""
    return pd.DataFrame(
        {
            "accounts": [c.accounts for c in team.rep_checks],
            "added_cm_eur": [c.added_cm_eur for c in team.rep_checks],
            "rep_cost_eur": [c.rep_cost_eur for c in team.rep_checks],
            "surplus_eur": [c.surplus_eur for c in team.rep_checks],
            "pays_off": [c.pays_off for c in team.rep_checks],
        }
    )


def make_or_buy_table(internal: BusinessCase, external: BusinessCase) -> pd.DataFrame:
    """Own team vs. provider side by side.

    One row per figure (``reps``, ``annual_cost_eur``, ``setup_cost_eur``,
    ``ramp_year1``, ``npv_eur``, ``irr``, ``roi``, ``payback_months``) with the
    columns ``figure``, ``kind`` (``count``, ``money``, ``rate``, ``months``),
    ``internal`` and ``external``; missing values (no IRR, no payback) are None.
    """
    spec = (
        ("reps", "count", "reps"),
        ("annual_cost_eur", "money", "annual_team_cost_eur"),
        ("setup_cost_eur", "money", "setup_cost_eur"),
        ("ramp_year1", "rate", "ramp_year1"),
        ("npv_eur", "money", "npv_eur"),
        ("irr", "rate", "irr"),
        ("roi", "rate", "roi"),
        ("payback_months", "months", "payback_months"),
    )
    return pd.DataFrame(
        {
            "figure": [s[0] for s in spec],
            "kind": [s[1] for s in spec],
            "internal": pd.Series([getattr(internal, s[2]) for s in spec], dtype=object),
            "external": pd.Series([getattr(external, s[2]) for s in spec], dtype=object),
        }
    )
