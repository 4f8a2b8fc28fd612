"""Benchmark of :func:`calc.montecarlo.simulate`: 10,000 draws, best of 3.

Customer tables (seeded) of 5,000 and 100,000 customers, most of them small; three
sets of varied assumptions: business-case only (covered sums computed once),
threshold-related too (sorted cumulative sums + ``searchsorted`` per draw),
potential-related too (grouped by employee count), and the same with
``potential_method=data`` (customers with a data potential in the draws x
customers matrix, in chunks).

Run as ``.venv/bin/python bench/bench_montecarlo.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calc.assumptions import Assumptions  # noqa: E402
from calc.model import compute  # noqa: E402
from calc.montecarlo import TriangularRange, default_ranges, simulate  # noqa: E402

# the usual ranges of the specs, most likely = the default (e.g. accounts_per_rep 350 / 400 / 450)
BUSINESS = default_ranges(Assumptions(), ("capture_rate", "churn_program", "churn_baseline", "ramp_year1", "cm_rate",
                                          "inside_rep_annual_cost", "setup_cost", "accounts_per_rep"))
THRESHOLD = {
    **BUSINESS,
    **default_ranges(Assumptions(), ("visits_per_customer_year",)),
    "field_rep_annual_cost": TriangularRange(95_000, 110_000, 130_000),
}
POTENTIAL = {
    **THRESHOLD,
    "potential_per_employee": TriangularRange(7_000, 9_000, 11_000),
    "potential_threshold": TriangularRange(40_000, 50_000, 60_000),
}

DATA_METHOD = Assumptions(potential_method="data")
#: the levers on (levers.md): a small-order policy with a derived minimum order value, digital ordering
LEVERS_ON = Assumptions(small_order_policy="surcharge", digital_share=0.3)
LEVERS = {
    **THRESHOLD,
    "cost_per_order": TriangularRange(20, 30, 40),
    "surcharge_eur": TriangularRange(5, 10, 15),
    "digital_share": TriangularRange(0.1, 0.3, 0.5),
}


def make_customers(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` customers, about 97 % of them covered (below the default revenue threshold)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "customer_id": np.arange(n).astype(str),
            "revenue_2024": rng.lognormal(7.2, 0.8, n),
            "revenue_2025": rng.lognormal(7.2, 0.8, n) * (rng.random(n) > 0.02),
            "employees": np.where(rng.random(n) < 0.7, rng.integers(1, 6, n), np.nan),
            "potential": np.where(rng.random(n) < 0.4, rng.lognormal(10.0, 0.5, n), np.nan),
            "cm_rate": np.where(rng.random(n) < 0.5, rng.uniform(0.2, 0.4, n), np.nan),
            "visits_12m": rng.integers(0, 4, n),
            "orders_12m": rng.integers(0, 30, n),
        }
    )


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    a = Assumptions()
    for n in (5_000, 100_000):
        data = make_customers(n)
        covered = compute(data, a).team.covered_customers
        print(f"{n:,} customers ({covered:,} covered at the defaults), 10,000 draws, best of 3:")
        for label, ranges in (("business-case only", BUSINESS), ("+ threshold", THRESHOLD),
                              ("+ potential", POTENTIAL)):
            seconds = best_of(lambda data=data, ranges=ranges: simulate(data, a, ranges, draws=10_000, seed=1))
            print(f"  {label:<20} {len(ranges):2d} assumptions  {seconds * 1000:8.1f} ms")
        # potential from the data for 40 % of the customers: those go through the matrix
        seconds = best_of(lambda data=data: simulate(data, DATA_METHOD, POTENTIAL, draws=10_000, seed=1))
        print(f"  {'+ potential, data':<20} {len(POTENTIAL):2d} assumptions  {seconds * 1000:8.1f} ms"
              "  (potential_method=data: 40 % of customers in the draws x customers matrix)")
        # levers on: cm_rate and cost_per_order drawn, so the small orders are counted per draw
        seconds = best_of(lambda data=data: simulate(data, LEVERS_ON, LEVERS, draws=10_000, seed=1))
        print(f"  {'+ levers':<20} {len(LEVERS):2d} assumptions  {seconds * 1000:8.1f} ms"
              "  (surcharge policy, digital ordering; minimum order value cost_per_order / cm_rate per draw)")


if __name__ == "__main__":
    main()
