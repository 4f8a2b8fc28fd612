"""Tests of calc.limits (the limits and their messages) and calc.precheck (the streaming size check)."""

from __future__ import annotations

import io
import pickle
import tomllib
from pathlib import Path

import pytest
import xlsxwriter
from hostile_files import inline, number, sheet_xml, small_table_cells, xlsx_from_sheet_xml
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.errors import CalcError, DataError
from calc.limits import ENV_NAMES, LimitError, Limits, localised
from calc.precheck import check_size, check_upload, sheet_sizes

ROOT = Path(__file__).resolve().parent.parent


def col_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


class TestLimits:
    def test_defaults(self):
        lim = Limits()
        assert (lim.upload_mb, lim.rows, lim.columns, lim.cells) == (50, 2_000_000, 500, 20_000_000)
        assert lim.read_seconds == 60 and lim.read_memory_mb == 4096

    def test_environment_overrides_each_field(self):
        env = {
            "SMART_ACCOUNTS_MAX_UPLOAD_MB": "20", "SMART_ACCOUNTS_MAX_ROWS": "1_000",
            "SMART_ACCOUNTS_MAX_COLUMNS": "40", "SMART_ACCOUNTS_MAX_CELLS": "40000",
            "SMART_ACCOUNTS_READ_SECONDS": "2.5", "SMART_ACCOUNTS_READ_MEMORY_MB": "1024",
        }
        assert Limits.from_env(env) == Limits(20, 1000, 40, 40_000, 2.5, 1024)
        assert set(env) == set(ENV_NAMES.values())

    def test_empty_variable_keeps_default(self):
        assert Limits.from_env({"SMART_ACCOUNTS_MAX_ROWS": " "}) == Limits()

    @pytest.mark.parametrize("text", ["many", "1e9", "0", "-5"])
    def test_bad_variable_named(self, text):
        with pytest.raises(CalcError, match="SMART_ACCOUNTS_MAX_CELLS"):
            Limits.from_env({"SMART_ACCOUNTS_MAX_CELLS": text})

    def test_non_positive_limit_refused(self):
        with pytest.raises(CalcError, match="rows"):
            Limits(rows=0)

    def test_streamlit_upload_size_agrees(self):
        config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
        assert config["server"]["maxUploadSize"] == Limits().upload_mb

    def test_upload_bytes_in_mebibytes(self):
        assert Limits(upload_mb=2).upload_bytes == 2 * 1024 * 1024


class TestLimitError:
    def test_english_and_german_name_file_sheet_and_limit(self):
        err = LimitError("cells", allowed=20_000_000, found=702_000_000, file="b.xlsx", sheet="Daten")
        assert str(err) == (
            "file 'b.xlsx': worksheet 'Daten' spans 702,000,000 cells; at most 20,000,000 are accepted: "
            "upload a smaller extract"
        )
        assert err.message("de") == (
            "Datei „b.xlsx“: das Arbeitsblatt „Daten“ umfasst 702.000.000 Zellen; höchstens 20.000.000 sind "
            "erlaubt: laden Sie einen kleineren Auszug hoch"
        )

    def test_is_a_data_error(self):
        assert isinstance(LimitError("rows", allowed=1, found=2), DataError)

    def test_survives_pickling(self):
        err = LimitError("read_seconds", allowed=60, file="x.csv")
        back = pickle.loads(pickle.dumps(err))
        assert (back.limit, back.allowed, back.file, str(back)) == ("read_seconds", 60, "x.csv", str(err))

    def test_fraction_in_german(self):
        assert "2,5 Sekunden" in LimitError("read_seconds", allowed=2.5).message("de")

    def test_localised_other_errors_unchanged(self):
        err = DataError("the file is empty", file="a.csv")
        assert localised(err, "de") == str(err)
        assert localised(LimitError("columns", allowed=5, found=9), "de").startswith("die Tabelle hat 9 Spalten")


