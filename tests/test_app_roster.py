"""The export page's hand-over options (issue 11.6): a typed roster names the reps; a bad roster is refused
with a message and placeholders are used."""

from __future__ import annotations

from apptest_helpers import assert_clean, metric
from test_app_tools import EXPORT, on_page

from calc import compute


def test_typed_roster_names_the_reps(sample_customers):
    at = on_page(EXPORT)
    at.text_area(key="export_roster_text").input("Name;E-Mail;Gebiet;Kapazität\nAnna;anna@x.de;Nord;300\n").run()
    at.button(key="export_crm_build").click().run()
    assert_clean(at)
    result = compute(sample_customers, at.session_state["assumptions"])  # the sample's result is shared
    # Anna plus ceil((covered - 300) / accounts_per_rep) placeholders (the sample has region Nord)
    rest = result.team.covered_customers - 300
    expected = 1 + -(-rest // result.assumptions.accounts_per_rep)
    assert int(metric(at, "Mitarbeiter")) == expected


def test_bad_roster_is_refused_with_a_message(sample_customers):
    at = on_page(EXPORT)
    at.text_area(key="export_roster_text").input("Benutzer\nu1\n").run()
    assert any("Mitarbeiterliste ist nicht lesbar" in e.value for e in at.error)
    at.button(key="export_crm_build").click().run()
    assert int(metric(at, "Mitarbeiter")) == compute(sample_customers, at.session_state["assumptions"]).team.reps
