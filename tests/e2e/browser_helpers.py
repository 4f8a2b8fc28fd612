"""Helpers shared by the browser tests (waiting for a run, screenshots)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


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
