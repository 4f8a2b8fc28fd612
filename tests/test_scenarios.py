"""calc.scenarios: presets, comparison, scenario JSON files and comparison links."""

import base64
import json
import math
import zlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import assumptions_st

from calc.assumptions import Assumptions
from calc.errors import AssumptionError, ScenarioError
from calc.model import compute
from calc.scenarios import (
    PRESETS,
    compare,
    decode_comparison,
    encode_comparison,
    scenarios_from_json,
    scenarios_to_json,
)

names_st = st.text(min_size=1, max_size=20).filter(lambda s: s.strip())
collections_st = st.dictionaries(names_st, assumptions_st, min_size=1, max_size=4)


@pytest.fixture
def customers():
    rng = np.random.default_rng(3)
    n = 600
    return pd.DataFrame(
        {
            "customer_id": [str(i) for i in range(n)],
            "revenue": rng.lognormal(7.5, 1.0, n),
            "visits_12m": rng.integers(0, 3, n),
        }
    )


class TestPresets:
    def test_base_is_the_defaults(self):
        assert PRESETS["base"] == Assumptions()

    def test_conservative_below_base_below_optimistic(self):
        c, b, o = PRESETS["conservative"], PRESETS["base"], PRESETS["optimistic"]
        assert c.capture_rate < b.capture_rate < o.capture_rate
        assert c.churn_program > b.churn_program > o.churn_program
        assert c.ramp_year1 < b.ramp_year1 < o.ramp_year1
        assert c.setup_cost > b.setup_cost

    def test_npv_ordered_like_the_presets(self, customers):
        npvs = [compute(customers, a).internal.npv_eur for a in PRESETS.values()]
        assert npvs == sorted(npvs)


class TestCompare:
    def test_figures_equal_compute(self, customers):
        c = compare(customers, PRESETS)
        for name, a in PRESETS.items():
            res = compute(customers, a)
            row = c.figures.loc[name]
            assert row["npv_eur"] == res.internal.npv_eur
            assert row["external_npv_eur"] == res.external.npv_eur
            assert row["reps"] == res.team.reps
            assert row["covered_customers"] == res.team.covered_customers
            assert row["annual_team_cost_eur"] == res.team.annual_cost_eur
            assert row["make_or_buy"] == res.make_or_buy.choice
            assert row["revenue_threshold_eur"] == res.field_cost.revenue_threshold_eur

    def test_missing_irr_is_nan(self, customers):
        bad = Assumptions(capture_rate=0.0, churn_program=0.15, setup_cost=1e6)
        c = compare(customers, {"bad": bad, "base": Assumptions()})
        assert math.isnan(c.figures.loc["bad", "irr"])
        assert math.isnan(c.figures.loc["bad", "payback_months"])

    def test_differences_list_only_differing_assumptions(self, customers):
        c = compare(customers, {"a": Assumptions(), "b": Assumptions(capture_rate=0.05)})
        assert dict(c.differences) == {"capture_rate": {"a": 0.03, "b": 0.05}}
        assert c.differences_frame().loc["capture_rate", "b"] == 0.05

    def test_cash_curves_one_row_per_scenario_and_year(self, customers):
        scen = {"short": Assumptions(horizon_years=3), "long": Assumptions(horizon_years=7)}
        c = compare(customers, scen)
        assert list(c.cash_curves.columns) == ["scenario", "year", "cumulative_cash_eur"]
        assert c.cash_curves.groupby("scenario").size().to_dict() == {"long": 8, "short": 4}
        short = c.cash_curves[c.cash_curves.scenario == "short"]["cumulative_cash_eur"].to_numpy()
        assert np.allclose(short, compute(customers, scen["short"]).internal.years["cumulative_cash_eur"])

    def test_keeps_the_given_order(self, customers):
        scen = {"z": Assumptions(), "a": Assumptions(setup_cost=1.0)}
        assert compare(customers, scen).figures.index.tolist() == ["z", "a"]

    def test_four_scenarios_are_allowed(self, customers):
        scen = {str(i): Assumptions(capture_rate=0.01 * (i + 1)) for i in range(4)}
        assert len(compare(customers, scen).figures) == 4

    @pytest.mark.parametrize("count", [0, 1, 5])
    def test_wrong_number_of_scenarios_is_an_error(self, customers, count):
        scen = {str(i): Assumptions() for i in range(count)}
        with pytest.raises(ScenarioError, match="2 to 4 scenarios"):
            compare(customers, scen)

    def test_empty_name_is_an_error(self, customers):
        with pytest.raises(ScenarioError, match="name"):
            compare(customers, {"": Assumptions(), "b": Assumptions()})


