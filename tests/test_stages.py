"""The stage each assumption declares, and the name lists derived from it.

Every assumption acts on one stage of the model (threshold, potential, margin,
business case; ``AssumptionSpec.stage``) and through it on the later ones.  The
shortcuts of the sensitivity analysis and the Monte Carlo (reuse the covered sums
when only business-case assumptions move) are derived from these stages, so a
wrong stage would silently give wrong figures.  These tests check the stages
against the model itself (``compute``), never against the derived lists.
"""

import ast
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import assumptions_st, valid_value

from calc.assumptions import SPECS, STAGES, Assumptions
from calc.model import compute, coverage, field_cost, prepare
from calc.montecarlo import VARIABLE_NAMES, TriangularRange, simulate
from calc.sensitivity import derived_value, tornado

ROOT = Path(__file__).resolve().parent.parent
NUMERIC = [name for name, spec in SPECS.items() if spec.kind not in ("choice", "bool")]


def stage_results(data: pd.DataFrame, a: Assumptions) -> dict:
    """What each stage produces, from compute() and the public coverage()."""
    result = compute(data, a)
    cov = coverage(prepare(data), a)
    agg = cov.aggregates
    customers = result.customers
    return {
        "threshold": (field_cost(a),),
        "potential": (
            customers["potential_eur"].to_numpy(),
            customers["segment"].astype(str).to_numpy(),
            customers["covered"].to_numpy(),
            cov.covered_customers, agg.revenue, agg.untapped, agg.visits,
        ),
        "margin": (customers["cm_rate_used"].to_numpy(), agg.cm_revenue, agg.cm_untapped, cov.cm_mean),
        "business_case": (result.internal.cash_flows_eur, result.external.cash_flows_eur, result.team.reps),
    }


def same(x, y) -> bool:
    """Exactly equal, NaN equal to NaN (the same inputs must give the very same floats)."""
    if isinstance(x, tuple):
        return len(x) == len(y) and all(same(u, v) for u, v in zip(x, y, strict=True))
    if isinstance(x, np.ndarray):
        if x.dtype.kind == "f":
            return np.array_equal(x, y, equal_nan=True)
        return np.array_equal(x, y)
    if isinstance(x, float) and math.isnan(x):
        return isinstance(y, float) and math.isnan(y)
    return x == y


money = st.floats(-2000.0, 60000.0, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def customer_tables(draw):
    """Small tables with inactive customers, unknown employees, data potentials and margins."""
    n = draw(st.integers(1, 20))

    def column(values):
        return draw(st.lists(values, min_size=n, max_size=n))

    return pd.DataFrame(
        {
            "customer_id": [str(i) for i in range(n)],
            "revenue_2024": column(money),
            "revenue_2025": column(st.one_of(st.just(0.0), money)),
            "employees": column(st.one_of(st.just(np.nan), st.integers(0, 12).map(float))),
            "potential": column(st.one_of(st.just(np.nan), st.floats(0, 200_000))),
            "cm_rate": column(st.one_of(st.just(np.nan), st.floats(0, 1))),
            "visits_12m": column(st.integers(0, 6).map(float)),
        }
    )




class TestStageOrder:
    def test_every_assumption_declares_a_stage(self):
        assert {spec.stage for spec in SPECS.values()} == set(STAGES)

    @pytest.mark.parametrize("name", list(SPECS))
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=customer_tables(), a=assumptions_st, new=st.data())
    def test_a_later_stage_never_changes_an_earlier_stage(self, name, data, a, new):
        b = a.replace(**{name: new.draw(valid_value(SPECS[name]), label=name)})
        before, after = stage_results(data, a), stage_results(data, b)
        for stage in STAGES[: STAGES.index(SPECS[name].stage)]:
            assert same(before[stage], after[stage]), f"{name} (stage {SPECS[name].stage}) changed the {stage} stage"

    def test_business_case_assumptions_leave_the_coverage_unchanged(self):
        data = pd.DataFrame({"customer_id": ["1", "2", "3"], "revenue": [2000.0, 4000.0, 20000.0],
                             "cm_rate": [np.nan, 0.4, 0.2]})
        base = coverage(data, Assumptions())
        for name in ("capture_rate", "accounts_per_rep", "discount_rate", "setup_cost", "horizon_years"):
            spec = SPECS[name]
            moved = Assumptions().replace(**{name: spec.maximum})
            assert coverage(data, moved) == base, name


