"""Rows that cannot be trusted: short rows, mixed separators, NUL bytes, binary files.

Worked examples through :func:`calc.readers.read_data` and through the CLI
(``python -m calc summary FILE``). The rules are in the docstring of
``calc/readers/table.py`` (short rows, NUL bytes) and ``calc/readers/raw.py``
(binary files).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.errors import DataError
from calc.readers import Problem, read_data
from calc.readers.table import too_many_short_rows

ROOT = Path(__file__).resolve().parent.parent


def customers_csv(n: int, *, sep: str = ";", short: tuple[int, ...] = (), other_sep: tuple[int, ...] = (),
                  nul: tuple[int, ...] = ()) -> bytes:
    """Header ``Kundennummer;Name;Umsatz`` and ``n`` data rows; data row i (0-based) is file row i + 2.

    Customer ``K<i>`` has revenue ``1000 + i``. Rows in ``short`` lack the revenue
    field, rows in ``other_sep`` use ``,`` (or ``;`` if ``sep`` is ``,``), rows in
    ``nul`` have a NUL byte inside the name.
    """
    other = "," if sep == ";" else ";"
    lines = [sep.join(["Kundennummer", "Name", "Umsatz"])]
    for i in range(n):
        row_sep = other if i in other_sep else sep
        name = f"Firma{i}\x00X" if i in nul else f"Firma {i}"
        fields = [f"K{i}", name, str(1000 + i)]
        if i in short:
            fields = fields[:2]
        lines.append(row_sep.join(fields))
    return ("\n".join(lines) + "\n").encode("utf-8")


def revenue(result) -> dict[str, float]:
    return dict(zip(result.customers["customer_id"], result.customers["revenue"], strict=True))


class TestOneShortRow:
    def test_is_one_problem_row_and_the_other_rows_are_read(self):
        # 20 data rows (file rows 2-21); data row 5 (file row 7) has no revenue field.
        res = read_data(customers_csv(20, short=(5,)), filename="kunden.csv")
        assert len(res.customers) == 19
        assert "K5" not in set(res.customers["customer_id"])
        assert revenue(res)["K4"] == 1004.0 and revenue(res)["K6"] == 1006.0
        assert res.report.problems == (
            Problem(7, "Umsatz", "K5;Firma 5", "the row has 2 of 3 fields; missing: 'Umsatz'; the row is skipped"),
        )
        assert res.report.problems_total == 1
        assert res.report.rows_read == 20

    def test_warning_names_file_and_row(self):
        res = read_data(customers_csv(20, short=(5,)), filename="kunden.csv")
        assert res.report.warnings == (
            "1 row of file 'kunden.csv' has fewer fields than the header and is skipped (row 7); "
            "see the problem rows.",
        )

    def test_lists_every_missing_column(self):
        text = "Kundennummer;Name;Branche;Umsatz\n1;A;Bau;10\n2\n3;C;Bau;30\n"
        res = read_data(text.encode(), filename="k.csv")
        (problem,) = res.report.problems
        assert (problem.row, problem.column) == (3, "Name")
        assert "has 1 of 4 fields; missing: 'Name', 'Branche', 'Umsatz'" in problem.reason
        assert list(res.customers["customer_id"]) == ["1", "3"]

    def test_later_rows_keep_their_row_numbers(self):
        # file row 3 is short; file row 5 has an unusable revenue and must be reported as row 5
        text = "Kundennummer;Umsatz\n1;10\n2\n3;30\n4;viel\n"
        res = read_data(text.encode(), filename="k.csv")
        assert [(p.row, p.column) for p in res.report.problems] == [(3, "Umsatz"), (5, "Umsatz")]

    def test_row_numbers_count_leading_blank_lines(self):
        # two blank lines, header on row 3, data rows 4-6; row 5 is short
        text = "\n\nKundennummer;Umsatz;Name\n1;10;A\n2;20\n3;30;C\n"
        res = read_data(text.encode(), filename="k.csv")
        assert [p.row for p in res.report.problems] == [5]
        assert list(res.customers["customer_id"]) == ["1", "3"]

    def test_hints_at_the_other_separator(self):
        res = read_data(customers_csv(30, sep=",", other_sep=(9,)), filename="k.csv")
        (problem,) = res.report.problems
        assert problem.row == 11
        assert "(it seems to use semicolon ';' as separator)" in problem.reason
        assert len(res.customers) == 29

    def test_short_line_of_a_transaction_log_is_left_out(self):
        text = "Kundennummer;Datum;Betrag\n1;01.02.2024;100\n1;02.02.2024\n1;03.02.2024;50\n"
        res = read_data(text.encode(), filename="t.csv")
        assert res.report.kind == "transactions"
        assert res.customers["revenue_2024"].tolist() == [150.0]
        assert [(p.row, p.column) for p in res.report.problems] == [(3, "Betrag")]


class TestNotShort:
    def test_blank_and_whitespace_rows_are_no_problem(self):
        text = "Kundennummer;Name;Umsatz\n1;A;10\n   \n;;\n\n2;B;20\n"
        res = read_data(text.encode(), filename="k.csv")
        assert res.report.problems == () and res.report.warnings == ()
        assert list(res.customers["customer_id"]) == ["1", "2"]

    def test_trailing_empty_cell_of_the_last_tab_row_is_kept(self):
        text = "Kundennummer\tUmsatz\tName\n1\t10\tA\n2\t20\t\n"
        res = read_data(text.encode(), filename="k.tsv")
        assert res.report.problems == ()
        assert res.customers["revenue"].tolist() == [10.0, 20.0]

    def test_row_with_more_fields_is_still_refused(self):
        with pytest.raises(DataError, match="4 fields but the header has 3") as err:
            read_data(b"Kundennummer;Name;Umsatz\n1;A;1\n2;B\n3;C;3;4\n", filename="k.csv")
        assert err.value.row == 4


class TestManyShortRows:
    @pytest.mark.parametrize(
        ("short", "rows", "refused"),
        [(1, 1, False), (2, 3, False), (2, 40, False), (3, 40, True), (5, 100, False), (6, 100, True),
         (1_000, 1_000_000, False), (1_001, 1_000_000, True)],
    )
    def test_threshold(self, short, rows, refused):
        # more than 5 % of the data rows and more than two, or more than 1,000
        assert too_many_short_rows(short, rows) is refused

    def test_two_of_forty_are_problem_rows(self):
        res = read_data(customers_csv(40, short=(3, 30)), filename="k.csv")
        assert [p.row for p in res.report.problems] == [5, 32]
        assert len(res.customers) == 38

    def test_three_of_forty_refuse_the_file(self):
        with pytest.raises(DataError) as err:
            read_data(customers_csv(40, short=(3, 17, 30)), filename="k.csv")
        message = str(err.value)
        assert message.startswith("file 'k.csv': 3 of 40 data rows have fewer fields than the header's 3")
        assert "(first: rows 5, 19, 32)" in message and "semicolon ';'" in message

    def test_more_than_1000_short_rows_refuse_at_any_share(self):
        data = customers_csv(30_000, short=tuple(range(0, 30_000, 29)))  # 1,035 short rows = 3.45 %
        with pytest.raises(DataError, match="1,035 of 30,000 data rows have fewer fields"):
            read_data(data, filename="big.csv")

    def test_only_short_rows_refuse_the_file(self):
        with pytest.raises(DataError, match="1 of 1 data rows have fewer fields.*first: row 2"):
            read_data(b"Kundennummer;Name;Umsatz\n1;A\n", filename="k.csv")


class TestMixedSeparators:
    def test_issue_example_is_refused_naming_both_separators(self):
        # header with ',', every second of 50 rows with ';': 25 rows have 1 field of 3
        data = customers_csv(50, sep=",", other_sep=tuple(range(1, 50, 2)))
        with pytest.raises(DataError) as err:
            read_data(data, filename="gemischt.csv")
        assert str(err.value) == (
            "file 'gemischt.csv': the header separates its 3 columns with comma ',', but 25 of 50 data rows use "
            "semicolon ';' instead (first: rows 3, 5, 7, 9, 11): the file mixes two separators; export it again "
            "with one separator."
        )

    def test_semicolon_header_with_comma_rows(self):
        data = customers_csv(10, sep=";", other_sep=tuple(range(10)))
        with pytest.raises(DataError, match="separates its 3 columns with semicolon ';', but 10 of 10 data rows use comma ','"):
            read_data(data, filename="k.csv")


def _png() -> bytes:
    """A valid 1 x 1 PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


