"""Helpers shared by the browser tests (a Streamlit server, waiting for a run, screenshots)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, *, args: Sequence[str] = (), env: Mapping[str, str] | None = None,
              log=subprocess.DEVNULL, timeout_s: float = 60) -> subprocess.Popen:
    """``streamlit run app.py`` on 127.0.0.1:``port`` (own process group); returns once it is healthy.

    ``env`` is added to this process's environment.  Raises RuntimeError (after stopping the
    server) if it exits or is not healthy within ``timeout_s``.
    """
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--global.developmentMode", "false", *args,
        ],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    deadline = time.time() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            stop_app(proc)
            raise RuntimeError("streamlit server did not become healthy")
        time.sleep(0.2)


def stop_app(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a server of :func:`start_app` (its whole process group), killing it if it lingers."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the app finished its run."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_timeout(400)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


def screenshot(page, name: str, height: int = 2600) -> Path:
    """Save a screenshot of the whole app: the viewport is made tall for the shot,
    because the app scrolls inside its own container."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    if height and size:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    if height and size:
        page.set_viewport_size(size)
        page.wait_for_timeout(300)
    return path


def open_link_popover(page):
    """Open the sidebar's "link" popover (the share link, what it carries, "share with data"); return its body."""
    page.locator("[data-testid='stSidebar'] [data-testid='stPopover'] button").first.click()
    return page.locator("[data-testid='stPopoverBody']")


def share_link(page) -> str:
    """The scenario's share link as a person copies it: open the sidebar's "link" popover, read the code
    block, close the popover again."""
    code = open_link_popover(page).locator("[data-testid='stCode']").first
    code.wait_for(state="visible", timeout=10_000)
    link = code.inner_text().strip()
    page.keyboard.press("Escape")
    page.locator("[data-testid='stPopoverBody']").wait_for(state="hidden", timeout=10_000)
    return link
