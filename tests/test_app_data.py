"""The data page and the data line of every page (issue 10, items 4, 5 and 7): what the figures rest on."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apptest_helpers import assert_clean, norm
from streamlit.testing.v1 import AppTest

from ui import data, keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = ["pages/overview.py", "pages/data.py", "pages/segments.py", "pages/potential.py",
         "pages/business_case.py", "pages/scenarios.py", "pages/risk.py", "pages/export.py", "pages/tracking.py"]

GERMAN_CSV = (
    "Kundennummer;Firma;Umsatz 2025\r\n"
    "K1;Müller Elektro GmbH;1.200,50\r\n"
    "K2;Schäfer & Söhne;15.000,00\r\n"
    "K3;Weiß KG;3.000,00\r\n"
).encode("cp1252")


def make_app(locale: str = "de-DE") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = locale
    return at


def captions(at: AppTest) -> list[str]:
    return [norm(c.value).replace("\\", "") for c in at.caption]


class TestReadWhen:
    """The time a data set was read, in the reader's local time and the UI language's format."""

    READ_AT = datetime(2026, 11, 29, 22, 5, 41, tzinfo=UTC)  # 23:05 in Berlin (CET, UTC+1)

    def dataset(self) -> data.Dataset:
        return data.Dataset(key="k", name="x.csv", is_sample=False, raw=b"", mapping=(), customers=None,
                            report=None, read_at=self.READ_AT)

    def test_german_format_in_berlin_time(self):
        assert data.read_when(self.dataset(), "de", ZoneInfo("Europe/Berlin")) == "29.11.2026, 23:05"

    def test_english_format_in_new_york_time(self):
        # 22:05 UTC is 17:05 in New York (EST, UTC-5)
        assert data.read_when(self.dataset(), "en", ZoneInfo("America/New_York")) == "Nov 29, 2026, 5:05\u202fPM"

    def test_a_new_dataset_is_stamped_now(self):
        before = datetime.now(UTC)
        ds = data.Dataset(key="k", name="x.csv", is_sample=False, raw=b"", mapping=(), customers=None, report=None)
        assert before <= ds.read_at <= datetime.now(UTC)


DE_TIME = r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_names_the_uploaded_data_and_when_it_was_read(page):
    at = make_app().run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("kunden_test.csv", GERMAN_CSV, "text/csv").run()
    assert_clean(at)
    at.switch_page(page).run()
    lines = [c for c in captions(at) if c.startswith("Daten: ")]
    assert len(lines) == 1, captions(at)
    assert re.fullmatch(rf"Daten: kunden_test\.csv · 3 Kunden · eingelesen am {DE_TIME}", lines[0]), lines[0]
    expected = data.read_when(at.session_state[keys.DATASET], "de")
    assert lines[0].endswith(expected)


def test_the_sample_is_named_with_its_read_time_in_english():
    at = make_app("en-US").run()
    lines = [c for c in captions(at) if c.startswith("Data: ")]
    assert len(lines) == 1, captions(at)
    assert re.fullmatch(r"Data: Sample data · 5,000 customers · read on [A-Z][a-z]{2} \d{1,2}, \d{4}, "
                        r"\d{1,2}:\d{2}\s[AP]M", lines[0]), lines[0]
