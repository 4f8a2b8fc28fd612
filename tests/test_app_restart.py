"""A session that begins after a server restart (issue 14 item 2).

After a restart the browser reconnects into a fresh session and re-sends the values its
widgets show with its first rerun.  ``ui.state.init_session`` takes such a session for a
restarted one: the scenario the widgets show wins over the URL (a page click has just
cleared it) and the frame shows a notice naming the data now in use.  The browser test
``tests/e2e/test_restart_browser.py`` kills and restarts a real server; these tests check
the logic without one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_helpers import assert_clean, norm
from streamlit.testing.v1 import AppTest

from calc import Assumptions
from ui import keys, state

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
RATIO = keys.assumption("max_sales_cost_ratio")


class TestScenarioFromWidgets:
    """The scenario and language the re-sent widget values show (values as the browser sends them)."""

    def test_no_values_keep_the_base_and_language(self):
        base = Assumptions(capture_rate=0.05)
        assert state.scenario_from_widgets({}, base, "de") == ("de", base)

    def test_english_rate_text_as_a_fraction(self):
        # "7.5%" in English notation is 7.5 percent = 0.075
        lang, a = state.scenario_from_widgets({keys.LANG: "English", RATIO: "7.5%"}, Assumptions(), "de")
        assert lang == "en"
        assert a == Assumptions(max_sales_cost_ratio=0.075)

    def test_german_money_text_with_thousands_dot(self):
        # "90.000 €" in German notation is ninety thousand
        values = {keys.LANG: "Deutsch", keys.assumption("field_rep_annual_cost"): "90.000 €"}
        lang, a = state.scenario_from_widgets(values, Assumptions(), "en")
        assert lang == "de"
        assert a.field_rep_annual_cost == 90_000.0

    def test_widget_values_win_over_the_url(self):
        lang, a = state.scenario_from_widgets(
            {keys.LANG: "en", RATIO: "9%"}, Assumptions(max_sales_cost_ratio=0.075), "de",
        )
        assert (lang, a.max_sales_cost_ratio) == ("en", 0.09)

    def test_text_that_is_no_number_keeps_the_base_value(self):
        base = Assumptions(max_sales_cost_ratio=0.05)
        _, a = state.scenario_from_widgets({keys.LANG: "English", RATIO: "abc"}, base, "en")
        assert a == base

    def test_value_out_of_range_keeps_the_base_value(self):
        # the ratio's valid range ends at 100 %
        _, a = state.scenario_from_widgets({keys.LANG: "English", RATIO: "150%"}, Assumptions(), "en")
        assert a == Assumptions()

    def test_choice_by_its_german_label(self):
        values = {keys.LANG: "Deutsch", keys.assumption("potential_method"): "historisch (bester Jahresumsatz)"}
        _, a = state.scenario_from_widgets(values, Assumptions(), "de")
        assert a.potential_method == "historical"

    def test_unknown_choice_label_is_skipped(self):
        values = {keys.assumption("potential_method"): "something else"}
        _, a = state.scenario_from_widgets(values, Assumptions(), "de")
        assert a.potential_method == Assumptions().potential_method

    def test_bool_checkbox(self):
        _, a = state.scenario_from_widgets({keys.assumption("include_inactive"): True}, Assumptions(), "en")
        assert a.include_inactive is True

    def test_override_on_takes_its_value(self):
        values = {keys.assumption_override("cost_per_visit"): True, keys.assumption("cost_per_visit"): "€250"}
        _, a = state.scenario_from_widgets(values, Assumptions(), "en")
        assert a.cost_per_visit == 250.0

    def test_override_off_drops_the_base_value(self):
        values = {keys.assumption_override("cost_per_visit"): False, keys.assumption("cost_per_visit"): "€250"}
        _, a = state.scenario_from_widgets(values, Assumptions(cost_per_visit=300.0), "en")
        assert a.cost_per_visit is None

    def test_unknown_language_label_keeps_the_given_language(self):
        lang, _ = state.scenario_from_widgets({keys.LANG: "Klingon"}, Assumptions(), "de")
        assert lang == "de"


def _restart(at: AppTest) -> None:
    """What a server restart leaves: the widgets (and the values the browser shows) but no session."""
    for key in (keys.INITIALISED, keys.ASSUMPTIONS, keys.QUERY_WARNINGS):
        del at.session_state[key]
    for key in list(at.query_params):
        del at.query_params[key]


def _notes(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


class TestRestartedSession:
    def test_new_session_shows_no_restart_note(self):
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["lang"] = "en"
        at.run()
        assert_clean(at)
        assert not any("restarted" in n for n in _notes(at))
        assert keys.RESTARTED not in at.session_state

    @pytest.fixture()
    def restarted(self) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["lang"] = "en"
        at.run()
        at.text_input(key=RATIO).input("7.5").run()
        assert at.session_state[keys.ASSUMPTIONS] == Assumptions(max_sales_cost_ratio=0.075)
        _restart(at)
        at.run()
        return at

    def test_restored_scenario_from_the_widgets_though_the_url_is_empty(self, restarted):
        at = restarted
        assert_clean(at)
        assert at.session_state[keys.ASSUMPTIONS] == Assumptions(max_sales_cost_ratio=0.075)
        assert norm(at.text_input(key=RATIO).value) == "7.5%"
        assert at.session_state[keys.LANG] == "en"
        assert "max_sales_cost_ratio=0.075" in at.code[0].value

    def test_note_says_restarted_and_names_the_sample_data(self, restarted):
        notes = [n for n in _notes(restarted) if "restarted" in n]
        assert len(notes) == 1
        assert "Now in use: sample data, 5,000 customers." in notes[0]

    def test_note_stays_until_closed(self, restarted):
        at = restarted
        at.text_input(key=RATIO).input("9").run()
        assert at.session_state[keys.ASSUMPTIONS] == Assumptions(max_sales_cost_ratio=0.09)
        assert any("restarted" in n for n in _notes(at))
        at.button(key=keys.RESTART_OK).click().run()
        assert_clean(at)
        assert not any("restarted" in n for n in _notes(at))

    def test_change_after_the_restart_is_taken(self, restarted):
        at = restarted
        at.text_input(key=RATIO).input("9").run()
        assert at.session_state[keys.ASSUMPTIONS] == Assumptions(max_sales_cost_ratio=0.09)


class TestRestartNoteText:
    def test_german_sample(self):
        class Report:
            customers = 5000

        class Sample:
            is_sample = True
            name = "kunden.csv"
            report = Report()

        text = state.restart_note_text(Sample())
        # outside a session the language is German
        assert "Server wurde neu gestartet" in text
        assert "Beispieldaten, 5.000 Kunden" in text.replace("\u00a0", " ")
