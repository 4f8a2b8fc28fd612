"""Assumptions: defaults, validation messages, JSON / query / --set round trips."""

import json

import pytest
from hypothesis import given
from strategies import assumptions_st

from calc.assumptions import SPECS, STAGES, Assumptions, names_of_stage, parse_assignments
from calc.errors import AssumptionError, ScenarioError


class TestDefaults:
    def test_spec_defaults(self):
        a = Assumptions()
        assert (a.field_rep_annual_cost, a.selling_days_per_year, a.visits_per_day) == (110000, 200, 4)
        assert a.cost_per_visit is None and a.revenue_threshold is None
        assert (a.max_sales_cost_ratio, a.cm_rate, a.accounts_per_rep, a.horizon_years) == (0.08, 0.30, 400, 5)
        assert a.potential_method == "homogeneous" and a.include_inactive is False

    def test_every_spec_has_both_languages_and_a_group(self):
        for spec in SPECS.values():
            assert spec.label_en and spec.label_de and spec.help_en and spec.help_de
            assert spec.group in {"field_sales", "potential", "team", "business_case", "external", "levers"}

    def test_lever_defaults_are_those_of_levers_md(self):
        a = Assumptions()
        assert (a.cost_per_order, a.cost_per_line, a.min_order_value, a.small_order_policy) == (30, 2, None, "none")
        assert (a.surcharge_eur, a.consolidation_share, a.policy_churn) == (10, 0.5, 0.05)
        assert (a.digital_share, a.digital_cost_per_order) == (0, 5)

    def test_lever_assumptions_round_trip_through_set_query_and_json(self):
        sets = parse_assignments(["small_order_policy=surcharge", "min_order_value=80", "digital_share=0.2"])
        a = Assumptions.from_dict(sets)
        assert (a.small_order_policy, a.min_order_value, a.digital_share) == ("surcharge", 80.0, 0.2)
        assert Assumptions.from_query(a.to_query()) == a
        assert Assumptions.from_json(a.to_json()) == a
        assert Assumptions.from_dict({"min_order_value": ""}).min_order_value is None

    def test_is_frozen(self):
        with pytest.raises(AttributeError):
            Assumptions().capture_rate = 0.5


class TestStagesAndUsualRanges:
    def test_every_spec_has_a_known_stage(self):
        assert all(spec.stage in STAGES for spec in SPECS.values())

    def test_names_of_stage_partition_the_assumptions_in_spec_order(self):
        names = [n for stage in STAGES for n in names_of_stage(stage)]
        assert sorted(names) == sorted(SPECS)
        assert names_of_stage(*STAGES) == tuple(SPECS)

    def test_spec_stages(self):
        # the spec's steps: 1 threshold, 2 segments and potential, margins, 3-4 team and business case
        assert names_of_stage("threshold") == (
            "field_rep_annual_cost", "selling_days_per_year", "visits_per_day", "cost_per_visit",
            "visits_per_customer_year", "max_sales_cost_ratio", "revenue_threshold",
        )
        assert set(names_of_stage("potential")) == {
            "potential_method", "employees_default", "potential_per_employee", "potential_threshold",
            "include_inactive",
        }
        assert names_of_stage("margin") == ("cm_rate",)

    def test_unknown_stage(self):
        with pytest.raises(ValueError, match="unknown stage 'team'"):
            names_of_stage("team")

    def test_usual_ranges_lie_inside_the_valid_range(self):
        for spec in SPECS.values():
            if spec.usual is not None:
                low, high = spec.usual
                assert spec.minimum <= low < high <= spec.maximum, spec.name

    def test_help_names_the_usual_range(self):
        spec = SPECS["accounts_per_rep"]
        assert spec.usual == (350, 450)
        assert "350-450" in spec.help_en and "350-450" in spec.help_de
        assert "4-6" in SPECS["visits_per_customer_year"].help_en


