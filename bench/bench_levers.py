"""Benchmark: what the order figures of the levers add to reading a transaction log.

Generates (seeded, into a temporary directory) a 1,000,000-line German transaction
CSV (20,000 customers, three years, orders of 1-6 lines, 5 % of lines without an
order number, 2 % credit notes), then prints, best of 3:

* the time of :func:`calc.readers.read_data` on the file;
* the time of :func:`calc.levers.order_figures` on the same lines as a frame
  (customer ids and order numbers as text: it factorizes both itself);
* the time of :func:`calc.levers.order_arrays` on the coded lines (what the reader
  pays once it calls it with the customer codes it already has);

and each as a share of the reading time (goal: under 20 % extra).

Run as ``.venv/bin/python bench/bench_levers.py [lines]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calc.levers import order_arrays, order_figures  # noqa: E402
from calc.readers import read_data  # noqa: E402


def make_lines(n: int, seed: int = 42) -> pd.DataFrame:
    """The transaction lines: customer_id, date, amount, order_id (text, "" where missing)."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 7, n)  # lines per order
    order_of_line = np.repeat(np.arange(n), sizes)[:n]
    n_orders = int(order_of_line[-1]) + 1
    order_customer = rng.integers(1, 20_000, n_orders)
    order_day = rng.integers(0, 3 * 365, n_orders)
    customer = np.char.zfill(order_customer[order_of_line].astype(str), 6)
    dates = np.datetime64("2022-01-01") + order_day[order_of_line].astype("timedelta64[D]")
    amount = np.round(rng.integers(1, 50, n) * rng.uniform(0.5, 400.0, n), 2)
    amount = np.where(rng.random(n) < 0.02, -amount, amount)
    order_id = np.char.add("R", (order_of_line + 1_000_000).astype(str))
    order_id = np.where(rng.random(n) < 0.05, "", order_id)
    return pd.DataFrame({"customer_id": customer, "date": dates, "amount": amount, "order_id": order_id})


def write_csv(lines: pd.DataFrame, path: Path) -> None:
    """German CSV: ``;``, ``dd.mm.yyyy``, decimal comma, cp1252."""
    iso = np.datetime_as_string(lines["date"].to_numpy().astype("datetime64[D]"))
    dates = np.char.add(np.char.add(np.char.add(np.char.add(_sl(iso, 8, 10), "."), _sl(iso, 5, 7)), "."), _sl(iso, 0, 4))
    amounts = np.char.replace(np.char.mod("%.2f", lines["amount"].to_numpy()), ".", ",")
    cols = [lines["order_id"].to_numpy().astype(str), dates, lines["customer_id"].to_numpy().astype(str), amounts]
    body = cols[0]
    for c in cols[1:]:
        body = np.char.add(np.char.add(body, ";"), c)
    text = "Belegnr;Belegdatum;Kunden-Nr.;Nettobetrag\r\n" + "\r\n".join(body.tolist()) + "\r\n"
    path.write_bytes(text.encode("cp1252"))


def _sl(a: np.ndarray, start: int, stop: int) -> np.ndarray:
    return np.array([s[start:stop] for s in a.tolist()])


def best_of(fn, repeat: int = 3) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    lines = make_lines(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "transaktionen.csv"
        write_csv(lines, path)
        size_mb = path.stat().st_size / 1e6
        t_read, read = best_of(lambda: read_data(path))
    t_frame, figures = best_of(lambda: order_figures(lines))
    codes, uniques = pd.factorize(lines["customer_id"])
    ocodes, _ = pd.factorize(lines["order_id"])
    ocodes = np.where(lines["order_id"].to_numpy() != "", ocodes, -1)
    dates = lines["date"].to_numpy()
    amounts = lines["amount"].to_numpy()
    t_arrays, _ = best_of(lambda: order_arrays(codes, dates, amounts, ocodes, n_customers=len(uniques)))

    same = read.customers["customer_id"].tolist() == figures.customers["customer_id"].tolist()
    agree = same and np.array_equal(read.customers["orders_12m"].to_numpy(), figures.customers["orders_12m"].to_numpy())
    print(f"transaction log: {n:,} lines, {size_mb:.1f} MB, {len(uniques):,} customers, "
          f"{len(figures.orders):,} orders in the window")
    print(f"read_data                     {t_read:7.3f} s")
    print(f"order_figures (frame)         {t_frame:7.3f} s   {100 * t_frame / t_read:5.1f} % extra")
    print(f"order_arrays (coded lines)    {t_arrays:7.3f} s   {100 * t_arrays / t_read:5.1f} % extra")
    print(f"orders_12m equal to the reader's: {agree}")


if __name__ == "__main__":
    main()
