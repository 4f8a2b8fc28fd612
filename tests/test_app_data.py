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


FAILING_CSV = (
    "Kundennummer;Firma;Umsatz lfd. Jahr;Land\r\n"
    "D1;Elektro Kühn;12.500,00;Deutschland\r\n"
    "D2;Licht & Strom;800,00;Österreich\r\n"
    "D3;Kabel Maier;4.300,00;Deutschland\r\n"
    "D4;Schalter GmbH;150,00;Schweiz\r\n"
).encode("cp1252")


def pending_preview(at: AppTest):
    """The preview of the refused file (AppTest's dataframes carry no key): the one headed like the file."""
    return next(d.value for d in at.dataframe if "Umsatz lfd. Jahr" in d.value.columns)


def data_line(at: AppTest) -> str:
    return next(c for c in captions(at) if c.startswith(("Daten: ", "Data: ")))


class TestMappingOfARefusedFile:
    """Issue 10, item 5: a file refused for a missing column opens the mapping for that file."""

    def upload_both(self, locale: str) -> AppTest:
        at = make_app(locale).run()
        at.switch_page("pages/data.py").run()
        at.file_uploader(key="upload").upload("kunden_test.csv", GERMAN_CSV, "text/csv").run()
        assert_clean(at)
        at.file_uploader(key="upload").upload("export.csv", FAILING_CSV, "text/csv").run()
        assert not at.exception
        return at

    def test_german_the_mapping_shows_the_refused_file_and_a_second_try_reads_it(self):
        at = self.upload_both("de-DE")
        assert at.error and "export.csv" in at.error[0].value.replace("\\", "")
        # the panel is about the refused file, with its headers and first rows
        assert any("export.csv" in h.value.replace("\\", "") for h in at.subheader)
        assert any("weil diese Spalte fehlt: **Umsatz (der letzten 12 Monate, je Jahr, oder der Betrag je Beleg)**"
                   in w.value for w in at.warning)
        preview = pending_preview(at)
        assert list(preview.columns) == ["Kundennummer", "Firma", "Umsatz lfd. Jahr", "Land"]
        assert preview["Umsatz lfd. Jahr"].tolist() == ["12.500,00", "800,00", "4.300,00", "150,00"]
        # the previous data stay in force meanwhile, on this page and the others
        assert "kunden_test.csv · 3 Kunden" in data_line(at)
        at.switch_page("pages/segments.py").run()
        assert "kunden_test.csv · 3 Kunden" in data_line(at)
        at.switch_page("pages/data.py").run()
        revenue = at.selectbox(key="pending_map__0__Umsatz lfd. Jahr")
        assert revenue.value == ""
        revenue.set_value("revenue").run()
        at.button(key="pending_read").click().run()
        assert_clean(at)
        assert "export.csv · 4 Kunden" in data_line(at)
        assert not any("export.csv" in h.value.replace("\\", "") for h in at.subheader)

    def test_english_the_mapping_is_offered_in_english(self):
        at = self.upload_both("en-US")
        assert any("Map the columns of" in h.value for h in at.subheader)
        assert any("this column is missing: **revenue (of the last 12 months, per year, or the amount per invoice "
                   "line)**" in w.value for w in at.warning)
        assert "kunden_test.csv · 3 customers" in data_line(at)
        at.selectbox(key="pending_map__0__Umsatz lfd. Jahr").set_value("revenue").run()
        at.button(key="pending_read").click().run()
        assert_clean(at)
        assert "export.csv · 4 customers" in data_line(at)
        # the uploader's note of the file, an error before, now says it was read
        assert any("export.csv" in s.value.replace("\\", "") and "was read" in s.value for s in at.success)
        assert not at.error

    def test_a_country_column_is_offered_as_the_region(self):
        at = self.upload_both("de-DE")
        country = at.selectbox(key="pending_map__1__Land")
        assert country.value == "region"
        at.selectbox(key="pending_map__0__Umsatz lfd. Jahr").set_value("revenue").run()
        at.button(key="pending_read").click().run()
        assert_clean(at)
        ds = at.session_state[keys.DATASET]
        assert ds.customers["region"].tolist() == ["Deutschland", "Österreich", "Deutschland", "Schweiz"]

    def test_a_wrong_second_try_keeps_the_file_waiting_and_the_data_in_force(self):
        at = self.upload_both("de-DE")
        at.selectbox(key="pending_map__0__Umsatz lfd. Jahr").set_value("potential").run()
        at.button(key="pending_read").click().run()
        assert not at.exception
        assert at.error
        assert "kunden_test.csv · 3 Kunden" in data_line(at)
        assert pending_preview(at).shape == (4, 4)
        # the wrong choice stays on show and can be corrected: a third try reads the file
        at.run()
        assert at.error, "the failed try's message stays with the mapping"
        revenue = at.selectbox(key="pending_map__0__Umsatz lfd. Jahr")
        assert revenue.value == "potential"
        revenue.set_value("revenue").run()
        at.button(key="pending_read").click().run()
        assert_clean(at)
        assert "export.csv · 4 Kunden" in data_line(at)

    def test_discarding_the_file_closes_its_mapping(self):
        at = self.upload_both("de-DE")
        at.button(key="pending_drop").click().run()
        assert_clean(at)
        assert not any("export.csv" in h.value.replace("\\", "") for h in at.subheader)
        assert "kunden_test.csv · 3 Kunden" in data_line(at)


