"""The board report printed to PDF by Chromium: one A4 page plus one appendix page (issue 11.5)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from calc.assumptions import Assumptions
from calc.model import compute
from calc.readers import read_data
from calc.report import html_report, risk_summary

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def _print(tmp_path, page: str) -> bytes:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    html = tmp_path / "report.html"
    html.write_text(page, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
                   check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    return pdf.read_bytes()


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("case", ["sample", "no_go"])
def test_one_page_plus_appendix(tmp_path, lang, case):
    path = ROOT / "sample_data" / "kunden.csv"
    customers = read_data(path).customers
    a = Assumptions() if case == "sample" else Assumptions(inside_rep_annual_cost=400_000.0,
                                                           external_cost_per_rep=400_000.0)
    risk = risk_summary(customers, a, draws=2000, seed=0)
    page = html_report(compute(customers, a), lang=lang, data_label="kunden.csv", risk=risk)
    assert ("No-" in page) is (case == "no_go")
    assert _pages(_print(tmp_path, page)) == 2


@pytest.mark.parametrize("lang", ["de", "en"])
def test_levers_of_a_transaction_log_still_two_pages(tmp_path, lang):
    """A log with order values and a lever scenario: the levers page holds every lever line and fact."""
    from test_report import tracked

    read = read_data(ROOT / "sample_data" / "transaktionen.csv")
    a = Assumptions(small_order_policy="surcharge", digital_share=0.3)
    risk = risk_summary(read.customers, a, draws=2000, seed=0, orders=read.orders)
    result = compute(read.customers, a, orders=read.orders)
    page = html_report(result, lang=lang, data_label="transaktionen.csv", risk=risk, tracking=tracked())
    assert page.count("<li>") >= 3 and result.levers.small_order_effect_eur != 0
    assert _pages(_print(tmp_path, page)) == 2


def test_with_plan_against_actual_still_two_pages(tmp_path):
    from test_report import tracked

    path = ROOT / "sample_data" / "kunden.csv"
    customers = read_data(path).customers
    risk = risk_summary(customers, Assumptions(), draws=2000, seed=0)
    page = html_report(compute(customers, Assumptions()), lang="de", data_label="kunden.csv", risk=risk,
                       tracking=tracked())
    assert _pages(_print(tmp_path, page)) == 2
