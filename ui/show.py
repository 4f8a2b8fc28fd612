"""One helper for each line the pages repeat: the title, a row of metrics, a headline amount, a heading, a Plotly
chart with the app's config, a download button, an uploaded file read once with its note, the verdict and the
make-or-buy recommendation."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import NamedTuple

import plotly.graph_objects as go
import streamlit as st

from calc.model import MakeOrBuy, ModelResult, PotentialSummary
from calc.verdict import Verdict
from ui import fmt, keys
from ui.i18n import t

MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME_CSV = "text/csv"
MIME_HTML = "text/html"
MIME_JSON = "application/json"
#: the Plotly config of every chart: no Plotly logo, and the mode bar only while the pointer is on the chart
#: (on a phone it would otherwise cover the legend above the plot)
PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": "hover"}
DOWNLOAD_ICON = ":material/download:"


#: Metrics that fit their column: the figure's size follows the column's width (a CSS container query: at most
#: Streamlit's 2.25rem, about 12 characters across), and a label wraps between words (inside one only where
#: it is wider than the column) instead of ending in an ellipsis.
FIT_FIGURES_CSS = """<style>
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"] { font-size: min(2.25rem, 13cqi) !important; }
[data-testid="stMetricLabel"] { font-size: min(0.875rem, 9cqi) !important; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricLabel"] p { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: break-word !important; word-break: normal !important;
  font-size: inherit !important; }
</style>"""


def fit_figures() -> None:
    """Once per run in the frame: metric figures and labels are never cut off (:data:`FIT_FIGURES_CSS`)."""
    st.html(FIT_FIGURES_CSS)


class Metric(NamedTuple):
    """One ``st.metric``: label, formatted value and an optional help text."""

    label: str
    value: str
    help: str | None = None


def money_metric(label: str, x: float | None, help: str | None = None) -> Metric:
    """A headline amount that fits its column (``2,64 Mio. €``), with the exact amount in the help text."""
    shown, exact = fmt.money_headline(x)
    parts = [p for p in (help, t("exact_value", value=exact) if exact else None) if p]
    return Metric(label, shown, "\n\n".join(parts) or None)


def title(text: str, intro: str | None = None) -> None:
    """The page title, with its one-line introduction below."""
    st.title(text)
    if intro is not None:
        st.caption(intro)


def metrics(items: Sequence[Metric], *, border: bool = False, per_row: int | None = None,
            key: str | None = None) -> None:
    """A row of metrics side by side (``per_row`` of them per row; default all in one row), in a container
    with the CSS class ``st-key-{key}`` when a key is given (the benchmark and browser tests find it so)."""
    per_row = per_row or len(items)
    with st.container(key=key) if key else nullcontext():
        for start in range(0, len(items), per_row):
            for col, m in zip(st.columns(per_row), items[start:start + per_row], strict=False):
                col.metric(m.label, m.value, border=border, help=m.help)


def chart(fig: go.Figure, key: str) -> None:
    """A Plotly figure across the container's width, with the app's chart config.

    In a session's first run in a browser the chart's place stays empty; the chart follows in a second run
    that the browser asks for once it has painted the first screen (:func:`charts_after_first_screen`).
    The browser's first chart loads Plotly (a script of about 5 MB that holds the browser's main thread for
    a second or more), which would otherwise hold the verdict and the figures back (bench/bench_first_load.py).
    Without a browser (AppTest) the chart is drawn at once."""
    if st.session_state.get(keys.CHARTS_READY) or not st.context.headers:
        st.plotly_chart(fig, width="stretch", key=key, config=dict(PLOTLY_CONFIG))
        return
    st.container(height=int(fig.layout.height or 400), border=False)
    st.session_state[keys.CHARTS_ARMED] = True


#: the browser side of :func:`charts_after_first_screen`: once the first screen is painted, ask the server
#: for a run.  "Painted" means no element is still waiting for its on-demand script (Streamlit shows a
#: ``stSkeleton`` in its place): a widget that has not mounted yet has no value in the browser, so a run
#: asked for before would come back with that widget at its default (the language radio at "Deutsch", the
#: fields empty).  If the page never settles within 20 s, no run is asked for; the charts then come with the
#: person's first action.
_PAINTED_JS = """
export default function (component) {
  const started = performance.now();
  const settled = () => !document.querySelector("[data-testid='stSkeleton']");
  const check = () => {
    if (settled()) {
      requestAnimationFrame(() => setTimeout(() => component.setTriggerValue("painted", true), 0));
    } else if (performance.now() - started < 20000) {
      setTimeout(check, 50);
    }
  };
  requestAnimationFrame(() => setTimeout(check, 0));
}
"""
PAINTED_KEY = "_first_screen_painted"


@functools.cache
def _painted():
    """The mounting command of the "first screen painted" component (registered once per process)."""
    return st.components.v2.component("first_screen_painted", js=_PAINTED_JS)


def _charts_now() -> None:
    """The painted signal's callback: nothing to do; the run it starts draws the charts."""


