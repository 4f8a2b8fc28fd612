"""The levers in the Excel model (issue 8, item 5): live inputs, small orders, the two lines, NPV by lever.

* the nine lever assumptions are named inputs; the small orders are formulas: on an
  Orders sheet (one row per order) for a transaction log, per customer for a customer
  table; the policy's effect, the digital savings and the waterfall by lever are formulas;
* with the defaults every figure is the app's (the lever lines and their parts are 0);
* LibreOffice recalculates a lever scenario (surcharge and minimum policies,
  digital_share 0.3) to the app's NPV to the cent, the waterfall adds up to it, and a
  changed minimum order value, surcharge or digital share in the workbook moves the NPV
  as the app moves it.
"""

from __future__ import annotations

import io
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from test_export_xlsx import (
    GOOD,
    ROOT,
    assert_matches,
    libreoffice,
    lo_profile,  # noqa: F401  (pytest fixture)
    named,
    needs_soffice,
    recalc,
    small_table,
)
from test_export_xlsx_controller import formulas_of, with_inputs

from calc.assumptions import Assumptions
from calc.export_xlsx import choice_labels, small_order_mode, workbook_bytes
from calc.model import NPV_LEVERS, compute

LEVERS = GOOD.replace(small_order_policy="surcharge", digital_share=0.3)


def tiny() -> pd.DataFrame:
    """Two small customers and a key account, worked by hand below (min order value 100 EUR)."""
    return pd.DataFrame({
        "customer_id": ["A", "B", "K"],
        "revenue": [280.0, 2000.0, 50000.0],
        "orders_12m": [4.0, 10.0, 2.0],
    })


def tiny_orders() -> pd.DataFrame:
    """Orders of the window: A 120 + 100 + 60 (one small), B 40 + 1960, K 10 (key: never small)."""
    return pd.DataFrame({"customer_id": ["B", "A", "K", "A", "A", "B"],
                         "order_value_eur": [40.0, 120.0, 10.0, 100.0, 60.0, 1960.0]})


def transactions():
    readers = pytest.importorskip("calc.readers", reason="calc.readers is not available yet")
    path = ROOT / "sample_data" / "transaktionen.csv"
    if not path.is_file():
        pytest.skip("sample_data/transaktionen.csv is not committed")
    return readers.read_data(path)


def load(xlsx: bytes, **kw) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx), **kw)


# ------------------------------------------------------------------------- without LibreOffice
class TestSmallOrderMode:
    def test_customer_table_per_customer(self):
        assert small_order_mode(compute(tiny(), Assumptions())) == "customers"

    def test_order_data_on_an_orders_sheet(self):
        res = compute(tiny(), Assumptions(), orders=tiny_orders())
        assert small_order_mode(res, tiny_orders()) == "orders"

    def test_given_when_the_order_data_is_missing_or_too_long(self):
        res = compute(tiny(), Assumptions(), orders=tiny_orders())
        assert small_order_mode(res) == "given"
        assert small_order_mode(res, tiny_orders(), max_rows=5) == "given"


