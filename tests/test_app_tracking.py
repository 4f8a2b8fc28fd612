"""AppTest of the page "One year later" / "Ein Jahr danach" and the plan on the export page (issue 9).

The round trip: the sample's plan (default scenario) tracked against the sample's following year, once
through the CLI (``python -m calc plan`` / ``track``), once through calc directly and once in the app; the
app must show the same verdicts and figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from apptest_helpers import assert_clean, norm
from hypothesis import given
from hypothesis import strategies as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.readers import read_data
from calc.report import check_figures
from calc.texts import Formatter, text
from calc.tracking import CHECKS, make_plan, track
from ui import fmt
from ui.tracking import parse_amount

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "pages/tracking.py"
EXPORT = "pages/export.py"
SAMPLE = ROOT / "sample_data" / "kunden.csv"
FOLLOWUP = ROOT / "sample_data" / "kunden_folgejahr.csv"
VOLUMES = dict(market_volume_segment_eur=60_000_000.0, market_volume_total_eur=900_000_000.0)
ICONS = {"met": ":green[:material/check_circle:", "not_met": ":red[:material/cancel:",
         "cannot_tell": ":gray[:material/help:"}

#: the two market-volume fields of the page (the sidebar has text fields too)
VOLUME_KEYS = ("track_vol_segment", "track_vol_total")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


@pytest.fixture(scope="module")
def cli(tmp_path_factory) -> dict:
    """The CLI's plan file (text) and its tracking JSON (with the sample's market volumes)."""
    path = tmp_path_factory.mktemp("cli") / "plan.json"
    out = run_cli("plan", str(SAMPLE), "-o", str(path))
    assert out.returncode == 0, out.stderr
    tracked = run_cli("track", str(path), str(FOLLOWUP), "--set", "market_volume_segment=60000000",
                      "--set", "market_volume_total=900000000")
    assert tracked.returncode == 0, tracked.stderr
    return {"plan": path.read_text(encoding="utf-8"), "track": json.loads(tracked.stdout)}


@pytest.fixture(scope="module")
def expected():
    """calc.tracking.track on the same files, as the app reads them."""
    plan = make_plan(compute(read_data(SAMPLE).customers, Assumptions()), source=SAMPLE.name)
    return track(plan, read_data(FOLLOWUP).customers, **VOLUMES)


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every download button's bytes by file name (AppTest does not expose them)."""
    seen: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            seen[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return seen


def open_page(lang: str, page: str = PAGE) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["locale"] = "de-DE" if lang == "de" else "en-US"
    at.run()
    at.switch_page(page).run()
    assert_clean(at)
    return at


def verdicts_shown(at: AppTest) -> list[str]:
    """The verdict lines (``### :green[✅ met]``) in the order shown."""
    return [norm(m.value) for m in at.markdown if m.value.startswith("### :")]


def metric_pairs(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, norm(m.value)) for m in at.metric]


def figure_pairs(at: AppTest) -> list[tuple[str, str]]:
    """The checks' ``#### Target: ...`` / ``#### Actual: ...`` lines as (label, figure), in order."""
    lines = [line[5:] for m in at.markdown if m.value.startswith("#### ") for line in m.value.split("\n")]
    return [(label, norm(figure)) for label, _, figure in (line.partition(": ") for line in lines)]


def check_labels_shown(at: AppTest) -> list[str]:
    return [m.value.strip("*") for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]


