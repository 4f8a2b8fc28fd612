"""One year later: the approved plan against the actual year (spec ``tracking.md``, model step 5).

Two steps:

1. :func:`make_plan` freezes the approved plan from a :class:`~calc.model.ModelResult`:
   the full assumptions, ``data_year`` (the latest revenue year of the data), the team
   (reps, annual cost of the own team), the plan's cash flows and, per covered
   customer, ``customer_id``, ``segment``, ``r0_eur`` = max(current revenue, 0),
   ``potential_eur``, ``cm_rate`` (cm_i), ``inside_rep`` (from
   :func:`calc.assign.assign_reps`), ``field_rep`` (the data's ``field_rep``, else
   None) and the plan's year-1 figures ``baseline_1_eur`` = baseline_i(1) and
   ``program_1_eur`` = program_i(1) (:func:`calc.model.customer_revenue`, t = 1).
   :meth:`Plan.to_json` / :meth:`Plan.from_json` write and read it as versioned JSON
   (``"format": "smart-accounts-plan"``, ``"version": 1``).
2. :func:`track` reads the later data with the plan's assumptions and returns a
   :class:`TrackingResult`; :meth:`TrackingResult.to_dict` is the spec's JSON object.

Definitions (sums run over the plan's covered customers):

* r1_i = max(latest revenue of the customer in the new data, 0), and 0 where the
  customer is missing from the new data (a missing customer is lost).  Negative
  revenue (credit notes) counts as 0, like r0 and the business case.
* cm_i, baseline_i(1), program_i(1) and the team cost are the plan's.
* The new data is segmented with the plan's assumptions (or the ``assumptions``
  passed to :func:`track`); that gives the re-clustering and the key accounts'
  margin.

The six checks of the method, each a :class:`Check` with a verdict ``met``,
``not_met`` or ``cannot_tell`` and a reason in English and German:

===============  =========================================================  ==================================
check            target (met when ...)                                      cannot tell when ...
===============  =========================================================  ==================================
qualified        qualified_share >= :data:`QUALIFIED_TARGET` (80 %): the    the plan covers no customer
                 team has assessed a potential (> 0) for at least 80 % of
                 the covered customers
churn            churn actual <= the plan's ``churn_program`` (the          no covered customer had
                 market-normal rate the plan assumed)                       revenue in the plan year
reclustered      the re-clustering was done: the covered customers now in   no covered customer is in the
                 ``key`` or ``potential`` are listed for field sales         new data
                 (an empty list is a result too)
revenue          revenue has grown as planned, at a better margin than      revenue met but no margin to
                 key-account business: sum r1 >= sum program_i(1) and       compare (no key accounts left, or
                 group_cm_rate >= key_cm_rate                               no group revenue); no covered
                                                                            customer
market_share     share in the segment > overall market share (strictly)     either market volume is missing;
                                                                            no covered customer
payback          recovered = added_cm / team_cost >= 1                      the team costs nothing (no reps)
===============  =========================================================  ==================================

Market volumes are inputs of :func:`track`, not assumptions: they are not part of
the business case.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from .assumptions import Assumptions
from .errors import AssumptionError, DataError, Msg, PlanError
from .model import ModelResult, compute, customer_revenue

__all__ = [
    "PLAN_FORMAT",
    "PLAN_VERSION",
    "PLAN_COLUMNS",
    "QUALIFIED_TARGET",
    "CHECKS",
    "CHECK_LABELS",
    "VERDICTS",
    "Plan",
    "Check",
    "TrackingResult",
    "make_plan",
    "track",
]

PLAN_FORMAT = "smart-accounts-plan"
PLAN_VERSION = 1
QUALIFIED_TARGET = 0.80
PLAN_COLUMNS = (
    "customer_id", "segment", "r0_eur", "potential_eur", "cm_rate",
    "inside_rep", "field_rep", "baseline_1_eur", "program_1_eur",
)
_NUMBER_COLUMNS = ("r0_eur", "potential_eur", "cm_rate", "baseline_1_eur", "program_1_eur")
CHECKS = ("qualified", "churn", "reclustered", "revenue", "market_share", "payback")
CHECK_LABELS = {
    "qualified": ("Customers qualified, data complete", "Kunden qualifiziert, Daten vollständig"),
    "churn": ("Churn down to a market-normal rate", "Kundenverlust auf marktüblichem Niveau"),
    "reclustered": ("Group re-clustered: who needs field care", "Gruppe neu segmentiert: wer braucht Außendienst"),
    "revenue": ("Revenue grown, at a better margin than key accounts",
                "Umsatz gewachsen, mit besserem DB als bei Schlüsselkunden"),
    "market_share": ("Market share in the segment above the overall share",
                     "Marktanteil im Segment über dem Gesamtmarktanteil"),
    "payback": ("Added contribution has paid the team", "Zusätzlicher DB hat das Team bezahlt"),
}
VERDICTS = ("met", "not_met", "cannot_tell")
Verdict = Literal["met", "not_met", "cannot_tell"]


# ---------------------------------------------------------------------------------
# the plan
# ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """The approved plan: what the team was set up to achieve (see the module docstring).

    ``customers`` has the columns :data:`PLAN_COLUMNS`, one row per covered
    customer; ``inside_rep`` and ``field_rep`` are None where unknown.
    """

    assumptions: Assumptions
    data_year: int
    reps: int
    team_cost_eur: float
    cash_flows_eur: tuple[float, ...]
    customers: pd.DataFrame = field(repr=False)
    source: str | None = None

    @property
    def covered(self) -> int:
        """Number of covered customers."""
        return len(self.customers)

    def to_json(self) -> str:
        """The plan file: versioned JSON, one covered customer per line."""
        head = {
            "format": PLAN_FORMAT,
            "version": PLAN_VERSION,
            "source": self.source,
            "data_year": int(self.data_year),
            "assumptions": self.assumptions.to_dict(),
            "team": {"reps": int(self.reps), "annual_cost_eur": float(self.team_cost_eur)},
            "cash_flows_eur": [float(x) for x in self.cash_flows_eur],
        }
        text = json.dumps(head, indent=2, ensure_ascii=False)
        rows = []
        for rec in self.customers.loc[:, list(PLAN_COLUMNS)].itertuples(index=False):
            row = {
                "customer_id": str(rec.customer_id),
                "segment": str(rec.segment),
                **{c: float(getattr(rec, c)) for c in _NUMBER_COLUMNS},
                "inside_rep": _text_or_none(rec.inside_rep),
                "field_rep": _text_or_none(rec.field_rep),
            }
            rows.append("    " + json.dumps({c: row[c] for c in PLAN_COLUMNS}, ensure_ascii=False))
        body = ',\n  "customers": [\n' + ",\n".join(rows) + "\n  ]\n}" if rows else ',\n  "customers": []\n}'
        return text[: text.rfind("\n}")] + body + "\n"

    @classmethod
    def from_json(cls, text: str | bytes, *, source: str | None = None) -> Plan:
        """Read a plan file written by :meth:`to_json`.

        Raises
        ------
        PlanError
            If the text is not a plan file, has an unknown version, or a damaged
            entry; the message names the entry and what to do.
        """
        source = source or Msg("err_src_plan")
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise PlanError(key="err_plan_not_utf8", values={"source": source}) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PlanError(key="err_plan_not_json", values={"source": source, "line": str(exc.lineno),
                                                             "column": str(exc.colno)}) from None
        if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
            raise PlanError(key="err_plan_no_format", values={"source": source, "format": PLAN_FORMAT})
        version = data.get("version")
        if version != PLAN_VERSION or isinstance(version, bool):
            raise PlanError(key="err_plan_version", values={"source": source, "version": repr(version),
                                                            "supported": str(PLAN_VERSION)})
        return _plan_from_dict(data, source)


def _text_or_none(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _damaged(source: str, where: str, what: str, **values: object) -> PlanError:
    """``what`` names the defect: ``err_pd_<what>`` in the catalogue, filled with ``values``."""
    return PlanError(key="err_plan_damaged", values={"source": source, "where": where,
                                                     "what": Msg("err_pd_" + what, **values)})


def _plan_from_dict(data: Mapping[str, Any], source: str) -> Plan:
    year = data.get("data_year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise _damaged(source, "'data_year'", "year")
    raw_a = data.get("assumptions")
    if not isinstance(raw_a, dict):
        raise _damaged(source, "'assumptions'", "assumptions")
    try:
        assumptions = Assumptions.from_dict(raw_a)
    except AssumptionError as exc:
        raise _damaged(source, "'assumptions'", "invalid", error=exc) from None
    team = data.get("team")
    if not isinstance(team, dict):
        raise _damaged(source, "'team'", "team")
    reps, cost = team.get("reps"), team.get("annual_cost_eur")
    if not isinstance(reps, int) or isinstance(reps, bool) or reps < 0:
        raise _damaged(source, "'team.reps'", "whole")
    if not _is_number(cost) or cost < 0:
        raise _damaged(source, "'team.annual_cost_eur'", "non_negative")
    cash = data.get("cash_flows_eur", [])
    if not isinstance(cash, list) or not all(_is_number(x) for x in cash):
        raise _damaged(source, "'cash_flows_eur'", "numbers")
    rows = data.get("customers")
    if not isinstance(rows, list):
        raise _damaged(source, "'customers'", "customers")
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise _damaged(source, f"customers[{i}]", "object")
        missing = [c for c in PLAN_COLUMNS if c not in row]
        if missing:
            raise _damaged(source, f"customers[{i}]", "lacks", columns=", ".join(missing))
        if not isinstance(row["customer_id"], str) or not row["customer_id"].strip():
            raise _damaged(source, f"customers[{i}].customer_id", "text")
        for c in _NUMBER_COLUMNS:
            if not _is_number(row[c]):
                raise _damaged(source, f"customers[{i}].{c}", "number")
        for c in ("inside_rep", "field_rep"):
            if row[c] is not None and not isinstance(row[c], str):
                raise _damaged(source, f"customers[{i}].{c}", "text_or_null")
    table = pd.DataFrame(rows, columns=list(PLAN_COLUMNS))
    table = _typed(table)
    dup = table["customer_id"][table["customer_id"].duplicated()]
    if len(dup):
        raise _damaged(source, "'customers'", "twice", customer=repr(dup.iloc[0]))
    src = data.get("source")
    return Plan(
        assumptions=assumptions,
        data_year=int(year),
        reps=int(reps),
        team_cost_eur=float(cost),
        cash_flows_eur=tuple(float(x) for x in cash),
        customers=table,
        source=src if isinstance(src, str) else None,
    )


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "customer_id": table["customer_id"].astype(str).to_numpy(dtype=object),
        "segment": table["segment"].astype(str).to_numpy(dtype=object),
        **{c: table[c].to_numpy(dtype=float) for c in _NUMBER_COLUMNS},
        "inside_rep": pd.Series([_text_or_none(v) for v in table["inside_rep"]], dtype=object),
        "field_rep": pd.Series([_text_or_none(v) for v in table["field_rep"]], dtype=object),
    }, columns=list(PLAN_COLUMNS))
    return out


def make_plan(result: ModelResult, *, assignments: pd.DataFrame | None = None,
              source: str | None = None) -> Plan:
    """Freeze the approved plan from a model result.

    Parameters
    ----------
    result
        ``compute(data, assumptions)`` for the approved scenario.
    assignments
        Covered customers and their inside-sales reps, as
        :func:`calc.assign.assign_reps` returns them (columns ``customer_id`` and
        ``assigned_rep``); default ``assign_reps(result)``.
    source
        A label of the data (e.g. the file name), stored in the plan.

    Returns
    -------
    Plan

    Raises
    ------
    PlanError
        If the data has no revenue year (a single ``revenue`` column), or
        ``assignments`` does not give every covered customer a rep.

    Notes
    -----
    ``r0 = max(r, 0)``; baseline_i(1) and program_i(1) are
    :func:`calc.model.customer_revenue` with t = 1, so their sums equal the
    internal business case's year-1 baseline and programme revenue.

    Examples
    --------
    >>> data = pd.DataFrame({"customer_id": ["1", "2"], "revenue_2025": [1000.0, 20000.0]})
    >>> plan = make_plan(compute(data, Assumptions()))
    >>> plan.data_year, plan.reps, plan.customers[["customer_id", "inside_rep"]].values.tolist()
    (2025, 1, [['1', 'IS-01']])
    """
    from .assign import assign_reps

    if not result.revenue_years:
        raise PlanError(key="err_plan_year_unnamed")
    table = result.customers
    covered = table[table["covered"].to_numpy(dtype=bool)]
    ids = covered["customer_id"].astype(str).to_numpy(dtype=object)
    if assignments is None:
        assignments = assign_reps(result)
    rep_of = dict(zip(assignments["customer_id"].astype(str), assignments["assigned_rep"], strict=True))
    without = [i for i in ids if i not in rep_of]
    if without:
        raise PlanError(key="err_plan_unassigned", values={"customer": repr(without[0]), "count": len(without)})
    r0 = np.maximum(covered["revenue_current_eur"].to_numpy(dtype=float), 0.0)
    p = covered["potential_eur"].to_numpy(dtype=float)
    baseline, program = customer_revenue(r0, p, result.assumptions, year=1)
    field_rep = covered["field_rep"] if "field_rep" in covered.columns else pd.Series([None] * len(covered))
    customers = _typed(pd.DataFrame({
        "customer_id": ids,
        "segment": covered["segment"].astype(str).to_numpy(),
        "r0_eur": r0,
        "potential_eur": p,
        "cm_rate": covered["cm_rate_used"].to_numpy(dtype=float),
        "inside_rep": [rep_of[i] for i in ids],
        "field_rep": list(field_rep),
        "baseline_1_eur": baseline,
        "program_1_eur": program,
    }))
    return Plan(
        assumptions=result.assumptions,
        data_year=int(result.revenue_years[-1]),
        reps=int(result.team.reps),
        team_cost_eur=float(result.team.annual_cost_eur),
        cash_flows_eur=result.internal.cash_flows_eur,
        customers=customers,
        source=source,
    )


# ---------------------------------------------------------------------------------
# tracking
# ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    """One of the six checks: target, actual value and verdict with its reason.

    ``target`` and ``actual`` are the compared figures (see the module docstring;
    for ``reclustered`` the actual is the number of customers re-clustered and
    there is no target; for ``revenue`` they are the revenues, the margin part
    is in the reason).  None where a figure does not exist.
    """

    name: str
    verdict: Verdict
    target: float | None
    actual: float | None
    reason_en: str
    reason_de: str

    def reason(self, lang: str = "en") -> str:
        """The reason in ``"en"`` or ``"de"``."""
        return self.reason_de if lang == "de" else self.reason_en

    def label(self, lang: str = "en") -> str:
        """The check's name in ``"en"`` or ``"de"``."""
        en, de = CHECK_LABELS[self.name]
        return de if lang == "de" else en


