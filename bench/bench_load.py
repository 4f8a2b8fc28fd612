"""Load: simulated workshop users against one Streamlit process and against N behind nginx.

Run from the project root (nginx needed for the proxy runs)::

    .venv/bin/python bench/bench_load.py                       # 1, 5, 10, 20 users; both targets; +/- uploads
    .venv/bin/python bench/bench_load.py --users 20 --targets single --duration 30
    .venv/bin/python bench/bench_load.py --url http://127.0.0.1:8501   # a server that is already running

Method (protocol level, no browser): each simulated user is what a browser tab
does on the wire.

* **First load**: ``GET /`` (the HTML page; behind nginx it sets the sticky cookie)
  and ``GET /_stcore/health`` (sets the XSRF cookie), then the websocket ``/_stcore/stream`` (subprotocol ``streamlit``) and
  a ``rerun_script`` BackMsg, until the ForwardMsg ``script_finished``.  The
  browser's own work (JavaScript, rendering) comes on top.
* **With upload**: the user then opens the data page, asks for an upload URL
  (``file_urls_request``), PUTs their own synthetic 20,000-customer CSV (about
  2 MB, different seed per user) with the XSRF header, and reruns with the file
  uploader's state until ``script_finished``; then goes to the overview.
* **RSS MB**: resident memory of all server processes (Streamlit, nginx) at the end,
  with the simulated sessions still open.
* **Change to figure**: every 2-5 s (uniform; "a change every few seconds") the user
  changes ``capture_rate`` in the sidebar (a ``rerun_script`` with that widget's
  new value) and the time until ``script_finished`` is recorded.

Users start spread over the first 3 s.  Each configuration runs ``--duration``
seconds (default 30, at most 60) and at most 20 users.  Everything is on loopback;
the client runs on the same machine and takes CPU from the server (the
"client CPU" column: its CPU time over wall time, 100 % = one core).  Figures are p50/p95 in seconds; "errors"
counts runs that ended with an exception element or did not finish in 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookies
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.Common_pb2 import UploadedFileInfo  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

MAX_USERS = 20
MAX_DURATION_S = 60.0
RUN_TIMEOUT_S = 60.0
WIDGET_KEY = "a__capture_rate"
UPLOAD_CUSTOMERS = 20_000


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


@dataclass
class Stats:
    first_load_s: list[float] = field(default_factory=list)
    upload_s: list[float] = field(default_factory=list)
    change_s: list[float] = field(default_factory=list)
    errors: int = 0


class User:
    """One simulated browser tab."""

    def __init__(self, base: str, stats: Stats, *, upload: Path | None, seed: int) -> None:
        self.base = base.rstrip("/")
        self.stats = stats
        self.upload = upload
        self.rng = random.Random(seed)
        self.cookies: dict[str, str] = {}
        self.ws = None
        self.session_id = ""
        self.widgets: dict[str, tuple[str, object]] = {}  # user key -> (widget id, element)
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""
        self.file_urls: asyncio.Future | None = None
        self.metrics: dict[str, str] = {}

    # -- transport ---------------------------------------------------------------------
    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _remember(self, headers) -> None:
        for raw in headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(raw)
            for k, morsel in jar.items():
                self.cookies[k] = morsel.value

    def _get_page(self) -> None:
        # The page, then the health check the browser makes before its websocket
        # (it sets the XSRF cookie that uploads need).
        for path in ("/", "/_stcore/health"):
            req = urllib.request.Request(self.base + path, headers={"Cookie": self._cookie_header()})
            with urllib.request.urlopen(req, timeout=30) as r:
                r.read()
                self._remember(r.headers)

    def _put_file(self, url: str, name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: text/csv\r\n\r\n"
        ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
        full = url if url.startswith("http") else self.base + url
        req = urllib.request.Request(
            full, data=body, method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.cookies.get("_streamlit_xsrf", ""),
                "Cookie": self._cookie_header(),
            },
        )
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()

    async def _send(self, msg: BackMsg) -> None:
        await self.ws.send(msg.SerializeToString())

    def _see(self, fwd: ForwardMsg) -> bool | None:
        """Record widgets/pages from one ForwardMsg; True when a run finished, False on error."""
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            self.session_id = fwd.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":
            for page in fwd.navigation.app_pages:
                self.pages[page.url_pathname] = page.page_script_hash
            self.page_hash = fwd.navigation.page_script_hash or self.page_hash
        elif kind == "file_urls_response" and self.file_urls is not None and not self.file_urls.done():
            self.file_urls.set_result(fwd.file_urls_response)
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            el = fwd.delta.new_element
            etype = el.WhichOneof("type")
            if etype == "exception":
                return False
            if etype == "metric":
                self.metrics[el.metric.label] = el.metric.body
            sub = getattr(el, etype, None)
            wid = getattr(sub, "id", "") if sub is not None else ""
            if isinstance(wid, str) and wid:
                if etype == "file_uploader":
                    self.widgets["file_uploader"] = (wid, sub)
                elif wid.endswith(WIDGET_KEY):
                    self.widgets[WIDGET_KEY] = (wid, sub)
        elif kind == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                return True
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                return False
        return None

    async def _until_finished(self) -> bool:
        ok = True
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            seen = self._see(fwd)
            if seen is False:
                ok = False
            elif seen is True:
                return ok

    async def _rerun(self, *, page_name: str = "", widget=None) -> bool:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = "lang=de"
        cs.page_name = page_name
        cs.page_script_hash = self.pages.get(page_name, "")
        if widget is not None:
            cs.widget_states.widgets.append(widget)
        await self._send(msg)
        return await self._until_finished()

    # -- the user ----------------------------------------------------------------------
    async def run(self, stop_at: float, start_delay: float) -> None:
        await asyncio.sleep(start_delay)
        try:
            t0 = time.perf_counter()
            await asyncio.to_thread(self._get_page)
            self.ws = await connect(
                self.base.replace("http", "ws", 1) + "/_stcore/stream",
                subprotocols=["streamlit"], additional_headers={"Cookie": self._cookie_header()},
                max_size=None, compression=None, ping_interval=None, proxy=None,
            )
            ok = await self._rerun()
            self.stats.first_load_s.append(time.perf_counter() - t0)
            if not ok:
                self.stats.errors += 1
            if self.upload is not None:
                await self._upload()
            value = 3.0
            while time.monotonic() < stop_at:
                await asyncio.sleep(self.rng.uniform(2.0, 5.0))
                if time.monotonic() >= stop_at:
                    break
                wid = self.widgets.get(WIDGET_KEY)
                if wid is None:
                    self.stats.errors += 1
                    return
                value = 3.0 + (value - 2.5) % 5.0  # 3.5, 4.0 ... 7.5, 3.0 ...
                state = WidgetState(id=wid[0], double_value=value)
                t1 = time.perf_counter()
                ok = await self._rerun(widget=state)
                self.stats.change_s.append(time.perf_counter() - t1)
                if not ok:
                    self.stats.errors += 1
        except (TimeoutError, OSError, Exception) as exc:  # noqa: BLE001 - a benchmark counts failures
            self.stats.errors += 1
            print(f"  user error: {type(exc).__name__}: {exc}", file=sys.stderr)
        finally:
            if self.ws is not None:
                await self.ws.close()

    async def _upload(self) -> None:
        t0 = time.perf_counter()
        if not await self._rerun(page_name="data"):
            self.stats.errors += 1
        uploader = self.widgets.get("file_uploader")
        if uploader is None:
            raise RuntimeError("no file uploader on the data page")
        name = self.upload.name
        data = self.upload.read_bytes()
        self.file_urls = asyncio.get_running_loop().create_future()
        req = BackMsg()
        req.file_urls_request.request_id = uuid.uuid4().hex
        req.file_urls_request.session_id = self.session_id
        req.file_urls_request.file_names.append(name)
        await self._send(req)
        # read messages until the response arrives
        while not self.file_urls.done():
            raw = await asyncio.wait_for(self.ws.recv(), timeout=RUN_TIMEOUT_S)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            self._see(fwd)
        urls = self.file_urls.result().file_urls[0]
        await asyncio.to_thread(self._put_file, urls.upload_url, name, data)
        state = WidgetState(id=uploader[0])
        state.file_uploader_state_value.uploaded_file_info.append(
            UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id, file_urls=urls)
        )
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = "lang=de"
        cs.page_name = "data"
        cs.page_script_hash = self.pages.get("data", "")
        cs.widget_states.widgets.append(state)
        await self._send(msg)
        self.metrics.clear()
        ok = await self._until_finished()
        customers = self.metrics.get("Kunden", "").replace(".", "").replace("\u00a0", "")
        if customers != str(UPLOAD_CUSTOMERS):
            raise RuntimeError(f"the upload did not take: 'Kunden' shows {customers!r}")
        ok = await self._rerun(page_name="") and ok  # back to the overview
        self.stats.upload_s.append(time.perf_counter() - t0)
        if not ok:
            self.stats.errors += 1


async def _run(base: str, users: int, duration: float, uploads: list[Path] | None) -> Stats:
    stats = Stats()
    stop_at = time.monotonic() + duration
    tasks = [
        User(base, stats, upload=uploads[i] if uploads else None, seed=i).run(stop_at, start_delay=3.0 * i / max(users, 1))
        for i in range(users)
    ]
    await asyncio.gather(*tasks)
    return stats


# ----------------------------------------------------------------------------- servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


class Server:
    """One ``streamlit run`` process, or deploy/serve.py with N processes behind nginx."""

    def __init__(self, processes: int | None, env: dict[str, str] | None = None) -> None:
        self.processes = processes
        self.port = _free_port()
        if processes is None:
            cmd = [
                sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                "--server.address", "127.0.0.1", "--server.port", str(self.port),
                "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
                "--global.developmentMode", "false",
            ]
        else:
            first = _free_port()
            while first + processes > 65535:
                first = _free_port()
            cmd = [sys.executable, str(ROOT / "deploy" / "serve.py"), "--processes", str(processes),
                   "--port", str(self.port), "--first-port", str(first)]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, **(env or {})}, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120
        while not _healthy(self.url):
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start: {' '.join(cmd)}")
            time.sleep(0.3)

    def rss_mb(self) -> float:
        """Resident memory of the server's process tree (Streamlit and nginx), in MB."""
        parent: dict[int, int] = {}
        rss_kb: dict[int, int] = {}
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                info = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                pid = int(status.parent.name)
                parent[pid] = int(info["PPid"])
                rss_kb[pid] = int(info.get("VmRSS", "0 kB").split()[0])
            except (OSError, ValueError, KeyError):
                continue
        tree, grew = {self.proc.pid}, True
        while grew:
            more = {pid for pid, pp in parent.items() if pp in tree} - tree
            tree |= more
            grew = bool(more)
        return sum(rss_kb.get(pid, 0) for pid in tree) / 1024

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Load benchmark: simulated workshop users.")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--targets", nargs="+", default=["single", "proxy"], choices=["single", "proxy"])
    parser.add_argument("--processes", type=int, default=2, help="processes behind the proxy (default 2)")
    parser.add_argument("--uploads", nargs="+", default=["no", "yes"], choices=["no", "yes"])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per configuration (max 60)")
    parser.add_argument("--url", default=None, help="use a running server instead of starting one")
    parser.add_argument("--env", nargs="*", default=[], metavar="NAME=VALUE",
                        help="environment for the started servers, e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=false")
    args = parser.parse_args(argv)
    if any(not 1 <= u <= MAX_USERS for u in args.users):
        parser.error(f"--users must be between 1 and {MAX_USERS}")
    duration = min(args.duration, MAX_DURATION_S)
    server_env = dict(item.split("=", 1) for item in args.env)

    from bench_app import synthetic_csv

    with tempfile.TemporaryDirectory() as tmp:
        files = [synthetic_csv(UPLOAD_CUSTOMERS, Path(tmp) / f"kunden_{i:02d}.csv", seed=100 + i)
                 for i in range(max(args.users))] if "yes" in args.uploads else []
        print(f"{os.cpu_count()} CPUs; {duration:.0f} s per configuration; change every 2-5 s per user"
              f"; load average before: {os.getloadavg()[0]:.1f}" + (f"; env {server_env}" if server_env else ""))
        print(f"{'target':<12} {'upload':<7} {'users':>5} {'first p50':>9} {'first p95':>9} "
              f"{'upload p50':>10} {'change p50':>10} {'change p95':>10} {'changes':>7} {'errors':>6} {'RSS MB':>7} "
              f"{'client CPU':>10}")
        for target in (["url"] if args.url else args.targets):
            for upload in args.uploads:
                for users in args.users:
                    server = None
                    rss = None
                    if args.url:
                        base, label = args.url, "given"
                    else:
                        server = Server(None if target == "single" else args.processes, server_env)
                        base = server.url
                        label = "1 process" if target == "single" else f"{args.processes} + nginx"
                    try:
                        # warm the server (imports, sample data cache) like a host that has run a while
                        asyncio.run(_run(base, 1, 0.0, None))
                        cpu0, wall0 = time.process_time(), time.perf_counter()
                        stats = asyncio.run(_run(base, users, duration, files[:users] if upload == "yes" else None))
                        client_cpu = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
                        rss = server.rss_mb() if server is not None else None
                    finally:
                        if server is not None:
                            server.stop()
                    print(
                        f"{label:<12} {upload:<7} {users:>5} {_fmt(_quantile(stats.first_load_s, 0.5)):>9} "
                        f"{_fmt(_quantile(stats.first_load_s, 0.95)):>9} {_fmt(_quantile(stats.upload_s, 0.5)):>10} "
                        f"{_fmt(_quantile(stats.change_s, 0.5)):>10} {_fmt(_quantile(stats.change_s, 0.95)):>10} "
                        f"{len(stats.change_s):>7} {stats.errors:>6} {'-' if rss is None else f'{rss:.0f}':>7} "
                        f"{client_cpu:>9.0%}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
