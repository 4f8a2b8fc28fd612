"""Risk: tornado of the NPV, break-even values, Monte Carlo simulation."""

from __future__ import annotations

import streamlit as st

from calc import Assumptions
from calc.errors import CalcError
from ui import cache, charts, data, fmt, mc_editor, show, tables
from ui.i18n import say, t
from ui.page import current_keys, run_page
from ui.show import Metric


def _tornado(ds: data.Dataset, a: Assumptions) -> None:
    st.subheader(t("tornado_title"))
    frame = cache.tornado_frame(ds.customers, ds.key, a, ds.orders)
    if len(frame):
        st.caption(t("tornado_base", value=fmt.money(frame["base_npv_eur"].iloc[0])))
    show.chart(charts.tornado(frame), "tornado_chart")


def _break_even(ds: data.Dataset, a: Assumptions) -> None:
    st.subheader(t("break_even_title"))
    results = cache.break_evens(ds.customers, ds.key, a, ds.orders)
    st.dataframe(tables.break_even_table(results, a), hide_index=True, width="stretch",
                 key="break_even_table")


def _monte_carlo(ds: data.Dataset, a: Assumptions) -> None:
    st.subheader(t("mc_title"))
    st.caption(t("mc_intro", draws=fmt.number(cache.MC_DRAWS)))
    table, seed, run = mc_editor.form()
    if run:
        try:
            ranges = mc_editor.ranges(table)
        except CalcError as exc:
            st.error(t("mc_error", message=fmt.md_escape(say(exc))))
            return
        with st.spinner(t("mc_running", draws=fmt.number(cache.MC_DRAWS))):
            cache.simulation(ds.customers, ds.key, a, ranges, seed, _orders=ds.orders)
        mc_editor.remember(ds, a, ranges, seed)
    last = mc_editor.last_run()
    if last is None:
        if mc_editor.is_stale():
            st.info(t("mc_stale"))
        return
    mc = cache.simulation(ds.customers, ds.key, a, last[0], last[1], _orders=ds.orders)
    show.metrics([
        Metric(t("mc_p_positive"), fmt.pct(mc.p_positive, digits=1)),
        Metric(t("mc_p10"), fmt.money(mc.p10_eur)),
        Metric(t("mc_p50"), fmt.money(mc.p50_eur)),
        Metric(t("mc_p90"), fmt.money(mc.p90_eur)),
    ], border=True)
    left, right = st.columns(2)
    with left:
        show.heading(t("mc_hist"))
        show.chart(charts.mc_histogram(mc), "mc_hist_chart")
    with right:
        show.heading(t("mc_payback"))
        show.chart(charts.mc_payback(mc), "mc_payback_chart")
        st.caption(t("mc_payback_share", share=fmt.pct(mc.p_payback, digits=1)))


def body() -> None:
    show.title(t("risk_title"), t("risk_intro"))
    ds, a = current_keys()
    _tornado(ds, a)
    _break_even(ds, a)
    _monte_carlo(ds, a)


run_page(body)