class TestNulBytes:
    def test_nul_in_one_cell_is_one_problem_row(self):
        res = read_data(customers_csv(30, nul=(4,)), filename="kunden.csv")
        assert len(res.customers) == 29 and "K4" not in set(res.customers["customer_id"])
        assert res.report.problems == (
            Problem(6, "Name", "Firma4\u2400X",
                    "the cell holds a NUL byte (binary data), so the row cannot be trusted; the row is skipped"),
        )
        assert any("file 'kunden.csv'" in w and "NUL" in w and "(row 6)" in w for w in res.report.warnings)

    def test_nul_far_into_the_file_is_found_too(self):
        res = read_data(customers_csv(5_000, nul=(4_000,)), filename="k.csv")
        assert [p.row for p in res.report.problems] == [4_002]
        assert len(res.customers) == 4_999

    def test_png_renamed_csv_is_refused_as_binary(self):
        with pytest.raises(DataError, match="looks binary"):
            read_data(_png(), filename="bild.csv")

    def test_nul_bytes_in_many_rows_are_binary(self):
        with pytest.raises(DataError, match="looks binary"):
            read_data(customers_csv(100, nul=tuple(range(0, 100, 10))), filename="k.csv")

    def test_file_of_nul_bytes_is_binary(self):
        with pytest.raises(DataError, match="looks binary"):
            read_data(b"Kundennummer;Umsatz\n1;" + b"\x00" * 5_000, filename="k.csv")

    def test_random_bytes_are_binary(self):
        data = np.random.default_rng(3).integers(0, 256, 5_000, dtype=np.uint8).tobytes()
        with pytest.raises(DataError, match="looks binary"):
            read_data(b"Kundennummer;Umsatz\n" + data, filename="k.csv")


