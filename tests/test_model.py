"""calc.model: the spec's worked examples, hand-checked business cases, properties."""

import math

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc.assumptions import Assumptions
from calc.errors import DataError
from calc.finance import payback_months
from calc.model import (
    NPV_LEVERS,
    SEGMENTS,
    cash_flows,
    compute,
    field_cost,
    field_cost_values,
    payback_months_of,
    team_cost,
)


def table(**columns):
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"customer_id": [f"C{i}" for i in range(n)], **columns})


class TestFieldCost:
    def test_spec_worked_example(self):
        fc = field_cost(Assumptions())
        assert fc.cost_per_visit_eur == 137.50
        assert fc.care_cost_eur == 687.50
        assert fc.revenue_threshold_eur == 8593.75
        assert not fc.cost_per_visit_overridden and not fc.revenue_threshold_overridden

    def test_cost_per_visit_override_feeds_the_threshold(self):
        fc = field_cost(Assumptions(cost_per_visit=100.0))
        assert (fc.care_cost_eur, fc.revenue_threshold_eur) == (500.0, 6250.0)

    def test_threshold_override_wins(self):
        assert field_cost(Assumptions(revenue_threshold=5000.0)).revenue_threshold_eur == 5000.0


class TestSegments:
    def test_each_rule_in_order(self):
        data = pd.DataFrame(
            {
                "customer_id": ["inactive", "key", "potential", "small", "none", "key_big_potential"],
                "revenue_2024": [5000.0, 1.0, 1.0, 1.0, 0.0, 1.0],
                "revenue_2025": [0.0, 8593.75, 8593.74, 100.0, 0.0, 20000.0],
                "employees": [1.0, 1.0, 6.0, 5.0, 1.0, 100.0],
            }
        )
        result = compute(data, Assumptions())
        assert list(result.customers["segment"]) == ["inactive", "key", "potential", "small", "no_revenue", "key"]
        assert dict(result.segments.counts) == {"key": 2, "potential": 1, "small": 1, "inactive": 1, "no_revenue": 1}

    def test_potential_threshold_is_inclusive(self):
        # 50000 / 9000 employees is not whole; use per-employee 10000 and 5 employees -> exactly 50000
        data = table(revenue=[100.0], employees=[5.0])
        result = compute(data, Assumptions(potential_per_employee=10000.0))
        assert result.customers["segment"].iloc[0] == "potential"

    def test_single_revenue_column_has_no_inactive(self):
        result = compute(table(revenue=[0.0, -5.0, 10.0]), Assumptions())
        assert result.segments.counts["inactive"] == 0 and result.segments.counts["no_revenue"] == 2

    def test_counts_revenue_and_share(self):
        result = compute(table(revenue=[1000.0, 3000.0, 16000.0]), Assumptions())
        assert result.segments.revenue_eur["small"] == 4000.0
        assert result.segments.revenue_share["key"] == pytest.approx(0.8)


class TestPotential:
    def test_spec_electricians_example(self):
        # 4,000 electricians with 3 employees (the default), 9,000 EUR each: 108 million EUR
        data = table(revenue=np.full(4000, 2000.0))
        result = compute(data, Assumptions())
        assert result.potential.covered_customers == 4000
        assert result.potential.covered_total_eur == 3 * 9000 * 4000 == 108_000_000
        assert result.potential.covered_untapped_eur == 108_000_000 - 4000 * 2000

    def test_historical_is_best_year(self):
        data = table(revenue_2023=[4000.0], revenue_2024=[6000.0], revenue_2025=[3000.0])
        result = compute(data, Assumptions(potential_method="historical"))
        assert result.customers["potential_eur"].iloc[0] == 6000.0
        assert result.customers["share_of_wallet"].iloc[0] == 0.5

    def test_data_method_falls_back_to_homogeneous(self):
        data = table(revenue=[1000.0, 1000.0], potential=[40000.0, np.nan], employees=[np.nan, 2.0])
        result = compute(data, Assumptions(potential_method="data"))
        assert list(result.customers["potential_eur"]) == [40000.0, 18000.0]

    def test_potential_never_below_revenue(self):
        data = table(revenue=[30000.0], employees=[1.0])
        assert compute(data, Assumptions()).customers["potential_eur"].iloc[0] == 30000.0

    def test_share_of_wallet_is_one_where_potential_is_zero(self):
        data = table(revenue=[0.0], employees=[1.0])
        result = compute(data, Assumptions(potential_per_employee=0.0))
        assert result.customers["share_of_wallet"].iloc[0] == 1.0

    def test_all_three_methods_are_reported(self):
        result = compute(table(revenue=[1000.0]), Assumptions())
        assert set(result.potential_by_method) == {"homogeneous", "historical", "data"}
        assert result.potential_by_method["historical"].covered_total_eur == 1000.0


