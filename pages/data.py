"""Data: upload a customer or transaction table, see what was recognised, fix the mapping."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from calc.columns import CANONICAL_COLUMNS, suggest_header
from calc.errors import DataError
from ui import cases, data, fmt, keys, show
from ui.i18n import CATALOGS, current_lang, say, t
from ui.page import run_page
from ui.show import Metric
from ui.tables import csv_download, display_frame

PREVIEW_ROWS = 200
PROBLEM_ROWS_SHOWN = 200
#: Drop-downs of the mapping shown at once, and per page behind "map further columns".
MAPPING_FIRST = 12
MAPPING_PAGE = 50
MAPPING_CHOICES = [c for c in CANONICAL_COLUMNS if c != "revenue_<YYYY>"] + [
    f"revenue_{y}" for y in range(2018, 2031)
]


def _mapping_label(name: str, lang: str | None = None) -> str:
    lang = lang or current_lang()
    if name == "":
        return CATALOGS[lang]["mapping_skip"]
    if name.startswith("revenue_") and name[8:].isdigit():
        label = CANONICAL_COLUMNS["revenue_<YYYY>"].replace("YYYY", name[8:])
    else:
        label = CANONICAL_COLUMNS.get(name, name)
    en, _, de = label.partition(" / ")
    return f"{de or en}" if lang == "de" else en


def _handle_upload() -> None:
    uploaded = st.file_uploader(
        t("upload", mb=data.MAX_UPLOAD_MB),
        type=["csv", "txt", "xlsx", "parquet"],
        key="upload",
        help=t("upload_help"),
        max_upload_size=data.MAX_UPLOAD_MB,  # the browser refuses a larger file at once, before sending it
    )
    st.caption(t("upload_large_hint", mb=data.MAX_UPLOAD_MB))  # ... in English: this says why and what to do
    show.upload_once(uploaded, keys.UPLOAD_NOTE, _read_upload, rerun_on_ok=True)


def _read_upload(name: str, raw: bytes) -> tuple[str, str]:
    """Put an uploaded file in force: ("ok" | "error", message); a failed read keeps the data in force.

    A file refused for a missing column is held for its column mapping (:func:`_pending_mapping`)."""
    if len(raw) > data.MAX_UPLOAD_MB * 1024 * 1024:
        data.drop_pending()
        return "error", t("upload_too_large", mb=data.MAX_UPLOAD_MB)
    try:
        ds = data.read_bytes(raw, name)
    except DataError as exc:
        data.hold_for_mapping(raw, name, exc)
        return "error", t("upload_failed", message=fmt.md_escape(data.error_text(exc)))
    data.use(ds)  # the rerun after "ok" lets the frame (sample-data note, sidebar) show the new data at once
    return "ok", t("upload_ok", file=fmt.md_escape(ds.name), customers=fmt.number(ds.report.customers))


def _back_to_sample() -> None:
    data.use(data.sample_dataset())
    show.hide_upload_note(keys.UPLOAD_NOTE)


def _discard_pending() -> None:
    data.drop_pending()
    show.hide_upload_note(keys.UPLOAD_NOTE)


def _report(ds: data.Dataset) -> None:
    rep = ds.report
    st.subheader(t("report"))
    show.metrics([
        Metric(t("r_rows"), fmt.number(rep.rows_read)),
        Metric(t("r_customers"), fmt.number(rep.customers)),
        Metric(t("r_problems"), fmt.number(rep.problems_total)),
        Metric(t("r_no_customer_id"), fmt.number(rep.lines_without_customer_id)),
    ])
    years = ", ".join(str(y) for y in rep.revenue_years) or "–"
    delimiter = {";": ";", ",": ",", "\t": "Tab", "|": "|"}.get(rep.delimiter or "", "–")
    st.markdown(
        f"**{t('r_file')}:** {fmt.md_escape(rep.file)} · **{t('r_kind')}:** {t('kind_' + rep.kind)} · "
        f"**{t('r_years')}:** {years} · **{t('r_encoding')}:** {rep.encoding} / {fmt.md_escape(delimiter)}"
    )
    if rep.warnings:
        with st.expander(t("warnings"), expanded=True):
            for w in rep.warnings:
                st.text(say(w))


def _columns(ds: data.Dataset) -> None:
    rep = ds.report
    left, right = st.columns(2)
    with left:
        st.subheader(t("recognised"))
        rows = [(orig, _mapping_label(canon)) for orig, canon in rep.columns_recognised.items()]
        st.dataframe(
            pd.DataFrame(rows, columns=[t("col_original"), t("col_canonical")]),
            hide_index=True, width="stretch", key="recognised_table",
        )
    with right:
        st.subheader(t("ignored"))
        if not rep.columns_ignored:
            st.success(t("ignored_none"))
            return
        st.caption(t("mapping_intro"))
        chosen = _mapping_widgets(rep.columns_ignored, dict(ds.mapping),
                                  has_region="region" in rep.columns_recognised.values())
        if st.button(t("reread"), key="reread", type="primary"):
            mapping = _merged(ds.mapping, chosen)
            try:
                if ds.is_sample:
                    new = data.sample_dataset(mapping)
                else:
                    new = data.read_bytes(ds.raw, ds.name, mapping)
            except DataError as exc:
                st.error(t("upload_failed", message=fmt.md_escape(data.error_text(exc))))
            else:
                data.use(new)
                st.rerun()


def _pending_mapping(held: data.PendingFile) -> None:
    """The column mapping of an upload refused for a missing column: its headers, its first rows, a second try.

    The data in force stays in force until the second try reads the file.  The file waits (also while the user
    looks at other pages, which empties the uploader) until it is read, another file is uploaded, or the user
    drops it."""
    seen = held.peek
    st.subheader(t("pending_title", file=fmt.md_escape(held.name)))
    missing = ", ".join(t("missing_" + c) for c in seen.missing)
    st.warning(t("pending_intro", file=fmt.md_escape(held.name), missing=missing), icon=":material/table_edit:")
    if held.retried:
        st.error(t("upload_failed", message=fmt.md_escape(data.error_text(held.error))))
    show.heading(t("pending_preview", n=fmt.number(len(seen.preview))))
    named = {str(h): say(h) for h in seen.headers}  # a column without a header, named in the UI language
    st.dataframe(seen.preview.rename(columns=named), hide_index=True, width="stretch", key="pending_preview")
    if seen.recognised:
        found = ", ".join(f"{fmt.md_escape(h)} → {_mapping_label(c)}" for h, c in seen.recognised.items())
        st.caption(t("pending_recognised", columns=found))
    chosen = _mapping_widgets(seen.ignored, dict(held.mapping), prefix="pending_",
                              has_region="region" in seen.recognised.values())
    read, drop = st.columns([3, 2])
    read_clicked = read.button(t("pending_read"), key="pending_read", type="primary")
    drop.button(t("pending_drop"), key="pending_drop", on_click=_discard_pending, icon=":material/close:")
    if read_clicked:
        mapping = _merged(held.mapping, chosen)
        try:
            new = data.read_bytes(held.raw, held.name, mapping)
        except DataError as exc:
            data.retry_failed(held, mapping, exc)
            st.rerun()
        data.use(new)
        note = st.session_state.get(keys.UPLOAD_NOTE)
        if note is not None:  # the uploader's note of this file now says it was read
            st.session_state[keys.UPLOAD_NOTE] = (note[0], "ok", t(
                "upload_ok", file=fmt.md_escape(new.name), customers=fmt.number(new.report.customers)))
        st.rerun()


def _merged(earlier: tuple[tuple[str, str], ...], chosen: dict[str, str]) -> dict[str, str]:
    """The mapping of the next try: the earlier one with the drop-downs on show, without the columns not used."""
    return {h: c for h, c in {**dict(earlier), **chosen}.items() if c}


def _mapping_order(ignored: tuple[str, ...], mapped: dict[str, str]) -> list[int]:
    """Indexes into ``ignored``: those the user has mapped first, then the file's order."""
    return sorted(range(len(ignored)), key=lambda i: (ignored[i] not in mapped, i))


