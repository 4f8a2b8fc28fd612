"""AppTest tests for the projector and the phone (issue 10, item 9): every chart's fonts, labelled lines,
the tornado's values, percent signs in German, the potential page's formula, the per-rep check against the
added margin, and no text that points "to the left"."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from apptest_helpers import assert_clean, norm
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.readers import read_data
from calc.texts import DE, EN
from ui import fmt

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "sample_data" / "kunden.csv"
CHART_PAGES = ("pages/overview.py", "pages/segments.py", "pages/potential.py", "pages/business_case.py",
               "pages/scenarios.py", "pages/risk.py", "pages/levers.py")
MIN_PX = 14


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    return at.run()


def _figures(at: AppTest) -> dict[str, dict]:
    """The Plotly figures of the page as their JSON, by chart key."""
    out = {}
    for el in at.get("plotly_chart"):
        key = el.proto.id.rsplit("-", 1)[-1]
        out[key] = json.loads(el.proto.spec)
    return out


@cache
def figures(lang: str) -> dict[str, dict]:
    """Every chart of every page (the risk page after a Monte Carlo run), by chart key."""
    at = _app(lang)
    found: dict[str, dict] = {}
    for page in CHART_PAGES:
        at.switch_page(page).run()
        if page == "pages/risk.py":
            at.button(key="mc_run").click().run()
        if page == "pages/scenarios.py":  # the comparison chart needs two scenarios
            for name in ("A", "B"):
                at.text_input(key="scn_name").input(name).run()
                at.button(key="scn_save_button").click().run()
            at.multiselect(key="scn_select").set_value(["saved:A", "saved:B"]).run()
        assert_clean(at)
        found.update(_figures(at))
    return found


@cache
def sample():
    return compute(read_data(SAMPLE).customers, Assumptions())


EXPECTED_CHARTS = {"overview_cash_chart", "pareto_chart", "scatter_chart", "methods_chart", "sow_chart", "cash_chart",
                   "scn_cash_chart", "tornado_chart", "mc_hist_chart", "mc_payback_chart", "npv_waterfall_chart",
                   "whale_chart", "concentration_chart"}


class TestChartFonts:
    def test_every_page_chart_is_walked(self):
        assert EXPECTED_CHARTS <= set(figures("de"))

    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_ticks_of_every_axis_at_least_14_px(self, lang):
        for key, fig in figures(lang).items():
            axes = [k for k in fig["layout"] if re.fullmatch(r"[xy]axis\d*", k)]
            assert axes, key
            for axis in axes:
                size = fig["layout"][axis].get("tickfont", {}).get("size")
                assert size is not None and size >= MIN_PX, f"{key}.{axis}: tick font {size}"

    def test_legend_at_least_14_px_where_shown(self):
        for key, fig in figures("de").items():
            lay = fig["layout"]
            if lay.get("showlegend") is False:
                continue
            size = lay.get("legend", {}).get("font", {}).get("size")
            assert size is not None and size >= MIN_PX, f"{key}: legend font {size}"

    def test_text_on_lines_at_least_14_px(self):
        for key, fig in figures("de").items():
            for note in fig["layout"].get("annotations", []):
                size = note.get("font", {}).get("size", fig["layout"]["font"]["size"])
                assert size >= MIN_PX, f"{key}: annotation {note.get('text')!r} at {size} px"


class TestLabelledLines:
    def test_every_dashed_threshold_line_has_a_label(self):
        for key, fig in figures("de").items():
            dashed = [s for s in fig["layout"].get("shapes", []) if s.get("line", {}).get("dash") == "dash"]
            notes = fig["layout"].get("annotations", [])
            assert len(notes) >= len(dashed), f"{key}: {len(dashed)} dashed lines, {len(notes)} labels"

    def test_scatter_lines_name_their_values(self):
        fig = figures("de")["scatter_chart"]
        texts = [norm(a["text"]) for a in fig["layout"]["annotations"]]
        threshold = norm(fmt.money(sample().field_cost.revenue_threshold_eur, "de"))
        assert any(threshold in x and x.startswith("Umsatzschwelle") for x in texts), texts
        assert any(x.startswith("Potenzialschwelle: 50.000 €") for x in texts), texts

    def test_pareto_line_says_80_percent(self):
        texts = [norm(a["text"]) for a in figures("de")["pareto_chart"]["layout"]["annotations"]]
        assert texts == ["80 % des Umsatzes"]

    def test_tornado_base_line_is_labelled(self):
        texts = [norm(a["text"]) for a in figures("de")["tornado_chart"]["layout"]["annotations"]]
        assert texts == ["Basis: " + norm(fmt.money_short(sample().internal.npv_eur, "de"))]


class TestTornadoValues:
    def test_bars_carry_the_assumption_value_and_the_npv(self):
        fig = figures("de")["tornado_chart"]
        low, high = fig["data"]
        assert low["name"] == "niedriger Wert" and high["name"] == "hoher Wert"
        for bar in (low, high):
            assert bar["textposition"] == "outside"
            assert len(bar["text"]) == len(bar["y"]) >= 3
        row = low["y"].index(next(y for y in low["y"] if y.startswith("Ausschöpfungsrate")))
        # the usual range of capture_rate is 2 % to 5 % (calc.sensitivity.USUAL_RANGES); the NPV is the bar's end
        assert norm(low["text"][row]).startswith("2,0 %: ")
        assert norm(high["text"][row]).startswith("5,0 %: ")
        for bar in (low, high):
            widths = _values(bar["x"])
            ends = [bar["base"] + x for x in widths]
            for text, end in zip(bar["text"], ends, strict=True):
                assert norm(text).endswith(norm(fmt.money_short(end, "de"))), (text, end)


def _values(x) -> list[float]:
    """Plotly JSON writes an array either as a list or as a typed buffer ({"dtype", "bdata"})."""
    if isinstance(x, dict):
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist()
    return list(x)


class TestPercentAxesInGerman:
    def test_no_axis_uses_plotlys_percent_format(self):
        """Plotly's ``%`` format writes ``6%`` in every language; German needs ``6 %``."""
        for key, fig in figures("de").items():
            for axis, spec in fig["layout"].items():
                if re.fullmatch(r"[xy]axis\d*", axis):
                    assert "%" not in spec.get("tickformat", ""), f"{key}.{axis}"

    def test_share_axes_have_a_space_before_the_percent_sign(self):
        figs = figures("de")
        assert figs["mc_hist_chart"]["layout"]["yaxis"]["ticksuffix"] == "\u00a0%"
        assert figs["mc_payback_chart"]["layout"]["yaxis"]["ticksuffix"] == "\u00a0%"
        assert norm(figs["pareto_chart"]["layout"]["xaxis"]["ticktext"][1]) == "20 %"
        assert norm(figs["sow_chart"]["layout"]["xaxis"]["ticktext"][1]) == "10 %"

    def test_english_keeps_the_percent_sign_close(self):
        assert figures("en")["mc_hist_chart"]["layout"]["yaxis"]["ticksuffix"] == "%"


