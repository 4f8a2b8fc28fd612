"""AppTest tests of the tool pages: scenarios, risk, export."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from apptest_helpers import assert_clean, metric, norm
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.scenarios import PRESETS, encode_comparison, scenarios_to_json
from ui import cache, fmt, keys
from ui.i18n import DE, EN, missing_keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "sample_data" / "kunden.csv"
SCENARIOS, RISK, EXPORT = "pages/scenarios.py", "pages/risk.py", "pages/export.py"




def make_app(query: dict[str, str] | None = None, lang: str = "de") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def on_page(page: str, query: dict[str, str] | None = None, lang: str = "de") -> AppTest:
    at = make_app(query, lang).run()
    at.switch_page(page).run()
    return at






def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {column!r}")


def percent(text: str) -> float:
    """'87,3 %' -> 87.3"""
    return float(norm(text).replace("%", "").strip().replace(".", "").replace(",", "."))


def save_scenario(at: AppTest, name: str) -> None:
    at.text_input(key="scn_name").input(name).run()
    at.button(key="scn_save_button").click().run()


def run_mc(at: AppTest, seed: int | None = None) -> None:
    if seed is not None:
        at.number_input(key="mc_seed").set_value(seed)
    at.button(key="mc_run").click().run()


# -- catalogs ---------------------------------------------------------------------------
def test_tool_catalogs_complete_and_merged():
    assert set(DE) == set(EN)
    assert missing_keys() == set()
    assert DE["page_scenarios"] == "Szenarien" and EN["page_risk"] == "Risk"
    assert DE["be_never"] == "nie im Bereich" and EN["be_never"] == "never within the range"


# -- every page renders -------------------------------------------------------------------
def test_scenarios_page_renders(sample_customers):
    at = on_page(SCENARIOS)
    assert_clean(at)
    assert at.title[0].value == "Szenarien"
    assert {"preset_conservative", "preset_base", "preset_optimistic"} <= {b.key for b in at.button}
    # compare two presets straight away: the NPVs are the model's
    at.multiselect(key="scn_select").set_value(["preset:conservative", "preset:optimistic"]).run()
    assert_clean(at)
    table = frame_with(at, "Kapitalwert")
    assert table["Szenario"].tolist() == ["Vorsichtig", "Optimistisch"]
    expected = [norm(fmt.money(compute(sample_customers, PRESETS[k]).internal.npv_eur, "de"))
                for k in ("conservative", "optimistic")]
    assert [norm(v) for v in table["Kapitalwert"]] == expected


def test_risk_page_renders(sample_customers):
    at = on_page(RISK)
    assert_clean(at)
    assert at.title[0].value == "Risiko"
    base = norm(fmt.money(compute(sample_customers, Assumptions()).internal.npv_eur, "de"))
    assert any(norm(c.value) == f"Basis-Kapitalwert: {base}" for c in at.caption)
    table = frame_with(at, "Break-even-Wert")
    assert len(table) == 3
    row = table[table["Annahme"].str.startswith("Ausschöpfungsrate")].iloc[0]
    value = norm(row["Break-even-Wert"])
    assert value == "nie im Bereich" or re.fullmatch(r"\d+,\d\d %", value), value
    assert norm(row["Aktueller Wert"]) == "3,0 %"


def test_export_page_renders():
    at = on_page(EXPORT)
    assert_clean(at)
    assert at.title[0].value == "Export"
    assert {"export_xlsx_build", "export_crm_build", "export_report_build"} <= {b.key for b in at.button}
    assert not at.get("download_button"), "nothing is built before the user asks"


# -- scenarios ------------------------------------------------------------------------------
def test_save_two_scenarios_and_compare(sample_customers):
    at = on_page(SCENARIOS)
    save_scenario(at, "Plan A")
    at.text_input(key="a__capture_rate").input("5").run()
    save_scenario(at, "Plan B")
    assert_clean(at)
    assert set(at.session_state["saved_scenarios"]) == {"Plan A", "Plan B"}
    at.multiselect(key="scn_select").set_value(["saved:Plan A", "saved:Plan B"]).run()
    assert_clean(at)
    table = frame_with(at, "Kapitalwert")
    assert table["Szenario"].tolist() == ["Plan A", "Plan B"]
    npvs = [norm(v) for v in table["Kapitalwert"]]
    assert npvs[0] != npvs[1]
    assert npvs == [norm(fmt.money(compute(sample_customers, a).internal.npv_eur, "de"))
                    for a in (Assumptions(), Assumptions(capture_rate=0.05))]
    diff = frame_with(at, "Annahme")
    assert diff["Annahme"].tolist() == ["Ausschöpfungsrate (%)"]
    assert [norm(v) for v in diff.iloc[0][["Plan A", "Plan B"]]] == ["3,0 %", "5,0 %"]
    # the comparison link carries both scenarios
    link = next(c.value for c in at.code if "cmp=" in c.value)
    assert link.split("cmp=", 1)[1] == encode_comparison({"Plan A": Assumptions(),
                                                          "Plan B": Assumptions(capture_rate=0.05)})


def test_preset_button_changes_sidebar_capture_rate():
    at = on_page(SCENARIOS)
    assert norm(at.text_input(key="a__capture_rate").value) == "3 %"
    at.button(key="preset_optimistic").click().run()
    assert_clean(at)
    assert norm(at.text_input(key="a__capture_rate").value) == "4,5 %"
    assert at.session_state["assumptions"] == PRESETS["optimistic"]
    at.button(key="preset_conservative").click().run()
    assert norm(at.text_input(key="a__capture_rate").value) == "2 %"
    assert at.text_input(key="a__setup_cost").value == "80.000"


def test_comparison_link_opens_as_saved_scenarios():
    code = encode_comparison({"Nord": Assumptions(capture_rate=0.04), "Süd": Assumptions(churn_program=0.09)})
    at = make_app({"cmp": code}).run()
    assert not at.warning, [w.value for w in at.warning]  # cmp is not an unknown parameter
    at.switch_page(SCENARIOS).run()
    assert_clean(at)
    assert set(at.session_state["saved_scenarios"]) == {"Nord", "Süd"}
    assert at.multiselect(key="scn_select").value == ["saved:Nord", "saved:Süd"]
    assert frame_with(at, "Kapitalwert")["Szenario"].tolist() == ["Nord", "Süd"]


def test_invalid_comparison_link_warns():
    at = make_app({"cmp": "not*a*code"}).run()
    at.switch_page(SCENARIOS).run()
    assert not at.exception
    assert any("konnte nicht gelesen werden" in w.value for w in at.warning)
    assert "saved_scenarios" not in at.session_state


def test_upload_scenario_json_and_bad_file():
    at = on_page(SCENARIOS)
    save_scenario(at, "Mine")
    good = scenarios_to_json({"Aus Datei": Assumptions(capture_rate=0.025)}).encode("utf-8")
    at.file_uploader(key="scn_upload").upload("s.json", good, "application/json").run()
    assert_clean(at)
    assert set(at.session_state["saved_scenarios"]) == {"Mine", "Aus Datei"}
    assert at.session_state["saved_scenarios"]["Aus Datei"]["capture_rate"] == 0.025
    at.file_uploader(key="scn_upload").upload("bad.json", b'{"scenarios": 5}', "application/json").run()
    assert not at.exception
    assert at.error and "nicht übernommen" in at.error[0].value
    assert set(at.session_state["saved_scenarios"]) == {"Mine", "Aus Datei"}, "nothing lost"


# -- risk -------------------------------------------------------------------------------------
def test_monte_carlo_metrics_and_seed():
    at = on_page(RISK)
    run_mc(at, seed=7)
    assert_clean(at)
    p = percent(metric(at, "Wahrscheinlichkeit, dass es sich lohnt"))
    assert 0.0 <= p <= 100.0
    assert re.fullmatch(r"\d{1,3},\d %", metric(at, "Wahrscheinlichkeit, dass es sich lohnt"))  # German: 87,3 %
    p50 = metric(at, "P50 Kapitalwert")
    assert p50.endswith(" €") and "." in p50  # German grouping: 5.278.652 €
    # another seed changes the draws, the same seed gives the same P50 again
    run_mc(at, seed=8)
    assert metric(at, "P50 Kapitalwert") != p50
    run_mc(at, seed=7)
    assert metric(at, "P50 Kapitalwert") == p50
    # the P50 lies between P10 and P90
    p10 = float(metric(at, "P10 Kapitalwert").replace(" €", "").replace(".", ""))
    p90 = float(metric(at, "P90 Kapitalwert").replace(" €", "").replace(".", ""))
    assert p10 <= float(p50.replace(" €", "").replace(".", "")) <= p90


def test_monte_carlo_english_format():
    at = on_page(RISK, lang="en")
    run_mc(at)
    assert_clean(at)
    value = metric(at, "Chance that it pays off")
    assert re.fullmatch(r"\d{1,3}\.\d%", value), value
    assert metric(at, "P50 NPV").startswith("€")


def test_monte_carlo_invalid_range_shows_error():
    at = on_page(RISK)
    table = at.session_state[keys.MC_TABLE].copy()
    table.loc[table["name"] == "capture_rate", ["low", "mode", "high"]] = [5.0, 3.0, 2.0]  # min > max
    at.session_state[keys.MC_TABLE] = table
    run_mc(at)
    assert not at.exception
    assert len(at.error) == 1
    assert "nicht gestartet" in at.error[0].value and "Minimum <= wahrscheinlichster Wert <= Maximum" in at.error[0].value.replace("\\", "")
    assert not any(m.label == "Wahrscheinlichkeit, dass es sich lohnt" for m in at.metric)


def test_monte_carlo_table_resets_to_current_scenario():
    at = on_page(RISK)
    table = at.session_state[keys.MC_TABLE]
    assert table.loc[table["name"] == "capture_rate", ["low", "mode", "high"]].values.tolist() == [[2.0, 3.0, 5.0]]
    at.text_input(key="a__capture_rate").input("6").run()
    at.button(key="mc_reset").click().run()
    assert_clean(at)
    table = at.session_state[keys.MC_TABLE]
    # the usual range 2-5 % widened to hold the scenario's 6 %
    assert table.loc[table["name"] == "capture_rate", ["low", "mode", "high"]].values.tolist() == [[2.0, 6.0, 6.0]]


# -- export -------------------------------------------------------------------------------------
def test_export_excel_button_builds_a_workbook(sample_customers):
    at = on_page(EXPORT)
    at.button(key="export_xlsx_build").click().run()
    assert_clean(at)
    buttons = at.get("download_button")
    assert [b.key for b in buttons] == ["export_xlsx_download"]
    # the builder behind the (session-scoped) cache returns an XLSX (zip) file
    raw = cache.workbook.__wrapped__(sample_customers, "test-key", Assumptions(), "de")
    assert raw[:2] == b"PK" and len(raw) > 10_000


def test_export_crm_and_report(sample_customers):
    at = on_page(RISK)
    run_mc(at, seed=3)
    at.switch_page(EXPORT).run()
    assert any("Monte-Carlo" in c.value for c in at.caption)
    at.button(key="export_crm_build").click().run()
    assert_clean(at)
    reps = int(metric(at, "Mitarbeiter"))
    res = compute(sample_customers, at.session_state["assumptions"])  # the sample's result is shared, not memoised
    assert reps == res.team.reps
    assert metric(at, "Zugeordnete Kunden") == fmt.number(res.team.covered_customers, "de")
    lo, hi = metric(at, "Kunden je Mitarbeiter (min–max)").split("–")
    assert 0 < int(lo.replace(".", "")) <= int(hi.replace(".", ""))
    at.button(key="export_report_build").click().run()
    assert_clean(at)
    keys = [b.key for b in at.get("download_button")]
    assert keys == ["export_crm_csv", "export_crm_xlsx", "export_report_download"]


def test_report_without_a_session_run_uses_the_default_monte_carlo(sample_customers, monkeypatch):
    at = on_page(EXPORT)
    assert any("Standardspannen" in c.value for c in at.caption)
    at.button(key="export_report_build").click().run()
    assert_clean(at)
    assert [b.key for b in at.get("download_button")] == ["export_report_download"]
    # the builder itself, outside a script run: the caches replaced by their functions
    monkeypatch.setattr(cache, "tornado_frame", cache.tornado_frame.__wrapped__)
    monkeypatch.setattr(cache, "simulation", cache.simulation.__wrapped__)
    html = cache.report.__wrapped__(sample_customers, compute(sample_customers, Assumptions()), "k", Assumptions(),
                                    "de", "x.csv", None, None).decode("utf-8")
    assert "Wahrscheinlichkeit eines positiven Kapitalwerts" in html
