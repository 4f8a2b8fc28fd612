"""One year later: the plan and the following year's data in force, the market volumes, and how a check shows.

* The plan sits in ``st.session_state[keys.TRACK_PLAN]`` (:class:`LoadedPlan`), the
  following year in ``st.session_state[keys.TRACK_DATA]`` (a :class:`ui.data.Dataset`,
  read like the data page's uploads); a failed read leaves both untouched.
* The market volumes are typed as text in the UI language and parsed with Babel
  (:func:`parse_amount`); the numbers in force sit in ``keys.TRACK_VOLUMES`` so the
  export page's report uses them too.
* :func:`current` is the one cached call to :func:`calc.tracking.track`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st
from babel.numbers import NumberFormatError, parse_decimal

from calc import report
from calc.texts import LOCALES
from calc.tracking import Check, Plan, TrackingResult
from ui import cache, data, fmt, keys
from ui.i18n import current_lang, t

FOLLOWUP_PATH = data.ROOT / "sample_data" / "kunden_folgejahr.csv"
#: the sample's market volumes (sample_data/README.md), EUR per year
SAMPLE_VOLUMES_EUR = (60_000_000.0, 900_000_000.0)
SAMPLE_PLAN_NAME = "plan_kunden.json"
VERDICT_COLOURS = {"met": "green", "not_met": "red", "cannot_tell": "gray"}
#: Material icons (rendered by the app's own icon font, unlike emoji on a bare projector PC)
VERDICT_ICONS = {"met": ":material/check_circle:", "not_met": ":material/cancel:", "cannot_tell": ":material/help:"}


@dataclass(frozen=True)
class LoadedPlan:
    """The plan in force on the tracking page."""

    key: str  # sha256 of the file's bytes and name: identifies the plan, never shown
    name: str
    plan: Plan


def _digest(raw: bytes, name: str) -> str:
    h = hashlib.sha256(raw)
    h.update(name.encode())
    return h.hexdigest()


def read_plan(raw: bytes, name: str) -> LoadedPlan:
    """Read a plan file's bytes (cached per session); raises PlanError."""
    return LoadedPlan(_digest(raw, name), name, cache.plan_file(raw, name))


def loaded_plan() -> LoadedPlan | None:
    return st.session_state.get(keys.TRACK_PLAN)


def loaded_data() -> data.Dataset | None:
    return st.session_state.get(keys.TRACK_DATA)


def use_plan(plan: LoadedPlan) -> None:
    st.session_state[keys.TRACK_PLAN] = plan


def use_data(ds: data.Dataset) -> None:
    st.session_state[keys.TRACK_DATA] = ds


def sample_plan() -> LoadedPlan:
    """The plan of the sample data with the default scenario (what ``python -m calc plan`` writes for it)."""
    raw = cache.sample_plan_json(str(data.SAMPLE_PATH), data.SAMPLE_PATH.stat().st_mtime)
    return read_plan(raw, SAMPLE_PLAN_NAME)


def load_sample() -> None:
    """Button callback: the sample plan, the sample's following year and its market volumes."""
    use_plan(sample_plan())
    use_data(data.read_bytes(FOLLOWUP_PATH.read_bytes(), FOLLOWUP_PATH.name))
    segment, total = SAMPLE_VOLUMES_EUR
    st.session_state[keys.TRACK_VOL_SEGMENT] = fmt.number(segment)
    st.session_state[keys.TRACK_VOL_TOTAL] = fmt.number(total)


# -- market volumes ------------------------------------------------------------------------
def parse_amount(text: str, lang: str | None = None) -> float | None:
    """An amount typed in the UI language: ``60.000.000`` (de) / ``60,000,000`` (en); empty -> None.

    Raises ValueError for anything that is not a number above 0.
    """
    cleaned = str(text).replace("€", "").replace("EUR", "").replace("\u00a0", "").replace(" ", "").strip()
    if not cleaned:
        return None
    try:
        value = float(parse_decimal(cleaned, locale=LOCALES[lang or current_lang()], strict=True))
    except NumberFormatError:
        raise ValueError(text) from None
    if not value > 0 or value == float("inf"):
        raise ValueError(text)
    return value


