"""The business-case model (spec steps 1-4): one call from data to a result object.

:func:`compute` takes a canonical customer table (as :func:`calc.readers.read_data`
returns it) and :class:`~calc.assumptions.Assumptions` and returns a frozen
:class:`ModelResult` holding every figure the app, the CLI and the exports show.

Units are in the names (``_eur`` per year unless stated, ``_months``); rates are
fractions.  Everything is vectorised over customers: the business case needs only
margin-weighted sums over the covered customers, because the programme and baseline
formulas are linear in each customer's revenue and untapped potential.

Choices the product makes where a business case leaves room (documented in docs/model.md, "Conventions"):

* Missing revenue cells count as 0.  The current revenue is the latest year's.
* Employees or a potential of 0 or less in the data count as unknown (defaults apply).
* A customer's ``cm_rate`` outside [0, 1] or missing uses the assumption ``cm_rate``.
* Share of wallet uses ``max(r, 0) / p`` so an inactive customer has 0, not a negative share.
* In the business case an inactive customer (covered when ``include_inactive``) starts
  from revenue ``max(r, 0)``: the team wins it back from zero.
* The per-rep check uses the revenue-weighted margin of the covered customers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pandas as pd

from .assumptions import POTENTIAL_METHODS, SPECS, Assumptions
from .errors import DataError
from .finance import irr, npv, roi
from .levers import LeverFigures, LeverSettings, lever_figures, min_order_value, order_rows, policy_effect, small_orders

__all__ = [
    "SEGMENTS",
    "CAVEATS",
    "FieldCost",
    "SegmentSummary",
    "PotentialSummary",
    "RepCheck",
    "Team",
    "BusinessCase",
    "MakeOrBuy",
    "ModelResult",
    "Coverage",
    "Aggregates",
    "LeverBase",
    "Prepared",
    "CashFlows",
    "NPV_LEVERS",
    "field_cost",
    "field_cost_values",
    "revenue_years",
    "prepare",
    "potential_eur",
    "coverage",
    "team_cost",
    "region_reps",
    "region_codes",
    "NO_REGION",
    "cash_flows",
    "payback_months_of",
    "evaluate",
    "compute",
    "customer_revenue",
]

SEGMENTS = ("key", "potential", "small", "inactive", "no_revenue")
#: the region of the customers whose ``region`` cell is empty, in :attr:`Team.region_plan`
NO_REGION = ""
#: What a figure may rest on instead of the data (``ModelResult.caveats``, ``PotentialSummary.caveats``;
#: the text of each is ``caveat_<key>`` in :mod:`calc.texts`):
#:
#: * ``potential_default``: no covered customer has an employee count (or, for the data method, a potential):
#:   every one got ``employees_default`` x ``potential_per_employee``;
#: * ``potential_default_part``: some of them did (``PotentialSummary.default_share``);
#: * ``potential_data_fallback``: the data method, but the data has no potential: it equals the homogeneous one;
#: * ``potential_historical_one_year``: the historical method with one revenue year: potential = revenue;
#: * ``cm_rate_default`` / ``cm_rate_default_part``: all / some covered customers at the ``cm_rate`` assumption;
#: * ``visits_missing``: the data has no field visits, so no freed visits count.
CAVEATS = ("potential_default", "potential_default_part", "potential_data_fallback", "potential_historical_one_year",
           "cm_rate_default", "cm_rate_default_part", "visits_missing")
#: The per-rep check is also shown at the ends of the usual range of ``accounts_per_rep``.
REP_CHECK_ACCOUNTS = SPECS["accounts_per_rep"].usual

Variant = Literal["internal", "external"]

#: The parts of the NPV, in the order of the waterfall (:meth:`CashFlows.npv_by_lever_eur`):
#: four benefits of the team, the two levers of ``levers.md``, then the two costs (negative).
NPV_LEVERS = ("added_margin", "lower_churn", "freed_visits", "small_order_policy", "digital_ordering",
              "team", "setup")


# ---------------------------------------------------------------------------------
# result objects
# ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldCost:
    """Step 1: what a field visit costs and the revenue below which field care does not pay."""

    cost_per_visit_eur: float
    care_cost_eur: float
    revenue_threshold_eur: float
    cost_per_visit_overridden: bool
    revenue_threshold_overridden: bool


@dataclass(frozen=True)
class SegmentSummary:
    """Step 2: customers, current revenue and potential per segment (keys: :data:`SEGMENTS`)."""

    counts: MappingProxyType
    revenue_eur: MappingProxyType
    revenue_share: MappingProxyType
    potential_eur: MappingProxyType
    customers_total: int
    revenue_total_eur: float


@dataclass(frozen=True)
class PotentialSummary:
    """Potential of the covered customers under one potential method."""

    method: str
    covered_customers: int
    covered_total_eur: float
    covered_revenue_eur: float
    covered_untapped_eur: float
    share_of_wallet: float
    covered_cm_untapped_eur: float
    segment_counts: MappingProxyType
    #: share of the covered customers whose potential is the default (``employees_default`` x per employee)
    default_share: float = 0.0
    #: what this method's figures rest on instead of the data (keys of :data:`CAVEATS`)
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class RepCheck:
    """Does the margin one inside-sales rep adds with a book of ``accounts`` customers carry the rep's cost?

    ``added_cm_eur`` is ``accounts`` x the mean yearly added contribution margin (ΔCM of the own team's
    business case, years 1..H) per covered customer; ``surplus_eur`` = added_cm_eur - rep_cost_eur.
    """

    accounts: int
    added_cm_eur: float
    rep_cost_eur: float
    surplus_eur: float
    pays_off: bool


@dataclass(frozen=True)
class Team:
    """Step 3: inside-sales team size and cost."""

    covered_customers: int
    reps: int
    rep_cost_eur: float
    annual_cost_eur: float
    mean_revenue_eur: float
    cm_rate: float
    rep_checks: tuple[RepCheck, ...]
    #: mean yearly ΔCM (years 1..H, own team) per covered customer: what the team adds per customer
    added_cm_per_customer_eur: float = 0.0
    #: the plan by region, ``(region, covered customers, reps)`` per region of the data (:func:`region_reps`);
    #: region :data:`NO_REGION` for customers without one.  Empty without a region column.
    region_plan: tuple[tuple[str, int, int], ...] = ()
    #: ``ceil(covered / accounts_per_rep)``: the reps without regions (``reps`` minus it is what regions cost)
    reps_without_regions: int = 0


@dataclass(frozen=True)
class BusinessCase:
    """Step 4: the year-by-year case for one variant (internal team or provider).

    ``years`` has one row per year t = 0..H with columns ``year``,
    ``baseline_revenue_eur``, ``program_revenue_eur``, ``delta_revenue_eur``,
    ``delta_cm_eur``, ``freed_visits_eur``, ``small_order_effect_eur``,
    ``digital_eur`` (the two lever lines of levers.md, 0 by default),
    ``team_cost_eur``, ``setup_cost_eur``, ``cash_flow_eur``,
    ``cumulative_cash_eur``, ``discounted_cash_eur``.
    """

    variant: str
    reps: int
    annual_team_cost_eur: float
    setup_cost_eur: float
    ramp_year1: float
    years: pd.DataFrame = field(repr=False)
    npv_eur: float
    irr: float | None
    roi: float | None
    payback_months: float | None
    #: the NPV split by lever (keys :data:`NPV_LEVERS`, EUR, costs negative); the parts add up to ``npv_eur``
    npv_by_lever_eur: MappingProxyType = field(default_factory=lambda: MappingProxyType({}), repr=False)

    @property
    def cash_flows_eur(self) -> tuple[float, ...]:
        return tuple(float(x) for x in self.years["cash_flow_eur"])


@dataclass(frozen=True)
class MakeOrBuy:
    """Own team vs. provider, compared by NPV (a tie goes to the own team)."""

    internal_npv_eur: float
    external_npv_eur: float
    choice: str
    advantage_eur: float


@dataclass(frozen=True)
class ModelResult:
    """Everything the product shows for one data set and one scenario.

    ``customers`` is the per-customer table: the input columns plus
    ``revenue_current_eur``, ``potential_eur``, ``untapped_eur``, ``share_of_wallet``,
    ``cm_rate_used``, ``visits_used``, ``segment`` and ``covered``.

    ``levers`` holds the lever figures of ``levers.md`` (cost to serve, whale curve,
    small orders and the policy effect, concentration, history); the two lever
    lines of the business case are columns of ``internal.years`` and ``external.years``.
    """

    assumptions: Assumptions
    field_cost: FieldCost
    customers: pd.DataFrame = field(repr=False)
    revenue_years: tuple[int, ...]
    segments: SegmentSummary
    potential: PotentialSummary
    potential_by_method: MappingProxyType
    team: Team
    internal: BusinessCase
    external: BusinessCase
    make_or_buy: MakeOrBuy
    levers: LeverFigures | None = field(default=None, repr=False)
    #: what the figures rest on instead of the data (keys of :data:`CAVEATS`): the potential method's,
    #: the margin's and the visits'
    caveats: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON object (spec, "Headless use"; levers.md, "Headless"); plain floats, ``None`` for null."""
        bc = self.internal
        out = {
            "cost_per_visit": _r(self.field_cost.cost_per_visit_eur),
            "care_cost": _r(self.field_cost.care_cost_eur),
            "revenue_threshold": _r(self.field_cost.revenue_threshold_eur),
            "segments": {k: int(v) for k, v in self.segments.counts.items()},
            "potential": {
                "method": self.potential.method,
                "covered_total": _r(self.potential.covered_total_eur),
                "covered_revenue": _r(self.potential.covered_revenue_eur),
                "covered_untapped": _r(self.potential.covered_untapped_eur),
                "share_of_wallet": _r(self.potential.share_of_wallet, 6),
            },
            "team": {
                "covered_customers": self.team.covered_customers,
                "reps": self.team.reps,
                "annual_cost": _r(self.team.annual_cost_eur),
            },
            "team_regions": [{"region": region, "customers": n, "reps": k} for region, n, k in self.team.region_plan],
            "caveats": list(self.caveats),
            "business_case": {
                "cash_flows": [_r(x) for x in bc.cash_flows_eur],
                "npv": _r(bc.npv_eur),
                "irr": _r(bc.irr, 6),
                "roi": _r(bc.roi, 6),
                "payback_months": _r(bc.payback_months, 2),
            },
            "external": {
                "cash_flows": [_r(x) for x in self.external.cash_flows_eur],
                "npv": _r(self.external.npv_eur),
                "irr": _r(self.external.irr, 6),
                "roi": _r(self.external.roi, 6),
                "payback_months": _r(self.external.payback_months, 2),
            },
            "make_or_buy": {
                "internal_npv": _r(self.make_or_buy.internal_npv_eur),
                "external_npv": _r(self.make_or_buy.external_npv_eur),
                "choice": self.make_or_buy.choice,
            },
        }
        if self.levers is not None:
            out.update(self.levers.to_dict())
        return out


