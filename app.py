"""Frame of the small-customer business-case app: run with ``streamlit run serve.py`` (or ``app.py``).

Every rerun: page config, session start (language + scenario from the URL, or after a
server restart from the re-sent widget values), the shared sidebar (language, assumptions,
share link), the frame notes (restart notice, sample data), the URL sync, then the page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import auth, cases, data, fmt, keys, show, state
from ui.i18n import t
from ui.page import PAGES, data_line, frame_done, guarded

ROOT = Path(__file__).parent

st.set_page_config(
    page_title="Business Case Kleinkunden",
    page_icon=":material/insights:",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on a phone, open on a wide screen
)

NOT_FOUND_PARAM = "not_found"  # a mistyped deep link, redirected by serve.py


def _take_not_found() -> None:
    """Move ``?not_found=<path>`` into the session (before the URL is read as a scenario)."""
    if NOT_FOUND_PARAM in st.query_params:
        st.session_state[keys.NOT_FOUND] = str(st.query_params.get(NOT_FOUND_PARAM))[:200]
        del st.query_params[NOT_FOUND_PARAM]


_take_not_found()
state.init_session()
show.fit_figures()

pages = [
    st.Page(
        str(ROOT / file),
        title=t("page_" + key),
        url_path=url_path,
        icon=icon,
        default=key == "overview",
    )
    for key, (file, url_path, icon) in PAGES.items()
]
pg = st.navigation(pages, position="sidebar")


def _sidebar() -> None:
    with st.sidebar:
        state.language_switch()
        state.currency_setting()
        link_box = st.container()
        st.subheader(t("assumptions"))
        state.assumption_widgets()
        # the link opens in a popover: a code block, drawn only once the popover opens, loads a syntax
        # highlighter of 1.5 MB that would hold the first screen back (bench/bench_first_load.py)
        with link_box, st.popover(t("share_link"), icon=":material/link:", width="stretch",
                                  help=t("share_link_help")):
            st.code(state.share_url(), language=None, wrap_lines=True)
            cases.share_box()
        auth.logout_button()


def _frame_notes() -> None:
    missing = st.session_state.pop(keys.NOT_FOUND, None)
    if missing:
        st.warning(t("page_not_found", path=fmt.md_escape(missing)), icon=":material/link_off:")
    warning = state.query_warning_text(st.session_state.get(keys.QUERY_WARNINGS, {}))
    if warning:
        st.warning(warning, icon=":material/link_off:")
    cases.notes()
    ds = data.dataset()
    if st.session_state.get(keys.RESTARTED):
        st.warning(state.restart_note_text(ds), icon=":material/restart_alt:")
        st.button(t("restart_ok"), key=keys.RESTART_OK, on_click=state.dismiss_restart_note)
    if ds.is_sample and st.session_state.get(keys.LINK_SCENARIO):
        st.info(t("link_sample_note"), icon=":material/info:")
    elif ds.is_sample:
        st.info(t("sample_note", customers=fmt.number(ds.report.customers)), icon=":material/info:")
    data_line(ds)


if auth.gate():  # False: only the sign-in is drawn (when the secrets ask for one), nothing else runs
    guarded(cases.open_from_link)
    cases.apply_pending()
    guarded(_sidebar)
    guarded(_frame_notes)
    state.sync_url()
    frame_done()
    pg.run()
    show.charts_after_first_screen()
