"""Figures that rest on a default rather than the data say so (issue 10 item 7)."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from calc import Assumptions, compute
from calc.model import CAVEATS
from ui import keys

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def table(**columns) -> pd.DataFrame:
    # four small customers (below the 8,593.75 threshold); 3 x 9,000 = 27,000 < 50,000: all covered
    return pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "revenue": [1000.0, 2000.0, 3000.0, 4000.0],
                         **columns})


class TestModelCaveats:
    def test_a_bare_table_rests_on_every_default(self):
        result = compute(table(), Assumptions())
        assert result.caveats == ("potential_default", "cm_rate_default", "visits_missing")
        assert result.potential.default_share == 1.0
        assert result.summary()["caveats"] == ["potential_default", "cm_rate_default", "visits_missing"]
        # every customer at the default: 3 employees x 9,000 = 27,000
        assert result.customers["potential_eur"].tolist() == [27_000.0] * 4

    def test_full_data_rests_on_nothing(self):
        result = compute(table(employees=[2, 3, 4, 5], cm_rate=[0.3] * 4, visits_12m=[1, 0, 2, 1]), Assumptions())
        assert result.caveats == ()
        assert result.potential_by_method["homogeneous"].caveats == ()
        assert result.potential_by_method["data"].caveats == ("potential_data_fallback",)  # no potential column

    def test_some_customers_without_employees(self):
        result = compute(table(employees=[2, None, 4, 0], cm_rate=[0.3, None, 0.2, 0.25], visits_12m=[1] * 4),
                         Assumptions())
        # b has none, d has 0 (counts as unknown): 2 of 4
        assert result.potential.default_share == 0.5
        assert result.caveats == ("potential_default_part", "cm_rate_default_part")

    def test_the_data_method_says_when_it_falls_back(self):
        result = compute(table(employees=[2, 3, 4, 5]), Assumptions(potential_method="data"))
        data, homogeneous = result.potential_by_method["data"], result.potential_by_method["homogeneous"]
        assert data.covered_total_eur == homogeneous.covered_total_eur == 9_000.0 * 14  # silently equal before
        assert "potential_data_fallback" in data.caveats and "potential_data_fallback" in result.caveats
        assert "potential_default" not in data.caveats  # the employees are data
        with_potential = compute(table(potential=[5000.0, None, 9000.0, 8000.0]), Assumptions(potential_method="data"))
        assert with_potential.potential.caveats == ("potential_default_part",)  # b: neither potential nor employees
        assert with_potential.potential.default_share == 0.25

    def test_the_historical_method_with_one_year(self):
        result = compute(table(), Assumptions(potential_method="historical"))
        assert result.potential.caveats == ("potential_historical_one_year",)
        assert result.potential.covered_untapped_eur == 0.0
        years = table().rename(columns={"revenue": "revenue_2025"}).assign(revenue_2024=[5000.0] * 4)
        assert compute(years, Assumptions(potential_method="historical")).potential.caveats == ()

    def test_the_sample(self, sample_customers):
        result = compute(sample_customers, Assumptions())
        assert result.caveats == ("potential_default_part", "cm_rate_default_part")
        assert 0 < result.potential.default_share < 1

    def test_every_caveat_has_a_text_in_both_languages(self):
        from calc.texts import text

        for key in CAVEATS:
            for lang in ("de", "en"):
                assert text("caveat_" + key, lang, employees="3", per_employee="9.000 €", share="50 %",
                            cm_rate="30 %", data="D", homogeneous="H")


@pytest.fixture
def bare_app(tmp_path):
    path = tmp_path / "bare.csv"
    table().to_csv(path, index=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "de"
    at.session_state[keys.TEST_DATA_PATH] = str(path)
    return at.run()


class TestPagesSayIt:
    def test_overview(self, bare_app):
        warnings = [w.value for w in bare_app.warning]
        assert any("Das Potenzial stammt nicht aus Ihren Daten" in w and "3 Beschäftigten" in w for w in warnings)
        assert any("keine Deckungsbeitragsquote" in w and "30" in w for w in warnings)
        assert any("keine Außendienstbesuche" in w for w in warnings)

    def test_potential_page_and_the_data_method(self, bare_app):
        bare_app.switch_page("pages/potential.py").run()
        assert not bare_app.exception
        warnings = [w.value for w in bare_app.warning]
        assert any("Das Potenzial stammt nicht aus Ihren Daten" in w for w in warnings)
        assert any("ergibt hier dasselbe wie" in w for w in warnings)  # the data method is not in use but falls back

    def test_business_case_page(self, bare_app):
        bare_app.switch_page("pages/business_case.py").run()
        assert not bare_app.exception
        assert any("keine Außendienstbesuche" in w.value for w in bare_app.warning)

    def test_segments_page(self, bare_app):
        bare_app.switch_page("pages/segments.py").run()
        assert not bare_app.exception
        assert any("Das Potenzial stammt nicht aus Ihren Daten" in w.value for w in bare_app.warning)