@pytest.fixture(scope="module")
def customers():
    """Revenue around the threshold, some inactive customers, margins and potentials in part from the data."""
    rng = np.random.default_rng(21)
    n = 1500
    return pd.DataFrame(
        {
            "customer_id": [str(i) for i in range(n)],
            "revenue_2024": rng.lognormal(8.0, 1.0, n),
            "revenue_2025": rng.lognormal(7.8, 1.0, n) * (rng.random(n) > 0.05),
            "employees": np.where(rng.random(n) < 0.6, rng.integers(1, 9, n), np.nan),
            "potential": np.where(rng.random(n) < 0.3, rng.lognormal(10.3, 0.6, n), np.nan),
            "cm_rate": np.where(rng.random(n) < 0.5, rng.uniform(0.2, 0.4, n), np.nan),
            "visits_12m": rng.integers(0, 4, n),
            "orders_12m": np.where(rng.random(n) < 0.9, rng.integers(0, 40, n), np.nan),
            "lines_12m": rng.integers(0, 120, n),
        }
    )


#: the levers on: a policy (so small orders count) and digital ordering
LEVERS_ON = Assumptions(small_order_policy="surcharge", digital_share=0.3, policy_churn=0.08)

SCENARIOS = [
    Assumptions(),
    Assumptions(potential_method="data", include_inactive=True, cost_per_visit=150.0),
    Assumptions(potential_method="historical", revenue_threshold=7000.0, market_growth=0.03),
    LEVERS_ON,
    LEVERS_ON.replace(small_order_policy="minimum", include_inactive=True, min_order_value=250.0),
]


def moved(a: Assumptions, name: str, value: float) -> Assumptions:
    return a.replace(**{name: int(value) if SPECS[name].integer else float(value)})


class TestTornadoAgreesWithCompute:
    @pytest.mark.parametrize("a", SCENARIOS)
    def test_every_numeric_assumption_at_its_low_and_high_value(self, customers, a):
        t = tornado(customers, a, names=NUMERIC)
        assert sorted(t["name"]) == sorted(NUMERIC)
        for row in t.itertuples():
            low, high = moved(a, row.name, row.low_value), moved(a, row.name, row.high_value)
            assert row.npv_low_eur == pytest.approx(compute(customers, low).internal.npv_eur, rel=1e-12, abs=1e-6), (
                f"{row.name} at {row.low_value}"
            )
            assert row.npv_high_eur == pytest.approx(compute(customers, high).internal.npv_eur, rel=1e-12, abs=1e-6), (
                f"{row.name} at {row.high_value}"
            )

    def test_the_lever_scenario_exercises_the_lever_assumptions(self, customers):
        # else the agreement above would hold trivially for them (their lines are 0 by default)
        years = compute(customers, LEVERS_ON).internal.years
        assert (years["small_order_effect_eur"].iloc[1:] != 0).all() and (years["digital_eur"].iloc[1:] > 0).all()
        names = ["cost_per_order", "min_order_value", "surcharge_eur", "consolidation_share", "policy_churn",
                 "digital_share", "digital_cost_per_order"]
        t = tornado(customers, LEVERS_ON, names=names)
        assert (t["swing_eur"] > 0).all(), t

    def test_the_data_exercises_every_assumption_before_the_business_case(self, customers):
        # else the test above could not notice a tornado that wrongly keeps the covered sums for it
        a = Assumptions()
        base = coverage(customers, a)
        t = tornado(customers, a, names=[n for n in NUMERIC if SPECS[n].stage != "business_case"])
        for row in t.itertuples():
            low, high = moved(a, row.name, row.low_value), moved(a, row.name, row.high_value)
            assert coverage(customers, low) != base or coverage(customers, high) != base, row.name


