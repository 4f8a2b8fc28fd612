"""One year later: the approved plan against the following year – the six checks, revenue, the two lists."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from calc.errors import DataError, PlanError
from calc.tracking import TrackingResult
from ui import data, fmt, keys, show, tracking
from ui.i18n import current_lang, say, t
from ui.page import run_page, segment_label
from ui.show import Metric
from ui.tables import csv_download, display_frame

ROWS_SHOWN = 200
CHECKS_PER_ROW = 3


def _read_plan(name: str, raw: bytes) -> tuple[str, str]:
    """Put an uploaded plan in force: ("ok" | "error", message); a failed read keeps the plan in force."""
    if len(raw) > data.MAX_UPLOAD_MB * 1024 * 1024:
        return "error", t("upload_too_large", mb=data.MAX_UPLOAD_MB)
    try:
        lp = tracking.read_plan(raw, name)
    except PlanError as exc:
        return "error", t("track_plan_failed", message=fmt.md_escape(say(exc)))
    tracking.use_plan(lp)
    return "ok", t("track_plan_ok", file=fmt.md_escape(name), customers=fmt.number(lp.plan.covered),
                   year=lp.plan.data_year)


def _read_data(name: str, raw: bytes) -> tuple[str, str]:
    """Put an uploaded following year in force (read like the data page's uploads)."""
    if len(raw) > data.MAX_UPLOAD_MB * 1024 * 1024:
        return "error", t("upload_too_large", mb=data.MAX_UPLOAD_MB)
    try:
        ds = data.read_bytes(raw, name)
    except DataError as exc:
        return "error", t("upload_failed", message=fmt.md_escape(say(exc)))
    tracking.use_data(ds)
    return "ok", t("track_data_ok", file=fmt.md_escape(name), customers=fmt.number(ds.report.customers))


def _sample_clicked() -> None:
    tracking.load_sample()
    show.hide_upload_note(keys.TRACK_PLAN_NOTE)
    show.hide_upload_note(keys.TRACK_DATA_NOTE)


def _inputs() -> None:
    st.button(t("track_sample"), key="track_sample", on_click=_sample_clicked, help=t("track_sample_help"),
              icon=":material/science:", type="primary")
    left, right = st.columns(2)
    with left:
        uploaded = st.file_uploader(t("track_plan_upload"), type=["json"], key="track_plan_upload",
                                    help=t("track_plan_upload_help"), max_upload_size=data.MAX_UPLOAD_MB)
        show.upload_once(uploaded, keys.TRACK_PLAN_NOTE, _read_plan)
    with right:
        uploaded = st.file_uploader(t("track_data_upload", mb=data.MAX_UPLOAD_MB), type=["csv", "txt", "xlsx", "parquet"],
                                    key="track_data_upload", help=t("upload_help"),
                                    max_upload_size=data.MAX_UPLOAD_MB)
        show.upload_once(uploaded, keys.TRACK_DATA_NOTE, _read_data)
    lp, ds = tracking.loaded_plan(), tracking.loaded_data()
    none = t("track_not_loaded")
    st.markdown(t("track_loaded", plan=fmt.md_escape(lp.name) if lp else none,
                  data=fmt.md_escape(ds.name) if ds else none))
    with st.expander(t("track_volumes"), expanded=True):
        st.caption(t("track_volumes_help"))
        tracking.relocalise_volumes()
        left, right = st.columns(2)
        with left:
            segment = tracking.volume_input(keys.TRACK_VOL_SEGMENT, t("track_vol_segment"))
        with right:
            total = tracking.volume_input(keys.TRACK_VOL_TOTAL, t("track_vol_total"))
    tracking.set_volumes(segment, total)


def _checks(res: TrackingResult, plan_year: int) -> None:
    counts = tracking.verdict_counts(res)
    lang = current_lang()
    st.header(t("track_summary", met=counts["met"], not_met=counts["not_met"], cannot=counts["cannot_tell"]))
    st.caption(t("track_scope", year=res.year, plan_year=plan_year, covered=fmt.number(res.covered),
                 missing=fmt.number(res.missing)))
    for start in range(0, len(res.checks), CHECKS_PER_ROW):
        for col, check in zip(st.columns(CHECKS_PER_ROW), res.checks[start:start + CHECKS_PER_ROW], strict=False):
            with col.container(border=True):
                st.markdown(f"### {tracking.verdict_markdown(check.verdict)}")
                st.markdown(f"**{check.label(lang)}**")
                target, actual = tracking.check_figures(check)
                st.markdown(f"#### {t('track_target')}: {target}\n#### {t('track_actual')}: {actual}")
                st.caption(fmt.md_escape(check.reason(lang)))


def _revenue(res: TrackingResult, plan_year: int) -> None:
    st.subheader(t("track_revenue_h"))
    show.metrics([
        Metric(t("track_rev_baseline"), fmt.money(res.revenue_baseline_eur)),
        Metric(t("track_rev_plan"), fmt.money(res.revenue_plan_eur)),
        Metric(t("track_rev_actual", year=res.year), fmt.money(res.revenue_actual_eur)),
    ], border=True)
    show.chart(tracking.revenue_chart(res), "track_revenue_chart")
    st.markdown(t("track_growth", year=plan_year, actual=fmt.pct(res.growth_actual, digits=1),
                  plan=fmt.pct(res.growth_plan, digits=1)) + " "
                + t("track_margin", group=fmt.pct(res.group_cm_rate, digits=1), key_rate=fmt.pct(res.key_cm_rate, digits=1)))


def _list(frame: pd.DataFrame, headers: dict[str, str], *, label: str, file_key: str, key: str) -> None:
    shown = frame.head(ROWS_SHOWN)
    if len(frame) > ROWS_SHOWN:
        st.caption(t("track_rows_shown", shown=fmt.number(ROWS_SHOWN), total=fmt.number(len(frame))))
    st.dataframe(display_frame(shown, headers), hide_index=True, width="stretch", key=key + "_table")
    csv_download(frame, headers, label=label, file_key=file_key, key=key + "_download")


def _reclustered(res: TrackingResult) -> None:
    st.subheader(t("track_recl_h"))
    if res.reclustered_customers.empty:
        st.info(t("track_recl_none"))
        return
    st.markdown(t("track_recl_caption", to_key=fmt.number(res.to_key), potential=fmt.number(res.to_potential)))
    frame = res.reclustered_customers.assign(segment=res.reclustered_customers["segment"].map(segment_label))
    headers = {"customer_id": t("col_customer_id"), "name": t("col_name"), "segment": t("col_segment"),
               "revenue_eur": t("track_rev_actual", year=res.year), "inside_rep": t("crm_col_assigned_rep"),
               "field_rep": t("col_field_rep")}
    _list(frame, headers, label=t("track_recl_download"), file_key="file_field_list", key="track_recl")


def _churned(res: TrackingResult) -> None:
    st.subheader(t("track_churn_h"))
    lost = res.churned_customers
    if lost.empty:
        st.info(t("track_churn_none"))
        return
    st.markdown(t("track_churn_caption", n=fmt.number(len(lost)), year=res.year,
                  missing=fmt.number(tracking.churned_missing(res))))
    frame = lost.assign(segment=lost["segment"].map(segment_label),
                        missing=lost["missing"].map({True: t("yes"), False: ""}))
    headers = {"customer_id": t("col_customer_id"), "name": t("col_name"), "segment": t("col_plan_segment"),
               "r0_eur": t("col_plan_revenue"), "inside_rep": t("crm_col_assigned_rep"),
               "field_rep": t("col_field_rep"), "missing": t("col_missing")}
    _list(frame, headers, label=t("track_churn_download"), file_key="file_churn_list", key="track_churn")


def body() -> None:
    show.title(t("track_title"), t("track_intro"))
    _inputs()
    try:
        found = tracking.current()
    except DataError as exc:
        st.error(t("track_failed", message=fmt.md_escape(say(exc))))
        return
    if found is None:
        st.info(t("track_need_both"))
        return
    res, _ = found
    plan_year = tracking.loaded_plan().plan.data_year
    _checks(res, plan_year)
    _revenue(res, plan_year)
    _reclustered(res)
    _churned(res)


run_page(body)
