"""Frame of the small-customer business-case app: run with ``streamlit run app.py``.

Every rerun: page config, session start (language + scenario from the URL), the
shared sidebar (language, assumptions, share link), the URL sync, then the page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import data, fmt, keys, show, state
from ui.i18n import t
from ui.page import PAGES, frame_done, guarded

ROOT = Path(__file__).parent

st.set_page_config(
    page_title="Business Case Kleinkunden",
    page_icon=":material/insights:",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on a phone, open on a wide screen
)

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
        link_box = st.container()
        st.subheader(t("assumptions"))
        state.assumption_widgets()
        with link_box:
            st.caption(t("share_link"), help=t("share_link_help"))
            st.code(state.share_url(), language=None, wrap_lines=True)


def _frame_notes() -> None:
    warning = state.query_warning_text(st.session_state.get(keys.QUERY_WARNINGS, {}))
    if warning:
        st.warning(warning, icon=":material/link_off:")
    ds = data.dataset()
    if ds.is_sample:
        st.info(t("sample_note", customers=fmt.number(ds.report.customers)), icon=":material/info:")


guarded(_sidebar)
guarded(_frame_notes)
state.sync_url()
frame_done()
pg.run()