class TestCheckSize:
    def test_at_the_limit_passes(self):
        check_size(50 * 1024 * 1024, limits=Limits(upload_mb=50))

    def test_one_byte_over_refused(self):
        with pytest.raises(LimitError) as err:
            check_size(50 * 1024 * 1024 + 1, filename="x.csv", limits=Limits(upload_mb=50))
        assert err.value.limit == "upload_mb" and err.value.allowed == 50


def xlsxwriter_book(rows: list[list[object]]) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet("Daten")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    book.close()
    return buf.getvalue()


class TestSheetSizes:
    def test_real_workbook_measured_exactly(self):
        # 1 header + 4 data rows, 3 columns: A1:C5, 15 cells
        data = xlsxwriter_book([["Kundennummer", "Name", "Umsatz"]] + [[i, f"K{i}", 10 * i] for i in range(4)])
        (size,) = sheet_sizes(data)
        assert (size.name, size.max_row, size.max_column, size.cells) == ("Daten", 5, 3, 15)
        assert (size.declared_rows, size.declared_columns) == (5, 3)
        assert size.has_numbers

    def test_declared_range_beyond_limit_refused(self):
        data = xlsx_from_sheet_xml(sheet_xml(small_table_cells(), "A1:XFD1048576"))
        with pytest.raises(LimitError) as err:
            sheet_sizes(data, filename="d.xlsx")
        assert (err.value.limit, err.value.found, err.value.sheet) == ("columns", 16_384, "Sheet1")

    def test_cell_beyond_a_small_declared_range_refused(self):
        cells = small_table_cells() + f'<row r="900">{number("AAA900", 1)}</row>'  # AAA = column 703
        data = xlsx_from_sheet_xml(sheet_xml(cells, "A1:B4"))
        with pytest.raises(LimitError) as err:
            sheet_sizes(data)
        assert (err.value.limit, err.value.found) == ("columns", 703)

    def test_cells_limit_is_rows_times_columns(self):
        # 100 columns x 1,000 rows = 100,000 cells: over a limit of 99,999, at a limit of 100,000
        data = xlsx_from_sheet_xml(sheet_xml(small_table_cells() + f'<row r="1000">{number("CV1000", 1)}</row>'))
        with pytest.raises(LimitError) as err:
            sheet_sizes(data, limits=Limits(cells=99_999))
        assert (err.value.limit, err.value.found) == ("cells", 100_000)
        assert sheet_sizes(data, limits=Limits(cells=100_000))[0].cells == 9

    def test_rows_limit_allows_a_header_row(self):
        data = xlsx_from_sheet_xml(sheet_xml(small_table_cells(rows=3)))  # rows 1-4
        assert sheet_sizes(data, limits=Limits(rows=3))[0].max_row == 4
        with pytest.raises(LimitError, match="reaches row 4"):
            sheet_sizes(data, limits=Limits(rows=2))

    @pytest.mark.parametrize(
        "cell",
        [
            '<c s="0" r="ZZ7"><v>1</v></c>',  # reference not first
            "<c r='ZZ7'><v>1</v></c>",  # single quotes
            '<c r = "ZZ7"><v>1</v></c>',  # spaces around =
            '<c r="zz7"><v>1</v></c>',  # lower case letters
            '<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="ZZ7"><x:v>1</x:v></x:c>',
        ],
    )
    def test_unusual_spellings_of_a_reference_found(self, cell):
        data = xlsx_from_sheet_xml(sheet_xml(small_table_cells() + f'<row r="7">{cell}</row>'))
        with pytest.raises(LimitError) as err:
            sheet_sizes(data)
        assert err.value.found == 702  # ZZ

    def test_cells_without_reference_take_their_position(self):
        # row 9 has three cells without r: they land in A9, B9, C9; the next row (no r) is row 10
        cells = small_table_cells() + '<row r="9"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row><row><c><v>4</v></c></row>'
        (size,) = sheet_sizes(xlsx_from_sheet_xml(sheet_xml(cells)))
        assert (size.max_row, size.max_column, size.cells) == (10, 3, 12)

    def test_row_without_reference_far_down_refused(self):
        cells = small_table_cells() + '<row r="1048576"><c><v>1</v></c></row>'
        with pytest.raises(LimitError, match="reaches row 1,048,576"):
            sheet_sizes(xlsx_from_sheet_xml(sheet_xml(cells)), limits=Limits(rows=1000))

    def test_stops_after_the_first_sheet_with_numbers(self):
        bomb = sheet_xml(small_table_cells() + f'<row r="5">{number("XFD5", 1)}</row>')
        sizes = sheet_sizes(xlsx_from_sheet_xml(("Daten", sheet_xml(small_table_cells())), ("Pivot", bomb)))
        assert [s.name for s in sizes] == ["Daten"]

    def test_text_only_first_sheet_does_not_stop_the_check(self):
        text_only = sheet_xml(f'<row r="1">{inline("A1", "Notiz")}</row>')
        bomb = sheet_xml(small_table_cells() + f'<row r="5">{number("XFD5", 1)}</row>')
        with pytest.raises(LimitError) as err:
            sheet_sizes(xlsx_from_sheet_xml(("Notizen", text_only), ("Daten", bomb)))
        assert err.value.sheet == "Daten"

    def test_named_sheet_checked_alone(self):
        bomb = sheet_xml(small_table_cells() + f'<row r="5">{number("XFD5", 1)}</row>')
        data = xlsx_from_sheet_xml(("Pivot", bomb), ("Daten", sheet_xml(small_table_cells())))
        assert [s.name for s in sheet_sizes(data, sheet="Daten")] == ["Daten"]
        assert [s.name for s in sheet_sizes(data, sheet=1)] == ["Daten"]
        with pytest.raises(LimitError):
            sheet_sizes(data, sheet="Pivot")

    def test_not_a_zip_left_to_the_reader(self):
        assert sheet_sizes(b"PK\x03\x04 broken") == []

    @settings(max_examples=40, deadline=None)
    @given(
        refs=st.lists(st.tuples(st.integers(1, 3000), st.integers(1, 80)), min_size=1, max_size=60),
        style=st.sampled_from(["fast", "late", "quote"]),
    )
    def test_maxima_equal_the_largest_reference(self, refs, style):
        def cell(r, c):
            ref = f"{col_letters(c)}{r}"
            return {"fast": f'<c r="{ref}"><v>1</v></c>', "late": f'<c t="n" r="{ref}"><v>1</v></c>',
                    "quote": f"<c r='{ref}'><v>1</v></c>"}[style]

        xml = sheet_xml("".join(f'<row r="{r}">{cell(r, c)}</row>' for r, c in refs))
        (size,) = sheet_sizes(xlsx_from_sheet_xml(xml), limits=Limits(cells=10**9))
        assert size.max_row == max(r for r, _ in refs)
        assert size.max_column == max(c for _, c in refs)
        assert size.cells == len(refs)


class TestCheckUploadText:
    def test_header_fields_counted_for_the_best_separator(self):
        check_upload(b"a;b;c\n1;2;3\n", limits=Limits(columns=3))
        with pytest.raises(LimitError, match="has 4 columns; at most 3"):
            check_upload(b"a;b;c;d\n1;2;3;4\n", filename="x.csv", limits=Limits(columns=3))

    def test_quoted_separator_not_counted(self):
        check_upload(b'"a;b";c\n1;2\n', limits=Limits(columns=2))

    def test_utf16_without_bom_counted(self):
        data = "a\tb\tc\td\r\n1\t2\t3\t4\r\n".encode("utf-16-le")
        with pytest.raises(LimitError, match="4 columns"):
            check_upload(data, limits=Limits(columns=3))

    def test_leading_blank_lines_skipped(self):
        with pytest.raises(LimitError, match="4 columns"):
            check_upload(b"\r\n\r\na,b,c,d\n", limits=Limits(columns=3))