class TestTeam:
    def test_reps_round_up(self):
        result = compute(table(revenue=np.full(401, 1000.0)), Assumptions())
        assert result.team.reps == 2
        assert result.team.annual_cost_eur == pytest.approx(2 * 65000 * 1.15)

    def test_rep_check_at_350_400_450_against_the_added_margin(self):
        a = Assumptions(capture_rate=0.5, churn_baseline=0.0, churn_program=0.0, market_growth=0.0,
                        ramp_year1=1.0, horizon_years=2)
        result = compute(table(revenue=[2000.0, 4000.0]), a)
        checks = {c.accounts: c for c in result.team.rep_checks}
        assert sorted(checks) == [350, 400, 450]
        # untapped 25,000 + 23,000 = 48,000 at 30 %: 14,400; won 0.5, then 0.75: ΔCM 7,200, 10,800;
        # mean 9,000 over 2 customers = 4,500 per customer; a book of 400 adds 1,800,000 against 74,750
        assert result.team.added_cm_per_customer_eur == pytest.approx(4500.0)
        assert checks[400].added_cm_eur == pytest.approx(1_800_000.0)
        assert checks[400].rep_cost_eur == pytest.approx(74750.0)
        assert checks[350].surplus_eur == pytest.approx(350 * 4500.0 - 74750)
        assert all(c.pays_off for c in checks.values())

    def test_rep_check_does_not_count_todays_margin(self):
        """Without capture and with equal churn the team adds nothing: no rep carries itself, however much
        the customers buy today."""
        a = Assumptions(capture_rate=0.0, churn_baseline=0.1, churn_program=0.1)
        result = compute(table(revenue=[8000.0, 8000.0]), a)
        assert result.team.added_cm_per_customer_eur == pytest.approx(0.0, abs=1e-9)
        assert not any(c.pays_off for c in result.team.rep_checks)

    def test_inactive_are_covered_only_when_asked(self):
        data = table(revenue_2024=[3000.0, 2000.0], revenue_2025=[0.0, 2000.0])
        assert compute(data, Assumptions()).team.covered_customers == 1
        assert compute(data, Assumptions(include_inactive=True)).team.covered_customers == 2


# --- the hand-worked business case -------------------------------------------------
# Customer A: r = 2000, 2 employees -> p = 18000, cm 0.30 (default), 1 visit.
# Customer B: r = 5000, employees unknown -> 3 x 9000 = 27000, cm 0.40 (data), 2 visits.
# Horizon 3 years, other assumptions default.  Worked out on paper, year by year:
#   t=1: ramp 0.5, won = 0.5 x (1 - 0.97) = 0.015
#        A: baseline 2000 x .85 = 1700; programme (2000 + .015 x 16000) x .9 = 2016;  x .3 -> 94.80
#        B: baseline 5000 x .85 = 4250; programme (5000 + .015 x 22000) x .9 = 4797;  x .4 -> 218.80
#   t=2: won = 1 - .97^2 = .0591
#        A: 1445 vs (2000 + 945.6) x .81 = 2385.936 -> 940.936 x .3 = 282.2808
#        B: 3612.5 vs (5000 + 1300.2) x .81 = 5103.162 -> 1490.662 x .4 = 596.2648
#   t=3: won = 1 - .97^3 = .087327
#        A: 1228.25 vs (2000 + 1397.232) x .729 = 2476.582128 -> 1248.332128 x .3 = 374.4996384
#        B: 3070.625 vs (5000 + 1921.194) x .729 = 5045.550426 -> 1974.925426 x .4 = 789.9701704
#   freed visits: (1 + 2) x 137.50 = 412.50 per year
HAND_DELTA_CM = [313.60, 878.5456, 1164.4698088]
HAND_FREED = 412.50


@pytest.fixture
def two_customers():
    return pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "revenue": [2000.0, 5000.0],
            "employees": [2.0, np.nan],
            "cm_rate": [np.nan, 0.40],
            "visits_12m": [1.0, 2.0],
        }
    )


