"""AppTest tests of the Streamlit app: pages, sidebar, uploads, URL scenario, language."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import assert_clean, exact, metric, norm
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.readers import read_data
from ui import fmt
from ui.i18n import DE, EN, missing_keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "sample_data" / "kunden.csv"
PAGES = ["pages/overview.py", "pages/data.py", "pages/segments.py", "pages/potential.py", "pages/business_case.py",
         "pages/levers.py"]

GERMAN_CSV = (
    "Kundennummer;Firma;Umsatz 2024;Umsatz 2025;Mitarbeiter;Besuche\r\n"
    "K1;Müller Elektro GmbH;1.200,50;2.000,00;2;1\r\n"
    "K2;Schäfer & Söhne;15.000,00;20.000,00;10;4\r\n"
    "K3;Weiß KG;3.000,00;0,00;3;0\r\n"
    "K4;Groß AG;500,00;900,00;12;2\r\n"
    "K5;Bäcker OHG;0,00;0,00;1;0\r\n"
).encode("cp1252")


def unescape(text: str) -> str:
    """Drop Markdown escapes (the app escapes text from files and links)."""
    return str(text).replace("\\", "")




def expected_npv(customers: pd.DataFrame, lang: str = "de", **changes) -> str:
    return fmt.money(compute(customers, Assumptions(**changes)).internal.npv_eur, lang)


def make_app(query: dict[str, str] | None = None, locale: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if locale:
        at.context["locale"] = locale
    return at






# -- pages ---------------------------------------------------------------------------
def test_catalogs_complete():
    assert missing_keys() == set()
    assert DE["page_overview"] == "Überblick" and EN["page_overview"] == "Overview"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_sample_data(page, sample_customers):
    at = make_app(locale="de-DE").run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert_clean(at)
    assert at.title, "each page has a title"
    # the sample-data note is visible on every page
    assert any("Beispieldaten" in i.value for i in at.info)
    result = compute(sample_customers, Assumptions())
    if page.endswith("segments.py"):
        assert metric(at, "Umsatzschwelle") == "8.593,75 €"
        assert metric(at, "Kleinkunden (C)") == fmt.number(result.segments.counts["small"], "de")
    if page.endswith("business_case.py"):
        assert exact(at, "Kapitalwert") == norm(expected_npv(sample_customers))
        assert "Jahr für Jahr" in [s.value for s in at.subheader]
    if page.endswith("potential.py"):
        assert metric(at, "Ungenutztes Potenzial") == norm(fmt.money(result.potential.covered_untapped_eur, "de"))
    if page.endswith("data.py"):
        assert metric(at, "Kunden") == "5.000"


def test_sidebar_change_changes_npv(sample_customers):
    at = make_app(locale="de-DE").run()
    before = exact(at, "Kapitalwert (intern)")
    assert before == norm(expected_npv(sample_customers))
    at.text_input(key="a__capture_rate").input("5").run()
    assert_clean(at)
    after = exact(at, "Kapitalwert (intern)")
    assert after != before
    assert after == norm(expected_npv(sample_customers, capture_rate=0.05))
    assert at.session_state["assumptions"].capture_rate == 0.05
    # the share link carries the rate as a fraction
    assert "capture_rate=0.05" in at.code[0].value
    # the scenario survives a page switch
    at.switch_page("pages/business_case.py").run()
    assert exact(at, "Kapitalwert") == after


def test_override_checkbox_sets_threshold():
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/segments.py").run()
    at.checkbox(key="a__revenue_threshold__on").check().run()
    # the override starts at the derived value
    assert at.text_input(key="a__revenue_threshold").value == "8.593,75"
    at.text_input(key="a__revenue_threshold").input("20.000").run()
    assert_clean(at)
    assert metric(at, "Umsatzschwelle") == "20.000,00 €"
    at.checkbox(key="a__revenue_threshold__on").uncheck().run()
    assert metric(at, "Umsatzschwelle") == "8.593,75 €"


def test_reset_restores_defaults(sample_customers):
    at = make_app({"capture_rate": "0.07"}, locale="de-DE").run()
    assert exact(at, "Kapitalwert (intern)") == norm(expected_npv(sample_customers, capture_rate=0.07))
    at.button(key="reset_assumptions").click().run()
    assert exact(at, "Kapitalwert (intern)") == norm(expected_npv(sample_customers))
    assert norm(at.text_input(key="a__capture_rate").value) == "3 %"


# -- uploads -------------------------------------------------------------------------
def test_german_csv_upload_changes_segments():
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/segments.py").run()
    assert metric(at, "Schlüsselkunden (A/B)") == "600"
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("kunden_test.csv", GERMAN_CSV, "text/csv").run()
    assert_clean(at)
    assert any("kunden_test.csv" in unescape(s.value) for s in at.success)
    assert metric(at, "Kunden") == "5"
    assert not any("Beispieldaten" in i.value for i in at.info)  # the frame shows the new data at once
    at.switch_page("pages/segments.py").run()
    # K2 is key (20.000), K1 and K4 small; K4 has 12 employees -> potential 108.000 -> potential customer
    assert metric(at, "Schlüsselkunden (A/B)") == "1"
    assert metric(at, "Kleinkunden (C)") == "1"
    assert metric(at, "Potenzialkunden") == "1"
    assert metric(at, "Inaktive Kunden") == "1"
    assert metric(at, "Ohne Umsatz") == "1"
    assert not any("Beispieldaten" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("file", "mime", "kind"),
    [
        ("transaktionen.csv", "text/csv", "Transaktionstabelle"),
        ("customers_en.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Kundentabelle"),
    ],
)
def test_other_sample_files_upload(file, mime, kind):
    raw = (ROOT / "sample_data" / file).read_bytes()
    expected = read_data(raw, filename=file)
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload(file, raw, mime).run()
    assert_clean(at)
    assert metric(at, "Kunden") == fmt.number(expected.report.customers, "de")
    assert any(kind in m.value for m in at.markdown)
    at.switch_page("pages/business_case.py").run()
    npv = compute(expected.customers, Assumptions()).internal.npv_eur
    assert exact(at, "Kapitalwert") == norm(fmt.money(npv, "de"))


def test_bad_upload_shows_error_and_keeps_data():
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("kaputt.csv", b"Name;Ort\r\nA;B\r\n", "text/csv").run()
    assert not at.exception
    assert at.error and "nicht verwendet werden" in at.error[0].value
    assert "kaputt.csv" in unescape(at.error[0].value)
    assert metric(at, "Kunden") == "5.000"
    at.switch_page("pages/segments.py").run()
    assert metric(at, "Schlüsselkunden (A/B)") == "600"


def test_upload_then_back_to_sample():
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("kunden_test.csv", GERMAN_CSV, "text/csv").run()
    assert metric(at, "Kunden") == "5"
    at.button(key="back_to_sample").click().run()
    assert metric(at, "Kunden") == "5.000"


def test_column_mapping_reread():
    csv = (
        "Kundennummer;Umsatz 2025;Beschäftigte gesamt\r\n"
        "A1;2.000,00;20\r\n"
        "A2;3.000,00;1\r\n"
    ).encode()
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("mapping.csv", csv, "text/csv").run()
    assert_clean(at)
    box = at.selectbox(key="map__0__Beschäftigte gesamt")
    assert box.value == ""
    box.set_value("employees").run()
    at.button(key="reread").click().run()
    assert_clean(at)
    assert any("Alle Spalten wurden erkannt" in s.value for s in at.success)
    at.switch_page("pages/segments.py").run()
    # 20 employees x 9.000 = 180.000 >= 50.000 -> A1 is now a potential customer
    assert metric(at, "Potenzialkunden") == "1"
    assert metric(at, "Kleinkunden (C)") == "1"


def test_problem_rows_are_listed():
    csv = (
        b"Kundennummer;Umsatz 2025\r\n"
        b"A1;2.000,00\r\n"
        b"A2;k.A.\r\n"
        b"A3;1.500,00\r\n"
    )
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("probleme.csv", csv, "text/csv").run()
    assert not at.exception
    assert metric(at, "Problemzeilen") == "1"
    problems = next(d.value for d in at.dataframe if "Grund" in d.value.columns)
    assert problems.iloc[0].tolist()[:3] == ["3", "Umsatz 2025", "k.A."]
    assert at.get("download_button")


def test_markdown_in_links_is_not_rendered():
    at = make_app({"[klick](https://evil.example)": "1", "lang": "de"}).run()
    assert at.warning
    assert "](https" not in at.warning[0].value  # escaped, so no link is rendered


# -- URL -----------------------------------------------------------------------------
def test_query_params_set_the_scenario(sample_customers):
    at = make_app({"capture_rate": "0.05", "horizon_years": "7", "lang": "de"}).run()
    assert_clean(at)
    assert not at.warning
    assert exact(at, "Kapitalwert (intern)") == norm(
        expected_npv(sample_customers, capture_rate=0.05, horizon_years=7)
    )
    assert norm(at.text_input(key="a__capture_rate").value) == "5 %"
    assert at.text_input(key="a__horizon_years").value == "7"
    link = at.code[0].value
    assert "capture_rate=0.05" in link and "horizon_years=7" in link and "lang=de" in link


def test_invalid_query_params_warn_and_are_ignored(sample_customers):
    at = make_app({"capture_rate": "abc", "foo": "1", "discount_rate": "0.1", "lang": "de"}).run()
    assert not at.exception
    assert len(at.warning) == 1
    text = unescape(at.warning[0].value)
    assert "capture_rate" in text and "foo" in text and "discount_rate" not in text
    assert at.session_state["assumptions"] == Assumptions(discount_rate=0.1)
    assert exact(at, "Kapitalwert (intern)") == norm(expected_npv(sample_customers, discount_rate=0.1))


def test_customer_data_never_in_link():
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("kunden_test.csv", GERMAN_CSV, "text/csv").run()
    link = at.code[0].value
    assert "K1" not in link and "kunden_test" not in link and "M%C3%BCller" not in link


# -- language --------------------------------------------------------------------------
def test_language_switch_changes_labels_and_numbers():
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/segments.py").run()
    assert metric(at, "Umsatzschwelle") == "8.593,75 €"
    assert "8 %" in norm(" ".join(m.value for m in at.markdown))
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert metric(at, "Revenue threshold") == "€8,593.75"
    assert "8%" in " ".join(m.value for m in at.markdown)
    assert at.title[0].value == "Threshold & segments"
    # the widget kept its value across the label change
    assert at.text_input(key="a__visits_per_day").value == "4"


def test_default_language_follows_locale():
    at = make_app(locale="en-US").run()
    assert metric(at, "Revenue threshold") == "€8,593.75"
    at2 = make_app({"lang": "de"}, locale="en-US").run()
    assert metric(at2, "Umsatzschwelle") == "8.593,75 €"


# -- formatting helpers --------------------------------------------------------------
@pytest.mark.parametrize("lang", ["de", "en"])
def test_series_formatting_matches_scalar(lang):
    values = pd.Series([0.0, 8593.75, -1234567.4, 12.5, float("nan")])
    money = fmt.money_series(values, lang).tolist()
    assert money[:4] == [fmt.money(v, lang) for v in values[:4]]
    assert money[4] == "–"
    rates = pd.Series([0.08, 0.125, 1.0])
    assert fmt.pct_series(rates, lang).tolist() == [fmt.pct(v, lang) for v in rates]


def test_german_and_english_formats():
    assert norm(fmt.money(8593.75, "de", cents=True)) == "8.593,75 €"
    assert fmt.money(8593.75, "en", cents=True) == "€8,593.75"
    assert norm(fmt.pct(0.08, "de")) == "8 %"
    assert fmt.pct(0.08, "en") == "8%"
    assert fmt.number(1234, "de") == "1.234"
    assert norm(fmt.money_short(1_234_567, "de")) == "1,2 Mio. €"


# -- robustness ------------------------------------------------------------------------
def test_two_sessions_do_not_share_data():
    first = make_app(locale="de-DE").run()
    second = make_app(locale="de-DE").run()
    first.switch_page("pages/data.py").run()
    first.file_uploader(key="upload").upload("kunden_test.csv", GERMAN_CSV, "text/csv").run()
    assert metric(first, "Kunden") == "5"
    second.switch_page("pages/data.py").run()
    assert metric(second, "Kunden") == "5.000"


def test_unexpected_error_shows_friendly_message(monkeypatch):
    import calc.views

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail /secret/path")

    monkeypatch.setattr(calc.views, "segment_table", broken)
    at = make_app(locale="de-DE").run()
    at.switch_page("pages/segments.py").run()
    assert not at.exception
    assert len(at.error) == 1
    assert "unerwarteter Fehler" in at.error[0].value
    assert "secret" not in at.error[0].value
    # the frame (sidebar) still works
    assert norm(at.text_input(key="a__capture_rate").value) == "3 %"


def test_override_from_link():
    at = make_app({"cost_per_visit": "200", "lang": "en"}).run()
    assert_clean(at)
    assert at.checkbox(key="a__cost_per_visit__on").value is True
    assert at.text_input(key="a__cost_per_visit").value == "200.00"
    at.switch_page("pages/segments.py").run()
    # 5 visits x €200 = €1,000; / 8% = €12,500
    assert metric(at, "Revenue threshold") == "€12,500.00"
    assert metric(at, "Care cost per customer and year") == "€1,000.00"
    assert "cost_per_visit=200" in at.code[0].value


def test_page_file_started_without_the_frame_runs_inside_it():
    """AppTest, like a fresh server's first request, runs in Streamlit's legacy pages/
    mode: switching to a page starts that page's file directly.  The page must still get
    the frame (sidebar, URL scenario) and render its body exactly once."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["capture_rate"] = "0.05"
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/business_case.py").run()
    assert not at.exception
    assert at.sidebar.text_input(key="a__capture_rate").value == "5%"
    assert [el.value for el in at.title] == ["Business case"]  # the body ran once
    npv = compute(read_data(ROOT / "sample_data" / "kunden.csv").customers, Assumptions(capture_rate=0.05))
    assert at.metric[0].label == "Net present value"
    assert exact(at, "Net present value") == fmt.money(npv.internal.npv_eur, "en")


def test_sidebar_help_states_unit_and_valid_range_in_the_ui_language():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "de"
    at.run()
    help_text = at.sidebar.text_input(key="a__capture_rate").help.replace("\xa0", " ")
    assert help_text.endswith("Gültiger Bereich: 0 % bis 100 %")
    assert at.sidebar.text_input(key="a__accounts_per_rep").help.endswith("Gültiger Bereich: 1 bis 5.000")
    english = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    english.query_params["lang"] = "en"
    english.run()
    assert english.sidebar.text_input(key="a__field_rep_annual_cost").help.endswith(
        "Valid range: €0 to €1,000,000")