def _mapping_widgets(ignored: tuple[str, ...], mapped: dict[str, str], *, prefix: str = "",
                     has_region: bool = False) -> dict[str, str]:
    """Drop-downs for the ignored columns: the first few at once, the rest on demand, a page at a time.

    Returns the choice of every drop-down on show (``""``: don't use).

    A file of thousands of columns must not cost thousands of widgets on every rerun:
    at most ``MAPPING_FIRST + MAPPING_PAGE`` drop-downs are rendered.  A column the
    model suggests a meaning for (a country as the region, where the file has no
    region: :func:`calc.columns.suggest_header`) starts with that meaning chosen.
    """
    order = _mapping_order(ignored, mapped)
    chosen: dict[str, str] = {}
    lang = current_lang()
    options = ["", *MAPPING_CHOICES]
    taken = set(mapped.values()) | ({"region"} if has_region else set())

    def widget(i: int) -> None:
        header = ignored[i]
        suggested = suggest_header(header, taken=taken) if header not in mapped else None
        current = mapped.get(header, suggested or "")
        choice = st.selectbox(
            fmt.md_escape(say(header)), options, index=options.index(current) if current in options else 0,
            format_func=partial(_mapping_label, lang=lang), key=f"{prefix}map__{i}__{header}",
            help=t("mapping_suggested", column=_mapping_label(suggested, lang)) if suggested else None,
        )
        chosen[header] = choice  # "" too: a column set back to "don't use" drops its earlier choice

    for i in order[:MAPPING_FIRST]:
        widget(i)
    rest = order[MAPPING_FIRST:]
    if rest and st.toggle(t("mapping_more", n=fmt.number(len(rest))), key=f"{prefix}mapping_more"):
        needle = st.text_input(t("mapping_filter"), key=f"{prefix}mapping_filter").strip().casefold()
        if needle:
            rest = [i for i in rest if needle in str(ignored[i]).casefold()]
        pages = max(1, -(-len(rest) // MAPPING_PAGE))
        page = st.number_input(t("mapping_page"), min_value=1, max_value=pages, value=1, step=1,
                               key=f"{prefix}mapping_page") if pages > 1 else 1
        start = (int(page) - 1) * MAPPING_PAGE
        shown = rest[start:start + MAPPING_PAGE]
        if shown:
            st.caption(t("mapping_shown", start=fmt.number(start + 1), end=fmt.number(start + len(shown)),
                         total=fmt.number(len(rest))))
        for i in shown:
            widget(i)
    return chosen


def _dropped_lines(ds: data.Dataset) -> None:
    """The rows left out for lack of a customer id: how many, their revenue and its share, and the rows as CSV."""
    rep = ds.report
    if not rep.lines_without_customer_id:
        return
    share = rep.revenue_share_without_customer_id
    key = "dropped_line_one" if rep.lines_without_customer_id == 1 else "dropped_lines"
    st.warning(t(key, n=fmt.number(rep.lines_without_customer_id),
                 revenue=fmt.money(rep.revenue_without_customer_id_eur),
                 share=fmt.pct(share, digits=1) if share is not None else "–"), icon=":material/person_off:")
    if data.can_list_dropped_lines(ds):
        show.download(t("dropped_download"), data.dropped_lines_csv(ds),
                      file_name=t("file_dropped"), mime=show.MIME_CSV, key="download_dropped")


def _problems(ds: data.Dataset) -> None:
    rep = ds.report
    st.subheader(t("problems"))
    _dropped_lines(ds)
    if rep.problems_total == 0:
        st.success(t("problems_none_other" if rep.lines_without_customer_id else "problems_none"))
        return
    frame = rep.problems_frame(lang=current_lang())
    headers = {"row": t("p_row"), "column": t("p_column"), "value": t("p_value"), "reason": t("p_reason")}
    st.caption(t("problems_shown", shown=fmt.number(min(len(frame), PROBLEM_ROWS_SHOWN)),
                 total=fmt.number(rep.problems_total)))
    st.dataframe(display_frame(frame.head(PROBLEM_ROWS_SHOWN), headers), hide_index=True, width="stretch",
                 key="problems_table")
    csv_download(frame, headers, label=t("problems_download"), file_key="file_problems", key="download_problems")


def body() -> None:
    show.title(t("data_title"), t("data_intro"))
    _handle_upload()
    ds = data.dataset()
    if not ds.is_sample:
        st.button(t("back_to_sample"), key="back_to_sample", on_click=_back_to_sample,
                  icon=":material/restart_alt:")
    held = data.pending()
    if held is not None:
        _pending_mapping(held)
    _report(ds)
    if held is None:  # one mapping panel at a time: the waiting file's
        _columns(ds)
    _problems(ds)
    st.subheader(t("preview", n=PREVIEW_ROWS))
    preview = ds.customers.head(PREVIEW_ROWS).dropna(axis=1, how="all")
    headers = {c: _mapping_label(c) for c in preview.columns}
    st.dataframe(display_frame(preview, headers), hide_index=True, width="stretch", key="preview_table")
    cases.case_file_section()  # the offline hand-over: data + scenario as one file


run_page(body)
