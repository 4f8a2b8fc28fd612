"""calc: the pure calculation package of the small-customer business case.

No Streamlit here.  One call, :func:`compute`, goes from a canonical customer table
and :class:`Assumptions` to a frozen :class:`ModelResult`; the app, the CLI
(``python -m calc``) and the exports all read that object.

Conventions: money in EUR (per year unless the name says otherwise), rates as
fractions, units in names (``_eur``, ``_months``); results that do not exist
(an IRR with no sign change, a payback beyond the horizon) are ``None``.
"""

from .assumptions import SPECS, Assumptions, AssumptionSpec
from .errors import AssumptionError, CalcError, DataError, PlanError, ScenarioError
from .finance import irr, npv, payback_months, roi
from .model import SEGMENTS, ModelResult, compute, customer_revenue, field_cost
from .tracking import Plan, TrackingResult, make_plan, track

__all__ = [
    "SPECS",
    "SEGMENTS",
    "Assumptions",
    "AssumptionSpec",
    "AssumptionError",
    "CalcError",
    "DataError",
    "PlanError",
    "ScenarioError",
    "ModelResult",
    "compute",
    "customer_revenue",
    "field_cost",
    "irr",
    "npv",
    "payback_months",
    "roi",
    "Plan",
    "TrackingResult",
    "make_plan",
    "track",
]
