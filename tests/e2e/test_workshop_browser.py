"""Browser tests of issue #10 (workshop-grade): figures that never truncate, German number entry."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser_helpers import screenshot, wait_idle

#: every element inside a metric whose text is wider than its box (cut off with an ellipsis)
CUT_OFF = """() => Array.from(document.querySelectorAll(
    "[data-testid='stMetricValue'], [data-testid='stMetricLabel']"))
  .flatMap(el => [el, ...el.querySelectorAll('*')])
  .filter(el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
  .map(el => el.innerText.trim())"""

SCREENS = {
    "laptop_1280x800": ((1280, 800), 1.0),
    # a projector's 1280 x 720 at 125 % zoom: 1024 x 576 CSS pixels
    "projector_1280x720_125": ((1024, 576), 1.25),
}


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("page_path", ["", "business_case"])
def test_no_figure_or_label_is_cut(app_url, new_page, screen, page_path):
    viewport, scale = SCREENS[screen]
    page = new_page(viewport=viewport, scale=scale)
    page.goto(f"{app_url}/{page_path}?lang=de")
    wait_idle(page)
    page.wait_for_timeout(700)
    assert page.locator("[data-testid='stSidebar']").is_visible()  # the sidebar is open
    metrics = page.locator("[data-testid='stMetricValue']")
    assert metrics.count() >= 4
    cut = page.evaluate(CUT_OFF)
    screenshot(page, f"fit_{screen}_{page_path or 'overview'}", height=0)
    assert cut == [], f"cut off at {screen}: {cut}"


def test_german_number_entry_in_the_browser(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/?lang=de")
    wait_idle(page)
    box = page.get_by_role("textbox", name="Max. Vertriebskostenquote (%)", exact=True)
    box.fill("7,5")
    box.press("Enter")
    wait_idle(page)
    assert box.input_value().replace("\u00a0", " ") == "7,5 %"
    assert parse_qs(urlparse(page.url).query).get("max_sales_cost_ratio") == ["0.075"]
    box.fill("7.5")  # English notation in a German session: refused, the old value stays
    box.press("Enter")
    wait_idle(page)
    assert page.locator("[data-testid='stSidebar'] [data-testid='stAlertContentError']").count() == 1
    assert box.input_value().replace("\u00a0", " ") == "7,5 %"
    assert parse_qs(urlparse(page.url).query).get("max_sales_cost_ratio") == ["0.075"]
