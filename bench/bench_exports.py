"""Time the exports: Excel model, CRM hand-over (CSV, XLSX), HTML report with risk.

Run: .venv/bin/python bench/bench_exports.py [--large]
Prints seconds per export for the built-in sample (5,000 customers) and, with
--large, a synthetic 100,000-customer table.  Figures only; nothing is asserted.

Each line shows the wall time and the CPU time of this process: on a shared, loaded
machine the wall time grows with the load average (printed before and after), the
CPU time much less, so compare CPU times between runs on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calc import Assumptions, compute  # noqa: E402
from calc.assign import assign_reps, assignments_csv, assignments_xlsx  # noqa: E402
from calc.export_xlsx import workbook_bytes  # noqa: E402
from calc.readers import read_data  # noqa: E402
from calc.report import html_report, risk_summary  # noqa: E402


def synthetic(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "customer_id": [f"{i:06d}" for i in range(n)],
        "name": [f"Elektro Kunde {i}" for i in range(n)],
        "region": rng.choice(["Nord", "Ost", "Süd", "West", "Mitte", "Südwest"], n),
        "employees": rng.integers(1, 12, n).astype(float),
        "visits_12m": rng.integers(0, 3, n).astype(float),
        **{f"revenue_{y}": np.round(rng.lognormal(7.9, 1.0, n), 2) for y in (2023, 2024, 2025)},
    })


def timed(label: str, fn) -> object:
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    size = len(out) if isinstance(out, (bytes, str)) else 0
    print(f"  {label:<34} {time.perf_counter() - start:7.2f} s wall {time.process_time() - cpu:7.2f} s CPU"
          f"   {size / 1e6:6.2f} MB")
    return out


def run(label: str, customers: pd.DataFrame) -> None:
    a = Assumptions()
    print(f"{label}: {len(customers):,} customers")
    result = timed("compute", lambda: compute(customers, a))
    timed("Excel model (workbook_bytes)", lambda: workbook_bytes(customers, a, lang="de", result=result))
    table = timed("assign reps", lambda: assign_reps(result))
    timed("hand-over CSV", lambda: assignments_csv(table, lang="de"))
    timed("hand-over XLSX", lambda: assignments_xlsx(table, lang="de"))
    risk = timed("risk (tornado + 10,000 draws)", lambda: risk_summary(customers, a))
    timed("HTML report", lambda: html_report(result, lang="de", data_label=label, risk=risk))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also time a 100,000-customer table")
    args = parser.parse_args()
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    run("sample_data/kunden.csv", read_data(ROOT / "sample_data" / "kunden.csv").customers)
    if args.large:
        run("synthetic 100k", synthetic(100_000))
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
