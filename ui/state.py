"""Shared scenario state: one :class:`Assumptions` in session state, mirrored in the URL.

How it works (every rerun, in the frame ``app.py``):

1. :func:`init_session` runs once per browser session: it picks the language
   (``lang`` query parameter, else the browser locale) and builds the assumptions
   from the query parameters with :meth:`Assumptions.from_query_lenient`; bad
   parameters are remembered and shown as a warning naming them.
2. :func:`assumption_widgets` draws the sidebar widgets (keys ``a__<name>``), each
   pre-filled from the validated assumptions.  Rates are shown as percentages
   (8.0 for 0.08): the conversion lives here, in :func:`to_widget` /
   :func:`from_widget`.  The widget values are validated together; an
   :class:`AssumptionError` shows as ``st.error`` and the previous scenario stays.
3. :func:`sync_url` writes ``lang`` plus every non-default assumption to
   ``st.query_params`` (only if it differs), so the URL is right on every page,
   also after sidebar navigation cleared it.  Page links pass the same dict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from calc.assumptions import GROUPS, SPECS, Assumptions, AssumptionSpec
from calc.errors import AssumptionError
from calc.model import field_cost
from ui import fmt, keys
from ui.i18n import LANG_NAMES, LANGS, current_lang, labeller, lang_from_locale, spec_help, spec_label, t

DEFAULT_URL = "http://localhost:8501/"


# -- conversions (UI units <-> model units) ---------------------------------------
def _convert(spec: AssumptionSpec, value: Any, rate: Callable[[float], float]) -> Any:
    """``value`` in the other unit: ``rate`` converts a rate; the other kinds keep their value and type."""
    if value is None:
        return None
    if spec.kind == "rate":
        return rate(float(value))
    if spec.kind in ("choice", "bool"):
        return value
    if spec.integer:
        return int(value)
    return float(value)


def to_widget(spec: AssumptionSpec, value: Any) -> Any:
    """Model value -> widget value (rates as percent)."""
    return _convert(spec, value, lambda x: round(x * 100.0, 6))


def from_widget(spec: AssumptionSpec, value: Any) -> Any:
    """Widget value -> model value (percent back to a fraction)."""
    return _convert(spec, value, lambda x: round(x / 100.0, 10))


def _set_widgets(a: Assumptions) -> None:
    for name, spec in SPECS.items():
        value = getattr(a, name)
        if spec.optional:
            st.session_state[keys.assumption_override(name)] = value is not None
            if value is not None:
                st.session_state[keys.assumption(name)] = to_widget(spec, value)
            else:
                st.session_state.pop(keys.assumption(name), None)
        else:
            st.session_state[keys.assumption(name)] = to_widget(spec, value)


# -- session start -----------------------------------------------------------------
def init_session() -> None:
    """Once per session: language and assumptions from the URL (leniently)."""
    if st.session_state.get(keys.INITIALISED):
        return
    params = {k: st.query_params.get(k) for k in st.query_params}
    warnings: dict[str, str] = {}
    lang = params.pop("lang", None)
    st.session_state[keys.CMP_PARAM] = params.pop("cmp", None)  # a comparison link: read by pages/scenarios.py
    st.session_state[keys.CASE_PARAM] = params.pop("case", None)  # a shared case: opened by ui.cases
    st.session_state[keys.LINK_SCENARIO] = bool(params)  # the link sets a scenario of its own
    if lang is not None and lang not in LANGS:
        warnings["lang"] = str(lang)
        lang = None
    if lang is None:
        try:
            locale = st.context.locale
        except Exception:  # noqa: BLE001 - no browser context (tests)
            locale = None
        lang = lang_from_locale(locale)
    assumptions, ignored = Assumptions.from_query_lenient(params)
    for name in ignored:
        warnings[name] = str(params.get(name, ""))
    st.session_state[keys.LANG] = lang
    st.session_state[keys.ASSUMPTIONS] = assumptions
    st.session_state[keys.QUERY_WARNINGS] = warnings
    _set_widgets(assumptions)
    st.session_state[keys.INITIALISED] = True


def assumptions() -> Assumptions:
    """The scenario in force."""
    return st.session_state.get(keys.ASSUMPTIONS) or Assumptions()


def query_dict(a: Assumptions | None = None, lang: str | None = None) -> dict[str, str]:
    """The URL query of a scenario: ``lang`` plus every non-default assumption."""
    a = a or assumptions()
    return {"lang": lang or current_lang(), **a.to_query()}


def share_url(a: Assumptions | None = None, lang: str | None = None) -> str:
    """Full link to this page with the scenario (never any customer data)."""
    try:
        base = st.context.url or DEFAULT_URL
    except Exception:  # noqa: BLE001 - no browser context (tests)
        base = DEFAULT_URL
    base = base.split("?", 1)[0]
    return base + "?" + urlencode(query_dict(a, lang))


def sync_url() -> None:
    """Write the scenario into ``st.query_params`` if the URL differs."""
    desired = query_dict()
    link, ds = st.session_state.get(keys.CASE_LINK), st.session_state.get(keys.DATASET)
    if link and ds is not None and ds.key == link[1]:  # the shared case's data is in force: keep its id
        desired["case"] = link[0]
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != desired:
        st.query_params.from_dict(desired)


# -- sidebar -----------------------------------------------------------------------
def _in_force(a: Assumptions) -> None:
    """``a`` is the scenario in force; the link's warnings no longer apply."""
    st.session_state[keys.ASSUMPTIONS] = a
    st.session_state[keys.QUERY_WARNINGS] = {}


