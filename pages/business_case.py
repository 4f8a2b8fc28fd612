"""Business case: team, per-rep check, year by year, NPV/IRR/ROI/payback, make or buy."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from calc import views
from calc.verdict import verdict
from ui import charts, fmt, show
from ui.i18n import t
from ui.page import current_result, run_page
from ui.show import Metric
from ui.tables import display_frame


def _measures(bc, per_row: int = 4) -> None:
    show.metrics([
        show.money_metric(t("npv"), bc.npv_eur, t("help_npv")),
        Metric(t("irr"), fmt.irr_headline(bc.irr), t("help_irr")),
        Metric(t("roi"), fmt.figure("rate", bc.roi), t("help_roi")),
        Metric(t("payback"), fmt.figure("months", bc.payback_months), t("help_payback")),
    ], border=True, per_row=per_row)


def _team(res) -> None:
    team = res.team
    st.subheader(t("team"))
    show.metrics([
        Metric(t("m_covered"), fmt.number(team.covered_customers)),
        Metric(t("m_reps"), fmt.number(team.reps)),
        Metric(t("team_cost_per_rep"), fmt.money(team.rep_cost_eur)),
        show.money_metric(t("m_team_cost"), team.annual_cost_eur),
    ])
    if team.reps > team.reps_without_regions:  # the regions round up one by one (docs/model.md, step 3)
        st.caption(t("crm_region_reps", reps=fmt.number(team.reps), without=fmt.number(team.reps_without_regions),
                     regions=fmt.number(sum(1 for region, _, _ in team.region_plan if region))))
    st.markdown(f"**{t('rep_check')}**")
    st.caption(t("rc_intro", per_customer=fmt.money(team.added_cm_per_customer_eur),
                 years=fmt.number(res.assumptions.horizon_years)))
    checks = views.rep_check_table(team)
    shown = display_frame(checks.drop(columns=["pays_off"]), {
        "accounts": t("rc_accounts"), "added_cm_eur": t("rc_added_cm"),
        "rep_cost_eur": t("rc_cost"), "surplus_eur": t("rc_surplus"),
    })
    shown[t("rc_accounts")] = fmt.number_series(checks["accounts"])
    shown[t("rc_pays")] = checks["pays_off"].map({True: "✓ " + t("yes"), False: "✗ " + t("no")})
    st.dataframe(shown, hide_index=True, width="stretch", key="rep_check_table")


def _years(res) -> None:
    years = res.internal.years
    st.subheader(t("years_table"))
    cols = {
        "year": t("y_year"), "baseline_revenue_eur": t("y_baseline"), "program_revenue_eur": t("y_program"),
        "delta_cm_eur": t("y_delta_cm"), "freed_visits_eur": t("y_freed"), "team_cost_eur": t("y_team_cost"),
        "setup_cost_eur": t("y_setup"), "cash_flow_eur": t("y_cash"), "cumulative_cash_eur": t("y_cumulative"),
    }
    shown = display_frame(years[list(cols)].drop(columns=["year"]), cols)
    shown.insert(0, t("y_year"), years["year"].astype(str))
    st.dataframe(shown, hide_index=True, width="stretch", key="years_table")
    st.subheader(t("cash_chart"))
    show.chart(charts.cash_chart(years, res.external.years), "cash_chart")


def _waterfall(res) -> None:
    st.subheader(t("wf_title"))
    bc = res.internal
    show.chart(charts.npv_waterfall(bc.npv_by_lever_eur, bc.npv_eur), "npv_waterfall_chart")
    st.caption(t("wf_note", rate=fmt.smart_pct(res.assumptions.discount_rate)))


def _make_or_buy(res) -> None:
    st.subheader(t("make_or_buy"))
    mob = res.make_or_buy
    show.make_or_buy_note(mob, verdict(res.internal, res.external))
    left, right = st.columns(2)
    for col, key, bc in ((left, "internal", res.internal), (right, "external", res.external)):
        with col:
            show.heading(t(key) + (" ✓" if mob.choice == key else ""))
            _measures(bc, per_row=2)
    table = views.make_or_buy_table(res.internal, res.external)
    labels = {"reps": t("mob_reps"), "annual_cost_eur": t("mob_annual_cost"), "setup_cost_eur": t("mob_setup"),
              "ramp_year1": t("mob_ramp"), "npv_eur": t("npv"), "irr": t("irr"), "roi": t("roi"),
              "payback_months": t("payback")}
    shown = pd.DataFrame({
        t("figure"): table["figure"].map(labels),
        t("internal"): [fmt.figure(k, v) for k, v in zip(table["kind"], table["internal"], strict=True)],
        t("external"): [fmt.figure(k, v) for k, v in zip(table["kind"], table["external"], strict=True)],
    })
    st.dataframe(shown, hide_index=True, width="stretch", key="make_or_buy_table")


def body() -> None:
    res = current_result()
    show.title(t("bc_title"))
    _measures(res.internal)
    show.caveats(res.caveats, res)
    _waterfall(res)
    _team(res)
    _years(res)
    _make_or_buy(res)


run_page(body)
