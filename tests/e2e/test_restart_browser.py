"""A server restart in a real browser (issue 14 item 2): kill the server, start a new one on the
same port, let the pages reconnect, then click a page, change a field and reload.

The test runs its own server (the shared one of ``conftest.py`` must not be killed).  Two pages
are open when the server dies: one clicks a page in the navigation first, the other changes a
sidebar field first (the two first actions that lost the scenario before).
"""

from __future__ import annotations

import signal
from urllib.parse import parse_qs, urlparse

import pytest
from browser_helpers import free_port, start_app, stop_app, wait_idle

pytestmark = pytest.mark.browser

RATIO_LABEL = "Max. sales cost ratio (%)"
RESTART_NOTE = "The server was restarted."
NOW_IN_USE = "Now in use: sample data, 5,000 customers."


@pytest.fixture()
def server(browser):  # browser first: without Chromium the test is skipped before a server starts
    port = free_port()
    procs = [start_app(port)]

    def kill() -> None:
        stop_app(procs[-1], signal.SIGKILL)  # killed, as a crash or a redeploy would

    def start() -> None:
        procs.append(start_app(port))  # a new server process on the same port

    yield f"http://127.0.0.1:{port}", kill, start
    for proc in procs:
        stop_app(proc)


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _alerts(page) -> str:
    return "\n".join(page.locator("[data-testid='stAlert']").all_inner_texts())


def _metrics(page) -> list[str]:
    return page.locator("[data-testid='stMain'] [data-testid='stMetricValue']").all_inner_texts()


def _ratio(page):
    return page.get_by_role("textbox", name=RATIO_LABEL, exact=True)


def _enter(page, text: str) -> None:
    box = _ratio(page)
    box.wait_for(state="visible", timeout=90_000)  # a fresh server's first page can be slow on a loaded machine
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def _wait_disconnected(page) -> None:
    page.wait_for_function(
        "document.querySelector(\"[data-testid='stApp']\").dataset.testConnectionState !== 'CONNECTED'",
        timeout=20_000,
    )


def _click_page(page, title: str, *paths: str) -> None:
    """Click a page in the navigation; wait until the URL shows one of its ``paths`` and the run ended."""
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text=title).click()
    page.wait_for_url(lambda u: urlparse(u).path.rstrip("/") in paths, timeout=20_000)
    wait_idle(page)


def test_server_restart_keeps_the_scenario(server, new_page):
    url, kill, start = server
    nav_first, change_first = new_page(locale="en-US"), new_page(locale="en-US")
    for page in (nav_first, change_first):
        page.goto(f"{url}/?lang=en")
        wait_idle(page)
    _enter(change_first, "9")
    overview_9 = _metrics(change_first)  # the figures of each scenario, for comparing after the restart
    _enter(change_first, "7.5")
    overview_75 = _metrics(change_first)
    assert overview_75 and overview_9 and overview_75 != overview_9
    _enter(nav_first, "7.5")
    _click_page(nav_first, "Threshold & segments", "/segments")
    assert _query(nav_first).get("max_sales_cost_ratio") == ["0.075"]

    kill()
    _wait_disconnected(nav_first)
    _wait_disconnected(change_first)
    start()
    wait_idle(nav_first, timeout=45_000)  # reconnected to the new server
    wait_idle(change_first, timeout=45_000)

    # (b) a page click first: the navigation clears the URL, the scenario comes back anyway
    _click_page(nav_first, "Overview", "", "/overview")
    nav_first.get_by_text(RESTART_NOTE).wait_for(timeout=20_000)
    assert _query(nav_first).get("max_sales_cost_ratio") == ["0.075"]
    assert _ratio(nav_first).input_value() == "7.5%"
    assert _metrics(nav_first) == overview_75
    assert NOW_IN_USE in _alerts(nav_first)

    # (c) a sidebar change first: it is taken
    _enter(change_first, "9")
    change_first.get_by_text(RESTART_NOTE).wait_for(timeout=20_000)
    assert _query(change_first).get("max_sales_cost_ratio") == ["0.09"]
    assert _ratio(change_first).input_value() == "9%"
    assert _metrics(change_first) == overview_9

    # then a change after the page click, and a reload: the scenario stays, the notice is gone
    _enter(nav_first, "9")
    assert _query(nav_first).get("max_sales_cost_ratio") == ["0.09"]
    assert _metrics(nav_first) == overview_9
    nav_first.reload()
    wait_idle(nav_first)
    assert _query(nav_first).get("max_sales_cost_ratio") == ["0.09"]
    assert _ratio(nav_first).input_value() == "9%"
    assert _metrics(nav_first) == overview_9
    assert RESTART_NOTE not in _alerts(nav_first)