def volume_input(key: str, label: str) -> float | None:
    """A text input for a market volume; a bad entry shows a message in the UI language and counts as empty."""
    text = st.text_input(label, key=key, placeholder=fmt.number(SAMPLE_VOLUMES_EUR[0]), persist_state="session")
    try:
        return parse_amount(text)
    except ValueError:
        st.error(t("track_vol_bad", value=fmt.md_escape(text), example=fmt.number(SAMPLE_VOLUMES_EUR[0])))
        return None


def set_volumes(segment_eur: float | None, total_eur: float | None) -> None:
    """The market volumes in force, and the language they were typed in."""
    st.session_state[keys.TRACK_VOLUMES] = (segment_eur, total_eur, current_lang())


def volumes() -> tuple[float | None, float | None]:
    segment, total, _ = st.session_state.get(keys.TRACK_VOLUMES, (None, None, None))
    return segment, total


def relocalise_volumes() -> None:
    """After a language switch, show the volumes in force in the new language (before the inputs are drawn)."""
    stored = st.session_state.get(keys.TRACK_VOLUMES)
    if stored is None or stored[2] == current_lang():
        return
    for key, value in ((keys.TRACK_VOL_SEGMENT, stored[0]), (keys.TRACK_VOL_TOTAL, stored[1])):
        if value is not None:
            st.session_state[key] = fmt.smart_number(value)


# -- the result ----------------------------------------------------------------------------
def current() -> tuple[TrackingResult, str] | None:
    """Plan against actual for what is loaded, and its key for other caches; None until both are loaded."""
    lp, ds = loaded_plan(), loaded_data()
    if lp is None or ds is None:
        return None
    segment, total = volumes()
    result = cache.tracking(lp.plan, lp.key, ds.customers, ds.key, segment, total)
    return result, f"{lp.key}|{ds.key}|{segment!r}|{total!r}"


def verdict_counts(res: TrackingResult) -> dict[str, int]:
    """How many checks have each verdict."""
    return {v: sum(c.verdict == v for c in res.checks) for v in VERDICT_ICONS}


def churned_missing(res: TrackingResult) -> int:
    """How many of the lost customers are missing from the new data."""
    return int(res.churned_customers["missing"].sum()) if len(res.churned_customers) else 0


def verdict_markdown(verdict: str) -> str:
    """The verdict as a coloured icon and word (the app's icon font, so it shows on any projector)."""
    return f":{VERDICT_COLOURS[verdict]}[{VERDICT_ICONS[verdict]} {t('verdict_' + verdict)}]"


def check_figures(check: Check) -> tuple[str, str]:
    """The check's target (with its comparison sign) and actual figure in the UI language, as in the report."""
    return report.check_figures(check, current_lang(), currency=fmt.current_currency())


def revenue_chart(res: TrackingResult) -> go.Figure:
    """Bars: the plan's baseline, the plan's year 1 and the actual year of the covered customers."""
    labels = [t("track_rev_baseline"), t("track_rev_plan"), t("track_rev_actual", year=res.year)]
    values = [res.revenue_baseline_eur, res.revenue_plan_eur, res.revenue_actual_eur]
    fig = go.Figure(go.Bar(
        x=labels, y=values, text=[fmt.money_short(v) for v in values], textposition="outside",
        marker_color=["#9aa5b1", "#1f6f8b", "#2e8b57"], hoverinfo="skip", textfont={"size": 18},
    ))
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 30, "b": 10}, showlegend=False,
                      font={"size": 16}, yaxis={"visible": False, "range": [0, max(values + [1.0]) * 1.18]})
    return fig
