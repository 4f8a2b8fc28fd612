"""AppTest: a transaction log's order-level data reaches calc in the app as in the CLI.

Without ``orders`` calc estimates each customer's order value as revenue / orders_12m;
with them it uses the real orders. On ``sample_data/transaktionen.csv`` with the
small-order surcharge (default minimum order value) the two internal NPVs differ
(checked below), so the test tells whether the app passes ``ReadResult.orders``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from apptest_helpers import assert_clean, exact, norm
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.readers import read_data
from ui import fmt, keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
LOG = ROOT / "sample_data" / "transaktionen.csv"


def _upload_log_with_surcharge() -> AppTest:
    # a cached entry of another test (same data key and scenario) would hide a page that drops the orders
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = "de-DE"
    at.run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="upload").upload(LOG.name, LOG.read_bytes(), "text/csv").run()
    assert_clean(at)
    at.selectbox(key=keys.assumption("small_order_policy")).set_value("surcharge").run()
    assert_clean(at)
    return at


class TestTransactionLogOrdersInTheApp:
    def test_overview_npv_uses_the_order_level_data(self):
        read = read_data(LOG.read_bytes(), filename=LOG.name)
        assert read.orders is not None and len(read.orders)
        a = Assumptions(small_order_policy="surcharge")
        with_orders = compute(read.customers, a, orders=read.orders).internal.npv_eur
        estimated = compute(read.customers, a).internal.npv_eur
        # the file must tell the two apart, or the test would pass without the orders
        assert fmt.money(with_orders, "de") != fmt.money(estimated, "de")

        at = _upload_log_with_surcharge()
        assert at.session_state[keys.DATASET].orders is not None
        assert at.session_state["assumptions"] == a
        at.switch_page("pages/overview.py").run()
        assert_clean(at)
        shown = exact(at, "Kapitalwert (intern)")
        assert shown == norm(fmt.money(with_orders, "de"))
        assert shown != norm(fmt.money(estimated, "de"))

    def test_risk_page_tornado_base_uses_the_order_level_data(self):
        read = read_data(LOG.read_bytes(), filename=LOG.name)
        a = Assumptions(small_order_policy="surcharge")
        with_orders = compute(read.customers, a, orders=read.orders).internal.npv_eur
        at = _upload_log_with_surcharge()
        at.switch_page("pages/risk.py").run()
        assert_clean(at)
        expected = norm(fmt.money(with_orders, "de"))
        assert any(expected in norm(c.value) for c in at.caption), [c.value for c in at.caption]

    def test_sample_customer_table_has_no_orders(self):
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert_clean(at)
        assert at.session_state[keys.DATASET].orders is None
