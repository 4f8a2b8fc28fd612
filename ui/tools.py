"""Cached heavy calls and small helpers of the tool pages (scenarios, risk, export).

Every cached function is keyed on explicit hashable arguments: the data set's
digest (``Dataset.key``) and the assumptions as JSON text.  The customer frame is
passed as ``_customers`` (leading underscore: never hashed), so two data sets can
never share a cache entry, and the cache is per session (``scope="session"``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from calc import ModelResult, compute
from calc.assign import assign_reps, assignments_csv, assignments_xlsx
from calc.assumptions import SPECS, Assumptions
from calc.export_xlsx import workbook_bytes
from calc.montecarlo import DEFAULT_UNCERTAIN, MonteCarloResult, TriangularRange, default_ranges, simulate
from calc.report import html_report
from calc.scenarios import compare, scenarios_from_json, scenarios_to_json
from calc.sensitivity import BreakEven, break_even, tornado
from ui import data, fmt, state
from ui.charts import BLUE, GREEN, GREY, LIGHT, ORANGE, RED, cash_axes, layout
from ui.i18n import spec_label, t

MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME_CSV = "text/csv"
MIME_HTML = "text/html"
MIME_JSON = "application/json"

SAVED_KEY = "saved_scenarios"
MC_KEY = "_mc_run"  # the parameters of the last Monte Carlo run: (data key, assumptions JSON, ranges JSON, seed)
MC_TABLE_KEY = "mc_table_base"  # the table the Monte Carlo editor starts from
MC_DRAWS = 10_000
MC_NAMES = DEFAULT_UNCERTAIN  # the editor's starting rows: calc.montecarlo's default uncertain assumptions
BREAK_EVEN_NAMES = ("capture_rate", "churn_program", "accounts_per_rep")
PRESET_KEYS = ("conservative", "base", "optimistic")
CURVE_COLOURS = (BLUE, ORANGE, GREEN, RED)


# -- keys ----------------------------------------------------------------------------
def a_json(a: Assumptions) -> str:
    """Assumptions as canonical JSON text (the cache key of a scenario)."""
    return json.dumps(a.to_dict(), sort_keys=True)


def a_from_json(text: str) -> Assumptions:
    return Assumptions.from_dict(json.loads(text))


def current_keys() -> tuple[data.Dataset, str]:
    """The data set in force and the current assumptions as JSON."""
    return data.dataset(), a_json(state.assumptions())


# -- cached heavy calls ------------------------------------------------------------------
class ComparisonView(NamedTuple):
    """The picklable part of a :class:`calc.scenarios.Comparison` the page shows."""

    names: tuple[str, ...]
    differences: dict[str, dict[str, Any]]
    figures: pd.DataFrame
    cash_curves: pd.DataFrame


@st.cache_data(show_spinner=False, scope="session", max_entries=8)
def cached_compare(_customers: pd.DataFrame, data_key: str, scenarios_json: str) -> ComparisonView:
    cmp = compare(_customers, scenarios_from_json(scenarios_json))
    return ComparisonView(tuple(cmp.names), {k: dict(v) for k, v in cmp.differences.items()}, cmp.figures,
                          cmp.cash_curves)


@st.cache_data(show_spinner=False, scope="session", max_entries=8)
def cached_tornado(_customers: pd.DataFrame, data_key: str, assumptions_json: str) -> pd.DataFrame:
    return tornado(_customers, a_from_json(assumptions_json))


@st.cache_data(show_spinner=False, scope="session", max_entries=8)
def cached_break_even(_customers: pd.DataFrame, data_key: str, assumptions_json: str) -> dict[str, BreakEven]:
    a = a_from_json(assumptions_json)
    return {name: break_even(_customers, a, name) for name in BREAK_EVEN_NAMES}


@st.cache_data(show_spinner=False, scope="session", max_entries=8)
def cached_simulate(_customers: pd.DataFrame, data_key: str, assumptions_json: str, ranges_json: str,
                    seed: int, draws: int = MC_DRAWS) -> MonteCarloResult:
    ranges = {name: TriangularRange(*values) for name, values in json.loads(ranges_json).items()}
    return simulate(_customers, a_from_json(assumptions_json), ranges, draws=draws, seed=seed)


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def cached_workbook(_customers: pd.DataFrame, data_key: str, assumptions_json: str, lang: str) -> bytes:
    return workbook_bytes(_customers, a_from_json(assumptions_json), lang=lang)


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def cached_assignment(_customers: pd.DataFrame, data_key: str, assumptions_json: str) -> pd.DataFrame:
    return assign_reps(_result(_customers, data_key, assumptions_json))


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def cached_assignment_files(_customers: pd.DataFrame, data_key: str, assumptions_json: str,
                            lang: str) -> tuple[bytes, bytes]:
    df = cached_assignment(_customers, data_key, assumptions_json)
    return assignments_csv(df, lang=lang), assignments_xlsx(df, lang=lang)


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def cached_report(_customers: pd.DataFrame, data_key: str, assumptions_json: str, lang: str, data_label: str,
                  mc_ranges_json: str | None, mc_seed: int | None) -> bytes:
    risk: dict[str, Any] = {"tornado": cached_tornado(_customers, data_key, assumptions_json)}
    if mc_ranges_json is None or mc_seed is None:  # no run this session: the CLI's default ranges, seed 0
        defaults = default_ranges(a_from_json(assumptions_json))
        mc_ranges_json = json.dumps({n: [r.low, r.mode, r.high] for n, r in defaults.items()}, sort_keys=True)
        mc_seed = 0
    mc = cached_simulate(_customers, data_key, assumptions_json, mc_ranges_json, mc_seed)
    risk.update(p_positive=mc.p_positive, p10=mc.p10_eur, p50=mc.p50_eur, p90=mc.p90_eur)
    html = html_report(_result(_customers, data_key, assumptions_json), lang=lang, data_label=data_label,
                       risk=risk)
    return html.encode("utf-8")


def _result(customers: pd.DataFrame, data_key: str, assumptions_json: str) -> ModelResult:
    """The model result; the session's memo when it is the scenario in force."""
    a = a_from_json(assumptions_json)
    ds = data.dataset()
    if ds.key == data_key:
        return data.result(a)
    return compute(customers, a)


