"""Threshold & segments: cost per visit -> care cost -> revenue threshold, and who is small."""

from __future__ import annotations

import streamlit as st

from calc import views
from calc.model import SEGMENTS
from ui import charts, fmt, show
from ui.i18n import labeller, t
from ui.page import current_result, run_page, segment_label
from ui.show import Metric
from ui.tables import csv_download, display_frame

TABLE_ROWS = 1_000


def _chain(res) -> None:
    a = res.assumptions
    fc = res.field_cost
    st.subheader(t("chain"))
    cpv = fmt.money(fc.cost_per_visit_eur, cents=True)
    care = fmt.money(fc.care_cost_eur, cents=True)
    threshold = fmt.money(fc.revenue_threshold_eur, cents=True)
    steps = (
        (t("cost_per_visit"), cpv, t("f_cost_per_visit_override", result=cpv) if fc.cost_per_visit_overridden
         else t("f_cost_per_visit", rep_cost=fmt.money(a.field_rep_annual_cost),
                days=fmt.number(a.selling_days_per_year), visits=fmt.smart_number(a.visits_per_day), result=cpv)),
        (t("care_cost"), care,
         t("f_care_cost", visits=fmt.smart_number(a.visits_per_customer_year), cpv=cpv, result=care)),
        (t("revenue_threshold"), threshold, t("f_threshold_override", result=threshold)
         if fc.revenue_threshold_overridden
         else t("f_threshold", care=care, ratio=fmt.smart_pct(a.max_sales_cost_ratio), result=threshold)),
    )
    for col, (label, value, formula) in zip(st.columns(len(steps)), steps, strict=True):
        with col:
            st.metric(label, value, border=True)
            st.markdown(formula)


def _segments(res) -> None:
    st.subheader(t("segment_counts"))
    show.metrics([Metric(segment_label(seg), fmt.number(res.segments.counts[seg]),
                         fmt.money(res.segments.revenue_eur[seg])) for seg in SEGMENTS])
    table = views.segment_table(res.segments)
    table["segment"] = table["segment"].map(segment_label)
    headers = {
        "segment": t("col_segment"), "customers": t("t_customers"), "revenue_eur": t("col_revenue"),
        "revenue_share": t("t_revenue_share"), "potential_eur": t("col_potential_eur"),
        "revenue_per_customer_eur": t("t_revenue_per_customer"),
    }
    st.dataframe(display_frame(table, headers), hide_index=True, width="stretch", key="segment_table")
    # the potential segment and the potential column rest on the potential method's defaults
    show.caveats(res.potential.caveats, res)


def _charts(res) -> None:
    customers = res.customers
    left, right = st.columns(2)
    with left:
        st.subheader(t("pareto"))
        revenue = customers["revenue_current_eur"].to_numpy()
        curve = views.pareto_curve(revenue, max_points=500)
        show.chart(charts.pareto(curve), "pareto_chart")
        share = views.customer_share_for_revenue_share(revenue, 0.8)
        st.caption(t("pareto_note", share_a=fmt.pct(share)))
    with right:
        st.subheader(t("scatter"))
        points, total = views.scatter_points(
            revenue, customers["potential_eur"].to_numpy(), customers["segment"].astype(str).to_numpy(),
            max_points=3000,
        )
        fig = charts.scatter(points, res.field_cost.revenue_threshold_eur, res.assumptions.potential_threshold,
                             {s: segment_label(s) for s in SEGMENTS})
        show.chart(fig, "scatter_chart")
        st.caption(t("scatter_note", shown=fmt.number(len(points)), total=fmt.number(total)))


def _table(res) -> None:
    st.subheader(t("customer_table"))
    chosen = st.multiselect(
        t("filter_segment"), list(SEGMENTS), default=["small"], format_func=labeller("seg_"),
        key="segment_filter", persist_state="session",
    )
    full = views.customer_table(res.customers, chosen)
    shown = full.head(TABLE_ROWS).copy()
    shown["segment"] = shown["segment"].map(segment_label)
    headers = {c: t(k) for c, k in (
        ("customer_id", "col_customer_id"), ("name", "col_name"), ("industry", "col_industry"),
        ("region", "col_region"), ("revenue_current_eur", "col_revenue"), ("potential_eur", "col_potential_eur"),
        ("untapped_eur", "col_untapped_eur"), ("share_of_wallet", "col_share_of_wallet"), ("segment", "col_segment"),
        ("covered", "col_covered"))}
    st.caption(t("table_shown", shown=fmt.number(len(shown)), total=fmt.number(len(full))))
    st.dataframe(display_frame(shown, headers), hide_index=True, width="stretch", key="customer_table",
                 height=420)
    csv_download(full, headers, label=t("download_csv"), file_key="file_customers", key="download_customers")


def body() -> None:
    res = current_result()
    show.title(t("segments_title"))
    _chain(res)
    st.divider()
    _segments(res)
    _charts(res)
    _table(res)


run_page(body)
