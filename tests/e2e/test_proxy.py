"""Two Streamlit processes behind nginx (deploy/cluster.py), driven by a browser.

Proves the hosting recipe of the README: the page, the websocket and an upload all
go through the proxy; each browser sticks to one process (nginx's ``stroute``
cookie); two browsers on different processes both work; a share link made on one
process gives the same figures on the other; the proxy's upload limit equals
Streamlit's. Skipped when nginx or Chromium is missing (failed under REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from browser_helpers import ROOT, share_link, wait_idle
from test_browser import GERMAN_CSV, NBSP, VISITS_LABEL, assert_no_exception, metric_value, npv_text, query

sys.path.insert(0, str(ROOT / "deploy"))
from cluster import find_nginx, max_upload_mb, prepare_static, render_config, streamlit_static_dir  # noqa: E402

from calc.readers import read_data  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    return read_data(ROOT / "sample_data" / "kunden.csv").customers


def _free_ports(n: int) -> list[int]:
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """deploy/cluster.py with 2 processes; yields (url, run_dir, backend ports)."""
    if find_nginx() is None:
        pytest.skip("the proxy test needs nginx (apt-get install nginx-light), which is not installed")
    port, first = _free_ports(1)[0], None
    # two consecutive free ports for the Streamlit processes
    for _ in range(50):
        candidate = _free_ports(1)[0]
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate + 1))
            except OSError:
                continue
        if port not in (candidate, candidate + 1):
            first = candidate
            break
    assert first is not None
    run_dir = tmp_path_factory.mktemp("nginx")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "cluster.py"), "--processes", "2", "--port", str(port),
         "--first-port", str(first), "--run-dir", str(run_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        deadline = time.time() + 120
        line, before = "", []
        while not line.startswith("ready"):
            line = proc.stdout.readline()
            before.append(line)
            if (not line and proc.poll() is not None) or time.time() > deadline:
                raise RuntimeError(f"deploy/cluster.py did not start: {line}{proc.stdout.read() if proc.poll() is not None else ''}")
        # cluster.py ran the app once in each process before nginx started
        assert not [x for x in before if x.startswith("warning")], before
        yield f"http://127.0.0.1:{port}", run_dir, [first, first + 1]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def upstream_of(url: str, run_dir, cookie: str) -> int:
    """Which backend port nginx sends a browser with this ``stroute`` cookie to."""
    probe = f"/probe-{cookie}"
    req = urllib.request.Request(url + probe, headers={"Cookie": f"stroute={cookie}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()
    for _ in range(50):
        for line in (run_dir / "access.log").read_text().splitlines():
            if f" {probe}\"" in line:
                return int(re.search(r"upstream=127\.0\.0\.1:(\d+)", line).group(1))
        time.sleep(0.1)
    raise AssertionError(f"{probe} not in the access log")


def routes_to_each_backend(url, run_dir, ports) -> dict[int, str]:
    """A cookie value for every backend port."""
    found: dict[int, str] = {}
    for i in range(64):
        cookie = f"test{i:02d}"
        found.setdefault(upstream_of(url, run_dir, cookie), cookie)
        if len(found) == len(ports):
            return found
    raise AssertionError(f"cookies reach only {sorted(found)}")


def open_on(new_page, url: str, cookie: str | None, locale: str = "de-DE"):
    page = new_page(locale=locale)
    if cookie:
        page.context.add_cookies([{"name": "stroute", "value": cookie, "url": url}])
    return page


class TestConfig:
    def test_upload_limit_equals_streamlits(self, tmp_path):
        # Streamlit's own reading of .streamlit/config.toml, in a fresh interpreter.
        code = "from streamlit import config; print(config.get_option('server.maxUploadSize'))"
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        streamlit_mb = int(out.stdout.strip().splitlines()[-1])
        assert max_upload_mb() == streamlit_mb
        text = render_config(listen_port=8080, backend_ports=[8601, 8602], run_dir=tmp_path, max_body_mb=max_upload_mb())
        assert f"client_max_body_size {streamlit_mb}m;" in text
        assert text.count("server 127.0.0.1:86") == 2 and "listen 127.0.0.1:8080;" in text
        assert not re.search(r"@@[A-Z_]+@@", text)

    def test_static_files_get_a_compressed_twin_equal_to_the_original(self, tmp_path):
        source = tmp_path / "src"
        (source / "js").mkdir(parents=True)
        (source / "js" / "big.js").write_text("export const x = 1;\n" * 200)
        (source / "js" / "tiny.js").write_text("x")  # under 1 KB: no twin
        (source / "font.woff2").write_bytes(os.urandom(4096))  # compressed already: no twin
        static = prepare_static(source=source)
        try:
            assert gzip.decompress((static / "js" / "big.js.gz").read_bytes()) == (source / "js" / "big.js").read_bytes()
            assert not (static / "js" / "tiny.js.gz").exists() and not (static / "font.woff2.gz").exists()
            assert oct((static / "js" / "big.js").stat().st_mode & 0o777) == "0o644"  # nginx's workers read it
        finally:
            shutil.rmtree(static.parent)

    def test_health_check_through_the_proxy(self, proxy):
        url, _, _ = proxy
        with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
            assert r.read().strip() == b"ok"

    def test_nginx_sets_a_random_route_cookie_once(self, proxy):
        url, _, _ = proxy
        with urllib.request.urlopen(url + "/", timeout=10) as r:
            cookie = r.headers["Set-Cookie"]
        assert re.fullmatch(r"stroute=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", cookie)
        req = urllib.request.Request(url + "/", headers={"Cookie": "stroute=abc"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.headers["Set-Cookie"] is None

    def test_streamlits_scripts_come_compressed_from_disk_not_from_the_processes(self, proxy):
        url, run_dir, _ = proxy
        with urllib.request.urlopen(url + "/", timeout=10) as r:
            page = r.read().decode()
        script = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', page).group(1)
        original = (streamlit_static_dir() / script.removeprefix("static/")).read_bytes()
        req = urllib.request.Request(f"{url}/{script}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.headers["Content-Encoding"] == "gzip"
            assert r.headers["Content-Type"] == "application/javascript"  # a module script needs a JS type
            assert "max-age=" in r.headers["Cache-Control"]
            body = r.read()
        assert len(body) < len(original) / 2 and gzip.decompress(body) == original
        with urllib.request.urlopen(f"{url}/{script}", timeout=10) as r:  # a client without gzip
            assert r.headers["Content-Encoding"] is None and r.read() == original
        time.sleep(0.3)
        lines = [x for x in (run_dir / "access.log").read_text().splitlines() if f" /{script}\"" in x]
        assert len(lines) == 2 and all("upstream=-" in x for x in lines), lines

    def test_query_strings_stay_out_of_the_access_log(self, proxy):
        url, run_dir, _ = proxy
        with urllib.request.urlopen(url + "/?case=SECRETCASEID1234567890xyz", timeout=10) as r:
            r.read()
        time.sleep(0.3)
        assert "SECRETCASEID" not in (run_dir / "access.log").read_text()


def test_browsers_on_two_processes(proxy, new_page, sample, tmp_path):
    url, run_dir, ports = proxy
    routes = routes_to_each_backend(url, run_dir, ports)
    expected = npv_text(sample, visits_per_customer_year=6.0)

    # Browser A on process 1: change an assumption through the websocket.
    a = open_on(new_page, url, routes[ports[0]])
    a.goto(url)
    wait_idle(a)
    assert_no_exception(a)
    box = a.get_by_role("textbox", name=VISITS_LABEL, exact=True)
    box.fill("6")
    box.press("Enter")
    wait_idle(a)
    assert metric_value(a, "Kapitalwert (intern)") == expected
    assert query(a).get("visits_per_customer_year") == "6"

    # Browser B on process 2: upload a file (the upload request must reach the
    # process that holds B's session), then open A's share link there.
    b = open_on(new_page, url, routes[ports[1]])
    b.goto(f"{url}/data")
    wait_idle(b)
    file = tmp_path / "kunden_proxy.csv"
    file.write_bytes(GERMAN_CSV)
    b.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(file))
    b.get_by_text("„kunden_proxy.csv“ wurde gelesen").wait_for(timeout=30_000)
    wait_idle(b)
    assert_no_exception(b)
    assert metric_value(b, "Kunden") == "5"

    link = share_link(a)
    assert link.startswith(url) and "visits_per_customer_year=6" in link
    c = open_on(new_page, url, routes[ports[1]])
    c.goto(link)
    wait_idle(c)
    assert_no_exception(c)
    assert metric_value(c, "Kapitalwert (intern)") == expected

    # The log shows both processes served websockets, and B's upload went to B's process.
    # nginx logs a websocket when it closes.
    for page in (a, b, c):
        page.close()
    log = ""
    for _ in range(50):
        log = (run_dir / "access.log").read_text()
        if log.count("/_stcore/stream") >= 3:
            break
        time.sleep(0.2)
    streams = set(re.findall(r'"GET /_stcore/stream" 101 .* upstream=127\.0\.0\.1:(\d+)', log))
    assert streams == {str(p) for p in ports}
    uploads = re.findall(r'"(?:PUT|POST) /_stcore/upload_file/\S*" 20\d .* upstream=127\.0\.0\.1:(\d+)', log)
    assert uploads and set(uploads) == {str(ports[1])}


def test_fresh_browser_gets_a_cookie_and_stays(proxy, new_page, sample):
    """A browser without a cookie: nginx sets one, and every later request (the
    websocket, a rerun, a navigation) goes to the same process."""
    url, run_dir, ports = proxy
    page = open_on(new_page, url, None)
    page.goto(f"{url}/segments?lang=de&capture_rate=0.05")
    wait_idle(page)
    assert_no_exception(page)
    cookies = {c["name"]: c["value"] for c in page.context.cookies(url)}
    assert re.fullmatch(r"[0-9a-f]{32}", cookies["stroute"])
    port = upstream_of(url, run_dir, cookies["stroute"])
    assert port in ports
    page.locator("[data-testid='stSidebarNav'] a", has_text="Business Case").click()
    wait_idle(page)
    expected = npv_text(sample, capture_rate=0.05)
    assert metric_value(page, "Kapitalwert") == expected.replace(NBSP, " ")
