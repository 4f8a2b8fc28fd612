"""calc.levers against hand-worked examples (levers.md) and hypothesis properties.

Defaults used by hand throughout: cost_per_order 30, cost_per_line 2, cm_rate 0.30, so the
derived minimum order value is 30 / 0.30 = 100 EUR; surcharge 10, consolidation_share 0.5,
policy_churn 0.05.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from calc.assumptions import Assumptions
from calc.errors import AssumptionError, DataError
from calc.levers import (
    LEVER_ASSUMPTIONS,
    MESSAGES,
    SEGMENTS,
    SMALL_ORDER_POLICIES,
    LeverSettings,
    concentration,
    cost_to_serve,
    customer_profit,
    digital_savings,
    history,
    lever_figures,
    min_order_value,
    order_arrays,
    order_figures,
    small_order_effect,
    small_orders,
    whale_by_segment,
    whale_curve,
)
from calc.model import compute
from calc.readers import read_data

ROOT = Path(__file__).resolve().parent.parent

money = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
revenues = st.lists(st.floats(-1e5, 1e7, allow_nan=False, allow_infinity=False), min_size=0, max_size=60)


def _log(rows):
    """A transaction log from (customer_id, 'YYYY-MM-DD[ HH:MM]', amount, order_id or None) tuples."""
    return pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows], format="mixed"),
            "amount": [float(r[2]) for r in rows],
            "order_id": [r[3] for r in rows],
        }
    )


# ---------------------------------------------------------------------------------
# settings
# ---------------------------------------------------------------------------------
class TestLeverSettings:
    def test_defaults_are_those_of_levers_md(self):
        s = LeverSettings()
        assert (s.cost_per_order, s.cost_per_line, s.min_order_value, s.small_order_policy) == (30.0, 2.0, None, "none")
        assert (s.surcharge_eur, s.consolidation_share, s.policy_churn) == (10.0, 0.5, 0.05)
        assert (s.digital_share, s.digital_cost_per_order) == (0.0, 5.0)

    def test_metadata_lists_every_field_in_order_with_both_languages(self):
        names = [spec.name for spec in LEVER_ASSUMPTIONS]
        assert names == list(LeverSettings.__dataclass_fields__)
        for spec in LEVER_ASSUMPTIONS:
            assert spec.label_en and spec.label_de and spec.help_en and spec.help_de
        policy = next(spec for spec in LEVER_ASSUMPTIONS if spec.name == "small_order_policy")
        assert policy.choices == SMALL_ORDER_POLICIES

    def test_defaults_are_those_of_the_assumptions(self):
        a = Assumptions()
        assert LeverSettings() == LeverSettings.from_assumptions(a)
        assert LeverSettings.from_assumptions(a.replace(surcharge_eur=7, small_order_policy="minimum")) == (
            LeverSettings(surcharge_eur=7.0, small_order_policy="minimum")
        )

    @pytest.mark.parametrize(
        "name, value",
        [("consolidation_share", 1.5), ("policy_churn", -0.1), ("cost_per_order", float("nan")),
         ("small_order_policy", "rebate"), ("surcharge_eur", "ten"), ("digital_share", True),
         ("cost_per_line", None)],
    )
    def test_invalid_value_names_the_assumption(self, name, value):
        with pytest.raises(AssumptionError) as err:
            LeverSettings(**{name: value})
        assert err.value.name == name and name in str(err.value) and "Valid" in str(err.value)

    def test_min_order_value_may_be_empty_but_not_negative(self):
        assert LeverSettings(min_order_value=None).min_order_value is None
        with pytest.raises(AssumptionError):
            LeverSettings(min_order_value=-1)

    def test_from_assumptions_reads_the_attributes(self):
        class Holder:  # what Assumptions will look like once the levers join it
            cost_per_order, cost_per_line, min_order_value = 40, 3, 80
            small_order_policy, surcharge_eur, consolidation_share = "minimum", 0, 0.2
            policy_churn, digital_share, digital_cost_per_order = 0.1, 0.3, 4

        s = LeverSettings.from_assumptions(Holder())
        assert s.cost_per_order == 40.0 and s.small_order_policy == "minimum" and s.min_order_value == 80.0

    def test_messages_exist_in_english_and_german(self):
        for texts in MESSAGES.values():
            assert set(texts) == {"en", "de"} and texts["en"] != texts["de"]


class TestMinOrderValue:
    def test_derived_is_cost_per_order_over_margin(self):
        # 30 / 0.30 = 100 EUR
        assert min_order_value(cost_per_order=30.0, cm_rate=0.30) == pytest.approx(100.0)
        assert LeverSettings(cost_per_order=45).min_order_value_eur(cm_rate=0.25) == pytest.approx(180.0)

    def test_override_wins(self):
        assert LeverSettings(min_order_value=60).min_order_value_eur(cm_rate=0.30) == 60.0

    def test_zero_margin_makes_every_order_small_unless_handling_is_free(self):
        # cm_rate x value < cost_per_order holds for every value when cm_rate = 0 and cost_per_order > 0
        assert LeverSettings().min_order_value_eur(cm_rate=0.0) == math.inf
        assert LeverSettings(cost_per_order=0).min_order_value_eur(cm_rate=0.0) == 0.0
        assert LeverSettings(min_order_value=50).min_order_value_eur(cm_rate=0.0) == 50.0


# ---------------------------------------------------------------------------------
# orders from a transaction log
# ---------------------------------------------------------------------------------
class TestOrderFigures:
    def test_window_is_365_calendar_days_after_newest_minus_365(self):
        # newest 30 Jun 2024; 30 Jun 2024 - 365 days = 1 Jul 2023 (2024 has 29 Feb):
        # 1 Jul 2023 is out, 2 Jul 2023 is in.
        log = _log([("A", "2024-06-30", 10, "R1"), ("A", "2023-07-02", 20, "R2"), ("A", "2023-07-01", 40, "R3")])
        res = order_figures(log)
        assert res.customers["orders_12m"].tolist() == [2.0]
        assert res.customers["lines_12m"].tolist() == [2.0]
        assert sorted(res.orders["order_value_eur"]) == [10.0, 20.0]
        assert res.window_start == pd.Timestamp("2023-07-02") and res.newest_date == pd.Timestamp("2024-06-30")

    def test_time_of_day_is_ignored(self):
        # newest 30 Jun 2024 06:00; a line at 1 Jul 2023 12:00 is less than 365 x 24 hours older
        # but on the excluded calendar day 1 Jul 2023.
        log = _log([("A", "2024-06-30 06:00", 10, "R1"), ("A", "2023-07-01 12:00", 20, "R2")])
        assert order_figures(log).customers["orders_12m"].tolist() == [1.0]

    def test_order_value_is_the_sum_of_its_window_lines(self):
        # order R1 has lines of 30 and 45 in the window, one of 500 before it, and a credit note:
        # value 75, two lines; the credit note and the old line do not count.
        log = _log([("A", "2024-06-30", 30, "R1"), ("A", "2024-06-01", 45, "R1"),
                    ("A", "2023-01-01", 500, "R1"), ("A", "2024-06-02", -10, "R1")])
        res = order_figures(log)
        assert res.orders["order_value_eur"].tolist() == [75.0]
        assert res.customers[["orders_12m", "lines_12m"]].values.tolist() == [[1.0, 2.0]]

    def test_customer_with_only_credit_notes_has_no_orders_but_is_listed(self):
        # B has two credit notes in the window: 0 orders, 0 lines, no order rows; A is unchanged.
        log = _log([("A", "2024-06-30", 120, "R1"), ("B", "2024-06-10", -50, "G1"), ("B", "2024-05-10", -5, None)])
        res = order_figures(log)
        assert res.customers.to_dict("list") == {
            "customer_id": ["A", "B"], "orders_12m": [1.0, 0.0], "lines_12m": [1.0, 0.0]}
        assert res.orders["customer_id"].tolist() == ["A"]

    def test_log_of_credit_notes_only_has_no_orders(self):
        log = _log([("A", "2024-06-30", -10, "G1"), ("B", "2024-06-01", -5, None)])
        res = order_figures(log)
        assert res.customers["orders_12m"].tolist() == [0.0, 0.0] and res.orders.empty

    def test_file_without_order_ids_counts_every_line_as_an_order(self):
        # no order_id column: A's three positive lines are three orders of 50, 70 and 20 EUR.
        log = _log([("A", "2024-06-30", 50, None), ("A", "2024-06-29", 70, None),
                    ("A", "2024-06-28", 20, None), ("A", "2024-06-27", -20, None)]).drop(columns="order_id")
        res = order_figures(log)
        assert res.customers[["orders_12m", "lines_12m"]].values.tolist() == [[3.0, 3.0]]
        assert res.orders["order_value_eur"].tolist() == [50.0, 70.0, 20.0]

    def test_lines_without_order_id_are_orders_of_their_own(self):
        # R1 (two lines) plus two lines without a number ("" and None): 3 orders, 4 lines.
        log = _log([("A", "2024-06-30", 50, "R1"), ("A", "2024-06-30", 30, "R1"),
                    ("A", "2024-06-29", 70, ""), ("A", "2024-06-28", 20, None)])
        res = order_figures(log)
        assert res.customers[["orders_12m", "lines_12m"]].values.tolist() == [[3.0, 4.0]]
        assert sorted(res.orders["order_value_eur"]) == [20.0, 70.0, 80.0]

    def test_same_order_number_of_two_customers_is_two_orders(self):
        log = _log([("A", "2024-06-30", 50, "R1"), ("B", "2024-06-30", 30, "R1")])
        res = order_figures(log)
        assert res.customers["orders_12m"].tolist() == [1.0, 1.0]
        assert res.orders.to_dict("list") == {"customer_id": ["A", "B"], "order_value_eur": [50.0, 30.0]}

    def test_unusable_lines_are_left_out_like_the_reader_does(self):
        log = _log([("A", "2024-06-30", 50, "R1"), (None, "2024-06-30", 99, "R2"), ("", "2024-06-30", 99, "R3")])
        log.loc[3] = ["C", pd.NaT, 10.0, "R4"]
        log.loc[4] = ["D", pd.Timestamp("2024-06-01"), np.nan, "R5"]
        res = order_figures(log)
        assert res.customers["customer_id"].tolist() == ["A"]

    def test_missing_column_and_empty_log_raise_data_error(self):
        with pytest.raises(DataError, match="amount"):
            order_figures(pd.DataFrame({"customer_id": ["A"], "date": [pd.Timestamp("2024-01-01")]}))
        with pytest.raises(DataError, match="no transaction line"):
            order_figures(_log([(None, "2024-06-30", 50, "R1")]))

    def test_dates_as_iso_text_are_accepted(self):
        log = pd.DataFrame({"customer_id": ["A", "A"], "date": ["2024-06-30", "2024-06-01"], "amount": [1.0, 2.0]})
        assert order_figures(log).customers["orders_12m"].tolist() == [2.0]

    def test_counts_equal_the_readers_on_the_sample_transactions(self):
        # the sample has no times of day, so the reader's window and levers.md's agree
        path = ROOT / "sample_data" / "transaktionen.csv"
        raw = pd.read_csv(path, sep=";", decimal=",", dtype={"Kunden-Nr.": str, "Belegnummer": str},
                          encoding="cp1252")
        log = pd.DataFrame({
            "customer_id": raw["Kunden-Nr."],
            "date": pd.to_datetime(raw["Belegdatum"], format="%d.%m.%Y"),
            "amount": raw["Menge"] * raw["Einzelpreis"],
            "order_id": raw["Belegnummer"],
        })
        ours = order_figures(log).customers
        theirs = read_data(path).customers
        assert ours["customer_id"].tolist() == theirs["customer_id"].tolist()
        np.testing.assert_array_equal(ours["orders_12m"].to_numpy(), theirs["orders_12m"].to_numpy())


class TestOrderArrays:
    @given(
        st.lists(
            st.tuples(st.integers(0, 4), st.integers(0, 800), st.integers(-50, 200), st.integers(-1, 3)),
            min_size=1, max_size=60,
        )
    )
    def test_equals_a_plain_python_count(self, rows):
        codes = np.array([r[0] for r in rows])
        days = np.datetime64("2022-01-01") + np.array([r[1] for r in rows]).astype("timedelta64[D]")
        amounts = np.array([float(r[2]) for r in rows])
        orders = np.array([r[3] for r in rows])
        res = order_arrays(codes, days, amounts, orders, n_customers=5)
        newest = days.max()
        expected_orders, expected_value = {}, {}
        lines = [0] * 5
        for i, (c, _, a, o) in enumerate(rows):
            if a > 0 and days[i] > newest - np.timedelta64(365, "D"):
                lines[c] += 1
                key = (c, o) if o >= 0 else (c, "line", i)
                expected_value[key] = expected_value.get(key, 0.0) + a
                expected_orders.setdefault(c, set()).add(key)
        assert res.lines_12m.tolist() == lines
        assert res.orders_12m.tolist() == [len(expected_orders.get(c, ())) for c in range(5)]
        assert sorted(res.order_value_eur.tolist()) == sorted(expected_value.values())

    def test_codes_beyond_the_customer_count_raise(self):
        with pytest.raises(DataError):
            order_arrays([0, 3], np.array(["2024-01-01"] * 2, dtype="datetime64[D]"), [1.0, 1.0], n_customers=2)


# ---------------------------------------------------------------------------------
# cost to serve, profit, whale curve
# ---------------------------------------------------------------------------------
class TestCostToServe:
    def test_by_hand(self):
        # 3 visits x 137.50 + 12 orders x 30 + 40 lines x 2 = 412.50 + 360 + 80 = 852.50
        got = cost_to_serve([3], [12], [40], cost_per_visit=137.5, cost_per_order=30.0, cost_per_line=2.0)
        assert got.tolist() == [852.5]

    def test_missing_or_negative_counts_are_zero(self):
        got = cost_to_serve([np.nan, 1], [np.nan, -3], [5, np.inf], cost_per_visit=100, cost_per_order=30,
                            cost_per_line=2)
        assert got.tolist() == [10.0, 100.0]


class TestCustomerProfit:
    def test_negative_revenue_earns_nothing(self):
        # 0.25 x 2000 - 300 = 200; a customer with -500 revenue (credit notes) only costs: -120
        assert customer_profit([2000.0, -500.0], [0.25, 0.3], [300.0, 120.0]).tolist() == [200.0, -120.0]


class TestWhaleCurve:
    def test_by_hand(self):
        # active profits 500, 200, -100, -300 (the r = 0 customer is left out): total 300,
        # cumulative 500, 700, 600, 300 -> y 5/3, 7/3, 2, 1; peak 7/3; two unprofitable, 400 destroyed
        w = whale_curve([10.0, 10.0, 10.0, 10.0, 0.0], [-100.0, 500.0, -300.0, 200.0, -50.0])
        assert w.customers == 4
        assert w.x.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
        assert w.y == pytest.approx([0.0, 5 / 3, 7 / 3, 2.0, 1.0])
        assert w.peak_share == pytest.approx(7 / 3)
        assert (w.unprofitable_customers, w.profit_destroyed_eur, w.total_profit_eur) == (2, 400.0, 300.0)

    def test_peak_is_null_when_total_profit_is_not_positive(self):
        w = whale_curve([10.0, 10.0], [100.0, -100.0])
        assert w.peak_share is None and np.isnan(w.y).all() and w.total_profit_eur == 0.0

    def test_no_active_customer(self):
        w = whale_curve([0.0, -5.0], [-10.0, -10.0])
        assert (w.customers, w.peak_share, w.unprofitable_customers, w.profit_destroyed_eur) == (0, None, 0, 0.0)

    @given(st.lists(st.tuples(st.floats(0.01, 1e7), money), min_size=1, max_size=80))
    def test_peak_at_least_one_when_total_profit_positive(self, rows):
        r = np.array([x[0] for x in rows])
        p = np.array([x[1] for x in rows])
        w = whale_curve(r, p)
        assume(w.total_profit_eur > 0)
        assert w.peak_share >= 1.0
        assert w.y[-1] == 1.0


class TestWhaleBySegment:
    def test_every_segment_is_present_and_split_by_hand(self):
        by = whale_by_segment([100.0, 50.0, 10.0, 0.0], [40.0, 5.0, -2.0, -30.0],
                              ["key", "small", "small", "inactive"])
        assert list(by) == list(SEGMENTS)
        assert by["small"].total_profit_eur == 3.0 and by["small"].unprofitable_customers == 1
        assert by["inactive"].customers == 0 and by["potential"].peak_share is None


# ---------------------------------------------------------------------------------
# small orders and the policies
# ---------------------------------------------------------------------------------
# Four customers, minimum order value 100 EUR:
#   K key,       r 50,000, cm 0.30, one order of 40         -> key accounts are never small
#   A small,     r 300,    cm 0.30, orders 100, 80, 120     -> 100 is exactly break-even: not small; 80 is
#   B small,     r 150,    cm 0.20, orders 50, 60, 40       -> all three small
#   C potential, r -20,    cm 0.30, only credit notes       -> no orders
# n = 4, v = 80 + 150 = 230, A = {A, B}: 2 customers
# sum over small orders of cm x value = 0.30 x 80 + 0.20 x 150 = 24 + 30 = 54
# sum over A of cm x max(r, 0)          = 0.30 x 300 + 0.20 x 150 = 90 + 30 = 120
REV = [50_000.0, 300.0, 150.0, -20.0]
CM = [0.30, 0.30, 0.20, 0.30]
SEG = ["key", "small", "small", "potential"]
ORDER_CUSTOMER = [0, 1, 1, 1, 2, 2, 2]
ORDER_VALUE = [40.0, 100.0, 80.0, 120.0, 50.0, 60.0, 40.0]


def _case() -> object:
    return small_orders(REV, CM, SEG, min_order_value_eur=100.0, order_customer=ORDER_CUSTOMER,
                        order_value_eur=ORDER_VALUE)


class TestSmallOrders:
    def test_four_customers_by_hand(self):
        s = _case()
        assert (s.orders, s.value_eur, s.customers) == (4.0, 230.0, 2)
        assert s.cm_value_eur == pytest.approx(54.0)
        assert s.affected_cm_revenue_eur == pytest.approx(120.0)
        assert s.orders_by_customer.tolist() == [0.0, 1.0, 3.0, 0.0]
        assert not s.estimated

    def test_order_exactly_at_break_even_is_not_small(self):
        s = small_orders([100.0], [0.3], ["small"], min_order_value_eur=100.0, order_customer=[0],
                         order_value_eur=[100.0])
        assert (s.orders, s.customers) == (0.0, 0)
        s = small_orders([99.99], [0.3], ["small"], min_order_value_eur=100.0, order_customer=[0],
                         order_value_eur=[99.99])
        assert (s.orders, s.customers) == (1.0, 1)

    def test_customer_table_fallback_by_hand(self):
        # orders_12m 1, 3, 3, 0: A's orders are 300 / 3 = 100 each (break-even, not small), B's 150 / 3 = 50
        # (all small): n = 3, v = 150, A = {B}; cm x value = 0.2 x 150 = 30 = affected margin
        s = small_orders(REV, CM, SEG, min_order_value_eur=100.0, orders_12m=[1, 3, 3, 0])
        assert (s.orders, s.value_eur, s.customers, s.estimated) == (3.0, 150.0, 1, True)
        assert s.cm_value_eur == pytest.approx(30.0) and s.affected_cm_revenue_eur == pytest.approx(30.0)

    def test_fallback_without_counts_finds_nothing(self):
        s = small_orders([50.0, 80.0], [0.3, 0.3], ["small", "small"], min_order_value_eur=100.0,
                         orders_12m=[np.nan, 0])
        assert (s.orders, s.customers) == (0.0, 0)

    def test_order_of_an_unknown_customer_raises(self):
        with pytest.raises(DataError):
            small_orders([1.0], [0.3], ["small"], min_order_value_eur=100.0, order_customer=[1],
                         order_value_eur=[5.0])


class TestSmallOrderEffect:
    def test_surcharge_by_hand(self):
        # 4 x 0.5 x 30 + 4 x 0.5 x 10 - 0.05 x 120 = 60 + 20 - 6 = 74
        got = small_order_effect(_case(), settings=LeverSettings(small_order_policy="surcharge"))
        assert got == pytest.approx(74.0)

    def test_minimum_by_hand(self):
        # 4 x 30 - 0.5 x 54 - 0.05 x 120 = 120 - 27 - 6 = 87
        got = small_order_effect(_case(), settings=LeverSettings(small_order_policy="minimum"))
        assert got == pytest.approx(87.0)

    def test_none_by_hand(self):
        assert small_order_effect(_case(), settings=LeverSettings()) == 0.0

    def test_fallback_policies_by_hand(self):
        # n = 3, cm x value = 30, affected margin 30
        # surcharge: 3 x 0.5 x 30 + 3 x 0.5 x 10 - 0.05 x 30 = 45 + 15 - 1.5 = 58.5
        # minimum:   3 x 30 - 0.5 x 30 - 1.5 = 73.5
        s = small_orders(REV, CM, SEG, min_order_value_eur=100.0, orders_12m=[1, 3, 3, 0])
        assert small_order_effect(s, settings=LeverSettings(small_order_policy="surcharge")) == pytest.approx(58.5)
        assert small_order_effect(s, settings=LeverSettings(small_order_policy="minimum")) == pytest.approx(73.5)

    def test_other_settings_by_hand(self):
        # consolidation 0.2, churn 0.1, surcharge 15, 40 EUR per order:
        # surcharge: 4 x 0.2 x 40 + 4 x 0.8 x 15 - 0.1 x 120 = 32 + 48 - 12 = 68
        # minimum:   4 x 40 - 0.8 x 54 - 12 = 160 - 43.2 - 12 = 104.8
        base = dict(consolidation_share=0.2, policy_churn=0.1, surcharge_eur=15, cost_per_order=40)
        s = _case()
        assert small_order_effect(s, settings=LeverSettings(small_order_policy="surcharge", **base)) == pytest.approx(68)
        assert small_order_effect(s, settings=LeverSettings(small_order_policy="minimum", **base)) == pytest.approx(104.8)

    @given(
        st.lists(st.tuples(money, st.floats(0, 1), st.sampled_from(SEGMENTS), st.floats(0, 50)), min_size=1,
                 max_size=30),
        st.floats(0, 10_000), st.floats(0, 1), st.floats(0, 1),
    )
    def test_none_policy_has_no_effect(self, rows, cost, consolidation, churn):
        s = small_orders([x[0] for x in rows], [x[1] for x in rows], [x[2] for x in rows],
                         min_order_value_eur=100.0, orders_12m=[x[3] for x in rows])
        settings = LeverSettings(cost_per_order=cost, consolidation_share=consolidation, policy_churn=churn)
        assert small_order_effect(s, settings=settings) == 0.0


# ---------------------------------------------------------------------------------
# digital ordering
# ---------------------------------------------------------------------------------
class TestDigitalSavings:
    def test_by_hand(self):
        # 600 covered orders x 0.25 x (30 - 5) = 3,750 per year; year 1 at ramp 0.4: 1,500
        got = digital_savings([100, 500], settings=LeverSettings(digital_share=0.25), horizon_years=4,
                              ramp_year1=0.4)
        assert got.tolist() == [1500.0, 3750.0, 3750.0, 3750.0]

    def test_default_share_saves_nothing(self):
        assert digital_savings(1000.0, settings=LeverSettings(), horizon_years=5, ramp_year1=0.5).tolist() == [0.0] * 5

    def test_bad_horizon_raises(self):
        with pytest.raises(AssumptionError):
            digital_savings(10.0, settings=LeverSettings(), horizon_years=0, ramp_year1=0.5)


# ---------------------------------------------------------------------------------
# concentration and history
# ---------------------------------------------------------------------------------
class TestConcentration:
    def test_by_hand(self):
        # active revenue 600, 300, 100 (the inactive and negative customers are left out): shares 0.6, 0.3, 0.1
        # hhi = 10,000 x (0.36 + 0.09 + 0.01) = 4,600; top5 = all of them = 1
        c = concentration([300.0, 0.0, 600.0, -50.0, 100.0])
        assert (c.customers, c.top1_share, c.top5_share, c.top20_share) == (3, 0.6, 1.0, 1.0)
        assert c.hhi == pytest.approx(4600.0)

    def test_no_active_customer_gives_null(self):
        c = concentration([0.0, -1.0])
        assert c.customers == 0 and c.top1_share is None and c.hhi is None

    @given(revenues)
    def test_top_shares_grow_with_k_and_hhi_is_bounded(self, r):
        c = concentration(r)
        assume(c.customers > 0)
        assert 0 < c.top1_share <= c.top5_share <= c.top10_share <= c.top20_share <= 1.0
        assert 0.0 <= c.hhi <= 10_000.0


class TestHistory:
    def test_two_pairs_pooled_by_hand(self):
        # threshold 10,000. Pair 2022->2023: small c1, c2 (c1 churns, c2 promoted), active also c3 (stays).
        # Pair 2023->2024: small c4 (churns), active c2 (churns) and c3 (stays).
        # small starts 3, of which 2 churned, 1 promoted; active starts 3 + 3 = 6, of which 3 churned.
        data = pd.DataFrame({
            "customer_id": ["c1", "c2", "c3", "c4"],
            "revenue_2022": [5000.0, 2000.0, 50000.0, 0.0],
            "revenue_2023": [0.0, 12000.0, 40000.0, 800.0],
            "revenue_2024": [0.0, -10.0, 45000.0, np.nan],
        })
        h = history(data, revenue_threshold=10_000.0)
        assert (h.pairs, h.years, h.small_start, h.active_start) == (2, (2022, 2023, 2024), 3, 6)
        assert h.churn_small == pytest.approx(2 / 3)
        assert h.churn_all == pytest.approx(3 / 6)
        assert h.promotion_small_to_key == pytest.approx(1 / 3)

    def test_one_year_gives_no_pairs_and_null_rates(self):
        h = history(pd.DataFrame({"revenue_2024": [1.0]}), revenue_threshold=10.0)
        assert (h.pairs, h.churn_small, h.churn_all, h.promotion_small_to_key) == (0, None, None, None)
        h = history(pd.DataFrame({"revenue": [1.0]}), revenue_threshold=10.0)
        assert h.pairs == 0


# ---------------------------------------------------------------------------------
# the one entry
# ---------------------------------------------------------------------------------
HEADLESS_KEYS = {
    "cost_to_serve": {"total", "by_segment"},
    "whale": {"peak_share", "unprofitable_customers", "profit_destroyed", "total_profit"},
    "small_orders": {"min_order_value", "orders", "value", "customers", "annual_effect"},
    "concentration": {"top1_share", "top5_share", "top10_share", "top20_share", "hhi"},
    "history": {"pairs", "churn_small", "churn_all", "promotion_small_to_key"},
}


class TestLeverFigures:
    def _from_log(self, policy: str):
        # The four-customer case above as a transaction log, one order per order number, all dated 2024.
        rows = [("K", "2024-06-30", 50_000.0 - 40.0, "K0"), ("K", "2024-06-30", 40.0, "K1"),
                ("A", "2024-05-01", 100.0, "A1"), ("A", "2024-05-02", 80.0, "A2"), ("A", "2024-05-03", 120.0, "A3"),
                ("B", "2024-04-01", 50.0, "B1"), ("B", "2024-04-02", 60.0, "B2"), ("B", "2024-04-03", 40.0, "B3"),
                ("C", "2024-03-01", -20.0, "G1")]
        log = _log(rows)
        figures = order_figures(log)
        table = figures.customers.assign(revenue_2024=[50_000.0, 300.0, 150.0, -20.0])
        return lever_figures(
            table, cost_per_visit=100.0, revenue_threshold=10_000.0, cm_rate=0.30,
            settings=LeverSettings(small_order_policy=policy), orders=figures.orders,
            revenue=REV, cm=CM, visits=[4, 0, 1, 0], segment=SEG, covered=[False, True, True, False],
        )

    def test_transaction_log_to_policy_effects(self):
        # K's 49,960 order is not small (and K is key anyway): the small orders are those of the hand case.
        assert self._from_log("surcharge").small_order_effect_eur == pytest.approx(74.0)
        assert self._from_log("minimum").small_order_effect_eur == pytest.approx(87.0)
        assert self._from_log("none").small_order_effect_eur == 0.0

    def test_cost_to_serve_and_whale_by_hand(self):
        lf = self._from_log("none")
        # orders 2, 3, 3, 0 and the same lines; visits 4, 0, 1, 0 at 100 EUR:
        # K 400 + 60 + 4 = 464; A 90 + 6 = 96; B 100 + 90 + 6 = 196; C 0
        assert lf.customers["cost_to_serve_eur"].tolist() == [464.0, 96.0, 196.0, 0.0]
        assert lf.cost_to_serve_total_eur == 756.0
        assert dict(lf.cost_to_serve_by_segment_eur) == {
            "key": 464.0, "potential": 0.0, "small": 292.0, "inactive": 0.0, "no_revenue": 0.0}
        # profits: K 15,000 - 464 = 14,536; A 90 - 96 = -6; B 30 - 196 = -166; C (inactive, r <= 0) left out
        assert lf.whale.total_profit_eur == pytest.approx(14_364.0)
        assert lf.whale.unprofitable_customers == 2 and lf.whale.profit_destroyed_eur == pytest.approx(172.0)
        assert lf.whale.peak_share == pytest.approx(14_536 / 14_364)
        # covered A and B: 6 orders
        assert lf.covered_orders_12m == 6.0
        assert lf.notes == () and not lf.covers_visits_only

    def test_to_dict_has_exactly_the_headless_keys(self):
        d = self._from_log("surcharge").to_dict()
        assert {k: set(v) for k, v in d.items()} == HEADLESS_KEYS
        assert set(d["cost_to_serve"]["by_segment"]) == set(SEGMENTS)
        assert isinstance(d["small_orders"]["orders"], int)
        assert d["small_orders"] == {"min_order_value": 100.0, "orders": 4, "value": 230.0, "customers": 2,
                                     "annual_effect": 74.0}
        assert d["history"] == {"pairs": 0, "churn_small": None, "churn_all": None, "promotion_small_to_key": None}

    def test_customer_table_without_order_counts_covers_visits_only(self):
        # no orders_12m / lines_12m: counts are 0, cost to serve = visits x 137.50 = 687.50 and 0,
        # no small orders, and the result says so.
        data = pd.DataFrame({"customer_id": ["1", "2"], "revenue": [2000.0, 20000.0], "visits_12m": [0, 5]})
        a = Assumptions()
        res = compute(data, a)
        lf = lever_figures(res.customers, cost_per_visit=res.field_cost.cost_per_visit_eur,
                           revenue_threshold=res.field_cost.revenue_threshold_eur, cm_rate=a.cm_rate,
                           settings=LeverSettings(small_order_policy="minimum"))
        assert lf.customers["orders_12m"].tolist() == [0.0, 0.0]
        assert lf.customers["cost_to_serve_eur"].tolist() == [0.0, 687.5]
        assert lf.covers_visits_only and lf.notes == ("cost_to_serve_visits_only",)
        assert lf.small_orders.orders == 0.0 and lf.small_order_effect_eur == 0.0

    def test_reads_the_model_result_columns(self):
        # customer 1: small, 4 orders of 50 EUR (200 / 4) -> all small; customer 2: key
        data = pd.DataFrame({"customer_id": ["1", "2"], "revenue": [200.0, 20000.0], "orders_12m": [4, 12]})
        a = Assumptions()
        res = compute(data, a)
        lf = lever_figures(res.customers, cost_per_visit=137.5, revenue_threshold=8593.75, cm_rate=0.3,
                           settings=LeverSettings(small_order_policy="surcharge"))
        # 4 x 0.5 x 30 + 4 x 0.5 x 10 - 0.05 x 0.3 x 200 = 60 + 20 - 3 = 77
        assert lf.small_order_effect_eur == pytest.approx(77.0)
        assert lf.covered_orders_12m == 4.0
        assert lf.notes == ("no_order_lines", "small_orders_estimated")

    def test_orders_of_an_unknown_customer_raise(self):
        table = pd.DataFrame({"customer_id": ["1"], "orders_12m": [1.0]})
        orders = pd.DataFrame({"customer_id": ["9"], "order_value_eur": [10.0]})
        with pytest.raises(DataError, match="'9'"):
            lever_figures(table, cost_per_visit=1.0, revenue_threshold=1.0, cm_rate=0.3, settings=LeverSettings(),
                          orders=orders, revenue=[1.0], cm=[0.3], visits=[0], segment=["small"])

    def test_missing_model_column_names_it(self):
        table = pd.DataFrame({"customer_id": ["1"]})
        with pytest.raises(DataError, match="revenue_current_eur"):
            lever_figures(table, cost_per_visit=1.0, revenue_threshold=1.0, cm_rate=0.3, settings=LeverSettings())

    def test_sample_data_history_and_defaults_leave_effects_at_zero(self):
        rr = read_data(ROOT / "sample_data" / "kunden.csv")
        a = Assumptions()
        res = compute(rr.customers, a)
        lf = lever_figures(res.customers, cost_per_visit=res.field_cost.cost_per_visit_eur,
                           revenue_threshold=res.field_cost.revenue_threshold_eur, cm_rate=a.cm_rate,
                           settings=LeverSettings())
        assert lf.history.pairs == len(res.revenue_years) - 1
        assert lf.small_order_effect_eur == 0.0
        assert lf.digital_eur(horizon_years=a.horizon_years, ramp_year1=a.ramp_year1).tolist() == [0.0] * 5
        assert lf.cost_to_serve_total_eur == pytest.approx(sum(lf.cost_to_serve_by_segment_eur.values()))
