"""The Monte Carlo editor of the risk page: the table of ranges, its form and the last run of the session.

The table is in widget units (rates in %, as in the sidebar); :func:`ranges` turns
it into :class:`~calc.montecarlo.TriangularRange` values in model units.  The last
run is remembered as (data key, Assumptions, ranges, seed), so the export page can
put that run into the report while the data and scenario still match.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from calc.assumptions import SPECS, Assumptions
from calc.montecarlo import DEFAULT_UNCERTAIN, TriangularRange, default_ranges
from ui import cache, data, keys, state
from ui.i18n import spec_label, t

#: the uncertain assumptions the editor offers, in its row order
NAMES = DEFAULT_UNCERTAIN


def default_table(a: Assumptions) -> pd.DataFrame:
    """Editor table of the uncertain assumptions in widget units (rates in %), from
    :func:`calc.montecarlo.default_ranges` (usual range, most likely = the scenario)."""
    rows = []
    for name, r in default_ranges(a, NAMES).items():
        spec = SPECS[name]
        rows.append({"name": name, "label": spec_label(name), "low": float(state.to_widget(spec, r.low)),
                     "mode": float(state.to_widget(spec, r.mode)), "high": float(state.to_widget(spec, r.high))})
    return pd.DataFrame(rows)


def reset_table() -> None:
    """Callback: the editor starts again from the scenario in force."""
    st.session_state[keys.MC_TABLE] = default_table(state.assumptions())
    st.session_state.pop(keys.MC_EDITOR, None)


def form() -> tuple[pd.DataFrame, int, bool]:
    """The editor, the seed and the run button in one form: (edited table, seed, run pressed)."""
    if keys.MC_TABLE not in st.session_state:
        st.session_state[keys.MC_TABLE] = default_table(state.assumptions())
    with st.form("mc_form", border=False):
        table = st.data_editor(
            st.session_state[keys.MC_TABLE], key=keys.MC_EDITOR, hide_index=True, width="stretch", num_rows="fixed",
            column_order=("label", "low", "mode", "high"),
            disabled=("name", "label"),
            column_config={
                "label": st.column_config.TextColumn(t("scn_assumption")),
                "low": st.column_config.NumberColumn(t("mc_min"), format="localized", required=True),
                "mode": st.column_config.NumberColumn(t("mc_mode"), format="localized", required=True),
                "high": st.column_config.NumberColumn(t("mc_max"), format="localized", required=True),
            },
        )
        seed = st.number_input(t("mc_seed"), min_value=0, max_value=2**31 - 1, value=42, step=1, key="mc_seed")
        run = st.form_submit_button(t("mc_run"), key="mc_run", type="primary")
    st.button(t("mc_reset"), key="mc_reset", on_click=reset_table, help=t("mc_reset_help"))
    return table, int(seed), run


def ranges(table: pd.DataFrame) -> cache.Ranges:
    """Editor table (widget units) -> ranges in model units; bad cells raise AssumptionError."""
    out = {}
    for _, row in table.iterrows():
        spec = SPECS[str(row["name"])]
        values = []
        for col in ("low", "mode", "high"):
            cell = row[col]
            try:
                number = float(cell)
            except (TypeError, ValueError):
                number = float("nan")
            values.append(state.from_widget(spec, number) if math.isfinite(number) else number)
        out[spec.name] = TriangularRange(*values)  # raises AssumptionError with the message
        out[spec.name].check(spec.name)
    return cache.ranges_key(out)


def remember(ds: data.Dataset, a: Assumptions, run_ranges: cache.Ranges, seed: int) -> None:
    """Record this session's run (data, scenario, ranges, seed)."""
    st.session_state[keys.MC_RUN] = (ds.key, a, run_ranges, seed)


def last_run() -> tuple[cache.Ranges, int] | None:
    """(ranges, seed) of this session's run if it matches the data and scenario in force."""
    run = st.session_state.get(keys.MC_RUN)
    if not run or run[0] != data.dataset().key or run[1] != state.assumptions():
        return None
    return run[2], run[3]


def is_stale() -> bool:
    """A run exists, but for other data or another scenario."""
    return bool(st.session_state.get(keys.MC_RUN)) and last_run() is None