class TestWorkbook:
    def test_lever_assumptions_are_named_inputs(self):
        wb = load(workbook_bytes(tiny(), LEVERS.replace(min_order_value=80.0), lang="de"))
        assert named(wb, "small_order_policy") == choice_labels("small_order_policy", "de")["surcharge"]
        assert named(wb, "digital_share") == 0.3
        assert named(wb, "min_order_value") == 80.0
        assert named(load(workbook_bytes(tiny(), Assumptions())), "min_order_value") is None  # derived

    def test_defaults_change_no_figure(self):
        data = small_table()
        result = compute(data, GOOD)
        wb = load(workbook_bytes(data, GOOD), data_only=True)
        assert_matches(wb, result)
        for variant in ("internal", "external"):
            assert named(wb, f"npv_small_order_policy_{variant}") == 0
            assert named(wb, f"npv_digital_ordering_{variant}") == 0
        assert named(wb, "calc_small_order_effect") == 0 and named(wb, "calc_digital_saving") == 0

    def test_orders_sheet_one_row_per_order_by_customer(self):
        res = compute(tiny(), Assumptions(), orders=tiny_orders())
        wb = load(workbook_bytes(tiny(), Assumptions(), orders=tiny_orders()), data_only=True)
        assert wb.sheetnames == ["Summary", "Inputs", "Customers", "Model", "Orders"]
        ws = wb["Orders"]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_col=7)]
        assert [r[0] for r in rows] == ["A", "A", "A", "B", "B", "K"]  # sorted by customer, stable
        assert [r[2] for r in rows] == [120.0, 100.0, 60.0, 40.0, 1960.0, 10.0]
        assert [r[4] for r in rows] == [0, 0, 1, 1, 0, 0]  # small: below 100 EUR, not a key account
        # the margin of an affected customer once, at its first small order: 0.3 x 280, 0.3 x 2,000
        assert [r[6] for r in rows] == pytest.approx([0, 0, 84.0, 600.0, 0, 0])
        assert named(wb, "calc_small_orders") == res.levers.small_orders.orders == 2
        assert named(wb, "calc_small_affected") == pytest.approx(684.0)

    def test_no_orders_sheet_without_order_data(self):
        assert "Orders" not in load(workbook_bytes(tiny(), Assumptions()), read_only=True).sheetnames

    def test_order_customer_ids_stay_text(self):
        data = tiny().assign(customer_id=["=1+1", "@A", "K"])
        orders = tiny_orders().replace({"customer_id": {"A": "=1+1", "B": "@A"}})
        xlsx = workbook_bytes(data, Assumptions(), orders=orders)
        ws = load(xlsx)["Orders"]
        assert ws["A3"].data_type == "s" and ws["A3"].value == "=1+1"
        for sheet in formulas_of(xlsx).values():
            assert not any("=1+1" in f or "@A" in f for f in sheet)

    def test_given_figures_are_the_apps(self):
        a = LEVERS.replace(small_order_policy="minimum")
        res = compute(tiny(), a, orders=tiny_orders())
        wb = load(workbook_bytes(tiny(), a, result=res), data_only=True)
        assert "Orders" not in wb.sheetnames
        assert_matches(wb, res)


# ------------------------------------------------------------------------- with LibreOffice
@libreoffice
@needs_soffice
def test_hand_checked_policies_recalculate(tmp_path, lo_profile):  # noqa: F811
    """The tiny data, min order value 100 EUR, c = 0.5, policy_churn = 0.05, margin 30 %.

    Per customer (no order data): A's orders average 280 / 4 = 70 < 100: 4 small orders of 280;
    B's 200 and K (a key account) are not small.  Surcharge: 4 x 0.5 x 30 + 4 x 0.5 x 10
    - 0.05 x 0.3 x 280 = 75.8.  Minimum: 4 x 30 - 0.5 x 0.3 x 280 - 4.2 = 73.8.
    With the orders: A's 60 and B's 40 are small (n = 2, margin of A and B 84 + 600):
    surcharge 2 x 15 + 2 x 5 - 0.05 x 684 = 5.8; minimum 60 - 0.5 x 0.3 x 100 - 34.2 = 10.8.
    """
    cases = {
        "cust_surcharge.xlsx": (None, "surcharge", 75.8),
        "cust_minimum.xlsx": (None, "minimum", 73.8),
        "ord_surcharge.xlsx": (tiny_orders(), "surcharge", 5.8),
        "ord_minimum.xlsx": (tiny_orders(), "minimum", 10.8),
    }
    files = []
    for fname, (orders, policy, _) in cases.items():
        path = tmp_path / fname
        path.write_bytes(workbook_bytes(tiny(), Assumptions(small_order_policy=policy), orders=orders,
                                        cached_values=False))
        files.append(path)
    for path in recalc(files, lo_profile, tmp_path / "out"):
        orders, policy, effect = cases[path.name]
        wb = openpyxl.load_workbook(path, data_only=True)
        assert named(wb, "calc_small_order_effect") == pytest.approx(effect, abs=1e-9), path.name
        assert_matches(wb, compute(tiny(), Assumptions(small_order_policy=policy), orders=orders))


