"""Risk: tornado of the NPV, break-even values, Monte Carlo simulation."""

from __future__ import annotations

import streamlit as st

from calc import Assumptions
from calc.errors import CalcError
from ui import cache, data, fmt, state, tools
from ui.i18n import t
from ui.page import run_page


def _tornado(ds: data.Dataset, a: Assumptions) -> None:
    st.subheader(t("tornado_title"))
    frame = cache.tornado_frame(ds.customers, ds.key, a)
    if len(frame):
        st.caption(t("tornado_base", value=fmt.money(frame["base_npv_eur"].iloc[0])))
    st.plotly_chart(tools.tornado_chart(frame), width="stretch", key="tornado_chart", config={"displaylogo": False})


def _break_even(ds: data.Dataset, a: Assumptions) -> None:
    st.subheader(t("break_even_title"))
    results = cache.break_evens(ds.customers, ds.key, a)
    st.dataframe(tools.break_even_table(results, a), hide_index=True, width="stretch",
                 key="break_even_table")


def _monte_carlo(ds: data.Dataset, a: Assumptions) -> None:
    st.subheader(t("mc_title"))
    st.caption(t("mc_intro", draws=fmt.number(cache.MC_DRAWS)))
    if tools.MC_TABLE_KEY not in st.session_state:
        st.session_state[tools.MC_TABLE_KEY] = tools.default_mc_table(state.assumptions())
    base = st.session_state[tools.MC_TABLE_KEY]
    with st.form("mc_form", border=False):
        table = st.data_editor(
            base, key="mc_ranges", hide_index=True, width="stretch", num_rows="fixed",
            column_order=("label", "low", "mode", "high"),
            disabled=("name", "label"),
            column_config={
                "label": st.column_config.TextColumn(t("scn_assumption")),
                "low": st.column_config.NumberColumn(t("mc_min"), format="localized", required=True),
                "mode": st.column_config.NumberColumn(t("mc_mode"), format="localized", required=True),
                "high": st.column_config.NumberColumn(t("mc_max"), format="localized", required=True),
            },
        )
        seed = st.number_input(t("mc_seed"), min_value=0, max_value=2**31 - 1, value=42, step=1, key="mc_seed")
        run = st.form_submit_button(t("mc_run"), key="mc_run", type="primary")
    st.button(t("mc_reset"), key="mc_reset", on_click=tools.reset_mc_table, help=t("mc_reset_help"))
    if run:
        try:
            ranges = tools.mc_ranges(table)
        except CalcError as exc:
            st.error(t("mc_error", message=fmt.md_escape(exc)))
            return
        with st.spinner(t("mc_running", draws=fmt.number(cache.MC_DRAWS))):
            cache.simulation(ds.customers, ds.key, a, ranges, int(seed))
        st.session_state[tools.MC_KEY] = (ds.key, a, ranges, int(seed))
    last = tools.last_mc()
    if last is None:
        if tools.has_stale_mc():
            st.info(t("mc_stale"))
        return
    mc = cache.simulation(ds.customers, ds.key, a, last[0], last[1])
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("mc_p_positive"), fmt.pct(mc.p_positive, digits=1), border=True)
    c2.metric(t("mc_p10"), fmt.money(mc.p10_eur), border=True)
    c3.metric(t("mc_p50"), fmt.money(mc.p50_eur), border=True)
    c4.metric(t("mc_p90"), fmt.money(mc.p90_eur), border=True)
    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {t('mc_hist')}")
        st.plotly_chart(tools.mc_histogram_chart(mc), width="stretch", key="mc_hist_chart",
                        config={"displaylogo": False})
    with right:
        st.markdown(f"#### {t('mc_payback')}")
        st.plotly_chart(tools.mc_payback_chart(mc), width="stretch", key="mc_payback_chart",
                        config={"displaylogo": False})
        st.caption(t("mc_payback_share", share=fmt.pct(mc.p_payback, digits=1)))


def body() -> None:
    st.title(t("risk_title"))
    st.caption(t("risk_intro"))
    ds, a = tools.current_keys()
    _tornado(ds, a)
    _break_even(ds, a)
    _monte_carlo(ds, a)


run_page(body)