@dataclass(frozen=True)
class TrackingResult:
    """The plan against the actual year (spec ``tracking.md``); money in EUR, rates as fractions.

    ``reclustered_customers`` lists the covered customers now in ``key`` or
    ``potential`` (columns ``customer_id``, ``name``, ``segment``, ``revenue_eur``,
    ``inside_rep``, ``field_rep``): the list to hand to field sales.
    ``missing`` counts covered customers absent from the new data (counted as lost).
    ``churned_customers`` lists the covered customers lost (r0 > 0, r1 <= 0; columns
    ``customer_id``, ``name``, ``segment`` (the plan's), ``r0_eur``, ``inside_rep``,
    ``field_rep``, ``missing``): the list for the inside-sales team.
    """

    year: int
    covered: int
    missing: int
    qualified_share: float | None
    churn_actual: float | None
    churn_plan: float
    churn_baseline: float
    to_key: int
    to_potential: int
    reclustered_customers: pd.DataFrame = field(repr=False)
    revenue_actual_eur: float = 0.0
    revenue_plan_eur: float = 0.0
    revenue_baseline_eur: float = 0.0
    growth_actual: float | None = None
    growth_plan: float | None = None
    group_cm_rate: float | None = None
    key_cm_rate: float | None = None
    market_share_segment: float | None = None
    market_share_overall: float | None = None
    added_cm_eur: float = 0.0
    team_cost_eur: float = 0.0
    recovered: float | None = None
    checks: tuple[Check, ...] = ()
    churned_customers: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def check(self, name: str) -> Check:
        """The check called ``name`` (one of :data:`CHECKS`)."""
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self, *, lang: str = "en") -> dict[str, Any]:
        """The spec's JSON object (plain floats, None for null), plus ``missing`` and ``checks``.

        ``reclustered`` also holds ``customers``, the list for field sales.
        """
        recl = [
            {"customer_id": r.customer_id, "name": _text_or_none(r.name), "segment": r.segment,
             "revenue": _r(r.revenue_eur), "inside_rep": _text_or_none(r.inside_rep),
             "field_rep": _text_or_none(r.field_rep)}
            for r in self.reclustered_customers.itertuples(index=False)
        ]
        return {
            "year": int(self.year),
            "covered": int(self.covered),
            "missing": int(self.missing),
            "qualified_share": _r(self.qualified_share, 6),
            "churn": {"actual": _r(self.churn_actual, 6), "plan": _r(self.churn_plan, 6),
                      "baseline": _r(self.churn_baseline, 6)},
            "reclustered": {"to_key": int(self.to_key), "to_potential": int(self.to_potential), "customers": recl},
            "revenue": {"actual": _r(self.revenue_actual_eur), "plan": _r(self.revenue_plan_eur),
                        "baseline": _r(self.revenue_baseline_eur), "growth_actual": _r(self.growth_actual, 6),
                        "growth_plan": _r(self.growth_plan, 6)},
            "margin": {"group_cm_rate": _r(self.group_cm_rate, 6), "key_cm_rate": _r(self.key_cm_rate, 6)},
            "market_share": {"segment": _r(self.market_share_segment, 6),
                             "overall": _r(self.market_share_overall, 6)},
            "payback": {"added_cm": _r(self.added_cm_eur), "team_cost": _r(self.team_cost_eur),
                        "recovered": _r(self.recovered, 6)},
            "checks": {c.name: {"verdict": c.verdict, "target": _r(c.target, 2 if c.name == "revenue" else 6),
                                "actual": _r(c.actual, 2 if c.name == "revenue" else 6),
                                "reason": c.reason(lang)} for c in self.checks},
        }


