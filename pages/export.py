"""Export: Excel model, CRM hand-over (CSV/XLSX) and the HTML board report, each built on request."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from calc import Assumptions
from calc.assign import assignment_stats
from calc.isolate import JobLimitError
from ui import cache, data, fmt, keys, mc_editor, show
from ui.i18n import current_lang, t
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
    if not _requested("xlsx", t("export_xlsx_build"), (ds.key, a, lang)):
        return
    try:
        with st.spinner(t("building"), show_time=True):  # built in the worker process (ui.cache.runner)
            raw = cache.workbook(ds.customers, ds.key, a, lang)
    except JobLimitError as exc:
        st.error(exc.message(lang), icon=":material/block:")
        return
    show.download(t("export_xlsx_download"), raw, file_name=_file_name("file_model", ".xlsx"), mime=show.MIME_XLSX,
                  key="export_xlsx_download")


def _crm(ds: data.Dataset, a: Assumptions, lang: str) -> None:
    st.subheader(t("export_crm"))
    if not _requested("crm", t("export_crm_build"), (ds.key, a, lang)):
        return
    try:
        with st.spinner(t("building"), show_time=True):
            res = current_result()
            df = cache.assignment(res, ds.key, a)
            csv_bytes, xlsx_bytes = cache.assignment_files(res, ds.key, a, lang)
    except JobLimitError as exc:
        st.error(exc.message(lang), icon=":material/block:")
        return
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
    left, right = st.columns(2)
    show.download(t("export_crm_csv"), csv_bytes, file_name=_file_name("file_crm", ".csv"), mime=show.MIME_CSV,
                  key="export_crm_csv", container=left)
    show.download(t("export_crm_xlsx"), xlsx_bytes, file_name=_file_name("file_crm", ".xlsx"), mime=show.MIME_XLSX,
                  key="export_crm_xlsx", container=right)


def _report(ds: data.Dataset, a: Assumptions, lang: str) -> None:
    st.subheader(t("export_report"))
    mc = mc_editor.last_run()
    st.caption(t("export_report_with_mc") if mc else t("export_report_tornado_only"))
    label = data.display_name(ds)
    if not _requested("report", t("export_report_build"), (ds.key, a, lang, mc)):
        return
    try:
        with st.spinner(t("building"), show_time=True):
            raw = cache.report(ds.customers, current_result(), ds.key, a, lang, label, mc[0] if mc else None,
                               mc[1] if mc else None)
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
    _report(ds, a, lang)


run_page(body)