class TestSampleInOneClick:
    @pytest.mark.parametrize("lang", ["de", "en"])
    def test_six_verdicts_and_figures_equal_calc(self, lang, expected):
        at = open_page(lang)
        assert any(text("track_need_both", lang) in i.value for i in at.info)
        at.button(key="track_sample").click().run()
        assert_clean(at)
        # the six checks in order: label, verdict (icon + word), target and actual as calc formats them
        assert check_labels_shown(at)[:6] == [c.label(lang) for c in expected.checks]
        assert [c.name for c in expected.checks] == list(CHECKS)
        shown = verdicts_shown(at)
        assert len(shown) == 6
        for line, check in zip(shown, expected.checks, strict=True):
            assert line == f"### {ICONS[check.verdict]} {text('verdict_' + check.verdict, lang)}]"
        pairs = figure_pairs(at)
        target, actual = text("track_target", lang), text("track_actual", lang)
        figures = [(target, norm(t)) for t, _ in (check_figures(c, lang) for c in expected.checks)]
        actuals = [(actual, norm(a)) for _, a in (check_figures(c, lang) for c in expected.checks)]
        assert [p for p in pairs if p[0] == target] == figures
        assert [p for p in pairs if p[0] == actual] == actuals
        # each reason in the UI language
        captions = " ".join(c.value.replace("\\", "") for c in at.caption)
        for check in expected.checks:
            assert check.reason(lang) in captions
        # revenue: baseline, plan, actual
        pairs = metric_pairs(at)
        fmt = Formatter(lang)
        assert (text("track_rev_baseline", lang), norm(fmt.money(expected.revenue_baseline_eur, cents=False))) in pairs
        assert (text("track_rev_plan", lang), norm(fmt.money(expected.revenue_plan_eur, cents=False))) in pairs
        assert (text("track_rev_actual", lang, year=expected.year),
                norm(fmt.money(expected.revenue_actual_eur, cents=False))) in pairs
        counts = {v: sum(c.verdict == v for c in expected.checks) for v in ICONS}
        assert at.header[0].value == text("track_summary", lang, met=counts["met"], not_met=counts["not_met"],
                                          cannot=counts["cannot_tell"])
        # the two lists: as many customers as calc finds, each with a CSV download
        body = " ".join(norm(m.value) for m in at.markdown)
        assert norm(text("track_recl_caption", lang, to_key=fmt.num(expected.to_key),
                         potential=fmt.num(expected.to_potential))) in body
        assert norm(text("track_churn_caption", lang, n=fmt.num(len(expected.churned_customers)), year=expected.year,
                         missing=fmt.num(int(expected.churned_customers["missing"].sum())))) in body
        labels = [b.label for b in at.get("download_button")]
        assert text("track_recl_download", lang) in labels and text("track_churn_download", lang) in labels

    def test_the_app_shows_what_the_cli_prints(self, cli, expected):
        """Same verdicts and key figures in the CLI's JSON, in calc, and (via calc) in the app above."""
        d = expected.to_dict()
        assert {k: v["verdict"] for k, v in cli["track"]["checks"].items()} == {
            k: v["verdict"] for k, v in d["checks"].items()}
        for part in ("revenue", "churn", "reclustered", "market_share", "payback", "margin"):
            assert cli["track"][part] == d[part], part
        assert cli["track"]["qualified_share"] == d["qualified_share"]
        at = open_page("en")
        at.button(key="track_sample").click().run()
        pairs = figure_pairs(at)
        fmt = Formatter("en")
        assert ("Actual", fmt.money(cli["track"]["revenue"]["actual"], cents=False)) in pairs
        assert ("Actual", fmt.pct(cli["track"]["churn"]["actual"], digits=1)) in pairs
        assert ("Actual", fmt.pct(cli["track"]["payback"]["recovered"], digits=1)) in pairs


class TestBadInputs:
    @pytest.mark.parametrize("raw, name", [
        (b"{ not json", "kaputt.json"),
        (json.dumps({"capture_rate": 0.05}).encode(), "szenario.json"),
        (b"\xff\xfe\x00garbage", "binary.json"),
    ])
    def test_a_bad_plan_file_gives_the_message_and_keeps_the_plan(self, raw, name, expected):
        at = open_page("de")
        at.button(key="track_sample").click().run()
        before = verdicts_shown(at)
        at.file_uploader(key="track_plan_upload").upload(name, raw, "application/json").run()
        assert not at.exception
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and "Diese Datei ist kein lesbarer Plan" in errors[0]
        assert "Der bisher geladene Plan bleibt" in errors[0]
        assert verdicts_shown(at) == before  # the sample plan is still in force
        assert any("plan\\_kunden\\.json" in m.value for m in at.markdown)

    def test_bad_following_year_keeps_what_was_loaded(self):
        at = open_page("en")
        at.button(key="track_sample").click().run()
        before = verdicts_shown(at)
        at.file_uploader(key="track_data_upload").upload("bad.csv", b"Name;Ort\r\nA;B\r\n", "text/csv").run()
        assert not at.exception
        assert len(at.error) == 1 and "could not be used" in at.error[0].value
        assert verdicts_shown(at) == before

    def test_data_of_the_plan_year_itself(self):
        at = open_page("de")
        at.button(key="track_sample").click().run()
        at.file_uploader(key="track_data_upload").upload("kunden.csv", SAMPLE.read_bytes(), "text/csv").run()
        assert not at.exception
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and errors[0].startswith("Plan und Daten passen nicht zusammen")
        assert "2025" in errors[0] and not verdicts_shown(at)

    def test_a_market_volume_that_is_no_amount(self, expected):
        at = open_page("en")
        at.button(key="track_sample").click().run()
        at.text_input(key="track_vol_total").set_value("lots").run()
        assert not at.exception
        assert len(at.error) == 1 and "'lots' is not an amount above 0" in at.error[0].value
        assert ":material/help: cannot tell" in verdicts_shown(at)[CHECKS.index("market_share")]

    def test_market_volumes_typed_in_german(self, expected):
        at = open_page("de")
        at.button(key="track_sample").click().run()
        assert [at.text_input(key=k).value for k in VOLUME_KEYS] == ["60.000.000", "900.000.000"]
        at.text_input(key="track_vol_segment").set_value("90.000.000,50").run()
        assert_clean(at)
        share = expected.revenue_actual_eur / 90_000_000.5
        assert ("Ist", norm(Formatter("de").pct(share, digits=1))) in figure_pairs(at)


    def test_volumes_follow_a_language_switch(self, expected):
        at = open_page("de")
        at.button(key="track_sample").click().run()
        at.text_input(key="track_vol_segment").set_value("90.000.000,5").run()
        at.radio(key="lang").set_value("en").run()
        assert_clean(at)
        assert [at.text_input(key=k).value for k in VOLUME_KEYS] == ["90,000,000.5", "900,000,000"]
        share = expected.revenue_actual_eur / 90_000_000.5
        assert ("Actual", Formatter("en").pct(share, digits=1)) in figure_pairs(at)


