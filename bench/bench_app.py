"""Rerun time of the app after one changed assumption, at 5,000 and 100,000 customers.

Run from the project root::

    .venv/bin/python bench/bench_app.py            # 5k (sample data) and 100k
    .venv/bin/python bench/bench_app.py --sizes 5000

Method: Streamlit's AppTest (no browser).  The 5k case is the built-in sample data
(sample_data/kunden.csv).  The 100k case writes a synthetic canonical customer table
to a temporary CSV and uploads it through the data page's ``st.file_uploader`` like
a user would.  Then, on each measured page, one sidebar value (``capture_rate``)
is changed and ``at.run()`` is timed: median of 5 changes, after one warm-up.
AppTest adds its own overhead (building the element tree), so a browser rerun is
slightly faster than the figures printed.

Test hook (not used here, documented for other benchmarks): putting a file path into
``at.session_state["_test_data_path"]`` before the first run makes the app start on
that file instead of the sample data (see ``ui/data.py``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = ("pages/overview.py", "pages/segments.py", "pages/potential.py", "pages/business_case.py")


def synthetic_csv(n: int, path: Path, seed: int = 7) -> Path:
    """Write a canonical customer table of ``n`` customers (5 revenue years) to ``path``."""
    rng = np.random.default_rng(seed)
    base = rng.lognormal(mean=8.0, sigma=1.3, size=n)
    frame = pd.DataFrame({"customer_id": [f"C{i:07d}" for i in range(n)]})
    frame["name"] = [f"Kunde {i}" for i in range(n)]
    frame["region"] = rng.choice(["Nord", "Süd", "Ost", "West"], size=n)
    for k, year in enumerate(range(2021, 2026)):
        drift = rng.normal(1.0 - 0.03 * (4 - k), 0.15, size=n).clip(0)
        alive = rng.random(n) > 0.04 * (k + 1) * 0.5
        frame[f"revenue_{year}"] = (base * drift * alive).round(2)
    frame["employees"] = rng.integers(1, 40, size=n)
    frame["visits_12m"] = rng.integers(0, 6, size=n)
    frame["cm_rate"] = rng.uniform(0.2, 0.4, size=n).round(3)
    frame.to_csv(path, index=False)
    return path


def measure(at: AppTest, repeats: int = 5) -> list[float]:
    times = []
    values = ["4", "5", "6", "7", "8", "4,5"]
    at.text_input(key="a__capture_rate").input("3,5").run()  # warm-up
    for value in values[:repeats]:
        widget = at.text_input(key="a__capture_rate").input(value)
        start = time.perf_counter()
        widget.run()
        times.append(time.perf_counter() - start)
        if at.exception or at.error:
            raise RuntimeError(f"app failed: {[e.value for e in [*at.exception, *at.error]]}")
    return times


def bench(n: int | None, repeats: int) -> dict[str, float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "de"
    at.run()
    label = "5k sample"
    if n is not None:
        with tempfile.TemporaryDirectory() as tmp:
            path = synthetic_csv(n, Path(tmp) / f"customers_{n}.csv")
            at.switch_page("pages/data.py").run()
            start = time.perf_counter()
            at.file_uploader(key="upload").upload(path.name, path.read_bytes(), "text/csv").run()
            read_s = time.perf_counter() - start
        if not any(path.name in s.value.replace("\\", "") for s in at.success):
            raise RuntimeError(f"upload failed: {[e.value for e in at.error]}")
        label = f"{n // 1000}k upload"
        print(f"{label:>12}  first read of the upload: {read_s * 1000:7.0f} ms")
    out = {}
    for page in PAGES:
        at.switch_page(page).run()
        times = measure(at, repeats)
        out[page] = statistics.median(times)
        print(f"{label:>12}  {page:<24} rerun median {out[page] * 1000:6.0f} ms  "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, n={len(times)})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[5_000, 100_000],
                        help="customer counts; 5000 means the built-in sample data")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for size in args.sizes:
        bench(None if size == 5_000 else size, args.repeats)


if __name__ == "__main__":
    main()