class TestBusinessCaseByHand:
    def test_delta_contribution_year_by_year(self, two_customers):
        result = compute(two_customers, Assumptions(horizon_years=3))
        years = result.internal.years
        assert list(years["year"]) == [0, 1, 2, 3]
        np.testing.assert_allclose(years["delta_cm_eur"].iloc[1:], HAND_DELTA_CM, atol=1e-6)
        np.testing.assert_allclose(years["freed_visits_eur"].iloc[1:], [HAND_FREED] * 3)
        np.testing.assert_allclose(years["baseline_revenue_eur"].iloc[1:], [5950.0, 5057.5, 4298.875])

    def test_expensive_team_never_pays_back(self, two_customers):
        # one rep for two customers: 65000 x 1.15 = 74750 a year
        result = compute(two_customers, Assumptions(horizon_years=3))
        expected = [-60000.0] + [d + HAND_FREED - 74750.0 for d in HAND_DELTA_CM]
        np.testing.assert_allclose(result.internal.cash_flows_eur, expected, atol=1e-6)
        assert result.internal.irr is None and result.internal.payback_months is None
        benefits = sum(HAND_DELTA_CM) + 3 * HAND_FREED
        assert result.internal.roi == pytest.approx(benefits / (60000 + 3 * 74750) - 1)
        assert result.internal.npv_eur == pytest.approx(
            -60000 + expected[1] / 1.08 + expected[2] / 1.08**2 + expected[3] / 1.08**3
        )

    def test_cheap_team_pays_back_in_year_three(self, two_customers):
        a = Assumptions(horizon_years=3, inside_rep_annual_cost=1000.0, overhead_rate=0.0, setup_cost=500.0)
        result = compute(two_customers, a)
        cash = [-500.0, -273.9, 291.0456, 576.9698088]
        np.testing.assert_allclose(result.internal.cash_flows_eur, cash, atol=1e-6)
        # cumulative: -500, -773.9, -482.8544, +94.1154088 -> (2 + 482.8544 / 576.9698088) x 12
        assert result.internal.payback_months == pytest.approx((2 + 482.8544 / 576.9698088) * 12)
        assert result.internal.irr == pytest.approx(npf.irr(cash), abs=1e-12)
        assert result.internal.npv_eur == pytest.approx(npf.npv(0.08, cash))

    def test_external_variant_uses_provider_price_setup_and_ramp(self, two_customers):
        result = compute(two_customers, Assumptions(horizon_years=3))
        ext = result.external
        assert ext.annual_team_cost_eur == 85000.0 and ext.setup_cost_eur == 20000.0
        # year 1 with ramp 0.75: won = .75 x .03 = .0225
        a_cm = ((2000 + 0.0225 * 16000) * 0.9 - 1700) * 0.3
        b_cm = ((5000 + 0.0225 * 22000) * 0.9 - 4250) * 0.4
        assert ext.cash_flows_eur[1] == pytest.approx(a_cm + b_cm + HAND_FREED - 85000.0)
        # years 2+ have full ramp in both variants: same delta cm
        assert ext.years["delta_cm_eur"].iloc[2] == pytest.approx(HAND_DELTA_CM[1])

    def test_make_or_buy_picks_higher_npv(self, two_customers):
        result = compute(two_customers, Assumptions(horizon_years=3))
        mob = result.make_or_buy
        assert mob.internal_npv_eur == result.internal.npv_eur
        assert mob.choice == ("external" if result.external.npv_eur > result.internal.npv_eur else "internal")
        cheap_provider = compute(two_customers, Assumptions(horizon_years=3, external_cost_per_rep=1000.0))
        assert cheap_provider.make_or_buy.choice == "external"

    def test_market_growth_scales_both_cases(self, two_customers):
        flat = compute(two_customers, Assumptions(horizon_years=2))
        grown = compute(two_customers, Assumptions(horizon_years=2, market_growth=0.1))
        np.testing.assert_allclose(
            grown.internal.years["delta_cm_eur"].iloc[1:],
            flat.internal.years["delta_cm_eur"].iloc[1:] * np.array([1.1, 1.21]),
        )

    def test_inactive_customer_is_won_back_from_zero(self):
        data = pd.DataFrame({"customer_id": ["X"], "revenue_2024": [3000.0], "revenue_2025": [-200.0]})
        a = Assumptions(horizon_years=1, include_inactive=True, potential_method="historical")
        result = compute(data, a)
        assert result.customers["segment"].iloc[0] == "inactive"
        # p = 3000, r counts as 0: programme = .5 x 3000 x .03 x .9 = 40.5; baseline 0; x .3
        assert result.internal.years["delta_cm_eur"].iloc[1] == pytest.approx(40.5 * 0.3)

    def test_no_covered_customers(self):
        result = compute(table(revenue=[50000.0]), Assumptions())
        assert result.team.reps == 0 and result.team.annual_cost_eur == 0
        assert result.internal.cash_flows_eur == (-60000.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        assert result.internal.irr is None and result.internal.payback_months is None


class TestSummary:
    def test_has_the_spec_keys(self, two_customers):
        s = compute(two_customers, Assumptions()).summary()
        assert {"cost_per_visit", "care_cost", "revenue_threshold", "segments", "potential", "team",
                "business_case", "make_or_buy"} <= set(s)
        assert set(s["segments"]) == set(SEGMENTS)
        assert {"covered_total", "covered_revenue", "covered_untapped", "share_of_wallet"} <= set(s["potential"])
        assert set(s["team"]) == {"covered_customers", "reps", "annual_cost"}
        assert {"cash_flows", "npv", "irr", "roi", "payback_months"} <= set(s["business_case"])
        assert s["make_or_buy"]["choice"] in {"internal", "external"}


class TestBadTables:
    def test_missing_id(self):
        with pytest.raises(DataError, match="customer_id"):
            compute(pd.DataFrame({"revenue": [1.0]}), Assumptions())

    def test_missing_revenue(self):
        with pytest.raises(DataError, match="revenue"):
            compute(pd.DataFrame({"customer_id": ["1"]}), Assumptions())


# --- properties ---------------------------------------------------------------------
money = st.floats(-2000.0, 60000.0, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def customer_tables(draw):
    n = draw(st.integers(1, 25))
    cols = {
        "customer_id": [str(i) for i in range(n)],
        "revenue_2024": draw(st.lists(money, min_size=n, max_size=n)),
        "revenue_2025": draw(st.lists(money, min_size=n, max_size=n)),
        "employees": draw(st.lists(st.one_of(st.just(np.nan), st.integers(0, 40).map(float)), min_size=n, max_size=n)),
        "visits_12m": draw(st.lists(st.integers(0, 12).map(float), min_size=n, max_size=n)),
        "cm_rate": draw(st.lists(st.one_of(st.just(np.nan), st.floats(0, 1)), min_size=n, max_size=n)),
    }
    return pd.DataFrame(cols)


scenario = st.builds(
    Assumptions,
    capture_rate=st.floats(0, 0.5),
    churn_program=st.floats(0, 0.5),
    churn_baseline=st.floats(0, 0.5),
    accounts_per_rep=st.integers(1, 500),
    include_inactive=st.booleans(),
    potential_method=st.sampled_from(["homogeneous", "historical", "data"]),
    market_growth=st.floats(-0.2, 0.2),
    horizon_years=st.integers(1, 10),
)
prop = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestProperties:
    @prop
    @given(data=customer_tables(), a=scenario, extra=st.floats(1, 1e6))
    def test_higher_setup_cost_never_raises_npv(self, data, a, extra):
        low = compute(data, a).internal.npv_eur
        high = compute(data, a.replace(setup_cost=a.setup_cost + extra)).internal.npv_eur
        assert high <= low + 1e-6

    @prop
    @given(data=customer_tables(), a=scenario, bump=st.floats(0, 0.5))
    def test_higher_capture_rate_never_lowers_npv(self, data, a, bump):
        low = compute(data, a).internal.npv_eur
        high = compute(data, a.replace(capture_rate=min(1.0, a.capture_rate + bump))).internal.npv_eur
        assert high >= low - 1e-6 * max(1.0, abs(low))

    @prop
    @given(data=customer_tables(), a=scenario, bump=st.floats(0, 0.5))
    def test_higher_program_churn_never_raises_npv(self, data, a, bump):
        low = compute(data, a).internal.npv_eur
        high = compute(data, a.replace(churn_program=min(1.0, a.churn_program + bump))).internal.npv_eur
        assert high <= low + 1e-6 * max(1.0, abs(low))

    @prop
    @given(data=customer_tables(), a=scenario)
    def test_duplicating_customers_doubles_sums_and_never_lowers_reps(self, data, a):
        once = compute(data, a)
        doubled = pd.concat([data, data.assign(customer_id=data["customer_id"] + "b")], ignore_index=True)
        twice = compute(doubled, a)
        assert twice.segments.revenue_total_eur == pytest.approx(2 * once.segments.revenue_total_eur, abs=1e-6)
        assert twice.potential.covered_total_eur == pytest.approx(2 * once.potential.covered_total_eur)
        assert twice.customers["potential_eur"].sum() == pytest.approx(2 * once.customers["potential_eur"].sum())
        assert twice.team.reps >= once.team.reps

    @prop
    @given(data=customer_tables(), a=scenario)
    def test_segment_counts_add_up_to_customers(self, data, a):
        result = compute(data, a)
        assert sum(result.segments.counts.values()) == len(data) == result.segments.customers_total

    @prop
    @given(data=customer_tables(), a=scenario)
    def test_no_nan_or_inf_anywhere(self, data, a):
        result = compute(data, a)

        def walk(x):
            if isinstance(x, dict):
                for v in x.values():
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
            elif isinstance(x, float):
                assert math.isfinite(x)

        walk(result.summary())
        for bc in (result.internal, result.external):
            assert np.isfinite(bc.years.to_numpy(dtype=float)).all()
        derived = ["revenue_current_eur", "potential_eur", "untapped_eur", "share_of_wallet", "cm_rate_used"]
        assert np.isfinite(result.customers[derived].to_numpy(dtype=float)).all()


# --- the business-case formula on numbers and on arrays over draws ----------------------

CASH_ARGS = ("revenue_eur", "untapped_eur", "cm_revenue_eur", "cm_untapped_eur", "visits", "cost_per_visit_eur",
             "freed_visit_value_share", "team_cost_eur", "setup_cost_eur", "ramp_year1", "capture_rate",
             "churn_baseline", "churn_program", "market_growth")
fraction = st.floats(0, 1)
cash_arg = {
    "revenue_eur": st.floats(0, 1e7), "untapped_eur": st.floats(0, 1e8), "cm_revenue_eur": st.floats(0, 1e7),
    "cm_untapped_eur": st.floats(0, 1e8), "visits": st.floats(0, 1e4), "cost_per_visit_eur": st.floats(0, 1e3),
    "freed_visit_value_share": fraction, "team_cost_eur": st.floats(0, 1e7), "setup_cost_eur": st.floats(0, 1e7),
    "ramp_year1": fraction, "capture_rate": fraction, "churn_baseline": fraction, "churn_program": fraction,
    "market_growth": st.floats(-0.5, 0.5),
}


class TestCashFlows:
    def test_hand_worked_two_customers(self, two_customers):
        # the sums of customers A and B above: r 7000, p 45000, margins .3 / .4, 3 visits
        cf = cash_flows(revenue_eur=7000.0, untapped_eur=38000.0, cm_revenue_eur=0.3 * 2000 + 0.4 * 5000,
                        cm_untapped_eur=0.3 * 16000 + 0.4 * 22000, visits=3.0, cost_per_visit_eur=137.5,
                        freed_visit_value_share=1.0, team_cost_eur=74750.0, setup_cost_eur=60000.0, ramp_year1=0.5,
                        capture_rate=0.03, churn_baseline=0.15, churn_program=0.10, market_growth=0.0,
                        horizon_years=3)
        np.testing.assert_allclose(cf.delta_cm_eur, HAND_DELTA_CM, atol=1e-6)
        np.testing.assert_allclose(cf.cash_flow_eur, [-60000.0] + [d + HAND_FREED - 74750.0 for d in HAND_DELTA_CM],
                                   atol=1e-6)
        np.testing.assert_allclose(cf.baseline_revenue_eur, [5950.0, 5057.5, 4298.875])
        assert cf.freed_visits_eur == HAND_FREED and cf.setup_cost_eur == 60000.0
        assert math.isnan(cf.payback_months())

    @settings(max_examples=60, deadline=None)
    @given(scalars=st.lists(st.fixed_dictionaries(cash_arg), min_size=1, max_size=4),
           drawn=st.sets(st.sampled_from(CASH_ARGS)), horizon=st.integers(1, 10))
    def test_an_array_over_draws_gives_one_column_per_draw(self, scalars, drawn, horizon):
        arrays = {k: np.array([s[k] for s in scalars]) if k in drawn else scalars[0][k] for k in CASH_ARGS}
        together = cash_flows(**arrays, horizon_years=horizon)
        for d, s in enumerate(scalars):
            one = cash_flows(**{k: s[k] if k in drawn else scalars[0][k] for k in CASH_ARGS}, horizon_years=horizon)
            if drawn:
                assert together.cash_flow_eur.shape == (horizon + 1, len(scalars))
                column = together.cash_flow_eur[:, d]
                assert np.array_equal(together.program_revenue_eur[:, d], one.program_revenue_eur)
            else:
                column = together.cash_flow_eur
            assert np.array_equal(column, one.cash_flow_eur)

    def test_cash_only_skips_the_revenue(self):
        kw = dict.fromkeys(CASH_ARGS, 0.1)
        cf = cash_flows(**kw, horizon_years=2, with_revenue=False)
        assert cf.baseline_revenue_eur is None and cf.program_revenue_eur is None
        assert np.array_equal(cf.cash_flow_eur, cash_flows(**kw, horizon_years=2).cash_flow_eur)

    def test_npv_of_each_draw_equals_numpy_financial(self):
        cash = np.array([[-100.0, -50.0], [60.0, 10.0], [60.0, 70.0]])
        cf = cash_flows(**dict.fromkeys(CASH_ARGS, 0.0), horizon_years=2)
        cf = type(cf)(cash_flow_eur=cash, baseline_revenue_eur=None, program_revenue_eur=None, delta_cm_eur=cash[1:],
                      freed_visits_eur=0.0, team_cost_eur=0.0, setup_cost_eur=0.0)
        rates = np.array([0.08, 0.2])
        assert cf.npv_eur(rates) == pytest.approx([npf.npv(0.08, cash[:, 0]), npf.npv(0.2, cash[:, 1])], rel=1e-12)


class TestPaybackMonthsOf:
    @settings(max_examples=100, deadline=None)
    @given(columns=st.lists(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=11), min_size=1, max_size=5))
    def test_equals_finance_payback_per_column(self, columns):
        size = min(len(c) for c in columns)
        cash = np.array([c[:size] for c in columns]).T
        months = payback_months_of(cash)
        for d in range(cash.shape[1]):
            expected = payback_months(cash[:, d])
            assert math.isnan(months[d]) if expected is None else months[d] == expected
            one = payback_months_of(cash[:, d])
            assert math.isnan(one) if expected is None else one == expected

    def test_hand_worked(self):
        # cumulative -100, -50, +50: half of year 2 -> 18 months
        assert payback_months_of(np.array([-100.0, 50.0, 100.0])) == 18.0


class TestTeamCost:
    def test_reps_round_up_and_none_without_customers(self):
        reps, rep_cost, annual = team_cost(np.array([0.0, 1.0, 400.0, 401.0]), accounts_per_rep=400,
                                           inside_rep_annual_cost=60_000.0, overhead_rate=0.25)
        assert reps.tolist() == [0.0, 1.0, 1.0, 2.0]
        assert rep_cost == 75_000.0  # 60,000 x 1.25
        assert annual.tolist() == [0.0, 75_000.0, 75_000.0, 150_000.0]


class TestFieldCostValues:
    def test_arrays_equal_field_cost_per_element(self):
        days = np.array([150, 200, 220])
        cpv, care, threshold = field_cost_values(field_rep_annual_cost=110_000.0, selling_days_per_year=days,
                                                 visits_per_day=4.0, visits_per_customer_year=5.0,
                                                 max_sales_cost_ratio=0.08)
        for i, d in enumerate(days):
            fc = field_cost(Assumptions(selling_days_per_year=int(d)))
            assert (cpv[i], care[i], threshold[i]) == (fc.cost_per_visit_eur, fc.care_cost_eur,
                                                      fc.revenue_threshold_eur)

    def test_overrides_win(self):
        cpv, care, threshold = field_cost_values(field_rep_annual_cost=1.0, selling_days_per_year=1, visits_per_day=1,
                                                 visits_per_customer_year=5.0, max_sales_cost_ratio=0.08,
                                                 cost_per_visit=100.0, revenue_threshold=np.array([1.0, 2.0]))
        assert (cpv, care) == (100.0, 500.0) and threshold.tolist() == [1.0, 2.0]


# ---------------------------------------------------------------------------------
# the levers (levers.md) in compute and in the one cash-flow formula
# ---------------------------------------------------------------------------------
LEVER_TABLE = pd.DataFrame(
    {
        "customer_id": ["1", "2", "3"],
        "revenue": [2000.0, 20000.0, 3000.0],
        "visits_12m": [1.0, 4.0, 0.0],
        "orders_12m": [3.0, 1.0, 0.0],
        "lines_12m": [5.0, 2.0, 0.0],
    }
)
# customer 1: an order exactly at the break-even value 30 / 0.30 = 100 EUR (not small) and two small ones;
# customer 2 is a key account (20,000 >= 8,593.75): its 50 EUR order is not a small order;
# customer 3 has no order (only credit notes)
LEVER_ORDERS = pd.DataFrame({"customer_id": ["1", "1", "1", "2"], "order_value_eur": [100.0, 60.0, 40.0, 50.0]})


class TestComputeLevers:
    def test_defaults_leave_every_figure_of_the_model_unchanged(self):
        plain = compute(LEVER_TABLE[["customer_id", "revenue", "visits_12m"]], Assumptions())
        with_levers = compute(LEVER_TABLE, Assumptions(), orders=LEVER_ORDERS)
        assert with_levers.internal.cash_flows_eur == plain.internal.cash_flows_eur
        assert with_levers.external.cash_flows_eur == plain.external.cash_flows_eur
        assert (with_levers.internal.roi, with_levers.internal.npv_eur) == (plain.internal.roi, plain.internal.npv_eur)

    def test_small_orders_by_hand(self):
        s = compute(LEVER_TABLE, Assumptions(), orders=LEVER_ORDERS).summary()["small_orders"]
        # small: 60 + 40 of customer 1 (100 is at the minimum, not below it; customer 2 is key)
        assert s == {"min_order_value": 100.0, "orders": 2, "value": 100.0, "customers": 1, "annual_effect": 0.0}

    def test_cost_to_serve_and_whale_by_hand(self):
        s = compute(LEVER_TABLE, Assumptions(), orders=LEVER_ORDERS).summary()
        # 1: 137.5 + 3 x 30 + 5 x 2 = 237.5;  2: 4 x 137.5 + 30 + 2 x 2 = 584;  3: 0
        assert s["cost_to_serve"]["total"] == 821.5
        assert s["cost_to_serve"]["by_segment"] == {"key": 584.0, "potential": 0.0, "small": 237.5, "inactive": 0.0,
                                                    "no_revenue": 0.0}
        # profit: 600 - 237.5 = 362.5, 6,000 - 584 = 5,416, 900: all positive, the peak is the end, 1
        assert s["whale"] == {"peak_share": 1.0, "unprofitable_customers": 0, "profit_destroyed": 0.0,
                              "total_profit": 6678.5}

    @pytest.mark.parametrize(
        "policy, effect",
        # surcharge: 2 x 0.5 x 30 + 2 x 0.5 x 10 - 0.05 x 0.3 x 2,000 = 30 + 10 - 30 = 10
        # minimum:   2 x 30 - 0.5 x 0.3 x (60 + 40) - 30 = 60 - 15 - 30 = 15
        [("surcharge", 10.0), ("minimum", 15.0), ("none", 0.0)],
    )
    def test_policy_effect_is_a_line_of_every_year(self, policy, effect):
        base = compute(LEVER_TABLE, Assumptions(), orders=LEVER_ORDERS)
        res = compute(LEVER_TABLE, Assumptions(small_order_policy=policy), orders=LEVER_ORDERS)
        assert res.levers.small_order_effect_eur == pytest.approx(effect)
        for bc, plain in ((res.internal, base.internal), (res.external, base.external)):
            assert bc.years["small_order_effect_eur"].tolist() == pytest.approx([0.0] + [effect] * 5)
            assert np.diff(bc.years["cash_flow_eur"] - plain.years["cash_flow_eur"]).tolist()[1:] == (
                pytest.approx([0.0] * 4, abs=1e-9))
            assert (bc.years["cash_flow_eur"] - plain.years["cash_flow_eur"]).iloc[1] == pytest.approx(effect)

    def test_digital_savings_with_each_variants_ramp(self):
        # covered: customers 1 and 3 (small), 3 + 0 orders; D = 3 x 0.5 x (30 - 5) = 37.5 at full ramp
        base = compute(LEVER_TABLE, Assumptions(), orders=LEVER_ORDERS)
        res = compute(LEVER_TABLE, Assumptions(digital_share=0.5), orders=LEVER_ORDERS)
        assert res.internal.years["digital_eur"].tolist() == pytest.approx([0.0, 18.75, 37.5, 37.5, 37.5, 37.5])
        assert res.external.years["digital_eur"].tolist() == pytest.approx([0.0, 28.125, 37.5, 37.5, 37.5, 37.5])
        gained = np.array(res.internal.cash_flows_eur) - np.array(base.internal.cash_flows_eur)
        assert gained.tolist() == pytest.approx([0.0, 18.75, 37.5, 37.5, 37.5, 37.5])

    def test_roi_counts_the_lever_lines_as_benefits(self):
        base = compute(LEVER_TABLE, Assumptions(), orders=LEVER_ORDERS).internal
        res = compute(LEVER_TABLE, Assumptions(small_order_policy="surcharge", digital_share=0.5),
                      orders=LEVER_ORDERS).internal
        cost = 60_000.0 + 5 * base.annual_team_cost_eur
        # benefits grow by 5 x 10 + (18.75 + 4 x 37.5) = 218.75
        assert res.roi == pytest.approx(base.roi + 218.75 / cost, rel=1e-12)

    def test_a_customer_table_without_order_counts_covers_visits_only(self):
        res = compute(LEVER_TABLE[["customer_id", "revenue", "visits_12m"]], Assumptions(small_order_policy="surcharge",
                                                                                         digital_share=0.5))
        assert res.levers.covers_visits_only and "cost_to_serve_visits_only" in res.levers.notes
        assert res.levers.cost_to_serve_total_eur == 5 * 137.5
        assert res.levers.small_orders.orders == 0 and res.levers.small_order_effect_eur == 0.0
        assert res.internal.years["digital_eur"].sum() == 0.0

    def test_a_transaction_log_end_to_end(self):
        from calc.readers import read_data

        # customer 1: R1 = 100 (at the minimum), R2 = 60, R3 = 30 + 10 = 40 (two lines); customer 2: a credit note
        text = ("Kundennummer;Datum;Betrag;Beleg\n1;01.03.2024;100;R1\n1;02.03.2024;60;R2\n1;03.03.2024;30;R3\n"
                "1;03.03.2024;10;R3\n2;04.03.2024;-50;G1\n")
        read = read_data(text.encode(), filename="log.csv")
        res = compute(read.customers, Assumptions(small_order_policy="surcharge"), orders=read.orders)
        s = res.summary()
        # A = {1}: 0.05 x 0.3 x 200 = 3; effect = 2 x 0.5 x 30 + 2 x 0.5 x 10 - 3 = 37
        assert s["small_orders"] == {"min_order_value": 100.0, "orders": 2, "value": 100.0, "customers": 1,
                                     "annual_effect": 37.0}
        assert s["cost_to_serve"]["total"] == 3 * 30 + 4 * 2  # no visits column; 3 orders, 4 lines of customer 1

    def test_orders_of_an_unknown_customer_are_refused(self):
        with pytest.raises(DataError, match="'9'"):
            compute(LEVER_TABLE, Assumptions(), orders=pd.DataFrame({"customer_id": ["9"], "order_value_eur": [1.0]}))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cost=st.floats(0, 500), line=st.floats(0, 50), surcharge=st.floats(0, 100), share=st.floats(0, 1),
           churn=st.floats(0, 1), mov=st.one_of(st.none(), st.floats(0, 1000)), digital_cost=st.floats(0, 100))
    def test_policy_none_and_no_digital_share_leave_the_case_unchanged(self, cost, line, surcharge, share, churn,
                                                                       mov, digital_cost):
        a = Assumptions(cost_per_order=cost, cost_per_line=line, surcharge_eur=surcharge, consolidation_share=share,
                        policy_churn=churn, min_order_value=mov, digital_cost_per_order=digital_cost)
        res = compute(LEVER_TABLE, a, orders=LEVER_ORDERS)
        plain = compute(LEVER_TABLE, Assumptions())
        assert res.levers.small_order_effect_eur == 0.0
        assert res.internal.cash_flows_eur == plain.internal.cash_flows_eur
        assert res.external.cash_flows_eur == plain.external.cash_flows_eur


