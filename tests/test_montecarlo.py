"""calc.montecarlo: degenerate ranges reproduce compute(), draws match compute(), seeds."""

import math

import numpy as np
import pandas as pd
import pytest

from calc.assumptions import Assumptions
from calc.errors import AssumptionError
from calc.model import compute
from calc.montecarlo import VARIABLE_NAMES, MonteCarloResult, TriangularRange, simulate

BUSINESS = ["capture_rate", "churn_program", "churn_baseline", "ramp_year1", "market_growth", "discount_rate",
            "setup_cost", "inside_rep_annual_cost", "overhead_rate", "freed_visit_value_share", "cm_rate",
            "accounts_per_rep"]
THRESHOLD = ["visits_per_customer_year", "field_rep_annual_cost", "selling_days_per_year", "visits_per_day",
             "max_sales_cost_ratio"]
POTENTIAL = ["potential_per_employee", "employees_default", "potential_threshold"]

SCENARIOS = [
    Assumptions(),
    Assumptions(potential_method="data", include_inactive=True, market_growth=0.02),
    Assumptions(potential_method="historical", cost_per_visit=120.0, churn_program=0.14),
    Assumptions(revenue_threshold=5000.0, capture_rate=0.0),
]


@pytest.fixture(scope="module")
def customers():
    rng = np.random.default_rng(11)
    n = 2000
    return pd.DataFrame(
        {
            "customer_id": [str(i) for i in range(n)],
            "revenue_2023": rng.lognormal(8.0, 1.2, n) * (rng.random(n) > 0.1),
            "revenue_2024": rng.lognormal(8.0, 1.2, n) * (rng.random(n) > 0.15),
            "employees": np.where(rng.random(n) < 0.6, rng.integers(1, 10, n), np.nan),
            "potential": np.where(rng.random(n) < 0.4, rng.lognormal(10.0, 0.8, n), np.nan),
            "cm_rate": np.where(rng.random(n) < 0.5, rng.uniform(0.15, 0.45, n), np.nan),
            "visits_12m": rng.integers(0, 5, n),
        }
    )


def fixed(a, names):
    return {n: TriangularRange(getattr(a, n), getattr(a, n), getattr(a, n)) for n in names}


def wide(a, names):
    """A range of +/- 25 % around the scenario's value, inside the valid range."""
    from calc.assumptions import SPECS

    out = {}
    for n in names:
        v = getattr(a, n)
        lo, hi = v * 0.75, v * 1.25
        spec = SPECS[n]
        lo, hi = max(min(lo, hi), spec.minimum), min(max(lo, hi), spec.maximum)
        if v == 0:
            lo, hi = (0.0, 0.05) if spec.minimum == 0 else (-0.05, 0.05)
        out[n] = TriangularRange(lo, v, hi)
    return out


class TestTriangularRange:
    def test_mean(self):
        assert TriangularRange(1, 2, 6).mean == 3.0

    @pytest.mark.parametrize("args", [(2, 1, 3), (1, 4, 3), (3, 2, 1), (0, float("nan"), 1), (0, "x", 1)])
    def test_invalid_order_or_value(self, args):
        with pytest.raises(AssumptionError, match="triangular range"):
            TriangularRange(*args)

    def test_outside_the_valid_range(self, customers):
        with pytest.raises(AssumptionError, match="capture_rate.*valid range"):
            simulate(customers, Assumptions(), {"capture_rate": TriangularRange(0.5, 0.9, 1.2)})

    @pytest.mark.parametrize("name", ["horizon_years", "external_cost_per_rep", "potential_method", "nonsense"])
    def test_names_that_cannot_vary(self, customers, name):
        with pytest.raises(AssumptionError, match="can vary"):
            simulate(customers, Assumptions(), {name: TriangularRange(1, 1, 1)})


