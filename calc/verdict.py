"""The answer in one line: does the case pay off within the horizon, and what carries it.

:func:`verdict` reads a :class:`~calc.model.ModelResult` and states what the first
screen says before any figure: whether the better variant (own team or provider) has
a positive NPV within the horizon, whether the IRR is too high to be a headline
figure, and whether the freed field visits carry the case.  Pure arithmetic on the
model's year table, no new model run.

>>> import pandas as pd
>>> from calc import Assumptions, compute
>>> data = pd.DataFrame({"customer_id": [str(i) for i in range(400)], "revenue": 3000.0})
>>> result = compute(data, Assumptions(capture_rate=0.0, freed_visit_value_share=0.0))
>>> verdict(result.internal, result.external).pays_off  # no benefit at all: only costs
False
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .finance import payback_months
from .model import BusinessCase

__all__ = ["IRR_HEADLINE_CAP", "FREED_SHARE_NOTE", "PAYBACK_RATIO_NOTE", "Verdict", "verdict", "freed_visits_share"]

#: An IRR above this (100 %) is not shown as a headline figure: NPV and payback say more.
IRR_HEADLINE_CAP = 1.0
#: The freed visits "carry" the case when their share of the benefit is above this ...
FREED_SHARE_NOTE = 0.5
#: ... or when the payback without them is at least this many times as long (or beyond the horizon).
PAYBACK_RATIO_NOTE = 2.0


@dataclass(frozen=True)
class Verdict:
    """What the first screen says in one line.

    Attributes
    ----------
    pays_off
        The better variant's NPV is positive within the horizon.
    variant
        The better variant by NPV: ``"internal"`` or ``"external"`` (a tie goes to the own team).
    npv_eur, payback_months
        The better variant's NPV and payback (None: no payback within the horizon).
    internal_npv_eur, external_npv_eur
        Both variants' NPVs.
    horizon_years
        The horizon of the case.
    irr
        The own team's IRR (None where there is none).
    irr_above_cap
        The IRR is above :data:`IRR_HEADLINE_CAP`: say "above 100 %", point to NPV and payback.
    freed_share
        The freed visits' share of the own team's benefit over the horizon (None where the benefit is not
        positive).
    payback_without_freed_months
        The own team's payback with the freed visits valued at 0 (None: none within the horizon).
    freed_visits_carry
        The freed visits carry the case: more than :data:`FREED_SHARE_NOTE` of the benefit, or the payback
        without them at least :data:`PAYBACK_RATIO_NOTE` times as long or beyond the horizon.
    """

    pays_off: bool
    variant: str
    npv_eur: float
    payback_months: float | None
    internal_npv_eur: float
    external_npv_eur: float
    horizon_years: int
    irr: float | None
    irr_above_cap: bool
    freed_share: float | None
    payback_without_freed_months: float | None
    freed_visits_carry: bool


def freed_visits_share(case: BusinessCase) -> float | None:
    r"""The freed field visits' share of the benefit over the horizon (years 1..H, undiscounted).

    .. math:: share = \frac{\sum_t freed_t}{\sum_t (\Delta CM_t + freed_t)}

    The benefit is the ROI's benefit (:func:`calc.finance.roi`); None where it is not positive.

    Examples
    --------
    >>> import pandas as pd
    >>> years = pd.DataFrame({"delta_cm_eur": [0.0, 100.0, 200.0], "freed_visits_eur": [0.0, 300.0, 300.0]})
    >>> freed_visits_share(BusinessCase("internal", 1, 0.0, 0.0, 1.0, years, 0.0, None, None, None))
    0.6666666666666666
    """
    freed = float(np.sum(case.years["freed_visits_eur"].to_numpy(dtype=float)[1:]))
    benefit = freed + float(np.sum(case.years["delta_cm_eur"].to_numpy(dtype=float)[1:]))
    if not (math.isfinite(benefit) and benefit > 0):
        return None
    return freed / benefit


def _payback_without_freed(case: BusinessCase) -> float | None:
    cash = case.years["cash_flow_eur"].to_numpy(dtype=float) - case.years["freed_visits_eur"].to_numpy(dtype=float)
    return payback_months(cash.tolist())


def verdict(internal: BusinessCase, external: BusinessCase) -> Verdict:
    r"""The one-line answer for the own team's and the provider's case (:class:`~calc.model.ModelResult`'s
    ``internal`` and ``external``).

    Notes
    -----
    * pays off: :math:`\max(NPV_{internal}, NPV_{external}) > 0`; the better variant is the one with the
      higher NPV, a tie going to the own team (as :class:`~calc.model.MakeOrBuy`).
    * the freed visits carry the case when :func:`freed_visits_share` :math:`> 0.5`, or when the own
      team's payback without them (cash flow minus freed visits, the same as
      ``freed_visit_value_share = 0``) is at least twice as long or beyond the horizon while it is
      within it with them.

    """
    variant = "internal" if internal.npv_eur >= external.npv_eur else "external"
    best = internal if variant == "internal" else external
    irr = internal.irr
    share = freed_visits_share(internal)
    with_freed = internal.payback_months
    without = _payback_without_freed(internal)
    carry = share is not None and share > FREED_SHARE_NOTE
    if with_freed is not None and with_freed > 0 and internal.years["freed_visits_eur"].sum() > 0:
        carry = carry or without is None or without >= PAYBACK_RATIO_NOTE * with_freed
    return Verdict(
        pays_off=bool(max(internal.npv_eur, external.npv_eur) > 0),
        variant=variant,
        npv_eur=float(best.npv_eur),
        payback_months=best.payback_months,
        internal_npv_eur=float(internal.npv_eur),
        external_npv_eur=float(external.npv_eur),
        horizon_years=len(internal.years) - 1,
        irr=irr,
        irr_above_cap=irr is not None and irr > IRR_HEADLINE_CAP,
        freed_share=share,
        payback_without_freed_months=without,
        freed_visits_carry=bool(carry),
    )
