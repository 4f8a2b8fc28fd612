"""Plan file and plan-against-actual tracking (spec tracking.md), checked by hand.

The worked example, default assumptions (threshold 8,593.75 EUR, potential
= employees x 9,000 EUR with 3 employees by default, potential threshold 50,000 EUR,
churn 15 % baseline / 10 % programme, ramp 0.5, capture 3 %, no growth):

Plan data (latest year 2025)::

    id  r2025   employees  p       cm    segment   field rep
    A    1000   1           9000   0.30  small     F1
    B    2000   2          18000   0.40  small     F2
    C    4000   -          27000   0.30* small     F1        (* cm missing: the 0.30 default)
    D    3000   1           9000   0.20  small     -
    K   20000   10          ...    0.20  key       (not covered)
    E       0   (500 in 2024)      -     inactive  (not covered)

Covered A-D, 1 rep, team cost 65,000 x 1.15 = 74,750 EUR.
Year 1: won = ramp x (1 - 0.97) = 0.015 of the untapped potential.

    id  baseline(1) = 0.85 r   program(1) = 0.9 (r + 0.015 (p - r))
    A    850                   0.9 (1000 + 120) = 1008
    B   1700                   0.9 (2000 + 240) = 2016
    C   3400                   0.9 (4000 + 345) = 3910.5
    D   2550                   0.9 (3000 +  90) = 2781
    sum 8500                                      9715.5      (sum r0 = 10000)

New data (latest year 2026)::

    id  r2026  employees  potential  cm    segment now
    A    1500   6          12000     0.30  potential (p = 54,000 >= 50,000)
    B    9000   2          60000     0.40  key       (>= 8,593.75)
    C       0   -          -         -     inactive  (lost)
    D    (missing from the new data: lost, not qualified)
    K   30000   10         -         0.25  key
    N    5000   8          -         0.30  potential (new customer, not covered)

    qualified_share = 2/4 = 0.5 (A, B)                               -> not met (< 0.8)
    churn actual    = 2/4 = 0.5 (C, D)                                -> not met (> 0.10)
    reclustered     = to_key 1 (B), to_potential 1 (A)                -> met
    revenue actual  = 1500 + 9000 = 10500 >= plan 9715.5
        growth_actual = 0.05, growth_plan = -0.02845
        group_cm = (0.3 x 1500 + 0.4 x 9000) / 10500 = 4050 / 10500 = 0.385714
        key_cm   = (0.4 x 9000 + 0.25 x 30000) / 39000 = 11100 / 39000 = 0.284615
                                                                      -> met
    market share (volumes 100,000 / 1,000,000): segment 10500 / 100000 = 0.105,
        overall (1500 + 9000 + 30000 + 5000) / 1e6 = 0.0455             -> met
    added_cm = 0.3 (1500 - 850) + 0.4 (9000 - 1700) + 0.3 (0 - 3400) + 0.2 (0 - 2550)
             = 195 + 2920 - 1020 - 510 = 1585;  recovered = 1585 / 74750 -> not met
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc import Assumptions, compute
from calc.errors import AssumptionError, DataError, PlanError
from calc.model import customer_revenue
from calc.tracking import CHECKS, PLAN_COLUMNS, QUALIFIED_TARGET, Plan, make_plan, track

NAN = np.nan


def plan_data() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": ["A", "B", "C", "D", "K", "E"],
        "revenue_2024": [900.0, 2100.0, 4200.0, 3100.0, 19000.0, 500.0],
        "revenue_2025": [1000.0, 2000.0, 4000.0, 3000.0, 20000.0, 0.0],
        "employees": [1, 2, NAN, 1, 10, 1],
        "cm_rate": [0.30, 0.40, NAN, 0.20, 0.20, 0.30],
        "field_rep": ["F1", "F2", "F1", None, "F3", "F1"],
    })


def new_data(**changes) -> pd.DataFrame:
    rows = {
        "A": dict(revenue_2025=1000.0, revenue_2026=1500.0, employees=6, potential=12000.0, cm_rate=0.30),
        "B": dict(revenue_2025=2000.0, revenue_2026=9000.0, employees=2, potential=60000.0, cm_rate=0.40),
        "C": dict(revenue_2025=4000.0, revenue_2026=0.0, employees=NAN, potential=NAN, cm_rate=NAN),
        "K": dict(revenue_2025=20000.0, revenue_2026=30000.0, employees=10, potential=NAN, cm_rate=0.25),
        "N": dict(revenue_2025=0.0, revenue_2026=5000.0, employees=8, potential=NAN, cm_rate=0.30),
    }
    for cid, change in changes.items():
        if change is None:
            rows.pop(cid, None)
        else:
            rows.setdefault(cid, dict(revenue_2025=0.0, revenue_2026=0.0, employees=NAN, potential=NAN,
                                      cm_rate=NAN)).update(change)
    df = pd.DataFrame.from_dict(rows, orient="index").rename_axis("customer_id").reset_index()
    df["name"] = "Firma " + df["customer_id"]
    return df


@pytest.fixture
def plan() -> Plan:
    return make_plan(compute(plan_data(), Assumptions()), source="test")


VOLUMES = dict(market_volume_segment_eur=100_000.0, market_volume_total_eur=1_000_000.0)


class TestCustomerRevenue:
    def test_year_one_by_hand(self):
        base, prog = customer_revenue([1000.0, 2000.0], [9000.0, 18000.0], Assumptions(), year=1)
        assert base.tolist() == pytest.approx([850.0, 1700.0])
        assert prog.tolist() == pytest.approx([1008.0, 2016.0])

    def test_year_two_has_full_ramp_and_growth(self):
        a = Assumptions(market_growth=0.1)
        base, prog = customer_revenue([1000.0], [11000.0], a, year=2)
        # 1.21 x 1000 x 0.85^2 ; 1.21 x (1000 + 1 x 10000 x (1 - 0.97^2)) x 0.9^2
        assert base[0] == pytest.approx(1.21 * 1000 * 0.7225)
        assert prog[0] == pytest.approx(1.21 * (1000 + 10000 * 0.0591) * 0.81)

    def test_sums_equal_the_business_case_of_every_year(self):
        a = Assumptions(market_growth=0.02)
        result = compute(plan_data(), a)
        cov = result.customers[result.customers["covered"]]
        r = np.maximum(cov["revenue_current_eur"].to_numpy(), 0)
        for t in range(1, a.horizon_years + 1):
            base, prog = customer_revenue(r, cov["potential_eur"], a, year=t)
            assert base.sum() == pytest.approx(result.internal.years["baseline_revenue_eur"][t])
            assert prog.sum() == pytest.approx(result.internal.years["program_revenue_eur"][t])

    def test_year_zero_is_refused(self):
        with pytest.raises(ValueError, match="year"):
            customer_revenue([1.0], [2.0], Assumptions(), year=0)


class TestMakePlan:
    def test_covered_customers_reps_and_year_one_by_hand(self, plan):
        c = plan.customers.set_index("customer_id")
        assert list(plan.customers.columns) == list(PLAN_COLUMNS)
        assert sorted(c.index) == ["A", "B", "C", "D"]
        assert (plan.data_year, plan.reps, plan.team_cost_eur) == (2025, 1, pytest.approx(74750.0))
        assert c["r0_eur"].tolist() == [1000.0, 2000.0, 4000.0, 3000.0]
        assert c["potential_eur"].tolist() == [9000.0, 18000.0, 27000.0, 9000.0]
        assert c["cm_rate"].tolist() == pytest.approx([0.30, 0.40, 0.30, 0.20])
        assert c["baseline_1_eur"].tolist() == pytest.approx([850.0, 1700.0, 3400.0, 2550.0])
        assert c["program_1_eur"].tolist() == pytest.approx([1008.0, 2016.0, 3910.5, 2781.0])
        assert set(c["inside_rep"]) == {"IS-01"}
        assert c["field_rep"].tolist() == ["F1", "F2", "F1", None]
        assert plan.cash_flows_eur[0] == -60000.0

    def test_small_customer_keeps_both_contacts_from_the_assignment(self):
        result = compute(plan_data(), Assumptions())
        from calc.assign import assign_reps

        assignments = assign_reps(result, reps=2)
        plan = make_plan(result, assignments=assignments)
        got = dict(zip(plan.customers["customer_id"], plan.customers["inside_rep"], strict=True))
        want = dict(zip(assignments["customer_id"].astype(str), assignments["assigned_rep"], strict=True))
        assert got == want and set(got.values()) == {"IS-01", "IS-02"}
        assert plan.customers.set_index("customer_id").loc["B", "field_rep"] == "F2"

    def test_an_assignment_missing_a_covered_customer_is_refused(self):
        result = compute(plan_data(), Assumptions())
        partial = pd.DataFrame({"customer_id": ["A", "B"], "assigned_rep": ["IS-01", "IS-01"]})
        with pytest.raises(PlanError, match="no inside-sales rep for customer 'C'"):
            make_plan(result, assignments=partial)

    def test_data_without_a_revenue_year_is_refused(self):
        data = pd.DataFrame({"customer_id": ["1"], "revenue": [1000.0]})
        with pytest.raises(PlanError, match="revenue_2025"):
            make_plan(compute(data, Assumptions()))

    def test_plan_with_no_covered_customer(self):
        data = pd.DataFrame({"customer_id": ["K"], "revenue_2025": [20000.0]})
        plan = make_plan(compute(data, Assumptions()))
        assert (plan.covered, plan.reps, plan.team_cost_eur) == (0, 0, 0.0)
        assert Plan.from_json(plan.to_json()).covered == 0


class TestPlanFile:
    def test_round_trip_is_exact(self, plan):
        back = Plan.from_json(plan.to_json())
        pd.testing.assert_frame_equal(back.customers, plan.customers)
        assert (back.assumptions, back.data_year, back.reps, back.team_cost_eur, back.cash_flows_eur, back.source) == (
            plan.assumptions, plan.data_year, plan.reps, plan.team_cost_eur, plan.cash_flows_eur, plan.source)

    def test_round_trip_keeps_changed_assumptions(self):
        a = Assumptions(capture_rate=0.05, revenue_threshold=5000.0, include_inactive=True)
        plan = make_plan(compute(plan_data(), a))
        assert Plan.from_json(plan.to_json().encode("utf-8")).assumptions == a
        assert "E" in set(plan.customers["customer_id"])  # inactive covered, r0 = 0

    def test_is_versioned_json(self, plan):
        data = json.loads(plan.to_json())
        assert (data["format"], data["version"], data["data_year"]) == ("smart-accounts-plan", 1, 2025)
        assert data["team"] == {"reps": 1, "annual_cost_eur": pytest.approx(74750.0)}
        assert set(data["customers"][0]) == set(PLAN_COLUMNS)

    @pytest.mark.parametrize("text, message", [
        ("not json at all", "not a plan file: not valid JSON"),
        ('{"version": 1, "assumptions": {"capture_rate": 0.05}}', "not a plan file"),
        ("[1, 2]", "not a plan file"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ])
    def test_a_file_that_is_not_a_plan_gets_a_clear_message(self, text, message):
        with pytest.raises(PlanError, match=message) as info:
            Plan.from_json(text, source="plan file 'x.json'")
        assert "python -m calc plan" in str(info.value)

    def test_an_unknown_version_is_refused(self, plan):
        data = json.loads(plan.to_json())
        data["version"] = 2
        with pytest.raises(PlanError, match="version 2; this calculator reads version 1"):
            Plan.from_json(json.dumps(data))

    @pytest.mark.parametrize("path, value, message", [
        (("customers", 0, "cm_rate"), "x", r"customers\[0\].cm_rate must be a number"),
        (("customers", 1, "customer_id"), "", r"customers\[1\].customer_id"),
        (("team", "reps"), -1, "team.reps"),
        (("assumptions", "capture_rate"), 5, "assumptions"),
        (("data_year",), "2025", "data_year"),
    ])
    def test_a_damaged_entry_is_named(self, plan, path, value, message):
        data = json.loads(plan.to_json())
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(PlanError, match=message):
            Plan.from_json(json.dumps(data))

    def test_a_customer_listed_twice_is_refused(self, plan):
        data = json.loads(plan.to_json())
        data["customers"].append(data["customers"][0])
        with pytest.raises(PlanError, match="twice"):
            Plan.from_json(json.dumps(data))


class TestTrackFigures:
    def test_worked_example_figures(self, plan):
        t = track(plan, new_data(), **VOLUMES)
        assert (t.year, t.covered, t.missing) == (2026, 4, 1)
        assert t.qualified_share == pytest.approx(0.5)
        assert (t.churn_actual, t.churn_plan, t.churn_baseline) == (pytest.approx(0.5), 0.10, 0.15)
        assert (t.to_key, t.to_potential) == (1, 1)
        assert t.reclustered_customers[["customer_id", "segment"]].values.tolist() == [["B", "key"],
                                                                                      ["A", "potential"]]
        assert t.revenue_actual_eur == pytest.approx(10500.0)
        assert t.revenue_plan_eur == pytest.approx(9715.5)
        assert t.revenue_baseline_eur == pytest.approx(8500.0)
        assert t.growth_actual == pytest.approx(0.05)
        assert t.growth_plan == pytest.approx(-0.02845)
        assert t.group_cm_rate == pytest.approx(4050 / 10500)
        assert t.key_cm_rate == pytest.approx(11100 / 39000)
        assert t.market_share_segment == pytest.approx(0.105)
        assert t.market_share_overall == pytest.approx(0.0455)
        assert t.added_cm_eur == pytest.approx(1585.0)
        assert t.team_cost_eur == pytest.approx(74750.0)
        assert t.recovered == pytest.approx(1585 / 74750)

    def test_to_dict_has_the_spec_keys(self, plan):
        d = track(plan, new_data(), **VOLUMES).to_dict()
        assert set(d) == {"year", "covered", "missing", "qualified_share", "churn", "reclustered", "revenue",
                          "margin", "market_share", "payback", "checks"}
        assert set(d["churn"]) == {"actual", "plan", "baseline"}
        assert set(d["reclustered"]) == {"to_key", "to_potential", "customers"}
        assert set(d["revenue"]) == {"actual", "plan", "baseline", "growth_actual", "growth_plan"}
        assert set(d["margin"]) == {"group_cm_rate", "key_cm_rate"}
        assert set(d["market_share"]) == {"segment", "overall"}
        assert set(d["payback"]) == {"added_cm", "team_cost", "recovered"}
        assert list(d["checks"]) == list(CHECKS)
        assert d["reclustered"]["customers"][0] == {"customer_id": "B", "name": "Firma B", "segment": "key",
                                                    "revenue": 9000.0, "inside_rep": "IS-01", "field_rep": "F2"}
        assert d["payback"] == {"added_cm": 1585.0, "team_cost": 74750.0, "recovered": round(1585 / 74750, 6)}
        json.dumps(d)  # plain JSON types only

    def test_churned_list_for_inside_sales(self, plan):
        # lost of the covered A, B, C, D: C (revenue 0 in 2026) and D (missing), largest plan revenue first
        lost = track(plan, new_data()).churned_customers
        assert lost[["customer_id", "name", "r0_eur", "missing"]].values.tolist() == [
            ["C", "Firma C", 4000.0, False], ["D", None, 3000.0, True]]
        assert lost["inside_rep"].str.startswith("IS-").all()
        assert lost["field_rep"].tolist() == ["F1", None]

    def test_a_negative_latest_revenue_counts_as_zero_and_lost(self, plan):
        t = track(plan, new_data(A={"revenue_2026": -200.0}))
        # lost: A, C, D of 4; revenue 0 + 9000
        assert t.churn_actual == pytest.approx(0.75)
        assert t.revenue_actual_eur == pytest.approx(9000.0)

    def test_market_volumes_given_one_at_a_time(self, plan):
        t = track(plan, new_data(), market_volume_segment_eur=100_000.0)
        assert (t.market_share_segment, t.market_share_overall) == (pytest.approx(0.105), None)

    def test_other_assumptions_segment_the_new_data(self, plan):
        # a higher threshold keeps B (9,000) out of key; the plan's churn target stays
        t = track(plan, new_data(), assumptions=Assumptions(revenue_threshold=10000.0))
        assert (t.to_key, t.churn_plan) == (0, 0.10)
        assert t.key_cm_rate == pytest.approx(0.25)  # K alone


class TestChecks:
    def verdict(self, plan, name, data=None, **kw):
        return track(plan, new_data() if data is None else data, **kw).check(name)

    def test_qualified(self, plan):
        assert self.verdict(plan, "qualified").verdict == "not_met"  # 2 of 4
        all_assessed = new_data(C={"potential": 5000.0}, D={"revenue_2025": 3000.0, "revenue_2026": 3300.0,
                                                            "potential": 9000.0})
        check = self.verdict(plan, "qualified", all_assessed)
        assert (check.verdict, check.target, check.actual) == ("met", QUALIFIED_TARGET, 1.0)
        assert "100.0 %" in check.reason_en and "100,0 %" in check.reason_de

    def test_churn_counts_a_customer_missing_from_the_new_data_as_lost(self, plan):
        # only D missing, C keeps buying: 1 of 4 lost = 25 % > 10 %
        check = self.verdict(plan, "churn", new_data(C={"revenue_2026": 4100.0}))
        assert (check.verdict, check.actual, check.target) == ("not_met", pytest.approx(0.25), 0.10)
        none_lost = new_data(C={"revenue_2026": 4100.0}, D={"revenue_2025": 3000.0, "revenue_2026": 10.0})
        assert self.verdict(plan, "churn", none_lost).verdict == "met"

    def test_churn_cannot_tell_without_revenue_in_the_plan_year(self):
        data = pd.DataFrame({"customer_id": ["E"], "revenue_2024": [500.0], "revenue_2025": [0.0]})
        plan = make_plan(compute(data, Assumptions(include_inactive=True)))
        new = pd.DataFrame({"customer_id": ["E"], "revenue_2025": [0.0], "revenue_2026": [800.0]})
        t = track(plan, new)
        assert (t.covered, t.churn_actual, t.check("churn").verdict) == (1, None, "cannot_tell")
        assert t.growth_actual is None  # sum r0 = 0

    def test_reclustered(self, plan):
        check = self.verdict(plan, "reclustered")
        assert (check.verdict, check.actual) == ("met", 2.0)
        only_missing = pd.DataFrame({"customer_id": ["K"], "revenue_2025": [1.0], "revenue_2026": [30000.0]})
        assert self.verdict(plan, "reclustered", only_missing).verdict == "cannot_tell"

    def test_revenue_met_at_a_better_margin(self, plan):
        check = self.verdict(plan, "revenue")
        assert (check.verdict, check.target, check.actual) == ("met", pytest.approx(9715.5), pytest.approx(10500))

    def test_revenue_below_plan(self, plan):
        # B grows only to 8,000 (stays small): 1500 + 8000 = 9500 < 9715.5
        assert self.verdict(plan, "revenue", new_data(B={"revenue_2026": 8000.0})).verdict == "not_met"

    def test_revenue_margin_below_key_accounts(self, plan):
        # key accounts at 0.50: group 0.3857 < 0.4 x 9000 + 0.5 x 30000 / 39000 = 0.4769
        check = self.verdict(plan, "revenue", new_data(K={"cm_rate": 0.50}))
        assert check.verdict == "not_met" and "47.7 %" in check.reason_en

    def test_no_key_accounts_left(self, plan):
        # K gone, B at 8,500 (below the threshold), A at 2,000: revenue 10,500 >= plan, no key margin
        data = new_data(K=None, A={"revenue_2026": 2000.0}, B={"revenue_2026": 8500.0})
        t = track(plan, data)
        assert (t.key_cm_rate, t.to_key) == (None, 0)
        check = t.check("revenue")
        assert check.verdict == "cannot_tell" and "no key accounts left" in check.reason_en

    def test_market_share(self, plan):
        assert self.verdict(plan, "market_share", **VOLUMES).verdict == "met"
        # segment 10500 / 300000 = 0.035 < 0.0455
        low = self.verdict(plan, "market_share", market_volume_segment_eur=300_000.0,
                           market_volume_total_eur=1_000_000.0)
        assert (low.verdict, low.actual, low.target) == ("not_met", pytest.approx(0.035), pytest.approx(0.0455))

    def test_no_market_volumes(self, plan):
        t = track(plan, new_data())
        assert (t.market_share_segment, t.market_share_overall) == (None, None)
        assert t.check("market_share").verdict == "cannot_tell"
        assert t.to_dict()["market_share"] == {"segment": None, "overall": None}

    def test_payback(self, plan):
        assert self.verdict(plan, "payback").verdict == "not_met"  # 1585 / 74750
        cheap = dataclasses.replace(plan, team_cost_eur=1500.0)
        check = track(cheap, new_data()).check("payback")
        assert (check.verdict, check.actual) == ("met", pytest.approx(1585 / 1500))

    def test_every_check_has_both_languages(self, plan):
        for check in track(plan, new_data(), **VOLUMES).checks:
            assert check.reason("en") and check.reason("de") and check.reason("en") != check.reason("de")
            assert check.label("de") != check.label("en")


class TestPlanWithNoCoveredCustomer:
    def test_every_check_cannot_tell(self):
        data = pd.DataFrame({"customer_id": ["K"], "revenue_2025": [20000.0]})
        plan = make_plan(compute(data, Assumptions()))
        t = track(plan, pd.DataFrame({"customer_id": ["K"], "revenue_2025": [20000.0], "revenue_2026": [1.0e5]}),
                  **VOLUMES)
        assert {c.verdict for c in t.checks} == {"cannot_tell"}
        d = t.to_dict()
        assert (d["covered"], d["qualified_share"], d["churn"]["actual"], d["payback"]["recovered"]) == (
            0, None, None, None)
        # K is still a key account, at the default margin rate 0.30 (no cm_rate column)
        assert (d["revenue"]["actual"], d["margin"]["group_cm_rate"], d["margin"]["key_cm_rate"]) == (0.0, None, 0.3)


class TestTrackRefuses:
    def test_new_data_not_after_the_plan_year(self, plan):
        with pytest.raises(DataError, match="latest revenue year is 2025, but the plan is for 2025"):
            track(plan, plan_data())

    def test_new_data_without_a_year(self, plan):
        with pytest.raises(DataError, match="revenue_2026"):
            track(plan, pd.DataFrame({"customer_id": ["A"], "revenue": [1.0]}))

    def test_new_data_listing_a_customer_twice(self, plan):
        data = pd.concat([new_data(), new_data().iloc[:1]])
        with pytest.raises(DataError, match="'A' more than once"):
            track(plan, data)

    @pytest.mark.parametrize("value", [0.0, -5.0, float("nan"), "abc"])
    def test_bad_market_volume(self, plan, value):
        with pytest.raises(AssumptionError, match="market_volume_total must be a number of EUR above 0"):
            track(plan, new_data(), market_volume_total_eur=value)


class TestProperties:
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.floats(1, 8000), min_size=1, max_size=8))
    def test_tracking_the_plans_own_year_one_meets_revenue_exactly(self, revenues):
        """With r1 = program_i(1) for everyone, actual revenue equals the plan and added_cm its delta."""
        data = pd.DataFrame({"customer_id": [f"c{i}" for i in range(len(revenues))], "revenue_2025": revenues})
        plan = make_plan(compute(data, Assumptions()))
        prog = plan.customers["program_1_eur"].to_numpy()
        new = pd.DataFrame({"customer_id": plan.customers["customer_id"], "revenue_2025": 1.0,
                            "revenue_2026": prog})
        t = track(plan, new)
        assert t.revenue_actual_eur == pytest.approx(t.revenue_plan_eur)
        cm = plan.customers["cm_rate"].to_numpy()
        base = plan.customers["baseline_1_eur"].to_numpy()
        assert t.added_cm_eur == pytest.approx(float((cm * (prog - base)).sum()))
        assert t.churn_actual == 0.0 and 0 <= t.qualified_share <= 1

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.floats(-100, 9000), min_size=4, max_size=4), st.lists(st.booleans(), min_size=4, max_size=4))
    def test_churn_is_a_share_and_missing_customers_count_as_lost(self, r1, keep):
        plan = make_plan(compute(plan_data(), Assumptions()))
        ids = ["A", "B", "C", "D"]
        new = pd.DataFrame({"customer_id": [i for i, k in zip(ids, keep, strict=True) if k],
                            "revenue_2025": 1.0,
                            "revenue_2026": [r for r, k in zip(r1, keep, strict=True) if k]})
        if new.empty:
            new = pd.DataFrame({"customer_id": ["Z"], "revenue_2025": [1.0], "revenue_2026": [1.0]})
        t = track(plan, new)
        lost = sum(1 for r, k in zip(r1, keep, strict=True) if not k or r <= 0)
        assert t.churn_actual == pytest.approx(lost / 4)
        assert t.missing == sum(1 for k in keep if not k)
