"""calc.sensitivity: tornado data and break-even values, checked against compute()."""

import math

import numpy as np
import pandas as pd
import pytest

from calc.assumptions import Assumptions
from calc.errors import AssumptionError
from calc.model import compute
from calc.sensitivity import USUAL_RANGES, break_even, tornado


def npv(customers, a, **changes):
    return compute(customers, a.replace(**changes)).internal.npv_eur


@pytest.fixture
def customers():
    rng = np.random.default_rng(5)
    n = 1500
    return pd.DataFrame(
        {
            "customer_id": [str(i) for i in range(n)],
            "revenue": rng.lognormal(7.6, 1.0, n),
            "employees": np.where(rng.random(n) < 0.6, rng.integers(1, 8, n), np.nan),
            "cm_rate": np.where(rng.random(n) < 0.5, rng.uniform(0.2, 0.4, n), np.nan),
            "visits_12m": rng.integers(0, 3, n),
        }
    )


@pytest.fixture
def two_kinds():
    """400 small customers: 200 at 2,000 and 200 at 4,000 EUR revenue, potential 27,000 EUR each."""
    return pd.DataFrame({"customer_id": [str(i) for i in range(400)], "revenue": [2000.0, 4000.0] * 200})


# churn with the team = without: the team must pay off through capture alone
MODEST = Assumptions(churn_baseline=0.10, capture_rate=0.01)


class TestTornado:
    def test_npvs_equal_compute_at_the_moved_values(self, customers):
        a = Assumptions()
        t = tornado(customers, a)
        assert set(t["name"]) == set(USUAL_RANGES)
        for row in t.itertuples():
            low, high = row.low_value, row.high_value
            if row.name == "accounts_per_rep":
                low, high = int(low), int(high)
            assert row.npv_low_eur == pytest.approx(npv(customers, a, **{row.name: low}), rel=1e-12, abs=1e-6)
            assert row.npv_high_eur == pytest.approx(npv(customers, a, **{row.name: high}), rel=1e-12, abs=1e-6)
            assert row.base_npv_eur == pytest.approx(compute(customers, a).internal.npv_eur, rel=1e-12)

    def test_usual_ranges_are_used(self, customers):
        t = tornado(customers, Assumptions()).set_index("name")
        assert (t.loc["capture_rate", "low_value"], t.loc["capture_rate", "high_value"]) == (0.02, 0.05)
        assert (t.loc["accounts_per_rep", "low_value"], t.loc["accounts_per_rep", "high_value"]) == (350, 450)

    def test_sorted_by_swing_descending(self, customers):
        t = tornado(customers, Assumptions())
        assert t["swing_eur"].is_monotonic_decreasing
        assert np.allclose(t["swing_eur"], (t["npv_high_eur"] - t["npv_low_eur"]).abs())

    def test_other_names_move_by_relative_and_are_clipped(self, customers):
        t = tornado(customers, Assumptions(), names=["horizon_years", "freed_visit_value_share"], relative=0.2)
        t = t.set_index("name")
        assert (t.loc["horizon_years", "low_value"], t.loc["horizon_years", "high_value"]) == (4, 6)
        assert t.loc["freed_visit_value_share", "low_value"] == pytest.approx(0.8)
        assert t.loc["freed_visit_value_share", "high_value"] == 1.0  # clipped to the valid range

    def test_derived_override_moves_around_the_derived_value(self, customers):
        t = tornado(customers, Assumptions(), names=["revenue_threshold"]).iloc[0]
        assert (t.low_value, t.high_value) == pytest.approx((8593.75 * 0.8, 8593.75 * 1.2))
        assert t.npv_low_eur == pytest.approx(npv(customers, Assumptions(), revenue_threshold=t.low_value))

    def test_columns(self, customers):
        t = tornado(customers, Assumptions(), names=["setup_cost"])
        assert list(t.columns) == [
            "name", "low_value", "high_value", "npv_low_eur", "npv_high_eur", "swing_eur", "base_npv_eur"
        ]
        assert t.loc[0, "swing_eur"] == pytest.approx(60_000.0)

    @pytest.mark.parametrize("names", [["nonsense"], ["potential_method"], ["include_inactive"]])
    def test_unknown_or_non_numeric_name_is_an_error(self, customers, names):
        with pytest.raises(AssumptionError):
            tornado(customers, Assumptions(), names=names)

    @pytest.mark.parametrize("relative", [0, -0.1, float("nan")])
    def test_relative_must_be_positive(self, customers, relative):
        with pytest.raises(AssumptionError, match="relative"):
            tornado(customers, Assumptions(), relative=relative)