class TestMonteCarloAgreesWithCompute:
    @pytest.mark.parametrize("base", [Assumptions(), LEVERS_ON], ids=["defaults", "levers_on"])
    @pytest.mark.parametrize("name", sorted(VARIABLE_NAMES))
    def test_each_variable_assumption_alone(self, customers, name, base):
        a = base
        spec = SPECS[name]
        if spec.optional:  # an override: vary it around the derived value
            a = a.replace(**{name: derived_value(a, name)})
        value = getattr(a, name)
        low, high = (0.0, 0.05) if value == 0 else (value * 0.5, value * 1.5)
        low, high = max(low, spec.minimum), min(high, spec.maximum)
        mc = simulate(customers, a, {name: TriangularRange(low, value, high)}, draws=8, seed=2)
        covered = set()
        for d in range(8):
            drawn = moved(a, name, mc.values[name][d])
            assert mc.npv_eur[d] == pytest.approx(compute(customers, drawn).internal.npv_eur, rel=1e-9, abs=1e-6)
            covered.add(coverage(customers, drawn))
        if spec.stage != "business_case":  # the draws must exercise the assumption's stage
            assert len(covered) > 1


def _private_model_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("calc.model", "model") and (
            node.level in (0, 1)
        ):
            found += [f"{path.name}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if isinstance(node.value, ast.Name) and node.value.id in ("model", "calc_model"):
                found.append(f"{path.name}: model.{node.attr}")
    return found


def test_only_model_uses_its_private_names():
    paths = [p for folder in ("calc", "ui", "pages", "tests", "bench") for p in (ROOT / folder).rglob("*.py")]
    paths = [p for p in paths if p != ROOT / "calc" / "model.py"] + [ROOT / "app.py"]
    found = [hit for p in paths for hit in _private_model_imports(p)]
    assert not found, found


@pytest.fixture(scope="module")
def orders(customers):
    """Order-level data: 0 to 5 orders per customer of about 20 to 400 EUR."""
    rng = np.random.default_rng(5)
    n_orders = rng.integers(0, 6, len(customers))
    ids = np.repeat(customers["customer_id"].to_numpy(), n_orders)
    return pd.DataFrame({"customer_id": ids, "order_value_eur": rng.lognormal(4.3, 0.8, len(ids)).round(2)})


class TestMonteCarloWithLeversAgreesWithCompute:
    """The small-order effect's three ways (threshold cut, value cut, both: the matrix) against compute."""

    def test_the_policy_acts(self, customers, orders):
        for data_orders in (None, orders):
            assert compute(customers, LEVERS_ON, orders=data_orders).levers.small_order_effect_eur != 0

    @pytest.mark.parametrize("names", [["field_rep_annual_cost", "cost_per_order"], ["cm_rate", "revenue_threshold"],
                                       ["cost_per_order"], ["visits_per_day", "surcharge_eur", "policy_churn"]])
    @pytest.mark.parametrize("order_level", [False, True])
    def test_draws_equal_compute(self, customers, orders, names, order_level):
        a = LEVERS_ON.replace(revenue_threshold=8000.0) if "revenue_threshold" in names else LEVERS_ON
        data_orders = orders if order_level else None
        ranges = {}
        for name in names:
            value = getattr(a, name)
            ranges[name] = TriangularRange(value * 0.6, value, min(value * 1.4, SPECS[name].maximum))
        mc = simulate(customers, a, ranges, draws=6, seed=4, orders=data_orders)
        for d in range(6):
            drawn = a.replace(**{n: int(mc.values[n][d]) if SPECS[n].integer else float(mc.values[n][d])
                                 for n in names})
            want = compute(customers, drawn, orders=data_orders).internal.npv_eur
            assert mc.npv_eur[d] == pytest.approx(want, rel=1e-9, abs=1e-6), (names, d)
