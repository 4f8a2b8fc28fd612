"""Malformed links: a comparison link with too many scenarios is refused with a warning."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from calc import Assumptions
from calc.errors import ScenarioError
from calc.scenarios import MAX_SCENARIOS, decode_comparison, encode_comparison

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def link_code(n: int) -> str:
    """A comparison link code with ``n`` scenarios, written by hand as the format says."""
    payload = {"v": 1, "s": [[f"S{i}", {"capture_rate": 0.01 + i / 1000}] for i in range(n)]}
    raw = json.dumps(payload).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw)).rstrip(b"=").decode()


class TestComparisonLinkSize:
    def test_four_scenarios_read(self):
        assert list(decode_comparison(link_code(MAX_SCENARIOS))) == ["S0", "S1", "S2", "S3"]

    def test_fifty_scenarios_refused_with_the_count(self):
        with pytest.raises(ScenarioError, match="carries 50 scenarios, but a comparison has at most 4"):
            decode_comparison(link_code(50))

    def test_encoding_more_than_a_comparison_refused(self):
        with pytest.raises(ScenarioError, match="at most 4 scenarios, got 5"):
            encode_comparison({f"S{i}": Assumptions() for i in range(5)})


def test_app_warns_about_a_link_with_fifty_scenarios():
    at = AppTest.from_file(APP, default_timeout=30)
    at.context["locale"] = "de-DE"
    at.query_params["cmp"] = link_code(50)
    at.run()
    at.switch_page("pages/scenarios.py").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("konnte nicht gelesen werden" in w and "50 Szenarien" in w for w in warnings), warnings
    assert "saved_scenarios" not in at.session_state  # nothing taken from the refused link
