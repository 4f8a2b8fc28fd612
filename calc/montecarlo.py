"""Monte Carlo simulation of the internal NPV under uncertain assumptions.

Each uncertain assumption gets a :class:`TriangularRange` (low, most likely, high);
:func:`simulate` draws all of them together and evaluates the business case for
every draw, vectorised over draws and customers (no Python loop over either).

Which assumptions may vary (:data:`VARIABLE_NAMES`, grouped by the stage each
assumption declares in :data:`~calc.assumptions.SPECS`):

* business-case and margin assumptions, evaluated from the covered-customer sums by
  :func:`calc.model.cash_flows` on arrays over draws: ``capture_rate``, ``churn_baseline``,
  ``churn_program``, ``ramp_year1``, ``market_growth``, ``discount_rate``,
  ``setup_cost``, ``inside_rep_annual_cost``, ``overhead_rate``,
  ``freed_visit_value_share``, ``cm_rate`` (it acts linearly where the data has no
  margin) and ``accounts_per_rep`` (reps only; drawn values are rounded);
* threshold assumptions, which move the revenue threshold per draw:
  ``field_rep_annual_cost``, ``selling_days_per_year`` (rounded),
  ``visits_per_day``, ``cost_per_visit``, ``visits_per_customer_year``,
  ``max_sales_cost_ratio``, ``revenue_threshold``.  The candidates are sorted by
  revenue once; the covered sums of a draw are cumulative sums read at
  ``np.searchsorted(revenue, threshold)``, O(log n) per draw;
* potential assumptions, which change each customer's potential and segment:
  ``potential_per_employee``, ``employees_default``, ``potential_threshold``.
  Customers with a homogeneous potential are grouped by employee count (one sorted
  revenue cut per group, as above); customers with a fixed potential (``data`` or
  ``historical`` method) too, unless ``potential_threshold`` varies: then they use
  a draws x customers matrix in chunks of draws (bounded memory), restricted to the
  customers below the highest drawn threshold.

* lever assumptions (levers.md; stage ``business_case``), acting through the two
  lever lines of the cash: ``digital_share``, ``cost_per_order`` and
  ``digital_cost_per_order`` (digital savings: the covered customers' orders are a
  ninth covered sum), ``surcharge_eur``, ``consolidation_share``, ``policy_churn``
  and ``min_order_value`` (the small-order policy's effect: small orders are a cut
  by order value and the key segment a revenue cut, sorted sums when one of the two
  varies, a draws x orders matrix in chunks when both do), and ``cost_per_line``
  (no effect on the NPV).

Not variable: ``horizon_years`` (the length of the cash-flow series), the choice
and yes/no assumptions, and the ``external_*`` ones (they do not act on the
internal NPV).

>>> import pandas as pd
>>> data = pd.DataFrame({"customer_id": [str(i) for i in range(400)], "revenue": 3000.0})
>>> mc = simulate(data, Assumptions(), {"capture_rate": TriangularRange(0.01, 0.03, 0.05)}, draws=1000)
>>> mc.npv_eur.shape, 0.9 < mc.p_positive <= 1.0
((1000,), True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .assumptions import SPECS, Assumptions, label_msg, names_of_stage, range_msg
from .errors import AssumptionError
from .levers import policy_effect
from .model import cash_flows, field_cost_values, potential_eur, prepare, team_cost

__all__ = [
    "VARIABLE_NAMES",
    "DEFAULT_UNCERTAIN",
    "default_ranges",
    "TriangularRange",
    "MonteCarloResult",
    "simulate",
]


def _numeric(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n for n in names if SPECS[n].kind not in ("choice", "bool"))


# By stage (the stage of each assumption is declared in its spec).  Not variable:
# ``horizon_years`` (the length of the cash-flow series) and the provider's
# assumptions (group ``external``; they do not act on the internal NPV).
BUSINESS_CASE_NAMES = tuple(
    n for n in _numeric(names_of_stage("margin", "business_case"))
    if n != "horizon_years" and SPECS[n].group != "external"
)
THRESHOLD_NAMES = _numeric(names_of_stage("threshold"))
POTENTIAL_NAMES = _numeric(names_of_stage("potential"))
#: Assumptions :func:`simulate` can vary.
VARIABLE_NAMES = frozenset(BUSINESS_CASE_NAMES + THRESHOLD_NAMES + POTENTIAL_NAMES)

_MATRIX_CELLS = 2_000_000  # draws x customers per chunk (16 MB per float array)
_MAX_DRAWS = 10_000_000


@dataclass(frozen=True)
class TriangularRange:
    """A triangular distribution: ``low <= mode <= high`` (all equal: a fixed value).

    Examples
    --------
    >>> TriangularRange(0.02, 0.03, 0.05).mean
    0.03333333333333333
    >>> TriangularRange(0.05, 0.03, 0.02)
    Traceback (most recent call last):
    ...
    calc.errors.AssumptionError: triangular range 0.05 / 0.03 / 0.02: needs low <= most likely <= high.
    """

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        values = []
        for v in (self.low, self.mode, self.high):
            try:
                values.append(float(v))
            except (TypeError, ValueError):
                raise AssumptionError(key="err_tri_not_number", values={"value": repr(v)}) from None
        if not all(math.isfinite(v) for v in values):
            raise AssumptionError(key="err_tri_not_finite", values={"low": str(self.low), "mode": str(self.mode),
                                                                     "high": str(self.high)})
        low, mode, high = values
        if not low <= mode <= high:
            raise AssumptionError(key="err_tri_order", values={"low": low, "mode": mode, "high": high})
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "mode", mode)
        object.__setattr__(self, "high", high)

    @property
    def mean(self) -> float:
        """(low + mode + high) / 3."""
        return (self.low + self.mode + self.high) / 3.0

    def check(self, name: str) -> None:
        """Raise :class:`AssumptionError` unless ``name`` may vary and the range is valid for it."""
        if name not in VARIABLE_NAMES:
            raise AssumptionError(
                key="err_mc_unknown" if name not in SPECS else "err_mc_fixed",
                values={"name": name, "names": ", ".join(sorted(VARIABLE_NAMES))},
                name=name,
            )
        spec = SPECS[name]
        if (spec.minimum is not None and self.low < spec.minimum) or (
            spec.maximum is not None and self.high > spec.maximum
        ):
            raise AssumptionError(
                key="err_mc_outside", values={"name": name, "label": label_msg(name), "low": self.low,
                                              "mode": self.mode, "high": self.high, "range": range_msg(spec)},
                name=name,
            )

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        if self.low == self.high:
            return np.full(size, self.mode)
        return rng.triangular(self.low, self.mode, self.high, size)


@dataclass(frozen=True)
class MonteCarloResult:
    """The simulated distribution of the internal NPV.

    Attributes
    ----------
    npv_eur
        Internal NPV of every draw (EUR), shape ``(draws,)``.
    payback_months
        Payback of every draw; NaN where the cash does not pay back within the horizon.
    values
        ``{name: drawn values}`` for each varied assumption.
    p_positive
        Share of draws with NPV > 0.
    p10_eur, p50_eur, p90_eur, mean_eur
        Percentiles and mean of the NPV.
    p_payback
        Share of draws that pay back within the horizon.
    seed, draws
        As given; the same seed gives identical arrays.
    """

    npv_eur: np.ndarray = field(repr=False)
    payback_months: np.ndarray = field(repr=False)
    values: Mapping[str, np.ndarray] = field(repr=False)
    p_positive: float
    p10_eur: float
    p50_eur: float
    p90_eur: float
    mean_eur: float
    p_payback: float
    seed: int
    draws: int

    def histogram(self, bins: int = 40) -> pd.DataFrame:
        """NPV histogram data: columns ``bin_low_eur``, ``bin_high_eur``, ``count``, ``share``, ``positive``.

        ``positive`` marks bins entirely above 0 (for colouring); a bin edge is put at 0
        when 0 lies inside the range of draws, so no bin straddles it.
        """
        lo, hi = float(self.npv_eur.min()), float(self.npv_eur.max())
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = np.linspace(lo, hi, int(bins) + 1)
        if lo < 0 < hi:
            edges = np.unique(np.append(edges, 0.0))
        counts, edges = np.histogram(self.npv_eur, bins=edges)
        return pd.DataFrame(
            {
                "bin_low_eur": edges[:-1],
                "bin_high_eur": edges[1:],
                "count": counts,
                "share": counts / max(self.draws, 1),
                "positive": edges[:-1] >= 0,
            }
        )


# sums per draw over the covered customers, in this column order
_R, _U, _CMD_R, _CMD_U, _NOD_R, _NOD_U, _V, _N, _O = range(9)
_COLS = 9


def simulate(
    customers: pd.DataFrame,
    assumptions: Assumptions,
    ranges: Mapping[str, TriangularRange],
    *,
    draws: int = 10_000,
    seed: int = 0,
    orders: pd.DataFrame | None = None,
) -> MonteCarloResult:
    r"""Draw the uncertain assumptions and compute the internal NPV for each draw.

    Every assumption in ``ranges`` is drawn independently from its triangular
    distribution (in the order of :data:`~calc.assumptions.SPECS`, with
    ``np.random.default_rng(seed)``), the others stay at ``assumptions``.  Each draw
    is evaluated with the model's own formulas on arrays over draws
    (:func:`~calc.model.field_cost_values`, :func:`~calc.model.team_cost`,
    :func:`~calc.model.cash_flows`; spec steps 1-4):

    .. math::
        NPV_d = -setup_d + \sum_{t=1}^{H}
        \frac{\Delta CM_d(t) + freed_d - reps_d \cdot cost_d (1 + overhead_d)}{(1 + rate_d)^t}

    so a range with ``low == mode == high`` reproduces ``compute``'s NPV.

    Parameters
    ----------
    customers
        Canonical customer table.
    assumptions
        The scenario; its values are used for the assumptions not in ``ranges``.
    ranges
        ``{assumption name: TriangularRange}`` for names in :data:`VARIABLE_NAMES`.
    draws
        Number of draws, 1 to 10,000,000.
    seed
        Seed of the random generator.
    orders
        Optional order-level data of a transaction log (as for :func:`calc.model.compute`).

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    AssumptionError
        For a name that cannot vary, a range outside the valid range, or a bad
        ``draws``.
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or not 1 <= draws <= _MAX_DRAWS:
        raise AssumptionError(key="err_mc_draws", values={"value": repr(draws), "max": _MAX_DRAWS})
    draws = int(draws)
    for name, rng_ in ranges.items():
        if not isinstance(rng_, TriangularRange):
            raise AssumptionError(key="err_mc_range_type", values={"name": name}, name=name)
        rng_.check(name)

    a = assumptions
    rng = np.random.default_rng(seed)
    values: dict[str, np.ndarray] = {}
    for name in SPECS:  # fixed order: reproducible whatever the order of ``ranges``
        if name in ranges:
            x = ranges[name].sample(rng, draws)
            if SPECS[name].integer:
                spec = SPECS[name]
                x = np.clip(np.rint(x), spec.minimum, spec.maximum)
            values[name] = x

    def v(name: str):
        """Drawn values (draws,) or the scenario's scalar."""
        return values[name] if name in values else getattr(a, name)

    # step 1 per draw
    cpv, _, threshold = field_cost_values(
        field_rep_annual_cost=v("field_rep_annual_cost"), selling_days_per_year=v("selling_days_per_year"),
        visits_per_day=v("visits_per_day"), visits_per_customer_year=v("visits_per_customer_year"),
        max_sales_cost_ratio=v("max_sales_cost_ratio"), cost_per_visit=v("cost_per_visit"),
        revenue_threshold=v("revenue_threshold"),
    )
    cpv = np.broadcast_to(np.asarray(cpv, dtype=float), (draws,))
    threshold = np.broadcast_to(np.asarray(threshold, dtype=float), (draws,))

    # step 2 per draw: sums over the covered customers
    prep = prepare(customers, orders=orders)
    potential_varies = any(n in values for n in POTENTIAL_NAMES) and not (
        a.potential_method == "historical" and "potential_threshold" not in values
    )
    if potential_varies:
        sums = _sums_potential(prep, a, values, threshold)
    else:
        sums = _sums_sorted(prep, a, threshold)

    # steps 3-4 per draw, years x draws: the model's formula on arrays
    cm_rate = np.asarray(v("cm_rate"), dtype=float)  # acts where the data has no margin
    _, rep_cost, annual_team_cost = team_cost(
        sums[:, _N], accounts_per_rep=v("accounts_per_rep"),
        inside_rep_annual_cost=v("inside_rep_annual_cost"), overhead_rate=v("overhead_rate"),
    )
    if prep.region is not None:  # the team planned per region (calc.model.region_reps), per draw
        annual_team_cost = _region_reps(prep, a, values, threshold, potential_varies, v("accounts_per_rep"),
                                        draws) * rep_cost
    # the two lever lines (levers.md), per draw
    digital = 0.0
    if np.any(v("digital_share") != 0):
        digital = sums[:, _O] * v("digital_share") * (v("cost_per_order") - v("digital_cost_per_order"))
    effect = _small_order_effect(prep, a, v, threshold, draws)
    flows = cash_flows(
        revenue_eur=sums[:, _R], untapped_eur=sums[:, _U],
        cm_revenue_eur=sums[:, _CMD_R] + cm_rate * sums[:, _NOD_R],
        cm_untapped_eur=sums[:, _CMD_U] + cm_rate * sums[:, _NOD_U],
        visits=sums[:, _V], cost_per_visit_eur=cpv, freed_visit_value_share=v("freed_visit_value_share"),
        team_cost_eur=annual_team_cost, setup_cost_eur=v("setup_cost"), ramp_year1=v("ramp_year1"),
        capture_rate=v("capture_rate"), churn_baseline=v("churn_baseline"), churn_program=v("churn_program"),
        market_growth=v("market_growth"), horizon_years=a.horizon_years, small_order_effect_eur=effect,
        digital_saving_eur=digital, with_revenue=False,
    )
    npv = flows.npv_eur(np.asarray(v("discount_rate"), dtype=float))
    payback = flows.payback_months()

    return MonteCarloResult(
        npv_eur=npv,
        payback_months=payback,
        values=values,
        p_positive=float(np.mean(npv > 0)),
        p10_eur=float(np.percentile(npv, 10)),
        p50_eur=float(np.percentile(npv, 50)),
        p90_eur=float(np.percentile(npv, 90)),
        mean_eur=float(npv.mean()),
        p_payback=float(np.mean(np.isfinite(payback))),
        seed=seed,
        draws=draws,
    )