class TestPhoneLayout:
    def test_chart_toolbar_shows_only_on_hover(self):
        """On a phone a toolbar that always shows covers the legend at the top of the chart."""
        at = _app("de")
        spec = at.get("plotly_chart")[0].proto
        assert json.loads(spec.config)["displayModeBar"] == "hover"

    @pytest.mark.parametrize("catalogue", [DE, EN], ids=["de", "en"])
    def test_no_text_points_to_the_left(self, catalogue):
        """On a phone the sidebar is a menu, not on the left."""
        pattern = re.compile(r"\blinks\b|\bleft\b|on the left", re.I)
        assert [k for k, v in catalogue.items() if pattern.search(v)] == []


class TestPotentialFormula:
    def test_shows_the_untapped_potential_formula_with_its_figures(self):
        at = _app("de")
        at.switch_page("pages/potential.py").run()
        assert_clean(at)
        pot = sample().potential
        text = " ".join(norm(m.value) for m in at.markdown)
        assert norm(fmt.money(pot.covered_total_eur, "de")) in text
        assert norm(fmt.money(pot.covered_revenue_eur, "de")) in text
        assert norm(fmt.money(pot.covered_untapped_eur, "de")) in text


class TestRepCheckOnThePage:
    def test_compares_the_rep_cost_with_the_added_margin(self):
        at = _app("de")
        at.switch_page("pages/business_case.py").run()
        assert_clean(at)
        res = sample()
        table = next(df.value for df in at.dataframe if "Kunden je Mitarbeiter" in df.value.columns)
        row = table[table["Kunden je Mitarbeiter"] == "400"].iloc[0]
        # the added margin of a book of 400: the mean yearly ΔCM of the covered customers, per customer, x 400
        delta = res.internal.years["delta_cm_eur"].iloc[1:].mean()
        added = 400 * delta / res.team.covered_customers
        assert norm(row["Zusätzlicher Deckungsbeitrag"]) == norm(fmt.money(added, "de"))
        # ... which is not the margin the customers earn today
        existing = 400 * res.team.mean_revenue_eur * res.team.cm_rate
        assert abs(added - existing) > 1_000
