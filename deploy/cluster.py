"""Serve the app from N Streamlit processes behind nginx (sticky sessions, websockets).

Run from the project root::

    python deploy/cluster.py                          # 2 processes, http://127.0.0.1:8080
    python deploy/cluster.py --processes 4 --port 8080 --first-port 8601

What it does:

1. starts N ``streamlit run serve.py`` processes on 127.0.0.1:first-port ... (headless,
   no file watcher, one shared ``server.cookieSecret``), with the project's
   ``.streamlit/config.toml`` (XSRF, upload limit, no tracebacks);
2. waits until every process answers ``/_stcore/health``, then runs the app once in
   each (a protocol-level session, no browser), so the first visitor of a process
   does not wait for its imports (``--no-warm`` skips this);
3. copies Streamlit's scripts, styles and fonts to a temporary directory with a gzip twin
   beside each, which nginx serves itself (``gzip_static``; removed at the end); writes
   ``deploy/nginx.conf.template`` filled in to a run directory (default: a new temporary
   directory) and runs ``nginx -c <that file>`` in the foreground, with
   ``client_max_body_size`` read from ``server.maxUploadSize``;
4. prints ``ready http://127.0.0.1:PORT`` and keeps running until Ctrl-C or SIGTERM,
   or until any of its processes ends; then it stops all of them.

Everything binds to 127.0.0.1 (``--host 0.0.0.0`` only for nginx inside a
container, see the Dockerfile; the Streamlit processes stay on 127.0.0.1).  For a
public host put TLS in front (nginx with a certificate, or a tunnel) and run this
under systemd (``Restart=always``), which restarts the whole set if one process dies.

Environment: ``STREAMLIT_SERVER_COOKIE_SECRET`` if set is used by all processes
(else a random one per start); ``NGINX`` names the nginx binary (default: ``nginx``
on PATH, else /usr/sbin/nginx).
"""

from __future__ import annotations

import argparse
import gzip
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"

__all__ = ["find_nginx", "max_upload_mb", "prepare_static", "render_config", "warm", "main"]


def find_nginx() -> str | None:
    """Path of the nginx binary, or None."""
    explicit = os.environ.get("NGINX")
    if explicit:
        return explicit if Path(explicit).exists() else None
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


def max_upload_mb(config: Path = ROOT / ".streamlit" / "config.toml") -> int:
    """Streamlit's ``server.maxUploadSize`` in MB (Streamlit's default 200 if unset)."""
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 200
    return int(data.get("server", {}).get("maxUploadSize", 200))


#: the kinds of Streamlit's static files that get a compressed twin (woff2 and png are compressed already)
COMPRESSIBLE = frozenset({".js", ".css", ".json", ".svg", ".ttf", ".html", ".txt", ".map", ".wasm"})


