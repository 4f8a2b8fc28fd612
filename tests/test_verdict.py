"""calc.verdict: the one-line answer (pays off or not, IRR headline, freed visits), worked by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc import Assumptions, compute
from calc.model import BusinessCase
from calc.readers import read_data
from calc.verdict import freed_visits_share, verdict

ROOT = Path(__file__).resolve().parent.parent


def case(setup: float, delta_cm: list[float], freed: list[float], team: list[float], *, npv: float = 0.0,
         irr: float | None = None, payback: float | None = None, variant: str = "internal") -> BusinessCase:
    """A business case from its year table (year 0 holds the setup cost only)."""
    cash = [-setup] + [d + f - c for d, f, c in zip(delta_cm, freed, team, strict=True)]
    years = pd.DataFrame({
        "year": range(len(cash)),
        "delta_cm_eur": [0.0, *delta_cm],
        "freed_visits_eur": [0.0, *freed],
        "team_cost_eur": [0.0, *team],
        "cash_flow_eur": cash,
    })
    return BusinessCase(variant, 1, team[0], setup, 1.0, years, npv, irr, None, payback)


class TestFreedVisitsShare:
    def test_three_quarters(self):
        # benefit 2 x (50 + 150) = 400, of it freed visits 300
        assert freed_visits_share(case(100, [50, 50], [150, 150], [100, 100])) == pytest.approx(0.75)

    def test_none_without_benefit(self):
        assert freed_visits_share(case(100, [0, 0], [0, 0], [100, 100])) is None

    @given(st.lists(st.tuples(st.floats(0, 1e7), st.floats(0, 1e7)), min_size=1, max_size=10))
    def test_is_a_share_for_non_negative_parts(self, parts):
        c = case(0, [p[0] for p in parts], [p[1] for p in parts], [0.0] * len(parts))
        share = freed_visits_share(c)
        assert share is None or 0.0 <= share <= 1.0


class TestVerdict:
    def test_negative_npv_does_not_pay_off_whatever_the_better_variant(self):
        own = case(60_000, [0], [0], [600_000], npv=-1_700_000)
        provider = case(20_000, [0], [0], [700_000], npv=-1_900_000, variant="external")
        v = verdict(own, provider)
        assert not v.pays_off
        assert v.variant == "internal" and v.npv_eur == -1_700_000

    def test_the_better_variant_is_named_and_a_tie_goes_to_the_own_team(self):
        own = case(100, [100], [0], [0], npv=10.0)
        assert verdict(own, case(100, [100], [0], [0], npv=20.0, variant="external")).variant == "external"
        v = verdict(own, case(100, [100], [0], [0], npv=10.0, variant="external"))
        assert v.variant == "internal" and v.pays_off

    def test_one_positive_variant_is_enough(self):
        v = verdict(case(100, [0], [0], [10], npv=-5.0), case(10, [50], [0], [0], npv=30.0, variant="external"))
        assert v.pays_off and v.variant == "external" and v.npv_eur == 30.0

    @pytest.mark.parametrize(("irr", "above"), [(1.5, True), (1.0, False), (0.2, False), (None, False)])
    def test_irr_above_100_percent_is_no_headline(self, irr, above):
        assert verdict(case(100, [200], [0], [0], irr=irr), case(100, [0], [0], [0])).irr_above_cap is above

    def test_freed_visits_above_half_carry_the_case(self):
        # cash -100, 100, 100: payback at 12 months; without freed visits -100, -50, -50: none
        own = case(100, [50, 50], [150, 150], [100, 100], payback=12.0)
        v = verdict(own, case(100, [0, 0], [0, 0], [0, 0]))
        assert v.freed_share == pytest.approx(0.75)
        assert v.payback_without_freed_months is None
        assert v.freed_visits_carry

    def test_freed_visits_carry_the_payback_below_half_of_the_benefit(self):
        # cash -120, 60, 60, 60: payback 24 months; without the freed 60 a year: 0 a year, none
        # share 180 / (300 + 180) = 0.375
        own = case(120, [100] * 3, [60] * 3, [100] * 3, payback=24.0)
        v = verdict(own, case(100, [0] * 3, [0] * 3, [0] * 3))
        assert v.freed_share == pytest.approx(0.375)
        assert v.payback_without_freed_months is None and v.freed_visits_carry

    def test_payback_twice_as_long_without_them(self):
        # cash -100, 200, 200: payback 100/200 x 12 = 6 months; without -100, 100, 100: 12 months (ratio 2)
        own = case(100, [150, 150], [100, 100], [50, 50], payback=6.0)
        v = verdict(own, case(100, [0, 0], [0, 0], [0, 0]))
        assert v.payback_without_freed_months == pytest.approx(12.0) and v.freed_visits_carry

    def test_freed_visits_that_do_not_carry(self):
        # cash -100, 300, 300: payback 4 months; without -100, 200, 200: 6 months (ratio 1.5); share 200/700
        own = case(100, [250, 250], [100, 100], [50, 50], payback=4.0)
        v = verdict(own, case(100, [0, 0], [0, 0], [0, 0]))
        assert v.payback_without_freed_months == pytest.approx(6.0)
        assert v.freed_share == pytest.approx(2 / 7)
        assert not v.freed_visits_carry

    def test_no_freed_visits_never_carry(self):
        v = verdict(case(100, [300, 300], [0, 0], [50, 50], payback=4.8), case(100, [0, 0], [0, 0], [0, 0]))
        assert v.freed_share == 0.0 and not v.freed_visits_carry

    def test_payback_without_them_is_the_model_with_their_value_at_zero(self):
        customers = read_data(ROOT / "sample_data" / "kunden.csv").customers
        result = compute(customers, Assumptions())
        v = verdict(result.internal, result.external)
        without = compute(customers, Assumptions(freed_visit_value_share=0.0)).internal.payback_months
        assert v.payback_without_freed_months == pytest.approx(without)
        assert v.horizon_years == 5
