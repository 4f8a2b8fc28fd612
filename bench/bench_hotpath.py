"""Benchmark of exports in a worker process (:class:`calc.isolate.IsolatedRunner`, issue 14 item 3).

Prints two things:

1. **Overhead.** An export built in-process and through the worker (forkserver warm,
   nice 0, so the figure is the cost of isolation: the fork, pickling the customer
   table or the assignment table to the child, the bytes back), median of 3; and the
   time to pickle the customer table alone, for the sample (5,000 customers) and a
   synthetic 100,000-customer table.
2. **Another user's update while one user builds a large Excel model.** A simulated
   other user repeats ``calc.compute`` on the sample with a changed
   ``capture_rate`` in the main process, as a Streamlit session's rerun would. Their
   median and p95 time is measured unloaded (40 updates right before and after),
   then while the Excel model of ``--customers`` customers is built (a) in the worker,
   as the app does, and (b) for comparison in-process in a thread (the old way). The
   ratio to the unloaded median is the figure that counts (target: at most 1.5 with
   the worker).

Run: ``.venv/bin/python bench/bench_hotpath.py [--customers 20000]``. Figures only;
they depend on what else runs on the machine.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_exports import synthetic  # noqa: E402
from bench_isolation import _median_of, _p95, _updates_until, _while  # noqa: E402

from calc import Assumptions, compute  # noqa: E402
from calc.assign import assign_reps, assignments_csv  # noqa: E402
from calc.export_xlsx import workbook_bytes  # noqa: E402
from calc.isolate import IsolatedRunner  # noqa: E402
from calc.jobs import board_report  # noqa: E402
from calc.readers import read_data  # noqa: E402
from calc.report import risk_summary  # noqa: E402

SAMPLE = ROOT / "sample_data" / "kunden.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000, help="size of the Excel model in part 2")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    a = Assumptions()
    sample = read_data(SAMPLE).customers
    eager = IsolatedRunner(nice=0)  # the cost of isolation, without the lower priority
    runner = IsolatedRunner()  # as in the app (nice 10)
    eager.run(len, "warm")
    runner.run(len, "warm")

    print("1. Time per export, median of 3 (worker at nice 0: the cost of isolation)")
    print(f"{'export':44} {'in-process s':>13} {'worker s':>9} {'pickle MB':>10} {'pickle s':>9}")
    big = synthetic(100_000)
    for label, customers in (("sample (5,000)", sample), ("synthetic 100,000", big)):
        start = time.perf_counter()
        blob = pickle.dumps(customers, protocol=pickle.HIGHEST_PROTOCOL)
        pickled = time.perf_counter() - start
        res = compute(customers, a)
        table = assign_reps(res)
        risk = risk_summary(customers, a)
        jobs = [("CRM hand-over CSV", assignments_csv, (table,), {"lang": "de"}),
                ("board report", board_report, (customers, a), {"lang": "de", "data_label": "x", "risk": risk})]
        if len(customers) <= 5_000:
            jobs.insert(0, ("Excel model", workbook_bytes, (customers, a), {"lang": "de"}))
        for name, func, fargs, kwargs in jobs:
            direct = _median_of(3, lambda f=func, x=fargs, k=kwargs: f(*x, **k))
            isolated = _median_of(3, lambda f=func, x=fargs, k=kwargs: eager.run(f, *x, **k))
            print(f"{name + ', ' + label:44} {direct:13.3f} {isolated:9.3f} {len(blob) / 1e6:10.1f} "
                  f"{pickled:9.3f}")

    print()
    print(f"2. Another user's update (calc.compute on the sample) while one user builds the Excel model of "
          f"{args.customers:,} customers")
    print(f"{'load':44} {'unloaded ms':>11} {'updates':>7} {'median ms':>10} {'p95 ms':>7} {'ratio':>6} "
          f"{'build s':>7}")
    customers = synthetic(args.customers)
    loads = [
        ("Excel model, worker (as the app does)", lambda: runner.run(workbook_bytes, customers, a, lang="de")),
        ("Excel model, in-process thread (old way)", lambda: workbook_bytes(customers, a, lang="de")),
    ]
    for label, load in loads:
        before = _updates_until(sample, None, at_least=40)
        times, took = _while(load, sample)
        after = _updates_until(sample, None, at_least=40)
        base_median = statistics.median(before + after)
        med = statistics.median(times)
        print(f"{label:44} {1000 * base_median:11.1f} {len(times):7d} {1000 * med:10.1f} "
              f"{1000 * _p95(times):7.1f} {med / base_median:6.2f} {took:7.2f}")


if __name__ == "__main__":
    main()
