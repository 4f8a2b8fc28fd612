"""Per-session memory: sessions on the sample data share one copy of it; an upload is held once."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import keys

ROOT = Path(__file__).resolve().parent.parent


def _session(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    return at.run()


class TestSampleShared:
    def test_two_sessions_hold_the_same_customer_table_not_copies(self):
        one, two = _session("de"), _session("en")
        a, b = one.session_state[keys.DATASET], two.session_state[keys.DATASET]
        assert a.is_sample and b.is_sample
        assert a.customers is b.customers

    def test_a_sample_session_keeps_no_file_bytes_and_no_result_of_its_own(self):
        at = _session()
        assert at.session_state[keys.DATASET].raw == b""
        assert keys.RESULT_MEMO not in at.session_state


class TestUploadHeldOnce:
    def test_an_upload_is_the_sessions_own_and_keeps_its_bytes(self, tmp_path):
        path = tmp_path / "k.csv"
        path.write_text("Kundennummer;Umsatz 2024\n1;100\n2;250\n", encoding="utf-8")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state[keys.TEST_DATA_PATH] = str(path)
        at.run()
        ds = at.session_state[keys.DATASET]
        assert not ds.is_sample and ds.raw == path.read_bytes()
        assert ds.customers["revenue_2024"].tolist() == [100.0, 250.0]
        assert at.session_state[keys.RESULT_MEMO][0] == ds.key  # its result memoised in the session
