"""Browser test of the Levers page: a transaction log uploaded, the small-order policy chosen on the page, and the
NPV on the overview moves to calc's figure for that policy (the page's choice is the sidebar's assumption, in
the URL); the measured churn taken in one click lands in the URL as a typed value would."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser_helpers import ROOT, screenshot, wait_idle
from playwright.sync_api import expect

from calc import Assumptions, compute
from calc.readers import read_data
from ui import fmt

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
LOG = ROOT / "sample_data" / "transaktionen.csv"
NPV_LABEL = "Kapitalwert (intern)"


def metric_value(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)
    ).first
    return box.locator("[data-testid='stMetricValue']").inner_text().replace(NBSP, " ").strip()


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def npv_text(**changes) -> str:
    read = read_data(LOG.read_bytes(), filename=LOG.name)
    npv = compute(read.customers, Assumptions(**changes), orders=read.orders).internal.npv_eur
    return fmt.money_compact(npv, "de").replace(NBSP, " ")


def go(page, label: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=label).first.click()
    wait_idle(page)


def test_policy_on_the_levers_page_moves_the_overview_npv(app_url, new_page):
    before, after = npv_text(), npv_text(small_order_policy="surcharge")
    assert before != after  # the log has small orders: the surcharge changes the NPV

    page = new_page()
    page.goto(f"{app_url}/data?lang=de")
    wait_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(LOG))
    page.get_by_text("„transaktionen.csv“ wurde gelesen").wait_for(timeout=60_000)
    wait_idle(page)

    go(page, "Überblick")
    expect(page.locator("[data-testid='stMetricValue']").first).to_have_text(before.replace(" ", NBSP),
                                                                               timeout=30_000)
    assert metric_value(page, NPV_LABEL) == before

    go(page, "Hebel")
    assert page.locator("[data-testid='stException']").count() == 0
    main = page.locator("[data-testid='stMain']")
    main.locator("[data-testid='stRadio']").get_by_text("Mindermengenzuschlag", exact=True).click()
    wait_idle(page)
    assert query(page).get("small_order_policy") == "surcharge"
    # the sidebar's select box (in its group) shows the page's choice
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Hebel: Kosten je Kunde", exact=False).first.click()
    expect(sidebar.get_by_role("combobox", name="Kleinauftragsregel")).to_have_value("Mindermengenzuschlag",
                                                                                   timeout=10_000)
    page.wait_for_timeout(700)  # charts finish drawing
    screenshot(page, "de_levers")

    go(page, "Überblick")
    expect(page.locator("[data-testid='stMetricValue']").first).to_have_text(after.replace(" ", NBSP),
                                                                               timeout=30_000)
    assert metric_value(page, NPV_LABEL) == after
    assert query(page).get("small_order_policy") == "surcharge"


def test_measured_churn_goes_into_the_url(app_url, new_page):
    sample = compute(read_data(ROOT / "sample_data" / "kunden.csv").customers, Assumptions())
    measured = round(sample.levers.history.churn_small, 4)
    page = new_page()
    page.goto(f"{app_url}/levers?lang=de")
    wait_idle(page)
    page.get_by_role("button", name="Gemessenen Wert").click()
    wait_idle(page)
    assert float(query(page).get("churn_baseline")) == measured
    expect(page.locator("[data-testid='stSidebar']").get_by_text("aus den Daten gemessen")).to_have_count(1)
