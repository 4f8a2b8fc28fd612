"""calc.levers helpers of the Levers page: the top-k concentration risk, the thinned whale curve and the list of
unprofitable customers, against hand-worked examples and hypothesis properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc.levers import concentration, concentration_risk, unprofitable_customers, whale_curve, whale_points

revenues = st.lists(st.floats(-1e5, 1e7, allow_nan=False, allow_infinity=False), min_size=0, max_size=60)


class TestConcentrationRisk:
    def test_worked_example(self):
        # active customers by revenue: 500 at 20 % -> 100, 300 at 50 % -> 150, 200 at 30 % -> 60; -40 is not active
        risk = concentration_risk([200.0, 500.0, -40.0, 300.0], [0.3, 0.2, 0.3, 0.5], added_margin_eur=200.0,
                                  top_k=(1, 2, 5))
        assert [x.k for x in risk] == [1, 2, 5]
        assert [x.customers for x in risk] == [1, 2, 3]
        assert [x.margin_at_risk_eur for x in risk] == pytest.approx([100.0, 250.0, 310.0])
        assert [x.revenue_share for x in risk] == pytest.approx([0.5, 0.8, 1.0])
        assert [x.ratio for x in risk] == pytest.approx([0.5, 1.25, 1.55])
        assert all(x.added_margin_eur == 200.0 for x in risk)

    def test_default_k_are_those_of_the_top_shares(self):
        assert [x.k for x in concentration_risk([1.0], [0.3], added_margin_eur=1.0)] == [1, 5, 10, 20]

    @pytest.mark.parametrize("added", [0.0, -50.0])
    def test_no_ratio_without_added_margin(self, added):
        (risk,) = concentration_risk([100.0], [0.3], added_margin_eur=added, top_k=(1,))
        assert risk.ratio is None and risk.margin_at_risk_eur == pytest.approx(30.0)

    def test_no_active_customer(self):
        (risk,) = concentration_risk([0.0, -5.0], [0.3, 0.3], added_margin_eur=10.0, top_k=(5,))
        assert (risk.customers, risk.revenue_share, risk.margin_at_risk_eur, risk.ratio) == (0, None, 0.0, 0.0)

    def test_equal_revenue_keeps_the_table_order(self):
        (risk,) = concentration_risk([100.0, 100.0], [0.1, 0.5], added_margin_eur=1.0, top_k=(1,))
        assert risk.margin_at_risk_eur == pytest.approx(10.0)

    @pytest.mark.parametrize("k", [0, -1, 1.5])
    def test_k_must_be_a_whole_number_of_at_least_one(self, k):
        with pytest.raises(ValueError):
            concentration_risk([1.0], [0.3], added_margin_eur=1.0, top_k=(k,))

    @given(revenues)
    def test_shares_equal_those_of_concentration_and_risk_grows_with_k(self, r):
        risk = concentration_risk(r, 0.3, added_margin_eur=1.0)
        c = concentration(r)
        shares = [c.top1_share, c.top5_share, c.top10_share, c.top20_share]
        for x, share in zip(risk, shares, strict=True):
            assert (x.revenue_share is None) == (share is None)
            if share is not None:
                assert x.revenue_share == pytest.approx(share, rel=1e-9, abs=1e-12)
        at_risk = [x.margin_at_risk_eur for x in risk]
        assert all(b >= a - 1e-6 * max(1.0, abs(a)) for a, b in zip(at_risk, at_risk[1:], strict=False))


class TestWhalePoints:
    def test_small_curve_is_kept_whole_with_its_peak(self):
        # profits 80, 50, -30 (best first) of total 100: y = 0, 0.8, 1.3, 1.0; the peak is at 2/3
        points = whale_points(whale_curve([100.0, 100.0, 100.0], [80.0, -30.0, 50.0]))
        assert points["profit_share"].tolist() == pytest.approx([0.0, 0.8, 1.3, 1.0])
        assert points["peak"].tolist() == [False, False, True, False]

    def test_thinned_curve_keeps_ends_and_peak(self):
        profit = np.concatenate([np.full(4000, 3.0), np.full(3001, -1.0)])  # peak after 4000 of 7001 customers
        points = whale_points(whale_curve(np.ones(profit.size), profit), max_points=50)
        assert len(points) <= 51
        assert points["customer_share"].iloc[0] == 0.0 and points["customer_share"].iloc[-1] == 1.0
        peak = points[points["peak"]]
        assert len(peak) == 1
        assert peak["customer_share"].iloc[0] == pytest.approx(4000 / 7001)
        assert peak["profit_share"].iloc[0] == pytest.approx(12000 / 8999)

    def test_no_peak_without_positive_total_profit(self):
        points = whale_points(whale_curve([100.0, 100.0], [-5.0, 2.0]))
        assert not points["peak"].any() and points["profit_share"].isna().all()

    def test_no_active_customer(self):
        points = whale_points(whale_curve([0.0], [-5.0]))
        assert len(points) == 1 and not points["peak"].any()


class TestUnprofitableCustomers:
    TABLE = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "segment": ["small", "key", "small", "small"],
                          "profit_eur": [5.0, -2.0, -9.0, -2.0]})

    def test_losing_customers_worst_first_ties_in_table_order(self):
        out = unprofitable_customers(self.TABLE)
        assert out["customer_id"].tolist() == ["c", "b", "d"]
        assert out["profit_eur"].tolist() == [-9.0, -2.0, -2.0]
        assert out.index.tolist() == [0, 1, 2]

    def test_details_follow_the_customer_id(self):
        details = pd.DataFrame({"name": ["A", "B", "C", "D"], "revenue_current_eur": [10.0, 20.0, 30.0, 40.0]},
                               index=[7, 8, 9, 10])
        out = unprofitable_customers(self.TABLE, details)
        assert out.columns.tolist() == ["customer_id", "name", "revenue_current_eur", "segment", "profit_eur"]
        assert out["name"].tolist() == ["C", "B", "D"]
        assert out["revenue_current_eur"].tolist() == [30.0, 20.0, 40.0]

    def test_a_detail_column_the_table_has_is_not_repeated(self):
        out = unprofitable_customers(self.TABLE, pd.DataFrame({"segment": list("wxyz"), "name": list("ABCD")}))
        assert out.columns.tolist() == ["customer_id", "name", "segment", "profit_eur"]
        assert out["segment"].tolist() == ["small", "key", "small"]

    def test_a_zero_profit_is_not_a_loss(self):
        out = unprofitable_customers(pd.DataFrame({"customer_id": ["a"], "profit_eur": [0.0]}))
        assert out.empty

    def test_with_revenue_only_active_customers_count(self):
        # d loses 2 but has no revenue (an inactive customer still visited): not on the list
        out = unprofitable_customers(self.TABLE, revenue=[100.0, 50.0, 10.0, 0.0])
        assert out["customer_id"].tolist() == ["c", "b"]

    @given(st.lists(st.tuples(st.floats(-1e4, 1e6, allow_nan=False), st.floats(-1e4, 1e4, allow_nan=False)),
                    max_size=40))
    def test_as_many_as_the_whale_curve_counts(self, rows):
        revenue = [r for r, _ in rows]
        profit = [p for _, p in rows]
        table = pd.DataFrame({"customer_id": [str(i) for i in range(len(rows))], "profit_eur": profit})
        out = unprofitable_customers(table, revenue=revenue)
        assert len(out) == whale_curve(revenue, profit).unprofitable_customers

    def test_details_of_another_length_are_refused(self):
        with pytest.raises(ValueError):
            unprofitable_customers(self.TABLE, pd.DataFrame({"name": ["A"]}))