class TestScenariosJson:
    @settings(max_examples=60, deadline=None)
    @given(scenarios=collections_st)
    def test_round_trip(self, scenarios):
        assert scenarios_from_json(scenarios_to_json(scenarios)) == scenarios

    def test_format(self):
        data = json.loads(scenarios_to_json({"base": Assumptions()}))
        assert data["version"] == 1
        assert data["scenarios"][0]["name"] == "base"
        assert data["scenarios"][0]["assumptions"]["capture_rate"] == 0.03

    def test_reads_a_single_cli_scenario(self):
        text = Assumptions(capture_rate=0.05).to_json(name="bold")
        assert scenarios_from_json(text) == {"bold": Assumptions(capture_rate=0.05)}

    def test_single_scenario_without_name(self):
        assert scenarios_from_json('{"assumptions": {"ramp_year1": 0.7}}') == {
            "scenario": Assumptions(ramp_year1=0.7)
        }

    def test_missing_values_keep_defaults(self):
        text = '{"version": 1, "scenarios": [{"name": "x", "assumptions": {"setup_cost": 1}}]}'
        assert scenarios_from_json(text)["x"] == Assumptions(setup_cost=1.0)

    @pytest.mark.parametrize(
        "text, match",
        [
            ("{", "not valid JSON"),
            ("[]", "expected a JSON object"),
            ('{"version": 2, "scenarios": []}', "version 2"),
            ('{"version": 1, "scenarios": []}', "non-empty list"),
            ('{"version": 1}', "neither"),
            ('{"scenarios": [{"assumptions": {}}]}', "no \"name\""),
            ('{"scenarios": [{"name": "a"}, {"name": "a"}]}', "used twice"),
            ('{"scenarios": [{"name": "a", "assumptions": 3}]}', "must be an object"),
        ],
    )
    def test_bad_files_raise_scenario_error(self, text, match):
        with pytest.raises(ScenarioError, match=match):
            scenarios_from_json(text)

    def test_bad_value_names_the_scenario(self):
        text = '{"scenarios": [{"name": "x", "assumptions": {"capture_rate": 2}}]}'
        with pytest.raises(AssumptionError, match="scenario 'x'.*capture_rate"):
            scenarios_from_json(text)


def _pack(obj) -> str:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw)).rstrip(b"=").decode()


class TestComparisonLink:
    @settings(max_examples=60, deadline=None)
    @given(scenarios=collections_st)
    def test_round_trip(self, scenarios):
        code = encode_comparison(scenarios)
        assert decode_comparison(code) == scenarios
        assert list(decode_comparison(code)) == list(scenarios)

    def test_url_safe_without_padding(self):
        code = encode_comparison(PRESETS)
        assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    def test_only_non_default_values(self):
        code = encode_comparison({"a": Assumptions(), "b": Assumptions(capture_rate=0.05)})
        raw = zlib.decompress(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)))
        assert json.loads(raw) == {"v": 1, "s": [["a", {}], ["b", {"capture_rate": 0.05}]]}

    def test_compact(self):
        assert len(encode_comparison(PRESETS)) < 250  # vs. ~3,000 characters of full JSON

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            "hello world",
            "abc$%",
            "A",
            "AAAA",
            encode_comparison(PRESETS)[:-6],
            _pack(b"not json"),
            _pack([1, 2]),
            _pack({"v": 2, "s": []}),
            _pack({"v": 1, "s": []}),
            _pack({"v": 1, "s": [["a"]]}),
            _pack({"v": 1, "s": [["a", {"capture_rate": 5}]]}),
            _pack({"v": 1, "s": [["a", {"nonsense": 1}]]}),
            _pack({"v": 1, "s": [["", {}]]}),
        ],
    )
    def test_garbage_raises_scenario_error(self, text):
        with pytest.raises(ScenarioError, match="comparison link"):
            decode_comparison(text)

    def test_decompression_bomb_is_refused(self):
        bomb = _pack(b"[" + b" " * 10_000_000 + b"]")
        assert len(bomb) < 20_000
        with pytest.raises(ScenarioError, match="64 KB"):
            decode_comparison(bomb)

    def test_not_text_is_an_error(self):
        with pytest.raises(ScenarioError):
            decode_comparison(None)
