"""Frame helpers every page uses: the error guard, the scenario and the result."""

from __future__ import annotations

import logging
import runpy
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from calc import Assumptions, ModelResult
from calc.errors import CalcError
from ui import data, fmt, keys, state
from ui.i18n import say, t

log = logging.getLogger("smart_accounts.app")

#: key: (file, url_path, icon).  Each url path is the one Streamlit infers from the
#: file name.  Streamlit treats a ``pages/`` folder as a legacy (v1) multipage app
#: until the server process's first ``st.navigation`` call. On a fresh server's
#: first request for an inner page it therefore runs that page's file directly,
#: without app.py.  With matching url paths the v1 lookup finds the page (no
#: "Page not found" dialog), and :func:`run_page` runs the frame around it.
PAGES = {
    "overview": ("pages/overview.py", "overview", ":material/dashboard:"),
    "data": ("pages/data.py", "data", ":material/upload_file:"),
    "segments": ("pages/segments.py", "segments", ":material/donut_small:"),
    "potential": ("pages/potential.py", "potential", ":material/trending_up:"),
    "business_case": ("pages/business_case.py", "business_case", ":material/payments:"),
    "levers": ("pages/levers.py", "levers", ":material/tune:"),
    "scenarios": ("pages/scenarios.py", "scenarios", ":material/compare_arrows:"),
    "risk": ("pages/risk.py", "risk", ":material/ssid_chart:"),
    "export": ("pages/export.py", "export", ":material/download:"),
    "tracking": ("pages/tracking.py", "tracking", ":material/fact_check:"),
}

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"


def frame_done() -> None:
    """Called by app.py just before ``pg.run()``: this run went through the frame."""
    st.session_state[keys.FRAME_RAN] = True


def run_page(body: Callable[[], None]) -> None:
    """Render a page body inside the frame (every page file ends with this call).

    A page file started without app.py (Streamlit's legacy ``pages/`` mode, on a
    fresh server process's first request and in every AppTest run) runs the frame
    instead; the frame's ``st.navigation`` then runs this page again, inside it.
    """
    if st.session_state.pop(keys.FRAME_RAN, False) or st.session_state.get(keys.FRAME_FALLBACK):
        guarded(body)
        return
    st.session_state[keys.FRAME_FALLBACK] = True  # never recurse, whatever the frame does
    try:
        runpy.run_path(str(APP_PATH), run_name="__main__")
    finally:
        st.session_state[keys.FRAME_FALLBACK] = False


def guarded(body: Callable[[], None]) -> None:
    """Run a page body; known errors show their message, anything else a friendly note."""
    try:
        body()
    except ScriptControlException:  # st.rerun / st.switch_page / st.stop
        raise
    except CalcError as exc:
        st.error(fmt.md_escape(say(exc)))
    except Exception:  # noqa: BLE001 - never show a traceback to the user
        log.exception("page failed")
        st.error(t("unexpected_error"))


def current_keys() -> tuple[data.Dataset, Assumptions]:
    """The data set in force and the scenario in force (the keys of every cached call)."""
    return data.dataset(), state.assumptions()


def current_result() -> ModelResult:
    """The one model result of this rerun (cached per data set and scenario)."""
    return data.result(state.assumptions())


def data_line(ds: data.Dataset) -> None:
    """The line every page shows under the frame's notes: which data is in force, its customers and when it was
    read (local time, in the UI language's format)."""
    st.caption(t("data_in_use", name=fmt.md_escape(data.display_name(ds)), customers=fmt.number(ds.report.customers),
                 read=data.read_when(ds)))


def segment_label(segment: str) -> str:
    return t("seg_" + segment)


def page_link(key: str, label: str) -> None:
    """A link to another page that carries the scenario in the URL."""
    file, _, icon = PAGES[key]
    st.page_link(file, label=label, icon=icon, query_params=state.query_dict())