class TestValidation:
    @pytest.mark.parametrize(
        "changes, fragment",
        [
            ({"field_rep_annual_cost": -1}, "('field_rep_annual_cost') = -1: too small. Valid: from 0 to 1,000,000 (€/year)."),
            ({"capture_rate": 1.5}, "('capture_rate') = 1.5: too large. Valid: from 0 to 1"),
            ({"churn_program": -0.1}, "'churn_program'"),
            ({"accounts_per_rep": 0}, "('accounts_per_rep') = 0: too small. Valid: from 1 to 5,000"),
            ({"horizon_years": 11}, "('horizon_years') = 11: too large. Valid: from 1 to 10"),
            ({"horizon_years": 2.5}, "must be a whole number"),
            ({"discount_rate": "abc"}, "('discount_rate') = 'abc': not a number"),
            ({"discount_rate": float("nan")}, "not a finite number"),
            ({"potential_method": "magic"}, "one of homogeneous, historical, data"),
            ({"include_inactive": "maybe"}, "true or false"),
        ],
    )
    def test_message_names_assumption_value_and_range(self, changes, fragment):
        with pytest.raises(AssumptionError) as info:
            Assumptions(**changes)
        assert fragment in str(info.value)
        assert info.value.name == next(iter(changes))

    def test_unknown_name_is_rejected(self):
        with pytest.raises(AssumptionError, match="unknown assumption 'capture'"):
            Assumptions.from_dict({"capture": 0.1})

    def test_strings_are_parsed(self):
        a = Assumptions.from_dict({"capture_rate": "5 %", "cm_rate": "0,25", "horizon_years": "7", "include_inactive": "ja"})
        assert (a.capture_rate, a.cm_rate, a.horizon_years, a.include_inactive) == (0.05, 0.25, 7, True)

    def test_empty_override_means_derive(self):
        assert Assumptions.from_dict({"cost_per_visit": ""}).cost_per_visit is None


class TestRoundTrips:
    @given(a=assumptions_st)
    def test_json(self, a):
        assert Assumptions.from_json(a.to_json(name="x")) == a

    @given(a=assumptions_st)
    def test_query_dict_holds_only_changed_values_and_round_trips(self, a):
        query = a.to_query()
        assert all(isinstance(v, str) for v in query.values())
        assert set(query) == set(a.changed())
        assert Assumptions.from_query(query) == a

    def test_defaults_give_an_empty_query(self):
        assert Assumptions().to_query() == {}

    def test_flat_json_object_is_accepted(self):
        assert Assumptions.from_json('{"capture_rate": 0.04}').capture_rate == 0.04

    def test_bad_json_names_the_source_and_line(self):
        with pytest.raises(ScenarioError, match="scenario: not valid JSON \\(line 1"):
            Assumptions.from_json("{nope")

    def test_load_reads_a_file(self, tmp_path):
        path = tmp_path / "s.json"
        path.write_text(json.dumps({"assumptions": {"horizon_years": 8}}), encoding="utf-8")
        assert Assumptions.load(path).horizon_years == 8

    def test_missing_file_is_a_scenario_error(self, tmp_path):
        with pytest.raises(ScenarioError, match="cannot be read"):
            Assumptions.load(tmp_path / "missing.json")


class TestFromQueryLenient:
    def test_bad_and_unknown_parameters_are_reported_and_skipped(self):
        a, ignored = Assumptions.from_query_lenient({"capture_rate": "0.05", "churn_program": "7", "foo": "1"})
        assert a.capture_rate == 0.05 and a.churn_program == Assumptions().churn_program
        assert set(ignored) == {"churn_program", "foo"}
        assert "too large" in ignored["churn_program"]


class TestParseAssignments:
    def test_pairs(self):
        assert parse_assignments(["a=1", " b = x "]) == {"a": "1", "b": "x"}

    def test_missing_equals_sign(self):
        with pytest.raises(AssumptionError, match="name=value"):
            parse_assignments(["capture_rate"])
