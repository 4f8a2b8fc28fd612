"""Browser-test fixtures: a real ``streamlit run app.py`` server and headless Chromium.

The server runs on a free loopback port for the whole session and is killed at the
end.  Tests are skipped (with the reason) only if /usr/bin/chromium is missing.
"""

from __future__ import annotations

import subprocess

import pytest
from browser_helpers import CHROMIUM, ROOT, free_port, start_app, stop_app


@pytest.fixture(scope="session")
def case_store_dir(tmp_path_factory):
    """The server's case store (CASE_STORE_URL): tests put shared cases here."""
    return tmp_path_factory.mktemp("cases")


@pytest.fixture(scope="session")
def app_url(case_store_dir):
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Chromium at /usr/bin/chromium, which is not installed")
    port = free_port()
    log = open(ROOT / "artifacts" / "e2e_server.log", "w") if (ROOT / "artifacts").is_dir() else subprocess.DEVNULL
    proc = start_app(port, env={"CASE_STORE_URL": str(case_store_dir)}, log=log)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Chromium at /usr/bin/chromium, which is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            headless=True,
        )
        yield b
        b.close()


@pytest.fixture()
def new_page(browser):
    """Factory for pages in fresh browser contexts (German locale unless told otherwise)."""
    contexts = []

    def make(locale: str = "de-DE", viewport: tuple[int, int] = (1600, 1000), scale: float = 1.0):
        ctx = browser.new_context(locale=locale, viewport={"width": viewport[0], "height": viewport[1]},
                                  device_scale_factor=scale)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()