# --------------------------------------------------------------------------- CLI


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calc", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


class TestCli:
    def test_mixed_separators_exit_2_with_the_message(self, tmp_path):
        path = tmp_path / "gemischt.csv"
        path.write_bytes(customers_csv(50, sep=",", other_sep=tuple(range(1, 50, 2))))
        out = run_cli("summary", str(path))
        assert out.returncode == 2 and out.stdout == ""
        assert "gemischt.csv" in out.stderr and "mixes two separators" in out.stderr
        assert "comma ','" in out.stderr and "semicolon ';'" in out.stderr and "Traceback" not in out.stderr

    def test_many_short_rows_exit_2(self, tmp_path):
        path = tmp_path / "kurz.csv"
        path.write_bytes(customers_csv(40, short=(3, 17, 30)))
        out = run_cli("summary", str(path))
        assert out.returncode == 2 and "3 of 40 data rows have fewer fields" in out.stderr

    def test_one_short_row_is_reported_on_stderr(self, tmp_path):
        path = tmp_path / "kunden.csv"
        path.write_bytes(customers_csv(20, short=(5,)))
        out = run_cli("summary", str(path))
        assert out.returncode == 0, out.stderr
        assert "1 row of file 'kunden.csv' has fewer fields than the header and is skipped (row 7)" in out.stderr
        assert "row 7, column 'Umsatz'" in out.stderr and "missing: 'Umsatz'" in out.stderr
        summary = json.loads(out.stdout)
        assert sum(summary["segments"].values()) == 19

    def test_nul_in_one_cell_is_reported_on_stderr(self, tmp_path):
        path = tmp_path / "kunden.csv"
        path.write_bytes(customers_csv(30, nul=(4,)))
        out = run_cli("summary", str(path))
        assert out.returncode == 0, out.stderr
        assert "row 6, column 'Name'" in out.stderr and "NUL byte" in out.stderr
        assert sum(json.loads(out.stdout)["segments"].values()) == 29

    def test_binary_file_exit_2(self, tmp_path):
        path = tmp_path / "bild.csv"
        path.write_bytes(_png())
        out = run_cli("summary", str(path))
        assert out.returncode == 2 and "looks binary" in out.stderr and "bild.csv" in out.stderr


# --------------------------------------------------------------------------- property


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=120),
    picks=st.sets(st.integers(min_value=0, max_value=119), max_size=12),
    sep=st.sampled_from([";", ",", "\t"]),
)
def test_property_short_rows_are_left_out_or_the_file_is_refused(n, picks, sep):
    short = tuple(sorted(i for i in picks if i < n))
    data = customers_csv(n, sep=sep, short=short)
    if too_many_short_rows(len(short), n) or len(short) == n:
        with pytest.raises(DataError, match="fewer fields than the header"):
            read_data(data, filename="p.csv")
        return
    res = read_data(data, filename="p.csv")
    assert [p.row for p in res.report.problems] == [i + 2 for i in short]
    assert res.report.rows_read == n
    assert list(res.customers["customer_id"]) == [f"K{i}" for i in range(n) if i not in short]
    assert res.customers["revenue"].tolist() == [1000.0 + i for i in range(n) if i not in short]
