"""Sensitivity of the internal NPV: tornado chart data and break-even values.

Both functions move one assumption at a time and recompute the internal NPV
exactly as :func:`~calc.model.compute` does.  Assumptions that do not change which
customers are covered (capture, churn, ramp, costs, discount rate ...) reuse the
covered-customer sums (:func:`~calc.model.coverage`) and only re-evaluate the
business case; the others (:data:`SEGMENTATION_NAMES`) re-segment the customers.

>>> import pandas as pd
>>> data = pd.DataFrame({"customer_id": [str(i) for i in range(400)], "revenue": 3000.0})
>>> be = break_even(data, Assumptions(), "capture_rate")
>>> be.found, round(be.value, 4)
(True, 0.0099)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from .assumptions import SPECS, Assumptions, label_msg, names_of_stage, range_msg
from .errors import AssumptionError, Msg
from .levers import min_order_value
from .model import Coverage, Prepared, coverage, evaluate, field_cost, prepare

__all__ = ["USUAL_RANGES", "SEGMENTATION_NAMES", "BreakEven", "tornado", "break_even", "derived_value"]

#: The range over which a consultant usually moves each key assumption (low, high):
#: the ``usual`` range of its :class:`~calc.assumptions.AssumptionSpec`.
USUAL_RANGES: dict[str, tuple[float, float]] = {
    name: spec.usual for name, spec in SPECS.items() if spec.usual is not None
}

#: Assumptions that change the field cost, the segmentation, the potential or the
#: margins of the covered customers (every stage before the business case); the
#: others act only through the business-case formula (spec steps 3-4).
SEGMENTATION_NAMES = frozenset(names_of_stage("threshold", "potential", "margin"))

_JUMP_EUR = 1.0  # an NPV step larger than this at the crossing is reported as a jump


@dataclass(frozen=True)
class BreakEven:
    """The value of one assumption at which the internal NPV is zero.

    Attributes
    ----------
    name
        The assumption.
    value
        The crossing (``nan`` when not found).  For whole-number assumptions
        (``accounts_per_rep``) the fractional crossing, interpolated linearly
        between the two neighbouring whole numbers.
    found
        False when the NPV has the same sign at both ends of the range.
    npv_at_lower, npv_at_upper
        Internal NPV (EUR) at the ends of the searched range.
    message
        One sentence for the user.
    lower, upper
        The searched range.
    integer_value
        Whole-number assumptions only: the smallest (NPV rising with the value) or
        largest (NPV falling) whole number at which NPV >= 0; else ``None``.
    """

    name: str
    value: float
    found: bool
    npv_at_lower: float
    npv_at_upper: float
    message: str
    lower: float = math.nan
    upper: float = math.nan
    integer_value: int | None = None


class _NpvOf:
    """Internal NPV as a function of one assumption, the rest fixed."""

    def __init__(self, customers: pd.DataFrame, assumptions: Assumptions, name: str, *,
                 orders: pd.DataFrame | None = None) -> None:
        self.prep: Prepared = prepare(customers, orders=orders)
        self.base = assumptions
        self.name = name
        self._cov: Coverage | None = None
        if name not in SEGMENTATION_NAMES:
            self._cov = coverage(self.prep, assumptions)

    def __call__(self, value: float) -> float:
        a = self.base.replace(**{self.name: value})
        cov = self._cov if self._cov is not None else coverage(self.prep, a)
        return float(evaluate(cov, a)[1].npv_eur)


def _numeric_spec(name: str):
    if name not in SPECS:
        raise AssumptionError(key="err_unknown_assumption", values={"name": name, "names": ", ".join(SPECS)}, name=name)
    spec = SPECS[name]
    if spec.kind in ("choice", "bool"):
        raise AssumptionError(
            key="err_sens_not_numeric", values={"name": name, "label": label_msg(name)},
            name=name,
        )
    return spec


def _base_value(a: Assumptions, name: str) -> float:
    value = getattr(a, name)
    if value is None:  # a derived override: start from the derived value
        value = derived_value(a, name)
    return float(value)


def derived_value(a: Assumptions, name: str) -> float:
    """The value an override (``cost_per_visit``, ``revenue_threshold``, ``min_order_value``) has when empty.

    >>> derived_value(Assumptions(), "min_order_value"), derived_value(Assumptions(), "cost_per_visit")
    (100.0, 137.5)
    """
    if name == "min_order_value":  # levers.md: the order whose margin just pays its handling
        return min_order_value(cost_per_order=a.cost_per_order, cm_rate=a.cm_rate)
    fc = field_cost(a.replace(**{name: None}))
    if name == "cost_per_visit":
        return fc.cost_per_visit_eur
    if name == "revenue_threshold":
        return fc.revenue_threshold_eur
    raise AssumptionError(key="err_not_derived", values={"name": name}, name=name)


def _moved_range(a: Assumptions, name: str, relative: float) -> tuple[float, float]:
    spec = _numeric_spec(name)
    if name in USUAL_RANGES:
        low, high = USUAL_RANGES[name]
    else:
        base = _base_value(a, name)
        low, high = base * (1.0 - relative), base * (1.0 + relative)
        low, high = min(low, high), max(low, high)
    if spec.minimum is not None:
        low, high = max(low, spec.minimum), max(high, spec.minimum)
    if spec.maximum is not None:
        low, high = min(low, spec.maximum), min(high, spec.maximum)
    if spec.integer:
        low, high = int(round(low)), int(round(high))
    return low, high


def tornado(
    customers: pd.DataFrame,
    assumptions: Assumptions,
    *,
    names: Iterable[str] | None = None,
    relative: float = 0.2,
    orders: pd.DataFrame | None = None,
) -> pd.DataFrame:
    r"""Internal NPV with each assumption at the low and high end of its range.

    Each assumption in ``names`` (default: the keys of :data:`USUAL_RANGES`) is set
    to the ends of its usual range (:data:`USUAL_RANGES`), or else to
    :math:`base \cdot (1 \pm relative)` clipped to its valid range (whole numbers
    rounded), all others staying at ``assumptions``:

    .. math:: swing = |NPV(high) - NPV(low)|

    Parameters
    ----------
    customers
        Canonical customer table.
    assumptions
        The scenario around which to move.
    names
        Numeric assumption names.
    relative
        Relative move (0.2 = +/- 20 %) for assumptions without a usual range; > 0.
    orders
        Optional order-level data of a transaction log (as for :func:`calc.model.compute`).

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``low_value``, ``high_value``, ``npv_low_eur``,
        ``npv_high_eur``, ``swing_eur``, ``base_npv_eur``; sorted by swing, largest first.

    Raises
    ------
    AssumptionError
        For an unknown or non-numeric name, or ``relative <= 0``.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"customer_id": [str(i) for i in range(400)], "revenue": 3000.0})
    >>> t = tornado(data, Assumptions(), names=["setup_cost", "capture_rate"])
    >>> t["name"].tolist(), t.loc[t.name == "setup_cost", "swing_eur"].item()
    (['capture_rate', 'setup_cost'], 60000.0)
    """
    if not (isinstance(relative, (int, float)) and math.isfinite(relative) and relative > 0):
        raise AssumptionError(key="err_sens_relative", values={"value": repr(relative)})
    names = list(USUAL_RANGES) if names is None else list(names)
    ranges = {name: _moved_range(assumptions, name, relative) for name in names}
    prep = prepare(customers, orders=orders)
    base_cov = coverage(prep, assumptions)
    base_npv = float(evaluate(base_cov, assumptions)[1].npv_eur)

    def npv_at(name: str, value: float) -> float:
        a = assumptions.replace(**{name: value})
        cov = coverage(prep, a) if name in SEGMENTATION_NAMES else base_cov
        return float(evaluate(cov, a)[1].npv_eur)

    rows = []
    for name, (low, high) in ranges.items():
        npv_low, npv_high = npv_at(name, low), npv_at(name, high)
        rows.append(
            {
                "name": name,
                "low_value": low,
                "high_value": high,
                "npv_low_eur": npv_low,
                "npv_high_eur": npv_high,
                "swing_eur": abs(npv_high - npv_low),
                "base_npv_eur": base_npv,
            }
        )
    columns = ["name", "low_value", "high_value", "npv_low_eur", "npv_high_eur", "swing_eur", "base_npv_eur"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["low_value"] = frame["low_value"].astype(float)
    frame["high_value"] = frame["high_value"].astype(float)
    return frame.sort_values("swing_eur", ascending=False, kind="stable").reset_index(drop=True)


def break_even(
    customers: pd.DataFrame,
    assumptions: Assumptions,
    name: str,
    *,
    lower: float | None = None,
    upper: float | None = None,
    orders: pd.DataFrame | None = None,
) -> BreakEven:
    r"""The value of assumption ``name`` at which the internal NPV is zero.

    Solves :math:`NPV(x) = 0` for :math:`x \in [lower, upper]` (default: the
    assumption's valid range) by bisection, all other assumptions as given.  The
    NPV must change sign between the ends; a function that is monotone there
    (capture rate rising, churn with the team falling, accounts per rep rising)
    has exactly one crossing.  Whole-number assumptions are bisected over whole
    numbers: ``integer_value`` is the smallest (or largest) whole number with
    NPV >= 0 and ``value`` the crossing interpolated between neighbours.  Where the
    covered segment changes at the crossing (threshold-related assumptions) the NPV
    jumps; ``value`` is then the jump and the message says so.

    Returns
    -------
    BreakEven
        ``found=False`` with a message when the NPV has the same sign at both ends.

    Raises
    ------
    AssumptionError
        Unknown or non-numeric name, a bound outside the valid range, or
        ``lower >= upper``.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"customer_id": [str(i) for i in range(400)], "revenue": 3000.0})
    >>> be = break_even(data, Assumptions(), "setup_cost")
    >>> be.found, round(be.value)
    (True, 472056)
    >>> break_even(data, Assumptions(), "capture_rate", upper=0.005).message[-30:]
    'never within the range 0-0.005'
    """
    spec = _numeric_spec(name)
    lo = spec.minimum if lower is None else lower
    hi = spec.maximum if upper is None else upper
    for label, bound in (("lower", lo), ("upper", hi)):
        if bound is None or not math.isfinite(bound):
            raise AssumptionError(key="err_be_bound_missing", values={"name": name, "bound": Msg("err_bound_" + label)},
                                  name=name)
        if (spec.minimum is not None and bound < spec.minimum) or (spec.maximum is not None and bound > spec.maximum):
            raise AssumptionError(
                key="err_be_bound_outside", values={"name": name, "bound": Msg("err_bound_" + label), "value": bound,
                                                    "range": range_msg(spec)},
                name=name,
            )
    if spec.integer:
        lo, hi = math.ceil(lo), math.floor(hi)
    if not lo < hi:
        raise AssumptionError(
            key="err_be_order", values={"name": name, "lower": lo, "upper": hi}, name=name
        )
    f = _NpvOf(customers, assumptions, name, orders=orders)
    f_lo, f_hi = f(lo), f(hi)
    where = f"the range {lo:g}-{hi:g}"
    common = dict(name=name, npv_at_lower=f_lo, npv_at_upper=f_hi, lower=float(lo), upper=float(hi))
    if f_lo == 0.0 or f_hi == 0.0:
        at = lo if f_lo == 0.0 else hi
        return BreakEven(value=float(at), found=True, integer_value=int(at) if spec.integer else None,
                         message=f"the internal NPV is 0 at {name} = {at:g}", **common)
    if (f_lo > 0) == (f_hi > 0):
        sign = "positive" if f_lo > 0 else "negative"
        return BreakEven(
            value=math.nan, found=False,
            message=(f"the internal NPV is {sign} at both ends ({f_lo:,.0f} EUR at {lo:g}, "
                     f"{f_hi:,.0f} EUR at {hi:g}): break-even of {name} never within {where}"),
            **common,
        )
    if spec.integer:
        a, b, fa, fb = _bisect_int(f, int(lo), int(hi), f_lo, f_hi)
        value = a + (0.0 - fa) * (b - a) / (fb - fa)
        rising = fb > fa
        best = b if rising else a
        way = "upwards" if rising else "downwards"
        return BreakEven(
            value=float(value), found=True, integer_value=int(best),
            message=(f"the internal NPV is >= 0 from {name} = {best} {way} "
                     f"(crossing at {value:.2f}; {f_lo:,.0f} EUR at {lo:g}, {f_hi:,.0f} EUR at {hi:g})"),
            **common,
        )
    a, b, fa, fb = _bisect(f, float(lo), float(hi), f_lo, f_hi)
    value = a - fa * (b - a) / (fb - fa) if fb != fa else 0.5 * (a + b)
    value = min(max(value, a), b)
    if abs(fb - fa) > _JUMP_EUR:
        message = (f"the internal NPV jumps from {fa:,.0f} to {fb:,.0f} EUR at {name} = {value:g} "
                   "(customers enter or leave the covered segment there)")
    else:
        message = f"the internal NPV is 0 at {name} = {value:g}"
    return BreakEven(value=float(value), found=True, message=message, **common)


def _bisect(f: Callable[[float], float], a: float, b: float, fa: float, fb: float):
    """Shrink [a, b] with f(a), f(b) of opposite sign until it is as small as floats allow."""
    for _ in range(200):
        mid = 0.5 * (a + b)
        if not a < mid < b:
            break
        fm = f(mid)
        if fm == 0.0:
            return mid, mid, 0.0, 0.0
        if (fm > 0) == (fa > 0):
            a, fa = mid, fm
        else:
            b, fb = mid, fm
        if abs(fb - fa) < 1e-6 and b - a < 1e-9 * max(1.0, abs(a), abs(b)):
            break
    return a, b, fa, fb


def _bisect_int(f: Callable[[float], float], a: int, b: int, fa: float, fb: float):
    """Bisection over whole numbers until a and b are neighbours."""
    while b - a > 1:
        mid = (a + b) // 2
        fm = f(mid)
        if (fm >= 0) == (fa >= 0):
            a, fa = mid, fm
        else:
            b, fb = mid, fm
    return a, b, fa, fb

