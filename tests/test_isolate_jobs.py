"""Long jobs in a worker process (calc.isolate.IsolatedRunner): same bytes as in-process, limits worded in both languages."""

from __future__ import annotations

import operator
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.assign import assign_reps, assignments_csv, assignments_xlsx
from calc.errors import CalcError, DataError
from calc.export_xlsx import workbook_bytes
from calc.isolate import IsolatedRunner, JobLimitError, JobLimits
from calc.jobs import board_report
from calc.readers import read_data
from calc.report import html_report, risk_summary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "kunden.csv"


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return read_data(SAMPLE).customers


@pytest.fixture(scope="module")
def runner() -> IsolatedRunner:
    return IsolatedRunner()


def _xlsx_parts(raw: bytes) -> dict[str, bytes]:
    """An XLSX's files; docProps/core.xml (the creation time) left out."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


class TestSameResultAsInProcess:
    def test_excel_model(self, runner, customers):
        a = Assumptions()
        in_worker = runner.run(workbook_bytes, customers, a, lang="de")
        in_process = workbook_bytes(customers, a, lang="de")
        if in_worker != in_process:  # the same but for the creation second
            assert _xlsx_parts(in_worker) == _xlsx_parts(in_process)

    def test_crm_handover(self, runner, customers):
        df = assign_reps(compute(customers, Assumptions()))
        assert runner.run(assignments_csv, df, lang="en") == assignments_csv(df, lang="en")
        assert _xlsx_parts(runner.run(assignments_xlsx, df, lang="de")) == _xlsx_parts(assignments_xlsx(df, lang="de"))

    def test_report(self, runner, customers):
        a = Assumptions()
        res = compute(customers, a)
        risk = risk_summary(customers, a)
        raw = runner.run(board_report, customers, a, lang="de", data_label="Beispiel", risk=risk)
        assert raw == html_report(res, lang="de", data_label="Beispiel", risk=risk).encode("utf-8")

    def test_report_and_workbook_of_a_transaction_log_use_its_orders(self, runner):
        read = read_data(ROOT / "sample_data" / "transaktionen.csv")
        a = Assumptions(small_order_policy="surcharge")
        with_orders = compute(read.customers, a, orders=read.orders)
        raw = runner.run(board_report, read.customers, a, lang="de", data_label="Log", risk=None, orders=read.orders)
        assert raw == html_report(with_orders, lang="de", data_label="Log", risk=None).encode("utf-8")
        estimated = html_report(compute(read.customers, a), lang="de", data_label="Log", risk=None).encode("utf-8")
        assert raw != estimated
        xlsx = runner.run(workbook_bytes, read.customers, a, lang="de", orders=read.orders)
        same = workbook_bytes(read.customers, a, lang="de", result=with_orders, orders=read.orders)
        assert _xlsx_parts(xlsx) == _xlsx_parts(same)

    def test_positional_and_keyword_arguments_arrive(self, runner):
        assert runner.run(operator.sub, 10, 3) == 7
        assert runner.run(int, "ff", base=16) == 255


class TestLimits:
    def test_too_many_customers_for_the_excel_model(self):
        runner = IsolatedRunner(JobLimits(xlsx_customers=1000))
        runner.check_xlsx(1000)  # at the limit: accepted
        with pytest.raises(JobLimitError) as info:
            runner.check_xlsx(5000)
        assert info.value.message("en").startswith("The Excel model holds at most 1,000 customers; this data has 5,000.")
        assert info.value.message("de").startswith("Das Excel-Modell fasst höchstens 1.000 Kunden; die Daten haben 5.000.")

    def test_slow_job_stopped_at_the_time_limit(self):
        runner = IsolatedRunner(JobLimits(seconds=1.0))
        with pytest.raises(JobLimitError) as info:  # without the limit the sleep would end normally
            runner.run(time.sleep, 30)
        assert info.value.limit == "seconds"
        assert "1 seconds" in info.value.message("en") and "1 Sekunden" in info.value.message("de")

    def test_allocation_beyond_the_memory_limit_stopped(self):
        runner = IsolatedRunner(JobLimits(memory_mb=100))
        with pytest.raises(JobLimitError) as info:
            runner.run(bytearray, 2 * 1024**3)
        assert info.value.limit == "memory_mb"
        assert "100 MB" in info.value.message("de") and "100 MB" in info.value.message("en")

    def test_the_functions_own_data_error_passes_through(self, runner):
        with pytest.raises(DataError) as info:
            runner.run(read_data, b"", filename="empty.csv")
        assert not isinstance(info.value, JobLimitError)

    def test_another_exception_is_a_failed_job(self, runner):
        with pytest.raises(JobLimitError) as info:
            runner.run(operator.truediv, 1, 0)
        assert info.value.limit == "crashed"

    def test_after_a_refused_job_the_next_one_runs(self):
        runner = IsolatedRunner(JobLimits(memory_mb=100))
        with pytest.raises(JobLimitError):
            runner.run(bytearray, 2 * 1024**3)
        assert runner.run(len, "abc") == 3


class TestJobLimits:
    def test_environment_overrides_the_defaults(self):
        lim = JobLimits.from_env({"SMART_ACCOUNTS_JOB_SECONDS": "12.5", "SMART_ACCOUNTS_XLSX_CUSTOMERS": "1_000"})
        assert (lim.seconds, lim.memory_mb, lim.xlsx_customers) == (12.5, JobLimits().memory_mb, 1000)

    @pytest.mark.parametrize("text", ["0", "-1", "many"])
    def test_a_bad_value_is_refused_with_the_variable_named(self, text):
        with pytest.raises(CalcError, match="SMART_ACCOUNTS_JOB_MEMORY_MB"):
            JobLimits.from_env({"SMART_ACCOUNTS_JOB_MEMORY_MB": text})


class TestExportPage:
    def test_excel_model_beyond_the_limit_refused_in_the_users_language(self, monkeypatch):
        from ui import cache

        monkeypatch.setenv("SMART_ACCOUNTS_XLSX_CUSTOMERS", "100")
        cache.runner.clear()
        try:
            for lang, start in (("de", "Das Excel-Modell fasst höchstens 100 Kunden"),
                                ("en", "The Excel model holds at most 100 customers")):
                at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
                at.query_params["lang"] = lang
                at.run()
                at.switch_page("pages/export.py").run()
                at.button(key="export_xlsx_build").click().run()
                assert not at.exception
                assert [e.value for e in at.error if e.value.startswith(start)], [e.value for e in at.error]
                assert "export_xlsx_download" not in [b.key for b in at.get("download_button")]
        finally:
            monkeypatch.delenv("SMART_ACCOUNTS_XLSX_CUSTOMERS")
            cache.runner.clear()