def _r(x: float | None, digits: int = 2) -> float | None:
    if x is None:
        return None
    return round(float(x), digits)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den > 0 else None


def _volume(value: float | None, name: str) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise AssumptionError(key="err_volume_positive", values={"name": name, "value": repr(value)}, name=name) from None
    if not math.isfinite(v) or v <= 0:
        raise AssumptionError(key="err_volume_positive", values={"name": name, "value": repr(value)}, name=name)
    return v


def track(plan: Plan, new_customers: pd.DataFrame, *, assumptions: Assumptions | None = None,
          market_volume_segment_eur: float | None = None,
          market_volume_total_eur: float | None = None) -> TrackingResult:
    """Compare the plan with the later data: the six checks of the method.

    Parameters
    ----------
    plan
        The approved plan (:func:`make_plan` or :meth:`Plan.from_json`).
    new_customers
        The later customer table (canonical, as :func:`calc.readers.read_data`
        returns it, from either shape), with ``revenue_<YYYY>`` columns whose
        latest year is after ``plan.data_year``.
    assumptions
        Used to segment the new data; default the plan's.  The plan's own figures
        (churn rates, year-1 revenues, team cost) stay as approved.
    market_volume_segment_eur, market_volume_total_eur
        Market size of the small-customer segment and of the whole market (EUR per
        year), entered by the user; without both the market-share check cannot tell.

    Returns
    -------
    TrackingResult

    Raises
    ------
    DataError
        If the new data has no revenue year, its latest year is not after the plan's,
        or it lists a customer twice.
    AssumptionError
        If a market volume is not a number above 0.

    Notes
    -----
    With r1_i = max(latest revenue, 0) (0 where missing) and sums over the plan's
    covered customers::

        churn actual   = #(r0 > 0 and r1 <= 0) / #(r0 > 0)
        growth_actual  = sum r1 / sum r0 - 1,  growth_plan = sum program_i(1) / sum r0 - 1
        group_cm_rate  = sum cm_i r1_i / sum r1_i
        key_cm_rate    = sum cm r / sum r over the new data's key accounts
        market share   = sum r1 / segment volume,  overall = sum max(r, 0) of all / total volume
        added_cm       = sum cm_i (r1_i - baseline_i(1)),  recovered = added_cm / team_cost
    """
    seg_volume = _volume(market_volume_segment_eur, "market_volume_segment")
    total_volume = _volume(market_volume_total_eur, "market_volume_total")
    a_new = plan.assumptions if assumptions is None else assumptions
    if "customer_id" in new_customers.columns:
        ids_new = new_customers["customer_id"].astype(str)
        dup = ids_new[ids_new.duplicated()]
        if len(dup):
            raise DataError(key="err_track_duplicate", values={"customer": repr(dup.iloc[0])})
    new = compute(new_customers, a_new)
    if not new.revenue_years:
        raise DataError(key="err_track_no_year", values={"year": str(plan.data_year), "next": str(plan.data_year + 1)})
    year = int(new.revenue_years[-1])
    if year <= plan.data_year:
        raise DataError(key="err_track_not_later", values={"year": str(year), "plan_year": str(plan.data_year),
                                                           "next": str(plan.data_year + 1)})

    pc = plan.customers
    n = len(pc)
    nt = new.customers
    pos = pd.Index(nt["customer_id"].astype(str)).get_indexer(pc["customer_id"].astype(str))
    found = pos >= 0
    take = np.where(found, pos, 0)

    def new_col(column: str, fill: Any) -> np.ndarray:
        if column not in nt.columns or not n:
            return np.full(n, fill, dtype=object if isinstance(fill, str) or fill is None else float)
        values = nt[column].to_numpy()[take]
        return np.where(found, values, fill)

    r0 = pc["r0_eur"].to_numpy(dtype=float)
    cm = pc["cm_rate"].to_numpy(dtype=float)
    base1 = pc["baseline_1_eur"].to_numpy(dtype=float)
    prog1 = pc["program_1_eur"].to_numpy(dtype=float)
    r1 = np.maximum(np.nan_to_num(new_col("revenue_current_eur", 0.0).astype(float), nan=0.0), 0.0)
    potential_data = pd.to_numeric(pd.Series(new_col("potential", np.nan)), errors="coerce").to_numpy(dtype=float)
    segment_new = new_col("segment", "").astype(str) if n else np.array([], dtype=object)

    qualified_share = float(np.count_nonzero(potential_data > 0)) / n if n else None
    active = r0 > 0
    churn_actual = (float(np.count_nonzero(active & (r1 <= 0))) / float(active.sum())
                    if active.any() else None)

    to_key_mask = found & (segment_new == "key")
    to_pot_mask = found & (segment_new == "potential")
    recl_mask = to_key_mask | to_pot_mask
    name = new_col("name", None)
    field_new = new_col("field_rep", None)
    field_rep = [_text_or_none(f) or _text_or_none(fp) for f, fp in zip(field_new, pc["field_rep"], strict=True)]
    recl = pd.DataFrame({
        "customer_id": pc["customer_id"].to_numpy(dtype=object),
        "name": list(name),
        "segment": segment_new,
        "revenue_eur": r1,
        "inside_rep": pc["inside_rep"].to_numpy(dtype=object),
        "field_rep": field_rep,
    })[recl_mask]
    recl = recl.sort_values(["segment", "revenue_eur", "customer_id"], ascending=[True, False, True],
                            kind="stable").reset_index(drop=True)

    lost = active & (r1 <= 0)
    churned = pd.DataFrame({
        "customer_id": pc["customer_id"].to_numpy(dtype=object),
        "name": pd.Series([_text_or_none(v) for v in name], dtype=object),
        "segment": pc["segment"].to_numpy(dtype=object),
        "r0_eur": r0,
        "inside_rep": pc["inside_rep"].to_numpy(dtype=object),
        "field_rep": pd.Series(field_rep, dtype=object),
        "missing": ~found,
    })[lost]
    churned = churned.sort_values(["r0_eur", "customer_id"], ascending=[False, True],
                                  kind="stable").reset_index(drop=True)

    revenue_actual, revenue_plan = float(r1.sum()), float(prog1.sum())
    revenue_base, r0_sum = float(base1.sum()), float(r0.sum())
    growth_actual = revenue_actual / r0_sum - 1.0 if r0_sum > 0 else None
    growth_plan = revenue_plan / r0_sum - 1.0 if r0_sum > 0 else None
    group_cm = _ratio(float((cm * r1).sum()), revenue_actual)
    key = nt["segment"].astype(str).to_numpy() == "key"
    key_rev = np.maximum(nt["revenue_current_eur"].to_numpy(dtype=float)[key], 0.0)
    key_cm = _ratio(float((nt["cm_rate_used"].to_numpy(dtype=float)[key] * key_rev).sum()), float(key_rev.sum()))
    overall_rev = float(np.maximum(nt["revenue_current_eur"].to_numpy(dtype=float), 0.0).sum())
    share_segment = revenue_actual / seg_volume if seg_volume else None
    share_overall = overall_rev / total_volume if total_volume else None
    added_cm = float((cm * (r1 - base1)).sum())
    recovered = _ratio(added_cm, plan.team_cost_eur)

    a_plan = plan.assumptions
    checks = (
        _check_qualified(n, qualified_share),
        _check_churn(churn_actual, a_plan.churn_program, int(active.sum())),
        _check_reclustered(n, int(found.sum()), int(to_key_mask.sum()), int(to_pot_mask.sum())),
        _check_revenue(n, revenue_actual, revenue_plan, group_cm, key_cm),
        _check_market_share(n, share_segment, share_overall),
        _check_payback(recovered, added_cm, plan.team_cost_eur),
    )
    return TrackingResult(
        year=year,
        covered=n,
        missing=int(n - found.sum()),
        qualified_share=qualified_share,
        churn_actual=churn_actual,
        churn_plan=float(a_plan.churn_program),
        churn_baseline=float(a_plan.churn_baseline),
        to_key=int(to_key_mask.sum()),
        to_potential=int(to_pot_mask.sum()),
        reclustered_customers=recl,
        revenue_actual_eur=revenue_actual,
        revenue_plan_eur=revenue_plan,
        revenue_baseline_eur=revenue_base,
        growth_actual=growth_actual,
        growth_plan=growth_plan,
        group_cm_rate=group_cm,
        key_cm_rate=key_cm,
        market_share_segment=share_segment,
        market_share_overall=share_overall,
        added_cm_eur=added_cm,
        team_cost_eur=float(plan.team_cost_eur),
        recovered=recovered,
        checks=checks,
        churned_customers=churned,
    )