def _r(x: float | None, digits: int = 2) -> float | None:
    if x is None:
        return None
    return round(float(x), digits)


# ---------------------------------------------------------------------------------
# step 1
# ---------------------------------------------------------------------------------
def field_cost(assumptions: Assumptions) -> FieldCost:
    r"""Cost per visit, care cost and revenue threshold (spec step 1).

    .. math::
        cost\_per\_visit = \frac{field\_rep\_annual\_cost}{selling\_days \cdot visits\_per\_day}

        care\_cost = visits\_per\_customer\_year \cdot cost\_per\_visit

        revenue\_threshold = \frac{care\_cost}{max\_sales\_cost\_ratio}

    Overrides in the assumptions replace the derived values.  The arithmetic is
    :func:`field_cost_values`'.

    Examples
    --------
    >>> fc = field_cost(Assumptions())
    >>> fc.cost_per_visit_eur, fc.care_cost_eur, fc.revenue_threshold_eur
    (137.5, 687.5, 8593.75)
    """
    a = assumptions
    cpv, care, threshold = field_cost_values(
        field_rep_annual_cost=a.field_rep_annual_cost, selling_days_per_year=a.selling_days_per_year,
        visits_per_day=a.visits_per_day, visits_per_customer_year=a.visits_per_customer_year,
        max_sales_cost_ratio=a.max_sales_cost_ratio, cost_per_visit=a.cost_per_visit,
        revenue_threshold=a.revenue_threshold,
    )
    return FieldCost(
        cost_per_visit_eur=float(cpv),
        care_cost_eur=float(care),
        revenue_threshold_eur=float(threshold),
        cost_per_visit_overridden=a.cost_per_visit is not None,
        revenue_threshold_overridden=a.revenue_threshold is not None,
    )


def field_cost_values(*, field_rep_annual_cost, selling_days_per_year, visits_per_day, visits_per_customer_year,
                      max_sales_cost_ratio, cost_per_visit=None, revenue_threshold=None):
    """Step 1 on scalars or arrays over draws: ``(cost_per_visit, care_cost, revenue_threshold)``.

    The formulas of :func:`field_cost`; every argument may be a number or an array
    (broadcast together, as numpy-financial's functions do).  ``cost_per_visit`` and
    ``revenue_threshold`` are overrides: ``None`` derives them.

    Examples
    --------
    >>> import numpy as np
    >>> cpv, care, threshold = field_cost_values(
    ...     field_rep_annual_cost=np.array([110_000.0, 88_000.0]), selling_days_per_year=200,
    ...     visits_per_day=4.0, visits_per_customer_year=5.0, max_sales_cost_ratio=0.08)
    >>> cpv.tolist(), threshold.tolist()
    ([137.5, 110.0], [8593.75, 6875.0])
    """
    if cost_per_visit is None:
        cpv = field_rep_annual_cost / (selling_days_per_year * visits_per_day)
    else:
        cpv = cost_per_visit
    care = visits_per_customer_year * cpv
    threshold = care / max_sales_cost_ratio if revenue_threshold is None else revenue_threshold
    return cpv, care, threshold


# ---------------------------------------------------------------------------------
# step 2
# ---------------------------------------------------------------------------------
def revenue_years(customers: pd.DataFrame) -> tuple[int, ...]:
    """The years of the ``revenue_<YYYY>`` columns, ascending (empty for a ``revenue`` column)."""
    years = []
    for col in customers.columns:
        if isinstance(col, str) and col.startswith("revenue_") and col[8:].isdigit():
            years.append(int(col[8:]))
    return tuple(sorted(years))


@dataclass(frozen=True, eq=False)
class Prepared:
    """Assumption-independent per-customer arrays (see :func:`prepare`)."""

    revenue: np.ndarray  # current revenue r (may be <= 0)
    revenue_max: np.ndarray  # best year
    earlier_positive: np.ndarray  # bool: revenue > 0 in an earlier year
    employees: np.ndarray  # NaN where unknown
    potential_data: np.ndarray  # NaN where unknown
    cm_data: np.ndarray  # NaN where unknown
    visits: np.ndarray  # 0 where unknown
    years: tuple[int, ...]
    orders_12m: np.ndarray | None = None  # 0 where unknown (levers.md)
    lines_12m: np.ndarray | None = None  # 0 where unknown
    orders_known: bool = False  # the data has order counts
    order_customer: np.ndarray | None = None  # order-level data: each order's customer row ...
    order_value: np.ndarray | None = None  # ... and value (EUR); None without order-level data
    region: np.ndarray | None = None  # region code per customer (-1: none given); None without a region column
    region_names: tuple[str, ...] = ()  # the regions of the codes 0, 1, ... (as first written in the data)