def set_assumptions(a: Assumptions) -> None:
    """Put ``a`` in force and into the sidebar widgets (safe in a widget callback)."""
    _in_force(a)
    _set_widgets(a)


def _reset() -> None:
    set_assumptions(Assumptions())
    st.session_state[keys.RESET_DONE] = True


def language_switch() -> None:
    """Deutsch / English radio (key ``lang``)."""
    st.radio(
        t("language"),
        LANGS,
        format_func=LANG_NAMES.get,
        horizontal=True,
        key=keys.LANG,
    )


def _step(spec: AssumptionSpec) -> float | int:
    if spec.integer:
        return 10 if (spec.maximum or 0) >= 1000 else 1
    if spec.kind == "rate":
        return 0.5
    if spec.kind == "money":
        if spec.name == "cost_per_visit":
            return 5.0
        return 1000.0
    return 0.5


def _format(spec: AssumptionSpec) -> str | None:
    if spec.integer:
        return "%d"
    if spec.kind == "money":
        return "%.2f" if spec.name in fmt.CENTS_ASSUMPTIONS else "%.0f"
    return "%.1f" if spec.kind == "rate" else "%.1f"


def _number_widget(spec: AssumptionSpec) -> Any:
    key = keys.assumption(spec.name)
    lo = to_widget(spec, spec.minimum) if spec.minimum is not None else None
    hi = to_widget(spec, spec.maximum) if spec.maximum is not None else None
    if not spec.integer:
        lo = float(lo) if lo is not None else None
        hi = float(hi) if hi is not None else None
    value = st.number_input(
        spec_label(spec.name),
        min_value=lo,
        max_value=hi,
        step=_step(spec),
        format=_format(spec),
        help=spec_help(spec.name) + "\n\n" + range_text(spec),
        key=key,
    )
    return from_widget(spec, value)


def range_text(spec: AssumptionSpec) -> str:
    """The valid range of a numeric assumption, formatted in the UI language."""
    def show(x: float) -> str:
        if spec.kind == "rate":
            return fmt.smart_pct(x)
        if spec.kind == "money":
            return fmt.money(x)
        return fmt.number(x, digits=0 if float(x).is_integer() else 1)

    return t("valid_range", low=show(spec.minimum), high=show(spec.maximum))


def _derived_default(name: str, current: Assumptions) -> float:
    base = current.replace(**{name: None})
    fc = field_cost(base)
    return fc.cost_per_visit_eur if name == "cost_per_visit" else fc.revenue_threshold_eur


def _widget(spec: AssumptionSpec, current: Assumptions) -> Any:
    name = spec.name
    key = keys.assumption(name)
    if spec.kind == "choice":
        return st.selectbox(
            spec_label(name), spec.choices, format_func=labeller("method_"),
            help=spec_help(name), key=key,
        )
    if spec.kind == "bool":
        return st.checkbox(spec_label(name), help=spec_help(name), key=key)
    if spec.optional:
        on = st.checkbox(
            f"{spec_label(name)}", help=spec_help(name), key=keys.assumption_override(name),
        )
        if not on:
            derived = _derived_default(name, current)
            st.caption(t("derived", value=fmt.assumption_money(name, derived)))
            st.session_state.pop(key, None)
            return None
        if key not in st.session_state:
            st.session_state[key] = round(_derived_default(name, current), 2)
        return _number_widget(spec)
    return _number_widget(spec)


def assumption_widgets() -> Assumptions:
    """Draw the grouped assumption widgets; return the validated scenario in force."""
    current = assumptions()
    if st.session_state.pop(keys.RESET_DONE, False):
        st.success(t("reset_done"))
    values: dict[str, Any] = {}
    for group in GROUPS:
        with st.expander(t("group_" + group), expanded=group == "field_sales"):
            for name, spec in SPECS.items():
                if spec.group == group:
                    values[name] = _widget(spec, current)
    st.button(t("reset"), key="reset_assumptions", on_click=_reset, width="stretch")
    try:
        new = Assumptions.from_dict(values)
    except AssumptionError as exc:
        st.error(t("assumption_error", message=fmt.md_escape(exc)))
        return current
    if new != current:
        _in_force(new)
    return new


def query_warning_text(warnings: Mapping[str, str]) -> str | None:
    """The warning naming ignored URL parameters, or None."""
    if not warnings:
        return None
    names = ", ".join(fmt.md_escape(f"{k}={v}"[:80] if v else k[:80]) for k, v in list(warnings.items())[:20])
    return t("query_ignored", names=names)
