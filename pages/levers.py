"""Levers: cost to serve and the whale curve, small orders and their policy, digital ordering, concentration,
history (levers.md).  Formula chain first, then charts, then tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from calc.levers import SMALL_ORDER_POLICIES, concentration_risk, message, unprofitable_customers, whale_points
from calc.model import SEGMENTS
from ui import charts, fmt, keys, show, state
from ui.i18n import current_lang, labeller, spec_label, t
from ui.page import current_result, run_page, segment_label
from ui.show import Metric
from ui.tables import csv_download, display_frame

TABLE_ROWS = 1_000
#: the columns of the unprofitable-customer list, in order (those the data has)
LOSS_COLUMNS = ("customer_id", "name", "segment", "revenue_current_eur", "orders_12m", "lines_12m",
                "cost_to_serve_eur", "profit_eur")


def _steps(steps) -> None:
    """Each figure with the formula that gives it, side by side (as the threshold page shows its chain)."""
    for col, (label, value, formula) in zip(st.columns(len(steps)), steps, strict=True):
        with col:
            st.metric(label, value, border=True)
            st.markdown(formula)


def _policy_formula(a, lf) -> str:
    s = lf.small_orders
    effect = fmt.money(lf.small_order_effect_eur)
    common = {"n": fmt.smart_number(s.orders), "c": fmt.smart_pct(a.consolidation_share),
              "cpo": fmt.money(a.cost_per_order, cents=True), "churn": fmt.smart_pct(a.policy_churn),
              "affected": fmt.money(s.affected_cm_revenue_eur), "result": effect}
    if a.small_order_policy == "surcharge":
        return t("f_policy_surcharge", surcharge=fmt.money(a.surcharge_eur, cents=True), **common)
    if a.small_order_policy == "minimum":
        return t("f_policy_minimum", cm_value=fmt.money(s.cm_value_eur), **common)
    return t("f_policy_none", result=effect)


def _chain(res, lf) -> None:
    a = res.assumptions
    st.subheader(t("lev_chain"))
    mov = fmt.money(lf.small_orders.min_order_value_eur, cents=True)
    cts_total = fmt.money(lf.cost_to_serve_total_eur)
    profit_total = fmt.money(lf.whale.total_profit_eur)
    _steps((
        (t("lev_cost_to_serve"), cts_total,
         t("f_cost_to_serve", cpv=fmt.money(res.field_cost.cost_per_visit_eur, cents=True),
           cpo=fmt.money(a.cost_per_order, cents=True), cpl=fmt.money(a.cost_per_line, cents=True),
           result=cts_total)),
        (t("lev_profit"), profit_total, t("f_profit", result=profit_total)),
        (t("lev_min_order_value"), mov,
         t("f_min_order_override", result=mov) if a.min_order_value is not None
         else t("f_min_order", cpo=fmt.money(a.cost_per_order, cents=True), cm=fmt.smart_pct(a.cm_rate), result=mov)),
        (t("lev_policy_effect"), fmt.money(lf.small_order_effect_eur), _policy_formula(a, lf)),
    ))


def _cost_to_serve(res, lf) -> None:
    st.subheader(t("lev_whale_title"))
    w = lf.whale
    show.metrics([
        Metric(t("lev_peak"), fmt.pct(w.peak_share, digits=1), t("help_whale_peak")),
        Metric(t("lev_unprofitable"), fmt.number(w.unprofitable_customers)),
        Metric(t("lev_destroyed"), fmt.money(w.profit_destroyed_eur)),
        Metric(t("lev_active"), fmt.number(w.customers)),
    ], border=True)
    show.chart(charts.whale_curve(whale_points(w), w.peak_share), "whale_chart")
    st.caption(t("whale_note"))

    show.heading(t("lev_by_segment"))
    by = lf.whale_by_segment
    table = pd.DataFrame({
        "segment": [segment_label(s) for s in SEGMENTS],
        "customers": [by[s].customers for s in SEGMENTS],
        "cost_to_serve_eur": [lf.cost_to_serve_by_segment_eur[s] for s in SEGMENTS],
        "total_profit_eur": [by[s].total_profit_eur for s in SEGMENTS],
        "unprofitable": [fmt.number(by[s].unprofitable_customers) for s in SEGMENTS],
        "profit_destroyed_eur": [by[s].profit_destroyed_eur for s in SEGMENTS],
    })
    st.dataframe(display_frame(table, {
        "segment": t("col_segment"), "customers": t("lev_active"), "cost_to_serve_eur": t("col_cost_to_serve"),
        "total_profit_eur": t("col_profit"), "unprofitable": t("lev_unprofitable"),
        "profit_destroyed_eur": t("lev_destroyed"),
    }), hide_index=True, width="stretch", key="lev_segment_table")

    show.heading(t("lev_loss_list"))
    details = res.customers[[c for c in ("name", "revenue_current_eur") if c in res.customers.columns]]
    full = unprofitable_customers(lf.customers, details, revenue=res.customers["revenue_current_eur"].to_numpy())
    known = {"orders_12m": lf.orders_known, "lines_12m": lf.lines_known}
    full = full[[c for c in LOSS_COLUMNS if c in full.columns and known.get(c, True)]]
    full["segment"] = full["segment"].astype(str).map(segment_label)
    headers = {c: t(k) for c, k in (
        ("customer_id", "col_customer_id"), ("name", "col_name"), ("segment", "col_segment"),
        ("revenue_current_eur", "col_revenue"), ("orders_12m", "col_orders"), ("lines_12m", "col_lines"),
        ("cost_to_serve_eur", "col_cost_to_serve"), ("profit_eur", "col_profit"))}
    st.caption(t("lev_loss_shown", shown=fmt.number(len(full.head(TABLE_ROWS))), total=fmt.number(len(full))))
    shown = display_frame(full.head(TABLE_ROWS))
    if "lines_12m" in full.columns:  # a count, like the orders
        shown["lines_12m"] = fmt.number_series(full["lines_12m"].head(TABLE_ROWS))
    st.dataframe(shown.rename(columns=headers), hide_index=True, width="stretch", key="lev_loss_table", height=320)
    csv_download(full, headers, label=t("download_csv"), file_key="file_unprofitable", key="download_unprofitable")


def _set_policy() -> None:
    """The page's policy radio changed: the same assumption as the sidebar's, through the same state."""
    state.set_assumptions(state.assumptions().replace(small_order_policy=st.session_state[keys.LEV_POLICY]))


def _small_orders(res, lf) -> None:
    a = res.assumptions
    st.subheader(t("lev_small_title"))
    if not lf.orders_known:
        st.info(t("lev_off_no_orders"), icon=":material/block:")
        return
    s = lf.small_orders
    show.metrics([
        Metric(t("lev_min_order_value"), fmt.money(s.min_order_value_eur, cents=True)),
        Metric(t("lev_small_orders"), fmt.smart_number(s.orders)),
        Metric(t("lev_small_value"), fmt.money(s.value_eur)),
        Metric(t("lev_small_customers"), fmt.number(s.customers)),
    ], border=True)
    st.session_state[keys.LEV_POLICY] = a.small_order_policy
    st.radio(spec_label("small_order_policy"), SMALL_ORDER_POLICIES, format_func=labeller("policy_"),
             key=keys.LEV_POLICY, horizontal=True, on_change=_set_policy)
    st.caption(t("lev_policy_note", group=t("group_levers"),
                 surcharge=spec_label("surcharge_eur"), consolidation=spec_label("consolidation_share"),
                 churn=spec_label("policy_churn")))
    show.metrics([Metric(t("lev_policy_effect"), fmt.money(lf.small_order_effect_eur), t("help_policy_effect"))],
                 border=True)
    st.markdown(_policy_formula(a, lf))


def _digital(res, lf) -> None:
    a = res.assumptions
    st.subheader(t("lev_digital_title"))
    if not lf.orders_known:
        st.info(t("lev_off_no_orders"), icon=":material/block:")
        return
    years = res.internal.years
    first, last = float(years["digital_eur"].iloc[1]), float(years["digital_eur"].iloc[-1])
    show.metrics([
        Metric(t("lev_covered_orders"), fmt.smart_number(lf.covered_orders_12m)),
        Metric(spec_label("digital_share"), fmt.smart_pct(a.digital_share)),
        Metric(t("lev_digital_year1"), fmt.money(first)),
        Metric(t("lev_digital_full"), fmt.money(last)),
    ], border=True)
    st.markdown(t("f_digital", orders=fmt.smart_number(lf.covered_orders_12m), share=fmt.smart_pct(a.digital_share),
                  ramp=fmt.smart_pct(res.internal.ramp_year1), cpo=fmt.money(a.cost_per_order, cents=True),
                  dcpo=fmt.money(a.digital_cost_per_order, cents=True), first=fmt.money(first),
                  full=fmt.money(last)))
    if not a.digital_share:
        st.caption(t("lev_digital_zero", name=spec_label("digital_share"), group=t("group_levers")))


def _lever_years(res) -> None:
    st.subheader(t("lev_years_title"))
    years = res.internal.years
    if not (years["small_order_effect_eur"].any() or years["digital_eur"].any()):
        st.caption(t("lev_years_off"))
        return
    show.chart(charts.lever_lines(years), "lever_lines_chart")
    cols = {"small_order_effect_eur": t("y_small_orders"), "digital_eur": t("y_digital")}
    part = years[years["year"] >= 1]
    shown = display_frame(part[list(cols)], cols)
    shown.insert(0, t("y_year"), part["year"].astype(str).to_numpy())
    st.dataframe(shown, hide_index=True, width="stretch", key="lever_years_table")


def _concentration(res, lf) -> None:
    st.subheader(t("lev_conc_title"))
    c = lf.concentration
    show.metrics([
        Metric(t("conc_top", k="1"), fmt.pct(c.top1_share, digits=1)),
        Metric(t("conc_top", k="5"), fmt.pct(c.top5_share, digits=1)),
        Metric(t("conc_top", k="10"), fmt.pct(c.top10_share, digits=1)),
        Metric(t("conc_top", k="20"), fmt.pct(c.top20_share, digits=1)),
        Metric(t("conc_hhi"), fmt.number(c.hhi), t("help_hhi")),
    ], border=True)
    added = float(res.internal.years["delta_cm_eur"].iloc[-1])
    risks = concentration_risk(res.customers["revenue_current_eur"].to_numpy(),
                               res.customers["cm_rate_used"].to_numpy(), added_margin_eur=added)
    st.markdown(t("conc_question", year=fmt.number(res.assumptions.horizon_years), added=fmt.money(added)))
    show.chart(charts.concentration_risk(risks, added), "concentration_chart")
    table = pd.DataFrame({
        "top": [t("conc_top", k=fmt.number(r.k)) for r in risks],
        "customers": [r.customers for r in risks],
        "revenue_share": [r.revenue_share for r in risks],
        "margin_at_risk_eur": [r.margin_at_risk_eur for r in risks],
        "ratio": [fmt.pct(r.ratio) for r in risks],
    })
    st.dataframe(display_frame(table, {
        "top": t("conc_col_top"), "customers": t("t_customers"), "revenue_share": t("t_revenue_share"),
        "margin_at_risk_eur": t("conc_at_risk"), "ratio": t("conc_ratio", year=fmt.number(res.assumptions.horizon_years)),
    }), hide_index=True, width="stretch", key="concentration_table")


def _history(res, lf) -> None:
    a = res.assumptions
    h = lf.history
    st.subheader(t("lev_history_title"))
    if not h.pairs or h.churn_small is None:
        st.info(t("lev_history_none"), icon=":material/block:")
        return
    st.caption(t("lev_history_years", first=str(h.years[0]), last=str(h.years[-1]), pairs=fmt.number(h.pairs),
                 small=fmt.number(h.small_start), active=fmt.number(h.active_start)))
    show.metrics([
        Metric(t("hist_churn_small"), fmt.pct(h.churn_small, digits=1), t("help_hist_churn_small")),
        Metric(t("hist_churn_all"), fmt.pct(h.churn_all, digits=1)),
        Metric(spec_label("churn_baseline"), fmt.smart_pct(a.churn_baseline)
               + (" · " + t("measured") if state.is_measured("churn_baseline", a.churn_baseline) else "")),
    ], border=True)
    if state.is_measured("churn_baseline", a.churn_baseline):
        st.success(t("hist_churn_in_use"), icon=":material/check_circle:")
    else:
        st.button(t("hist_use_churn", value=fmt.pct(h.churn_small, digits=2)), key="use_measured_churn",
                  on_click=state.use_measured, args=("churn_baseline", h.churn_small), icon=":material/straighten:")
    show.heading(t("hist_reality_check"))
    show.metrics([
        Metric(t("hist_promotion"), fmt.pct(h.promotion_small_to_key, digits=2), t("help_hist_promotion")),
        Metric(spec_label("capture_rate"), fmt.smart_pct(a.capture_rate), t("help_hist_capture")),
    ], border=True)
    st.caption(t("hist_reality_note"))


def body() -> None:
    res = current_result()
    lf = res.levers
    show.title(t("levers_title"), t("levers_intro"))
    if lf is None:
        st.info(t("lev_off_no_orders"), icon=":material/block:")
        return
    for note in lf.notes:
        st.info(message(note, current_lang()), icon=":material/info:")
    _chain(res, lf)
    st.divider()
    _cost_to_serve(res, lf)
    _small_orders(res, lf)
    _digital(res, lf)
    _lever_years(res)
    _concentration(res, lf)
    _history(res, lf)


run_page(body)