# -- scenarios ------------------------------------------------------------------------
def saved() -> dict[str, Assumptions]:
    """The saved scenarios of this session, ``{name: Assumptions}`` (stored as dicts)."""
    return {name: Assumptions.from_dict(values) for name, values in st.session_state.get(SAVED_KEY, {}).items()}


def save(name: str, a: Assumptions) -> None:
    store = dict(st.session_state.get(SAVED_KEY, {}))
    store[name] = a.to_dict()
    st.session_state[SAVED_KEY] = store


def save_all(scenarios: Mapping[str, Assumptions]) -> None:
    for name, a in scenarios.items():
        save(name, a)


def apply_assumptions(a: Assumptions) -> None:
    """Put ``a`` in force and into the sidebar widgets (as the reset button does); use as a callback."""
    state.set_assumptions(a)


def format_assumption(name: str, value: Any, *, rate_digits: int = 1) -> str:
    """One assumption value as text in the UI language (rates in %)."""
    spec = SPECS[name]
    if value is None:
        return t("derived_value")
    if spec.kind == "rate":
        return fmt.pct(value, digits=rate_digits)
    if spec.kind == "choice":
        return t("method_" + str(value))
    if spec.kind == "bool":
        return t("yes") if value else t("no")
    if spec.kind == "money":
        return fmt.money(value, cents=name == "cost_per_visit")
    if spec.integer:
        return fmt.number(value)
    return fmt.smart_number(value)


def differences_table(cmp: ComparisonView) -> pd.DataFrame:
    rows = [{t("scn_assumption"): spec_label(name), **{s: format_assumption(name, v) for s, v in values.items()}}
            for name, values in cmp.differences.items()]
    return pd.DataFrame(rows, columns=[t("scn_assumption"), *cmp.names])


def _payback_text(months: float) -> str:
    if months is None or (isinstance(months, float) and math.isnan(months)):
        return t("no_payback")
    return t("months", value=fmt.months(months))


def figures_table(cmp: ComparisonView) -> pd.DataFrame:
    f = cmp.figures

    def rate(v: float) -> str:
        return t("none") if math.isnan(v) else fmt.pct(v, digits=1)

    return pd.DataFrame({
        t("scn_scenario"): list(f.index),
        t("npv"): fmt.money_series(f["npv_eur"]).tolist(),
        t("irr"): [rate(v) for v in f["irr"]],
        t("roi"): [rate(v) for v in f["roi"]],
        t("payback"): [_payback_text(v) for v in f["payback_months"]],
        t("m_reps"): fmt.number_series(f["reps"]).tolist(),
        t("m_covered"): fmt.number_series(f["covered_customers"]).tolist(),
        t("m_team_cost"): fmt.money_series(f["annual_team_cost_eur"]).tolist(),
        t("m_threshold"): [fmt.money(v, cents=True) for v in f["revenue_threshold_eur"]],
        t("external_npv"): fmt.money_series(f["external_npv_eur"]).tolist(),
        t("make_or_buy_col"): [t("choice_" + str(v)) for v in f["make_or_buy"]],
    })


def cash_curves_chart(cmp: ComparisonView) -> go.Figure:
    fig = go.Figure()
    for i, name in enumerate(cmp.names):
        part = cmp.cash_curves[cmp.cash_curves["scenario"] == name]
        fig.add_trace(go.Scatter(x=part["year"], y=part["cumulative_cash_eur"], name=name, mode="lines+markers",
                                 line={"color": CURVE_COLOURS[i % len(CURVE_COLOURS)], "width": 3},
                                 hovertemplate="%{y:,.0f}<extra></extra>"))
    return cash_axes(fig)


