"""The scenarios saved in this session (names -> Assumptions), stored as plain dicts in session state."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from calc.assumptions import Assumptions
from ui import keys

#: the preset buttons, in the order shown (:data:`calc.scenarios.PRESETS`)
PRESET_KEYS = ("conservative", "base", "optimistic")


def saved() -> dict[str, Assumptions]:
    """The saved scenarios of this session, ``{name: Assumptions}``."""
    return {name: Assumptions.from_dict(values) for name, values in st.session_state.get(keys.SAVED_SCENARIOS, {}).items()}


def save(name: str, a: Assumptions) -> None:
    """Save ``a`` under ``name`` (replacing a scenario of that name)."""
    save_all({name: a})


def save_all(scenarios: Mapping[str, Assumptions]) -> None:
    """Save several scenarios at once (from a file or a comparison link)."""
    store = dict(st.session_state.get(keys.SAVED_SCENARIOS, {}))
    for name, a in scenarios.items():
        store[name] = a.to_dict()
    st.session_state[keys.SAVED_SCENARIOS] = store
