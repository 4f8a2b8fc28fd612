"""Server memory over many short sessions: does it come back? (issue 14, item 4)

Starts ``streamlit run app.py`` (headless, loopback), opens ``--sessions`` sessions one
after another over Streamlit's websocket protocol (each runs the overview once, as a
browser's first load does, then closes), and prints the server's resident memory
(VmRSS of the server process; the worker processes are separate):

* before the first session (after one warm-up session),
* right after the last session closed,
* after ``--idle`` seconds with nobody connected (longer than the TTL of
  disconnected sessions, ``server.disconnectedSessionTTL`` in .streamlit/config.toml).

``--upload`` prints instead what one session with an uploaded 100,000-customer
file holds (the session's Dataset: the file's bytes, the customer table, the read
report; and its memoised model result), measured in-process.

Run: ``.venv/bin/python bench/bench_sessions.py [--sessions 150] [--idle 45] [--page data] [--upload]``.
Figures only; nothing is asserted. Numbers vary with what else runs on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def one_session(port: int, query: str, page: str = "") -> float:
    """Open a session, run the script once (``page`` by its URL path), close; seconds until the run finished."""
    start = time.perf_counter()
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=2**28, open_timeout=30) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        await ws.send(msg.SerializeToString())
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=120)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.WhichOneof("type") == "script_finished":
                break
    return time.perf_counter() - start


def upload_footprint() -> None:
    """MB that one session with an uploaded 100,000-customer CSV holds."""
    import pickle
    import tempfile

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_readers import make_customers

    from calc import Assumptions, compute
    from calc.readers import read_data

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "customers.csv"
        make_customers(path)
        raw = path.read_bytes()
    result = read_data(raw, filename="customers.csv")
    res = compute(result.customers, Assumptions())
    frame = result.customers.memory_usage(deep=True).sum() / 2**20
    report = len(pickle.dumps(result.report)) / 2**20
    print(f"one uploaded 100,000-customer CSV: file {len(raw) / 2**20:.1f} MB (kept for a new mapping), "
          f"customer table {frame:.1f} MB, read report {report:.1f} MB, model result {_frames_mb(res):.1f} MB")


def _frames_mb(obj, depth: int = 0, seen: set | None = None) -> float:
    """MB of the pandas frames, series and numpy arrays inside ``obj`` (dataclasses, mappings, tuples)."""
    import dataclasses

    import numpy as np
    import pandas as pd

    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 4:
        return 0.0
    seen.add(id(obj))
    if isinstance(obj, pd.DataFrame):
        return obj.memory_usage(deep=True).sum() / 2**20
    if isinstance(obj, pd.Series):
        return obj.memory_usage(deep=True) / 2**20
    if isinstance(obj, np.ndarray):
        return obj.nbytes / 2**20
    if dataclasses.is_dataclass(obj):
        items = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    elif hasattr(obj, "items"):
        items = list(obj.values())
    elif isinstance(obj, (list, tuple)):
        items = list(obj)
    else:
        return 0.0
    return sum(_frames_mb(x, depth + 1, seen) for x in items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=150)
    parser.add_argument("--idle", type=float, default=45.0, help="seconds idle after the last session")
    parser.add_argument("--page", default="", help="URL path of the page each session opens ('' = overview)")
    parser.add_argument("--ttl", type=int, default=None, help="override server.disconnectedSessionTTL")
    parser.add_argument("--upload", action="store_true", help="print one upload session's memory instead")
    args = parser.parse_args()
    if args.upload:
        upload_footprint()
        return
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
           str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]
    if args.ttl is not None:
        cmd += ["--server.disconnectedSessionTTL", str(args.ttl)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise SystemExit("server did not start")
            time.sleep(0.3)
        asyncio.run(one_session(port, "lang=de", args.page))  # warm-up: imports, sample data, forkserver
        time.sleep(2)
        base = rss_mb(proc.pid)
        print(f"server RSS after one warm-up session: {base:7.1f} MB")
        times = []
        for i in range(args.sessions):
            times.append(asyncio.run(one_session(port, "lang=de" if i % 2 else "lang=en", args.page)))
        peak = rss_mb(proc.pid)
        times.sort()
        print(f"{args.sessions} sessions opened and closed ({args.page or 'overview'}), first run "
              f"median {times[len(times) // 2]:.2f} s: RSS {peak:7.1f} MB "
              f"({(peak - base) / max(1, args.sessions):.2f} MB per session)")
        step = 15.0
        waited = 0.0
        while waited < args.idle:
            time.sleep(min(step, args.idle - waited))
            waited = min(args.idle, waited + step)
            print(f"  idle {waited:5.0f} s: RSS {rss_mb(proc.pid):7.1f} MB")
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(10)


if __name__ == "__main__":
    main()
