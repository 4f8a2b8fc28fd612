"""calc.readers.peek: a refused file's headers, first rows and missing columns; calc.columns.suggest_header."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from calc.columns import recognise_header, suggest_header
from calc.errors import DataError
from calc.readers import read_data
from calc.readers.peek import PEEK_BYTES, lines_without_customer_id, missing_columns, peek

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


LOG = (
    "Kunde;Datum;Betrag;Land\r\n"
    "K1;01.02.2025;1.000,00;Deutschland\r\n"
    ";02.02.2025;250,00;Österreich\r\n"
    "K2;03.02.2025;500,00;Deutschland\r\n"
    ";04.02.2025;250,00;Schweiz\r\n"
    "K1;05.02.2025;k.A.;Deutschland\r\n"
).encode()


class TestDroppedLines:
    """Rows left out for lack of a customer id: their count, their revenue and its share (issue 10, item 7)."""

    def test_transaction_log_revenue_and_share_of_the_lines_without_id(self):
        rep = read_data(LOG, filename="log.csv").report
        assert rep.kind == "transactions"
        assert rep.lines_without_customer_id == 2
        # by hand: 250 + 250 left out of 1,000 + 250 + 500 + 250 = 2,000 (the "k.A." line has no amount)
        assert rep.revenue_without_customer_id_eur == 500.0
        assert rep.revenue_total_eur == 2000.0
        assert rep.revenue_share_without_customer_id == 0.25
        assert rep.to_dict()["revenue_without_customer_id_eur"] == 500.0

    def test_customer_table_counts_the_newest_revenue_column(self):
        csv = b"Kundennummer;Umsatz 2024;Umsatz 2025\r\nA1;100;1.000\r\n;50;300\r\nA2;0;700\r\n"
        rep = read_data(csv, filename="k.csv").report
        assert rep.lines_without_customer_id == 1
        assert rep.revenue_without_customer_id_eur == 300.0  # 2025, the newest year
        assert rep.revenue_total_eur == 2000.0  # 1,000 + 300 + 700
        assert rep.revenue_share_without_customer_id == pytest.approx(0.15)

    def test_no_rows_left_out_no_revenue_left_out(self):
        rep = read_data(b"Kundennummer;Umsatz\r\nA1;100\r\n", filename="k.csv").report
        assert (rep.lines_without_customer_id, rep.revenue_without_customer_id_eur) == (0, 0.0)
        assert rep.revenue_share_without_customer_id == 0.0

    def test_no_revenue_at_all_has_no_share(self):
        rep = read_data(b"Kundennummer;Umsatz\r\nA1;0\r\n;0\r\n", filename="k.csv").report
        assert rep.lines_without_customer_id == 1
        assert rep.revenue_share_without_customer_id is None

    def test_the_rows_left_out_as_written_with_their_row_numbers(self):
        frame = lines_without_customer_id(LOG, filename="log.csv")
        assert frame["row"].tolist() == [3, 5]
        assert frame["Betrag"].tolist() == ["250,00", "250,00"]
        assert frame["Land"].tolist() == ["Österreich", "Schweiz"]
        assert list(frame.columns) == ["row", "Kunde", "Datum", "Betrag", "Land"]

    def test_the_same_mapping_finds_the_same_rows(self):
        csv = b"Nr;Umsatz\r\nA1;100\r\n;50\r\n"
        assert lines_without_customer_id(csv, mapping={"Nr": "customer_id"})["row"].tolist() == [3]
        assert lines_without_customer_id(csv)["row"].tolist() == []  # no id column: the reader refuses the file
