"""Hostile uploads end in a clean refusal: in the reader, the worker process, the CLI and the app.

The files are built here (``hostile_files``): the issue's 1.6 KB dimension bomb, a
cell at ZZ1000000 under a small declared range, a 5,000-column CSV. With the
limits raised so the pre-check lets a bomb through, the worker's memory limit
stops it instead, and the caller carries on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from apptest_helpers import metric
from hostile_files import (
    BILLION_LAUGHS,
    XXE,
    declared_only_bomb,
    dimension_bomb,
    entity_sheet,
    lying_sizes,
    sparse_far_cell,
    wide_csv,
)
from streamlit.testing.v1 import AppTest

from calc.errors import DataError
from calc.isolate import IsolatedReader
from calc.limits import LimitError, Limits
from calc.readers import read_data

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "sample_data" / "kunden.csv"
NATIVE_TRACES = ("panicked", "stack backtrace", "memory allocation", "Traceback", "Aborted", "core dumped")
#: Limits that let every bomb past the pre-check: only the worker's memory limit is left.
NO_PRECHECK = Limits(columns=10**6, cells=10**15, read_memory_mb=1536, read_seconds=60)

HOSTILE = {
    "bomb.xlsx": (dimension_bomb, "columns", 16_384),
    "declared.xlsx": (declared_only_bomb, "columns", 16_384),
    "far.xlsx": (lambda: sparse_far_cell("ZZ1000000"), "columns", 702),
    "wide.csv": (wide_csv, "columns", 5_000),
}


@pytest.fixture(scope="module")
def reader() -> IsolatedReader:
    return IsolatedReader()


class TestReadData:
    @pytest.mark.parametrize("name", list(HOSTILE))
    def test_refused_before_reading(self, name):
        make, limit, found = HOSTILE[name]
        with pytest.raises(LimitError) as err:
            read_data(make(), filename=name)
        assert (err.value.limit, err.value.found, err.value.file) == (limit, found, name)

    def test_a_far_cell_within_limits_is_read(self):
        # C1000000: 3 columns x 1,000,000 rows = 3,000,000 cells, inside every default limit
        # rows 2-4 are customers; row 1,000,000 has no customer id; blank rows between are dropped
        res = read_data(sparse_far_cell("C1000000"), filename="far.xlsx")
        assert res.report.customers == 3
        assert res.report.lines_without_customer_id == 1


class TestIsolatedReader:
    def test_same_result_as_reading_in_process(self, reader):
        raw = SAMPLE.read_bytes()
        direct = read_data(raw, filename="kunden.csv")
        isolated = reader.read(raw, filename="kunden.csv")
        assert isolated.report == direct.report
        assert isolated.customers.equals(direct.customers)

    @pytest.mark.parametrize("name", list(HOSTILE))
    def test_hostile_file_refused_with_the_limit(self, reader, name):
        make, limit, found = HOSTILE[name]
        with pytest.raises(LimitError) as err:
            reader.read(make(), filename=name)
        assert (err.value.limit, err.value.found) == (limit, found)

    def test_data_error_passes_through(self, reader):
        with pytest.raises(DataError, match="no customer id column") as err:
            reader.read(b"Name;Ort\nA;B\n", filename="kaputt.csv")
        assert err.value.file == "kaputt.csv"

    def test_too_large_refused_before_the_worker(self):
        small = IsolatedReader(Limits(upload_mb=1))
        with pytest.raises(LimitError) as err:
            small.read(b"x" * (1024 * 1024 + 1), filename="big.csv")
        assert err.value.limit == "upload_mb"

    def test_bomb_past_the_precheck_hits_the_memory_limit_and_the_caller_lives_on(self):
        unchecked = IsolatedReader(NO_PRECHECK)
        with pytest.raises(LimitError) as err:
            unchecked.read(dimension_bomb(), filename="bomb.xlsx")
        assert err.value.limit == "read_memory_mb"
        assert "1,536 MB" in str(err.value)
        # the same reader serves the next file
        assert unchecked.read(SAMPLE.read_bytes(), filename="kunden.csv").report.customers == 5000

    def test_slow_file_stopped_at_the_time_limit(self):
        # J1000000 (10 x 1,000,000 cells) takes seconds to read; the limit is a fraction of that
        hasty = IsolatedReader(Limits(read_seconds=0.2))
        with pytest.raises(LimitError) as err:
            hasty.read(sparse_far_cell("J1000000"), filename="slow.xlsx")
        assert err.value.limit == "read_seconds"
        assert "0.2 seconds" in str(err.value)


class TestStillRefusedAsBefore:
    """Files the readers refused cleanly before the pre-check still get the same message."""

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lying_sizes, "larger than its declared uncompressed size"),
            (lambda: entity_sheet(BILLION_LAUGHS, "lol3"), "unrecognized entity `&lol3;`"),
            (lambda: entity_sheet(XXE, "e"), "unrecognized entity `&e;`"),
            (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "looks binary"),
        ],
    )
    def test_same_message_through_the_worker(self, reader, make, message):
        with pytest.raises(DataError, match=message) as err:
            reader.read(make(), filename="x.xlsx")
        assert not isinstance(err.value, LimitError)
        assert "root:" not in str(err.value)  # an external entity is never resolved


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "calc", *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, **(env or {})},
    )


class TestCli:
    @pytest.mark.parametrize("name", ["bomb.xlsx", "far.xlsx", "wide.csv"])
    def test_exit_2_with_the_message_and_no_trace(self, tmp_path, name):
        make, _, found = HOSTILE[name]
        path = tmp_path / name
        path.write_bytes(make())
        done = run_cli("summary", str(path))
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.startswith(f"error: file '{name}': ")
        assert f"{found:,} columns; at most 500" in done.stderr
        assert not any(t in done.stderr for t in NATIVE_TRACES)

    def test_bomb_past_the_precheck_exit_2_without_native_trace(self, tmp_path):
        path = tmp_path / "bomb.xlsx"
        path.write_bytes(dimension_bomb())
        env = {"SMART_ACCOUNTS_MAX_COLUMNS": "1000000", "SMART_ACCOUNTS_MAX_CELLS": "1000000000000000",
               "SMART_ACCOUNTS_READ_MEMORY_MB": "1536"}
        done = run_cli("summary", str(path), env=env)
        assert done.returncode == 2
        assert "needed more than 1,536 MB of memory" in done.stderr
        assert not any(t in done.stderr for t in NATIVE_TRACES)

    def test_upload_size_limit_applies(self, tmp_path):
        path = tmp_path / "k.csv"
        path.write_bytes(b"Kundennummer;Umsatz\n" + b"1;2\n" * 300_000)  # 1,200,020 bytes = 1.14 MB of 1,048,576 bytes
        done = run_cli("summary", str(path), env={"SMART_ACCOUNTS_MAX_UPLOAD_MB": "1"})
        assert done.returncode == 2
        assert "error: file 'k.csv': the file has 1.1 MB; at most 1 MB are accepted" in done.stderr

    def test_bad_limit_variable_exit_2(self):
        done = run_cli("summary", str(SAMPLE), env={"SMART_ACCOUNTS_MAX_ROWS": "viele"})
        assert done.returncode == 2
        assert "SMART_ACCOUNTS_MAX_ROWS='viele' is not a whole number" in done.stderr


def app_on_data_page(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = "de-DE" if lang == "de" else "en-US"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/data.py").run()
    return at


class TestApp:
    @pytest.mark.parametrize(
        ("lang", "name", "expected"),
        [
            ("de", "bomb.xlsx", "das Arbeitsblatt „Sheet1“ hat 16\\.384 Spalten; höchstens 500 sind erlaubt"),
            ("en", "bomb.xlsx", "worksheet 'Sheet1' has 16,384 columns; at most 500 are accepted"),
            ("de", "wide.csv", "die Tabelle hat 5\\.000 Spalten; höchstens 500 sind erlaubt"),
            ("en", "far.xlsx", "worksheet 'Sheet1' has 702 columns; at most 500 are accepted"),
        ],
    )
    def test_refused_in_the_ui_language_and_data_kept(self, lang, name, expected):
        at = app_on_data_page(lang)
        at.file_uploader(key="upload").upload(name, HOSTILE[name][0](), "application/octet-stream").run()
        assert not at.exception
        assert len(at.error) == 1
        text = at.error[0].value
        assert expected in text
        assert name.replace(".", "\\.") in text
        customers = "Kunden" if lang == "de" else "Customers"
        assert metric(at, customers) == ("5.000" if lang == "de" else "5,000")

    def test_second_session_answers_while_a_slow_file_is_read(self, reader):
        """Another session finishes reruns while a slow upload is still being read.

        The upload is read by the same worker-process reader the app uses, in a thread
        as in the server (two AppTests cannot run at once: they share one test runtime).
        """
        second = AppTest.from_file(APP, default_timeout=60)
        second.context["locale"] = "de-DE"
        second.run()
        results: list[object] = []
        upload = threading.Thread(
            target=lambda: results.append(reader.read(sparse_far_cell("J1000000"), filename="langsam.xlsx")),
        )
        upload.start()
        try:
            for value in ("4 %", "5 %"):  # the sidebar takes numbers as text in the UI language
                second.text_input(key="a__capture_rate").input(value).run()
                assert not second.exception
            still_reading = upload.is_alive()
        finally:
            upload.join(120)
        assert still_reading
        assert second.session_state["assumptions"].capture_rate == pytest.approx(0.05)
        assert results and results[0].report.customers == 3
