"""Roster and CRM hand-over (issue 11.6): named reps with region and capacity, placeholders for the rest,
the hand-over's columns and the warning for data without field reps."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.assign import HANDOVER_COLUMNS, assign_reps, assignments_csv, assignments_xlsx, handover, handover_warnings
from calc.assumptions import Assumptions
from calc.errors import DataError
from calc.model import compute
from calc.roster import read_roster, roster_from_text


def data(field_rep: bool = True) -> pd.DataFrame:
    """Six small customers (revenue 100..600 EUR, potential 27,000 EUR < 50,000 EUR), regions N and S,
    and one potential customer (employees 10 -> potential 90,000 EUR >= 50,000 EUR)."""
    df = pd.DataFrame({
        "customer_id": ["a", "b", "c", "d", "e", "f", "p"],
        "revenue": [600.0, 500.0, 400.0, 300.0, 200.0, 100.0, 1000.0],
        "region": ["N", "N", "N", "S", "S", "S", "S"],
        "postcode": ["10115", "10117", "10119", "80331", "80333", "80335", "80336"],
        "industry": ["Elektro"] * 7,
        "employees": [3, 3, 3, 3, 3, 3, 10],
    })
    if field_rep:
        df["field_rep"] = ["Fritz", "Fritz", "Fritz", "Sabine", "Sabine", "Sabine", "Sabine"]
    return df


class TestReadRoster:
    def test_german_headers(self):
        roster = read_roster("Name;E-Mail;Gebiet;Kapazität\nAnna;anna@x.de;Nord;300\nBen;u-17;;\n".encode(),
                             filename="team.csv")
        assert roster["name"].tolist() == ["Anna", "Ben"]
        assert roster["crm_user"].tolist() == ["anna@x.de", "u-17"]
        assert roster["region"].tolist() == ["Nord", None]
        assert roster["capacity"].iloc[0] == 300.0 and pd.isna(roster["capacity"].iloc[1])

    def test_xlsx(self):
        buf = io.BytesIO()
        pd.DataFrame({"Name": ["Anna"], "Benutzer": ["u-1"], "Region": ["Süd"], "Kapazität": [12]}).to_excel(
            buf, index=False)
        roster = read_roster(buf.getvalue(), filename="team.xlsx")
        assert roster.iloc[0].to_dict() == {"name": "Anna", "crm_user": "u-1", "region": "Süd", "capacity": 12.0}

    @pytest.mark.parametrize("text, what", [
        ("user,region\nu1,N\n", "name"),
        ("name,capacity\nAnna,zwölf\n", "capacity"),
        ("name,capacity\nAnna,-1\n", "capacity"),
        ("name\nAnna\nanna\n", "twice"),
    ])
    def test_refused_with_a_reason(self, text, what):
        with pytest.raises(DataError, match=what):
            roster_from_text(text)


class TestAssignWithRoster:
    def test_region_and_capacity_respected_rest_to_placeholders(self):
        result = compute(data(), Assumptions(accounts_per_rep=2))
        roster = roster_from_text("name,crm_user,region,capacity\nNora,nora@x.de,N,2\nSven,u-2,S,3\n")
        df = assign_reps(result, roster=roster)
        by_rep = df.groupby("assigned_rep")["customer_id"].apply(sorted).to_dict()
        # Nora (N, 2) gets N's two largest by the snake order (a 600, b 500); Sven takes all of S;
        # c (N, 400) is left: one placeholder rep, ceil(1 / 2) = 1
        assert by_rep == {"Nora": ["a", "b"], "Sven": ["d", "e", "f"], "IS-01": ["c"]}
        assert df.set_index("customer_id").loc["a", "crm_user"] == "nora@x.de"
        assert pd.isna(df.set_index("customer_id").loc["c", "crm_user"])

    def test_rep_without_region_takes_any_region_revenue_balanced(self):
        result = compute(data(), Assumptions(accounts_per_rep=2))
        roster = roster_from_text("name,capacity\nA,3\nB,3\n")
        df = assign_reps(result, roster=roster)
        totals = df.groupby("assigned_rep")["revenue_current_eur"].sum().to_dict()
        # snake: A 600, B 500, B 400, A 300, A 200, B 100 -> A 1100, B 1000
        assert totals == {"A": 1100.0, "B": 1000.0}

    def test_without_roster_unchanged(self):
        result = compute(data(), Assumptions(accounts_per_rep=2))
        assert assign_reps(result, roster=None).equals(assign_reps(result))


class TestHandover:
    def test_columns_rows_and_reasons(self):
        result = compute(data(), Assumptions(accounts_per_rep=2))
        df = assign_reps(result, roster=roster_from_text("name,region\nNora,N\n"))
        h = handover(result, df, effective_date=dt.date(2027, 1, 1), scenario_name="Basis", lang="en")
        assert tuple(h.columns) == HANDOVER_COLUMNS
        assert (h["effective_date"] == "2027-01-01").all() and (h["scenario_name"] == "Basis").all()
        p = h.set_index("customer_id").loc["p"]
        assert p["segment"] == "potential" and p["assigned_rep"] == "Sabine" and p["field_rep"] == "Sabine"
        assert p["postcode"] == "80336" and p["industry"] == "Elektro"
        assert "potential €90,000 ≥ potential threshold €50,000" in p["segment_reason"]
        a = h.set_index("customer_id").loc["a"]
        assert a["field_rep"] == "Fritz" and a["assigned_rep"] == "Nora"
        assert "revenue €600 < revenue threshold" in a["segment_reason"]
        assert len(h) == 7

    @pytest.mark.parametrize("lang, header", [("de", "Gültig ab"), ("en", "Effective date")])
    def test_files(self, lang, header):
        result = compute(data(), Assumptions(accounts_per_rep=2))
        h = handover(result, assign_reps(result), effective_date=dt.date(2027, 1, 1), scenario_name="S", lang=lang)
        assert header in assignments_csv(h, lang=lang).decode("utf-8-sig").splitlines()[0]
        back = pd.read_excel(io.BytesIO(assignments_xlsx(h, lang=lang)), engine="openpyxl")
        assert back.shape == (7, len(HANDOVER_COLUMNS)) and back.columns[0] == header

    def test_warning_without_field_rep_column(self):
        assert handover_warnings(compute(data(), Assumptions()), lang="en") == []
        warn = handover_warnings(compute(data(field_rep=False), Assumptions()), lang="de")
        assert len(warn) == 1 and "Außendienst" in warn[0]


class TestCliRoster:
    def test_export_with_roster(self, tmp_path):
        from calc.cli import main

        src = tmp_path / "kunden.csv"
        data().to_csv(src, index=False)
        roster = tmp_path / "team.csv"
        roster.write_text("Name;E-Mail;Gebiet;Kapazität\nNora;nora@x.de;N;2\n", encoding="utf-8")
        out = tmp_path / "h.csv"
        assert main(["export", str(src), "--lang", "en", "--roster", str(roster), "--set", "accounts_per_rep=2",
                     "--assignments", str(out)]) == 0
        table = pd.read_csv(out, encoding="utf-8-sig")
        assert sorted(table.loc[table["Inside-sales rep"] == "Nora", "Customer ID"]) == ["a", "b"]
        assert table["CRM user"].dropna().tolist() == ["nora@x.de", "nora@x.de"]


class TestRosterProperties:
    @settings(max_examples=40, deadline=None)
    @given(revenue=st.lists(st.floats(1.0, 8000.0), min_size=1, max_size=40),
           regions=st.lists(st.sampled_from(["N", "S", "W"]), min_size=40, max_size=40),
           reps=st.lists(st.tuples(st.sampled_from(["N", "S", ""]), st.integers(0, 6)), min_size=1, max_size=5),
           apr=st.integers(1, 5))
    def test_capacity_region_and_placeholders(self, revenue, regions, reps, apr):
        n = len(revenue)
        df = pd.DataFrame({"customer_id": [str(i) for i in range(n)], "revenue": revenue, "region": regions[:n]})
        result = compute(df, Assumptions(accounts_per_rep=apr))
        roster = pd.DataFrame({"name": [f"R{i}" for i in range(len(reps))], "crm_user": None,
                               "region": [r or None for r, _ in reps], "capacity": [float(c) for _, c in reps]})
        out = assign_reps(result, roster=roster)
        covered = result.customers.loc[result.customers["covered"], "customer_id"]
        assert sorted(out["customer_id"]) == sorted(covered)  # each covered customer exactly once
        counts = out["assigned_rep"].value_counts()
        for i, (region, cap) in enumerate(reps):
            mine = out[out["assigned_rep"] == f"R{i}"]
            assert len(mine) <= cap
            if region:
                assert (mine["region"] == region).all()
        held = out[out["assigned_rep"].str.startswith("IS-")]
        placeholders = [r for r in counts.index if r.startswith("IS-")]
        # placeholders follow the plan by region: ceil(rest_g / apr) per region, none above apr, one region each
        assert len(placeholders) == sum(-(-n // apr) for n in held["region"].value_counts())
        assert all(counts[p] <= apr for p in placeholders)
        assert (held.groupby("assigned_rep")["region"].nunique() == 1).all()
        # placeholders only for the rest: every rep who could take a placeholder's customer is full
        for region in set(out.loc[out["assigned_rep"].str.startswith("IS-"), "region"]):
            for i, (rep_region, cap) in enumerate(reps):
                if rep_region in ("", region):
                    assert int(counts.get(f"R{i}", 0)) == cap
