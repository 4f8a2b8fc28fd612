"""The HTML one-pager: locale formats, escaping, offline, print stylesheet."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from calc.assumptions import Assumptions
from calc.errors import CalcError
from calc.model import compute
from calc.report import Formatter, html_report

HOSTILE = '<script>alert("x")</script>&.csv'


def data():
    return pd.DataFrame({
        "customer_id": [str(i) for i in range(900)],
        "name": ["<b>Müller</b>"] * 900,
        "revenue_2024": [3000.0 + (i % 50) * 80 for i in range(900)],
        "revenue_2025": [2500.0 + (i % 50) * 100 for i in range(900)],
        "employees": [4] * 900,
    })


def risk():
    return {
        "tornado": pd.DataFrame({"name": ["capture_rate", "churn_program"], "low_value": [0.02, 0.08],
                                 "high_value": [0.04, 0.12], "npv_low_eur": [-100000.0, 80000.0],
                                 "npv_high_eur": [250000.0, -20000.0], "swing_eur": [350000.0, 100000.0],
                                 "base_npv_eur": [75000.0, 75000.0]}),
        "p_positive": 0.734, "p10": -50000.0, "p50": 70000.0, "p90": 180000.0,
    }


@pytest.mark.parametrize("lang", ["de", "en"])
def test_key_figures_in_locale_format(lang):
    result = compute(data(), Assumptions(capture_rate=0.2, discount_rate=0.08))
    page = html_report(result, lang=lang, data_label="kunden.csv", risk=risk())
    fmt = Formatter(lang)
    if lang == "de":
        assert "8.593,75\xa0€" in page and "8\xa0%" in page
        assert "Umsatzschwelle" in page and "Kapitalwert" in page
    else:
        assert "€8,593.75" in page and "8%" in page
        assert "Revenue threshold" in page
    bc = result.internal
    assert fmt.money(bc.npv_eur, cents=False) in page
    assert fmt.num(result.team.reps) in page
    assert fmt.money(result.external.npv_eur, cents=False) in page
    if bc.irr is not None:
        assert fmt.pct(bc.irr) in page
    if bc.payback_months is not None:
        assert fmt.num(bc.payback_months, digits=1) in page
    assert fmt.pct(0.734, digits=0) in page  # P(NPV > 0)
    assert ("Ausschöpfungsrate" if lang == "de" else "Capture rate") in page  # changed assumption + tornado
    assert "kunden.csv" in page


def test_formatter_examples():
    assert Formatter("de").money(8593.75) == "8.593,75\xa0€"
    assert Formatter("de").pct(0.08) == "8\xa0%"
    assert Formatter("en").money(8593.75) == "€8,593.75"
    assert Formatter("de").money(-1234567.4, cents=False) == "-1.234.567\xa0€"
    with pytest.raises(CalcError):
        Formatter("fr")


def test_hostile_file_name_is_escaped():
    page = html_report(compute(data(), Assumptions()), lang="en", data_label=HOSTILE)
    assert "<script>" not in page and "<b>Müller" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;.csv" in page


def test_tornado_label_escaped_when_unknown():
    r = risk()
    r["tornado"].loc[0, "name"] = "<img src=x onerror=alert(1)>"
    page = html_report(compute(data(), Assumptions()), lang="en", data_label="x", risk=r)
    assert "<img" not in page and "&lt;img src=x" in page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_offline_and_printable(lang):
    page = html_report(compute(data(), Assumptions()), lang=lang, data_label="kunden.csv", risk=risk())
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    assert "<script" not in page  # no scripts at all: inline SVG charts
    assert "@media print" in page and "size:A4" in page and "break-inside:avoid" in page
    assert page.count("<svg") == 3  # cash, tornado, NPV by lever
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_without_risk_and_defaults():
    page = html_report(compute(data(), Assumptions()), lang="de", data_label="a.csv")
    assert "Ausschöpfungsrate" in page and "Vollkosten je Inside-Sales-Mitarbeiter und Jahr" in page  # always listed
    assert "keine Risikoanalyse" in page
    assert page.count("<svg") == 2  # cash, NPV by lever


class TestRiskSummary:
    def test_tornado_and_seeded_monte_carlo(self):
        from calc import Assumptions
        from calc.report import risk_summary

        data = pd.DataFrame({"customer_id": [str(i) for i in range(300)], "revenue": 3000.0, "visits_12m": 1.0})
        first = risk_summary(data, Assumptions(), draws=2000, seed=7)
        again = risk_summary(data, Assumptions(), draws=2000, seed=7)
        assert 0.0 <= first["p_positive"] <= 1.0
        assert first["p10"] <= first["p50"] <= first["p90"]
        assert (first["p50"], first["p_positive"]) == (again["p50"], again["p_positive"])
        assert "capture_rate" in set(first["tornado"]["name"])
        page = html_report(compute(data, Assumptions()), lang="en", data_label="x.csv", risk=first)
        assert "Probability that the NPV is positive" in page


# -- plan against actual (issue 9.4) ------------------------------------------------------------
def tracked():
    """A hand-made plan-against-actual result: one check of each kind, a hostile reason."""
    from calc.tracking import Check, TrackingResult

    checks = (
        Check("qualified", "met", 0.8, 0.849, "84.9 % assessed", "84,9 % erfasst"),
        Check("churn", "met", 0.10, 0.078, "7.8 % lost", "7,8 % verloren"),
        Check("reclustered", "met", None, 167.0, "167 re-clustered", "167 neu segmentiert"),
        Check("revenue", "not_met", 9_846_787.4, 9_000_000.0, "below plan", "unter Plan"),
        Check("market_share", "cannot_tell", None, None, "<script>alert(1)</script>", "Marktvolumen fehlen"),
        Check("payback", "not_met", 1.0, 0.84, "84 % recovered", "84 % gedeckt"),
    )
    return TrackingResult(year=2026, covered=3525, missing=86, qualified_share=0.849, churn_actual=0.078,
                          churn_plan=0.10, churn_baseline=0.15, to_key=107, to_potential=60,
                          reclustered_customers=pd.DataFrame(), revenue_actual_eur=9_000_000.0,
                          revenue_plan_eur=9_846_787.4, revenue_baseline_eur=8_332_657.0, checks=checks)


class TestPlanAgainstActual:
    @pytest.mark.parametrize("lang, figures", [
        ("de", ["≥ 80\xa0%", "84,9\xa0%", "≤ 10\xa0%", "7,8\xa0%", "Liste für den Außendienst", "167 Kunden",
                "≥ 9.846.787\xa0€", "9.000.000\xa0€", "≥ 100\xa0%", "84\xa0%", "8.332.657\xa0€"]),
        ("en", ["≥ 80%", "84.9%", "≤ 10%", "7.8%", "a list for field sales", "167 customers",
                "≥ €9,846,787", "€9,000,000", "≥ 100%", "84%", "€8,332,657"]),
    ])
    def test_section_with_every_check_in_locale_format(self, lang, figures):
        page = html_report(compute(data(), Assumptions()), lang=lang, data_label="x.csv", tracking=tracked())
        heading = "Ein Jahr danach: Plan gegen Ist" if lang == "de" else "One year later: plan against actual"
        section = page[page.index(f"<h2>{heading}</h2>"):]
        for figure in figures:
            assert figure in section, figure
        verdicts = re.findall(r"<td class='v-(\w+)'>(\S+) ([^<]+)</td>", page)
        assert [v[0] for v in verdicts] == ["met", "met", "met", "not_met", "cannot_tell", "not_met"]
        assert [v[1] for v in verdicts] == ["✅", "✅", "✅", "❌", "❔", "❌"]
        words = {"de": ["erreicht", "nicht erreicht", "nicht beurteilbar"], "en": ["met", "not met", "cannot tell"]}
        assert [v[2] for v in verdicts][2:5] == [words[lang][0], words[lang][1], words[lang][2]]
        assert ("davon 86 nicht mehr in den Daten" if lang == "de" else "86 of them no longer in the data") in page

    def test_reasons_are_escaped(self):
        page = html_report(compute(data(), Assumptions()), lang="en", data_label="x.csv", tracking=tracked())
        assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_no_section_without_tracking(self):
        page = html_report(compute(data(), Assumptions()), lang="de", data_label="x.csv")
        assert "Plan gegen Ist" not in page and "v-met" not in page.split("</style>")[1]

    def test_check_figures_without_a_figure(self):
        from calc.report import check_figures
        from calc.tracking import Check

        assert check_figures(Check("market_share", "cannot_tell", None, None, "", ""), "de") == ("–", "–")
        assert check_figures(Check("market_share", "met", 0.042, 0.169, "", ""), "en") == ("> 4.2%", "16.9%")
        assert check_figures(Check("reclustered", "cannot_tell", None, None, "", ""), "en") == (
            "a list for field sales", "–")


# -- board report: go/no-go, key assumptions, one page (issue 11.5) -----------------------------------
class TestGoDecision:
    def test_no_go_when_neither_option_pays(self):
        from calc.report import go_decision

        result = compute(data(), Assumptions(inside_rep_annual_cost=400_000.0, external_cost_per_rep=400_000.0))
        assert result.internal.npv_eur < 0 and result.external.npv_eur < 0  # checked: costs exceed the benefit
        assert go_decision(result) == {"go": False, "option": None,
                                       "npv_eur": max(result.internal.npv_eur, result.external.npv_eur)}

    @pytest.mark.parametrize("lang, nogo, own", [("de", "No-Go", "eigenes Team"), ("en", "No-go", "own team")])
    def test_no_go_report_recommends_no_option(self, lang, nogo, own):
        result = compute(data(), Assumptions(inside_rep_annual_cost=400_000.0, external_cost_per_rep=400_000.0))
        r = risk()
        r["p_positive"] = 0.36
        page = html_report(result, lang=lang, data_label="x.csv", risk=r)
        verdict = page[page.index("<div class='verdict"):page.index("</div>", page.index("<div class='verdict"))]
        assert nogo in verdict and "36" in verdict
        assert ("Umsetzen mit" if lang == "de" else "Build it with") not in page
        assert ("Empfehlung" if lang == "de" else "Recommended") not in page

    def test_go_names_the_better_option(self):
        from calc.report import go_decision

        result = compute(data(), Assumptions(capture_rate=0.2))
        d = go_decision(result)
        assert d["go"] is (max(result.internal.npv_eur, result.external.npv_eur) > 0)
        if d["go"]:
            better = "external" if result.external.npv_eur > result.internal.npv_eur else "internal"
            assert d["option"] == better


class TestBoardContent:
    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_no_internal_references(self, lang):
        page = html_report(compute(data(), Assumptions()), lang=lang, data_label="x.csv", risk=risk())
        for ref in ("Spezifikation", "spec step", "Schritte 1", "steps 1"):
            assert ref not in page

    def test_key_assumptions_listed_even_at_defaults(self):
        page = html_report(compute(data(), Assumptions()), lang="en", data_label="x.csv")
        first_page = page[:page.index("class='appendix'")]
        for label in ("Capture rate", "Discount rate"):
            assert label in first_page

    def test_charts_have_axes_and_legend(self):
        page = html_report(compute(data(), Assumptions()), lang="en", data_label="x.csv", risk=risk())
        svgs = re.findall(r"<svg.*?</svg>", page, re.S)
        assert len(svgs) == 3
        cash, tornado, waterfall = svgs
        assert ">Year</text>" in cash and ">EUR</text>" in cash and ">Cash flow</text>" in cash
        assert ">NPV (EUR)</text>" in tornado and "assumption at its low value" in tornado
        assert ">NPV (EUR)</text>" in waterfall and ">Added contribution margin</text>" in waterfall