def _region_reps(prep, a: Assumptions, values, threshold: np.ndarray, potential_varies: bool, accounts_per_rep,
                 draws: int) -> np.ndarray:
    """Reps per draw planned region by region (:func:`calc.model.region_reps` on arrays over draws).

    A region's covered count per draw is the count of the sums with the other regions' customers
    made revenue-less (never covered); with the threshold and the potential fixed it is counted once.
    """
    apr = np.broadcast_to(np.asarray(accounts_per_rep, dtype=float), (draws,))
    codes = prep.region
    if not potential_varies and np.all(threshold == threshold[0]):
        threshold = threshold[:1]  # the covered customers are the same in every draw: count them once
    counts = []
    for g in [*range(len(prep.region_names)), -1]:
        rows = codes == g if g >= 0 else codes < 0
        part = replace(prep, revenue=np.where(rows, prep.revenue, 0.0), earlier_positive=prep.earlier_positive & rows)
        if potential_varies:
            n = _sums_potential(part, a, values, threshold)[:, _N]
        else:
            n = _sums_sorted(part, a, threshold)[:, _N]
        counts.append(np.broadcast_to(n, (draws,)))
    named, blank = np.column_stack(counts[:-1]) if len(counts) > 1 else np.zeros((draws, 0)), counts[-1]
    per_region = np.ceil(named / apr[:, None]).sum(axis=1)
    room = per_region * apr - named.sum(axis=1)
    return per_region + np.ceil(np.maximum(0.0, blank - room) / apr)