def charts_after_first_screen() -> None:
    """Called last in the frame: if this run left a chart's place empty, the charts follow in the next run.

    That run starts when the browser says it has painted the first screen (an invisible component with no
    face, mounted last): the first screen's figures are on screen before Plotly loads, with no fixed wait.
    Any earlier action of the person draws the charts as well.  The browser sends the rerun with every widget
    value it holds, so an entry made meanwhile is kept.  (An earlier version reran from the server, first
    from a timed fragment: a sidebar entry made during that fragment's rerun lost every sidebar value to its
    default, the language included.)"""
    if st.session_state.get(keys.CHARTS_ARMED) and not st.session_state.get(keys.CHARTS_READY):
        st.session_state[keys.CHARTS_READY] = True
        _painted()(key=PAINTED_KEY, on_painted_change=_charts_now, width="content", height="content")


def heading(text: str) -> None:
    """A heading one level below ``st.subheader`` (a table's or chart's title within a section)."""
    st.markdown(f"#### {text}")


def download(label: str, data: bytes | Callable[[], bytes], *, file_name: str, mime: str, key: str,
             icon: str | None = DOWNLOAD_ICON, container=st) -> None:
    """A download button that does not rerun the page when clicked (``data`` may be built on click)."""
    container.download_button(label, data=data, file_name=file_name, mime=mime, key=key, on_click="ignore",
                              icon=icon)


def upload_once(uploaded, key: str, process: Callable[[str, bytes], tuple[str, str]], *,
                rerun_on_ok: bool = False) -> None:
    """Process each uploaded file once (``process(name, raw) -> ("ok" | "error", note)``) and show its note
    on every rerun while the file stays in the uploader; ``key`` (from :mod:`ui.keys`) holds
    (file marker, status, note)."""
    if uploaded is None:
        st.session_state.pop(key, None)
        return
    marker = (uploaded.file_id, uploaded.name, uploaded.size)
    note = st.session_state.get(key)
    if note is None or note[0] != marker:
        st.session_state[key] = (marker, "error", None)  # read once, even if reading fails unexpectedly
        note = (marker, *process(uploaded.name, uploaded.getvalue()))
        st.session_state[key] = note
        if rerun_on_ok and note[1] == "ok":
            st.rerun()
    if note[2] is not None:
        (st.success if note[1] == "ok" else st.error)(note[2])


def hide_upload_note(key: str) -> None:
    """Stop showing the note of the file in the uploader (it is not read again)."""
    note = st.session_state.get(key)
    if note:
        st.session_state[key] = (note[0], note[1], None)


#: the key of the verdict's container (CSS class ``st-key-verdict``)
VERDICT_KEY = "verdict"


def verdict(v: Verdict) -> None:
    """The answer in one line: pays off within the horizon (and with which variant) or not."""
    with st.container(key=VERDICT_KEY):
        _verdict_line(v)


def _verdict_line(v: Verdict) -> None:
    if v.pays_off:
        st.success(t("verdict_pays", years=fmt.number(v.horizon_years), variant=t("choice_" + v.variant),
                     npv=fmt.money_compact(v.npv_eur), payback=fmt.payback(v.payback_months)),
                   icon=":material/check_circle:")
    else:
        st.warning(t("verdict_not", years=fmt.number(v.horizon_years), internal=fmt.money_compact(v.internal_npv_eur),
                     external=fmt.money_compact(v.external_npv_eur)), icon=":material/block:")


def make_or_buy_note(mob: MakeOrBuy, v: Verdict) -> None:
    """The recommendation: own team or provider, and by how much the NPV is higher; none where neither pays off."""
    if not v.pays_off:
        st.markdown(t("choice_none"))
        return
    st.markdown(t("choice_text", choice=t("choice_" + mob.choice), advantage=fmt.money(mob.advantage_eur)))


#: caveats that concern only some customers: a caption; the others (every customer on a default) a warning
_PART_CAVEATS = ("potential_default_part", "cm_rate_default_part")


def caveat_texts(keys_: Sequence[str], result: ModelResult, *, potential: PotentialSummary | None = None) -> list[str]:
    """The texts of caveat keys (:data:`calc.model.CAVEATS`) in the UI language, with the assumptions they rest on."""
    a = result.assumptions
    pot = potential or result.potential
    values = {
        "employees": fmt.smart_number(a.employees_default), "per_employee": fmt.money(a.potential_per_employee),
        "share": fmt.pct(pot.default_share, digits=1), "cm_rate": fmt.smart_pct(a.cm_rate),
        "data": t("method_short_data"), "homogeneous": t("method_short_homogeneous"),
    }
    return [t("caveat_" + key, **values) for key in keys_]


def caveats(keys_: Sequence[str], result: ModelResult, *, potential: PotentialSummary | None = None) -> None:
    """Say what the figures shown rest on instead of the data: one note per caveat key (issue 10 item 7)."""
    for key, text in zip(keys_, caveat_texts(keys_, result, potential=potential), strict=True):
        if key in _PART_CAVEATS:
            st.caption(":material/info: " + text)
        else:
            st.warning(text, icon=":material/info:")
