"""The currency setting (issue 10 item 7): money in the currency of the data, EUR by default, never converted."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from apptest_helpers import metric, norm
from test_app_tools import make_app

from calc import Assumptions, compute
from calc.assign import assign_reps, assignments_csv, assignments_xlsx
from calc.errors import AssumptionError
from calc.export_xlsx import workbook_bytes
from calc.report import html_report
from calc.texts import Formatter, check_currency


class TestFormatter:
    def test_euro_is_the_default(self):
        assert norm(Formatter("de").money(8593.75)) == "8.593,75 €"
        assert Formatter("en").money(8593.75) == "€8,593.75"

    def test_pounds_and_francs(self):
        assert norm(Formatter("de", currency="GBP").money(8593.75, cents=False)) == "8.594 £"
        assert Formatter("en", currency="GBP").money(8593.75) == "£8,593.75"
        assert norm(Formatter("en", currency="CHF").money(-5.5)) == "-CHF 5.50"
        assert norm(Formatter("de", currency="USD").money(70_000, cents=False)) == "70.000 $"

    def test_excel_format_names_the_currency(self):
        assert Formatter("de", currency="GBP").excel_money_format == '#,##0.00 "£"'
        assert Formatter("en", currency="CHF").excel_money_format == '"CHF"#,##0.00'


class TestCheckCurrency:
    @pytest.mark.parametrize("code", ["EUR", "gbp", " chf ", "USD", "JPY"])
    def test_iso_codes(self, code):
        assert check_currency(code) == code.strip().upper()

    @pytest.mark.parametrize("code", ["XYZ", "", "EURO", "€", None, 42])
    def test_unknown_codes_are_refused_in_both_languages(self, code):
        with pytest.raises(AssumptionError) as info:
            check_currency(code)
        assert "kein bekannter Währungscode" in info.value.message("de")
        assert "not a known currency code" in info.value.message("en")


@pytest.fixture(scope="module")
def small():
    data = pd.DataFrame({"customer_id": ["1", "2", "3"], "revenue": [2000.0, 3000.0, 20000.0]})
    return data, compute(data, Assumptions())


class TestExports:
    def test_report_in_pounds(self, small):
        _, result = small
        page = html_report(result, lang="en", data_label="x.csv", currency="GBP")
        assert "£" in page and "€" not in page

    def test_workbook_money_cells_in_francs(self, small):
        data, result = small
        wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, Assumptions(), lang="de", result=result,
                                                                currency="CHF")))
        formats = {c.number_format for ws in wb.worksheets for row in ws.iter_rows() for c in row}
        assert '#,##0.00 "CHF"' in formats and '#,##0.00 "€"' not in formats

    def test_handover_headers_name_the_currency(self, small):
        _, result = small
        df = assign_reps(result)
        head = assignments_csv(df, lang="en", currency="USD").decode("utf-8-sig").splitlines()[0]
        assert "Current revenue (USD)" in head and "(EUR)" not in head
        ws = openpyxl.load_workbook(io.BytesIO(assignments_xlsx(df, lang="de", currency="GBP"))).active
        assert "Aktueller Umsatz (GBP)" in [c.value for c in ws[1]]


class TestApp:
    def test_sidebar_currency_shows_pounds_and_goes_into_the_link(self):
        at = make_app().run()
        cost_eur = metric(at, "Teamkosten pro Jahr")
        assert cost_eur == "747.500 €"  # 10 reps x 74,750 (six regions, issue 10 item 6)
        at.text_input(key="currency_entry").input("gbp").run()
        assert not at.exception and not at.error
        assert metric(at, "Teamkosten pro Jahr") == "747.500 £"  # shown in pounds, not converted
        assert "£" in metric(at, "Kapitalwert (intern)")
        assert at.query_params["cur"] in ("GBP", ["GBP"])
        assert at.text_input(key="currency_entry").value == "GBP"

    def test_unknown_code_is_refused_and_the_currency_stays(self):
        at = make_app().run()
        at.text_input(key="currency_entry").input("XYZ").run()
        assert any("„XYZ“ ist kein bekannter Währungscode" in e.value for e in at.error)
        assert "€" in metric(at, "Teamkosten pro Jahr")
        assert at.text_input(key="currency_entry").value == "EUR"
        assert "cur" not in at.query_params

    def test_link_carries_the_currency(self):
        at = make_app({"cur": "CHF"}, lang="en").run()
        assert metric(at, "Team cost per year") == "CHF 747,500"
        bad = make_app({"cur": "ABC"}).run()
        assert "€" in metric(bad, "Teamkosten pro Jahr")
        assert any("cur=ABC" in norm(w.value).replace("\\", "") for w in bad.warning)

    def test_units_and_axes_follow_the_currency(self):
        at = make_app({"cur": "GBP"}).run()
        label = at.text_input(key="a__field_rep_annual_cost").label
        assert "£/Jahr" in label and "€" not in label