# -- risk -------------------------------------------------------------------------------
def tornado_chart(frame: pd.DataFrame) -> go.Figure:
    top = frame.iloc[::-1]  # largest swing on top
    base = float(frame["base_npv_eur"].iloc[0]) if len(frame) else 0.0
    labels = [spec_label(n) for n in top["name"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=top["npv_low_eur"] - base, base=base, orientation="h", name=t("tornado_low"),
                         marker_color=ORANGE, hovertemplate="%{x:,.0f}<extra></extra>"))
    fig.add_trace(go.Bar(y=labels, x=top["npv_high_eur"] - base, base=base, orientation="h",
                         name=t("tornado_high"), marker_color=BLUE, hovertemplate="%{x:,.0f}<extra></extra>"))
    fig.add_vline(x=base, line={"color": "#555555", "width": 1})
    fig.update_layout(barmode="overlay")
    layout(fig, height=60 + 36 * len(frame), money_axis="x")
    fig.update_xaxes(tickformat=",.0f")
    return fig


def break_even_table(results: Mapping[str, BreakEven], a: Assumptions) -> pd.DataFrame:
    rows = []
    for name, be in results.items():
        if not be.found:
            value = t("be_never")
        elif be.integer_value is not None:
            value = fmt.number(be.integer_value)
        else:
            value = format_assumption(name, be.value, rate_digits=2)
        rows.append({t("scn_assumption"): spec_label(name), t("be_value"): value,
                     t("be_current"): format_assumption(name, getattr(a, name))})
    return pd.DataFrame(rows)


def default_mc_table(a: Assumptions) -> pd.DataFrame:
    """Editor table of the uncertain assumptions in widget units (rates in %), from
    :func:`calc.montecarlo.default_ranges` (usual range, most likely = the scenario)."""
    rows = []
    for name, r in default_ranges(a, MC_NAMES).items():
        spec = SPECS[name]
        rows.append({"name": name, "label": spec_label(name), "low": float(state.to_widget(spec, r.low)),
                     "mode": float(state.to_widget(spec, r.mode)), "high": float(state.to_widget(spec, r.high))})
    return pd.DataFrame(rows)


def reset_mc_table() -> None:
    """Callback: the Monte Carlo editor starts again from the scenario in force."""
    st.session_state[MC_TABLE_KEY] = default_mc_table(state.assumptions())
    st.session_state.pop("mc_ranges", None)


def mc_ranges_json(table: pd.DataFrame) -> str:
    """Editor table (widget units) -> ranges JSON in model units; bad cells raise AssumptionError."""
    out = {}
    for _, row in table.iterrows():
        spec = SPECS[str(row["name"])]
        values = []
        for col in ("low", "mode", "high"):
            cell = row[col]
            try:
                number = float(cell)
            except (TypeError, ValueError):
                number = float("nan")
            values.append(state.from_widget(spec, number) if math.isfinite(number) else number)
        TriangularRange(*values).check(spec.name)  # raises AssumptionError with the message
        out[spec.name] = values
    return json.dumps(out, sort_keys=True)


def mc_histogram_chart(mc: MonteCarloResult) -> go.Figure:
    hist = mc.histogram()
    centres = (hist["bin_low_eur"] + hist["bin_high_eur"]) / 2
    fig = go.Figure(go.Bar(x=centres, y=hist["share"], width=(hist["bin_high_eur"] - hist["bin_low_eur"]) * 0.95,
                           marker_color=[GREEN if p else RED for p in hist["positive"]],
                           hovertemplate="%{x:,.0f}: %{y:.1%}<extra></extra>"))
    fig.add_vline(x=0, line={"color": "#555555", "width": 1})
    layout(fig, height=340, money_axis="x")
    fig.update_xaxes(title=t("mc_hist_x"), tickformat=",.0f")
    fig.update_yaxes(title=t("mc_hist_y"), tickformat=".0%")
    return fig


def mc_payback_chart(mc: MonteCarloResult) -> go.Figure:
    months = mc.payback_months[np.isfinite(mc.payback_months)]
    fig = go.Figure(go.Histogram(x=months, nbinsx=30, histnorm="probability", marker_color=LIGHT,
                                 marker_line={"color": GREY, "width": 0.5},
                                 hovertemplate="%{x}: %{y:.1%}<extra></extra>"))
    layout(fig, height=300)
    fig.update_xaxes(title=t("mc_payback_x"))
    fig.update_yaxes(title=t("mc_hist_y"), tickformat=".0%")
    return fig


def last_mc() -> tuple[str, int] | None:
    """(ranges JSON, seed) of this session's Monte Carlo run if it matches the data and scenario in force."""
    run = st.session_state.get(MC_KEY)
    if not run:
        return None
    ds, aj = current_keys()
    if run[0] != ds.key or run[1] != aj:
        return None
    return run[2], run[3]


def has_stale_mc() -> bool:
    return bool(st.session_state.get(MC_KEY)) and last_mc() is None


def scenarios_json(scenarios: Mapping[str, Assumptions]) -> str:
    return scenarios_to_json(scenarios)
