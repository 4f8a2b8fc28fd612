"""AppTest: a file above the upload limit is refused in the UI language with the way out; Parquet uploads.

The browser itself refuses a file larger than the uploader's ``max_upload_size`` at
once (with Streamlit's own English line); the page says in the UI language why and
what to do (``python -m calc aggregate``), next to the uploader and when a file
larger than the limit reaches the app anyway.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import streamlit as st
from apptest_helpers import assert_clean
from streamlit.testing.v1 import AppTest

from calc.readers import read_data
from calc.readers.parquet import write_customers
from ui import data, keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
LOG = ROOT / "sample_data" / "transaktionen.csv"


def data_page(lang: str) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = "de-DE" if lang == "de" else "en-US"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/data.py").run()
    assert_clean(at)
    return at


class TestUploadLimit:
    @pytest.mark.parametrize(
        ("lang", "expected"),
        [("de", f"größer als {data.MAX_UPLOAD_MB} MB"), ("en", f"larger than {data.MAX_UPLOAD_MB} MB")],
    )
    def test_a_file_above_the_limit_is_refused_in_the_ui_language_pointing_to_aggregate(self, lang, expected):
        at = data_page(lang)
        big = b"Kunden-Nr.;Datum;Betrag\n" + b"K1;01.01.2024;1,00\n" * (data.MAX_UPLOAD_MB * 1024 * 1024 // 18 + 10)
        assert len(big) > data.MAX_UPLOAD_MB * 1024 * 1024
        at.file_uploader(key="upload").upload("gross.csv", big, "text/csv").run()
        errors = [e.value for e in at.error]
        assert any(expected in e and "python -m calc aggregate" in e for e in errors), errors
        assert at.session_state[keys.DATASET].is_sample  # the data in force are kept

    def test_the_browser_refuses_at_once_and_the_page_says_what_to_do(self):
        at = data_page("de")
        uploader = at.file_uploader(key="upload")
        assert uploader.proto.max_upload_size_mb == data.MAX_UPLOAD_MB  # checked in the browser, before sending
        assert "parquet" in [t.lstrip(".") for t in uploader.proto.type]
        hints = [c.value for c in at.caption if "python -m calc aggregate" in c.value]
        assert hints and f"Größer als {data.MAX_UPLOAD_MB} MB?" in hints[0]


class TestParquetUpload:
    def test_an_aggregated_log_uploaded_as_parquet_brings_its_orders(self):
        read = read_data(LOG)
        buf = io.BytesIO()
        write_customers(buf, read.customers, read.orders)
        at = data_page("de")
        at.file_uploader(key="upload").upload("kunden.parquet", buf.getvalue(), "application/octet-stream").run()
        assert_clean(at)
        ds = at.session_state[keys.DATASET]
        assert not ds.is_sample and ds.name == "kunden.parquet"
        assert len(ds.customers) == len(read.customers) == 600
        assert ds.orders is not None and len(ds.orders) == len(read.orders)
        assert ds.report.encoding == "parquet"