def _numeric(customers: pd.DataFrame, column: str) -> np.ndarray:
    if column not in customers.columns:
        return np.full(len(customers), np.nan)
    values = pd.to_numeric(customers[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.array(values, dtype=float, copy=True)


def prepare(customers: pd.DataFrame, *, orders: pd.DataFrame | None = None) -> Prepared:
    """The per-customer arrays of a canonical customer table that no assumption changes.

    Reading the table once and passing the result to :func:`coverage` saves the
    work when many scenarios are evaluated on the same data.  ``orders`` is the
    optional order-level data of a transaction log (``ReadResult.orders``:
    ``customer_id``, ``order_value_eur``); the counts ``orders_12m`` and
    ``lines_12m`` come from the table (0 where missing).

    Raises
    ------
    DataError
        If the table has no id or no revenue column, or ``orders`` does not fit it.
    """
    if "customer_id" not in customers.columns:
        raise DataError(key="err_no_customer_id_column")
    years = revenue_years(customers)
    if years:
        matrix = np.column_stack([_numeric(customers, f"revenue_{y}") for y in years])
        matrix = np.nan_to_num(matrix, nan=0.0, posinf=0.0, neginf=0.0)
        revenue = matrix[:, -1]
        revenue_max = matrix.max(axis=1)
        earlier_positive = (matrix[:, :-1] > 0).any(axis=1) if len(years) > 1 else np.zeros(len(revenue), bool)
    elif "revenue" in customers.columns:
        revenue = np.nan_to_num(_numeric(customers, "revenue"), nan=0.0, posinf=0.0, neginf=0.0)
        revenue_max = revenue.copy()
        earlier_positive = np.zeros(len(revenue), bool)
    else:
        raise DataError(key="err_no_revenue_in_table")
    employees = _numeric(customers, "employees")
    employees[~(employees > 0)] = np.nan
    potential = _numeric(customers, "potential")
    potential[~(potential > 0)] = np.nan
    cm = _numeric(customers, "cm_rate")
    cm[~((cm >= 0) & (cm <= 1))] = np.nan
    visits = _numeric(customers, "visits_12m")
    visits = np.where(np.isfinite(visits) & (visits > 0), visits, 0.0)
    orders_raw = _numeric(customers, "orders_12m")
    counts = [np.where(np.isfinite(x) & (x > 0), x, 0.0) for x in (orders_raw, _numeric(customers, "lines_12m"))]
    order_customer = order_value = None
    if orders is not None:
        order_customer, order_value = order_rows(customers, orders)
    region, region_names = region_codes(customers)
    return Prepared(revenue, revenue_max, earlier_positive, employees, potential, cm, visits, years,
                    counts[0], counts[1], bool(np.isfinite(orders_raw).any()), order_customer, order_value,
                    region, region_names)


def region_codes(customers: pd.DataFrame) -> tuple[np.ndarray | None, tuple[str, ...]]:
    """Region codes per customer (``-1`` where the cell is empty) and the regions' names; ``(None, ())``
    without a ``region`` column.  Regions match without case and outer spaces; codes follow the sorted names.

    >>> codes, names = region_codes(pd.DataFrame({"region": ["Nord", " nord", None, "Süd"]}))
    >>> codes.tolist(), names
    ([0, 0, -1, 1], ('Nord', 'Süd'))
    """
    if "region" not in customers.columns:
        return None, ()
    raw_codes, uniques = pd.factorize(customers["region"].astype(object), use_na_sentinel=True)
    shown = [str(u).strip() for u in uniques]  # in order of appearance: the first spelling of a region wins
    keys = [name.casefold() for name in shown]
    order = sorted({k for k in keys if k})
    index = {k: i for i, k in enumerate(order)}
    first: dict[str, str] = {}
    for key, name in zip(keys, shown, strict=True):
        first.setdefault(key, name)
    mapping = np.array([index.get(k, -1) for k in keys] + [-1], dtype=int)  # the last entry: a missing cell
    return mapping[raw_codes], tuple(first[k] for k in order)


def potential_eur(prep: Prepared, a: Assumptions, method: str | None = None) -> np.ndarray:
    """Each customer's potential (EUR/year) under ``method`` (default: the scenario's), never below revenue."""
    method = a.potential_method if method is None else method
    homogeneous = np.where(np.isnan(prep.employees), a.employees_default, prep.employees) * a.potential_per_employee
    if method == "homogeneous":
        p = homogeneous
    elif method == "historical":
        p = prep.revenue_max
    elif method == "data":
        p = np.where(np.isnan(prep.potential_data), homogeneous, prep.potential_data)
    else:  # pragma: no cover - Assumptions validates the method
        raise ValueError(method)
    return np.maximum(p, prep.revenue)


def _segments(prep: Prepared, potential: np.ndarray, threshold: float, a: Assumptions) -> np.ndarray:
    r = prep.revenue
    conditions = [
        (r <= 0) & prep.earlier_positive,
        (r > 0) & (r >= threshold),  # r > 0: with a threshold of 0 a customer without revenue is no key account
        (r > 0) & (potential >= a.potential_threshold),
        r > 0,
    ]
    return np.select(conditions, ["inactive", "key", "potential", "small"], default="no_revenue")


def _covered(segment: np.ndarray, a: Assumptions) -> np.ndarray:
    covered = segment == "small"
    if a.include_inactive:
        covered |= segment == "inactive"
    return covered


def _potential_summary(prep: Prepared, a: Assumptions, method: str, threshold: float,
                       potential: np.ndarray | None = None, segment: np.ndarray | None = None) -> PotentialSummary:
    if potential is None:
        potential = potential_eur(prep, a, method)
    if segment is None:
        segment = _segments(prep, potential, threshold, a)
    covered = _covered(segment, a)
    r = np.maximum(prep.revenue[covered], 0.0)
    p = potential[covered]
    cm = np.where(np.isnan(prep.cm_data[covered]), a.cm_rate, prep.cm_data[covered])
    total = float(p.sum())
    revenue = float(r.sum())
    counts = {s: int(np.count_nonzero(segment == s)) for s in SEGMENTS}
    n = int(covered.sum())
    caveats: list[str] = []
    default_share = 0.0
    if n and method in ("homogeneous", "data"):
        defaulted = np.isnan(prep.employees[covered])
        if method == "data":
            defaulted &= np.isnan(prep.potential_data[covered])
            if np.isnan(prep.potential_data).all():
                caveats.append("potential_data_fallback")
        default_share = float(defaulted.mean())
        if default_share == 1.0:
            caveats.append("potential_default")
        elif default_share > 0:
            caveats.append("potential_default_part")
    if n and method == "historical" and len(prep.years) <= 1:
        caveats.append("potential_historical_one_year")
    return PotentialSummary(
        method=method,
        covered_customers=int(covered.sum()),
        covered_total_eur=total,
        covered_revenue_eur=revenue,
        covered_untapped_eur=float((p - r).sum()),
        share_of_wallet=revenue / total if total > 0 else 1.0,
        covered_cm_untapped_eur=float((cm * (p - r)).sum()),
        segment_counts=MappingProxyType(counts),
        default_share=default_share,
        caveats=tuple(caveats),
    )


# ---------------------------------------------------------------------------------
# steps 3 and 4
# ---------------------------------------------------------------------------------
def team_cost(covered_customers, *, accounts_per_rep, inside_rep_annual_cost, overhead_rate):
    r"""Step 3 on scalars or arrays over draws: ``(reps, rep_cost_eur, annual_cost_eur)``.

    .. math::
        reps = \left\lceil \frac{covered\_customers}{accounts\_per\_rep} \right\rceil
        \quad (0 \text{ without covered customers})

        annual\_cost = reps \cdot inside\_rep\_annual\_cost \cdot (1 + overhead\_rate)

    Every argument may be a number or an array (broadcast together).

    Examples
    --------
    >>> reps, rep_cost, annual = team_cost(401, accounts_per_rep=400, inside_rep_annual_cost=60_000.0,
    ...                                    overhead_rate=0.25)
    >>> float(reps), float(rep_cost), float(annual)
    (2.0, 75000.0, 150000.0)
    """
    covered = np.asarray(covered_customers, dtype=float)
    reps = np.where(covered > 0, np.ceil(covered / accounts_per_rep), 0.0)
    rep_cost = inside_rep_annual_cost * (1.0 + np.asarray(overhead_rate, dtype=float))
    return reps, rep_cost, reps * rep_cost


def region_reps(region_counts, *, accounts_per_rep: int, no_region: int = 0) -> tuple[np.ndarray, int]:
    r"""Reps planned per region so that no rep carries more than ``accounts_per_rep`` customers.

    Parameters
    ----------
    region_counts
        Covered customers of each region (whole numbers).
    accounts_per_rep
        Customers one rep looks after.
    no_region
        Covered customers without a region: they go to the reps of any region with room.

    Returns
    -------
    (per_region, extra)
        The reps of each region and the extra reps for the customers without a region
        that the regions' reps have no room for.

    Notes
    -----
    .. math::
        reps_g = \left\lceil \frac{n_g}{accounts\_per\_rep} \right\rceil, \qquad
        room = \sum_g reps_g \cdot accounts\_per\_rep - \sum_g n_g

        extra = \left\lceil \frac{\max(0, n_0 - room)}{accounts\_per\_rep} \right\rceil, \qquad
        reps = \sum_g reps_g + extra

    With one region, or none, this is ``ceil(n / accounts_per_rep)``; with several it can be more
    (each region rounds up on its own), never fewer.

    Examples
    --------
    Six regions of the sample: 718, 704, 688, 642, 394 and 379 covered customers need 2+2+2+2+1+1 = 10
    reps at 400 a rep, one more than ceil(3,525 / 400) = 9; 300 customers without a region fit into the
    room the ten leave (4,000 - 3,525 = 475):

    >>> per_region, extra = region_reps([718, 704, 688, 642, 394, 379], accounts_per_rep=400, no_region=300)
    >>> per_region.tolist(), extra
    ([2, 2, 2, 2, 1, 1], 0)
    >>> region_reps([], accounts_per_rep=400, no_region=801)[1]
    3
    """
    counts = np.asarray(region_counts, dtype=int).reshape(-1)
    per_region = -(-counts // int(accounts_per_rep))
    room = int(per_region.sum()) * int(accounts_per_rep) - int(counts.sum())
    extra = -(-max(0, int(no_region) - room) // int(accounts_per_rep))
    return per_region, int(extra)


def _team(covered_count: int, revenue_sum: float, cm_revenue_sum: float, cm_mean: float, a: Assumptions,
          cov: Coverage | None = None) -> Team:
    reps, rep_cost, annual = team_cost(covered_count, accounts_per_rep=a.accounts_per_rep,
                                       inside_rep_annual_cost=a.inside_rep_annual_cost,
                                       overhead_rate=a.overhead_rate)
    rep_cost = float(rep_cost)
    reps_global = int(reps)
    plan: tuple[tuple[str, int, int], ...] = ()
    if cov is not None and cov.region_counts is not None and covered_count:
        per_region, extra = region_reps(cov.region_counts, accounts_per_rep=a.accounts_per_rep,
                                        no_region=cov.no_region)
        plan = tuple((name, int(n), int(k)) for name, n, k in zip(cov.region_names, cov.region_counts, per_region,
                                                                  strict=True) if n)
        if cov.no_region:
            plan += ((NO_REGION, int(cov.no_region), extra),)
        reps = int(per_region.sum()) + extra
        annual = reps * rep_cost
    mean_revenue = revenue_sum / covered_count if covered_count else 0.0
    cm = cm_revenue_sum / revenue_sum if revenue_sum > 0 else cm_mean
    return Team(
        covered_customers=int(covered_count),
        reps=int(reps),
        rep_cost_eur=rep_cost,
        annual_cost_eur=float(annual),
        mean_revenue_eur=float(mean_revenue),
        cm_rate=float(cm),
        rep_checks=(),
        region_plan=plan,
        reps_without_regions=reps_global,
    )


def _with_rep_checks(team: Team, internal: BusinessCase, a: Assumptions) -> Team:
    r"""The per-rep check from the own team's business case: the margin a rep's book *adds*, against the rep.

    .. math::
        added\_per\_customer = \frac{1}{H} \sum_{t=1}^{H} \Delta CM(t) \Big/ n, \qquad
        added(k) = k \cdot added\_per\_customer, \qquad surplus(k) = added(k) - rep\_cost

    for k = 350, ``accounts_per_rep`` and 450 (n covered customers; 0 without any).  The mean over the
    horizon, because year 1 is held down by the ramp and the potential won grows year by year.
    """
    from dataclasses import replace  # here, to keep this change to the rep check

    n = team.covered_customers
    added_per_customer = float(internal.years["delta_cm_eur"].iloc[1:].mean()) / n if n else 0.0
    checks = []
    for accounts in sorted({REP_CHECK_ACCOUNTS[0], a.accounts_per_rep, REP_CHECK_ACCOUNTS[1]}):
        added = accounts * added_per_customer
        checks.append(RepCheck(accounts, added, team.rep_cost_eur, added - team.rep_cost_eur,
                               added >= team.rep_cost_eur))
    return replace(team, rep_checks=tuple(checks), added_cm_per_customer_eur=added_per_customer)


@dataclass(frozen=True)
class Aggregates:
    """Sums over the covered customers that the business case needs (EUR per year; visits per year)."""

    revenue: float  # sum r_i
    untapped: float  # sum (p_i - r_i)
    cm_revenue: float  # sum cm_i r_i
    cm_untapped: float  # sum cm_i (p_i - r_i)
    visits: float  # sum visits_i


@dataclass(frozen=True, eq=False)
class CashFlows:
    """The year-by-year business case of :func:`cash_flows` (EUR).

    Attributes
    ----------
    cash_flow_eur
        Years t = 0..H on axis 0, then the draws if the inputs had them: shape
        ``(H + 1,)`` or ``(H + 1, draws)``.  ``cash_flow_eur[0]`` is the set-up
        cost at the start, the others are received at the end of year t.
    baseline_revenue_eur, program_revenue_eur, delta_cm_eur
        Years t = 1..H: shape ``(H,)`` or ``(H, draws)``.  The two revenues are
        ``None`` when :func:`cash_flows` was asked for the cash only.
    freed_visits_eur, team_cost_eur, small_order_effect_eur
        The same in every year 1..H: a number or an array over draws.
    setup_cost_eur
        One-off at t = 0: a number or an array over draws.
    digital_eur
        Years t = 1..H, the digital-ordering savings with the ramp: shape ``(H,)`` or
        ``(H, draws)``; the number 0.0 when there are none.
    retention_cm_eur
        Years t = 1..H: the part of ``delta_cm_eur`` that comes from the lower churn of the
        customers' current business; the rest is the margin on won business.
    """

    cash_flow_eur: np.ndarray
    baseline_revenue_eur: np.ndarray | None
    program_revenue_eur: np.ndarray | None
    delta_cm_eur: np.ndarray
    freed_visits_eur: np.ndarray | float
    team_cost_eur: np.ndarray | float
    setup_cost_eur: np.ndarray | float
    small_order_effect_eur: np.ndarray | float = 0.0
    digital_eur: np.ndarray | float = 0.0
    retention_cm_eur: np.ndarray | float = 0.0

    def discounted_eur(self, rate) -> np.ndarray:
        """Each year's cash divided by :math:`(1 + rate)^t`; ``rate`` a number or an array over draws."""
        cash = self.cash_flow_eur
        t = np.arange(cash.shape[0]).reshape((-1,) + (1,) * (cash.ndim - 1))
        return cash / (1.0 + rate) ** t

    def npv_eur(self, rate):
        """NPV over the years: :func:`calc.finance.npv` for every draw."""
        return self.discounted_eur(rate).sum(axis=0)

    def payback_months(self):
        """Payback in months for every draw, NaN where none: :func:`payback_months_of`."""
        return payback_months_of(self.cash_flow_eur)

    def npv_by_lever_eur(self, rate) -> dict[str, Any]:
        r"""The NPV split into the parts of the waterfall (keys :data:`NPV_LEVERS`); they add up to the NPV.

        With :math:`v_t = (1 + rate)^{-t}` and the terms of :func:`cash_flows`:

        .. math::
            added\_margin = \sum_{t=1}^H v_t (1 + g)^t (1 - s_p)^t \, won(t) \, U_{cm}

            lower\_churn = \sum_{t=1}^H v_t (1 + g)^t \left[(1 - s_p)^t - (1 - s_b)^t\right] R_{cm}

            freed\_visits = \sum_t v_t \, freed, \quad small\_order\_policy = \sum_t v_t \, effect,
            \quad digital\_ordering = \sum_t v_t \, ramp(t) D

            team = -\sum_t v_t \, team\_cost, \qquad setup = -setup\_cost

        Since :math:`\Delta CM(t)` is exactly the sum of the first two terms, the seven parts
        add up to :meth:`npv_eur`.  Numbers, or arrays over draws.

        Examples
        --------
        The example of :func:`cash_flows` (no churn: lower churn is 0):
        -250 + (200 - 150 + 50) / 1.25 + (300 - 150 + 50) / 1.25² = -42.

        >>> cf = cash_flows(revenue_eur=1000.0, untapped_eur=1000.0, cm_revenue_eur=400.0, cm_untapped_eur=400.0,
        ...                 visits=2.0, cost_per_visit_eur=25.0, freed_visit_value_share=1.0, team_cost_eur=150.0,
        ...                 setup_cost_eur=250.0, ramp_year1=1.0, capture_rate=0.5,
        ...                 churn_baseline=0.0, churn_program=0.0, market_growth=0.0, horizon_years=2)
        >>> {k: round(float(v), 2) for k, v in cf.npv_by_lever_eur(0.25).items()}  # doctest: +NORMALIZE_WHITESPACE
        {'added_margin': 352.0, 'lower_churn': 0.0, 'freed_visits': 72.0, 'small_order_policy': 0.0,
         'digital_ordering': 0.0, 'team': -216.0, 'setup': -250.0}
        """
        delta = np.asarray(self.delta_cm_eur, dtype=float)
        horizon = delta.shape[0]
        t = np.arange(1, horizon + 1, dtype=float).reshape((horizon,) + (1,) * (delta.ndim - 1))
        v = 1.0 / (1.0 + np.asarray(rate, dtype=float)) ** t
        shape = delta.shape

        def pv(x) -> Any:
            return (np.broadcast_to(np.asarray(x, dtype=float), shape) * v).sum(axis=0)[()]

        retention = np.broadcast_to(np.asarray(self.retention_cm_eur, dtype=float), shape)
        return {
            "added_margin": pv(delta - retention),
            "lower_churn": pv(retention),
            "freed_visits": pv(self.freed_visits_eur),
            "small_order_policy": pv(self.small_order_effect_eur),
            "digital_ordering": pv(self.digital_eur),
            "team": -pv(self.team_cost_eur),
            "setup": -np.asarray(self.setup_cost_eur, dtype=float)[()],
        }


def cash_flows(*, revenue_eur, untapped_eur, cm_revenue_eur, cm_untapped_eur, visits, cost_per_visit_eur,
               freed_visit_value_share, team_cost_eur, setup_cost_eur, ramp_year1, capture_rate,
               churn_baseline, churn_program, market_growth, horizon_years: int,
               small_order_effect_eur=0.0, digital_saving_eur=0.0, with_revenue: bool = True) -> CashFlows:
    r"""The year-by-year business case (spec step 4) from the sums over the covered customers.

    The only implementation of the business-case formula: :func:`compute` and
    :func:`evaluate` call it with numbers, :func:`calc.montecarlo.simulate` with
    arrays over draws.

    Parameters
    ----------
    revenue_eur, untapped_eur
        :math:`R = \sum_i r_i` and :math:`U = \sum_i (p_i - r_i)` over the covered
        customers (current revenue clipped at 0).
    cm_revenue_eur, cm_untapped_eur
        The same sums weighted by each customer's margin rate:
        :math:`R_{cm} = \sum_i cm_i r_i`, :math:`U_{cm} = \sum_i cm_i (p_i - r_i)`.
    visits
        Field visits per year of the covered customers, :math:`V = \sum_i visits_i`.
    cost_per_visit_eur
        EUR per field visit (step 1).
    freed_visit_value_share
        Share of the cost of the freed field visits that counts as benefit.
    team_cost_eur
        Annual cost of the team (step 3) or the provider's price for it.
    setup_cost_eur
        One-off cost at t = 0.
    ramp_year1, capture_rate, churn_baseline, churn_program, market_growth
        Fractions (per year where it applies).
    horizon_years
        H, the number of years (a whole number, never an array).
    small_order_effect_eur
        The small-order policy's yearly effect (levers.md; 0 with policy none).
    digital_saving_eur
        The yearly digital-ordering savings at full ramp (levers.md):
        :math:`D = \sum_{covered} orders\_12m_i \cdot digital\_share \cdot
        (cost\_per\_order - digital\_cost\_per\_order)`; 0 with ``digital_share`` 0.
    with_revenue
        False skips the baseline and programme revenue (the Monte Carlo needs only
        the cash); they are then ``None``.

    Every argument but ``horizon_years`` may be a number or an array over draws of
    shape ``(draws,)``; they are broadcast together, as numpy-financial's functions do.

    Returns
    -------
    CashFlows
        The cash of the years 0..H, shape ``(H + 1,)`` or ``(H + 1, draws)`` when
        an argument is an array, and its parts.

    Notes
    -----
    With :math:`g` = market_growth, :math:`c` = capture_rate, :math:`s_b` =
    churn_baseline, :math:`s_p` = churn_program, :math:`ramp(1)` = ramp_year1 and
    :math:`ramp(t \ge 2) = 1`, for :math:`t = 1..H`:

    .. math::
        won(t) = ramp(t) \left(1 - (1 - c)^t\right)

        baseline(t) = (1 + g)^t (1 - s_b)^t R

        program(t) = (1 + g)^t (1 - s_p)^t \left(R + won(t) \, U\right)

        \Delta CM(t) = (1 + g)^t \left[(1 - s_p)^t \left(R_{cm} + won(t) \, U_{cm}\right)
                       - (1 - s_b)^t R_{cm}\right]

        freed = V \cdot cost\_per\_visit \cdot freed\_visit\_value\_share

        cash(t) = \Delta CM(t) + freed + effect + ramp(t) \, D - team\_cost, \qquad cash(0) = -setup\_cost

    with the small-order effect and the digital savings D of ``levers.md`` (both 0
    by default, when the cash is exactly that of the model without levers).

    The spec states the formula per customer; summed over the covered customers it
    is the above, since every term is linear in :math:`r_i` and :math:`p_i - r_i`.

    Examples
    --------
    Revenue 1,000, untapped potential 1,000 at a 40 % margin, capture 50 %, no
    churn, no growth, full ramp, 2 visits at 25 EUR freed, team 150, set-up 250,
    H = 2.  won(1) = 0.5, won(2) = 1 - 0.5² = 0.75; ΔCM = 0.4 x 1,000 x won =
    200, 300; cash = ΔCM + 50 - 150 = 100, 200.  Cumulative -250, -150, +50: pays
    back after (1 + 150 / 200) x 12 = 21 months.  A second draw without capture
    never pays back:

    >>> import numpy as np
    >>> cf = cash_flows(revenue_eur=1000.0, untapped_eur=1000.0, cm_revenue_eur=400.0, cm_untapped_eur=400.0,
    ...                 visits=2.0, cost_per_visit_eur=25.0, freed_visit_value_share=1.0, team_cost_eur=150.0,
    ...                 setup_cost_eur=250.0, ramp_year1=1.0, capture_rate=np.array([0.5, 0.0]),
    ...                 churn_baseline=0.0, churn_program=0.0, market_growth=0.0, horizon_years=2)
    >>> cf.cash_flow_eur.tolist()
    [[-250.0, -250.0], [100.0, -100.0], [200.0, -100.0]]
    >>> cf.program_revenue_eur[:, 0].tolist()  # years 1, 2: 1,000 + won x 1,000
    [1500.0, 1750.0]
    >>> cf.payback_months().tolist()
    [21.0, nan]
    >>> cf.npv_eur(0.25).tolist()  # -250 + 100 / 1.25 + 200 / 1.25²
    [-42.0, -394.0]
    """
    horizon = int(horizon_years)
    args = (revenue_eur, untapped_eur, cm_revenue_eur, cm_untapped_eur, visits, cost_per_visit_eur,
            freed_visit_value_share, team_cost_eur, setup_cost_eur, ramp_year1, capture_rate, churn_baseline,
            churn_program, market_growth, small_order_effect_eur, digital_saving_eur)
    shape = np.broadcast_shapes(*(np.shape(x) for x in args))
    t = np.arange(1, horizon + 1, dtype=float).reshape((horizon,) + (1,) * len(shape))
    growth = (1.0 + np.asarray(market_growth, dtype=float)) ** t
    survive_base = (1.0 - np.asarray(churn_baseline, dtype=float)) ** t
    survive_prog = (1.0 - np.asarray(churn_program, dtype=float)) ** t
    ramp = np.where(t == 1, np.asarray(ramp_year1, dtype=float), 1.0)
    won = ramp * (1.0 - (1.0 - np.asarray(capture_rate, dtype=float)) ** t)  # share of U won by year t

    delta_cm = growth * (survive_prog * (cm_revenue_eur + won * cm_untapped_eur) - survive_base * cm_revenue_eur)
    freed = visits * cost_per_visit_eur * freed_visit_value_share

    cash = np.empty((horizon + 1,) + shape)
    cash[0] = -np.asarray(setup_cost_eur, dtype=float)
    benefit = delta_cm + freed
    if np.any(small_order_effect_eur != 0):  # skipped when 0: the cash stays bit for bit the model's
        benefit = benefit + small_order_effect_eur
    digital = 0.0
    if np.any(digital_saving_eur != 0):
        digital = ramp * np.asarray(digital_saving_eur, dtype=float)
        benefit = benefit + digital
    cash[1:] = benefit - team_cost_eur
    baseline = program = None
    if with_revenue:
        baseline = np.broadcast_to(growth * survive_base * revenue_eur, cash[1:].shape)
        program = np.broadcast_to(growth * survive_prog * (revenue_eur + won * untapped_eur), cash[1:].shape)
    return CashFlows(
        cash_flow_eur=cash,
        baseline_revenue_eur=baseline,
        program_revenue_eur=program,
        delta_cm_eur=np.broadcast_to(delta_cm, cash[1:].shape),
        freed_visits_eur=freed,
        team_cost_eur=team_cost_eur,
        setup_cost_eur=setup_cost_eur,
        small_order_effect_eur=small_order_effect_eur,
        digital_eur=np.broadcast_to(digital, cash[1:].shape) if np.ndim(digital) else digital,
        retention_cm_eur=np.broadcast_to(growth * (survive_prog - survive_base) * cm_revenue_eur, cash[1:].shape),
    )


def payback_months_of(cash_flow_eur):
    r"""Months until the cumulative cash first reaches zero, linear within the year; NaN where never.

    ``cash_flow_eur`` has the years t = 0..H on axis 0 and optionally draws on
    axis 1; the result is a number or an array over draws.  For the first year t
    with :math:`cum(t) \ge 0`:

    .. math:: payback = \left((t - 1) + \frac{-cum(t-1)}{c_t}\right) \cdot 12

    0 when the cumulative cash is not negative at t = 0; NaN (where
    :func:`calc.finance.payback_months` says ``None``) when it stays negative.

    Examples
    --------
    >>> import numpy as np
    >>> payback_months_of(np.array([[-100.0, 0.0, -100.0], [50.0, 1.0, 10.0], [100.0, 1.0, 10.0]])).tolist()
    [18.0, 0.0, nan]
    """
    cash = np.asarray(cash_flow_eur, dtype=float)
    cumulative = np.cumsum(cash, axis=0)
    reached = cumulative[1:] >= 0
    has = reached.any(axis=0)
    t = reached.argmax(axis=0) + 1
    if cash.ndim == 1:
        cum_before, cash_t = cumulative[t - 1], cash[t]
    else:
        cols = np.arange(cash.shape[1])
        cum_before, cash_t = cumulative[t - 1, cols], cash[t, cols]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        months = ((t - 1) + (-cum_before) / cash_t) * 12.0
    months = np.where(has, months, np.nan)
    return np.where(cumulative[0] >= 0, 0.0, months)[()]


def _business_case(agg: Aggregates, *, variant: Variant, reps: int, annual_team_cost: float,
                   setup_cost: float, ramp_year1: float, cost_per_visit: float, a: Assumptions,
                   effect: float = 0.0, digital_saving: float = 0.0) -> BusinessCase:
    horizon = a.horizon_years
    cf = cash_flows(
        revenue_eur=agg.revenue, untapped_eur=agg.untapped, cm_revenue_eur=agg.cm_revenue,
        cm_untapped_eur=agg.cm_untapped, visits=agg.visits, cost_per_visit_eur=cost_per_visit,
        freed_visit_value_share=a.freed_visit_value_share, team_cost_eur=annual_team_cost,
        setup_cost_eur=setup_cost, ramp_year1=ramp_year1, capture_rate=a.capture_rate,
        churn_baseline=a.churn_baseline, churn_program=a.churn_program, market_growth=a.market_growth,
        horizon_years=horizon, small_order_effect_eur=effect, digital_saving_eur=digital_saving,
    )
    cash = cf.cash_flow_eur
    freed = np.full(horizon, cf.freed_visits_eur)
    effect_years = np.full(horizon, float(effect))
    digital_years = np.broadcast_to(np.asarray(cf.digital_eur, dtype=float), (horizon,))
    years = pd.DataFrame(
        {
            "year": np.arange(0, horizon + 1),
            "baseline_revenue_eur": np.concatenate([[agg.revenue], cf.baseline_revenue_eur]),
            "program_revenue_eur": np.concatenate([[agg.revenue], cf.program_revenue_eur]),
            "delta_revenue_eur": np.concatenate([[0.0], cf.program_revenue_eur - cf.baseline_revenue_eur]),
            "delta_cm_eur": np.concatenate([[0.0], cf.delta_cm_eur]),
            "freed_visits_eur": np.concatenate([[0.0], freed]),
            "small_order_effect_eur": np.concatenate([[0.0], effect_years]),
            "digital_eur": np.concatenate([[0.0], digital_years]),
            "team_cost_eur": np.concatenate([[0.0], np.full(horizon, annual_team_cost)]),
            "setup_cost_eur": np.concatenate([[setup_cost], np.zeros(horizon)]),
            "cash_flow_eur": cash,
            "cumulative_cash_eur": np.cumsum(cash),
            "discounted_cash_eur": cf.discounted_eur(a.discount_rate),
        }
    )
    benefits = float(cf.delta_cm_eur.sum() + freed.sum())
    if effect or digital_saving:  # the lever lines count as benefits (levers.md)
        benefits += float(effect_years.sum() + digital_years.sum())
    payback = float(cf.payback_months())
    return BusinessCase(
        variant=variant,
        reps=reps,
        annual_team_cost_eur=float(annual_team_cost),
        setup_cost_eur=float(setup_cost),
        ramp_year1=float(ramp_year1),
        years=years,
        npv_eur=npv(a.discount_rate, cash),
        irr=irr(cash),
        roi=roi(benefits, setup_cost + horizon * annual_team_cost),
        payback_months=None if math.isnan(payback) else payback,
        npv_by_lever_eur=MappingProxyType({k: float(x) for k, x in cf.npv_by_lever_eur(a.discount_rate).items()}),
    )


def compute(customers: pd.DataFrame, assumptions: Assumptions, *, orders: pd.DataFrame | None = None) -> ModelResult:
    """Run the whole model: threshold, segments, potential, team, business case, make or buy, levers.

    Parameters
    ----------
    customers
        Canonical customer table: ``customer_id`` and ``revenue`` or
        ``revenue_<YYYY>`` columns, optional ``employees``, ``potential``,
        ``cm_rate``, ``visits_12m``, ``orders_12m``, ``lines_12m`` and descriptive columns.
    assumptions
        The scenario.
    orders
        Optional order-level data of a transaction log (``ReadResult.orders``:
        ``customer_id``, ``order_value_eur``, one row per order in the 12-month
        window).  Without it small orders are estimated from ``orders_12m``.

    Returns
    -------
    ModelResult

    Raises
    ------
    DataError
        If the table has no id or no revenue column, or ``orders`` names a customer
        that is not in it.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"customer_id": ["1", "2"], "revenue": [2000.0, 20000.0]})
    >>> result = compute(data, Assumptions())
    >>> dict(result.segments.counts)
    {'key': 1, 'potential': 0, 'small': 1, 'inactive': 0, 'no_revenue': 0}
    >>> result.team.reps
    1
    """
    a = assumptions
    prep = prepare(customers, orders=orders)
    fc = field_cost(a)
    threshold = fc.revenue_threshold_eur

    potential = potential_eur(prep, a)
    segment = _segments(prep, potential, threshold, a)
    covered = _covered(segment, a)
    by_method = {
        method: _potential_summary(prep, a, method, threshold, potential, segment)
        if method == a.potential_method
        else _potential_summary(prep, a, method, threshold)
        for method in POTENTIAL_METHODS
    }

    r = prep.revenue
    r_pos = np.maximum(r, 0.0)
    sow = np.divide(r_pos, potential, out=np.ones_like(potential), where=potential > 0)
    cm = np.where(np.isnan(prep.cm_data), a.cm_rate, prep.cm_data)

    table = customers.copy()
    table["revenue_current_eur"] = r
    table["potential_eur"] = potential
    table["untapped_eur"] = potential - r_pos
    table["share_of_wallet"] = sow
    table["cm_rate_used"] = cm
    table["visits_used"] = prep.visits
    table["segment"] = pd.Categorical(segment, categories=list(SEGMENTS))
    table["covered"] = covered

    revenue_total = float(r.sum())
    counts, revenue_by, share_by, potential_by = {}, {}, {}, {}
    for s in SEGMENTS:
        mask = segment == s
        counts[s] = int(mask.sum())
        revenue_by[s] = float(r[mask].sum())
        share_by[s] = revenue_by[s] / revenue_total if revenue_total > 0 else 0.0
        potential_by[s] = float(potential[mask].sum())
    segments = SegmentSummary(
        counts=MappingProxyType(counts),
        revenue_eur=MappingProxyType(revenue_by),
        revenue_share=MappingProxyType(share_by),
        potential_eur=MappingProxyType(potential_by),
        customers_total=len(customers),
        revenue_total_eur=revenue_total,
    )

    team, internal, external = evaluate(_coverage_of(prep, potential, covered, cm, fc, segment), a)
    choice = "external" if external.npv_eur > internal.npv_eur else "internal"
    levers = lever_figures(
        table, cost_per_visit=fc.cost_per_visit_eur, revenue_threshold=threshold, cm_rate=a.cm_rate,
        settings=LeverSettings.from_assumptions(a), orders=orders, revenue=r, cm=cm, visits=prep.visits,
        segment=segment, covered=covered,
    )
    return ModelResult(
        assumptions=a,
        field_cost=fc,
        customers=table,
        revenue_years=prep.years,
        segments=segments,
        potential=by_method[a.potential_method],
        potential_by_method=MappingProxyType(by_method),
        team=team,
        internal=internal,
        external=external,
        make_or_buy=MakeOrBuy(
            internal_npv_eur=internal.npv_eur,
            external_npv_eur=external.npv_eur,
            choice=choice,
            advantage_eur=abs(external.npv_eur - internal.npv_eur),
        ),
        levers=levers,
        caveats=by_method[a.potential_method].caveats + _data_caveats(customers, prep, covered),
    )


def _data_caveats(customers: pd.DataFrame, prep: Prepared, covered: np.ndarray) -> tuple[str, ...]:
    """The margin's and the visits' caveats (:data:`CAVEATS`) of the covered customers."""
    out = []
    if covered.any():
        missing = float(np.isnan(prep.cm_data[covered]).mean())
        if missing == 1.0:
            out.append("cm_rate_default")
        elif missing > 0:
            out.append("cm_rate_default_part")
    if "visits_12m" not in customers.columns or pd.to_numeric(customers["visits_12m"], errors="coerce").isna().all():
        out.append("visits_missing")
    return tuple(out)


# ---------------------------------------------------------------------------------
# the business case from aggregates (for what-ifs: scenarios, sensitivity, Monte Carlo)
# ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Coverage:
    """What the business case needs from the data: field cost and covered-customer sums.

    The business case depends on the covered customers only through
    ``covered_customers``, ``cm_mean`` and the five sums in ``aggregates``
    (revenue, untapped potential, their margin-weighted versions, visits), so any
    assumption of the ``business_case`` stage (``AssumptionSpec.stage``) can be
    varied by :func:`evaluate` alone.
    """

    field_cost: FieldCost
    covered_customers: int
    cm_mean: float  # mean margin rate of the covered customers (for the per-rep check)
    aggregates: Aggregates
    levers: LeverBase | None = None  # what the two lever lines need (levers.md)
    #: covered customers per region of ``region_names`` (team sizing by region); None without a region column
    region_counts: tuple[int, ...] | None = None
    region_names: tuple[str, ...] = ()
    no_region: int = 0  # covered customers whose region is empty


@dataclass(frozen=True, eq=False)
class LeverBase:
    """What the two lever lines of the business case need from the data (levers.md).

    Per customer: current revenue, margin rate in use and segment (small orders are
    those of customers outside the key segment), ``orders_12m``; the order-level data
    when there is some; and the covered customers' orders (digital ordering).  None of
    it depends on a business-case assumption, so :func:`evaluate` can vary those.
    Two bases are equal when their arrays are.
    """

    revenue: np.ndarray
    cm: np.ndarray
    segment: np.ndarray  # object array of segment codes
    orders_12m: np.ndarray
    order_customer: np.ndarray | None
    order_value: np.ndarray | None
    covered_orders_12m: float

    def _key(self) -> tuple:
        return (self.covered_orders_12m, len(self.revenue), None if self.order_value is None else len(self.order_value))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LeverBase):
            return NotImplemented
        if self._key() != other._key() or (self.order_value is None) != (other.order_value is None):
            return False
        pairs = [(self.revenue, other.revenue), (self.cm, other.cm), (self.segment, other.segment),
                 (self.orders_12m, other.orders_12m)]
        if self.order_value is not None:
            pairs += [(self.order_customer, other.order_customer), (self.order_value, other.order_value)]
        return all(np.array_equal(x, y) for x, y in pairs)

    def __hash__(self) -> int:
        return hash(self._key())

    def small_orders(self, *, min_order_value_eur: float):
        """:func:`calc.levers.small_orders` of these customers at one minimum order value."""
        if self.order_value is not None:
            return small_orders(self.revenue, self.cm, self.segment, min_order_value_eur=min_order_value_eur,
                                order_customer=self.order_customer, order_value_eur=self.order_value)
        return small_orders(self.revenue, self.cm, self.segment, min_order_value_eur=min_order_value_eur,
                            orders_12m=self.orders_12m)

    def lines(self, a: Assumptions) -> tuple[float, float]:
        r"""``(small_order_effect_eur, digital_saving_eur)`` for the business case of ``a``.

        The effect is :func:`calc.levers.small_order_effect`; the digital savings at
        full ramp are :math:`\sum_{covered} orders\_12m_i \cdot digital\_share \cdot
        (cost\_per\_order - digital\_cost\_per\_order)`.
        """
        effect = 0.0
        if a.small_order_policy != "none":
            mov = min_order_value(cost_per_order=a.cost_per_order, cm_rate=a.cm_rate, override=a.min_order_value)
            small = self.small_orders(min_order_value_eur=mov)
            effect = float(policy_effect(
                a.small_order_policy, orders=small.orders, cm_value_eur=small.cm_value_eur,
                affected_cm_revenue_eur=small.affected_cm_revenue_eur, cost_per_order=a.cost_per_order,
                surcharge_eur=a.surcharge_eur, consolidation_share=a.consolidation_share,
                policy_churn=a.policy_churn,
            ))
        digital = 0.0
        if a.digital_share != 0:
            digital = self.covered_orders_12m * a.digital_share * (a.cost_per_order - a.digital_cost_per_order)
        return effect, digital


def _coverage_of(prep: Prepared, potential: np.ndarray, covered: np.ndarray, cm: np.ndarray,
                 fc: FieldCost, segment: np.ndarray) -> Coverage:
    rc = np.maximum(prep.revenue[covered], 0.0)
    pc, cmc = potential[covered], cm[covered]
    agg = Aggregates(
        revenue=float(rc.sum()),
        untapped=float((pc - rc).sum()),
        cm_revenue=float((cmc * rc).sum()),
        cm_untapped=float((cmc * (pc - rc)).sum()),
        visits=float(prep.visits[covered].sum()),
    )
    n_covered = int(covered.sum())
    orders = prep.orders_12m if prep.orders_12m is not None else np.zeros(len(prep.revenue))
    base = LeverBase(prep.revenue, cm, np.asarray(segment, dtype=object), orders, prep.order_customer,
                     prep.order_value, float(orders[covered].sum()))
    region_counts, no_region = None, 0
    if prep.region is not None:
        codes = prep.region[covered]
        region_counts = tuple(int(x) for x in np.bincount(codes[codes >= 0], minlength=len(prep.region_names)))
        no_region = int(np.count_nonzero(codes < 0))
    return Coverage(fc, n_covered, float(cmc.mean()) if n_covered else math.nan, agg, base,
                    region_counts, prep.region_names, no_region)


def coverage(customers: pd.DataFrame | Prepared, assumptions: Assumptions, *,
             orders: pd.DataFrame | None = None) -> Coverage:
    """Field cost and the covered-customer sums for one data set and scenario (steps 1-2 and margins).

    ``customers`` is a canonical customer table or, to evaluate many scenarios on
    the same data, the result of :func:`prepare`; ``orders`` the optional
    order-level data of a transaction log (with a table only; a :class:`Prepared`
    already holds it).

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"customer_id": ["1", "2"], "revenue": [2000.0, 20000.0]})
    >>> cov = coverage(data, Assumptions())
    >>> cov.covered_customers, cov.aggregates.revenue, cov.aggregates.untapped
    (1, 2000.0, 25000.0)
    >>> coverage(prepare(data), Assumptions()) == cov
    True
    """
    a = assumptions
    prep = customers if isinstance(customers, Prepared) else prepare(customers, orders=orders)
    fc = field_cost(a)
    potential = potential_eur(prep, a)
    segment = _segments(prep, potential, fc.revenue_threshold_eur, a)
    covered = _covered(segment, a)
    cm = np.where(np.isnan(prep.cm_data), a.cm_rate, prep.cm_data)
    return _coverage_of(prep, potential, covered, cm, fc, segment)


def evaluate(cov: Coverage, assumptions: Assumptions) -> tuple[Team, BusinessCase, BusinessCase]:
    """Team, internal and external business case from a :class:`Coverage` (steps 3-4).

    ``evaluate(coverage(data, a), a)`` gives exactly ``compute(data, a)``'s
    ``team``, ``internal`` and ``external``.  ``cov`` must come from assumptions
    with the same segmentation, potential and ``cm_rate`` as ``assumptions``.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"customer_id": ["1", "2"], "revenue": [2000.0, 20000.0]})
    >>> a = Assumptions()
    >>> team, internal, external = evaluate(coverage(data, a), a)
    >>> internal.npv_eur == compute(data, a).internal.npv_eur
    True
    """
    a = assumptions
    agg, fc, n_covered = cov.aggregates, cov.field_cost, cov.covered_customers
    team = _team(n_covered, agg.revenue, agg.cm_revenue, cov.cm_mean if n_covered else a.cm_rate, a, cov)
    effect, digital = cov.levers.lines(a) if cov.levers is not None else (0.0, 0.0)
    internal = _business_case(
        agg, variant="internal", reps=team.reps, annual_team_cost=team.annual_cost_eur,
        setup_cost=a.setup_cost, ramp_year1=a.ramp_year1, cost_per_visit=fc.cost_per_visit_eur, a=a,
        effect=effect, digital_saving=digital,
    )
    external = _business_case(
        agg, variant="external", reps=team.reps, annual_team_cost=team.reps * a.external_cost_per_rep,
        setup_cost=a.external_setup_cost, ramp_year1=a.external_ramp_year1,
        cost_per_visit=fc.cost_per_visit_eur, a=a, effect=effect, digital_saving=digital,
    )
    return _with_rep_checks(team, internal, a), internal, external


# ---------------------------------------------------------------------------------
# per-customer revenue of one year (for the plan file and tracking, spec step 5)
# ---------------------------------------------------------------------------------
def customer_revenue(r: Any, p: Any, assumptions: Assumptions, *, year: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Each customer's baseline and programme revenue in year ``year`` (spec step 4).

    Parameters
    ----------
    r, p
        Current revenue and potential per customer (array-like, EUR).  Pass the
        revenue as the business case uses it, ``max(r, 0)``.
    assumptions
        The scenario (growth, churn, ramp and capture rate of the own team).
    year
        t = 1 .. horizon (any t >= 1 is accepted).

    Returns
    -------
    (baseline, program)
        Two float arrays of the shape of ``r``.

    Notes
    -----
    .. math::
        baseline_i(t) = r_i (1+g)^t (1 - churn\_baseline)^t

        program_i(t) = (1+g)^t \left(r_i + ramp(t) (p_i - r_i) (1 - (1 - capture\_rate)^t)\right)
        (1 - churn\_program)^t

    with ramp(1) = ramp_year1 and ramp(t >= 2) = 1.  Summed over the covered
    customers they give ``compute``'s ``baseline_revenue_eur`` and
    ``program_revenue_eur`` of that year (internal variant).

    Examples
    --------
    >>> base, prog = customer_revenue([1000.0], [11000.0], Assumptions(), year=1)
    >>> round(float(base[0]), 2), round(float(prog[0]), 2)
    (850.0, 1035.0)
    """
    if not isinstance(year, (int, np.integer)) or isinstance(year, bool) or year < 1:
        raise ValueError(f"year must be a whole number of at least 1, not {year!r}")
    a = assumptions
    r = np.asarray(r, dtype=float)
    p = np.asarray(p, dtype=float)
    # The customers are the "draws" axis of the one business-case formula; margins,
    # visits and costs do not enter the revenues, so they are 0 here.
    flows = cash_flows(revenue_eur=r, untapped_eur=p - r, cm_revenue_eur=0.0, cm_untapped_eur=0.0, visits=0.0,
                       cost_per_visit_eur=0.0, freed_visit_value_share=0.0, team_cost_eur=0.0, setup_cost_eur=0.0,
                       ramp_year1=a.ramp_year1, capture_rate=a.capture_rate, churn_baseline=a.churn_baseline,
                       churn_program=a.churn_program, market_growth=a.market_growth, horizon_years=int(year))
    return np.array(flows.baseline_revenue_eur[-1]), np.array(flows.program_revenue_eur[-1])
