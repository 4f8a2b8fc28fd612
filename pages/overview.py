"""Overview: the answer in four figures, with links to the detail pages."""

from __future__ import annotations

import streamlit as st

from ui import charts, fmt
from ui.i18n import t
from ui.page import current_result, page_link, run_page


def body() -> None:
    res = current_result()
    bc = res.internal
    st.title(t("overview_title"))
    st.caption(t("overview_intro"))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("m_npv"), fmt.money(bc.npv_eur), border=True)
    c2.metric(t("m_covered"), fmt.number(res.team.covered_customers), border=True)
    c3.metric(t("m_reps"), fmt.number(res.team.reps), border=True)
    payback = t("no_payback") if bc.payback_months is None else t("months", value=fmt.months(bc.payback_months))
    c4.metric(t("m_payback"), payback, border=True)
    d1, d2, d3 = st.columns(3)
    d1.metric(t("m_threshold"), fmt.money(res.field_cost.revenue_threshold_eur, cents=True))
    d2.metric(t("m_team_cost"), fmt.money(res.team.annual_cost_eur))
    d3.metric(t("roi"), fmt.pct(bc.roi))
    mob = res.make_or_buy
    st.markdown(t("choice_text", choice=t("choice_" + mob.choice), advantage=fmt.money(mob.advantage_eur)))
    st.subheader(t("cash_chart"))
    st.plotly_chart(charts.cash_chart(bc.years, res.external.years), width="stretch", key="overview_cash_chart",
                    config={"displaylogo": False})
    st.divider()
    st.subheader(t("go_further"))
    cols = st.columns(4)
    for col, key in zip(cols, ("data", "segments", "potential", "business_case"), strict=True):
        with col:
            page_link(key, t("page_" + key))


run_page(body)
