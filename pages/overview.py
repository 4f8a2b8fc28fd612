"""Overview: the answer in four figures, with links to the detail pages."""

from __future__ import annotations

import streamlit as st

from ui import charts, fmt, show
from ui.i18n import t
from ui.page import current_result, page_link, run_page
from ui.show import Metric


def body() -> None:
    res = current_result()
    bc = res.internal
    show.title(t("overview_title"), t("overview_intro"))
    show.metrics([
        Metric(t("m_npv"), fmt.money(bc.npv_eur)),
        Metric(t("m_covered"), fmt.number(res.team.covered_customers)),
        Metric(t("m_reps"), fmt.number(res.team.reps)),
        Metric(t("m_payback"), fmt.payback(bc.payback_months)),
    ], border=True)
    show.metrics([
        Metric(t("m_threshold"), fmt.money(res.field_cost.revenue_threshold_eur, cents=True)),
        Metric(t("m_team_cost"), fmt.money(res.team.annual_cost_eur)),
        Metric(t("roi"), fmt.pct(bc.roi)),
    ])
    show.make_or_buy_note(res.make_or_buy)
    st.subheader(t("cash_chart"))
    show.chart(charts.cash_chart(bc.years, res.external.years), "overview_cash_chart")
    st.divider()
    st.subheader(t("go_further"))
    cols = st.columns(4)
    for col, key in zip(cols, ("data", "segments", "potential", "business_case"), strict=True):
        with col:
            page_link(key, t("page_" + key))


run_page(body)
