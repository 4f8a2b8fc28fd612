"""A session's first run draws the page before the sidebar (the first screen comes sooner, see
bench/bench_first_load.py).  The sidebar still sets the scenario: should it change what the page used in
that run, the page is drawn again in the same request, so page and sidebar never disagree."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from apptest_helpers import assert_clean
from streamlit.testing.v1 import AppTest

from calc import Assumptions
from ui import state

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def reps_shown(at: AppTest) -> str:
    return next(m.value for m in at.main.metric if m.label == "Inside-Sales-Mitarbeiter")


def first_run(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


class TestFirstRun:
    def test_the_first_run_shows_the_links_scenario_in_page_and_sidebar(self):
        at = first_run({"lang": "de", "accounts_per_rep": "200"})
        assert_clean(at)
        assert at.session_state["assumptions"] == Assumptions(accounts_per_rep=200)
        assert at.sidebar.text_input(key="a__accounts_per_rep").value == "200"
        wide = first_run({"lang": "de"})
        assert int(reps_shown(at)) > int(reps_shown(wide))  # half the accounts per rep: more reps

    def test_a_sidebar_that_changes_the_scenario_in_the_first_run_redraws_the_page(self, monkeypatch):
        original = state.assumption_widgets
        calls = []

        def widgets_that_change_the_scenario():
            a = original()
            calls.append(a)
            if len(calls) == 1:  # as if the sidebar disagreed with the link once
                changed = dataclasses.replace(a, accounts_per_rep=200)
                state._in_force(changed)
                return changed
            return a

        monkeypatch.setattr(state, "assumption_widgets", widgets_that_change_the_scenario)
        at = first_run({"lang": "de"})
        assert_clean(at)
        assert len(calls) == 2  # drawn again: the first run's sidebar, then the rerun's
        assert at.session_state["assumptions"].accounts_per_rep == 200
        expected = first_run({"lang": "de", "accounts_per_rep": "200"})
        assert reps_shown(at) == reps_shown(expected)  # the page shows the sidebar's scenario
