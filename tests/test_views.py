"""Tests of calc.views: chart and table data derived from a model result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc import Assumptions, compute, views

FLOATS = st.floats(min_value=-1e6, max_value=1e7, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def result():
    customers = pd.DataFrame(
        {
            "customer_id": ["1", "2", "3", "4", "5", "6"],
            "name": ["A", "B", "C", "D", "E", "F"],
            "revenue_2024": [1000.0, 30000.0, 500.0, 2000.0, 0.0, 0.0],
            "revenue_2025": [2000.0, 40000.0, 1000.0, 0.0, 5000.0, 0.0],
            "employees": [1.0, 20.0, 10.0, 2.0, np.nan, np.nan],
        }
    )
    return compute(customers, Assumptions())


def test_pareto_curve_known_values():
    curve = views.pareto_curve([20.0, 50.0, 30.0, 0.0, -5.0])
    assert curve["customer_share"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert curve["revenue_share"].tolist() == pytest.approx([0, 0.5, 0.8, 1.0])


def test_pareto_curve_is_capped_and_keeps_ends():
    rng = np.random.default_rng(1)
    curve = views.pareto_curve(rng.lognormal(8, 1, 100_000), max_points=500)
    assert len(curve) <= 500
    assert curve.iloc[0].tolist() == [0.0, 0.0]
    assert curve.iloc[-1].tolist() == pytest.approx([1.0, 1.0])
    assert curve["revenue_share"].is_monotonic_increasing
    # concave: the largest customers come first, so the curve lies above the diagonal
    assert (curve["revenue_share"] >= curve["customer_share"] - 1e-12).all()


def test_pareto_curve_without_revenue():
    curve = views.pareto_curve([0.0, -1.0])
    assert curve["revenue_share"].tolist() == [0.0, 0.0]


@settings(max_examples=50, deadline=None)
@given(st.lists(FLOATS, min_size=1, max_size=200), st.integers(min_value=2, max_value=50))
def test_pareto_curve_properties(values, max_points):
    curve = views.pareto_curve(values, max_points=max_points)
    assert len(curve) <= max(max_points, 2) + 1
    assert curve["customer_share"].between(0, 1).all()
    assert curve["revenue_share"].between(0, 1 + 1e-9).all()
    assert curve["customer_share"].is_monotonic_increasing


def test_customer_share_for_revenue_share():
    assert views.customer_share_for_revenue_share([50.0, 30.0, 20.0], 0.5) == pytest.approx(1 / 3)
    assert views.customer_share_for_revenue_share([50.0, 30.0, 20.0], 0.8) == pytest.approx(2 / 3)
    assert views.customer_share_for_revenue_share([10.0] * 10, 0.8) == pytest.approx(0.8)
    assert views.customer_share_for_revenue_share([], 0.8) == 0.0


def test_sow_histogram_counts_and_edges():
    hist = views.sow_histogram([0.0, 0.05, 0.1, 0.95, 1.0, 1.5, -0.2, np.nan], bins=10)
    assert len(hist) == 10
    assert hist["bin_start"].iloc[0] == 0 and hist["bin_end"].iloc[-1] == 1
    # 0.0, 0.05 and the clipped -0.2 in the first bin; 0.1 in the second; 0.95, 1.0, clipped 1.5 in the last
    assert hist["customers"].tolist() == [3, 1, 0, 0, 0, 0, 0, 0, 0, 3]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1), max_size=300))
def test_sow_histogram_counts_everything(values):
    assert views.sow_histogram(values)["customers"].sum() == len(values)


def test_scatter_points_filters_and_samples():
    rng = np.random.default_rng(0)
    n = 10_000
    revenue = rng.lognormal(8, 1, n)
    revenue[:100] = 0.0
    potential = revenue * 3
    segment = np.array(["small"] * n, dtype=object)
    points, total = views.scatter_points(revenue, potential, segment, max_points=3000)
    assert total == n - 100
    assert len(points) == 3000
    assert (points["revenue"] > 0).all() and points["revenue"].dtype == np.float32
    assert list(points.columns) == ["revenue", "potential", "segment"]
    again, _ = views.scatter_points(revenue, potential, segment, max_points=3000)
    pd.testing.assert_frame_equal(points, again)  # stable between reruns


def test_segment_table_matches_result(result):
    table = views.segment_table(result.segments)
    assert table["segment"].tolist() == list(result.segments.counts)
    assert table["customers"].sum() == result.segments.customers_total == 6
    row = table.set_index("segment").loc["key"]
    assert row["customers"] == 1 and row["revenue_eur"] == 40000.0
    assert row["revenue_per_customer_eur"] == 40000.0
    assert table["revenue_share"].sum() == pytest.approx(1.0)
    assert np.isnan(table.set_index("segment").loc["no_revenue", "revenue_per_customer_eur"]) or (
        table.set_index("segment").loc["no_revenue", "customers"] > 0
    )


def test_customer_table_filters_and_sorts(result):
    full = views.customer_table(result.customers)
    assert full["revenue_current_eur"].tolist() == sorted(full["revenue_current_eur"], reverse=True)
    assert "segment" in full.columns and not isinstance(full["segment"].dtype, pd.CategoricalDtype)
    small = views.customer_table(result.customers, ["small"])
    assert set(small["segment"]) == {"small"}
    assert len(small) == result.segments.counts["small"]
    assert len(views.customer_table(result.customers, ["small", "key"], limit=1)) == 1
    assert views.customer_table(result.customers, []).empty


def test_method_table_has_three_methods(result):
    table = views.method_table(result.potential_by_method)
    assert table["method"].tolist() == ["homogeneous", "historical", "data"]
    hom = table.set_index("method").loc["homogeneous"]
    assert hom["covered_untapped_eur"] == pytest.approx(result.potential_by_method["homogeneous"].covered_untapped_eur)


def test_rep_check_and_make_or_buy_tables(result):
    checks = views.rep_check_table(result.team)
    assert checks["accounts"].tolist() == [350, 400, 450]
    assert (checks["surplus_eur"] == checks["added_cm_eur"] - checks["rep_cost_eur"]).all()
    mob = views.make_or_buy_table(result.internal, result.external).set_index("figure")
    assert mob.loc["npv_eur", "internal"] == result.internal.npv_eur
    assert mob.loc["npv_eur", "external"] == result.external.npv_eur
    assert mob.loc["setup_cost_eur", "external"] == 20000.0
    assert set(mob["kind"]) == {"count", "money", "rate", "months"}
