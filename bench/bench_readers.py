"""Benchmark of :func:`calc.readers.read_data` on large German exports.

Generates (seeded, into a temporary directory) a 1,000,000-line German
transaction CSV, the same with 500 lines cut short (they are left out as problem
rows; the file is read a second time, in one thread, to number them) and a
100,000-customer German customer CSV, then prints the time to read and aggregate
each (best of 3) and the file sizes.

Run as ``.venv/bin/python bench/bench_readers.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calc.readers import read_data  # noqa: E402


def _german(values: np.ndarray) -> np.ndarray:
    """Format floats as German numbers with thousands separators (``1.234,56``)."""
    cents = np.round(np.abs(values) * 100).astype(np.int64)
    whole = cents // 100
    frac = cents % 100
    sign = np.where(values < 0, "-", "")
    whole_txt = np.char.zfill((whole % 1000).astype(str), 3)
    rest = whole // 1000
    while rest.any():
        grouped = np.char.add(np.char.add(np.char.zfill((rest % 1000).astype(str), 3), "."), whole_txt)
        whole_txt = np.where(rest > 0, grouped, whole_txt)
        rest = rest // 1000
    whole_txt = np.char.lstrip(whole_txt, "0")
    whole_txt = np.where(whole_txt == "", "0", whole_txt)
    return np.char.add(np.char.add(np.char.add(sign, whole_txt), ","), np.char.zfill(frac.astype(str), 2))


def make_transactions(path: Path, lines: int = 1_000_000, seed: int = 42) -> None:
    """Write a German transaction CSV (``;``, decimal comma, ``dd.mm.yyyy``, cp1252)."""
    rng = np.random.default_rng(seed)
    customers = np.char.zfill(rng.integers(1, 20_000, lines).astype(str), 6)
    days = rng.integers(0, 3 * 365, lines)
    dates = (np.datetime64("2022-01-01") + days.astype("timedelta64[D]")).astype(str)
    # yyyy-mm-dd -> dd.mm.yyyy
    dates_de = np.array([f"{t[8:10]}.{t[5:7]}.{t[:4]}" for t in dates.tolist()])
    qty = rng.integers(1, 50, lines)
    price = np.round(rng.uniform(0.5, 400.0, lines), 2)
    amount = np.round(qty * price, 2)
    credit = rng.random(lines) < 0.02
    amount = np.where(credit, -amount, amount)
    order = (np.arange(lines) // 3 + 1_000_000).astype(str)
    article = np.char.add("Dübel ", rng.integers(1, 5_000, lines).astype(str))
    cols = [order, dates_de, customers, article, qty.astype(str), _german(price), _german(amount)]
    body = cols[0]
    for c in cols[1:]:
        body = np.char.add(np.char.add(body, ";"), c)
    header = "Belegnr;Belegdatum;Kunden-Nr.;Artikel;Menge;Einzelpreis;Nettobetrag"
    text = header + "\r\n" + "\r\n".join(body.tolist()) + "\r\n"
    path.write_bytes(text.encode("cp1252"))


def cut_lines_short(source: Path, path: Path, count: int = 500, seed: int = 3) -> None:
    """Copy ``source`` with ``count`` data lines missing their last field."""
    lines = source.read_bytes().split(b"\r\n")
    rng = np.random.default_rng(seed)
    for i in rng.choice(np.arange(1, len(lines) - 1), count, replace=False).tolist():
        lines[i] = lines[i].rsplit(b";", 1)[0]
    path.write_bytes(b"\r\n".join(lines))


def make_customers(path: Path, rows: int = 100_000, seed: int = 7) -> None:
    """Write a German customer CSV with three yearly revenue columns."""
    rng = np.random.default_rng(seed)
    ids = np.char.zfill(np.arange(1, rows + 1).astype(str), 6)
    names = np.char.add("Müller & Söhne GmbH ", np.arange(rows).astype(str))
    industries = rng.choice(["Handwerk", "Handel", "Gastronomie", "Industrie"], rows)
    plz = np.char.zfill(rng.integers(1067, 99999, rows).astype(str), 5)
    visits = rng.integers(0, 12, rows).astype(str)
    employees = rng.integers(1, 250, rows).astype(str)
    cm = np.char.add(np.char.replace(np.char.mod("%.1f", rng.uniform(10, 45, rows)), ".", ","), " %")
    revs = [_german(rng.lognormal(9, 1.2, rows)) for _ in range(3)]
    cols = [ids, names, industries, plz, visits, employees, cm, *revs]
    body = cols[0]
    for c in cols[1:]:
        body = np.char.add(np.char.add(body, ";"), c)
    header = (
        "Kundennummer;Firmenname;Branche;PLZ;Besuche 12 Monate;Mitarbeiter;DB-Quote;"
        "Umsatz 2022;Umsatz 2023;Umsatz 2024"
    )
    text = header + "\r\n" + "\r\n".join(body.tolist()) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def _best_of(n: int, func) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(n):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tx = Path(tmp) / "transactions.csv"
        cu = Path(tmp) / "customers.csv"
        short = Path(tmp) / "transactions_short.csv"
        make_transactions(tx)
        cut_lines_short(tx, short)
        make_customers(cu)
        rows = []
        files = (
            ("transactions (1,000,000 lines)", tx),
            ("  same, 500 lines short", short),
            ("customers (100,000 rows)", cu),
        )
        for label, path in files:
            data = path.read_bytes()
            seconds, result = _best_of(3, lambda data=data, name=path.name: read_data(data, filename=name))
            rows.append(
                (label, len(data) / 1e6, seconds, result.report.customers, result.report.kind)
            )
        print(f"{'file':34} {'size MB':>8} {'best of 3 s':>12} {'customers':>10}  kind")
        for label, size, seconds, customers, kind in rows:
            print(f"{label:34} {size:8.1f} {seconds:12.2f} {customers:10d}  {kind}")


if __name__ == "__main__":
    main()