# ---------------------------------------------------------------------------------
# the six verdicts
# ---------------------------------------------------------------------------------
def _pct(x: float, lang: str) -> str:
    text = f"{x * 100:.1f} %"
    return text.replace(".", ",") if lang == "de" else text


def _eur(x: float, lang: str) -> str:
    text = f"{x:,.0f} EUR"
    return text.replace(",", ".") if lang == "de" else text


def _no_customers(name: str) -> Check:
    return Check(name, "cannot_tell", None, None, "The plan covers no customer.", "Der Plan umfasst keine Kunden.")


def _check_qualified(n: int, share: float | None) -> Check:
    if not n or share is None:
        c = _no_customers("qualified")
        return Check("qualified", "cannot_tell", QUALIFIED_TARGET, None, c.reason_en, c.reason_de)
    met = share >= QUALIFIED_TARGET
    en = (f"{_pct(share, 'en')} of the covered customers have a potential assessed by the team "
          f"(target at least {_pct(QUALIFIED_TARGET, 'en')}).")
    de = (f"Für {_pct(share, 'de')} der betreuten Kunden hat das Team ein Potenzial erfasst "
          f"(Ziel mindestens {_pct(QUALIFIED_TARGET, 'de')}).")
    return Check("qualified", "met" if met else "not_met", QUALIFIED_TARGET, share, en, de)