class TestBreakEven:
    def test_capture_rate_closed_form_over_one_year(self, two_kinds):
        # H = 1: NPV = -setup + (cm (sp (r + ramp c u) - sb r) - team) / (1 + d), linear in c
        a = Assumptions(horizon_years=1)
        r, u = 200 * 6000.0, 400 * 27000.0 - 200 * 6000.0
        team = 1 * 65000.0 * 1.15
        sp, sb = 0.9, 0.85
        expected = ((60000.0 * 1.08 + team) / 0.3 - sp * r + sb * r) / (sp * 0.5 * u)
        be = break_even(two_kinds, a, "capture_rate")
        assert be.found
        assert be.value == pytest.approx(expected, rel=1e-9)
        assert abs(npv(two_kinds, a, capture_rate=be.value)) < 1.0

    @pytest.mark.parametrize("name", ["capture_rate", "churn_program", "setup_cost", "inside_rep_annual_cost"])
    def test_npv_is_zero_at_the_found_value(self, customers, name):
        be = break_even(customers, MODEST, name)
        assert be.found, be.message
        assert abs(npv(customers, MODEST, **{name: be.value})) < 1.0
        assert "is 0 at" in be.message

    def test_ends_reported(self, customers):
        be = break_even(customers, Assumptions(), "capture_rate", lower=0.0, upper=0.2)
        assert (be.lower, be.upper) == (0.0, 0.2)
        assert be.npv_at_lower == pytest.approx(npv(customers, Assumptions(), capture_rate=0.0))
        assert be.npv_at_upper == pytest.approx(npv(customers, Assumptions(), capture_rate=0.2))

    def test_churn_program_falls(self, customers):
        be = break_even(customers, Assumptions(), "churn_program")
        assert be.npv_at_lower > 0 > be.npv_at_upper

    def test_accounts_per_rep_smallest_whole_number(self, customers):
        a = MODEST
        be = break_even(customers, a, "accounts_per_rep")
        assert be.found, be.message
        k = be.integer_value
        assert npv(customers, a, accounts_per_rep=k) >= 0 > npv(customers, a, accounts_per_rep=k - 1)
        assert k - 1 < be.value <= k
        assert f"accounts_per_rep = {k} upwards" in be.message

    def test_horizon_shortest_that_pays_off(self, customers):
        a = MODEST.replace(capture_rate=0.02)
        be = break_even(customers, a, "horizon_years")
        assert be.found, be.message
        k = be.integer_value
        assert npv(customers, a, horizon_years=k) >= 0 > npv(customers, a, horizon_years=k - 1)

    def test_never_within_the_range(self, customers):
        be = break_even(customers, Assumptions(), "capture_rate", lower=0.2, upper=0.3)
        assert not be.found
        assert math.isnan(be.value)
        assert "never within the range" in be.message
        assert be.npv_at_lower > 0 and be.npv_at_upper > 0

    def test_threshold_jump_is_reported(self, two_kinds):
        be = break_even(two_kinds, Assumptions(), "revenue_threshold", lower=0.0, upper=10_000.0)
        assert be.found
        assert be.npv_at_lower == -60_000.0  # nobody covered
        assert be.value == pytest.approx(2000.0, abs=1e-6)  # the first 200 customers enter there
        assert "jumps" in be.message

    @pytest.mark.parametrize(
        "name, kw, match",
        [
            ("nonsense", {}, "unknown"),
            ("potential_method", {}, "not a number"),
            ("capture_rate", {"lower": -0.1}, "outside the valid range"),
            ("capture_rate", {"upper": 1.5}, "outside the valid range"),
            ("capture_rate", {"lower": 0.5, "upper": 0.1}, "below the upper bound"),
            ("accounts_per_rep", {"lower": 400.2, "upper": 400.8}, "below the upper bound"),
        ],
    )
    def test_bad_arguments(self, customers, name, kw, match):
        with pytest.raises(AssumptionError, match=match):
            break_even(customers, Assumptions(), name, **kw)