def streamlit_static_dir() -> Path:
    """The directory of the installed Streamlit's scripts, styles and fonts (served at ``/static/``)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static" / "static"


def prepare_static(*, source: Path | None = None) -> Path:
    """Copy Streamlit's static files to a new directory in the system's temporary directory and write a
    ``.gz`` twin (gzip level 9) beside each compressible one of 1 KB or more, for nginx's ``gzip_static``;
    return that directory (the caller removes it).  Not in the run directory: nginx's workers (user nobody
    when started as root) must read these files, and a run directory may sit below a private one."""
    dest = Path(tempfile.mkdtemp(prefix="smart-accounts-static-")) / "static"
    try:
        shutil.copytree(source or streamlit_static_dir(), dest)
        for path in dest.rglob("*"):
            if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
                data = path.read_bytes()
                path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        for path in [dest.parent, dest, *dest.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    except BaseException:
        shutil.rmtree(dest.parent, ignore_errors=True)
        raise
    return dest


def render_config(
    *, listen_port: int, backend_ports: list[int], run_dir: Path, max_body_mb: int, listen_host: str = "127.0.0.1",
    static_dir: Path | None = None,
) -> str:
    """The nginx configuration for these ports (the template with its placeholders filled); ``static_dir``
    holds Streamlit's static files (:func:`prepare_static`; default: the installed package's, uncompressed)."""
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in backend_ports
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {
        "@@RUN_DIR@@": str(run_dir),
        "@@STATIC_DIR@@": str(static_dir or streamlit_static_dir()),
        "@@SERVERS@@": servers,
        "@@LISTEN@@": f"{listen_host}:{listen_port}",
        "@@MAX_BODY_MB@@": str(max_body_mb),
    }.items():
        text = text.replace(key, value)
    return text


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def warm(port: int, *, timeout_s: float = 60.0) -> bool:
    """Run the app once in a process, as a first visitor would, so that the first real
    visitor does not pay for the imports and the sample data (the script's first run
    in a fresh process takes seconds; later runs take a fraction of a second).

    Opens the websocket ``/_stcore/stream`` directly on the process, sends one
    ``rerun_script`` and waits for the last ``script_finished`` (a run that ends early for a rerun is
    followed by that rerun).  Returns False on failure
    (the process still serves; its first visitor is just slower).
    """
    import asyncio

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    async def run() -> bool:
        async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                           max_size=None, compression=None, proxy=None) as ws:
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            await ws.send(msg.SerializeToString())
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await ws.recv())
                if fwd.WhichOneof("type") == "script_finished":
                    if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # wait for the rerun it asked for
                    return fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY

    try:
        return asyncio.run(asyncio.wait_for(run(), timeout_s))
    except (OSError, TimeoutError, ValueError):
        return False


def _stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.time() + 10
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2, help="Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1 (default 8080)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address nginx listens on (default 127.0.0.1; 0.0.0.0 only inside a container)")
    parser.add_argument("--first-port", type=int, default=8601, help="port of the first Streamlit process")
    parser.add_argument("--run-dir", type=Path, default=None, help="nginx config, logs and temp files")
    parser.add_argument("--app", default="serve.py", help="the app script (default serve.py: app.py with the redirect of mistyped deep links)")
    parser.add_argument("--no-warm", action="store_true",
                        help="do not run the app once in each process before nginx starts")
    parser.add_argument("--log-dir", type=Path, default=None, help="Streamlit logs (default: the run dir)")
    args = parser.parse_args(argv)
    if not 1 <= args.processes <= 32:
        parser.error("--processes must be between 1 and 32")

    nginx = find_nginx()
    if nginx is None:
        print("nginx not found: apt-get install nginx-light (or set NGINX=/path/to/nginx)", file=sys.stderr)
        return 2
    run_dir = (args.run_dir or Path(tempfile.mkdtemp(prefix="smart-accounts-nginx-"))).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)  # nginx workers (user nobody when started as root) need to reach their temp dirs
    log_dir = (args.log_dir or run_dir).resolve()
    log_dir.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ)
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_urlsafe(32))
    ports = [args.first_port + i for i in range(args.processes)]
    procs: list[subprocess.Popen] = []
    static_dir: Path | None = None

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        for i, port in enumerate(ports):
            log = open(log_dir / f"streamlit-{i + 1}.log", "w")  # noqa: SIM115 (kept open for the child)
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable, "-m", "streamlit", "run", args.app,
                        "--server.headless", "true", "--server.address", "127.0.0.1",
                        "--server.port", str(port), "--server.fileWatcherType", "none",
                        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
                    ],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                )
            )
        static_dir = prepare_static()  # while the processes start
        deadline = time.time() + 90
        waiting = set(ports)
        while waiting:
            waiting = {p for p in waiting if not _healthy(p)}
            if any(p.poll() is not None for p in procs):
                print(f"a Streamlit process ended during start-up; see {log_dir}", file=sys.stderr)
                return 1
            if waiting and time.time() > deadline:
                print(f"Streamlit processes on ports {sorted(waiting)} did not become healthy", file=sys.stderr)
                return 1
            time.sleep(0.3)

        if not args.no_warm:
            for port in ports:
                if not warm(port):
                    print(f"warning: warming the process on port {port} failed; see {log_dir}", file=sys.stderr)

        conf = run_dir / "nginx.conf"
        conf.write_text(
            render_config(listen_port=args.port, backend_ports=ports, run_dir=run_dir,
                          max_body_mb=max_upload_mb(), listen_host=args.host, static_dir=static_dir),
            encoding="utf-8",
        )
        check = subprocess.run([nginx, "-t", "-q", "-p", str(run_dir), "-c", str(conf), "-e", str(run_dir / "error.log")],
                               capture_output=True, text=True)
        if check.returncode != 0:
            print(check.stderr, file=sys.stderr)
            return 1
        procs.append(
            subprocess.Popen([nginx, "-p", str(run_dir), "-c", str(conf), "-e", str(run_dir / "error.log")],
                             start_new_session=True)
        )
        deadline = time.time() + 20
        while not _healthy(args.port):
            if procs[-1].poll() is not None or time.time() > deadline:
                print(f"nginx did not start; see {run_dir / 'error.log'}", file=sys.stderr)
                return 1
            time.sleep(0.2)
        print(f"ready http://127.0.0.1:{args.port} ({args.processes} processes, run dir {run_dir})", flush=True)
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        print("a process ended; stopping all", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(procs)
        if static_dir is not None:
            shutil.rmtree(static_dir.parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
