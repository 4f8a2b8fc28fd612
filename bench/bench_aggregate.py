"""Benchmark of reading a large transaction log: DuckDB bare vs. the streaming reader vs. the in-memory reader.

Generates (seeded, cached under ``/tmp/smart_accounts_bench``) German transaction logs
of 1,000,000 and 10,000,000 lines (``;``, decimal comma with thousands points,
``dd.mm.yyyy``, about 35 bytes a line: customer, date, order number, net amount;
50,000 customers, four years, 2 % credit notes, about three lines an order). Each
run is a fresh child process that prints its wall time (after the imports) and peak RSS
(``VmHWM`` of ``/proc/self/status``, else ``resource.getrusage``):

* ``duckdb bare``: DuckDB (if installed; a dev requirement only) reads the CSV and
  computes revenue per customer and year and the orders, lines and order values of the
  12-month window: the same figures, without any of the reader's checks;
* ``stream``: :func:`calc.readers.stream.read_log`, what ``python -m calc summary`` and
  ``python -m calc aggregate`` use for a CSV log;
* ``in-memory``: :func:`calc.readers.read_data` without limits, the upload path
  (1,000,000 lines only: 10,000,000 do not fit its memory goal).

Run as ``.venv/bin/python bench/bench_aggregate.py [--lines 1000000 10000000] [--repeat 3]``.
The figures are the best of ``--repeat`` runs (wall time), its CPU seconds (user + system, all
threads: DuckDB uses every core) and its peak RSS. The machine's load average is printed
first: on a shared machine the wall times grow with it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/smart_accounts_bench")
CHUNK = 1_000_000
CUSTOMERS = 50_000

_DUCKDB = """
import duckdb
START
con = duckdb.connect()
con.execute('''
CREATE TEMP TABLE t AS
SELECT "Kunden-Nr." AS c, strptime("Belegdatum", '%d.%m.%Y')::DATE AS d, "Belegnr" AS o,
       CAST(replace(replace("Nettobetrag", '.', ''), ',', '.') AS DOUBLE) AS a
FROM read_csv(?, delim=';', header=true, all_varchar=true)''', [PATH])
newest = con.execute("SELECT max(d) FROM t").fetchone()[0]
revenue = con.execute("SELECT c, year(d) AS y, sum(a) FROM t GROUP BY c, y").fetchall()
window = con.execute('''SELECT c, count(*) AS orders, sum(n) AS lines, list(v) FROM (
    SELECT c, o, sum(a) AS v, count(*) AS n FROM t
    WHERE a > 0 AND d > ?::DATE - INTERVAL 365 DAY GROUP BY c, o) GROUP BY c''', [newest]).fetchall()
COUNT = len({row[0] for row in revenue})
"""

_STREAM = """
from calc.readers.stream import read_log
START
COUNT = len(read_log(PATH).customers)
"""

_MEMORY = """
from calc.limits import Limits
from calc.readers import read_data
START
COUNT = len(read_data(PATH, limits=Limits(upload_mb=100_000, rows=10**9, read_memory_mb=10**6)).customers)
"""

# the clock starts after the imports (about 1 s for pandas and calc, 0.1 s for duckdb)
_START = "start = time.perf_counter(); cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])"

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
PATH = {path!r}
{body}
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM: this process's own peak (ru_maxrss would also count the parent's image before exec)
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
rss = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime - cpu0, "rss_mb": rss,
                  "customers": COUNT}}))
"""


def _german(cents: np.ndarray) -> np.ndarray:
    """Cents as German amounts with thousands points (``-1.234,56``)."""
    sign = np.where(cents < 0, "-", "")
    cents = np.abs(cents)
    whole, frac = cents // 100, cents % 100
    text = (whole % 1000).astype(str)
    rest = whole // 1000
    grouped = np.char.add(np.char.add(rest.astype(str), "."), np.char.zfill(text, 3))
    text = np.where(rest > 0, grouped, text)  # amounts stay below 1,000,000 EUR
    return np.char.add(np.char.add(np.char.add(sign, text), ","), np.char.zfill(frac.astype(str), 2))


