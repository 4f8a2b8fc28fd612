"""calc.finance against hand-worked values and numpy-financial."""

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calc.finance import irr, npv, payback_months, roi

# cash flows in whole cents, as the model produces them
flows = st.lists(st.integers(-100_000_000, 100_000_000).map(lambda c: c / 100), min_size=2, max_size=11)


class TestNpv:
    def test_first_cash_flow_is_not_discounted(self):
        assert npv(0.10, [-100.0]) == -100.0

    def test_two_years_by_hand(self):
        assert npv(0.08, [-100.0, 60.0, 60.0]) == pytest.approx(-100 + 60 / 1.08 + 60 / 1.08**2, abs=1e-12)

    def test_zero_rate_is_plain_sum(self):
        assert npv(0.0, [-5.0, 2.0, 4.0]) == pytest.approx(1.0)

    @given(rate=st.floats(0.0, 1.0), values=flows)
    def test_equals_numpy_financial(self, rate, values):
        assert npv(rate, values) == pytest.approx(npf.npv(rate, values), rel=1e-9, abs=1e-6)


class TestIrr:
    @pytest.mark.parametrize(
        "values, expected",
        [
            ([-100, 39, 59, 55, 20], 0.28095),
            ([-100, 0, 0, 74], -0.0955),
            ([-100, 100, 0, 7], 0.06206),
        ],
    )
    def test_numpy_financial_doc_examples(self, values, expected):
        assert round(irr(values), 5) == expected

    def test_none_when_cash_never_turns_positive(self):
        assert irr([-60000.0, -1000.0, -5.0]) is None

    def test_none_when_nothing_is_invested(self):
        assert irr([0.0, 10.0, 10.0]) is None

    def test_npv_at_irr_is_zero(self):
        values = [-60000.0, -20000.0, 40000.0, 60000.0, 60000.0]
        assert npv(irr(values), values) == pytest.approx(0.0, abs=1e-6)

    @settings(max_examples=200)
    @given(values=flows)
    def test_equals_numpy_financial(self, values):
        expected = npf.irr(values)
        got = irr(values)
        assume(not (np.isnan(expected) and got is None))
        assert got is not None and not np.isnan(expected)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


class TestRoi:
    def test_by_hand(self):
        assert roi(260.0, 200.0) == pytest.approx(0.3)

    def test_none_without_cost(self):
        assert roi(5.0, 0.0) is None


class TestPaybackMonths:
    def test_linear_within_the_year(self):
        # cum: -100, -50, +50 -> year 2, 50/100 of it -> 18 months
        assert payback_months([-100.0, 50.0, 100.0]) == 18.0

    def test_exactly_zero_at_year_end_counts(self):
        assert payback_months([-100.0, 100.0]) == 12.0

    def test_none_within_horizon(self):
        assert payback_months([-100.0, 30.0, 30.0]) is None

    def test_no_setup_pays_back_at_once(self):
        assert payback_months([0.0, 10.0]) == 0.0

    @given(values=flows)
    def test_is_none_or_within_horizon(self, values):
        months = payback_months(values)
        assert months is None or (0.0 <= months <= 12.0 * (len(values) - 1) and math.isfinite(months))
