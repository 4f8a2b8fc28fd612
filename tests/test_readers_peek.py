"""calc.readers.peek: a refused file's headers, first rows and missing columns; calc.columns.suggest_header."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from calc.columns import recognise_header, suggest_header
from calc.errors import DataError
from calc.readers import read_data
from calc.readers.peek import PEEK_BYTES, missing_columns, peek

GERMAN = (
    "Kundennummer;Firma;Umsatz lfd. Jahr;Land\r\n"
    "D1;Elektro Kühn;12.500,00;Deutschland\r\n"
    "D2;Licht & Strom;800,00;Österreich\r\n"
).encode("cp1252")


class TestMissingColumns:
    def test_customer_table_without_revenue(self):
        assert missing_columns({"customer_id": 0, "name": 1}) == ("revenue",)

    def test_yearly_revenue_is_revenue(self):
        assert missing_columns({"customer_id": 0, "revenue_2024": 1}) == ()

    def test_transaction_lines_with_quantity_and_price_need_a_date(self):
        assert missing_columns({"customer_id": 0, "quantity": 1, "unit_price": 2}) == ("revenue",)
        assert missing_columns({"customer_id": 0, "quantity": 1, "unit_price": 2, "date": 3}) == ()

    def test_both_missing(self):
        assert missing_columns({"name": 0}) == ("customer_id", "revenue")


class TestPeek:
    def test_german_export_names_the_missing_revenue_and_keeps_the_cells_as_written(self):
        seen = peek(GERMAN, filename="export.csv")
        assert seen.file == "export.csv"
        assert seen.headers == ("Kundennummer", "Firma", "Umsatz lfd. Jahr", "Land")
        assert seen.missing == ("revenue",)
        assert seen.ignored == ("Umsatz lfd. Jahr", "Land")
        assert seen.recognised == {"Kundennummer": "customer_id", "Firma": "name"}
        assert seen.preview["Umsatz lfd. Jahr"].tolist() == ["12.500,00", "800,00"]
        assert seen.preview["Firma"].tolist() == ["Elektro Kühn", "Licht & Strom"]

    def test_the_mapping_that_fixes_it_leaves_nothing_missing_and_the_reader_agrees(self):
        mapping = {"Umsatz lfd. Jahr": "revenue"}
        assert peek(GERMAN, filename="export.csv", mapping=mapping).missing == ()
        assert read_data(GERMAN, filename="export.csv", mapping=mapping).customers["revenue"].tolist() == [12500.0, 800.0]

    def test_the_reader_refuses_what_peek_calls_missing(self):
        with pytest.raises(DataError):
            read_data(GERMAN, filename="export.csv")

    def test_preview_has_the_first_rows_only(self):
        body = "".join(f"K{i};{i},00\r\n" for i in range(50))
        seen = peek(("Kd;Betrag gesamt\r\n" + body).encode(), rows=3)
        assert seen.preview["Kd"].tolist() == ["K0", "K1", "K2"]
        assert seen.missing == ("customer_id", "revenue")

    def test_a_large_text_file_is_peeked_at_from_its_head(self, monkeypatch):
        import calc.readers.peek as module

        seen_bytes = []
        real = module.read_raw
        monkeypatch.setattr(module, "read_raw", lambda data, *a, **k: seen_bytes.append(data) or real(data, *a, **k))
        line = "K{};Elektro;1.000,00;Deutschland\r\n"
        body = "".join(line.format(i) for i in range(PEEK_BYTES // 10))
        data = ("Kundennummer;Firma;Umsatz lfd. Jahr;Land\r\n" + body).encode()
        assert len(data) > 2 * PEEK_BYTES
        seen = peek(data, filename="big.csv", rows=2)
        assert seen.preview["Kundennummer"].tolist() == ["K0", "K1"]
        assert seen.missing == ("revenue",)
        (head,) = seen_bytes
        assert len(head) <= PEEK_BYTES and head.endswith(b"\r\n") and data.startswith(head)

    def test_workbook(self):
        wb = Workbook()
        ws = wb.active
        ws.append(["Kunden-Nr.", "Umsatz lfd. Jahr"])
        ws.append(["A1", 1200.5])
        buf = io.BytesIO()
        wb.save(buf)
        seen = peek(buf.getvalue(), filename="export.xlsx")
        assert seen.missing == ("revenue",)
        assert seen.preview["Umsatz lfd. Jahr"].tolist() == ["1200.5"]

    def test_a_file_that_is_not_a_table_raises_the_readers_error(self):
        with pytest.raises(DataError):
            peek(b"", filename="empty.csv")


class TestSuggestHeader:
    @pytest.mark.parametrize("header", ["Country", "Land", "LAND", "Country/Region", "Länderkennzeichen"])
    def test_a_country_is_suggested_as_the_region(self, header):
        assert suggest_header(header) == "region"
        assert recognise_header(header) is None  # only suggested, never taken on its own

    def test_not_suggested_where_a_region_is_already_in_use(self):
        assert suggest_header("Country", taken={"region"}) is None

    def test_bundesland_stays_a_region_of_its_own(self):
        assert recognise_header("Bundesland") == "region"
        assert suggest_header("Umsatz lfd. Jahr") is None