@libreoffice
@needs_soffice
def test_lever_scenarios_recalculate_to_the_cent(tmp_path, lo_profile):  # noqa: F811
    """Surcharge and minimum policies with digital_share 0.3 on the sample log (Orders sheet) and on a
    customer table; then inputs changed in the workbook, as a controller would, including the minimum
    order value (which changes which orders are small)."""
    log = transactions()
    customers, orders = log.customers, log.orders
    table = small_table().assign(orders_12m=np.arange(60) % 9 * 4.0)
    surcharge = Assumptions(small_order_policy="surcharge", digital_share=0.3)
    minimum = Assumptions(small_order_policy="minimum", digital_share=0.3, consolidation_share=0.4)
    cases = {
        "log_surcharge.xlsx": (customers, orders, surcharge, "en", {}),
        "log_minimum.xlsx": (customers, orders, minimum, "de", {}),
        "table_minimum.xlsx": (table, None, GOOD.replace(small_order_policy="minimum", digital_share=0.3,
                                                          min_order_value=3000.0), "en", {}),
        # changed in the workbook: the app's figures for the changed scenario
        "log_changed_min.xlsx": (customers, orders, surcharge, "en", {"min_order_value": 150.0}),
        "log_changed_more.xlsx": (customers, orders, surcharge, "de",
                                  {"surcharge_eur": 20.0, "digital_share": 0.5, "cost_per_order": 45.0}),
        "log_changed_policy.xlsx": (customers, orders, surcharge, "en",
                                    {"small_order_policy": "minimum", "cm_rate": 0.25}),
        "log_changed_none.xlsx": (customers, orders, minimum, "en", {"small_order_policy": "none",
                                                                     "digital_share": 0.0}),
    }
    files = []
    for fname, (data, ords, a, lang, change) in cases.items():
        xlsx = workbook_bytes(data, a, lang=lang, orders=ords, cached_values=False)
        path = tmp_path / fname
        path.write_bytes(with_inputs(xlsx, change, lang) if change else xlsx)
        files.append(path)
    npvs = {}
    for path in recalc(files, lo_profile, tmp_path / "out", timeout=600):
        data, ords, a, lang, change = cases[path.name]
        expected = compute(data, a.replace(**change), orders=ords)
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
        assert_matches(wb, expected, lang=lang)
        npv = named(wb, "npv_internal")
        assert npv == pytest.approx(expected.internal.npv_eur, abs=0.005)
        assert sum(named(wb, f"npv_{k}_internal") for k in NPV_LEVERS) == pytest.approx(npv, abs=0.005)
        npvs[path.name] = npv
    # the changes really moved the NPV (the policy's line is not 0 in these scenarios)
    base = npvs["log_surcharge.xlsx"]
    assert all(abs(npvs[name] - base) > 1.0 for name in ("log_changed_min.xlsx", "log_changed_more.xlsx",
                                                         "log_changed_policy.xlsx"))


def test_cli_export_writes_the_orders_sheet(tmp_path):
    """``python -m calc export`` of a log with ``--set`` lever values: the live workbook, with the Orders sheet."""
    from calc.cli import main

    log = ROOT / "sample_data" / "transaktionen.csv"
    if not log.is_file():
        pytest.skip("sample_data/transaktionen.csv is not committed")
    out = tmp_path / "model.xlsx"
    assert main(["export", str(log), "--xlsx", str(out), "--set", "small_order_policy=minimum",
                 "--set", "digital_share=0.3", "--set", "min_order_value=120"]) == 0
    wb = openpyxl.load_workbook(out, data_only=True, read_only=True)
    assert wb.sheetnames[-1] == "Orders"
    assert named(wb, "min_order_value") == 120 and named(wb, "digital_share") == 0.3
    read = transactions()
    expected = compute(read.customers, Assumptions(small_order_policy="minimum", digital_share=0.3,
                                                   min_order_value=120.0), orders=read.orders)
    assert named(wb, "npv_internal") == pytest.approx(expected.internal.npv_eur, abs=0.005)
    assert named(wb, "calc_small_orders") == expected.levers.small_orders.orders


def test_orders_workbook_formulas_use_known_english_functions():
    xlsx = workbook_bytes(tiny(), LEVERS, orders=tiny_orders(), lang="de")
    functions = set()
    for sheet in formulas_of(xlsx).values():
        for formula in sheet:
            functions |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", re.sub(r'"[^"]*"', '""', formula)))
    assert {"INDEX", "SUMPRODUCT"} <= functions
    assert functions <= {"IF", "AND", "OR", "MAX", "MIN", "N", "ISNUMBER", "COUNT", "COUNTIF", "FALSE", "SUM",
                         "SUMPRODUCT", "ROUNDUP", "IRR", "IFERROR", "INDEX"}
