"""AppTest tests of shared cases: share with data, open a ``?case=`` link, the case file."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apptest_helpers import metric, norm
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.cases import CaseNotFoundError, CaseStore, case_to_bytes
from calc.readers import read_data
from ui import fmt, keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
NPV = "Kapitalwert (intern)"

# The same five customers as tests/test_app.py's GERMAN_CSV (a file the sample is not).
GERMAN_CSV = (
    "Kundennummer;Firma;Umsatz 2024;Umsatz 2025;Mitarbeiter;Besuche\r\n"
    "K1;Müller Elektro GmbH;1.200,50;2.000,00;2;1\r\n"
    "K2;Schäfer & Söhne;15.000,00;20.000,00;10;4\r\n"
    "K3;Weiß KG;3.000,00;0,00;3;0\r\n"
    "K4;Groß AG;500,00;900,00;12;2\r\n"
    "K5;Bäcker OHG;0,00;0,00;1;0\r\n"
).encode("cp1252")
SCENARIO = {"capture_rate": "0.05"}


@pytest.fixture()
def store_dir(tmp_path, monkeypatch) -> Path:
    """Every session of a test shares this store directory, as the processes of a host do."""
    monkeypatch.setenv("CASE_STORE_URL", str(tmp_path / "cases"))
    return tmp_path / "cases"


def make_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.context["locale"] = "de-DE"
    return at


def uploaded_session() -> AppTest:
    at = make_app({"lang": "de", **SCENARIO}).run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("kunden_test.csv", GERMAN_CSV, "text/csv").run()
    return at


def expected_npv() -> str:
    """By hand: the five customers read by calc, the scenario of the link, the German money format."""
    customers = read_data(GERMAN_CSV, filename="kunden_test.csv").customers
    return norm(fmt.money(compute(customers, Assumptions(capture_rate=0.05)).internal.npv_eur, "de"))


def overview_npv(at: AppTest) -> str:
    at.switch_page("pages/overview.py").run()
    return metric(at, NPV)


def share(at: AppTest) -> tuple[str, str]:
    at.button(key="share_with_data").click().run()
    case_id, secret, _ = at.session_state[keys.CASE_CREATED]
    return case_id, secret


def texts(at: AppTest) -> str:
    return " ".join(str(x.value) for kind in (at.warning, at.info, at.success, at.error, at.caption) for x in kind)


class TestShareWithData:
    def test_a_second_session_opens_the_same_figures(self, store_dir):
        first = uploaded_session()
        npv = overview_npv(first)
        assert npv == expected_npv()
        case_id, _ = share(first)
        assert len(case_id) >= 32  # 24 random bytes, base64: at least 128 bits
        assert first.query_params["case"] == case_id
        second = make_app({"lang": "de", "case": case_id}).run()
        assert not second.exception
        assert metric(second, NPV) == npv
        assert second.session_state[keys.ASSUMPTIONS] == Assumptions(capture_rate=0.05)
        assert "kunden" in texts(second).replace("\\", "")  # the data in use is named

    def test_a_reload_keeps_the_case(self, store_dir):
        first = uploaded_session()
        npv = overview_npv(first)
        case_id, _ = share(first)
        opened = make_app({"lang": "de", "case": case_id}).run()
        url = {k: opened.query_params[k] for k in opened.query_params}
        assert url["case"] == case_id
        reloaded = make_app(url).run()
        assert metric(reloaded, NPV) == npv

    def test_the_plain_share_link_carries_no_case(self, store_dir):
        first = uploaded_session()
        case_id, _ = share(first)
        plain = first.sidebar.code[0].value
        assert "case=" not in plain and case_id not in plain
        assert "case=" + case_id in first.sidebar.code[1].value

    def test_the_sample_cannot_be_shared_with_data(self, store_dir):
        at = make_app().run()
        assert at.button(key="share_with_data").disabled

    def test_the_button_names_the_hosts_expiry_and_nothing_is_stored_before_it_is_pressed(
        self, store_dir, monkeypatch
    ):
        monkeypatch.setenv("CASE_TTL_DAYS", "3")
        at = uploaded_session()
        assert "nach 3 Tagen" in at.button(key="share_with_data").help
        assert not store_dir.exists()
        _, _ = share(at)
        assert len(list(store_dir.glob("*.case"))) == 1

    def test_delete_removes_the_case_and_the_id_from_the_url(self, store_dir):
        first = uploaded_session()
        case_id, _ = share(first)
        first.button(key="delete_case").click().run()
        assert "case" not in first.query_params
        with pytest.raises(CaseNotFoundError):
            CaseStore(store_dir).load(case_id)

    def test_nothing_of_the_case_is_logged(self, store_dir, caplog):
        caplog.set_level(logging.DEBUG)
        first = uploaded_session()
        case_id, secret = share(first)
        make_app({"case": case_id}).run()
        for secret_text in (case_id, secret, "Müller", "Schäfer"):
            assert secret_text not in caplog.text


class TestBrokenLinks:
    def test_unknown_case_falls_back_to_the_sample_with_a_note(self, store_dir):
        at = make_app({"case": "x" * 32}).run()
        assert not at.exception
        shown = texts(at)
        assert "keinen geteilten Fall" in shown and "Beispieldaten" in shown
        assert at.session_state[keys.DATASET].is_sample
        assert "case" not in at.query_params

    def test_expired_case_says_so(self, store_dir):
        customers = read_data(GERMAN_CSV, filename="k.csv").customers
        past = CaseStore(store_dir, clock=lambda: datetime.now(UTC) - timedelta(days=30))
        shared = past.save(customers, Assumptions(), ttl_days=1)
        at = make_app({"case": shared.case_id}).run()
        assert "abgelaufen" in texts(at)
        assert at.session_state[keys.DATASET].is_sample

    def test_a_malformed_id_is_refused_without_reading_anything(self, store_dir):
        at = make_app({"case": "../../etc/passwd"}).run()
        assert not at.exception
        assert "keinen geteilten Fall" in texts(at)


class TestCaseFile:
    def test_download_then_upload_gives_the_same_figures(self, store_dir):
        first = uploaded_session()
        npv = overview_npv(first)
        ds = first.session_state[keys.DATASET]
        blob = case_to_bytes(ds.customers, first.session_state[keys.ASSUMPTIONS], name=ds.name)
        second = make_app().run()
        second.switch_page("pages/data.py").run()
        second.file_uploader(key="upload_case_file").upload("fall.zip", blob, "application/zip").run()
        assert not second.exception
        assert second.session_state[keys.ASSUMPTIONS] == Assumptions(capture_rate=0.05)
        assert overview_npv(second) == npv == expected_npv()

    def test_a_damaged_case_file_is_refused_and_the_data_stays(self, store_dir):
        at = make_app().run()
        at.switch_page("pages/data.py").run()
        at.file_uploader(key="upload_case_file").upload("fall.zip", b"not a zip", "application/zip").run()
        assert any("keine ZIP-Datei" in str(e.value).replace("\\", "") for e in at.error), [e.value for e in at.error]
        assert at.session_state[keys.DATASET].is_sample

    def test_the_data_page_offers_the_download(self, store_dir):
        at = make_app().run()
        at.switch_page("pages/data.py").run()
        labels = [str(getattr(e, "label", "")) for e in at.get("download_button")]
        assert "Falldatei herunterladen" in labels
