"""Named scenarios: presets, side-by-side comparison, JSON files and compact links.

A scenario is a name and an :class:`~calc.assumptions.Assumptions`.  Consultants
compare two to four of them in a workshop (:func:`compare`), save them as one JSON
file (:func:`scenarios_to_json` / :func:`scenarios_from_json`) and send them as a
link (:func:`encode_comparison` / :func:`decode_comparison`).

>>> names = list(PRESETS)
>>> names
['conservative', 'base', 'optimistic']
>>> decode_comparison(encode_comparison(PRESETS)) == PRESETS
True
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .assumptions import SPECS, Assumptions, load_json
from .errors import AssumptionError, Msg, ScenarioError
from .model import ModelResult, compute

__all__ = [
    "PRESETS",
    "MIN_SCENARIOS",
    "MAX_SCENARIOS",
    "Comparison",
    "compare",
    "scenarios_to_json",
    "scenarios_from_json",
    "encode_comparison",
    "decode_comparison",
]

MIN_SCENARIOS = 2
MAX_SCENARIOS = 4
MAX_DECODED_BYTES = 64 * 1024  # a comparison link never needs more
_FORMAT_VERSION = 1

#: Three ready-made scenarios around the defaults.
#:
#: * ``conservative``: the team wins less of the untapped potential (capture 2 % a
#:   year instead of 3 %), keeps fewer customers (churn with the team 12 % instead of
#:   10 %, so it halves only 3 of the 5 points of baseline churn it can influence),
#:   starts slower (40 % of the effect in year 1) and the set-up costs more
#:   (80,000 EUR: a longer recruiting and CRM project).  This is the case to show a
#:   sceptical CFO: if it pays off here, it pays off.
#: * ``base``: the defaults of the spec.
#: * ``optimistic``: an experienced team with a good CRM (capture 4.5 % a year,
#:   churn with the team 8 %, 60 % of the effect in year 1); costs as in the base case,
#:   because optimism about cost is the most common planning error.
PRESETS: dict[str, Assumptions] = {
    "conservative": Assumptions(capture_rate=0.02, churn_program=0.12, ramp_year1=0.4, setup_cost=80_000.0),
    "base": Assumptions(),
    "optimistic": Assumptions(capture_rate=0.045, churn_program=0.08, ramp_year1=0.6),
}

FIGURE_COLUMNS = (
    "revenue_threshold_eur",
    "covered_customers",
    "reps",
    "annual_team_cost_eur",
    "npv_eur",
    "irr",
    "roi",
    "payback_months",
    "external_npv_eur",
    "make_or_buy",
)


@dataclass(frozen=True)
class Comparison:
    """Two to four scenarios side by side.

    Attributes
    ----------
    names
        Scenario names in the order given.
    assumptions
        ``{scenario: Assumptions}``.
    results
        ``{scenario: ModelResult}``: everything else the app may want to show.
    differences
        ``{assumption name: {scenario: value}}`` for the assumptions whose values
        differ between the scenarios, in the order of :data:`~calc.assumptions.SPECS`.
    figures
        One row per scenario (index ``scenario``), columns :data:`FIGURE_COLUMNS`;
        ``irr``, ``roi`` and ``payback_months`` are NaN where they do not exist.
    cash_curves
        Long table for one chart: columns ``scenario``, ``year``,
        ``cumulative_cash_eur`` (internal team), years 0..H per scenario.
    """

    names: tuple[str, ...]
    assumptions: Mapping[str, Assumptions] = field(repr=False)
    results: Mapping[str, ModelResult] = field(repr=False)
    differences: Mapping[str, Mapping[str, Any]]
    figures: pd.DataFrame = field(repr=False)
    cash_curves: pd.DataFrame = field(repr=False)

    def differences_frame(self) -> pd.DataFrame:
        """:attr:`differences` as a table: one row per assumption, one column per scenario."""
        frame = pd.DataFrame.from_dict(
            {k: dict(v) for k, v in self.differences.items()}, orient="index", columns=list(self.names)
        )
        frame.index.name = "assumption"
        return frame


def _check_names(scenarios: Mapping[str, Assumptions], *, what: str) -> None:
    for name, a in scenarios.items():
        if not isinstance(name, str) or not name.strip():
            raise ScenarioError(key="err_scn_name_empty", values={"source": Msg(what), "name": repr(name)})
        if not isinstance(a, Assumptions):
            raise ScenarioError(key="err_scn_not_assumptions", values={"source": Msg(what), "name": name,
                                                                       "type": type(a).__name__})


def compare(customers: pd.DataFrame, scenarios: Mapping[str, Assumptions], *,
            orders: pd.DataFrame | None = None) -> Comparison:
    """Run the model for 2-4 named scenarios and line up what differs and what results.

    Parameters
    ----------
    customers
        Canonical customer table (as for :func:`~calc.model.compute`).
    scenarios
        ``{name: Assumptions}``, 2 to 4 entries, in display order.
    orders
        Optional order-level data of a transaction log (as for :func:`~calc.model.compute`).

    Returns
    -------
    Comparison

    Raises
    ------
    ScenarioError
        With fewer than 2 or more than 4 scenarios, or an empty name.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"customer_id": [str(i) for i in range(800)], "revenue": 3000.0})
    >>> c = compare(data, PRESETS)
    >>> sorted(c.differences)
    ['capture_rate', 'churn_program', 'ramp_year1', 'setup_cost']
    >>> c.figures["reps"].tolist()
    [2, 2, 2]
    """
    n = len(scenarios)
    if not MIN_SCENARIOS <= n <= MAX_SCENARIOS:
        raise ScenarioError(key="err_cmp_too_few" if n < MIN_SCENARIOS else "err_cmp_too_many",
                            values={"min": MIN_SCENARIOS, "max": MAX_SCENARIOS, "n": n})
    _check_names(scenarios, what="err_src_comparison")
    names = tuple(scenarios)
    results = {name: compute(customers, a, orders=orders) for name, a in scenarios.items()}

    differences: dict[str, dict[str, Any]] = {}
    for key in SPECS:
        values = {name: getattr(scenarios[name], key) for name in names}
        if len({repr(v) for v in values.values()}) > 1:
            differences[key] = values

    rows = []
    curves = []
    for name in names:
        res = results[name]
        bc = res.internal
        rows.append(
            {
                "scenario": name,
                "revenue_threshold_eur": res.field_cost.revenue_threshold_eur,
                "covered_customers": res.team.covered_customers,
                "reps": res.team.reps,
                "annual_team_cost_eur": res.team.annual_cost_eur,
                "npv_eur": bc.npv_eur,
                "irr": _nan(bc.irr),
                "roi": _nan(bc.roi),
                "payback_months": _nan(bc.payback_months),
                "external_npv_eur": res.external.npv_eur,
                "make_or_buy": res.make_or_buy.choice,
            }
        )
        curves.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "year": bc.years["year"].to_numpy(),
                    "cumulative_cash_eur": bc.years["cumulative_cash_eur"].to_numpy(),
                }
            )
        )
    figures = pd.DataFrame(rows).set_index("scenario")
    cash_curves = pd.concat(curves, ignore_index=True)
    return Comparison(
        names=names,
        assumptions=dict(scenarios),
        results=results,
        differences=differences,
        figures=figures,
        cash_curves=cash_curves,
    )


def _nan(x: float | None) -> float:
    return float("nan") if x is None else float(x)


# ---------------------------------------------------------------------------------
# JSON files
# ---------------------------------------------------------------------------------
def scenarios_to_json(scenarios: Mapping[str, Assumptions]) -> str:
    """A scenario collection as JSON: every assumption of every scenario.

    Format: ``{"version": 1, "scenarios": [{"name": ..., "assumptions": {...}}, ...]}``.

    Examples
    --------
    >>> text = scenarios_to_json({"base": Assumptions()})
    >>> scenarios_from_json(text)["base"] == Assumptions()
    True
    """
    _check_names(scenarios, what="scenario collection")
    payload = {
        "version": _FORMAT_VERSION,
        "scenarios": [{"name": name, "assumptions": a.to_dict()} for name, a in scenarios.items()],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def scenarios_from_json(text: str, *, source: str | None = None) -> dict[str, Assumptions]:
    """Read a scenario collection, or a single scenario in the CLI's ``--scenario`` format.

    Accepted: ``{"version": 1, "scenarios": [{"name": ..., "assumptions": {...}}]}``
    and ``{"version": 1, "name": ..., "assumptions": {...}}`` (a single scenario
    without a name is called ``"scenario"``).  Assumptions not given keep their
    defaults.

    Raises
    ------
    ScenarioError
        Not JSON, the wrong shape, an unsupported version, a missing or repeated name.
    AssumptionError
        An unknown assumption or an invalid value (the message names the scenario).

    Examples
    --------
    >>> loaded = scenarios_from_json('{"version": 1, "name": "a", "assumptions": {"capture_rate": 0.05}}')
    >>> list(loaded), loaded["a"].capture_rate
    (['a'], 0.05)
    """
    source = source or Msg("err_src_scenario_file_any")
    return _from_payload(load_json(text, source=source), source=source)


def _from_payload(data: Any, *, source: str) -> dict[str, Assumptions]:
    if not isinstance(data, dict):
        raise ScenarioError(key="err_scn_not_object", values={"source": source})
    version = data.get("version", _FORMAT_VERSION)
    if version != _FORMAT_VERSION:
        raise ScenarioError(key="err_scn_version", values={"source": source, "version": repr(version)})
    if "scenarios" in data:
        items = data["scenarios"]
        if not isinstance(items, list) or not items:
            raise ScenarioError(key="err_scn_list", values={"source": source})
    elif "assumptions" in data:
        items = [{"name": data.get("name") or "scenario", "assumptions": data["assumptions"]}]
    else:
        raise ScenarioError(key="err_scn_neither", values={"source": source})
    out: dict[str, Assumptions] = {}
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ScenarioError(key="err_scn_item_object", values={"source": source, "i": str(i)})
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ScenarioError(key="err_scn_no_name", values={"source": source, "i": str(i)})
        if name in out:
            raise ScenarioError(key="err_scn_name_twice", values={"source": source, "name": name})
        values = item.get("assumptions", {})
        if not isinstance(values, dict):
            raise ScenarioError(key="err_scn_assumptions_object", values={"source": source, "name": name})
        try:
            out[name] = Assumptions.from_dict(values)
        except AssumptionError as exc:
            raise AssumptionError(key="err_in_scenario", values={"source": source, "name": name, "error": exc},
                                  name=exc.name) from None
    return out


# ---------------------------------------------------------------------------------
# links
# ---------------------------------------------------------------------------------
_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


def encode_comparison(scenarios: Mapping[str, Assumptions]) -> str:
    """Compact text for a URL that carries named scenarios.

    Only values that differ from the defaults are kept; the JSON
    ``{"v": 1, "s": [[name, {changes}], ...]}`` is zlib-compressed and
    base64url-encoded without padding, so the result is safe in a query parameter.

    Examples
    --------
    >>> code = encode_comparison({"base": Assumptions(), "fast": Assumptions(ramp_year1=0.8)})
    >>> decode_comparison(code)["fast"].ramp_year1
    0.8
    """
    _check_names(scenarios, what="err_src_link")
    if len(scenarios) > MAX_SCENARIOS:
        raise ScenarioError(key="err_link_too_many", values={"max": MAX_SCENARIOS, "n": len(scenarios)})
    payload = {"v": _FORMAT_VERSION, "s": [[name, a.changed()] for name, a in scenarios.items()]}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode("ascii")


def decode_comparison(text: str) -> dict[str, Assumptions]:
    """Read the text made by :func:`encode_comparison`.

    Raises
    ------
    ScenarioError
        For anything that is not such a text (truncated or altered links, more than
        64 KB once decompressed, invalid assumption values), with a message saying so.

    Examples
    --------
    >>> decode_comparison("not a link!")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    calc.errors.ScenarioError: comparison link: it contains characters a link code never has; ...
    """
    what = Msg("err_src_link")
    if not isinstance(text, str):
        raise ScenarioError(key="err_link_type", values={"type": type(text).__name__})
    code = text.strip()
    if not code:
        raise ScenarioError(key="err_link_empty")
    if not _B64URL.match(code):
        raise ScenarioError(key="err_link_chars")
    if len(code) > MAX_DECODED_BYTES:
        raise ScenarioError(key="err_link_long")
    try:
        compressed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
    except (binascii.Error, ValueError):
        raise ScenarioError(key="err_link_code") from None
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, MAX_DECODED_BYTES + 1)
    except zlib.error:
        raise ScenarioError(key="err_link_damaged") from None
    if len(raw) > MAX_DECODED_BYTES or inflater.unconsumed_tail:
        raise ScenarioError(key="err_link_big", values={"kb": MAX_DECODED_BYTES // 1024})
    if not inflater.eof:
        raise ScenarioError(key="err_link_truncated")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ScenarioError(key="err_link_no_data") from None
    if not isinstance(data, dict) or data.get("v") != _FORMAT_VERSION or not isinstance(data.get("s"), list):
        raise ScenarioError(key="err_link_version")
    items = []
    for entry in data["s"]:
        if not (isinstance(entry, list) and len(entry) == 2):
            raise ScenarioError(key="err_link_entry")
        items.append({"name": entry[0], "assumptions": entry[1]})
    if not items:
        raise ScenarioError(key="err_link_none")
    if len(items) > MAX_SCENARIOS:
        raise ScenarioError(key="err_link_count", values={"n": len(items), "max": MAX_SCENARIOS})
    try:
        return _from_payload({"version": _FORMAT_VERSION, "scenarios": items}, source=what)
    except AssumptionError as exc:
        raise ScenarioError(key=exc.key, values=exc.values) from None
