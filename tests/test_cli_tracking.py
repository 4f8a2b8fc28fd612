"""``python -m calc plan`` and ``python -m calc track`` (spec tracking.md), end to end."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "kunden.csv"
FOLLOWUP = ROOT / "sample_data" / "kunden_folgejahr.csv"
TRANSACTIONS = ROOT / "sample_data" / "transaktionen.csv"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def de_number(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
                         errors="coerce")


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.json"
    out = run_cli("plan", str(SAMPLE), "-o", str(path))
    assert out.returncode == 0, out.stderr
    assert "3525 covered customers" in out.stdout
    return path


@pytest.fixture(scope="module")
def round_trip(sample_plan) -> dict:
    out = run_cli("track", str(sample_plan), str(FOLLOWUP), "--set", "market_volume_segment=60000000",
                  "--set", "market_volume_total=900000000")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


class TestPlan:
    def test_plan_file_holds_every_covered_customer_with_both_contacts(self, sample_plan):
        plan = json.loads(sample_plan.read_text(encoding="utf-8"))
        assert (plan["format"], plan["version"], plan["data_year"]) == ("smart-accounts-plan", 1, 2025)
        assert plan["team"]["reps"] == 10 and plan["team"]["annual_cost_eur"] == pytest.approx(10 * 65000 * 1.15)  # 6 regions: 2+2+2+2+1+1
        customers = plan["customers"]
        assert len(customers) == 3525
        assert all(c["inside_rep"] and c["inside_rep"].startswith("IS-") for c in customers)
        # the sample has a field rep (Außendienst) for every customer
        assert all(c["field_rep"] for c in customers)

    def test_plan_field_reps_match_the_raw_file(self, sample_plan):
        raw = pd.read_csv(SAMPLE, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
        rep = dict(zip(raw["Kundennummer"], raw["Außendienst"], strict=True))
        plan = json.loads(sample_plan.read_text(encoding="utf-8"))
        assert all(rep[c["customer_id"]] == c["field_rep"] for c in plan["customers"])

    def test_plan_takes_set_and_scenario_like_summary(self, tmp_path):
        path = tmp_path / "p.json"
        out = run_cli("plan", str(SAMPLE), "--set", "accounts_per_rep=350", "-o", str(path))
        assert out.returncode == 0, out.stderr
        plan = json.loads(path.read_text(encoding="utf-8"))
        # per region at 350: ceil(718/350) + ceil(704/350) + 2 + 2 + 2 + 2 = 3 + 3 + 2 + 2 + 2 + 2 = 14
        assert plan["team"]["reps"] == 14 and plan["assumptions"]["accounts_per_rep"] == 350
        assert "plan: 350." in out.stdout and "without regions it would be 11" in out.stdout  # ceil(3,525 / 350)
        assert max(collections.Counter(c["inside_rep"] for c in plan["customers"] if c["inside_rep"]).values()) <= 350

    def test_plan_needs_an_output(self):
        out = run_cli("plan", str(SAMPLE))
        assert out.returncode == 2 and "-o/--output" in out.stderr


class TestRoundTrip:
    def test_figures_against_an_independent_count_of_the_raw_files(self, sample_plan, round_trip):
        """Recount churn, qualification and revenue of the covered group from the two CSV files."""
        plan = json.loads(sample_plan.read_text(encoding="utf-8"))
        ids = {c["customer_id"] for c in plan["customers"]}
        new = pd.read_csv(FOLLOWUP, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
        g = new[new["Kundennummer"].isin(ids)]
        r1 = de_number(g["Umsatz 2026"]).clip(lower=0)
        lost = (len(ids) - len(g)) + int((r1 <= 0).sum())
        assert round_trip["year"] == 2026 and round_trip["covered"] == 3525
        assert round_trip["missing"] == len(ids) - len(g) > 0
        assert round_trip["churn"]["actual"] == pytest.approx(lost / 3525, abs=1e-6)
        assert round_trip["qualified_share"] == pytest.approx((g["Potenzial"] != "").sum() / 3525, abs=1e-6)
        assert round_trip["revenue"]["actual"] == pytest.approx(float(r1.sum()), abs=0.01)
        all_r = de_number(new["Umsatz 2026"]).clip(lower=0).sum()
        assert round_trip["market_share"]["overall"] == pytest.approx(all_r / 900_000_000, abs=1e-6)
        assert round_trip["market_share"]["segment"] == pytest.approx(r1.sum() / 60_000_000, abs=1e-6)

    def test_plan_figures_are_the_business_cases_year_one(self, round_trip):
        from calc import Assumptions, compute
        from calc.readers import read_data

        result = compute(read_data(SAMPLE).customers, Assumptions())
        year1 = result.internal.years.iloc[1]
        assert round_trip["revenue"]["plan"] == pytest.approx(year1["program_revenue_eur"], abs=0.01)
        assert round_trip["revenue"]["baseline"] == pytest.approx(year1["baseline_revenue_eur"], abs=0.01)
        assert round_trip["payback"]["team_cost"] == pytest.approx(result.team.annual_cost_eur)

    def test_the_sample_shows_the_intended_story(self, round_trip):
        verdicts = {k: v["verdict"] for k, v in round_trip["checks"].items()}
        assert verdicts == {"qualified": "met", "churn": "met", "reclustered": "met", "revenue": "met",
                            "market_share": "met", "payback": "not_met"}
        assert round_trip["reclustered"]["to_key"] > 0 and round_trip["reclustered"]["to_potential"] > 0
        listed = round_trip["reclustered"]["customers"]
        assert len(listed) == round_trip["reclustered"]["to_key"] + round_trip["reclustered"]["to_potential"]
        assert all(c["inside_rep"] and c["field_rep"] for c in listed)

    def test_german_reasons(self, sample_plan):
        out = run_cli("track", str(sample_plan), str(FOLLOWUP), "--lang", "de", "--indent", "0")
        assert out.returncode == 0, out.stderr
        d = json.loads(out.stdout)
        assert "Marktvolumen" in d["checks"]["market_share"]["reason"]
        assert d["market_share"] == {"segment": None, "overall": None}


class TestTransactionTable:
    def test_track_reads_a_transaction_table_of_the_later_year(self, tmp_path):
        """A: 2026 invoices 700 + 500 = 1,200; B: nothing in 2026, so lost (1 of 2)."""
        customers = tmp_path / "customers.csv"
        customers.write_text("customer_id,revenue_2024,revenue_2025\nA,900,1000\nB,1800,2000\n", encoding="utf-8")
        tx = tmp_path / "tx.csv"
        tx.write_text("customer_id,date,amount\nA,2025-03-03,1000\nB,2025-04-01,2000\n"
                      "A,2026-02-02,700\nA,2026-05-04,500\n", encoding="utf-8")
        plan = tmp_path / "plan.json"
        assert run_cli("plan", str(customers), "-o", str(plan)).returncode == 0
        out = run_cli("track", str(plan), str(tx))
        assert out.returncode == 0, out.stderr
        d = json.loads(out.stdout)
        assert (d["year"], d["covered"], d["missing"]) == (2026, 2, 0)
        assert d["churn"]["actual"] == 0.5 and d["revenue"]["actual"] == 1200.0
        # plan year 1: 0.9 (1000 + 0.015 x 26000) + 0.9 (2000 + 0.015 x 25000) = 1251 + 2137.5
        assert d["revenue"]["plan"] == pytest.approx(3388.5)


class TestTrackRefuses:
    def test_data_not_after_the_plan(self, sample_plan):
        out = run_cli("track", str(sample_plan), str(SAMPLE))
        assert out.returncode == 2
        assert "latest revenue year is 2025, but the plan is for 2025" in out.stderr

    def test_transaction_table_of_the_same_years(self, sample_plan):
        """Either shape is read; the sample's transactions end in 2025 too."""
        out = run_cli("track", str(sample_plan), str(TRANSACTIONS))
        assert out.returncode == 2 and "later year (2026 or after)" in out.stderr

    def test_a_file_that_is_not_a_plan(self, tmp_path):
        scenario = tmp_path / "scenario.json"
        scenario.write_text('{"version": 1, "assumptions": {"capture_rate": 0.05}}', encoding="utf-8")
        out = run_cli("track", str(scenario), str(FOLLOWUP))
        assert out.returncode == 2
        assert "plan file 'scenario.json' is not a plan file" in out.stderr

    def test_a_plan_of_an_unknown_version(self, sample_plan, tmp_path):
        data = json.loads(sample_plan.read_text(encoding="utf-8"))
        data["version"] = 99
        path = tmp_path / "future.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        out = run_cli("track", str(path), str(FOLLOWUP))
        assert out.returncode == 2 and "version 99" in out.stderr

    def test_a_missing_plan_file(self, tmp_path):
        out = run_cli("track", str(tmp_path / "nope.json"), str(FOLLOWUP))
        assert out.returncode == 2 and "cannot be read" in out.stderr

    @pytest.mark.parametrize("setting, message", [
        ("market_volume_total=abc", "market_volume_total must be a number of EUR above 0"),
        ("market_volume_segment=0", "market_volume_segment must be a number of EUR above 0"),
        ("no_such_thing=1", "unknown assumption 'no_such_thing'"),
    ])
    def test_bad_set_values(self, sample_plan, setting, message):
        out = run_cli("track", str(sample_plan), str(FOLLOWUP), "--set", setting)
        assert out.returncode == 2 and message in out.stderr

    def test_other_set_names_change_the_segmentation_of_the_new_data(self, sample_plan, round_trip):
        out = run_cli("track", str(sample_plan), str(FOLLOWUP), "--set", "revenue_threshold=20000")
        assert out.returncode == 0, out.stderr
        d = json.loads(out.stdout)
        assert d["reclustered"]["to_key"] == 0 < round_trip["reclustered"]["to_key"]
        assert d["churn"]["plan"] == round_trip["churn"]["plan"]

    def test_help_explains_market_volumes(self):
        out = run_cli("track", "--help")
        assert out.returncode == 0
        assert "market_volume_segment" in out.stdout and "not assumptions" in out.stdout
