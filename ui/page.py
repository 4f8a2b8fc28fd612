"""Frame helpers every page uses: the error guard, the scenario and the result."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from calc import ModelResult
from calc.errors import CalcError
from ui import data, fmt, state
from ui.i18n import t

log = logging.getLogger("smart_accounts.app")

#: key: (file, url_path, icon).  The url paths deliberately differ from the file
#: names: Streamlit still treats a ``pages/`` folder as a legacy (v1) multipage app
#: until ``st.navigation`` runs, and a v1 page whose URL matched ours would run
#: without this frame (on a fresh server's first request, and in every AppTest rerun).
#: What remains: the very first request after a server start, if it is for an inner
#: page, shows Streamlit's dismissable "Page not found" note before the frame renders
#: the right page.  Renaming the folder (e.g. ``app_pages/``) removes that too.
PAGES = {
    "overview": ("pages/overview.py", "start", ":material/dashboard:"),
    "data": ("pages/data.py", "customer-data", ":material/upload_file:"),
    "segments": ("pages/segments.py", "threshold-segments", ":material/donut_small:"),
    "potential": ("pages/potential.py", "potential-analysis", ":material/trending_up:"),
    "business_case": ("pages/business_case.py", "business-case", ":material/payments:"),
    "scenarios": ("pages/scenarios.py", "compare-scenarios", ":material/compare_arrows:"),
    "risk": ("pages/risk.py", "risk-analysis", ":material/ssid_chart:"),
    "export": ("pages/export.py", "downloads", ":material/download:"),
}


def guarded(body: Callable[[], None]) -> None:
    """Run a page body; known errors show their message, anything else a friendly note."""
    try:
        body()
    except ScriptControlException:  # st.rerun / st.switch_page / st.stop
        raise
    except CalcError as exc:
        st.error(fmt.md_escape(exc))
    except Exception:  # noqa: BLE001 - never show a traceback to the user
        log.exception("page failed")
        st.error(t("unexpected_error"))


def current_result() -> ModelResult:
    """The one model result of this rerun (cached per data set and scenario)."""
    return data.result(state.assumptions())


def segment_label(segment: str) -> str:
    return t("seg_" + segment)


def page_link(key: str, label: str) -> None:
    """A link to another page that carries the scenario in the URL."""
    file, _, icon = PAGES[key]
    st.page_link(file, label=label, icon=icon, query_params=state.query_dict())
