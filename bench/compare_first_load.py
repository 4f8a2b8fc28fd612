"""First load in the browser, two or more versions side by side under the same load.

Run from the project root, e.g. against the commit before a change::

    git worktree add --detach /tmp/before <commit>
    .venv/bin/python bench/compare_first_load.py --sessions 10 /tmp/before .
    .venv/bin/python bench/compare_first_load.py --network wifi http://127.0.0.1:8091/ http://127.0.0.1:8092/

Each target is a checkout (its ``app.py`` is served on a free port, as in
``bench/bench_first_load.py``) or the address of a running server (e.g. two ``deploy/cluster.py``
sets, one per checkout).  Fresh sessions alternate between the targets (A B, B A, A B ...), so
both see the same load on the machine.  The parts are found without the keys that
``bench_first_load.py`` uses, so that older checkouts can be measured too: on the sample data the
verdict is the main area's first success note and the headline figures its first ``st.metric``.
Prints p50 and maximum per part and target; timings are printed only, no pass/fail.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import bench_first_load as bench

#: the parts, found in checkouts from before the keyed containers as well
PARTS = {
    "answer": "[data-testid='stMain'] [data-testid='stAlertContentSuccess']",
    "metrics": "[data-testid='stMain'] [data-testid='stMetricValue']",
    "chart": ".js-plotly-plot",
}
VIEWPORT = {"width": 1366, "height": 900}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="+", help="checkout directories or server addresses (http://...)")
    parser.add_argument("--sessions", type=int, default=8, help="fresh sessions per target")
    parser.add_argument("--network", choices=sorted(bench.NETWORKS), help="emulate a network (see bench_first_load.py)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    servers, urls = [], []
    try:
        for target in args.targets:
            if target.startswith("http"):
                urls.append(target)
            else:
                port = bench._free_port()
                servers.append(bench.start_server(Path(target).resolve(), port))
                urls.append(f"http://127.0.0.1:{port}/")
        runs: dict[str, list[dict[str, float]]] = {url: [] for url in urls}
        failed: dict[str, list[str]] = {url: [] for url in urls}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=bench.CHROMIUM, args=bench.ARGS, headless=True)
            for url in urls:
                bench.first_screen_s(browser, url, VIEWPORT, parts=PARTS)  # warm-up visit
            for i in range(args.sessions):
                for url in urls if i % 2 == 0 else urls[::-1]:
                    try:
                        runs[url].append(bench.first_screen_s(browser, url, VIEWPORT, args.network, parts=PARTS))
                    except Exception as exc:  # noqa: BLE001 - a session that never shows its chart is a finding
                        failed[url].append(str(exc).splitlines()[0])
            browser.close()
    finally:
        for proc in servers:
            bench.stop_server(proc)
    print(f"{args.sessions} fresh sessions per target ({bench.machine_note(args.network)}), "
          "seconds from navigation, p50 / max:")
    for target, url in zip(args.targets, urls, strict=True):
        cells = []
        for part in ("connected", *PARTS):
            p50_max = bench.spread(runs[url], part)
            cells.append(f"{part} {p50_max[0]:.2f} / {p50_max[1]:.2f}" if p50_max else f"{part} -")
        print(f"  {target}: " + ", ".join(cells))
        for reason in failed[url]:
            print(f"    a session failed: {reason}")


if __name__ == "__main__":
    main()