LOG = (
    b"Kunde;Datum;Betrag\r\n"
    b"K1;01.02.2025;1.000,00\r\n"
    b";02.02.2025;250,00\r\n"
    b"K2;03.02.2025;500,00\r\n"
    b";04.02.2025;250,00\r\n"
)


class TestDroppedLines:
    """Issue 10, item 7: lines without a customer id show their count and revenue beside the problem rows."""

    def upload(self, locale: str) -> AppTest:
        at = make_app(locale).run()
        at.switch_page("pages/data.py").run()
        at.file_uploader(key="upload").upload("log.csv", LOG, "text/csv").run()
        assert_clean(at)
        return at

    def test_german_count_revenue_and_share_and_a_download(self):
        at = self.upload("de-DE")
        # by hand: 2 lines of 250 EUR left out of 2,000 EUR read: 500 EUR, 25 %
        notes = [norm(w.value) for w in at.warning if "ohne Kundennummer" in w.value]
        assert notes == ["**2 Zeilen ohne Kundennummer** wurden nicht verwendet: 500 € Umsatz, 25,0 % des gesamten "
                         "Umsatzes der Datei. Diese Umsätze fehlen in allen Zahlen."]
        labels = [b.proto.label for b in at.get("download_button")]
        assert "Zeilen ohne Kundennummer als CSV herunterladen" in labels
        assert [s.value for s in at.success if "Problemzeilen" in s.value] == ["Sonst keine Problemzeilen."]

    def test_english(self):
        at = self.upload("en-US")
        notes = [norm(w.value) for w in at.warning if "without a customer ID" in w.value]
        assert len(notes) == 1 and "€500 of revenue, 25.0% of the file's total revenue" in notes[0], notes

    def test_sample_without_dropped_lines_shows_no_note(self):
        at = make_app().run()
        at.switch_page("pages/data.py").run()
        assert not [w for w in at.warning if "ohne Kundennummer" in w.value]

    def test_the_download_builds_the_rows_left_out(self):
        at = self.upload("de-DE")
        build = data.dropped_lines_csv(at.session_state[keys.DATASET])
        text = build().decode("utf-8-sig")
        lines = text.splitlines()
        assert len(lines) == 3, text  # header + 2 rows
        assert lines[1].startswith("3;") and lines[2].startswith("5;")
        assert "250,00" in lines[1]


def test_a_suggested_region_set_back_to_dont_use_is_not_used():
    at = TestMappingOfARefusedFile().upload_both("de-DE")
    at.selectbox(key="pending_map__1__Land").set_value("").run()
    at.selectbox(key="pending_map__0__Umsatz lfd. Jahr").set_value("revenue").run()
    at.button(key="pending_read").click().run()
    assert_clean(at)
    ds = at.session_state[keys.DATASET]
    assert dict(ds.mapping) == {"Umsatz lfd. Jahr": "revenue"}
    assert ds.customers["region"].isna().all()


def test_one_line_without_customer_id_is_named_in_the_singular():
    at = make_app().run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("k.csv", b"Kundennummer;Umsatz\r\nA1;300\r\n;100\r\n", "text/csv").run()
    assert_clean(at)
    # by hand: 100 of 400 EUR = 25 %
    notes = [norm(w.value) for w in at.warning if "ohne Kundennummer" in w.value]
    assert notes == ["**1 Zeile ohne Kundennummer** wurde nicht verwendet: 100 € Umsatz, 25,0 % des gesamten "
                     "Umsatzes der Datei. Dieser Umsatz fehlt in allen Zahlen."]


def test_a_file_without_a_recognised_customer_id_is_mapped_too():
    at = make_app().run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload("nr.csv", b"Nummer;Umsatz\r\nA1;300\r\nA2;100\r\n", "text/csv").run()
    assert not at.exception
    assert any("fehlt: **Kundennummer**" in w.value for w in at.warning)
    assert "Beispieldaten · 5.000 Kunden" in data_line(at)
    at.selectbox(key="pending_map__0__Nummer").set_value("customer_id").run()
    at.button(key="pending_read").click().run()
    assert_clean(at)
    assert "nr.csv · 2 Kunden" in data_line(at)
