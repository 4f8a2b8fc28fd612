"""First load in the browser: a new session's time to its first figure, on a warm server.

Run from the project root::

    .venv/bin/python bench/bench_first_load.py             # 8 fresh sessions
    .venv/bin/python bench/bench_first_load.py --sessions 12 --root /tmp/other_checkout
    .venv/bin/python bench/bench_first_load.py --url http://127.0.0.1:8080/ --network wifi   # behind nginx

Method: starts ``streamlit run app.py`` headless on a free loopback port, warms it
with one visit (imports, caches of the sample data), then opens ``--sessions`` fresh
browser contexts one after another (no cookies, no cache: a new user) with the
Debian Chromium and Playwright.  A script in the page notes when each part of the first
screen enters the page (a MutationObserver, ``performance.now()`` from navigation):

* ``connected``: the websocket is open (the page's scripts are loaded and run);
* ``answer``: the verdict line (``.st-key-verdict``), the first figure on screen: it holds the NPV and
  the payback;
* ``metrics``: the headline figures under it (``.st-key-headline``: NPV, chance that it pays, payback;
  ``st.metric``, a component Streamlit loads on demand);
* ``chart``: the cash chart (Plotly, drawn in a second run once the browser has painted the first screen:
  ``ui.show.chart``).

For each session it prints those times, and at the end their medians and maxima with the
load average of the machine.  Timings are printed only; no pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: the parts of the first screen, in the order they appear
PARTS = {
    "answer": ".st-key-verdict [data-testid='stAlertContainer']",
    "metrics": ".st-key-headline [data-testid='stMetricValue']",
    "chart": ".js-plotly-plot",
}
MARKS = """
window.__marks = {};
const _open = WebSocket.prototype.send;
WebSocket.prototype.send = function (...args) {
  if (!("connected" in window.__marks)) window.__marks.connected = Math.round(performance.now());
  return _open.apply(this, args);
};
const _parts = PARTS_JSON;
const _seen = () => {
  for (const [k, s] of Object.entries(_parts))
    if (!(k in window.__marks) && document.querySelector(s)) window.__marks[k] = Math.round(performance.now());
};
document.addEventListener("DOMContentLoaded", () =>
  new MutationObserver(_seen).observe(document.body, {childList: true, subtree: true}));
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--global.developmentMode", "false"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            stop_server(proc)
            raise SystemExit("the streamlit server did not become healthy")
        time.sleep(0.3)


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


#: ``--network`` presets for Chromium's network emulation: (download Mbit/s, upload Mbit/s, round trip ms)
NETWORKS = {"wifi": (30.0, 10.0, 20.0), "slow": (10.0, 5.0, 40.0)}


def first_screen_s(browser, url: str, viewport: dict, network: str | None = None, *,
                   parts: dict[str, str] = PARTS) -> dict[str, float]:
    """Seconds from navigation to each part of the first screen (``parts``: name -> CSS selector; the chart
    last), in a fresh context (on an emulated network if ``network`` names one of :data:`NETWORKS`)."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(MARKS.replace("PARTS_JSON", json.dumps(parts)))
    page = context.new_page()
    if network:
        down, up, rtt = NETWORKS[network]
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": rtt,
            "downloadThroughput": down * 1e6 / 8, "uploadThroughput": up * 1e6 / 8})
    try:
        page.goto(url)
        page.wait_for_selector(parts["chart"], state="visible", timeout=60_000)
        marks = page.evaluate("window.__marks")
        return {k: marks[k] / 1000.0 for k in ("connected", *parts) if k in marks}
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app.py is served")
    parser.add_argument("--phone", action="store_true", help="390x844 viewport instead of 1366x900")
    parser.add_argument("--url", help="measure a running server (e.g. deploy/cluster.py's nginx) instead of "
                                      "starting one")
    parser.add_argument("--network", choices=sorted(NETWORKS),
                        help="emulate a network: " + ", ".join(
                            f"{k} = {d:g}/{u:g} Mbit/s, {r:g} ms round trip" for k, (d, u, r) in NETWORKS.items()))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    viewport = {"width": 390, "height": 844} if args.phone else {"width": 1366, "height": 900}
    if args.url:
        url, proc = args.url, None
    else:
        port = _free_port()
        url = f"http://127.0.0.1:{port}/"
        proc = start_server(args.root, port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            warm = first_screen_s(browser, url, viewport)
            print("warm-up visit: " + _line(warm))
            runs = []
            for i in range(args.sessions):
                runs.append(first_screen_s(browser, url, viewport, args.network))
                print(f"session {i + 1}: " + _line(runs[-1]))
            browser.close()
    finally:
        if proc is not None:
            stop_server(proc)
    print(f"over {len(runs)} fresh sessions ({machine_note(args.network)}), seconds from navigation:")
    for part in ("connected", *PARTS):
        if (p50_max := spread(runs, part)) is not None:
            print(f"  {part:9s} p50 {p50_max[0]:.2f}  max {p50_max[1]:.2f}")


def spread(runs: list[dict[str, float]], part: str) -> tuple[float, float] | None:
    """Median and maximum of one part over the sessions that reached it (None if none did)."""
    times = [r[part] for r in runs if part in r]
    return (statistics.median(times), max(times)) if times else None


def machine_note(network: str | None) -> str:
    """The load average and cores of this machine, and the emulated network if any."""
    load = os.getloadavg()
    return (f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} cores"
            + (f", network {network}" if network else ""))


def _line(marks: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f} s" for k, v in marks.items())


if __name__ == "__main__":
    main()
