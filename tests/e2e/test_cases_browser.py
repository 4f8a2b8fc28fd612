"""Browser test: a ``?case=`` link opens the shared data in a fresh browser, and a reload keeps it.

The case is put into the server's store (``case_store_dir``, the server's
CASE_STORE_URL) directly, as another server process sharing the store would.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser_helpers import open_link_popover, wait_idle
from playwright.sync_api import expect

from calc import Assumptions, compute
from calc.cases import CaseStore
from calc.readers import read_data
from ui import fmt

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
NPV = "Kapitalwert (intern)"
GERMAN_CSV = (
    "Kundennummer;Firma;Umsatz 2024;Umsatz 2025;Mitarbeiter;Besuche\r\n"
    "K1;Müller Elektro GmbH;1.200,50;2.000,00;2;1\r\n"
    "K2;Schäfer & Söhne;15.000,00;20.000,00;10;4\r\n"
    "K3;Weiß KG;3.000,00;0,00;3;0\r\n"
    "K4;Groß AG;500,00;900,00;12;2\r\n"
    "K5;Bäcker OHG;0,00;0,00;1;0\r\n"
).encode("cp1252")


def metric_value(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)
    ).first
    return box.locator("[data-testid='stMetricValue']").inner_text().replace(NBSP, " ").strip()


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def shared_case(case_store_dir):
    """The German test table with ``capture_rate=0.05``, stored as a case; with its internal NPV as shown in German."""
    customers = read_data(GERMAN_CSV, filename="kunden_test.csv").customers
    scenario = Assumptions(capture_rate=0.05)
    shared = CaseStore(case_store_dir).save(customers, scenario, name="kunden_test.csv")
    return shared, fmt.money(compute(customers, scenario).internal.npv_eur, "de").replace(NBSP, " ")


def test_a_case_link_opens_the_shared_figures_and_a_reload_keeps_them(app_url, new_page, case_store_dir):
    shared, expected = shared_case(case_store_dir)

    page = new_page()
    page.goto(f"{app_url}/?case={shared.case_id}&lang=de")
    wait_idle(page)
    expect(page.get_by_text("Geöffnet: der geteilte Fall")).to_have_count(1, timeout=30_000)
    assert metric_value(page, NPV) == expected
    url = query(page)
    assert url["case"] == shared.case_id
    assert url["capture_rate"] == "0.05"  # the case's scenario is in force and in the URL

    page.reload()
    wait_idle(page)
    expect(page.locator("[data-testid='stMetric']").first).to_be_visible(timeout=30_000)
    assert metric_value(page, NPV) == expected
    assert query(page)["case"] == shared.case_id
    main = page.locator("[data-testid='stMain']")
    assert main.get_by_text("Beispieldaten").count() == 0
    expect(main.get_by_text("Daten: kunden_test.csv · 5 Kunden")).to_have_count(1)


def test_share_with_data_in_the_link_popover_gives_a_link_that_opens_the_same_figures(app_url, new_page,
                                                                                       case_store_dir):
    first, expected = shared_case(case_store_dir)
    page = new_page()
    page.goto(f"{app_url}/?case={first.case_id}&lang=de")
    wait_idle(page)
    assert metric_value(page, NPV) == expected

    body = open_link_popover(page)
    expect(body.get_by_text("keine Kundendaten")).to_have_count(1, timeout=10_000)  # what the link carries
    body.get_by_role("button", name="Mit Daten teilen").click()
    wait_idle(page)
    if not body.is_visible():  # the popover may close with the rerun: a person opens it again
        open_link_popover(page)
    expect(body.get_by_text("Fall gespeichert")).to_have_count(1, timeout=10_000)
    codes = body.locator("[data-testid='stCode']")
    expect(codes).to_have_count(2)
    case_link = codes.nth(1).inner_text().strip()
    assert "case=" in case_link and first.case_id not in case_link

    other = new_page(locale="en-US")
    other.goto(case_link)
    wait_idle(other)
    expect(other.get_by_text("Geöffnet: der geteilte Fall")).to_have_count(1, timeout=30_000)
    assert metric_value(other, NPV) == expected


def test_an_unknown_case_link_says_so_and_shows_the_sample(app_url, new_page):
    page = new_page()
    page.goto(f"{app_url}/?case={'x' * 32}&lang=de")
    wait_idle(page)
    expect(page.get_by_text("lässt sich nicht öffnen")).to_have_count(1, timeout=30_000)
    assert "case" not in query(page)


@pytest.fixture(scope="module")
def gated_url(tmp_path_factory):
    """A second, fresh server with a shared password in its secrets (the first request is the gate)."""
    from browser_helpers import CHROMIUM, free_port, start_app, stop_app

    if not CHROMIUM.exists():
        pytest.skip("browser tests need Chromium at /usr/bin/chromium, which is not installed")
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text('[access]\npassword = "Kaffee42"\n', encoding="utf-8")
    port = free_port()
    proc = start_app(port, args=("--secrets.files", str(secrets)),
                     env={"CASE_STORE_URL": str(tmp_path_factory.mktemp("cases"))})
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(proc)


def test_the_password_gate_on_a_fresh_server_then_the_whole_frame(gated_url, new_page):
    """The first request of a fresh server is an inner page behind the password."""
    page = new_page()
    page.goto(f"{gated_url}/business_case?capture_rate=0.05&lang=de")
    wait_idle(page)
    expect(page.get_by_label("Passwort")).to_have_count(1, timeout=30_000)
    assert page.locator("[data-testid='stMetric']").count() == 0
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_text("Das Passwort ist falsch. Noch 4 Versuche.")).to_have_count(1, timeout=30_000)
    wait_idle(page)
    page.get_by_label("Passwort").fill("Kaffee42")
    page.get_by_role("button", name="Weiter").click()
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Sprache", exact=True)).to_have_count(1, timeout=30_000)  # the frame ran
    wait_idle(page)
    assert page.get_by_label("Passwort").count() == 0
    assert metric_value(page, "Kapitalwert") != ""
    page.reload()  # a new session: the gate again
    wait_idle(page)
    expect(page.get_by_label("Passwort")).to_have_count(1, timeout=30_000)