class TestCashFlowsLeverLines:
    def test_effect_and_digital_by_hand_on_draws(self):
        kw = dict.fromkeys(CASH_ARGS, 0.0)
        kw["ramp_year1"] = 0.5
        cf = cash_flows(**kw, horizon_years=2, small_order_effect_eur=np.array([10.0, -4.0]),
                        digital_saving_eur=np.array([100.0, 0.0]))
        # year 1: 10 + 0.5 x 100 = 60 and -4; year 2: 10 + 100 = 110 and -4
        assert cf.cash_flow_eur.tolist() == [[0.0, 0.0], [60.0, -4.0], [110.0, -4.0]]
        assert cf.digital_eur.tolist() == [[50.0, 0.0], [100.0, 0.0]]

    def test_zero_lines_give_the_same_cash_bit_for_bit(self):
        kw = dict.fromkeys(CASH_ARGS, 0.3)
        plain = cash_flows(**kw, horizon_years=3)
        zero = cash_flows(**kw, horizon_years=3, small_order_effect_eur=0.0, digital_saving_eur=np.zeros(1))
        assert np.array_equal(plain.cash_flow_eur, zero.cash_flow_eur.reshape(plain.cash_flow_eur.shape))


class TestNpvByLever:
    """The waterfall of the NPV: seven parts that add up to the NPV."""

    def test_lower_churn_by_hand(self):
        # R_cm = 100, churn 20 % -> 10 %, no growth, nothing won, H = 2, rate 0:
        # year 1: 0.9 x 100 - 0.8 x 100 = 10; year 2: 0.81 x 100 - 0.64 x 100 = 17
        kw = dict.fromkeys(CASH_ARGS, 0.0)
        kw.update(cm_revenue_eur=100.0, churn_baseline=0.2, churn_program=0.1, ramp_year1=1.0)
        parts = cash_flows(**kw, horizon_years=2).npv_by_lever_eur(0.0)
        assert parts["lower_churn"] == pytest.approx(27.0)
        assert parts["added_margin"] == pytest.approx(0.0, abs=1e-12)

    def test_won_business_under_churn_counts_as_added_margin(self):
        # U_cm = 100, capture 50 %, churn 10 % both ways, H = 1, rate 0: 0.9 x 0.5 x 100 = 45
        kw = dict.fromkeys(CASH_ARGS, 0.0)
        kw.update(cm_untapped_eur=100.0, capture_rate=0.5, churn_baseline=0.1, churn_program=0.1, ramp_year1=1.0)
        parts = cash_flows(**kw, horizon_years=1).npv_by_lever_eur(0.0)
        assert parts["added_margin"] == pytest.approx(45.0)
        assert parts["lower_churn"] == pytest.approx(0.0, abs=1e-12)

    def test_lever_lines_and_costs_by_hand(self):
        # effect 10, D = 100 with ramp 0.5, team 30, set-up 40, H = 2, rate 0:
        # policy 20, digital 50 + 100 = 150, team -60, set-up -40
        kw = dict.fromkeys(CASH_ARGS, 0.0)
        kw.update(ramp_year1=0.5, team_cost_eur=30.0, setup_cost_eur=40.0)
        parts = cash_flows(**kw, horizon_years=2, small_order_effect_eur=10.0,
                           digital_saving_eur=100.0).npv_by_lever_eur(0.0)
        assert (parts["small_order_policy"], parts["digital_ordering"], parts["team"], parts["setup"]) == \
            pytest.approx((20.0, 150.0, -60.0, -40.0))

    @settings(max_examples=150, deadline=None)
    @given(r=st.floats(0, 1e6), u=st.floats(0, 1e6), cm=st.floats(0, 1), sb=st.floats(0, 0.9),
           sp=st.floats(0, 0.9), g=st.floats(-0.2, 0.3), capture=st.floats(0, 1), ramp=st.floats(0, 1),
           effect=st.floats(-1e5, 1e5), digital=st.floats(0, 1e5), rate=st.floats(0, 0.5),
           horizon=st.integers(1, 10))
    def test_parts_add_up_to_the_npv(self, r, u, cm, sb, sp, g, capture, ramp, effect, digital, rate, horizon):
        cf = cash_flows(revenue_eur=r, untapped_eur=u, cm_revenue_eur=cm * r, cm_untapped_eur=cm * u, visits=500.0,
                        cost_per_visit_eur=80.0, freed_visit_value_share=0.5, team_cost_eur=70_000.0,
                        setup_cost_eur=20_000.0, ramp_year1=ramp, capture_rate=capture, churn_baseline=sb,
                        churn_program=sp, market_growth=g, horizon_years=horizon,
                        small_order_effect_eur=effect, digital_saving_eur=digital)
        parts = cf.npv_by_lever_eur(rate)
        assert tuple(parts) == NPV_LEVERS
        total = float(cf.npv_eur(rate))
        assert sum(parts.values()) == pytest.approx(total, rel=1e-9, abs=1e-6 * (1 + r + u))
        assert npf.npv(rate, cf.cash_flow_eur) == pytest.approx(total, rel=1e-9, abs=1e-6)

    def test_compute_carries_the_split_of_both_variants(self):
        result = compute(table(revenue=[5_000.0, 8_000.0, 400_000.0], employees=[20.0, 30.0, 500.0]), Assumptions())
        for case in (result.internal, result.external):
            assert tuple(case.npv_by_lever_eur) == NPV_LEVERS
            assert sum(case.npv_by_lever_eur.values()) == pytest.approx(case.npv_eur, rel=1e-9, abs=1e-6)
            assert case.npv_by_lever_eur["setup"] == -case.setup_cost_eur


class TestSegmentsAtThresholdZero:
    def test_a_customer_without_revenue_is_no_key_account(self):
        # threshold 0: revenue 0 in every year -> no_revenue, credit notes only -> no_revenue, 10 EUR -> key
        result = compute(table(revenue=[0.0, -50.0, 10.0]), Assumptions(revenue_threshold=0.0))
        assert result.customers["segment"].tolist() == ["no_revenue", "no_revenue", "key"]