def _check_churn(actual: float | None, plan: float, active: int) -> Check:
    if actual is None:
        return Check("churn", "cannot_tell", plan, None,
                     "No covered customer had revenue in the plan year, so none could be lost.",
                     "Kein betreuter Kunde hatte im Planjahr Umsatz, also konnte keiner verloren gehen.")
    met = actual <= plan
    en = (f"{_pct(actual, 'en')} of the {active} covered customers with revenue were lost "
          f"(plan at most {_pct(plan, 'en')}).")
    de = (f"{_pct(actual, 'de')} der {active} betreuten Kunden mit Umsatz gingen verloren "
          f"(Plan höchstens {_pct(plan, 'de')}).")
    return Check("churn", "met" if met else "not_met", plan, actual, en, de)


def _check_reclustered(n: int, found: int, to_key: int, to_potential: int) -> Check:
    if not n:
        return _no_customers("reclustered")
    if not found:
        return Check("reclustered", "cannot_tell", None, None,
                     "None of the covered customers is in the new data, so none could be re-clustered.",
                     "Keiner der betreuten Kunden ist in den neuen Daten, also konnte keiner neu segmentiert werden.")
    en = (f"Re-clustered with the plan's thresholds: {to_key} now key account(s), {to_potential} now "
          "potential customer(s); hand the list to field sales.")
    de = (f"Mit den Schwellen des Plans neu segmentiert: {to_key} jetzt Schlüsselkunde(n), {to_potential} jetzt "
          "Potenzialkunde(n); die Liste geht an den Außendienst.")
    return Check("reclustered", "met", None, float(to_key + to_potential), en, de)


