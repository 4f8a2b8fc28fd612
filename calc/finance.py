"""Financial measures of a yearly cash-flow series.

Sign convention (stated once): a cash flow is money *into* the company in EUR;
outlays are negative.  ``cash_flows[0]`` is the one-off at the start (t = 0), and
``cash_flows[t]`` the net cash of year t, received at the end of that year.
Rates are fractions per year.  Results that do not exist are ``None``, never NaN.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["npv", "irr", "roi", "payback_months"]


def npv(rate: float, cash_flows: Sequence[float]) -> float:
    r"""Net present value of yearly cash flows, the first one at t = 0.

    .. math:: NPV = \sum_{t=0}^{H} \frac{c_t}{(1 + rate)^t}

    Equals ``numpy_financial.npv(rate, cash_flows)``.

    Parameters
    ----------
    rate
        Discount rate per year as a fraction (0.08 = 8 %); greater than -1.
    cash_flows
        EUR, ``cash_flows[0]`` at t = 0.

    Examples
    --------
    >>> round(npv(0.08, [-100.0, 60.0, 60.0]), 2)
    7.0
    """
    values = np.asarray(cash_flows, dtype=float)
    t = np.arange(values.size)
    return float(np.sum(values / (1.0 + rate) ** t))


def irr(cash_flows: Sequence[float]) -> float | None:
    r"""Internal rate of return: the rate at which the NPV is zero.

    Solves :math:`\sum_t c_t x^t = 0` for :math:`x = 1/(1+irr)` by the roots of the
    polynomial, keeps the real roots with :math:`x > 0` and returns the rate closest
    to zero, exactly as ``numpy_financial.irr`` does.  ``None`` where the cash never
    turns positive, never is negative, or no real rate exists.

    Examples
    --------
    >>> round(irr([-100.0, 39.0, 59.0, 55.0, 20.0]), 5)
    0.28095
    >>> irr([-100.0, -10.0]) is None
    True
    """
    values = np.asarray(cash_flows, dtype=float)
    if not (np.any(values > 0) and np.any(values < 0)):
        return None
    try:
        with np.errstate(all="ignore"):
            roots = np.roots(values[::-1])
    except np.linalg.LinAlgError:  # degenerate polynomial (e.g. subnormal coefficients)
        return None
    mask = (roots.imag == 0) & (roots.real > 0)
    if not mask.any():
        return None
    rates = 1.0 / roots[mask].real - 1.0
    return float(rates[np.argmin(np.abs(rates))])


def roi(benefits_eur: float, costs_eur: float) -> float | None:
    r"""Return on investment over the horizon.

    .. math:: ROI = \frac{\sum_{t \ge 1} benefit_t}{setup + H \cdot team\_cost} - 1

    ``None`` where there is no cost.

    Examples
    --------
    >>> roi(150.0, 100.0)
    0.5
    >>> roi(10.0, 0.0) is None
    True
    """
    if costs_eur <= 0:
        return None
    return benefits_eur / costs_eur - 1.0


def payback_months(cash_flows: Sequence[float]) -> float | None:
    r"""Months until the cumulative cash first reaches zero, linear within the year.

    For the first year t with :math:`cum(t) \ge 0` (and :math:`cum(t-1) < 0`):

    .. math:: payback = \left((t - 1) + \frac{-cum(t-1)}{c_t}\right) \cdot 12

    0 when the cumulative cash is not negative at t = 0; ``None`` when it stays
    negative over the whole horizon.

    Examples
    --------
    >>> payback_months([-100.0, 50.0, 100.0])
    18.0
    >>> payback_months([-100.0, 10.0]) is None
    True
    """
    values = np.asarray(cash_flows, dtype=float)
    cumulative = np.cumsum(values)
    if cumulative[0] >= 0:
        return 0.0
    reached = np.nonzero(cumulative[1:] >= 0)[0]
    if reached.size == 0:
        return None
    t = int(reached[0]) + 1
    return float(((t - 1) + (-cumulative[t - 1]) / values[t]) * 12.0)
