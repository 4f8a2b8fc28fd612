"""Workshop-grade app (issue #10): numbers typed the way the UI language writes them, figures that fit,
and the answer with its certainty on the first screen."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from apptest_helpers import assert_clean, norm
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from calc import Assumptions
from ui import fmt

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def make_app(lang: str = "de", query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def field(at: AppTest, name: str):
    return at.sidebar.text_input(key="a__" + name)


def scenario(at: AppTest) -> Assumptions:
    return at.session_state["assumptions"]


# -- parsing and formatting (no app) ---------------------------------------------------------------
class TestParseEntry:
    @pytest.mark.parametrize(("text", "kind", "expected"), [
        ("3,5", "rate", 3.5),          # decimal comma
        ("8 %", "rate", 8.0),          # a trailing percent sign
        ("8%", "rate", 8.0),
        ("70.000", "money", 70_000.0),  # thousands dot, not a decimal point
        ("70.000 €", "money", 70_000.0),
        ("EUR 1.234,50", "money", 1234.5),
        ("137,50", "money", 137.5),
        ("−5 %", "rate", -5.0),       # a typographic minus
    ])
    def test_german_notation(self, text, kind, expected):
        assert fmt.parse_entry(text, kind, "de") == expected

    @pytest.mark.parametrize(("text", "kind", "expected"), [
        ("3.5", "rate", 3.5), ("8%", "rate", 8.0), ("70,000", "money", 70_000.0), ("€70,000", "money", 70_000.0),
    ])
    def test_english_notation(self, text, kind, expected):
        assert fmt.parse_entry(text, kind, "en") == expected

    @pytest.mark.parametrize("text", ["3.5", "1,234.5", "abc", "", "  ", "NaN", "inf", "7 0", "8 % %"])
    def test_refuses_what_is_no_german_number(self, text):
        with pytest.raises(fmt.EntryError):
            fmt.parse_entry(text, "rate", "de")

    def test_refuses_the_german_decimal_comma_in_english(self):
        with pytest.raises(fmt.EntryError):
            fmt.parse_entry("3,5", "rate", "en")

    def test_percent_sign_only_for_rates_and_euro_only_for_money(self):
        with pytest.raises(fmt.EntryError):
            fmt.parse_entry("8 %", "money", "de")
        with pytest.raises(fmt.EntryError):
            fmt.parse_entry("8 €", "rate", "de")


class TestEntryText:
    @pytest.mark.parametrize(("x", "kind", "lang", "kw", "expected"), [
        (3.5, "rate", "de", {}, "3,5 %"),
        (3.5, "rate", "en", {}, "3.5%"),
        (110_000.0, "money", "de", {}, "110.000"),
        (110_000.0, "money", "en", {}, "110,000"),
        (137.5, "money", "de", {"cents": True}, "137,50"),
        (400, "count", "de", {"integer": True}, "400"),
    ])
    def test_formats_in_the_language(self, x, kind, lang, kw, expected):
        assert norm(fmt.entry_text(x, kind, lang, **kw)) == expected

    @given(x=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda v: round(v, 4)),
           kind=st.sampled_from(["rate", "money", "number"]), lang=st.sampled_from(["de", "en"]))
    def test_reads_back_what_it_writes(self, x, kind, lang):
        assert math.isclose(fmt.parse_entry(fmt.entry_text(x, kind, lang), kind, lang), x, abs_tol=1e-6)


class TestMoneyCompact:
    @pytest.mark.parametrize(("x", "lang", "expected"), [
        (2_640_360.4, "de", "2,64 Mio. €"),
        (2_640_360.4, "en", "€2.64M"),
        (-1_700_000.0, "de", "-1,7 Mio. €"),
        (264_036.0, "de", "264.036 €"),   # below a million: the whole amount
        (264_036.0, "en", "€264,036"),
    ])
    def test_compact_from_a_million(self, x, lang, expected):
        assert norm(fmt.money_compact(x, lang)) == expected

    def test_headline_keeps_the_exact_value_where_it_rounds(self):
        assert [norm(v) for v in fmt.money_headline(2_640_360.4, "de")] == ["2,64 Mio. €", "2.640.360 €"]
        assert fmt.money_headline(264_036.0, "de")[1] is None


class TestUsualRange:
    def test_every_default_lies_in_its_usual_range(self):
        from calc.assumptions import SPECS
        from ui.state import usual_range

        default = Assumptions()
        for name in SPECS:
            usual = usual_range(name)
            value = getattr(default, name)
            if usual is not None and value is not None:
                assert usual[0] <= value <= usual[1], name

    def test_usual_ranges_lie_in_the_valid_ranges(self):
        from calc.assumptions import SPECS
        from ui.state import usual_range

        for name, spec in SPECS.items():
            usual = usual_range(name)
            if usual is not None:
                assert spec.minimum <= usual[0] < usual[1] <= spec.maximum, name


# -- the sidebar's number entry (issue 10.1) --------------------------------------------------------
class TestGermanEntry:
    def test_decimal_comma_in_a_rate(self):
        at = make_app()
        field(at, "capture_rate").input("3,5").run()
        assert_clean(at)
        assert scenario(at).capture_rate == pytest.approx(0.035)
        assert norm(field(at, "capture_rate").value) == "3,5 %"  # shown back formatted
        assert "capture_rate=0.035" in at.sidebar.code[0].value  # the share link carries the fraction

    def test_thousands_dot_in_a_yearly_cost(self):
        at = make_app()
        field(at, "field_rep_annual_cost").input("70.000").run()
        assert_clean(at)
        assert scenario(at).field_rep_annual_cost == 70_000.0
        assert field(at, "field_rep_annual_cost").value == "70.000"

    def test_percent_sign_is_accepted(self):
        at = make_app()
        field(at, "discount_rate").input("6 %").run()
        assert_clean(at)
        assert scenario(at).discount_rate == pytest.approx(0.06)

    @pytest.mark.parametrize("text", ["abc", "3.5"])
    def test_no_number_is_refused_and_the_old_value_stays(self, text):
        at = make_app()
        field(at, "capture_rate").input(text).run()
        assert not at.exception
        assert len(at.sidebar.error) == 1
        message = norm(at.sidebar.error[0].value).replace("\\", "")
        assert "keine Zahl in deutscher Schreibweise" in message and "3 % bleibt" in message
        assert scenario(at).capture_rate == 0.03
        assert norm(field(at, "capture_rate").value) == "3 %"

    def test_out_of_range_is_refused_with_the_valid_range(self):
        at = make_app()
        field(at, "capture_rate").input("150").run()
        assert not at.exception
        message = norm(at.sidebar.error[0].value)
        assert "außerhalb des gültigen Bereichs" in message and "0 % bis 100 %" in message
        assert scenario(at).capture_rate == 0.03

    def test_a_fraction_of_a_rep_is_refused(self):
        at = make_app()
        field(at, "accounts_per_rep").input("400,5").run()
        assert "keine ganze Zahl" in at.sidebar.error[0].value
        assert scenario(at).accounts_per_rep == 400

    def test_implausible_value_is_taken_with_a_note(self):
        at = make_app()
        assert not [c for c in at.sidebar.caption if "Ungewöhnlich" in c.value]
        field(at, "field_rep_annual_cost").input("70").run()
        assert_clean(at)
        assert scenario(at).field_rep_annual_cost == 70.0
        notes = [norm(c.value) for c in at.sidebar.caption if "Ungewöhnlicher Wert" in c.value]
        assert len(notes) == 1 and "70.000 € bis 160.000 €" in notes[0]

    def test_the_error_goes_with_the_next_valid_entry(self):
        at = make_app()
        field(at, "capture_rate").input("abc").run()
        assert at.sidebar.error
        field(at, "capture_rate").input("4").run()
        assert_clean(at)
        assert scenario(at).capture_rate == pytest.approx(0.04)


class TestEnglishEntry:
    def test_english_notation(self):
        at = make_app("en")
        field(at, "capture_rate").input("3.5%").run()
        field(at, "field_rep_annual_cost").input("70,000").run()
        assert_clean(at)
        assert scenario(at).capture_rate == pytest.approx(0.035)
        assert scenario(at).field_rep_annual_cost == 70_000.0

    def test_message_in_english(self):
        at = make_app("en")
        field(at, "capture_rate").input("3,5").run()
        assert "not a number in English notation" in at.sidebar.error[0].value
        assert scenario(at).capture_rate == 0.03

    def test_language_switch_rewrites_the_fields(self):
        at = make_app("de", {"field_rep_annual_cost": "70000", "capture_rate": "0.035"})
        assert field(at, "field_rep_annual_cost").value == "70.000"
        at.radio(key="lang").set_value("en").run()
        assert_clean(at)
        assert field(at, "field_rep_annual_cost").value == "70,000"
        assert field(at, "capture_rate").value == "3.5%"
        assert scenario(at) == Assumptions(field_rep_annual_cost=70_000.0, capture_rate=0.035)


# -- figures that fit (issue 10.2) -----------------------------------------------------------------------
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "kunden.csv"


@pytest.fixture(scope="module")
def sample_result():
    from calc import compute
    from calc.readers import read_data

    return compute(read_data(SAMPLE).customers, Assumptions())


def metric_of(at: AppTest, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, [m.label for m in at.metric]
    return found[0]


class TestCompactFigures:
    @pytest.mark.parametrize(("lang", "label", "pattern", "exact_prefix"), [
        ("de", "Kapitalwert (intern)", r"\d+,\d{1,2} Mio\. €", "Genau: "),
        ("en", "Net present value (internal)", r"€\d+\.\d{1,2}M", "Exact: "),
    ])
    def test_overview_npv_is_compact_with_the_exact_value_on_hover(self, sample_result, lang, label, pattern,
                                                                   exact_prefix):
        import re

        at = make_app(lang)
        npv = metric_of(at, label)
        assert sample_result.internal.npv_eur > 1e6  # the sample's NPV is in the millions
        assert re.fullmatch(pattern, norm(npv.value)), npv.value
        assert exact_prefix + norm(fmt.money(sample_result.internal.npv_eur, lang)) in norm(npv.help)

    def test_business_case_headline_figures_fit(self, sample_result):
        at = make_app()
        at.switch_page("pages/business_case.py").run()
        assert_clean(at)
        npv = metric_of(at, "Kapitalwert")
        assert norm(npv.value) == norm(fmt.money_compact(sample_result.internal.npv_eur, "de"))
        assert "Genau: " + norm(fmt.money(sample_result.internal.npv_eur, "de")) in norm(npv.help)
        # every headline figure is short enough for a quarter of a 1280 px screen with the sidebar open
        assert all(len(m.value) <= 12 for m in at.metric), [m.value for m in at.metric]

    def test_tables_keep_the_exact_values(self, sample_result):
        at = make_app()
        at.switch_page("pages/business_case.py").run()
        table = next(d.value for d in at.dataframe if "Eigenes Team" in d.value.columns)
        assert norm(fmt.money(sample_result.internal.npv_eur, "de")) in [norm(v) for v in table["Eigenes Team"]]


# -- the answer and how sure it is, on the first screen (issue 10.3) ---------------------------------------
class TestFirstScreen:
    def test_verdict_certainty_and_driver_without_a_click(self):
        at = make_app()
        assert_clean(at)
        assert len(at.success) == 1 and at.success[0].value.startswith("**Lohnt sich** innerhalb von 5 Jahren")
        chance = metric_of(at, "Wahrscheinlichkeit, dass es sich lohnt")
        assert norm(chance.value).endswith(" %")
        notes = norm(" ".join(m.value for m in at.markdown))
        assert "Bandbreite aus 10.000 Simulationen" in notes and "(P10)" in notes and "(P90)" in notes
        assert "Am meisten hängt ab von **" in notes

    def test_irr_above_100_percent_is_no_headline(self, sample_result):
        assert sample_result.internal.irr > 1.0  # setup 60.000 € against a yearly cash of about 1 M €
        at = make_app()
        notes = norm(" ".join(m.value for m in at.markdown))
        assert "Interner Zinsfuß über 100 %" in notes
        at.switch_page("pages/business_case.py").run()
        assert norm(metric_of(at, "Interner Zinsfuß").value) == "über 100 %"

    def test_freed_visits_carrying_the_payback_are_named(self):
        # the figures for the sample: payback 5.2 months with the freed visits at 100 %, 16 without. They
        # were made with 9 reps x 74,750 = 672,750 a year; planned per region the sample needs 10 reps (issue 10
        # item 6), and 10 x 58,500 x 1.15 = 672,750 is the same team cost
        at = make_app(query={"inside_rep_annual_cost": "58500"})
        notes = norm(" ".join(m.value for m in at.markdown))
        assert "hängt an den eingesparten Besuchskosten" in notes
        assert "ohne sie 16,0 Monate statt 5,2 Monate" in notes

    @pytest.mark.parametrize("page", ["pages/overview.py", "pages/business_case.py"])
    def test_a_negative_npv_is_no_recommendation(self, page):
        # no capture and no value for freed visits: the team only costs (NPV about -1.5 M €)
        at = make_app(query={"capture_rate": "0", "freed_visit_value_share": "0"})
        if page != "pages/overview.py":
            at.switch_page(page).run()
        assert not at.exception
        text = norm(" ".join(m.value for m in at.markdown))
        assert "Empfehlung: **" not in text
        assert "Keine Empfehlung für eine Variante" in text
        if page == "pages/overview.py":
            assert at.warning and at.warning[0].value.startswith("**Lohnt sich nicht** innerhalb von 5 Jahren")
            assert not at.success