def make_log(path: Path, lines: int, seed: int = 12) -> None:
    """Write a German transaction log of ``lines`` lines (UTF-8), in chunks of a million lines."""
    days = np.arange(np.datetime64("2021-01-01"), np.datetime64("2025-01-01"))
    day_text = np.array([f"{str(d)[8:10]}.{str(d)[5:7]}.{str(d)[:4]}" for d in days])
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Kunden-Nr.;Belegdatum;Belegnr;Nettobetrag\r\n")
        for start in range(0, lines, CHUNK):
            n = min(CHUNK, lines - start)
            rng = np.random.default_rng([seed, start])
            order = (start + np.arange(n)) // 3  # about three lines an order, in date order
            customer = np.char.add("K", np.char.zfill(((order * 7919) % CUSTOMERS).astype(str), 5))
            day = np.minimum(order * len(days) // max(1, lines // 3 + 1), len(days) - 1)
            cents = np.round(rng.lognormal(9.0, 1.3, n)).astype(np.int64) % 50_000_000 + 1
            cents = np.where(rng.random(n) < 0.02, -cents, cents)
            number = np.char.add("A", (10_000_000 + order).astype(str))
            body = np.char.add(np.char.add(np.char.add(np.char.add(customer, ";"), day_text[day]), ";"), number)
            body = np.char.add(np.char.add(body, ";"), _german(cents))
            fh.write("\r\n".join(body.tolist()) + "\r\n")
    tmp.replace(path)


def log_path(lines: int) -> Path:
    """The cached log of ``lines`` lines, generated on first use."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"log_{lines}.csv"
    if not path.exists():
        started = time.perf_counter()
        make_log(path, lines)
        print(f"generated {path} ({path.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
    return path


def run_child(body: str, path: Path) -> dict:
    """Run ``body`` in a fresh Python; return its seconds, peak RSS in MB and customer count."""
    code = _CHILD.format(root=str(ROOT), path=str(path), body=body.replace("START", _START))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        import duckdb  # noqa: F401

        have_duckdb = True
    except ImportError:
        have_duckdb = False
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times grow with it; CPU seconds less)")
    print(f"{'lines':>11} {'MB':>6}  {'reader':12} {'wall s':>7} {'CPU s':>7} {'peak RSS MB':>12} {'customers':>10}"
          "  wall vs DuckDB")
    for lines in args.lines:
        path = log_path(lines)
        size = path.stat().st_size / 1e6
        runs = [("duckdb bare", _DUCKDB)] if have_duckdb else []
        runs += [("stream", _STREAM)]
        if lines <= 2_000_000:
            runs += [("in-memory", _MEMORY)]
        base = None
        for label, body in runs:
            results = [run_child(body, path) for _ in range(max(1, args.repeat))]
            failed = [r for r in results if "error" in r]
            if failed:
                print(f"{lines:11,} {size:6.0f}  {label:12} failed: {failed[0]['error']}")
                continue
            best = min(results, key=lambda r: r["seconds"])
            base = best["seconds"] if label == "duckdb bare" else base
            ratio = f"{best['seconds'] / base:.1f}x" if base else "-"
            print(f"{lines:11,} {size:6.0f}  {label:12} {best['seconds']:7.2f} {best['cpu']:7.2f} {best['rss_mb']:12.0f} "
                  f"{best['customers']:10,}  {ratio}")
    if not have_duckdb:
        print("DuckDB is not installed (pip install -r requirements-dev.txt): no reference time.")
    print("Why streaming and not DuckDB at run time: the streaming reader applies the upload reader's own cell "
          "rules (German/English numbers per column, date forms, problem rows) block by block, so the result "
          "is the same customer table; DuckDB would need those rules again in SQL and a second dependency.")


if __name__ == "__main__":
    main()
