"""Scenarios: save, load presets, compare 2-4 side by side, JSON files and comparison links."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from calc.errors import CalcError, Msg
from calc.scenarios import (
    MAX_SCENARIOS,
    MIN_SCENARIOS,
    PRESETS,
    decode_comparison,
    encode_comparison,
    scenarios_from_json,
    scenarios_to_json,
)
from ui import cache, charts, data, fmt, keys, saved, show, state, tables
from ui.i18n import say, t
from ui.page import run_page

MAX_UPLOAD_KB = 256


def _incoming_link() -> None:
    """A session opened with ``?cmp=...``: decode the comparison into the saved scenarios (once)."""
    code = st.session_state.pop(keys.CMP_PARAM, None) or st.query_params.get("cmp")
    if not code or st.session_state.get(keys.CMP_DONE) == code:
        return
    st.session_state[keys.CMP_DONE] = code
    try:
        scenarios = decode_comparison(code)
    except CalcError as exc:
        st.warning(t("scn_cmp_invalid", message=fmt.md_escape(say(exc))), icon=":material/link_off:")
        return
    saved.save_all(scenarios)
    st.session_state[keys.SCN_SELECT] = ["saved:" + name for name in scenarios][:MAX_SCENARIOS]
    st.success(t("scn_cmp_loaded", names=fmt.md_escape(", ".join(scenarios))))


def _presets() -> None:
    st.subheader(t("scn_presets"))
    cols = st.columns(len(saved.PRESET_KEYS))
    for col, key in zip(cols, saved.PRESET_KEYS, strict=True):
        col.button(t("preset_" + key), key="preset_" + key, on_click=state.set_assumptions,
                   args=(PRESETS[key],), width="stretch")


def _save() -> None:
    st.subheader(t("scn_save"))
    name = st.text_input(t("scn_name"), key="scn_name", max_chars=60)
    submitted = st.button(t("scn_save_button"), key="scn_save_button")
    if submitted:
        name = (name or "").strip()
        if not name:
            st.error(t("scn_name_missing"))
        else:
            saved.save(name, state.assumptions())
            st.success(t("scn_saved", name=fmt.md_escape(name)))
    names = list(saved.saved())
    st.caption(t("scn_saved_list", names=fmt.md_escape(", ".join(names))) if names else t("scn_none_saved"))


def _options() -> dict[str, tuple[str, object]]:
    """Multiselect option -> (display name, Assumptions)."""
    options = {"saved:" + name: (name, a) for name, a in saved.saved().items()}
    for key, a in PRESETS.items():
        options["preset:" + key] = (t("preset_" + key), a)
    return options


def _compare() -> None:
    st.subheader(t("scn_compare"))
    options = _options()
    selected = st.multiselect(
        t("scn_select"), list(options), format_func=lambda o: options[o][0] if o in options else o,
        max_selections=MAX_SCENARIOS, key=keys.SCN_SELECT,
    )
    selected = [o for o in selected if o in options]
    if len(selected) < MIN_SCENARIOS:
        st.info(t("scn_select_more"))
        return
    chosen: dict[str, object] = {}
    for o in selected:
        name = options[o][0]
        while name in chosen:  # a saved scenario may be named like a preset
            name += " *"
        chosen[name] = options[o][1]
    ds = data.dataset()
    cmp = cache.comparison(ds.customers, ds.key, tuple(chosen.items()), ds.orders)
    show.heading(t("scn_figures"))
    st.dataframe(tables.figures_table(cmp), hide_index=True, width="stretch", key="scn_figures_table")
    show.heading(t("scn_differences"))
    diff = tables.differences_table(cmp)
    if diff.empty:
        st.caption(t("scn_no_differences"))
    else:
        st.dataframe(diff, hide_index=True, width="stretch", key="scn_diff_table")
    show.heading(t("scn_cash"))
    show.chart(charts.scenario_cash(cmp), "scn_cash_chart")
    st.caption(t("scn_link"), help=t("scn_link_help"))
    st.code(state.share_url() + "&cmp=" + quote(encode_comparison(chosen)), language=None, wrap_lines=True)


def _files() -> None:
    st.subheader(t("scn_files"))
    scenarios = saved.saved()
    if scenarios:
        show.download(t("scn_download"), scenarios_to_json(scenarios).encode("utf-8"), file_name=t("scn_file_name"),
                      mime=show.MIME_JSON, key="scn_download", icon=None)
    # the widget's own cap is whole MB (its hint says 1MB); the label names the real limit, checked on reading
    upload = st.file_uploader(t("scn_upload", kb=MAX_UPLOAD_KB), type=["json"], key="scn_upload", max_upload_size=1)
    show.upload_once(upload, keys.SCN_UPLOAD_NOTE, _read_upload)


def _read_upload(filename: str, raw: bytes) -> tuple[str, str]:
    """Take the scenarios of an uploaded JSON file into the saved ones: ("ok" | "error", message)."""
    if len(raw) > MAX_UPLOAD_KB * 1024:
        return "error", t("scn_upload_too_large", kb=MAX_UPLOAD_KB)
    try:
        scenarios = scenarios_from_json(raw.decode("utf-8-sig"), source=Msg("err_src_scenario_file", file=filename))
    except (UnicodeDecodeError, CalcError) as exc:
        return "error", t("scn_upload_failed", message=fmt.md_escape(say(exc)))
    saved.save_all(scenarios)
    return "ok", t("scn_upload_ok", count=len(scenarios), names=fmt.md_escape(", ".join(scenarios)))


def body() -> None:
    show.title(t("scn_title"), t("scn_intro"))
    _incoming_link()
    _presets()
    _save()
    _files()
    _compare()


run_page(body)