class TestSimulate:
    @pytest.mark.parametrize("a", SCENARIOS)
    @pytest.mark.parametrize("names", [BUSINESS, THRESHOLD, POTENTIAL, BUSINESS + THRESHOLD + POTENTIAL])
    def test_degenerate_ranges_equal_compute(self, customers, a, names):
        names = [n for n in names if getattr(a, n) is not None]
        ref = compute(customers, a).internal
        mc = simulate(customers, a, fixed(a, names), draws=64, seed=1)
        assert mc.npv_eur == pytest.approx(np.full(64, ref.npv_eur), rel=1e-9, abs=1e-6)
        if ref.payback_months is None:
            assert np.isnan(mc.payback_months).all()
        else:
            assert mc.payback_months == pytest.approx(np.full(64, ref.payback_months), rel=1e-9)

    def test_no_ranges_is_the_scenario(self, customers):
        mc = simulate(customers, Assumptions(), {}, draws=3)
        assert mc.npv_eur == pytest.approx([compute(customers, Assumptions()).internal.npv_eur] * 3)

    @pytest.mark.parametrize("a", SCENARIOS[:3])
    @pytest.mark.parametrize("names", [BUSINESS, BUSINESS + THRESHOLD, BUSINESS + THRESHOLD + POTENTIAL])
    def test_each_draw_equals_compute_at_the_drawn_values(self, customers, a, names):
        names = [n for n in names if getattr(a, n) is not None]
        mc = simulate(customers, a, wide(a, names), draws=6, seed=3)
        for d in range(6):
            drawn = {n: mc.values[n][d] for n in names}
            drawn = {n: int(v) if n in ("accounts_per_rep", "selling_days_per_year") else float(v)
                     for n, v in drawn.items()}
            ref = compute(customers, a.replace(**drawn)).internal
            assert mc.npv_eur[d] == pytest.approx(ref.npv_eur, rel=1e-9, abs=1e-6)
            if ref.payback_months is None:
                assert math.isnan(mc.payback_months[d])
            else:
                assert mc.payback_months[d] == pytest.approx(ref.payback_months, rel=1e-9)

    def test_same_seed_same_result(self, customers):
        ranges = wide(Assumptions(), BUSINESS + THRESHOLD)
        one = simulate(customers, Assumptions(), ranges, draws=500, seed=42)
        two = simulate(customers, Assumptions(), dict(reversed(list(ranges.items()))), draws=500, seed=42)
        assert np.array_equal(one.npv_eur, two.npv_eur)
        assert np.array_equal(one.payback_months, two.payback_months, equal_nan=True)

    def test_different_seed_different_result(self, customers):
        ranges = wide(Assumptions(), BUSINESS)
        one = simulate(customers, Assumptions(), ranges, draws=500, seed=1)
        two = simulate(customers, Assumptions(), ranges, draws=500, seed=2)
        assert not np.array_equal(one.npv_eur, two.npv_eur)
        assert (one.seed, two.seed, one.draws) == (1, 2, 500)

    def test_mean_of_a_linear_assumption(self, customers):
        # NPV is linear in setup_cost and in the rep cost: E[NPV] = NPV(E[setup], E[cost])
        a = Assumptions()
        ranges = {"setup_cost": TriangularRange(40_000, 60_000, 140_000),
                  "inside_rep_annual_cost": TriangularRange(50_000, 65_000, 95_000)}
        mc = simulate(customers, a, ranges, draws=20_000, seed=7)
        expected = compute(customers, a.replace(setup_cost=80_000.0, inside_rep_annual_cost=70_000.0)).internal.npv_eur
        standard_error = mc.npv_eur.std() / math.sqrt(mc.draws)
        assert abs(mc.mean_eur - expected) < 5 * standard_error

    def test_summary_figures(self, customers):
        mc = simulate(customers, Assumptions(capture_rate=0.005), wide(Assumptions(), BUSINESS), draws=2000)
        assert isinstance(mc, MonteCarloResult)
        assert mc.p_positive == pytest.approx(np.mean(mc.npv_eur > 0))
        assert mc.p10_eur <= mc.p50_eur <= mc.p90_eur
        assert mc.p50_eur == pytest.approx(np.median(mc.npv_eur))
        assert mc.p_payback == pytest.approx(np.mean(~np.isnan(mc.payback_months)))

    def test_drawn_values_stay_in_range_and_integers_are_whole(self, customers):
        ranges = {"accounts_per_rep": TriangularRange(350, 400, 450), "capture_rate": TriangularRange(0.02, 0.03, 0.05)}
        mc = simulate(customers, Assumptions(), ranges, draws=1000)
        apr = mc.values["accounts_per_rep"]
        assert np.array_equal(apr, np.rint(apr)) and apr.min() >= 350 and apr.max() <= 450
        assert 0.02 <= mc.values["capture_rate"].min() <= mc.values["capture_rate"].max() <= 0.05

    def test_histogram(self, customers):
        mc = simulate(customers, Assumptions(capture_rate=0.005), wide(Assumptions(), BUSINESS), draws=1000)
        h = mc.histogram(bins=20)
        assert h["count"].sum() == 1000
        assert h["share"].sum() == pytest.approx(1.0)
        assert not ((h["bin_low_eur"] < 0) & (h["bin_high_eur"] > 0)).any()  # no bin straddles 0

    def test_no_covered_customers(self):
        data = pd.DataFrame({"customer_id": ["1"], "revenue": [1e6]})
        mc = simulate(data, Assumptions(), {"capture_rate": TriangularRange(0.01, 0.03, 0.05)}, draws=10)
        assert mc.npv_eur == pytest.approx([-60_000.0] * 10)
        assert np.isnan(mc.payback_months).all()

    @pytest.mark.parametrize("draws", [0, -1, 1.5, True, "10"])
    def test_bad_draws(self, customers, draws):
        with pytest.raises(AssumptionError, match="draws"):
            simulate(customers, Assumptions(), {}, draws=draws)

    def test_variable_names_documented(self):
        import calc.montecarlo as m

        for name in VARIABLE_NAMES:
            assert name in m.__doc__

    @pytest.mark.parametrize("a", SCENARIOS[:2])
    def test_matrix_path_equals_grouped_path(self, customers, a, monkeypatch):
        import calc.montecarlo as m

        ranges = wide(a, BUSINESS + THRESHOLD + POTENTIAL)
        grouped = simulate(customers, a, ranges, draws=300, seed=5)
        monkeypatch.setattr(m, "_MAX_GROUPS", 0)  # too many employee counts: matrix for all
        matrix = simulate(customers, a, ranges, draws=300, seed=5)
        assert matrix.npv_eur == pytest.approx(grouped.npv_eur, rel=1e-9, abs=1e-6)

    @pytest.mark.parametrize("a", SCENARIOS[:3])
    def test_potential_without_threshold_equals_compute(self, customers, a):
        names = ["potential_per_employee", "employees_default", "visits_per_customer_year"]
        mc = simulate(customers, a, wide(a, names), draws=5, seed=9)
        for d in range(5):
            drawn = {n: float(mc.values[n][d]) for n in names}
            assert mc.npv_eur[d] == pytest.approx(compute(customers, a.replace(**drawn)).internal.npv_eur, rel=1e-9)
