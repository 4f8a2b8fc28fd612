"""Assigning covered customers to inside-sales reps: balance properties and exports."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.assign import (
    ASSIGNMENT_COLUMNS,
    assign_reps,
    assignment_stats,
    assignments_csv,
    assignments_xlsx,
    rep_names,
)
from calc.assumptions import Assumptions
from calc.errors import AssumptionError
from calc.model import compute

# every customer below the threshold (8593.75) and the potential threshold: all "small", all covered
revenues = st.lists(st.floats(min_value=1.0, max_value=8500.0, allow_nan=False), min_size=1, max_size=120)


def result_for(revs, regions=None, **kw):
    data = pd.DataFrame({"customer_id": [f"C{i}" for i in range(len(revs))], "revenue": revs,
                         "name": [f"N{i}" for i in range(len(revs))]})
    if regions is not None:
        data["region"] = regions
    return compute(data, Assumptions(**kw))


def check_revenue_bound(df):
    """Within a group of reps, rep totals differ by at most the largest single revenue."""
    rev = np.maximum(df["revenue_current_eur"], 0)
    totals = rev.groupby(df["assigned_rep"]).sum()
    assert totals.max() - totals.min() <= rev.max() + 1e-6


@settings(max_examples=60, deadline=None)
@given(revenues, st.integers(min_value=1, max_value=12))
def test_count_and_revenue_balance_without_regions(revs, k):
    result = result_for(revs)
    df = assign_reps(result, reps=k)
    assert sorted(df["customer_id"]) == sorted(result.customers.loc[result.customers["covered"], "customer_id"])
    assert df["customer_id"].is_unique
    counts = df["assigned_rep"].value_counts()
    if len(df) >= k:
        assert len(counts) == k
    assert counts.max() - counts.min() <= 1
    check_revenue_bound(df)
    stats = assignment_stats(df)
    assert stats["customers_per_rep_max"] - stats["customers_per_rep_min"] <= 1
    if stats["revenue_per_rep_mean_eur"] > 0 and len(df) >= k:
        assert stats["revenue_spread"] <= stats["max_revenue_eur"] / stats["revenue_per_rep_mean_eur"] + 1e-9


@settings(max_examples=60, deadline=None)
@given(st.data(), revenues, st.integers(min_value=1, max_value=12))
def test_balance_within_regions(data, revs, k):
    regions = data.draw(st.lists(st.sampled_from(["Nord", "Süd", "Ost", "West", None]),
                                 min_size=len(revs), max_size=len(revs)))
    result = result_for(revs, regions)
    df = assign_reps(result, reps=k)
    assert len(df) == len(revs) and df["customer_id"].is_unique
    region = df["region"].fillna("").astype(str)
    n_regions = region.nunique()
    if 1 < n_regions <= k:
        # reps do not cross regions, and every region has its own reps
        assert (df.groupby("assigned_rep")["region"].apply(lambda s: s.fillna("").nunique()) == 1).all()
        assert df["assigned_rep"].nunique() <= k
        for _, part in df.groupby(region):
            counts = part["assigned_rep"].value_counts()
            assert counts.max() - counts.min() <= 1
            check_revenue_bound(part)
        assert assignment_stats(df)["count_spread_within_region_max"] <= 1
    else:  # fewer reps than regions (or one region): balanced globally
        counts = df["assigned_rep"].value_counts()
        assert counts.max() - counts.min() <= 1
        check_revenue_bound(df)


def test_default_reps_and_names():
    result = result_for([100.0 + i for i in range(450)], accounts_per_rep=100)
    df = assign_reps(result)
    assert result.team.reps == 5
    assert sorted(df["assigned_rep"].unique()) == rep_names(5) == ["IS-01", "IS-02", "IS-03", "IS-04", "IS-05"]
    assert list(df.columns) == list(ASSIGNMENT_COLUMNS)
    assert rep_names(120)[0] == "IS-001"


def test_largest_remainder_allocation():
    regions = ["Nord"] * 60 + ["Süd"] * 30 + ["Ost"] * 10
    df = assign_reps(result_for([500.0] * 100, regions), reps=10)
    reps_per_region = df.groupby("region")["assigned_rep"].nunique().to_dict()
    assert reps_per_region == {"Nord": 6, "Süd": 3, "Ost": 1}
    # a small region still gets one rep
    df = assign_reps(result_for([500.0] * 100, ["Nord"] * 98 + ["Süd"] * 2), reps=3)
    assert df.groupby("region")["assigned_rep"].nunique().to_dict() == {"Nord": 2, "Süd": 1}
    stats = assignment_stats(df)
    assert (stats["customers_per_rep_min"], stats["customers_per_rep_max"]) == (2, 49)  # documented trade-off


def test_by_region_off_and_errors():
    df = assign_reps(result_for([1.0, 2.0, 3.0, 4.0], ["A", "A", "A", "B"]), reps=2, by_region=False)
    assert df["assigned_rep"].value_counts().tolist() == [2, 2]
    with pytest.raises(AssumptionError):
        assign_reps(result_for([1.0]), reps=0)
    empty = assign_reps(result_for([100000.0]))  # a key account only: nobody covered
    assert empty.empty and list(empty.columns) == list(ASSIGNMENT_COLUMNS)
    assert assignment_stats(empty)["reps"] == 0


def test_exports_are_safe():
    data = pd.DataFrame({"customer_id": ["=1+1", "2"], "revenue": [100.0, 200.0],
                         "name": ['=HYPERLINK("http://x","y")', "Müller; Söhne"], "region": ["Süd", "Süd"]})
    df = assign_reps(compute(data, Assumptions()), reps=1)
    text = assignments_csv(df, lang="de").decode("utf-8-sig")
    assert text.splitlines()[0].startswith('"Kundennummer";"Name";"Segment";"Inside-Sales-Mitarbeiter"')
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in text and '"Müller; Söhne"' in text
    assert ";200;" in text or ";200," in text
    back = pd.read_csv(io.BytesIO(assignments_csv(df, lang="en")), encoding="utf-8-sig")
    assert back["Customer ID"].tolist() == ["2", "'=1+1"]
    wb = openpyxl.load_workbook(io.BytesIO(assignments_xlsx(df, lang="en")))
    ws = wb.active
    cells = [ws.cell(r, 2) for r in (2, 3)]
    assert all(c.data_type == "s" for c in cells)
    assert {c.value for c in cells} == {"=HYPERLINK(\"http://x\",\"y\")", "Müller; Söhne"}  # XLSX: text as it came
    assert ws.cell(2, 7).data_type == "n" and ws.cell(2, 3).value == "small customer"


class TestPlanByRegion:
    """Issue 10 item 6: with regions the team is planned per region; no rep above accounts_per_rep."""

    def test_regions_round_up_on_their_own(self):
        # 5 + 3 customers at 4 a rep: ceil(5/4) + ceil(3/4) = 2 + 1 = 3 reps, not ceil(8/4) = 2
        result = result_for([100.0] * 8, ["Nord"] * 5 + ["Süd"] * 3, accounts_per_rep=4)
        assert result.team.reps == 3 and result.team.reps_without_regions == 2
        assert result.team.annual_cost_eur == 224_250.0  # 3 x 65,000 x 1.15
        assert result.internal.annual_team_cost_eur == 224_250.0
        assert result.external.annual_team_cost_eur == 3 * 85_000
        assert result.team.region_plan == (("Nord", 5, 2), ("Süd", 3, 1))
        df = assign_reps(result)
        assert df["assigned_rep"].value_counts().max() <= 4
        assert df.groupby("assigned_rep")["region"].nunique().max() == 1

    def test_without_a_region_column_the_team_is_unchanged(self):
        result = result_for([100.0] * 9, accounts_per_rep=4)
        assert result.team.reps == 3 == result.team.reps_without_regions  # ceil(9 / 4)
        assert result.team.region_plan == ()

    def test_one_region_or_case_and_spaces_change_nothing(self):
        result = result_for([100.0] * 9, ["Nord", " nord", "NORD "] * 3, accounts_per_rep=4)
        assert result.team.reps == 3 and result.team.region_plan == (("Nord", 9, 3),)

    def test_customers_without_region_fill_the_room(self):
        # 3 in Nord at 4 a rep leave room for 1; one customer without a region fits: 1 rep
        assert result_for([100.0] * 4, ["Nord"] * 3 + [None], accounts_per_rep=4).team.reps == 1
        # 5 without a region: 1 fits, 4 need ceil(4/4) = 1 more rep
        result = result_for([100.0] * 8, ["Nord"] * 3 + [None] * 5, accounts_per_rep=4)
        assert result.team.reps == 2
        assert result.team.region_plan == (("Nord", 3, 1), ("", 5, 1))
        assert result.summary()["team_regions"] == [{"region": "Nord", "customers": 3, "reps": 1},
                                                       {"region": "", "customers": 5, "reps": 1}]
        df = assign_reps(result)
        assert df["assigned_rep"].value_counts().tolist() == [4, 4]

    @settings(max_examples=60, deadline=None)
    @given(st.data(), revenues, st.integers(min_value=1, max_value=30))
    def test_no_rep_above_the_plan(self, data, revs, apr):
        regions = data.draw(st.lists(st.sampled_from(["Nord", "Süd", "Ost", None]),
                                     min_size=len(revs), max_size=len(revs)))
        result = result_for(revs, regions, accounts_per_rep=apr)
        df = assign_reps(result)
        assert sorted(df["customer_id"]) == sorted(result.customers.loc[result.customers["covered"], "customer_id"])
        counts = df["assigned_rep"].value_counts()
        assert counts.max() <= apr
        assert len(counts) <= result.team.reps
        named = df[df["region"].notna()]
        assert (named.groupby("assigned_rep")["region"].nunique() <= 1).all()  # a rep keeps to one region
        for _, part in named.groupby("region"):
            per_rep = part["assigned_rep"].value_counts()
            assert len(per_rep) == -(-len(part) // apr)  # ceil(n_g / apr) reps for region g

    def test_the_sample_hands_over_what_the_plan_pays_for(self, sample_customers):
        from calc.assign import rep_table, spread_text

        result = compute(sample_customers, Assumptions())
        # covered per region: Süd 718, Mitte 704, West 688, Ost 642, Südwest 394, Nord 379:
        # 2 + 2 + 2 + 2 + 1 + 1 = 10 reps, one more than ceil(3,525 / 400) = 9
        assert result.team.reps == 10 and result.team.reps_without_regions == 9
        df = assign_reps(result)
        stats = assignment_stats(df)
        assert stats["reps"] == 10 and stats["customers_per_rep_max"] <= 400
        table = rep_table(df)
        assert table["customers"].sum() == 3525 and len(table) == 10
        assert table.loc[table["region"] == "Ost", "customers"].tolist() == [321, 321]  # 642 / 2
        assert table["revenue_current_eur"].sum() == pytest.approx(result.potential.covered_revenue_eur)
        words = spread_text(df, result, lang="en")
        assert words.startswith(f"Each rep carries {stats['customers_per_rep_min']}–"
                                f"{stats['customers_per_rep_max']} customers; plan: 400.")
        assert "without regions it would be 9" in words
        assert "Jeder Mitarbeiter betreut" in spread_text(df, result, lang="de")

    def test_an_explicit_team_above_the_plan_is_named(self):
        from calc.assign import spread_text

        result = result_for([100.0] * 8, accounts_per_rep=4)
        df = assign_reps(result, reps=1)
        assert "more than the 4 the business case pays for" in spread_text(df, result, lang="en")

    @pytest.mark.parametrize("name, value", [("capture_rate", 0.03), ("field_rep_annual_cost", 110_000.0),
                                             ("potential_per_employee", 9_000.0), ("accounts_per_rep", 4)])
    def test_monte_carlo_plans_the_same_team(self, name, value):
        from calc.montecarlo import TriangularRange, simulate

        revs = [100.0 * (i + 1) for i in range(11)]
        data = pd.DataFrame({"customer_id": [f"C{i}" for i in range(11)], "revenue": revs,
                             "region": ["Nord"] * 5 + ["Süd"] * 3 + [None] * 3})
        a = Assumptions(accounts_per_rep=4)
        result = compute(data, a)
        assert result.team.reps == 3  # Nord ceil(5/4) = 2, Süd 1; their room 3 + 1 takes the 3 without a region
        sim = simulate(data, a, {name: TriangularRange(value, value, value)}, draws=3, seed=1)
        assert sim.npv_eur.tolist() == pytest.approx([result.internal.npv_eur] * 3)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.integers(0, 2000), max_size=8), st.integers(0, 2000), st.integers(1, 500))
    def test_region_reps_never_fewer_and_room_enough(self, counts, blank, apr):
        from calc.model import region_reps

        per_region, extra = region_reps(counts, accounts_per_rep=apr, no_region=blank)
        total = int(per_region.sum()) + extra
        n = sum(counts) + blank
        assert total >= -(-n // apr)  # never fewer than without regions
        assert total * apr >= n  # every customer has a place
        assert all(k * apr >= c and (k - 1) * apr < c for k, c in zip(per_region, counts, strict=True))
        if sum(1 for c in counts if c) <= 1:
            assert total == -(-n // apr)  # one region (or none) is the plan without regions