def _check_revenue(n: int, actual: float, plan: float, group_cm: float | None, key_cm: float | None) -> Check:
    if not n:
        return _no_customers("revenue")
    revenue_ok = actual >= plan
    rev_en = f"revenue {_eur(actual, 'en')} against the plan's {_eur(plan, 'en')}"
    rev_de = f"Umsatz {_eur(actual, 'de')} gegenüber {_eur(plan, 'de')} im Plan"
    if group_cm is None or key_cm is None:
        margin_ok = None
        why_en = "no key accounts left in the new data" if key_cm is None else "the group has no revenue"
        why_de = "keine Schlüsselkunden mehr in den neuen Daten" if key_cm is None else "die Gruppe hat keinen Umsatz"
        m_en, m_de = f"margin not comparable ({why_en})", f"DB nicht vergleichbar ({why_de})"
    else:
        margin_ok = group_cm >= key_cm
        m_en = f"margin rate {_pct(group_cm, 'en')} against key accounts' {_pct(key_cm, 'en')}"
        m_de = f"DB-Quote {_pct(group_cm, 'de')} gegenüber {_pct(key_cm, 'de')} bei Schlüsselkunden"
    if not revenue_ok or margin_ok is False:
        verdict: Verdict = "not_met"
    elif margin_ok is None:
        verdict = "cannot_tell"
    else:
        verdict = "met"
    return Check("revenue", verdict, plan, actual, f"{rev_en[0].upper()}{rev_en[1:]}; {m_en}.", f"{rev_de}; {m_de}.")


