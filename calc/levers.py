"""Smart-account levers: cost to serve, small orders, digital ordering, concentration, history.

Implements the figures of the levers specification (``levers.md``, an extension of
the model): what serving each customer costs (visits, orders, order lines), the
whale curve of customer profit, small orders and the yearly effect of a
small-order policy (surcharge or minimum order value), the savings of moving
orders to digital channels, revenue concentration, and churn and promotion
measured from consecutive revenue years.

Everything here is pure and vectorised over customers and orders.  The functions
take per-customer arrays (as :func:`calc.model.compute` exposes them in
``ModelResult.customers``: ``revenue_current_eur``, ``cm_rate_used``,
``visits_used``, ``segment``, ``covered``) rather than recomputing the model;
:func:`lever_figures` is the one entry the CLI and the app call, and its
:class:`LeverFigures` result gives the CLI's JSON keys with
:meth:`LeverFigures.to_dict`.

Units are in the names (``_eur``; counts are per 12 months) and rates are
fractions.  The nine lever assumptions are fields of
:class:`~calc.assumptions.Assumptions` under the specification's names
(``cost_per_order`` is EUR per order, and so on; defaults, ranges and labels are
there, :data:`LEVER_ASSUMPTIONS` lists their specs); :class:`LeverSettings` takes
them from a scenario with :meth:`LeverSettings.from_assumptions`.

Choices where the specification leaves room:

* A missing count (``orders_12m``, ``lines_12m`` NaN or absent) is 0.
* The whale-curve figures (``unprofitable_customers``, ``profit_destroyed``,
  ``total_profit``) are taken over the active customers (r_i > 0), like the curve.
* Without order-level data a customer's order value is ``max(r_i, 0) / orders_12m_i``.
* The derived minimum order value is ``cost_per_order / cm_rate``; with
  ``cm_rate = 0`` it is infinite (no order's margin pays its handling: every order
  is small; the JSON shows null), or 0 when ``cost_per_order`` is 0 too.
* The history treats a missing revenue cell as 0 (as the model does) and pairs
  consecutive columns ``revenue_<YYYY>`` of the data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from .assumptions import SMALL_ORDER_POLICIES, SPECS, AssumptionSpec, coerce, default_of
from .errors import AssumptionError, DataError

__all__ = [
    "order_rows",
    "SEGMENTS",
    "SMALL_ORDER_POLICIES",
    "WINDOW_DAYS",
    "LEVER_ASSUMPTIONS",
    "MESSAGES",
    "LeverSettings",
    "OrderArrays",
    "OrderFigures",
    "WhaleCurve",
    "SmallOrders",
    "Concentration",
    "History",
    "LeverFigures",
    "order_arrays",
    "order_figures",
    "cost_to_serve",
    "customer_profit",
    "whale_curve",
    "whale_by_segment",
    "min_order_value",
    "small_orders",
    "small_order_effect",
    "policy_effect",
    "digital_savings",
    "concentration",
    "TopCustomerRisk",
    "concentration_risk",
    "history",
    "lever_figures",
    "message",
    "unprofitable_customers",
    "whale_points",
]

#: The customer segments of the model, in display order (equal to ``calc.model.SEGMENTS``;
#: repeated here so that the model can import this module without a cycle).
SEGMENTS = ("key", "potential", "small", "inactive", "no_revenue")

#: Days of the order window: lines dated after (newest date - WINDOW_DAYS days) count.
WINDOW_DAYS = 365

_TOP_K = (1, 5, 10, 20)


#: The nine lever assumptions of ``levers.md``: their :class:`~calc.assumptions.AssumptionSpec`
#: (unit, valid range, bilingual labels), in the order of ``levers.md``.  They are fields of
#: :class:`~calc.assumptions.Assumptions` (group ``levers``); defaults, ranges and labels live there.
LEVER_ASSUMPTIONS: tuple[AssumptionSpec, ...] = tuple(spec for spec in SPECS.values() if spec.group == "levers")


#: User-facing notes of :class:`LeverFigures` (``LeverFigures.notes`` holds the keys), in English and German.
MESSAGES = MappingProxyType(
    {
        "cost_to_serve_visits_only": MappingProxyType(
            {
                "en": "The data has no order counts: cost to serve covers field visits only.",
                "de": "Die Daten enthalten keine Auftragszahlen: die Kosten je Kunde umfassen nur die "
                "Außendienstbesuche.",
            }
        ),
        "no_order_lines": MappingProxyType(
            {
                "en": "The data has no order-line counts: cost to serve covers visits and orders only.",
                "de": "Die Daten enthalten keine Positionszahlen: die Kosten je Kunde umfassen nur Besuche "
                "und Aufträge.",
            }
        ),
        "small_orders_estimated": MappingProxyType(
            {
                "en": "Without order-level data each customer's orders are taken to be of equal value "
                "(revenue / orders).",
                "de": "Ohne Daten je Auftrag gelten alle Aufträge eines Kunden als gleich groß "
                "(Umsatz / Aufträge).",
            }
        ),
    }
)


def message(key: str, lang: str = "en") -> str:
    """The note ``key`` of :data:`MESSAGES` in ``lang`` (``"en"`` or ``"de"``).

    >>> message("cost_to_serve_visits_only", "en")
    'The data has no order counts: cost to serve covers field visits only.'
    """
    return MESSAGES[key]["de" if lang == "de" else "en"]


# ---------------------------------------------------------------------------------
# settings
# ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class LeverSettings:
    """The nine lever assumptions of ``levers.md``, validated on creation.

    Field names are the specification's names (they are meant to move into
    :class:`~calc.assumptions.Assumptions` unchanged); units:

    ========================  ===========  ==========================================================
    name                      unit         meaning
    ========================  ===========  ==========================================================
    cost_per_order            EUR/order    handling one order (entry, picking, shipping, invoice)
    cost_per_line             EUR/line     each order line on top
    min_order_value           EUR/order    None: derived, ``cost_per_order / cm_rate``
    small_order_policy        --           ``"none"``, ``"surcharge"`` or ``"minimum"``
    surcharge_eur             EUR/order    fee per small order (surcharge policy)
    consolidation_share       fraction     small orders bundled into larger ones under a policy
    policy_churn              fraction     affected customers who leave because of the policy
    digital_share             fraction     covered customers' orders moved to shop/EDI
    digital_cost_per_order    EUR/order    handling one digital order
    ========================  ===========  ==========================================================

    Raises
    ------
    AssumptionError
        If a value is outside its range (see :data:`LEVER_ASSUMPTIONS`); the message
        names the assumption, the value and the valid range.

    Examples
    --------
    >>> s = LeverSettings()
    >>> s.cost_per_order, s.small_order_policy, s.min_order_value_eur(cm_rate=0.30)
    (30.0, 'none', 100.0)
    >>> LeverSettings(small_order_policy="Surcharge").small_order_policy
    'surcharge'
    """

    cost_per_order: float = default_of("cost_per_order")
    cost_per_line: float = default_of("cost_per_line")
    min_order_value: float | None = default_of("min_order_value")
    small_order_policy: str = default_of("small_order_policy")
    surcharge_eur: float = default_of("surcharge_eur")
    consolidation_share: float = default_of("consolidation_share")
    policy_churn: float = default_of("policy_churn")
    digital_share: float = default_of("digital_share")
    digital_cost_per_order: float = default_of("digital_cost_per_order")

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, coerce(f.name, getattr(self, f.name)))

    @classmethod
    def from_assumptions(cls, assumptions: Any) -> LeverSettings:
        """Take the nine values from any object that has them as attributes (e.g. ``Assumptions``)."""
        return cls(**{f.name: getattr(assumptions, f.name) for f in fields(cls)})

    def min_order_value_eur(self, *, cm_rate: float) -> float:
        """The minimum order value in force: the override, else ``cost_per_order / cm_rate``."""
        return min_order_value(cost_per_order=self.cost_per_order, cm_rate=cm_rate, override=self.min_order_value)


def min_order_value(*, cost_per_order: float, cm_rate: float, override: float | None = None) -> float:
    r"""The order value whose margin just pays its handling, in EUR.

    Notes
    -----
    .. math:: min\_order\_value = \frac{cost\_per\_order}{cm\_rate}

    unless ``override`` is given.  An order of value x is small when
    :math:`cm\_rate \cdot x < cost\_per\_order`; so with ``cm_rate`` = 0 every order is
    small (infinity) unless handling is free too (0: no order is small).

    Examples
    --------
    >>> min_order_value(cost_per_order=30.0, cm_rate=0.3)
    100.0
    >>> min_order_value(cost_per_order=30.0, cm_rate=0.3, override=50.0)
    50.0
    >>> min_order_value(cost_per_order=30.0, cm_rate=0.0), min_order_value(cost_per_order=0.0, cm_rate=0.0)
    (inf, 0.0)
    """
    if override is not None:
        return float(override)
    if not cm_rate > 0:
        return math.inf if cost_per_order > 0 else 0.0
    return float(cost_per_order) / float(cm_rate)


# ---------------------------------------------------------------------------------
# orders from a transaction log
# ---------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class OrderArrays:
    """Order figures by customer code (the result of :func:`order_arrays`).

    ``orders_12m`` and ``lines_12m`` are float arrays of length ``n_customers``;
    ``order_customer`` (int codes) and ``order_value_eur`` have one entry per order
    in the window, in order of first appearance.  ``newest_date`` and
    ``window_start`` (the first day inside the window) are ``datetime64[D]`` or NaT
    when there is no line.
    """

    orders_12m: np.ndarray
    lines_12m: np.ndarray
    order_customer: np.ndarray
    order_value_eur: np.ndarray
    newest_date: np.datetime64
    window_start: np.datetime64


def order_arrays(
    customer_codes: Any,
    dates: Any,
    amounts: Any,
    order_codes: Any = None,
    *,
    n_customers: int,
) -> OrderArrays:
    r"""Orders, order lines and order values per customer over the 12-month window.

    The array form of :func:`order_figures`, for a reader that has already coded
    its customers (e.g. with :func:`pandas.factorize`).

    Parameters
    ----------
    customer_codes
        Integer code of each line's customer, 0 .. n_customers - 1.
    dates
        Each line's date (``datetime64``); a time of day is ignored.
    amounts
        Each line's net amount in EUR (credit notes negative).
    order_codes
        Integer code of each line's order number (any coding where equal numbers get
        equal codes), -1 where the line has none; None: no line has one.
    n_customers
        Number of customers (length of the per-customer arrays).

    Returns
    -------
    OrderArrays

    Notes
    -----
    With calendar days d and the newest date D of all lines, the window holds the
    lines with ``amount > 0`` and ``d > D - 365``.  An order is one order code of one
    customer; a line without one is an order of its own.

    .. math::
        lines\_12m_i = |\{\text{window lines of } i\}|, \quad
        orders\_12m_i = |\{\text{window orders of } i\}|, \quad
        value_o = \sum_{\text{window lines of } o} amount

    Examples
    --------
    2024 is a leap year, so the window of 31 Dec 2024 starts on 2 Jan 2024:

    >>> d = np.array(["2024-12-31", "2024-12-31", "2024-01-02", "2024-01-01"], dtype="datetime64[D]")
    >>> res = order_arrays([0, 0, 1, 1], d, [60.0, 50.0, 20.0, 500.0], [7, 7, -1, -1], n_customers=2)
    >>> res.orders_12m.tolist(), res.lines_12m.tolist(), res.order_value_eur.tolist()
    ([1.0, 1.0], [2.0, 1.0], [110.0, 20.0])
    """
    n = int(n_customers)
    codes = np.asarray(customer_codes, dtype=np.int64)
    amount = np.asarray(amounts, dtype=np.float64)
    day = np.asarray(dates).astype("datetime64[D]")
    if not (codes.shape == amount.shape == day.shape):
        raise DataError(key="err_line_arrays")
    valid = ~np.isnat(day) & np.isfinite(amount) & (codes >= 0)
    empty_f = np.zeros(n)
    if not valid.any():
        nat = np.datetime64("NaT", "D")
        return OrderArrays(empty_f, empty_f.copy(), np.zeros(0, np.int64), np.zeros(0), nat, nat)
    if codes.max() >= n:
        raise DataError(key="err_customer_code", values={"code": int(codes.max()), "n": n})
    newest = day[valid].max()
    start = newest - np.timedelta64(WINDOW_DAYS - 1, "D")
    idx = np.flatnonzero(valid & (amount > 0) & (day >= start))
    c = codes[idx]
    a = amount[idx]
    lines = np.bincount(c, minlength=n).astype(np.float64)
    if order_codes is None:
        return OrderArrays(lines.copy(), lines, c, a, newest, start)
    o = np.asarray(order_codes, dtype=np.int64)
    if o.shape != codes.shape:
        raise DataError(key="err_order_codes")
    o = o[idx]
    width = int(o.max()) + 1 if o.size and o.max() >= 0 else 1
    key = c * width + o
    lone = o < 0
    if lone.any():
        key[lone] = -1 - np.flatnonzero(lone)  # each line without an order number: a key of its own
    ocode, uniques = pd.factorize(key)
    k = len(uniques)
    value = np.bincount(ocode, weights=a, minlength=k)
    order_customer = np.empty(k, dtype=np.int64)
    order_customer[ocode] = c
    orders = np.bincount(order_customer, minlength=n).astype(np.float64)
    return OrderArrays(orders, lines, order_customer, value, newest, start)


@dataclass(frozen=True, eq=False)
class OrderFigures:
    """Order figures of a transaction log (the result of :func:`order_figures`).

    Attributes
    ----------
    customers
        One row per customer in order of first appearance (as
        :func:`calc.readers.read_data` orders a transaction table): ``customer_id``,
        ``orders_12m``, ``lines_12m`` (float64).  A customer with only credit notes
        or only old lines has 0 and 0.
    orders
        One row per order in the window: ``customer_id``, ``order_value_eur``.
    newest_date, window_start
        The newest day in the log and the first day of the window (NaT if none).
    """

    customers: pd.DataFrame = field(repr=False)
    orders: pd.DataFrame = field(repr=False)
    newest_date: pd.Timestamp
    window_start: pd.Timestamp


def _present(values: pd.Series) -> np.ndarray:
    """True where an id cell holds a value (not NA, not an empty string)."""
    mask = np.array(values.notna().to_numpy(dtype=bool), copy=True)
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        mask &= np.asarray(values.ne("").to_numpy(dtype=bool, na_value=False))
    return mask


def order_figures(lines: pd.DataFrame) -> OrderFigures:
    """Orders, order lines and order values per customer from a transaction log.

    Parameters
    ----------
    lines
        One row per line with ``customer_id``, ``date`` (datetime64, or text that
        :func:`pandas.to_datetime` reads), ``amount`` (EUR) and optionally
        ``order_id``.  Lines without customer id, date or amount are left out (as the
        reader leaves them out).

    Returns
    -------
    OrderFigures

    Raises
    ------
    DataError
        If a required column is missing or no line is usable.

    Notes
    -----
    The window holds the lines with ``amount > 0`` dated after (newest date - 365
    days), in calendar days.  An order is one ``order_id`` of one customer; a line
    without ``order_id`` is an order of its own; an order's value is the sum of its
    lines in the window.  See :func:`order_arrays`.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "customer_id": ["A", "A", "A", "B"],
    ...     "date": pd.to_datetime(["2024-06-30 17:45", "2024-06-30 08:00", "2023-07-01 09:00", "2024-01-05 10:00"]),
    ...     "amount": [80.0, 40.0, 99.0, -30.0],
    ...     "order_id": ["R1", "R1", "R0", "R2"],
    ... })
    >>> res = order_figures(log)
    >>> res.customers.to_dict("list")
    {'customer_id': ['A', 'B'], 'orders_12m': [1.0, 0.0], 'lines_12m': [2.0, 0.0]}
    >>> res.orders["order_value_eur"].tolist()
    [120.0]
    """
    missing = [c for c in ("customer_id", "date", "amount") if c not in lines.columns]
    if missing:
        raise DataError(key="err_lines_columns", values={"columns": ", ".join(missing)})
    ids = lines["customer_id"]
    dates = lines["date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates, errors="coerce")
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    day = dates.to_numpy(dtype="datetime64[ns]")
    amount = pd.to_numeric(lines["amount"], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    use = _present(ids) & ~np.isnat(day) & np.isfinite(amount)
    if not use.any():
        raise DataError(key="err_no_usable_lines")
    all_used = bool(use.all())
    kept_ids = ids if all_used else ids[use]
    codes, uniques = pd.factorize(kept_ids)
    order_codes = None
    if "order_id" in lines.columns:
        oid = lines["order_id"] if all_used else lines["order_id"][use]
        order_codes, _ = pd.factorize(oid)
        order_codes = np.where(_present(oid), order_codes, -1)
    res = order_arrays(
        codes,
        day if all_used else day[use],
        amount if all_used else amount[use],
        order_codes,
        n_customers=len(uniques),
    )
    customer_id = pd.Series(uniques, name="customer_id")
    customers = pd.DataFrame(
        {"customer_id": customer_id, "orders_12m": res.orders_12m, "lines_12m": res.lines_12m}
    )
    orders = pd.DataFrame(
        {
            "customer_id": customer_id.take(res.order_customer).reset_index(drop=True),
            "order_value_eur": res.order_value_eur,
        }
    )
    return OrderFigures(customers, orders, pd.Timestamp(res.newest_date), pd.Timestamp(res.window_start))


# ---------------------------------------------------------------------------------
# cost to serve and profit
# ---------------------------------------------------------------------------------
def _count(values: Any, n: int | None = None) -> np.ndarray:
    """Float array with NaN, infinite and negative counts as 0."""
    x = np.array(values, dtype=np.float64, copy=True, ndmin=1)
    if n is not None and x.shape != (n,):
        x = np.broadcast_to(x, (n,)).copy()
    x[~np.isfinite(x) | (x < 0)] = 0.0
    return x


def cost_to_serve(
    visits_12m: Any,
    orders_12m: Any,
    lines_12m: Any,
    *,
    cost_per_visit: float,
    cost_per_order: float,
    cost_per_line: float,
) -> np.ndarray:
    r"""What serving each customer costs per year, in EUR.

    Parameters
    ----------
    visits_12m, orders_12m, lines_12m
        Per-customer counts of the last 12 months (array-like of equal length);
        missing (NaN) or negative counts are 0.
    cost_per_visit, cost_per_order, cost_per_line
        EUR per field visit, per order, per order line.

    Returns
    -------
    numpy.ndarray
        ``cost_to_serve_i`` per customer.

    Notes
    -----
    .. math::
        cost\_to\_serve_i = visits\_12m_i \cdot cost\_per\_visit + orders\_12m_i \cdot cost\_per\_order
        + lines\_12m_i \cdot cost\_per\_line

    Examples
    --------
    >>> cost_to_serve([2, 0], [10, np.nan], [25, 3], cost_per_visit=137.5, cost_per_order=30.0, cost_per_line=2.0)
    array([625.,   6.])
    """
    v = _count(visits_12m)
    n = len(v)
    return v * cost_per_visit + _count(orders_12m, n) * cost_per_order + _count(lines_12m, n) * cost_per_line


def customer_profit(revenue: Any, cm: Any, cost_to_serve_eur: Any) -> np.ndarray:
    r"""Each customer's profit after cost to serve, in EUR per year.

    Notes
    -----
    .. math:: profit_i = cm_i \cdot \max(r_i, 0) - cost\_to\_serve_i

    Examples
    --------
    >>> customer_profit([1000.0, -50.0], [0.3, 0.3], [400.0, 30.0])
    array([-100.,  -30.])
    """
    r = np.asarray(revenue, dtype=np.float64)
    return np.asarray(cm, dtype=np.float64) * np.maximum(r, 0.0) - np.asarray(cost_to_serve_eur, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class WhaleCurve:
    """The whale curve of customer profit over the active customers (r_i > 0).

    Attributes
    ----------
    x
        Share of customers, 0, 1/n, ..., 1 (n + 1 points, starting at the origin).
    y
        Cumulative profit / total profit at each point (NaN where total profit <= 0).
    cumulative_profit_eur
        Cumulative profit at each point, EUR (the curve without the division).
    customers
        n, the number of active customers.
    peak_share
        max y (None where total profit <= 0).
    unprofitable_customers
        Active customers with profit < 0.
    profit_destroyed_eur
        -sum of the negative profits, EUR (>= 0).
    total_profit_eur
        Sum of the profits, EUR.
    """

    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    cumulative_profit_eur: np.ndarray = field(repr=False)
    customers: int
    peak_share: float | None
    unprofitable_customers: int
    profit_destroyed_eur: float
    total_profit_eur: float


def whale_curve(revenue: Any, profit: Any) -> WhaleCurve:
    r"""The whale curve: cumulative profit of the active customers, best first.

    Parameters
    ----------
    revenue
        Current revenue r_i per customer (EUR); only customers with r_i > 0 count.
    profit
        ``profit_i`` per customer (EUR), from :func:`customer_profit`.

    Returns
    -------
    WhaleCurve

    Notes
    -----
    Over the n active customers sorted by profit descending, point k is

    .. math::
        x_k = \frac{k}{n}, \qquad y_k = \frac{\sum_{j \le k} profit_{(j)}}{\sum_j profit_j}

    ``peak_share`` = max y (1.4: the best customers earn 140 % of the profit and the
    rest destroy 40 %); null where the total profit is 0 or less.

    Examples
    --------
    >>> w = whale_curve([100.0, 100.0, 100.0, 0.0], [80.0, -30.0, 50.0, -999.0])
    >>> w.x.tolist(), w.y.tolist()
    ([0.0, 0.3333333333333333, 0.6666666666666666, 1.0], [0.0, 0.8, 1.3, 1.0])
    >>> w.peak_share, w.unprofitable_customers, w.profit_destroyed_eur, w.total_profit_eur
    (1.3, 1, 30.0, 100.0)
    """
    r = np.asarray(revenue, dtype=np.float64)
    p = np.asarray(profit, dtype=np.float64)
    active = p[r > 0]
    ordered = -np.sort(-active, kind="stable")
    n = len(ordered)
    cumulative = np.concatenate([[0.0], np.cumsum(ordered)])
    total = float(cumulative[-1])  # so that y ends at exactly 1
    x = np.arange(n + 1, dtype=np.float64) / n if n else np.zeros(1)
    if total > 0:
        y = cumulative / total
        peak: float | None = float(y.max())
    else:
        y = np.full(n + 1, np.nan)
        peak = None
    negative = ordered[ordered < 0]
    return WhaleCurve(
        x=x,
        y=y,
        cumulative_profit_eur=cumulative,
        customers=n,
        peak_share=peak,
        unprofitable_customers=int(negative.size),
        profit_destroyed_eur=float(-negative.sum()) if negative.size else 0.0,
        total_profit_eur=total,
    )


def whale_by_segment(revenue: Any, profit: Any, segment: Any) -> MappingProxyType:
    """:func:`whale_curve` per segment: a read-only mapping segment -> WhaleCurve (keys: :data:`SEGMENTS`).

    Inactive and no-revenue customers have no revenue, so their curves are empty.

    Examples
    --------
    >>> by = whale_by_segment([100.0, 50.0, 10.0], [40.0, 5.0, -2.0], ["key", "small", "small"])
    >>> by["small"].total_profit_eur, by["small"].peak_share, by["key"].customers, by["inactive"].customers
    (3.0, 1.6666666666666667, 1, 0)
    """
    r = np.asarray(revenue, dtype=np.float64)
    p = np.asarray(profit, dtype=np.float64)
    seg = np.asarray(segment, dtype=object)
    return MappingProxyType({s: whale_curve(r[seg == s], p[seg == s]) for s in SEGMENTS})


def whale_points(whale: WhaleCurve, *, max_points: int = 600) -> pd.DataFrame:
    """The whale curve thinned to at most about ``max_points`` points for a chart, its peak always kept.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_share`` (x), ``profit_share`` (y) and ``peak`` (True at the
        first point of the highest y; none where the curve has no y).

    Examples
    --------
    >>> w = whale_curve([100.0, 100.0, 100.0], [80.0, -30.0, 50.0])
    >>> whale_points(w).values.tolist()
    [[0.0, 0.0, False], [0.3333333333333333, 0.8, False], [0.6666666666666666, 1.3, True], [1.0, 1.0, False]]
    >>> len(whale_points(whale_curve(np.ones(5000), np.linspace(9, -1, 5000)), max_points=100)) <= 101
    True
    """
    x, y = whale.x, whale.y
    n = len(x)
    has_y = n > 1 and bool(np.isfinite(y).any())
    peak = int(np.nanargmax(y)) if has_y else -1
    idx = np.arange(n)
    if n > max_points:
        idx = np.unique(np.concatenate([np.linspace(0, n - 1, max(int(max_points), 2)).round().astype(int),
                                        [peak] if peak >= 0 else []]).astype(int))
    return pd.DataFrame({"customer_share": x[idx], "profit_share": y[idx], "peak": idx == peak})


def unprofitable_customers(table: pd.DataFrame, details: pd.DataFrame | None = None, *,
                           revenue: Any = None) -> pd.DataFrame:
    """The customers whose profit after cost to serve is negative, the worst first.

    Parameters
    ----------
    table
        ``LeverFigures.customers`` (``customer_id``, ``segment``, ``profit_eur`` ...).
    details
        Optional further columns in the same row order (e.g. ``name`` and
        ``revenue_current_eur`` of ``ModelResult.customers``); they follow ``customer_id``.
    revenue
        Optional current revenue per customer (same row order): then only the active
        customers (r_i > 0) count, as in :func:`whale_curve` (its ``unprofitable_customers``
        is the length of this list).

    Returns
    -------
    pandas.DataFrame
        The rows with ``profit_eur < 0`` sorted by profit ascending (ties keep the table
        order), with a fresh index.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "c"], "profit_eur": [5.0, -2.0, -9.0]})
    >>> unprofitable_customers(t, pd.DataFrame({"name": ["A", "B", "C"]})).values.tolist()
    [['c', 'C', -9.0], ['b', 'B', -2.0]]
    >>> unprofitable_customers(t, revenue=[10.0, 20.0, 0.0])["customer_id"].tolist()
    ['b']
    """
    losing = table["profit_eur"].to_numpy(dtype=np.float64) < 0
    if revenue is not None:
        r = np.asarray(revenue, dtype=np.float64)
        if r.shape != (len(table),):
            raise ValueError(f"revenue has {r.size} values for {len(table)} customers")
        losing &= r > 0
    if details is not None:
        if len(details) != len(table):
            raise ValueError(f"details has {len(details)} rows for {len(table)} customers")
        extra = details.reset_index(drop=True).drop(columns=[c for c in details.columns if c in table.columns])
        base = table.reset_index(drop=True)
        at = base.columns.get_loc("customer_id") + 1
        table = pd.concat([base.iloc[:, :at], extra, base.iloc[:, at:]], axis=1)
    return table[losing].sort_values("profit_eur", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------
# small orders
# ---------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SmallOrders:
    """Orders below the minimum order value of customers outside the key segment.

    Attributes
    ----------
    min_order_value_eur
        The threshold: an order is small if its value is strictly below it.
    orders
        n, the number of small orders (a float: a customer table may hold fractional counts).
    value_eur
        v, their total value.
    customers
        |A|, the customers with one or more small orders.
    cm_value_eur
        sum over the small orders of cm_i * value (the margin they bring).
    affected_cm_revenue_eur
        sum over A of cm_i * max(r_i, 0) (the margin at risk of policy churn).
    orders_by_customer, value_by_customer_eur
        n and v per customer (arrays aligned with the inputs).
    estimated
        True when computed from the customer table (no order-level data).
    """

    min_order_value_eur: float
    orders: float
    value_eur: float
    customers: int
    cm_value_eur: float
    affected_cm_revenue_eur: float
    orders_by_customer: np.ndarray = field(repr=False)
    value_by_customer_eur: np.ndarray = field(repr=False)
    estimated: bool


def small_orders(
    revenue: Any,
    cm: Any,
    segment: Any,
    *,
    min_order_value_eur: float,
    orders_12m: Any = None,
    order_customer: Any = None,
    order_value_eur: Any = None,
) -> SmallOrders:
    r"""Count and value the small orders of the customers outside the key segment.

    Parameters
    ----------
    revenue, cm, segment
        Per customer: current revenue r_i (EUR), margin rate cm_i, segment.
    min_order_value_eur
        An order is small if its value is strictly below this.
    orders_12m
        Per-customer order counts, used without order-level data (NaN counts as 0).
    order_customer, order_value_eur
        Order-level data: each order's customer (index into the per-customer
        arrays) and value (EUR).  When given, ``orders_12m`` is not used.

    Returns
    -------
    SmallOrders

    Notes
    -----
    With order-level data the small orders are the orders o with
    :math:`value_o < min\_order\_value` of customers i with segment_i != key.
    Without, a customer's orders all have the value
    :math:`\max(r_i, 0) / orders\_12m_i`, so either all its orders_12m_i orders are
    small, with value max(r_i, 0), or none.

    .. math::
        n = \sum_{small} 1, \quad v = \sum_{small} value_o, \quad
        A = \{i : n_i \ge 1\}

    Examples
    --------
    Customer 0 is a key account; customer 1 has orders of 120, 100 and 60 EUR:

    >>> s = small_orders([50000.0, 280.0], [0.3, 0.25], ["key", "small"], min_order_value_eur=100.0,
    ...                  order_customer=[0, 1, 1, 1], order_value_eur=[20.0, 120.0, 100.0, 60.0])
    >>> s.orders, s.value_eur, s.customers, s.cm_value_eur, s.affected_cm_revenue_eur
    (1.0, 60.0, 1, 15.0, 70.0)
    """
    r = np.asarray(revenue, dtype=np.float64)
    n_cust = len(r)
    cm_arr = np.broadcast_to(np.asarray(cm, dtype=np.float64), (n_cust,))
    outside_key = np.asarray(segment, dtype=object) != "key"
    r_pos = np.maximum(r, 0.0)
    mov = float(min_order_value_eur)
    if order_customer is not None:
        oc = np.asarray(order_customer, dtype=np.int64)
        ov = np.asarray(order_value_eur, dtype=np.float64)
        if oc.shape != ov.shape:
            raise DataError(key="err_order_arrays")
        if oc.size and (oc.min() < 0 or oc.max() >= n_cust):
            raise DataError(key="err_order_code_unknown")
        small = (ov < mov) & outside_key[oc]
        n_i = np.bincount(oc[small], minlength=n_cust).astype(np.float64)
        v_i = np.bincount(oc[small], weights=ov[small], minlength=n_cust)
        estimated = False
    else:
        k = _count(orders_12m if orders_12m is not None else 0.0, n_cust)
        with np.errstate(over="ignore"):
            per_order = np.divide(r_pos, k, out=np.full(n_cust, np.inf), where=k > 0)
        all_small = outside_key & (k > 0) & (per_order < mov)
        n_i = np.where(all_small, k, 0.0)
        v_i = np.where(all_small, r_pos, 0.0)
        estimated = True
    affected = n_i > 0
    return SmallOrders(
        min_order_value_eur=mov,
        orders=float(n_i.sum()),
        value_eur=float(v_i.sum()),
        customers=int(affected.sum()),
        cm_value_eur=float((cm_arr * v_i).sum()),
        affected_cm_revenue_eur=float((cm_arr * r_pos)[affected].sum()),
        orders_by_customer=n_i,
        value_by_customer_eur=v_i,
        estimated=estimated,
    )


def small_order_effect(small: SmallOrders, *, settings: LeverSettings) -> float:
    r"""The yearly effect of the small-order policy, in EUR (a benefit when positive).

    Parameters
    ----------
    small
        The small orders, from :func:`small_orders`.
    settings
        ``small_order_policy``, ``cost_per_order``, ``surcharge_eur``,
        ``consolidation_share`` and ``policy_churn`` are used.

    Notes
    -----
    With n small orders, c = consolidation_share, A the affected customers:

    .. math::
        surcharge: effect = n c \cdot cost\_per\_order + n (1 - c) \cdot surcharge\_eur
        - policy\_churn \sum_{i \in A} cm_i \max(r_i, 0)

        minimum: effect = n \cdot cost\_per\_order - (1 - c) \sum_{small\ orders} cm_i \cdot value
        - policy\_churn \sum_{i \in A} cm_i \max(r_i, 0)

        none: effect = 0

    Examples
    --------
    >>> s = small_orders([280.0], [0.25], ["small"], min_order_value_eur=100.0,
    ...                  order_customer=[0, 0, 0], order_value_eur=[120.0, 100.0, 60.0])
    >>> small_order_effect(s, settings=LeverSettings(small_order_policy="surcharge"))
    16.5
    >>> small_order_effect(s, settings=LeverSettings(small_order_policy="minimum"))
    19.0
    """
    return float(policy_effect(
        settings.small_order_policy, orders=small.orders, cm_value_eur=small.cm_value_eur,
        affected_cm_revenue_eur=small.affected_cm_revenue_eur, cost_per_order=settings.cost_per_order,
        surcharge_eur=settings.surcharge_eur, consolidation_share=settings.consolidation_share,
        policy_churn=settings.policy_churn,
    ))


def policy_effect(policy: str, *, orders, cm_value_eur, affected_cm_revenue_eur, cost_per_order, surcharge_eur,
                  consolidation_share, policy_churn):
    r"""The formula of :func:`small_order_effect` on numbers or arrays over draws (broadcast together).

    ``orders`` = n, ``cm_value_eur`` = :math:`\sum_{small} cm_i \cdot value`,
    ``affected_cm_revenue_eur`` = :math:`\sum_{i \in A} cm_i \max(r_i, 0)`.

    >>> policy_effect("minimum", orders=3.0, cm_value_eur=20.0, affected_cm_revenue_eur=100.0, cost_per_order=30.0,
    ...               surcharge_eur=10.0, consolidation_share=0.5, policy_churn=0.05)
    75.0
    """
    if policy == "none":
        return 0.0
    churn = policy_churn * affected_cm_revenue_eur
    c = consolidation_share
    n = orders
    if policy == "surcharge":
        return n * c * cost_per_order + n * (1.0 - c) * surcharge_eur - churn
    if policy == "minimum":
        return n * cost_per_order - (1.0 - c) * cm_value_eur - churn
    raise AssumptionError(key="err_policy_unknown", values={"policy": repr(policy), "choices": ", ".join(
        SMALL_ORDER_POLICIES)},
                          name="small_order_policy")


# ---------------------------------------------------------------------------------
# digital ordering
# ---------------------------------------------------------------------------------
def digital_savings(
    covered_orders_12m: Any,
    *,
    settings: LeverSettings,
    horizon_years: int,
    ramp_year1: float,
) -> np.ndarray:
    r"""Yearly savings of moving the covered customers' orders to shop/EDI, t = 1..H (EUR).

    Parameters
    ----------
    covered_orders_12m
        The covered customers' orders of the last 12 months: per-customer array or
        their sum (NaN counts as 0).
    settings
        ``digital_share``, ``cost_per_order`` and ``digital_cost_per_order`` are used.
    horizon_years
        H, the number of years.
    ramp_year1
        Share reached in year 1 (the variant's own ramp: ``ramp_year1`` or
        ``external_ramp_year1``).

    Returns
    -------
    numpy.ndarray
        digital(t) for t = 1..H (length H).

    Notes
    -----
    .. math::
        digital(t) = \sum_{covered} orders\_12m_i \cdot digital\_share \cdot ramp(t)
        \cdot (cost\_per\_order - digital\_cost\_per\_order)

    with ramp(1) = ramp_year1 and ramp(t >= 2) = 1.

    Examples
    --------
    >>> digital_savings([10.0, 30.0], settings=LeverSettings(digital_share=0.5), horizon_years=3, ramp_year1=0.5)
    array([250., 500., 500.])
    """
    h = int(horizon_years)
    if h < 1 or h != horizon_years:
        raise AssumptionError(key="err_horizon_whole", values={"value": repr(horizon_years)},
                              name="horizon_years")
    total = float(_count(covered_orders_12m).sum())
    t = np.arange(1, h + 1)
    ramp = np.where(t == 1, float(ramp_year1), 1.0)
    return total * settings.digital_share * ramp * (settings.cost_per_order - settings.digital_cost_per_order)


# ---------------------------------------------------------------------------------
# concentration and history
# ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Concentration:
    """Revenue concentration over the active customers (None where there is none).

    ``top<k>_share`` is the revenue share of the k largest customers (all of them if
    fewer than k); ``hhi`` the Herfindahl-Hirschman index, 0 .. 10,000.
    """

    customers: int
    top1_share: float | None
    top5_share: float | None
    top10_share: float | None
    top20_share: float | None
    hhi: float | None


def concentration(revenue: Any) -> Concentration:
    r"""Top-k revenue shares and the HHI over the active customers (r_i > 0).

    Notes
    -----
    .. math::
        s_i = \frac{r_i}{\sum_{r_j > 0} r_j}, \quad top_k = \sum_{k\ largest} s_i, \quad
        hhi = 10000 \sum_i s_i^2

    Examples
    --------
    >>> c = concentration([500.0, 300.0, 200.0, -40.0, 0.0])
    >>> c.customers, c.top1_share, c.top5_share, round(c.hhi, 6)
    (3, 0.5, 1.0, 3800.0)
    """
    r = np.asarray(revenue, dtype=np.float64)
    active = r[r > 0]
    n = int(active.size)
    if n == 0:
        return Concentration(0, None, None, None, None, None)
    ordered = -np.sort(-active)
    cum = np.cumsum(ordered)
    total = float(cum[-1])  # so that the share of all customers is exactly 1
    s = ordered / total
    top = {k: float(min(cum[min(k, n) - 1] / total, 1.0)) for k in _TOP_K}
    return Concentration(
        customers=n,
        top1_share=top[1],
        top5_share=top[5],
        top10_share=top[10],
        top20_share=top[20],
        hhi=float(min(10_000.0 * float((s * s).sum()), 10_000.0)),
    )


@dataclass(frozen=True)
class TopCustomerRisk:
    """What the margin of the k largest customers weighs against the programme's added margin.

    ``customers`` is min(k, active customers); ``revenue_share`` their share of the
    revenue; ``margin_at_risk_eur`` their contribution margin per year;
    ``added_margin_eur`` the programme's added margin in the horizon's last year;
    ``ratio`` = margin_at_risk / added_margin (None where the added margin is 0 or less).
    """

    k: int
    customers: int
    revenue_share: float | None
    margin_at_risk_eur: float
    added_margin_eur: float
    ratio: float | None


def concentration_risk(
    revenue: Any,
    cm: Any,
    *,
    added_margin_eur: float,
    top_k: tuple[int, ...] = _TOP_K,
) -> tuple[TopCustomerRisk, ...]:
    r"""What if the top k customers leave: their margin against the programme's added margin.

    Parameters
    ----------
    revenue, cm
        Per customer: current revenue r_i (EUR; only r_i > 0 counts) and margin rate cm_i.
    added_margin_eur
        The programme's added contribution margin in the last year of the horizon
        (``delta_cm_eur`` of the business case's year H), EUR.
    top_k
        The k to look at (whole numbers >= 1).

    Returns
    -------
    tuple of TopCustomerRisk
        One per k, in the order given.

    Notes
    -----
    With the active customers sorted by revenue, largest first (as the top-k shares of
    :func:`concentration`):

    .. math::
        at\_risk_k = \sum_{j \le k} cm_{(j)} \cdot r_{(j)}, \qquad
        ratio_k = \frac{at\_risk_k}{added\_margin}

    A ratio above 1 means losing those k customers costs more margin than the whole
    programme adds in its best year.

    Examples
    --------
    >>> risk = concentration_risk([500.0, 300.0, 200.0, -40.0], [0.2, 0.5, 0.3, 0.3], added_margin_eur=100.0,
    ...                           top_k=(1, 2, 5))
    >>> [(x.customers, x.revenue_share, x.margin_at_risk_eur, x.ratio) for x in risk]
    [(1, 0.5, 100.0, 1.0), (2, 0.8, 250.0, 2.5), (3, 1.0, 310.0, 3.1)]
    """
    r = np.asarray(revenue, dtype=np.float64)
    cm_arr = np.broadcast_to(np.asarray(cm, dtype=np.float64), r.shape)
    active = r > 0
    order = np.argsort(-r[active], kind="stable")
    ordered_r = r[active][order]
    margin = np.nan_to_num(cm_arr[active][order] * ordered_r)
    cum_margin = np.concatenate([[0.0], np.cumsum(margin)])
    cum_r = np.concatenate([[0.0], np.cumsum(ordered_r)])
    n = int(ordered_r.size)
    total = float(cum_r[-1])
    added = float(added_margin_eur)
    out = []
    for k in top_k:
        if int(k) != k or k < 1:
            raise ValueError(f"top k must be a whole number of at least 1, not {k!r}")
        m = min(int(k), n)
        at_risk = float(cum_margin[m])
        out.append(TopCustomerRisk(
            k=int(k),
            customers=m,
            revenue_share=float(min(cum_r[m] / total, 1.0)) if total > 0 else None,
            margin_at_risk_eur=at_risk,
            added_margin_eur=added,
            ratio=at_risk / added if added > 0 else None,
        ))
    return tuple(out)


@dataclass(frozen=True)
class History:
    """Churn and promotion pooled over the consecutive revenue-year pairs of the data.

    Rates are None where their denominator is 0 (always with fewer than two years).
    ``small_start`` and ``active_start`` are the pooled denominators.
    """

    pairs: int
    years: tuple[int, ...]
    small_start: int
    active_start: int
    churn_small: float | None
    churn_all: float | None
    promotion_small_to_key: float | None


_YEAR_COLUMN = re.compile(r"^revenue_(\d{4})$")


def history(customers: pd.DataFrame, *, revenue_threshold: float) -> History:
    r"""Measured churn and promotion from consecutive revenue years.

    Parameters
    ----------
    customers
        The customer table with ``revenue_<YYYY>`` columns (a missing cell is 0).
    revenue_threshold
        EUR/year; small in year y0 means 0 < r_y0 < revenue_threshold (revenue only).

    Returns
    -------
    History

    Notes
    -----
    Pooled over the pairs (y0, y1) of consecutive revenue columns:

    .. math::
        churn\_small = \frac{|\{small_{y0}, r_{y1} \le 0\}|}{|small_{y0}|}, \quad
        churn\_all = \frac{|\{r_{y0} > 0, r_{y1} \le 0\}|}{|\{r_{y0} > 0\}|}, \quad
        promotion\_small\_to\_key = \frac{|\{small_{y0}, r_{y1} \ge revenue\_threshold\}|}{|small_{y0}|}

    Examples
    --------
    >>> data = pd.DataFrame({"revenue_2023": [1000.0, 2000.0, 50000.0, 0.0],
    ...                      "revenue_2024": [0.0, 9000.0, 0.0, 500.0]})
    >>> h = history(data, revenue_threshold=8593.75)
    >>> h.pairs, h.churn_small, h.churn_all, h.promotion_small_to_key
    (1, 0.5, 0.6666666666666666, 0.5)
    """
    years = sorted(int(m.group(1)) for c in customers.columns if isinstance(c, str) and (m := _YEAR_COLUMN.match(c)))
    pairs = max(len(years) - 1, 0)
    small_n = active_n = churn_s = churn_a = promoted = 0
    if pairs:
        matrix = np.column_stack(
            [pd.to_numeric(customers[f"revenue_{y}"], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
             for y in years]
        )
        matrix = np.nan_to_num(matrix, nan=0.0, posinf=0.0, neginf=0.0)
        r0, r1 = matrix[:, :-1], matrix[:, 1:]
        active = r0 > 0
        small = active & (r0 < revenue_threshold)
        gone = r1 <= 0
        small_n, active_n = int(small.sum()), int(active.sum())
        churn_s, churn_a = int((small & gone).sum()), int((active & gone).sum())
        promoted = int((small & (r1 >= revenue_threshold)).sum())
    return History(
        pairs=pairs,
        years=tuple(years),
        small_start=small_n,
        active_start=active_n,
        churn_small=churn_s / small_n if small_n else None,
        churn_all=churn_a / active_n if active_n else None,
        promotion_small_to_key=promoted / small_n if small_n else None,
    )


# ---------------------------------------------------------------------------------
# the one entry: every lever figure for one data set and scenario
# ---------------------------------------------------------------------------------
def _r(x: float | None, digits: int = 2) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(float(x), digits)


def _count_out(x: float) -> int | float:
    """A count for JSON: a whole number as int (a customer table may hold fractional counts)."""
    return int(x) if float(x).is_integer() else round(float(x), 6)


@dataclass(frozen=True, eq=False)
class LeverFigures:
    """Every lever figure for one data set and one scenario (the result of :func:`lever_figures`).

    Attributes
    ----------
    settings
        The lever assumptions used.
    customers
        Per customer, in the row order of the input table: ``customer_id``,
        ``segment``, ``orders_12m``, ``lines_12m`` (missing counts as 0),
        ``cost_to_serve_eur``, ``profit_eur``, ``small_orders``,
        ``small_order_value_eur``.
    cost_to_serve_total_eur, cost_to_serve_by_segment_eur
        Sum of cost to serve over all customers and per segment (keys :data:`SEGMENTS`).
    orders_known, lines_known
        Whether the data has order counts and order-line counts (cost to serve covers
        visits only when neither is known).
    whale, whale_by_segment
        :class:`WhaleCurve` of all active customers and per segment.
    small_orders
        :class:`SmallOrders`.
    small_order_effect_eur
        The policy's yearly effect (:func:`small_order_effect`), a benefit of each year t >= 1.
    covered_orders_12m
        The covered customers' orders of the last 12 months (digital ordering acts on them).
    concentration, history
        :class:`Concentration` and :class:`History`.
    notes
        Keys of :data:`MESSAGES` that the app and the CLI should show.
    """

    settings: LeverSettings
    customers: pd.DataFrame = field(repr=False)
    cost_to_serve_total_eur: float
    cost_to_serve_by_segment_eur: MappingProxyType
    orders_known: bool
    lines_known: bool
    whale: WhaleCurve
    whale_by_segment: MappingProxyType = field(repr=False)
    small_orders: SmallOrders
    small_order_effect_eur: float
    covered_orders_12m: float
    concentration: Concentration
    history: History
    notes: tuple[str, ...] = ()

    @property
    def covers_visits_only(self) -> bool:
        """True when the data has neither order nor line counts."""
        return not (self.orders_known or self.lines_known)

    def digital_eur(self, *, horizon_years: int, ramp_year1: float) -> np.ndarray:
        """digital(t) for t = 1..H with the variant's ramp (see :func:`digital_savings`)."""
        return digital_savings(self.covered_orders_12m, settings=self.settings, horizon_years=horizon_years,
                               ramp_year1=ramp_year1)

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON keys of ``levers.md`` ("Headless"); plain floats, ``None`` for null."""
        w, s, c, h = self.whale, self.small_orders, self.concentration, self.history
        return {
            "cost_to_serve": {
                "total": _r(self.cost_to_serve_total_eur),
                "by_segment": {k: _r(v) for k, v in self.cost_to_serve_by_segment_eur.items()},
            },
            "whale": {
                "peak_share": _r(w.peak_share, 6),
                "unprofitable_customers": int(w.unprofitable_customers),
                "profit_destroyed": _r(w.profit_destroyed_eur),
                "total_profit": _r(w.total_profit_eur),
            },
            "small_orders": {
                "min_order_value": _r(s.min_order_value_eur),
                "orders": _count_out(s.orders),
                "value": _r(s.value_eur),
                "customers": int(s.customers),
                "annual_effect": _r(self.small_order_effect_eur),
            },
            "concentration": {
                "top1_share": _r(c.top1_share, 6),
                "top5_share": _r(c.top5_share, 6),
                "top10_share": _r(c.top10_share, 6),
                "top20_share": _r(c.top20_share, 6),
                "hhi": _r(c.hhi),
            },
            "history": {
                "pairs": int(h.pairs),
                "churn_small": _r(h.churn_small, 6),
                "churn_all": _r(h.churn_all, 6),
                "promotion_small_to_key": _r(h.promotion_small_to_key, 6),
            },
        }


def _column(customers: pd.DataFrame, given: Any, name: str, what: str) -> np.ndarray:
    if given is not None:
        values = np.asarray(given)
    elif name in customers.columns:
        values = customers[name].to_numpy()
    else:
        raise DataError(key="err_values_missing", values={"name": name})
    if values.shape != (len(customers),):
        raise DataError(key="err_values_count", values={"name": name, "size": int(values.size), "n": len(customers)})
    return values


def _known(customers: pd.DataFrame, name: str) -> tuple[np.ndarray, bool]:
    if name not in customers.columns:
        return np.zeros(len(customers)), False
    raw = pd.to_numeric(customers[name], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return _count(raw, len(customers)), bool(np.isfinite(raw).any())


def order_rows(customers: pd.DataFrame, orders: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each order's row in ``customers`` and its value: the order data checked against the customer table.

    Raises
    ------
    DataError
        If the order data lacks ``customer_id`` or ``order_value_eur``, the customer ids are not
        unique, or an order names a customer the table does not have.
    """
    missing = [c for c in ("customer_id", "order_value_eur") if c not in orders.columns]
    if missing:
        raise DataError(key="err_orders_columns", values={"columns": ", ".join(missing)})
    index = pd.Index(customers["customer_id"])
    if not index.is_unique:
        raise DataError(key="err_table_ids_twice")
    position = index.get_indexer(pd.Index(orders["customer_id"]))
    if (position < 0).any():
        unknown = orders["customer_id"].to_numpy()[position < 0][0]
        raise DataError(key="err_order_customer_unknown", values={"customer": str(unknown)})
    return position.astype(np.int64), orders["order_value_eur"].to_numpy(dtype=np.float64)


def lever_figures(
    customers: pd.DataFrame,
    *,
    cost_per_visit: float,
    revenue_threshold: float,
    cm_rate: float,
    settings: LeverSettings,
    orders: pd.DataFrame | None = None,
    revenue: Any = None,
    cm: Any = None,
    visits: Any = None,
    segment: Any = None,
    covered: Any = None,
) -> LeverFigures:
    r"""Every lever figure of ``levers.md`` for one data set and one scenario.

    Parameters
    ----------
    customers
        The customer table, one row per customer: ``customer_id``, optional
        ``orders_12m`` and ``lines_12m`` (missing counts are 0) and
        ``revenue_<YYYY>`` columns (for the history).  ``ModelResult.customers``
        (from :func:`calc.model.compute`) also carries the per-customer model
        columns used when the arrays below are not passed.
    cost_per_visit
        EUR per field visit (``ModelResult.field_cost.cost_per_visit_eur``).
    revenue_threshold
        EUR/year (``ModelResult.field_cost.revenue_threshold_eur``), for the history.
    cm_rate
        The assumption ``cm_rate`` (derives the minimum order value).
    settings
        The lever assumptions.
    orders
        Optional order-level data (``OrderFigures.orders``): ``customer_id``,
        ``order_value_eur``, one row per order in the window.  Without it, small
        orders are estimated from ``orders_12m``.
    revenue, cm, visits, segment, covered
        Per-customer arrays in the row order of ``customers``; default the columns
        ``revenue_current_eur``, ``cm_rate_used``, ``visits_used``, ``segment`` and
        ``covered`` of the table (``covered`` defaults to segment == small when
        the table has no such column).

    Returns
    -------
    LeverFigures

    Raises
    ------
    DataError
        If an input is missing or does not fit the customer table, or ``orders``
        names a customer that is not in it.

    Notes
    -----
    cost_to_serve, profit, the whale curve, small orders and the policy effect,
    digital ordering, concentration and history as in :func:`cost_to_serve`,
    :func:`customer_profit`, :func:`whale_curve`, :func:`small_orders`,
    :func:`small_order_effect`, :func:`digital_savings`, :func:`concentration` and
    :func:`history`.

    Examples
    --------
    >>> table = pd.DataFrame({"customer_id": ["1", "2"], "orders_12m": [4.0, 12.0], "lines_12m": [8.0, 40.0]})
    >>> lf = lever_figures(table, cost_per_visit=137.5, revenue_threshold=8593.75, cm_rate=0.3,
    ...                    settings=LeverSettings(), revenue=[200.0, 20000.0], cm=[0.3, 0.3],
    ...                    visits=[0.0, 4.0], segment=["small", "key"])
    >>> lf.to_dict()["cost_to_serve"]["total"], lf.small_orders.orders, lf.whale.total_profit_eur
    (1126.0, 4.0, 4934.0)
    """
    n = len(customers)
    if "customer_id" not in customers.columns:
        raise DataError(key="err_no_customer_id_column")
    r = np.nan_to_num(np.asarray(_column(customers, revenue, "revenue_current_eur", "the revenue per customer"),
                                 dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    cm_arr = np.asarray(_column(customers, cm, "cm_rate_used", "the margin rate per customer"), dtype=np.float64)
    if np.isnan(cm_arr).any():
        cm_arr = np.where(np.isnan(cm_arr), float(cm_rate), cm_arr)
    v = _count(_column(customers, visits, "visits_used", "the field visits per customer"), n)
    seg = np.asarray(_column(customers, segment, "segment", "the segment per customer"), dtype=object)
    if covered is None and "covered" not in customers.columns:
        cov = seg == "small"
    else:
        cov = np.asarray(_column(customers, covered, "covered", "the covered flag per customer"), dtype=bool)
    k_orders, orders_known = _known(customers, "orders_12m")
    k_lines, lines_known = _known(customers, "lines_12m")

    cts = cost_to_serve(v, k_orders, k_lines, cost_per_visit=cost_per_visit,
                        cost_per_order=settings.cost_per_order, cost_per_line=settings.cost_per_line)
    profit = customer_profit(r, cm_arr, cts)
    by_segment = {s: float(cts[seg == s].sum()) for s in SEGMENTS}

    mov = settings.min_order_value_eur(cm_rate=cm_rate)
    if orders is not None:
        position, order_value = order_rows(customers, orders)
        small = small_orders(r, cm_arr, seg, min_order_value_eur=mov, order_customer=position,
                             order_value_eur=order_value)
    else:
        small = small_orders(r, cm_arr, seg, min_order_value_eur=mov, orders_12m=k_orders)

    notes = []
    if not (orders_known or lines_known):
        notes.append("cost_to_serve_visits_only")
    elif not lines_known:
        notes.append("no_order_lines")
    if small.estimated and orders_known:
        notes.append("small_orders_estimated")

    table = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].reset_index(drop=True),
            "segment": pd.Categorical(seg, categories=list(SEGMENTS)),
            "orders_12m": k_orders,
            "lines_12m": k_lines,
            "cost_to_serve_eur": cts,
            "profit_eur": profit,
            "small_orders": small.orders_by_customer,
            "small_order_value_eur": small.value_by_customer_eur,
        }
    )
    return LeverFigures(
        settings=settings,
        customers=table,
        cost_to_serve_total_eur=float(cts.sum()),
        cost_to_serve_by_segment_eur=MappingProxyType(by_segment),
        orders_known=orders_known,
        lines_known=lines_known,
        whale=whale_curve(r, profit),
        whale_by_segment=whale_by_segment(r, profit, seg),
        small_orders=small,
        small_order_effect_eur=small_order_effect(small, settings=settings),
        covered_orders_12m=float(k_orders[cov].sum()),
        concentration=concentration(r),
        history=history(customers, revenue_threshold=revenue_threshold),
        notes=tuple(notes),
    )
