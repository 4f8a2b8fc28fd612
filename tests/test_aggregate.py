"""Large logs: the streaming reader equals the in-memory reader; ``python -m calc aggregate`` and Parquet input.

The streaming reader (:func:`calc.readers.stream.read_log`) must give the same
customer table, order figures, problems and warnings as
:func:`calc.readers.read_data` on any log, wherever the block boundaries fall
(revenue sums may differ in the last binary digits: block sums are added up).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import Assumptions, compute
from calc.cli import main
from calc.errors import DataError
from calc.limits import Limits
from calc.readers import read_data, stream
from calc.readers.parquet import ORDER_VALUES_COLUMN, write_customers
from calc.readers.stream import read_head, read_log

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "sample_data" / "transaktionen.csv"
NO_LIMITS = Limits(upload_mb=10_000, rows=10**9)


def assert_same(path: Path, **kwargs) -> None:
    """read_log(path) equals read_data(path): table, orders, report."""
    expected = read_data(path, limits=NO_LIMITS)
    got = read_log(path, **kwargs)
    pd.testing.assert_frame_equal(got.customers, expected.customers, check_exact=False, rtol=1e-12, atol=1e-9)
    pd.testing.assert_frame_equal(got.orders, expected.orders)
    assert_same_report(got.report, expected.report)


def assert_same_report(got, expected) -> None:
    """Equal reports; the revenue sums added block by block may differ in the last binary digits."""
    sums = ("revenue_without_customer_id_eur", "revenue_total_eur")
    g, e = got.to_dict(), expected.to_dict()
    for key in sums:
        assert g.pop(key) == pytest.approx(e.pop(key), rel=1e-12, abs=1e-9), key
    assert g == e


# ------------------------------------------------------------------------- generated logs


@st.composite
def logs(draw) -> tuple[bytes, int, int]:
    """A German or English transaction log with bad cells, blank and short rows; block size; threads."""
    german = draw(st.booleans())
    n = draw(st.integers(1, 120))
    sep = ";" if german else ","
    header = (["Kunden-Nr.", "Belegdatum", "Belegnr", "Nettobetrag", "Region"] if german
              else ["Customer ID", "Date", "Order number", "Net amount", "Region"])
    lines = [sep.join(header)]
    for _ in range(n):
        kind = draw(st.sampled_from(["ok"] * 12 + ["bad_amount", "bad_date", "no_id", "blank", "short", "no_order"]))
        customer = f"K{draw(st.integers(1, 8)):03d}"
        day = np.datetime64("2022-01-01") + np.timedelta64(draw(st.integers(0, 1100)), "D")
        y, m, d = str(day).split("-")
        date = f"{d}.{m}.{y}" if german else f"{y}-{m}-{d}"
        cents = draw(st.integers(-50_000, 500_000_00))
        whole = f"{abs(cents) // 100:,}".replace(",", "." if german else ",")
        amount = ("-" if cents < 0 else "") + whole + ("," if german else ".") + f"{abs(cents) % 100:02d}"
        order = f"A{draw(st.integers(1, 30))}"
        region = draw(st.sampled_from(["", "Nord", "Süd"]))
        if kind == "bad_amount":
            amount = "zwölf"
        elif kind == "bad_date":
            date = "31.02.2023"
        elif kind == "no_id":
            customer = ""
        elif kind == "no_order":
            order = ""
        if kind == "blank":
            lines.append("")
        elif kind == "short":
            lines.append(sep.join([customer, date]))
        else:
            lines.append(sep.join([customer, date, order, f'"{amount}"' if not german else amount, region]))
    text = "\r\n".join(lines) + "\r\n"
    data = text.encode("cp1252" if draw(st.booleans()) else "utf-8")
    return data, draw(st.integers(1024, 4096)), draw(st.sampled_from([1, 2]))


class TestReadLogEqualsReadData:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])
    @given(case=logs(), compact=st.sampled_from([2, 3, 32]))
    def test_block_boundaries_anywhere_give_the_same_result(self, tmp_path, monkeypatch, case, compact):
        monkeypatch.setattr(stream, "_COMPACT_BLOCKS", compact)  # partials merged every few blocks, or never
        data, block_bytes, threads = case
        path = tmp_path / "log.csv"
        path.write_bytes(data)
        try:
            expected = read_data(path, limits=NO_LIMITS)
        except DataError as exc:
            with pytest.raises(DataError) as got:
                read_log(path, block_bytes=block_bytes, threads=threads)
            assert str(got.value) == str(exc)
            return
        got = read_log(path, block_bytes=block_bytes, threads=threads)
        pd.testing.assert_frame_equal(got.customers, expected.customers, check_exact=False, rtol=1e-12, atol=1e-9)
        pd.testing.assert_frame_equal(got.orders, expected.orders)
        assert_same_report(got.report, expected.report)

    def test_sample_log_in_many_blocks(self):
        assert_same(LOG, block_bytes=64 * 1024, threads=2)  # about 50 blocks: merged once on the way

    def test_a_first_block_that_is_not_typical_is_read_again_with_the_files_decision(self, tmp_path):
        # the first block holds only "1.234"-style amounts (English by the comma separator of the file),
        # the rest "1.234,50" (German only): the file is German, so 1.234 means one thousand two hundred ...
        first = [f"K{i % 5},2024-03-{1 + i % 28:02d},A{i},\"1.234\"" for i in range(200)]
        rest = [f"K{i % 5},2024-06-{1 + i % 28:02d},B{i},\"1.234,50\"" for i in range(600)]
        path = tmp_path / "log.csv"
        path.write_text("Kunde,Datum,Beleg,Betrag\n" + "\n".join(first + rest) + "\n", encoding="utf-8")
        assert_same(path, block_bytes=2048, threads=1)
        got = read_log(path, block_bytes=2048)
        assert got.customers["revenue_2024"].sum() == pytest.approx(200 * 1234 + 600 * 1234.5)

    def test_an_umlaut_late_in_a_cp1252_file_decides_the_encoding(self, tmp_path):
        lines = [f"K{i % 3};0{1 + i % 9}.01.2024;A{i};10,00;Nord" for i in range(3000)]
        lines[-1] = "K1;09.01.2024;A9999;10,00;Süd"
        path = tmp_path / "log.csv"
        path.write_bytes(("Kunden-Nr.;Datum;Beleg;Betrag;Region\r\n" + "\r\n".join(lines)).encode("cp1252"))
        assert_same(path, block_bytes=4096)
        assert read_log(path).report.encoding == "cp1252"

    @pytest.mark.parametrize("short", [3, 1_200])
    def test_short_rows_are_problems_or_refuse_the_file_as_in_memory(self, tmp_path, short):
        lines = [f"K{i % 7};{1 + i % 28:02d}.03.2024;A{i // 3};{i},25" for i in range(30_000)]
        for k in range(short):
            lines[10 + k * 20] = f"K1;01.03.2024;A{k}"  # the amount is missing: 3 of 4 fields
        path = tmp_path / "log.csv"
        path.write_text("Kunden-Nr.;Datum;Beleg;Betrag\n" + "\n".join(lines) + "\n", encoding="utf-8")
        try:
            expected = read_data(path, limits=NO_LIMITS)
        except DataError as exc:
            assert short > 1_000
            with pytest.raises(DataError) as got:
                read_log(path, block_bytes=32 * 1024)
            assert str(got.value) == str(exc)
            assert "1,200 of 30,000 data rows have fewer fields" in str(exc)
            return
        assert short < 1_000
        assert_same(path, block_bytes=32 * 1024)
        assert expected.report.problems_total == short

    def test_margins_and_attributes_per_line_as_in_memory(self, tmp_path):
        # the first block's margins are fractions, the file's mostly 1-100: read as percentages after all
        first = [f"K{i % 9};{1 + i % 28:02d}.02.2024;A{i};{i},00;0,{20 + i % 20};{i % 5};Nord" for i in range(100)]
        rest = [f"K{i % 9};{1 + i % 28:02d}.03.2024;B{i};{i},00;{20 + i % 20};;{'Süd' if i % 3 else ''}"
                for i in range(400)]
        rest[5] = "K1;01.03.2024;B5;5,00;250;x;Ost"  # a margin above 100 % and visits that are no number
        path = tmp_path / "log.csv"
        path.write_text("Kunden-Nr.;Datum;Beleg;Betrag;DB-Quote;Besuche;Region\n" + "\n".join(first + rest)
                        + "\n", encoding="utf-8")
        assert_same(path, block_bytes=2048)
        got = read_log(path, block_bytes=2048)
        assert got.report.problems_total >= 2
        assert any("read as percentages" in w for w in got.report.warnings)

    def test_a_stray_date_decades_away_counts_like_any_other(self, tmp_path):
        lines = [f"K{i % 4};{1 + i % 28:02d}.05.2024;A{i // 2};{i},50" for i in range(300)]
        lines[7] = "K9;01.01.1950;Z1;99,00"  # 1950 is not among the last five years: only a warning
        path = tmp_path / "log.csv"
        path.write_text("Kunden-Nr.;Datum;Beleg;Betrag\n" + "\n".join(lines) + "\n", encoding="utf-8")
        assert_same(path, block_bytes=2048)

    def test_a_row_with_too_many_fields_is_refused_naming_the_row(self, tmp_path):
        path = tmp_path / "log.csv"
        path.write_text("Kunde;Datum;Betrag\nK1;01.01.2024;5\nK2;01.01.2024;5;7\n", encoding="utf-8")
        with pytest.raises(DataError) as exc:
            read_log(path)
        assert exc.value.row == 3
        assert "has 4 fields but the header has 3" in str(exc.value)


class TestHandCheckedLog:
    def test_order_figures_of_a_worked_example(self, tmp_path):
        # newest day 31.12.2024, so the window starts 02.01.2024 (2024 is a leap year)
        # K1: order A1 (2 positive lines, 60 + 40 -> 1 order of 100, 2 lines) and a credit note (not in the window);
        # K2: one line without order number on 01.01.2024 (outside) and one on 02.01.2024 (inside: 1 order of 30);
        # revenue 2024: K1 = 60 + 40 - 10 = 90, K2 = 20 + 30 = 50
        path = tmp_path / "log.csv"
        path.write_text(
            "Kunden-Nr.;Belegdatum;Belegnr;Nettobetrag\n"
            "K1;30.12.2024;A1;60,00\nK1;31.12.2024;A1;40,00\nK1;31.12.2024;G1;-10,00\n"
            "K2;01.01.2024;;20,00\nK2;02.01.2024;;30,00\n",
            encoding="utf-8",
        )
        got = read_log(path, block_bytes=1024)
        frame = got.customers.set_index("customer_id")
        assert frame.loc["K1", "revenue_2024"] == 90.0 and frame.loc["K2", "revenue_2024"] == 50.0
        assert frame["orders_12m"].tolist() == [1.0, 1.0]
        assert frame["lines_12m"].tolist() == [2.0, 1.0]
        assert got.orders["order_value_eur"].tolist() == [100.0, 30.0]


# ------------------------------------------------------------------------- the CLI


def _summary(capsys, *args: str) -> dict:
    assert main(["summary", *args, "--set", "small_order_policy=surcharge"]) == 0
    return json.loads(capsys.readouterr().out)


class TestAggregateCli:
    def test_log_to_parquet_to_summary_equals_log_to_summary(self, tmp_path, capsys):
        out = tmp_path / "kunden.parquet"
        assert main(["aggregate", str(LOG), "-o", str(out)]) == 0
        printed = capsys.readouterr().out
        assert printed.startswith(f"wrote {out}: 600 customers")
        direct = _summary(capsys, str(LOG))
        via_parquet = _summary(capsys, str(out))
        assert via_parquet == direct
        # the surcharge lever counted real orders, not estimates
        assert direct["small_orders"]["orders"] > 0

    def test_the_parquet_file_holds_the_canonical_table_and_the_order_values(self, tmp_path, capsys):
        import pyarrow.parquet as pq

        out = tmp_path / "k.parquet"
        assert main(["aggregate", str(LOG), "-o", str(out)]) == 0
        table = pq.read_table(out)
        read = read_data(LOG)
        assert table.column_names == [*read.customers.columns, ORDER_VALUES_COLUMN]
        values = table.column(ORDER_VALUES_COLUMN).to_pylist()
        assert sum(len(v) for v in values) == len(read.orders)
        assert [len(v) for v in values] == table.column("orders_12m").to_pylist()

    def test_plan_and_export_accept_the_parquet_file(self, tmp_path, capsys):
        out = tmp_path / "k.parquet"
        assert main(["aggregate", str(LOG), "-o", str(out)]) == 0
        assert main(["plan", str(out), "-o", str(tmp_path / "plan.json")]) == 0
        assert main(["export", str(out), "--html", str(tmp_path / "r.html")]) == 0

    def test_the_row_limit_does_not_refuse_a_log(self, tmp_path, capsys, monkeypatch):
        monkeypatch.setenv("SMART_ACCOUNTS_MAX_ROWS", "1000")  # the sample log has 55,963 lines
        monkeypatch.setenv("SMART_ACCOUNTS_MAX_UPLOAD_MB", "1")  # and 3 MB
        with pytest.raises(DataError):
            read_data(LOG)
        assert main(["summary", str(LOG)]) == 0
        assert json.loads(capsys.readouterr().out)["segments"]

    def test_a_customer_table_is_still_read_under_the_limits(self, capsys, monkeypatch):
        monkeypatch.setenv("SMART_ACCOUNTS_MAX_ROWS", "10")
        assert main(["summary", str(ROOT / "sample_data" / "kunden.csv")]) == 2
        assert "5,000 data rows; at most 10 are accepted" in capsys.readouterr().err

    def test_a_missing_log_exits_2(self, tmp_path, capsys):
        assert main(["aggregate", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.parquet")]) == 2
        assert "does not exist" in capsys.readouterr().err


class TestReadHead:
    def test_a_parquet_or_workbook_is_not_read_in_blocks(self, tmp_path):
        path = tmp_path / "k.parquet"
        read = read_data(LOG)
        write_customers(path, read.customers, read.orders)
        assert read_head(path) is None


# ------------------------------------------------------------------------- Parquet as input


class TestParquetInput:
    def test_round_trip_keeps_table_and_orders(self):
        read = read_data(LOG)
        buf = io.BytesIO()
        write_customers(buf, read.customers, read.orders)
        back = read_data(buf.getvalue(), filename="k.parquet")
        pd.testing.assert_frame_equal(back.customers, read.customers)
        assert back.report.kind == "customers" and back.report.encoding == "parquet"
        assert sorted(back.orders["order_value_eur"]) == sorted(read.orders["order_value_eur"])
        a = Assumptions(small_order_policy="minimum")
        assert compute(back.customers, a, orders=back.orders).summary() == compute(
            read.customers, a, orders=read.orders).summary()

    def test_a_plain_parquet_table_has_no_orders(self):
        read = read_data(ROOT / "sample_data" / "kunden.csv")
        buf = io.BytesIO()
        write_customers(buf, read.customers, None)
        back = read_data(buf.getvalue(), filename="k.parquet")
        assert back.orders is None
        pd.testing.assert_frame_equal(back.customers, read.customers)

    def test_rows_beyond_the_limit_are_refused_from_the_footer(self):
        read = read_data(ROOT / "sample_data" / "kunden.csv")
        buf = io.BytesIO()
        write_customers(buf, read.customers, None)
        with pytest.raises(DataError, match="reaches row 5,001; at most 10 rows are accepted"):
            read_data(buf.getvalue(), filename="k.parquet", limits=Limits(rows=10))

    def test_a_damaged_parquet_file_is_refused(self):
        with pytest.raises(DataError, match="not a readable Parquet file"):
            read_data(b"PAR1" + b"\x00" * 100, filename="k.parquet")
