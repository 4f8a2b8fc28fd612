"""The levers in the board report (issue 8, item 5): lever lines, NPV by lever, whale curve,
concentration and measured churn, in both languages; without order counts one line says they are off.

The figures are worked by hand on four customers (defaults: cost per visit 110,000 / (200 x 4) =
137.50 EUR, margin 30 %, minimum order value 30 / 0.3 = 100 EUR, revenue threshold 8,593.75 EUR):

========  =======  =======  ======  =====  ======  ========================================
customer  r 2024   r 2025   orders  lines  visits  segment
========  =======  =======  ======  =====  ======  ========================================
A            300      280       4      4       0    small (orders of 70 EUR: all small)
B          1,500    2,000      10     10       0    small (orders of 200 EUR)
K         45,000   50,000       2      2       4    key
D            500        0       0      0       0    inactive
========  =======  =======  ======  =====  ======  ========================================

* surcharge: 4 x 0.5 x 30 + 4 x 0.5 x 10 - 0.05 x 0.3 x 280 = 75.80 EUR a year;
* digital ordering at 30 %: (4 + 10) x 0.3 x (30 - 5) = 105 EUR a year at full ramp;
* NPV of the policy line: 75.80 x (1/1.08 + ... + 1/1.08^5) = 75.80 x 3.99271 = 302.65 EUR;
  of the digital line (ramp 50 % in year 1): 105 x (3.99271 - 0.5 / 1.08) = 370.62 EUR;
  team: 65,000 x 1.15 x 3.99271 = -298,455.08 EUR; set-up -60,000 EUR;
* profit after cost to serve: A 84 - 120 - 8 = -44, B 600 - 300 - 20 = 280,
  K 15,000 - 60 - 4 - 550 = 14,386: one unprofitable customer destroying 44 EUR;
* concentration: the largest 50,000 / 52,280 = 95.6 %, the top 5 all (100 %);
* history 2024 -> 2025: A, B, D small in 2024, D left: measured churn 1/3 against 15 % assumed.
"""

from __future__ import annotations

import pandas as pd
import pytest

from calc.assumptions import Assumptions
from calc.model import compute
from calc.report import Formatter, html_report, levers_section

SCENARIO = Assumptions(small_order_policy="surcharge", digital_share=0.3)
WORDS = {
    "de": {"h": "Die Hebel", "off": "sind aus", "whale": "Walkurve", "policy": "Mindermengenzuschlag"},
    "en": {"h": "The levers", "off": "are off", "whale": "Whale curve", "policy": "small-order surcharge"},
}


def four(with_orders: bool = True) -> pd.DataFrame:
    data = pd.DataFrame({
        "customer_id": ["A", "B", "K", "D"],
        "revenue_2024": [300.0, 1500.0, 45000.0, 500.0],
        "revenue_2025": [280.0, 2000.0, 50000.0, 0.0],
        "orders_12m": [4.0, 10.0, 2.0, 0.0],
        "lines_12m": [4.0, 10.0, 2.0, 0.0],
        "visits_12m": [0.0, 0.0, 4.0, 0.0],
    })
    return data if with_orders else data.drop(columns=["orders_12m", "lines_12m"])


@pytest.mark.parametrize("lang", ["de", "en"])
class TestWithOrders:
    def test_lever_lines_hand_checked(self, lang):
        fmt = Formatter(lang)
        section = levers_section(compute(four(), SCENARIO), lang)
        assert WORDS[lang]["h"] in section and WORDS[lang]["policy"] in section
        assert fmt.money(75.8, cents=False) in section  # 76 EUR a year
        assert fmt.money(105.0, cents=False) in section
        assert fmt.money(100.0, cents=False) in section  # the minimum order value
        assert WORDS[lang]["off"] not in section

    def test_waterfall_parts_hand_checked(self, lang):
        fmt = Formatter(lang)
        section = levers_section(compute(four(), SCENARIO), lang)
        for eur in (302.65, 370.62, -298455.08, -60000.0):
            assert fmt.money(eur, cents=False) in section, eur
        assert section.count("<rect") == 8  # seven parts and the NPV

    def test_whale_concentration_history(self, lang):
        fmt = Formatter(lang)
        section = levers_section(compute(four(), SCENARIO), lang)
        assert WORDS[lang]["whale"] in section and fmt.money(44.0, cents=False) in section
        assert fmt.pct(50000 / 52280, digits=0) in section and fmt.pct(1.0, digits=0) in section
        assert fmt.pct(1 / 3, digits=1) in section and fmt.pct(0.15, digits=1) in section

    def test_in_the_report_before_the_appendix(self, lang):
        page = html_report(compute(four(), SCENARIO), lang=lang, data_label="x.csv")
        assert WORDS[lang]["h"] in page
        assert page.index("class='levers'") < page.index(">" + ("Anhang" if lang == "de" else "Appendix"))


@pytest.mark.parametrize("lang", ["de", "en"])
class TestWithoutOrders:
    def test_one_line_says_off_and_why(self, lang):
        section = levers_section(compute(four(with_orders=False), SCENARIO), lang)
        assert section.count(WORDS[lang]["off"]) == 1
        assert WORDS[lang]["policy"] not in section and "<table>" not in section
        assert WORDS[lang]["whale"] + ":" not in section

    def test_business_case_split_still_shown(self, lang):
        fmt = Formatter(lang)
        result = compute(four(with_orders=False), SCENARIO)
        section = levers_section(result, lang)
        assert fmt.money(result.internal.npv_eur, cents=False) in section
        assert fmt.money(-60000.0, cents=False) in section


def test_defaults_show_lines_of_zero():
    section = levers_section(compute(four(), Assumptions()), "en")
    assert "“none”" in section and section.count("<td class='n'>€0</td>") == 2


def test_no_history_line_with_one_year():
    data = four().drop(columns=["revenue_2024"])
    section = levers_section(compute(data, SCENARIO), "en")
    assert "Measured churn" not in section