def _check_market_share(n: int, segment: float | None, overall: float | None) -> Check:
    if not n:
        return _no_customers("market_share")
    if segment is None or overall is None:
        return Check("market_share", "cannot_tell", overall, segment,
                     "Enter the market volume of the segment and of the whole market to compare the shares.",
                     "Marktvolumen des Segments und des Gesamtmarkts eingeben, um die Anteile zu vergleichen.")
    met = segment > overall
    en = f"Share in the segment {_pct(segment, 'en')} against {_pct(overall, 'en')} of the whole market."
    de = f"Anteil im Segment {_pct(segment, 'de')} gegenüber {_pct(overall, 'de')} am Gesamtmarkt."
    return Check("market_share", "met" if met else "not_met", overall, segment, en, de)


def _check_payback(recovered: float | None, added_cm: float, team_cost: float) -> Check:
    if recovered is None:
        return Check("payback", "cannot_tell", 1.0, None,
                     "The plan has no team cost (no covered customers, no reps).",
                     "Der Plan hat keine Teamkosten (keine betreuten Kunden, keine Mitarbeiter).")
    met = recovered >= 1.0
    en = (f"Added contribution {_eur(added_cm, 'en')} against the team's {_eur(team_cost, 'en')} a year "
          f"({_pct(recovered, 'en')} recovered, target 100 %).")
    de = (f"Zusätzlicher DB {_eur(added_cm, 'de')} gegenüber {_eur(team_cost, 'de')} Teamkosten im Jahr "
          f"({_pct(recovered, 'de')} gedeckt, Ziel 100 %).")
    return Check("payback", "met" if met else "not_met", 1.0, recovered, en, de)
