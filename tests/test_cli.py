"""The headless CLI: ``python -m calc summary ...`` (part of the product's contract)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "kunden.csv"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def sample_summary():
    out = run_cli("summary", str(SAMPLE))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


class TestSummary:
    def test_prints_the_spec_keys(self, sample_summary):
        s = sample_summary
        assert (s["cost_per_visit"], s["care_cost"], s["revenue_threshold"]) == (137.5, 687.5, 8593.75)
        assert set(s["segments"]) == {"key", "potential", "small", "inactive", "no_revenue"}
        assert set(s["business_case"]) >= {"cash_flows", "npv", "irr", "roi", "payback_months"}
        assert len(s["business_case"]["cash_flows"]) == 6
        assert s["make_or_buy"]["choice"] in {"internal", "external"}

    def test_segments_match_an_independent_count_of_the_raw_file(self, sample_summary):
        import pandas as pd

        raw = pd.read_csv(SAMPLE, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)

        def num(col):
            return pd.to_numeric(raw[col].str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
                                 errors="coerce").fillna(0.0)

        years = [c for c in raw.columns if c.startswith("Umsatz ")]
        r = num(years[-1])
        earlier = pd.concat([num(c) for c in years[:-1]], axis=1).gt(0).any(axis=1)
        employees = num("Mitarbeiter").where(lambda x: x > 0, 3.0)
        potential = (employees * 9000).clip(lower=r)
        key = r >= 8593.75
        inactive = (r <= 0) & earlier
        pot = ~key & (r > 0) & (potential >= 50000)
        small = ~key & ~pot & (r > 0)
        expected = {
            "key": int(key.sum()),
            "potential": int(pot.sum()),
            "small": int(small.sum()),
            "inactive": int(inactive.sum()),
            "no_revenue": int(len(raw) - key.sum() - pot.sum() - small.sum() - inactive.sum()),
        }
        assert sample_summary["segments"] == expected
        assert sample_summary["team"]["covered_customers"] == expected["small"]

    def test_set_changes_the_npv(self, sample_summary):
        out = run_cli("summary", str(SAMPLE), "--set", "capture_rate=0.06", "--indent", "0")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["business_case"]["npv"] > sample_summary["business_case"]["npv"]

    def test_scenario_file_and_set_combine(self, tmp_path):
        scenario = tmp_path / "s.json"
        scenario.write_text(json.dumps({"assumptions": {"horizon_years": 3, "capture_rate": 0.05}}))
        out = run_cli("summary", str(SAMPLE), "--scenario", str(scenario), "--set", "horizon_years=4")
        assert out.returncode == 0, out.stderr
        assert len(json.loads(out.stdout)["business_case"]["cash_flows"]) == 5

    def test_map_places_an_unknown_header(self, tmp_path):
        data = tmp_path / "odd.csv"
        data.write_text("Kennung;Umsatz\nA1;1000\nA2;20000\n", encoding="utf-8")
        out = run_cli("summary", str(data), "--map", "Kennung=customer_id")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["segments"]["small"] == 1


class TestBadInput:
    def test_bad_assumption_exits_2_with_the_message(self):
        out = run_cli("summary", str(SAMPLE), "--set", "capture_rate=1.5")
        assert out.returncode == 2
        assert "capture_rate" in out.stderr and "from 0 to 1" in out.stderr
        assert out.stdout == ""

    def test_unknown_assumption_exits_2(self):
        out = run_cli("summary", str(SAMPLE), "--set", "warp=9")
        assert out.returncode == 2 and "unknown assumption 'warp'" in out.stderr

    def test_missing_file_exits_2(self, tmp_path):
        out = run_cli("summary", str(tmp_path / "nope.csv"))
        assert out.returncode == 2 and "nope.csv" in out.stderr

    def test_empty_file_exits_2_naming_the_file(self, tmp_path):
        empty = tmp_path / "leer.csv"
        empty.write_bytes(b"")
        out = run_cli("summary", str(empty))
        assert out.returncode == 2 and "leer.csv" in out.stderr and "Traceback" not in out.stderr

    def test_broken_scenario_exits_2(self, tmp_path):
        bad = tmp_path / "bad.json"
        bad.write_text("{not json")
        out = run_cli("summary", str(SAMPLE), "--scenario", str(bad))
        assert out.returncode == 2 and "bad.json" in out.stderr


class TestLeverBlocks:
    KEYS = {
        "cost_to_serve": {"total", "by_segment"},
        "whale": {"peak_share", "unprofitable_customers", "profit_destroyed", "total_profit"},
        "small_orders": {"min_order_value", "orders", "value", "customers", "annual_effect"},
        "concentration": {"top1_share", "top5_share", "top10_share", "top20_share", "hhi"},
        "history": {"pairs", "churn_small", "churn_all", "promotion_small_to_key"},
    }

    def test_summary_has_the_five_blocks_of_levers_md(self, sample_summary):
        for block, keys in self.KEYS.items():
            assert set(sample_summary[block]) == keys, block
        assert set(sample_summary["cost_to_serve"]["by_segment"]) == {"key", "potential", "small", "inactive",
                                                                      "no_revenue"}

    def test_set_takes_the_lever_assumptions(self, tmp_path):
        # customer 1 (small): orders of 100 (at the minimum), 60 and 40 EUR; customer 2 a credit note only
        log = tmp_path / "log.csv"
        log.write_text("Kundennummer;Datum;Betrag;Beleg\n1;01.03.2024;100;R1\n1;02.03.2024;60;R2\n"
                       "1;03.03.2024;30;R3\n1;03.03.2024;10;R3\n2;04.03.2024;-50;G1\n", encoding="utf-8")
        out = run_cli("summary", str(log), "--set", "small_order_policy=surcharge", "--set", "surcharge_eur=20")
        assert out.returncode == 0, out.stderr
        s = json.loads(out.stdout)["small_orders"]
        # 2 x 0.5 x 30 + 2 x 0.5 x 20 - 0.05 x 0.3 x 200 = 30 + 20 - 3 = 47
        assert s == {"min_order_value": 100.0, "orders": 2, "value": 100.0, "customers": 1, "annual_effect": 47.0}
        bad = run_cli("summary", str(log), "--set", "small_order_policy=rebate")
        assert bad.returncode == 2 and "small_order_policy" in bad.stderr and "surcharge" in bad.stderr

    def test_visits_only_note_goes_to_stderr(self, tmp_path):
        table = tmp_path / "kunden.csv"
        table.write_text("Kundennummer;Umsatz;Besuche\n1;1000;2\n2;50000;6\n", encoding="utf-8")
        out = run_cli("summary", str(table))
        assert out.returncode == 0
        assert "covers field visits only" in out.stderr and "visits only" not in out.stdout
        assert json.loads(out.stdout)["cost_to_serve"]["total"] == 8 * 137.5
