"""Export: Excel model, CRM hand-over (CSV/XLSX), the approved plan (JSON) and the HTML board report, each built
on request."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from calc import Assumptions
from calc.assign import assignment_stats, handover_warnings, rep_table, spread_text
from calc.errors import DataError, PlanError
from calc.isolate import JobLimitError
from calc.roster import read_roster, roster_from_text
from ui import cache, data, fmt, keys, mc_editor, show, tables, tracking
from ui.i18n import current_lang, say, t
from ui.page import current_keys, current_result, run_page
from ui.show import Metric


def _requested(kind: str, button_label: str, inputs: tuple) -> bool:
    """True once the build button was pressed for exactly these inputs (data, scenario, language ...)."""
    flag = keys.export_request(kind)
    if st.button(button_label, key=flag + "_build"):
        st.session_state[flag] = inputs
    return st.session_state.get(flag) == inputs


def _file_name(key: str, extension: str) -> str:
    """A download's file name: the catalogue's stem, today's date, the extension."""
    return t(key) + dt.date.today().isoformat() + extension


def _excel(ds: data.Dataset, a: Assumptions, lang: str) -> None:
    st.subheader(t("export_xlsx"))
    currency = fmt.current_currency()
    if not _requested("xlsx", t("export_xlsx_build"), (ds.key, a, lang, currency)):
        return
    try:
        with st.spinner(t("building"), show_time=True):  # built in the worker process (ui.cache.runner)
            raw = cache.workbook(ds.customers, ds.key, a, lang, ds.orders, currency)
    except JobLimitError as exc:
        st.error(exc.message(lang), icon=":material/block:")
        return
    show.download(t("export_xlsx_download"), raw, file_name=_file_name("file_model", ".xlsx"), mime=show.MIME_XLSX,
                  key="export_xlsx_download")


def _handover_options():
    """The roster (uploaded or typed; None: placeholder reps), the effective date and the scenario's name."""
    with st.expander(t("crm_options")):
        upload = st.file_uploader(t("crm_roster_upload"), type=["csv", "xlsx"], key="export_roster_file",
                                  help=t("crm_roster_help"))
        typed = st.text_area(t("crm_roster_typed"), key="export_roster_text", placeholder=t("crm_roster_placeholder"),
                             help=t("crm_roster_help"))
        effective = st.date_input(t("crm_effective_date"), value=dt.date.today(), key="export_effective_date")
        name = st.text_input(t("crm_scenario_name"), value=t("crm_scenario_default"), key="export_scenario_name")
    roster = None
    try:
        if upload is not None:
            roster = read_roster(upload.getvalue(), filename=upload.name)
        elif typed and typed.strip():
            roster = roster_from_text(typed)
    except DataError as exc:
        st.error(t("crm_roster_error", message=fmt.md_escape(say(exc))))
    if roster is not None and roster.empty:
        roster = None
    return roster, effective, name


def _crm(ds: data.Dataset, a: Assumptions, lang: str) -> None:
    st.subheader(t("export_crm"))
    roster, effective, scenario_name = _handover_options()
    roster_key = cache.roster_key(roster)
    currency = fmt.current_currency()
    if not _requested("crm", t("export_crm_build"), (ds.key, a, lang, roster_key, effective, scenario_name, currency)):
        return
    try:
        with st.spinner(t("building"), show_time=True):
            res = current_result()
            df = cache.assignment(res, ds.key, a, roster, roster_key)
            csv_bytes, xlsx_bytes = cache.assignment_files(res, ds.key, a, lang, roster, roster_key, effective,
                                                          scenario_name, currency)
    except JobLimitError as exc:
        st.error(exc.message(lang), icon=":material/block:")
        return
    for warning in handover_warnings(res, lang=lang):
        st.warning(warning)
    stats = assignment_stats(df)
    show.metrics([
        Metric(t("crm_reps"), fmt.number(stats["reps"])),
        Metric(t("crm_customers"), fmt.number(stats["customers"])),
        Metric(t("crm_per_rep"), f"{fmt.number(stats['customers_per_rep_min'])}–"
               f"{fmt.number(stats['customers_per_rep_max'])}"),
        Metric(t("crm_spread"), fmt.pct(stats["revenue_spread"], digits=1)),
    ], border=True)
    st.caption(t("crm_revenue") + ": " + fmt.money(stats["revenue_per_rep_min_eur"]) + " – "
               + fmt.money(stats["revenue_per_rep_max_eur"]))
    st.markdown(spread_text(df, res, lang=lang))
    st.caption(t("crm_table"))
    st.dataframe(tables.display_frame(rep_table(df), {
        "assigned_rep": t("crm_col_rep"), "region": t("col_region"), "customers": t("crm_col_customers"),
        "revenue_current_eur": t("col_revenue_current_eur"), "potential_eur": t("col_potential_eur")}),
        hide_index=True)
    left, right = st.columns(2)
    show.download(t("export_crm_csv"), csv_bytes, file_name=_file_name("file_crm", ".csv"), mime=show.MIME_CSV,
                  key="export_crm_csv", container=left)
    show.download(t("export_crm_xlsx"), xlsx_bytes, file_name=_file_name("file_crm", ".xlsx"), mime=show.MIME_XLSX,
                  key="export_crm_xlsx", container=right)


def _plan(ds: data.Dataset, a: Assumptions) -> None:
    st.subheader(t("export_plan"))
    st.caption(t("export_plan_intro"))
    if not _requested("plan", t("export_plan_build"), (ds.key, a)):
        return
    try:
        with st.spinner(t("building")):
            raw = cache.plan_json(current_result(), ds.key, a, ds.name)
    except PlanError as exc:
        st.error(t("export_plan_failed", message=fmt.md_escape(say(exc))))
        return
    show.download(t("export_plan_download"), raw, file_name=_file_name("file_plan", ".json"), mime=show.MIME_JSON,
                  key="export_plan_download")


def _report(ds: data.Dataset, a: Assumptions, lang: str) -> None:
    st.subheader(t("export_report"))
    mc = mc_editor.last_run()
    st.caption(t("export_report_with_mc") if mc else t("export_report_tornado_only"))
    tracked = tracking.current()
    if tracked:
        st.caption(t("export_report_with_tracking"))
    label = data.display_name(ds)
    currency = fmt.current_currency()
    if not _requested("report", t("export_report_build"),
                      (ds.key, a, lang, mc, tracked[1] if tracked else None, currency)):
        return
    try:
        with st.spinner(t("building"), show_time=True):
            raw = cache.report(ds.customers, current_result(), ds.key, a, lang, label, mc[0] if mc else None,
                               mc[1] if mc else None, tracked[0] if tracked else None,
                               tracked[1] if tracked else None, ds.orders, currency)
    except JobLimitError as exc:
        st.error(exc.message(lang), icon=":material/block:")
        return
    show.download(t("export_report_download"), raw, file_name=_file_name("file_report", ".html"), mime=show.MIME_HTML,
                  key="export_report_download")


def body() -> None:
    show.title(t("export_title"), t("export_intro"))
    ds, a = current_keys()
    lang = current_lang()
    _excel(ds, a, lang)
    _crm(ds, a, lang)
    _plan(ds, a)
    _report(ds, a, lang)


run_page(body)