class TestExportPage:
    def test_plan_download_equals_the_cli_plan(self, cli, downloads):
        at = open_page("en", EXPORT)
        at.button(key="export_plan_build").click().run()
        assert_clean(at)
        files = [name for name in downloads if name.endswith(".json")]
        assert len(files) == 1 and files[0].startswith(text("file_plan", "en"))
        assert downloads[files[0]].decode("utf-8") == cli["plan"]

    def test_data_without_a_revenue_year_gives_no_plan_but_a_message(self, downloads):
        at = open_page("en", "pages/data.py")
        csv = b"Kundennummer;Umsatz\r\nK1;1.000,00\r\nK2;20.000,00\r\nK3;3.000,00\r\n"
        at.file_uploader(key="upload").upload("no_year.csv", csv, "text/csv").run()
        at.switch_page(EXPORT).run()
        at.button(key="export_plan_build").click().run()
        assert not at.exception
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and errors[0].startswith("No plan can be written for these data")
        assert not [name for name in downloads if name.endswith(".json")]
        assert at.button(key="export_report_build")  # the rest of the page is still there

    def test_report_gains_plan_against_actual_once_tracked(self, downloads, expected):
        at = open_page("de")
        at.button(key="track_sample").click().run()
        at.switch_page(EXPORT).run()
        assert_clean(at)
        assert any(text("export_report_with_tracking", "de") in c.value for c in at.caption)
        at.button(key="export_report_build").click().run()
        assert_clean(at)
        html = next(v for k, v in downloads.items() if k.endswith(".html")).decode("utf-8")
        assert text("rp_track_h", "de") in html
        for check in expected.checks:  # the market volumes came along from the tracking page
            assert check.reason("de") in html
        assert "✅" in html and "❌" in html

    def test_report_without_tracking_has_no_such_section(self, downloads):
        at = open_page("en", EXPORT)
        at.button(key="export_report_build").click().run()
        html = next(v for k, v in downloads.items() if k.endswith(".html")).decode("utf-8")
        assert text("rp_track_h", "en") not in html


class TestParseAmount:
    @pytest.mark.parametrize("typed, lang, value", [
        ("60.000.000", "de", 60_000_000.0), ("60,000,000", "en", 60_000_000.0), ("1.234,5", "de", 1234.5),
        ("60 000 000 €", "de", 60_000_000.0), ("€900,000,000", "en", 900_000_000.0), ("  ", "de", None),
    ])
    def test_amounts_in_the_ui_language(self, typed, lang, value):
        assert parse_amount(typed, lang) == value

    @pytest.mark.parametrize("typed, lang", [("1.5", "de"), ("60.000.000", "en"), ("0", "de"), ("-5", "en"),
                                             ("viel", "de"), ("NaN", "en")])
    def test_no_amount_above_zero_is_refused(self, typed, lang):
        with pytest.raises(ValueError):
            parse_amount(typed, lang)

    @given(x=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2),
           lang=st.sampled_from(["de", "en"]))
    def test_what_the_app_shows_reads_back(self, x, lang):
        assert parse_amount(fmt.smart_number(float(x), lang), lang) == pytest.approx(float(x), abs=1e-9)
