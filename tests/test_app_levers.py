"""AppTest: the Levers page (Hebel / Levers) in both languages, its policy choice and one-click measured churn,
the download of the unprofitable customers, and the NPV waterfall on the business-case page.

Expected figures come from calc (``compute`` on the same data; calc's figures are hand-checked in
tests/test_levers.py and tests/test_levers_page_figures.py), formatted as the page formats them.
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from apptest_helpers import assert_clean, exact, metric, norm
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.assumptions import SPECS
from calc.levers import message, unprofitable_customers
from calc.model import NPV_LEVERS
from calc.readers import read_data
from calc.texts import CATALOGS, text
from ui import fmt, keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "pages/levers.py"
SAMPLE = ROOT / "sample_data" / "kunden.csv"
LOG = ROOT / "sample_data" / "transaktionen.csv"


@cache
def sample_data():
    return read_data(SAMPLE)


@cache
def sample(**changes):
    return compute(sample_data().customers, Assumptions(**changes))


@cache
def log_data():
    return read_data(LOG.read_bytes(), filename=LOG.name)


def open_page(lang: str, page: str = PAGE) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert_clean(at)
    return at


def upload_log(lang: str = "de") -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload(LOG.name, LOG.read_bytes(), "text/csv").run()
    assert_clean(at)
    at.switch_page(PAGE).run()
    assert_clean(at)
    return at


def markdown_text(at: AppTest) -> str:
    return " ".join(norm(m.value) for m in at.markdown)


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every deferred download's bytes by file name, built as a click would build them (AppTest neither
    exposes the bytes nor runs the callable)."""
    seen: dict[str, bytes] = {}
    original = MediaFileManager.add_deferred

    def capture(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            seen[file_name] = data_callable()
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    return seen


class TestLeversPage:
    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_page_shows_the_lever_figures_of_calc(self, lang):
        at = open_page(lang)
        assert at.title[0].value == text("levers_title", lang)
        lf = sample().levers
        w, h, c = lf.whale, lf.history, lf.concentration
        assert metric(at, text("lev_cost_to_serve", lang)) == norm(fmt.money(lf.cost_to_serve_total_eur, lang))
        assert metric(at, text("lev_profit", lang)) == norm(fmt.money(w.total_profit_eur, lang))
        assert metric(at, text("lev_peak", lang)) == norm(fmt.pct(w.peak_share, lang, digits=1))
        assert metric(at, text("lev_unprofitable", lang)) == norm(fmt.number(w.unprofitable_customers, lang))
        assert metric(at, text("lev_destroyed", lang)) == norm(fmt.money(w.profit_destroyed_eur, lang))
        assert metric(at, text("conc_top", lang, k="5")) == norm(fmt.pct(c.top5_share, lang, digits=1))
        assert metric(at, text("conc_hhi", lang)) == norm(fmt.number(c.hhi, lang))
        assert metric(at, text("hist_churn_small", lang)) == norm(fmt.pct(h.churn_small, lang, digits=1))
        assert metric(at, text("hist_promotion", lang)) == norm(fmt.pct(h.promotion_small_to_key, lang, digits=2))

    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_min_order_value_formula_has_its_numbers(self, lang):
        at = open_page(lang)
        formula = norm(text("f_min_order", lang, cpo=fmt.money(30.0, lang, cents=True), cm=fmt.pct(0.3, lang),
                            result=fmt.money(100.0, lang, cents=True)))
        assert formula in markdown_text(at)

    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_notes_say_what_the_data_lacks(self, lang):
        at = open_page(lang)
        notes = sample().levers.notes
        assert notes  # the sample customer table has order counts but no order lines
        shown = [norm(i.value) for i in at.info]
        for note in notes:
            assert norm(message(note, lang)) in shown

    def test_the_charts_are_drawn_and_the_lever_lines_only_where_a_lever_is_on(self):
        at = open_page("de")
        charts = {el.proto.id.rsplit("-", 1)[-1] for el in at.get("plotly_chart")}
        assert {"whale_chart", "concentration_chart"} <= charts
        assert "lever_lines_chart" not in charts  # defaults: no policy, no digital share
        assert text("lev_years_off", "de") in [c.value for c in at.caption]

    def test_lever_lines_by_year_with_digital_ordering(self):
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["lang"] = "en"
        at.query_params["digital_share"] = "0.3"
        at.run()
        at.switch_page(PAGE).run()
        assert_clean(at)
        fig = next(json.loads(el.proto.spec) for el in at.get("plotly_chart")
                   if el.proto.id.endswith("lever_lines_chart"))
        years = sample(digital_share=0.3).internal.years
        lf = sample(digital_share=0.3).levers
        # hand: covered orders x 30 % x ramp x (30 - 5) EUR, ramp 50 % in year 1, then 100 %
        full = lf.covered_orders_12m * 0.3 * 25.0
        assert years["digital_eur"].iloc[1:].tolist() == pytest.approx([full * 0.5] + [full] * 4)
        digital = next(tr for tr in fig["data"] if tr["name"] == text("y_digital", "en"))
        assert _values(digital["y"]) == pytest.approx(years["digital_eur"].iloc[1:].tolist())
        assert metric(at, text("lev_digital_year1", "en")) == norm(fmt.money(full * 0.5, "en"))
        assert metric(at, text("lev_digital_full", "en")) == norm(fmt.money(full, "en"))

    def test_whale_chart_marks_the_peak_and_labels_the_100_percent_line(self):
        at = open_page("de")
        fig = next(json.loads(el.proto.spec) for el in at.get("plotly_chart") if el.proto.id.endswith("whale_chart"))
        notes = [norm(a["text"]) for a in fig["layout"]["annotations"]]
        assert "100 % des Gewinns" in notes
        peak = norm(fmt.pct(sample().levers.whale.peak_share, "de", digits=1))
        assert any(n.startswith("Gipfel: " + peak) for n in notes), notes

    def test_concentration_bars_are_the_top_customers_margin(self):
        at = open_page("en")
        fig = next(json.loads(el.proto.spec) for el in at.get("plotly_chart")
                   if el.proto.id.endswith("concentration_chart"))
        res = sample()
        top1 = res.customers.sort_values("revenue_current_eur", ascending=False).iloc[0]
        bars = fig["data"][0]
        assert bars["x"] == ["Top 1", "Top 5", "Top 10", "Top 20"]
        assert bars["text"][0] == fmt.money_short(top1["revenue_current_eur"] * top1["cm_rate_used"], "en")
        added = res.internal.years["delta_cm_eur"].iloc[-1]
        assert [a["text"] for a in fig["layout"]["annotations"]] == [
            text("conc_added_line", "en", value=fmt.money_short(added, "en"))]


class TestUnprofitableDownload:
    def test_csv_holds_every_unprofitable_customer_worst_first(self, downloads):
        at = open_page("en")
        buttons = [b for b in at.get("download_button") if b.key == "download_unprofitable"]
        assert len(buttons) == 1
        name = text("file_unprofitable", "en")
        assert name in downloads, list(downloads)
        csv = pd.read_csv(io.BytesIO(downloads[name]), dtype={text("col_customer_id", "en"): str})
        res = sample()
        expected = unprofitable_customers(res.levers.customers, revenue=res.customers["revenue_current_eur"])
        assert len(csv) == res.levers.whale.unprofitable_customers == len(expected)
        assert csv[text("col_customer_id", "en")].tolist() == expected["customer_id"].astype(str).tolist()
        assert csv[text("col_profit", "en")].tolist() == pytest.approx(expected["profit_eur"].tolist(), abs=0.01)
        assert (csv[text("col_profit", "en")] < 0).all()


class TestMeasuredChurn:
    def test_one_click_puts_the_measured_churn_in_force_and_the_sidebar_says_measured(self):
        at = open_page("de")
        measured = sample().levers.history.churn_small
        expected = round(measured, 4)
        sidebar_captions = [norm(c.value) for c in at.sidebar.caption]
        assert not any(text("measured_in_data", "de") in c for c in sidebar_captions)
        at.button(key="use_measured_churn").click().run()
        assert_clean(at)
        assert at.session_state[keys.ASSUMPTIONS].churn_baseline == expected
        field = at.text_input(key=keys.assumption("churn_baseline"))
        assert norm(field.value) == norm(fmt.entry_text(expected * 100, "rate", "de"))
        assert any(text("measured_in_data", "de") in norm(c.value) for c in at.sidebar.caption)
        assert any(norm(text("hist_churn_in_use", "de")) == norm(s.value) for s in at.success)
        assert not [b for b in at.button if b.key == "use_measured_churn"]
        # the business case follows, as with a typed value
        at.switch_page("pages/business_case.py").run()
        assert_clean(at)
        assert exact(at, text("npv", "de")) == norm(fmt.money(sample(churn_baseline=expected).internal.npv_eur, "de"))
        assert any(text("measured_in_data", "de") in norm(c.value) for c in at.sidebar.caption)

    def test_a_typed_value_is_no_longer_measured(self):
        at = open_page("en")
        at.button(key="use_measured_churn").click().run()
        at.text_input(key=keys.assumption("churn_baseline")).input("12").run()
        assert_clean(at)
        assert at.session_state[keys.ASSUMPTIONS].churn_baseline == 0.12
        assert not any(text("measured_in_data", "en") in norm(c.value) for c in at.sidebar.caption)
        assert [b for b in at.button if b.key == "use_measured_churn"]


class TestPolicyOnThePage:
    def test_the_page_choice_is_the_sidebar_assumption(self):
        at = upload_log("de")
        at.radio(key=keys.LEV_POLICY).set_value("surcharge").run()
        assert_clean(at)
        assert at.session_state[keys.ASSUMPTIONS].small_order_policy == "surcharge"
        assert at.selectbox(key=keys.assumption("small_order_policy")).value == "surcharge"
        read = log_data()
        res = compute(read.customers, Assumptions(small_order_policy="surcharge"), orders=read.orders)
        assert res.levers.small_order_effect_eur != 0
        assert metric(at, text("lev_policy_effect", "de")) == norm(fmt.money(res.levers.small_order_effect_eur, "de"))
        at.switch_page("pages/overview.py").run()
        assert_clean(at)
        assert exact(at, text("m_npv", "de")) == norm(fmt.money(res.internal.npv_eur, "de"))

    def test_the_sidebar_choice_shows_on_the_page(self):
        at = upload_log("en")
        at.selectbox(key=keys.assumption("small_order_policy")).set_value("minimum").run()
        assert_clean(at)
        assert at.radio(key=keys.LEV_POLICY).value == "minimum"
        read = log_data()
        res = compute(read.customers, Assumptions(small_order_policy="minimum"), orders=read.orders)
        s = res.levers.small_orders
        formula = norm(text("f_policy_minimum", "en", n=fmt.smart_number(s.orders, "en"), c=fmt.pct(0.5, "en"),
                            cpo=fmt.money(30.0, "en", cents=True), cm_value=fmt.money(s.cm_value_eur, "en"),
                            churn=fmt.pct(0.05, "en"), affected=fmt.money(s.affected_cm_revenue_eur, "en"),
                            result=fmt.money(res.levers.small_order_effect_eur, "en")))
        assert formula in markdown_text(at)


class TestWithoutOrderData:
    def test_levers_stay_off_and_say_why(self):
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["lang"] = "en"
        at.run()
        at.switch_page("pages/data.py").run()
        csv = "customer_id,revenue_2024,revenue_2025,visits_12m\nA,1000,900,1\nB,50000,52000,6\nC,3000,0,2\n"
        at.file_uploader(key="upload").upload("plain.csv", csv.encode(), "text/csv").run()
        assert_clean(at)
        at.switch_page(PAGE).run()
        assert_clean(at)
        infos = [norm(i.value) for i in at.info]
        assert message("cost_to_serve_visits_only", "en") in infos
        assert infos.count(norm(text("lev_off_no_orders", "en"))) == 2  # small orders and digital ordering
        assert not [r for r in at.radio if r.key == keys.LEV_POLICY]


class TestWaterfall:
    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_business_case_page_shows_the_npv_by_lever(self, lang):
        at = open_page(lang, "pages/business_case.py")
        fig = next(json.loads(el.proto.spec) for el in at.get("plotly_chart")
                   if el.proto.id.endswith("npv_waterfall_chart"))
        bars = fig["data"][0]
        assert bars["type"] == "waterfall"
        assert bars["x"] == [text("npv_part_" + k, lang) for k in NPV_LEVERS] + [text("npv", lang)]
        bc = sample().internal
        assert bars["measure"] == ["relative"] * len(NPV_LEVERS) + ["total"]
        assert bars["y"][:-1] == pytest.approx([bc.npv_by_lever_eur[k] for k in NPV_LEVERS])
        assert bars["text"][-1] == fmt.money_short(bc.npv_eur, lang)


class TestLeverAssumptionLabels:
    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_every_unit_has_its_words(self, lang):
        """A unit without a catalogue entry showed as its key (``unit_EUR/order``) in the sidebar's lever group."""
        units = {s.unit for s in SPECS.values() if s.kind not in ("rate", "choice", "bool") and s.unit}
        assert [u for u in units if "unit_" + u not in CATALOGS[lang]] == []

    def test_the_sidebar_labels_the_cost_per_order_in_euro_per_order(self):
        at = open_page("de")
        labels = [norm(w.label) for w in at.sidebar.text_input]
        assert "Kosten pro Auftrag (€/Auftrag)" in labels, labels


def _values(x) -> list[float]:
    """Plotly JSON writes an array either as a list or as a typed buffer ({"dtype", "bdata"})."""
    if isinstance(x, dict):
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist()
    return list(x)


class TestOverviewLinks:
    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_overview_links_to_the_levers_page(self, lang):
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["lang"] = lang
        at.run()
        assert_clean(at)
        links = {e.proto.page: e.proto.label for e in at.get("page_link")}
        assert links.get("levers") == CATALOGS[lang]["page_levers"]