def _small_order_effect(prep, a: Assumptions, v, threshold: np.ndarray, draws: int):
    """The small-order policy's yearly effect per draw (0 with policy none).

    The small orders of a draw are the points (orders; or, without order-level data,
    customers whose orders are all of one value) with ``value < min_order_value``
    of customers outside the key segment (``revenue < threshold``, or inactive); the
    affected customers are points too, at their smallest order value.  Margins enter
    linearly (data margin, or ``cm_rate`` times the weight).  When only the threshold
    or only the minimum order value varies, the sums are cumulative sums over the
    points sorted by the other, read with ``np.searchsorted``; when both vary, a
    draws x points matrix in chunks.  The effect's formula
    (:func:`calc.levers.policy_effect`) runs on arrays.
    """
    if a.small_order_policy == "none":
        return 0.0
    cm_rate = np.broadcast_to(np.asarray(v("cm_rate"), dtype=float), (draws,))
    cpo = np.broadcast_to(np.asarray(v("cost_per_order"), dtype=float), (draws,))
    override = v("min_order_value")
    if override is None:  # levers.min_order_value on arrays: cost_per_order / cm_rate, inf or 0 at cm_rate 0
        with np.errstate(divide="ignore", invalid="ignore"):
            mov = np.where(cm_rate > 0, cpo / np.where(cm_rate > 0, cm_rate, 1.0), np.where(cpo > 0, np.inf, 0.0))
    else:
        mov = np.broadcast_to(np.asarray(override, dtype=float), (draws,))
    key_r, value, weights = _small_order_points(prep)
    if np.unique(threshold).size == 1:
        keep = key_r < threshold[0]
        order = np.argsort(value[keep], kind="stable")
        cum = np.vstack([np.zeros((1, weights.shape[1])), np.cumsum(weights[keep][order], axis=0)])
        sums = cum[np.searchsorted(value[keep][order], mov, side="left")]
    elif np.unique(mov).size == 1:
        keep = value < mov[0]
        order = np.argsort(key_r[keep], kind="stable")
        cum = np.vstack([np.zeros((1, weights.shape[1])), np.cumsum(weights[keep][order], axis=0)])
        sums = cum[np.searchsorted(key_r[keep][order], threshold, side="left")]
    else:
        sums = np.zeros((draws, weights.shape[1]))
        chunk = max(1, _MATRIX_CELLS // max(len(value), 1))
        for start in range(0, draws, chunk):
            sl = slice(start, min(start + chunk, draws))
            mask = (key_r[None, :] < threshold[sl, None]) & (value[None, :] < mov[sl, None])
            sums[sl] = mask.astype(float) @ weights
    orders = sums[:, 0]
    cm_value = sums[:, 1] + cm_rate * sums[:, 2]
    affected = sums[:, 3] + cm_rate * sums[:, 4]
    return policy_effect(
        a.small_order_policy, orders=orders, cm_value_eur=cm_value, affected_cm_revenue_eur=affected,
        cost_per_order=v("cost_per_order"), surcharge_eur=v("surcharge_eur"),
        consolidation_share=v("consolidation_share"), policy_churn=v("policy_churn"),
    )


def _small_order_points(prep):
    """Points of :func:`_small_order_effect`: (revenue for the key cut, value, weights).

    Weights: orders, data margin x value, value where ``cm_rate`` applies, data
    margin x revenue and revenue where ``cm_rate`` applies (the last two for the
    affected customers).  Inactive customers are never key: their revenue is -inf.
    """
    r = prep.revenue
    inactive = (r <= 0) & prep.earlier_positive
    key_r_cust = np.where(inactive, -np.inf, r)
    r_pos = np.maximum(r, 0.0)
    has_cm = ~np.isnan(prep.cm_data)
    cmd = np.where(has_cm, prep.cm_data, 0.0)
    nod = (~has_cm).astype(float)
    if prep.order_value is not None:
        oc, ov = prep.order_customer, prep.order_value
        n = len(r)
        smallest = np.full(n, np.inf)
        np.minimum.at(smallest, oc, ov)
        has = np.isfinite(smallest)
        order_w = np.column_stack([np.ones(len(ov)), cmd[oc] * ov, nod[oc] * ov, np.zeros(len(ov)), np.zeros(len(ov))])
        cust = np.flatnonzero(has)
        cust_w = np.column_stack([np.zeros((len(cust), 3)), (cmd * r_pos)[cust], (nod * r_pos)[cust]])
        return (np.concatenate([key_r_cust[oc], key_r_cust[cust]]), np.concatenate([ov, smallest[cust]]),
                np.vstack([order_w, cust_w]))
    k = prep.orders_12m
    with np.errstate(over="ignore"):
        per_order = np.divide(r_pos, k, out=np.full(len(r), np.inf), where=k > 0)
    cust = np.flatnonzero(k > 0)
    w = np.column_stack([k, cmd * r_pos, nod * r_pos, cmd * r_pos, nod * r_pos])[cust]
    return key_r_cust[cust], per_order[cust], w


def _weights(prep, a: Assumptions):
    """Per-customer columns used for the sums (current revenue clipped at 0)."""
    r = np.maximum(prep.revenue, 0.0)
    has_cm = ~np.isnan(prep.cm_data)
    cmd = np.where(has_cm, prep.cm_data, 0.0)  # margin where the data has one
    nod = (~has_cm).astype(float)  # 1 where cm_rate applies
    return r, cmd, nod


def _sums_sorted(prep, a: Assumptions, threshold: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Covered sums when only the revenue threshold varies: sort once, search per draw.

    ``rows`` restricts the sums to some customers (default: all).
    """
    p = potential_eur(prep, a)
    r, cmd, nod = _weights(prep, a)
    u = p - r
    cols = np.column_stack([r, u, cmd * r, cmd * u, nod * r, nod * u, prep.visits, np.ones_like(r), prep.orders_12m])
    inactive = (prep.revenue <= 0) & prep.earlier_positive
    if rows is None:
        rows = np.ones_like(inactive)
    fixed = cols[inactive & rows].sum(axis=0) if a.include_inactive else np.zeros(_COLS)
    candidate = rows & (prep.revenue > 0) & (p < a.potential_threshold)
    order = np.argsort(prep.revenue[candidate], kind="stable")
    rev_sorted = prep.revenue[candidate][order]
    cum = np.vstack([np.zeros((1, _COLS)), np.cumsum(cols[candidate][order], axis=0)])
    k = np.searchsorted(rev_sorted, threshold, side="left")  # customers with r < threshold
    return cum[k] + fixed


_MAX_GROUPS = 256


def _sums_potential(prep, a: Assumptions, values: Mapping[str, np.ndarray], threshold: np.ndarray) -> np.ndarray:
    """Covered sums when the potential or the potential threshold varies per draw.

    Customers whose potential is ``employees x potential_per_employee`` are grouped by
    their employee count (few distinct values): within a group the potential is the
    same per draw, so coverage is a revenue cut again (sorted sums + searchsorted).
    The others (data potential, historical method, or too many distinct employee
    counts) have a fixed potential: a revenue cut again while the potential
    threshold is fixed, else the draws x customers matrix in chunks.
    """
    inactive = (prep.revenue <= 0) & prep.earlier_positive
    always = inactive & a.include_inactive
    # only customers that can be covered in some draw
    rows = always | ((prep.revenue > 0) & (prep.revenue < threshold.max()))
    if a.potential_method == "historical":
        homog = np.zeros_like(rows)
    elif a.potential_method == "data":
        homog = rows & np.isnan(prep.potential_data)
    else:
        homog = rows.copy()
    keys = np.where(np.isnan(prep.employees), -1.0, prep.employees)
    groups = np.unique(keys[homog])
    if groups.size > _MAX_GROUPS:
        homog[:] = False
        groups = groups[:0]
    if "potential_threshold" in values:
        sums = _sums_matrix(prep, a, values, threshold, rows & ~homog, always)
    else:  # a fixed potential against a fixed potential threshold: a revenue cut
        sums = _sums_sorted(prep, a, threshold, rows & ~homog)
    for key in groups:
        sums += _sums_group(prep, a, values, threshold, homog & (keys == key), always, key)
    return sums


def _sums_group(prep, a: Assumptions, values, threshold: np.ndarray, rows: np.ndarray, always: np.ndarray,
                key: float) -> np.ndarray:
    """Covered sums of customers with the same homogeneous potential q per draw.

    p_i = max(q, r_i) < pthr  <=>  q < pthr and r_i < pthr, so a candidate is covered
    iff q < pthr and r_i < min(threshold, pthr); the potential sum over the covered
    is q * #(r_i < q) + sum of r_i >= q.
    """
    draws = threshold.shape[0]

    def v(name):
        return np.broadcast_to(np.asarray(values[name] if name in values else getattr(a, name), float), (draws,))

    employees = v("employees_default") if key < 0 else key
    q = employees * v("potential_per_employee")
    pthr = v("potential_threshold")
    r_all, cmd_all, nod_all = _weights(prep, a)
    out = np.zeros((draws, _COLS))

    fix = rows & always  # inactive, covered anyway; r = 0 and p = q
    if fix.any():
        out[:, _V] += prep.visits[fix].sum()
        out[:, _O] += prep.orders_12m[fix].sum()
        out[:, _N] += np.count_nonzero(fix)
        out[:, _U] += q * np.count_nonzero(fix)
        out[:, _CMD_U] += q * cmd_all[fix].sum()
        out[:, _NOD_U] += q * nod_all[fix].sum()

    cand = rows & ~always
    if cand.any():
        order = np.argsort(prep.revenue[cand], kind="stable")
        rev = prep.revenue[cand][order]
        r, cmd, nod = r_all[cand][order], cmd_all[cand][order], nod_all[cand][order]
        cols = np.column_stack([r, cmd * r, nod * r, prep.visits[cand][order], np.ones_like(r), cmd, nod,
                                prep.orders_12m[cand][order]])
        cum = np.vstack([np.zeros((1, 8)), np.cumsum(cols, axis=0)])
        ok = (q < pthr).astype(float)
        k = np.searchsorted(rev, np.minimum(threshold, pthr), side="left")
        j = np.minimum(np.searchsorted(rev, q, side="left"), k)  # covered with r_i < q: p_i = q
        ck, cj = cum[k], cum[j]
        out[:, _R] += ok * ck[:, 0]
        out[:, _CMD_R] += ok * ck[:, 1]
        out[:, _NOD_R] += ok * ck[:, 2]
        out[:, _V] += ok * ck[:, 3]
        out[:, _N] += ok * ck[:, 4]
        out[:, _O] += ok * ck[:, 7]
        # untapped = sum p - sum r, sum p = q * (count below q) + sum of r at or above q
        out[:, _U] += ok * (q * cj[:, 4] + (ck[:, 0] - cj[:, 0]) - ck[:, 0])
        out[:, _CMD_U] += ok * (q * cj[:, 5] + (ck[:, 1] - cj[:, 1]) - ck[:, 1])
        out[:, _NOD_U] += ok * (q * cj[:, 6] + (ck[:, 2] - cj[:, 2]) - ck[:, 2])
    return out


def _sums_matrix(prep, a: Assumptions, values: Mapping[str, np.ndarray], threshold: np.ndarray,
                 rows: np.ndarray, always: np.ndarray) -> np.ndarray:
    """Covered sums of ``rows`` when the potential varies per draw: draws x customers, in chunks."""
    draws = threshold.shape[0]

    def v(name):
        return values[name][:, None] if name in values else getattr(a, name)

    r_all, cmd_all, nod_all = _weights(prep, a)
    r, cmd, nod = r_all[rows], cmd_all[rows], nod_all[rows]
    rev, always = prep.revenue[rows], always[rows]
    employees, pdata = prep.employees[rows], prep.potential_data[rows]
    visits, orders = prep.visits[rows], prep.orders_12m[rows]
    m = r.size
    out = np.zeros((draws, _COLS))
    if m == 0:
        return out
    lin = np.column_stack([r, cmd * r, nod * r, visits, np.ones(m), orders])  # sums linear in the mask
    pw = np.column_stack([cmd, nod, np.ones(m)])  # weights of the potential
    chunk = max(1, _MATRIX_CELLS // m)
    method = a.potential_method
    for start in range(0, draws, chunk):  # loop over chunks of draws only
        sl = slice(start, min(start + chunk, draws))

        def cv(name, sl=sl):
            x = v(name)
            return x[sl] if isinstance(x, np.ndarray) else x

        if method == "historical":
            p = np.broadcast_to(np.maximum(prep.revenue_max[rows], rev), (sl.stop - sl.start, m))
        else:
            homog = np.where(np.isnan(employees), cv("employees_default"), employees) * cv("potential_per_employee")
            base = homog if method == "homogeneous" else np.where(np.isnan(pdata), homog, pdata)
            p = np.maximum(base, rev)
            p = np.broadcast_to(p, (sl.stop - sl.start, m))
        covered = (rev < threshold[sl, None]) & (p < cv("potential_threshold"))
        covered |= always
        mask = covered.astype(float)
        s_lin = mask @ lin  # r, cmd r, nod r, visits, n
        s_pot = (mask * p) @ pw  # cmd p, nod p, p
        block = out[sl]
        block[:, _R] = s_lin[:, 0]
        block[:, _U] = s_pot[:, 2] - s_lin[:, 0]
        block[:, _CMD_R] = s_lin[:, 1]
        block[:, _CMD_U] = s_pot[:, 0] - s_lin[:, 1]
        block[:, _NOD_R] = s_lin[:, 2]
        block[:, _NOD_U] = s_pot[:, 1] - s_lin[:, 2]
        block[:, _V] = s_lin[:, 3]
        block[:, _N] = s_lin[:, 4]
        block[:, _O] = s_lin[:, 5]
    return out


#: The assumptions a consultant is least sure of before the team exists.
DEFAULT_UNCERTAIN = (
    "capture_rate",
    "churn_program",
    "churn_baseline",
    "ramp_year1",
    "inside_rep_annual_cost",
    "accounts_per_rep",
)


def default_ranges(assumptions: Assumptions, names=DEFAULT_UNCERTAIN) -> dict[str, TriangularRange]:
    """Triangular ranges around the scenario: the usual range, most likely = the scenario's value.

    The usual range comes from :data:`calc.sensitivity.USUAL_RANGES`; where the
    scenario's value lies outside it, the range is widened to include it.

    Examples
    --------
    >>> r = default_ranges(Assumptions())["capture_rate"]
    >>> (r.low, r.mode, r.high)
    (0.02, 0.03, 0.05)
    """
    from .sensitivity import USUAL_RANGES

    out = {}
    for name in names:
        low, high = USUAL_RANGES[name]
        mode = float(getattr(assumptions, name))
        out[name] = TriangularRange(min(low, mode), mode, max(high, mode))
    return out
