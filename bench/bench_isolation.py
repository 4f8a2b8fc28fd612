"""Benchmark of reading uploads in a worker process (:class:`calc.isolate.IsolatedReader`).

Prints two things:

1. **Overhead per read.** The sample file (5,000 customers) and a 100,000-customer
   CSV, read in-process with ``read_data`` and through the worker (forkserver warm),
   median of 7.
2. **Another user's update while one user reads a heavy file.** A simulated other
   user repeats ``calc.compute`` on the sample with a changed ``capture_rate`` in
   the main process, as a Streamlit session's rerun would. Their median and p95 time
   is measured unloaded (right before and after), then while a heavy file is read (a) through the worker and
   (b) for comparison, in-process in a thread (the old way). The ratio to the
   unloaded median is the figure that counts (target: at most 1.5 with the worker).

Heavy files (built here, see ``tests/hostile_files.py``):

* ``far E1000000``: 1.6 KB XLSX with one cell at E1000000. It is inside the limits
  (5 x 1,000,000 cells) and takes seconds to read.
* ``bomb, pre-check off``: the issue's dimension bomb with the limits raised, so the
  worker's memory limit stops it (in-process it would abort the interpreter, so it
  is not run in-process).
* ``100,000 customers``: the 9 MB German customer CSV of ``bench_readers.py``.

Run as ``.venv/bin/python bench/bench_isolation.py``. The figures depend on what
else runs on the machine. The worker runs at nice +10, so on a busy machine the
read itself gets slower while the other users are served first.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_readers import make_customers  # noqa: E402
from hostile_files import dimension_bomb, sparse_far_cell  # noqa: E402

from calc import Assumptions, compute  # noqa: E402
from calc.errors import DataError  # noqa: E402
from calc.isolate import IsolatedReader  # noqa: E402
from calc.limits import Limits  # noqa: E402
from calc.readers import read_data  # noqa: E402

SAMPLE = ROOT / "sample_data" / "kunden.csv"


def _median_of(n: int, func) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _updates_until(customers, done: threading.Event | None, at_least: int = 15) -> list[float]:
    """Repeat another user's update until ``done`` is set (None: ``at_least`` times), at least ``at_least`` times."""
    times: list[float] = []
    k = 0
    while len(times) < at_least or (done is not None and not done.is_set()):
        a = Assumptions(capture_rate=0.02 + 0.001 * (k % 50))
        start = time.perf_counter()
        compute(customers, a)
        times.append(time.perf_counter() - start)
        k += 1
        time.sleep(0.01)  # a user's think time: the server is not saturated by this user
    return times


def _while(load, customers) -> tuple[list[float], float]:
    """The other user's update times while ``load()`` runs in a thread; and how long the load took."""
    done = threading.Event()
    took = [0.0]

    def run() -> None:
        start = time.perf_counter()
        try:
            load()
        except DataError:
            pass
        took[0] = time.perf_counter() - start
        done.set()

    thread = threading.Thread(target=run)
    thread.start()
    times = _updates_until(customers, done)
    thread.join()
    return times, took[0]


def _p95(times: list[float]) -> float:
    return sorted(times)[max(0, int(round(0.95 * len(times))) - 1)]


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    reader = IsolatedReader()
    reader.warm()
    sample = SAMPLE.read_bytes()
    reader.read(sample, filename=SAMPLE.name)  # forkserver up and warm
    customers = read_data(sample, filename=SAMPLE.name).customers

    with tempfile.TemporaryDirectory() as tmp:
        big_path = Path(tmp) / "customers.csv"
        make_customers(big_path)
        big = big_path.read_bytes()

        eager = IsolatedReader(nice=0)
        eager.read(sample, filename="warm.csv")
        print("1. Time per read, median of 7 (worker at nice 0: the cost of isolation; at nice 10: as in the app)")
        print(f"{'file':28} {'in-process s':>13} {'worker nice 0':>14} {'worker nice 10':>15}")
        for label, data in (("sample (5,000 customers)", sample), ("100,000 customers (9 MB)", big)):
            direct = _median_of(7, lambda data=data: read_data(data, filename="f.csv"))
            plain = _median_of(7, lambda data=data: eager.read(data, filename="f.csv"))
            isolated = _median_of(7, lambda data=data: reader.read(data, filename="f.csv"))
            print(f"{label:28} {direct:13.3f} {plain:14.3f} {isolated:15.3f}")

        far = sparse_far_cell("E1000000")
        bomb = dimension_bomb()
        unchecked = IsolatedReader(Limits(columns=10**6, cells=10**15, read_memory_mb=2048))
        unchecked.read(sample, filename="warm.csv")

        print()
        print("2. Another user's update (calc.compute on the sample) while one user reads a heavy file")
        print("(unloaded: 40 updates right before and 40 right after each load, so that a change in the")
        print(" machine's other load between rows does not enter the ratio)")
        print(f"{'load':44} {'unloaded ms':>11} {'updates':>7} {'median ms':>10} {'p95 ms':>7} {'ratio':>6} "
              f"{'read s':>7}")
        loads = [
            ("far E1000000, worker", lambda: reader.read(far, filename="far.xlsx")),
            ("far E1000000, in-process thread (old way)", lambda: read_data(far, filename="far.xlsx")),
            ("100,000 customers x3, worker", lambda: [reader.read(big, filename="c.csv") for _ in range(3)]),
            ("100,000 customers x3, in-process (old way)", lambda: [read_data(big, filename="c.csv") for _ in range(3)]),
            ("bomb, pre-check off, worker x20", lambda: [_refused(unchecked, bomb) for _ in range(20)]),
        ]
        for label, load in loads:
            before = _updates_until(customers, None, at_least=40)
            times, took = _while(load, customers)
            after = _updates_until(customers, None, at_least=40)
            base_median = statistics.median(before + after)
            med = statistics.median(times)
            print(f"{label:44} {1000 * base_median:11.1f} {len(times):7d} {1000 * med:10.1f} "
                  f"{1000 * _p95(times):7.1f} {med / base_median:6.2f} {took:7.2f}")


def _refused(reader: IsolatedReader, data: bytes) -> None:
    try:
        reader.read(data, filename="bomb.xlsx")
    except DataError:
        return
    raise AssertionError("the bomb was read")


if __name__ == "__main__":
    main()
