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
    # Anna takes 300 of Nord's 379; placeholders per region for the rest (plan by region, issue 10 item 6):
    # Nord 79 -> 1, Süd 718, Mitte 704, West 688, Ost 642 -> 2 each, Südwest 394 -> 1: 1 + 10 = 11
    apr = result.assumptions.accounts_per_rep
    rest = dict(result.team.region_plan and [(r, n) for r, n, _ in result.team.region_plan])
    rest["Nord"] -= 300
    expected = 1 + sum(-(-n // apr) for n in rest.values())
    assert expected == 11
    assert int(metric(at, "Mitarbeiter")) == expected


def test_bad_roster_is_refused_with_a_message(sample_customers):
    at = on_page(EXPORT)
    at.text_area(key="export_roster_text").input("Benutzer\nu1\n").run()
    assert any("Mitarbeiterliste ist nicht lesbar" in e.value for e in at.error)
    at.button(key="export_crm_build").click().run()
    assert int(metric(at, "Mitarbeiter")) == compute(sample_customers, at.session_state["assumptions"]).team.reps


def test_handover_shows_the_reps_and_the_spread(sample_customers):
    """Issue 10 item 6: the per-rep table (rep, region, customers, revenue, potential) and the spread in words."""
    at = on_page(EXPORT)
    at.button(key="export_crm_build").click().run()
    assert_clean(at)
    result = compute(sample_customers, at.session_state["assumptions"])
    assert int(metric(at, "Mitarbeiter")) == result.team.reps == 10
    assert any(m.value.startswith("Jeder Mitarbeiter betreut") and "geplant: 400" in m.value for m in at.markdown)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Mitarbeiter", "Region", "Kunden", "Aktueller Umsatz", "Potenzial"]
    assert len(table) == 10 and set(table["Region"]) == {"Mitte", "Nord", "Ost", "Süd", "Südwest", "West"}
