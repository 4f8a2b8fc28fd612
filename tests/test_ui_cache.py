"""The app's caches: keyed on the frozen Assumptions itself, never on session state or a large frame."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import streamlit as st
from hypothesis import HealthCheck, given, settings
from strategies import assumptions_st

from calc import Assumptions
from calc.montecarlo import TriangularRange
from ui import cache

ROOT = Path(__file__).resolve().parent.parent


@st.cache_data(show_spinner=False, max_entries=1000)
def _echo(a: Assumptions) -> dict:
    """What the cache returns for ``a``: a collision would hand back another scenario's dict."""
    return a.to_dict()


@st.cache_data(show_spinner=False, max_entries=1000)
def _echo_ranges(ranges: cache.Ranges) -> cache.Ranges:
    return ranges


class TestAssumptionsAsCacheKey:
    def test_equal_scenarios_share_one_entry(self):
        calls = []

        @st.cache_data(show_spinner=False)
        def counted(a: Assumptions) -> float:
            calls.append(a)
            return a.capture_rate

        assert counted(Assumptions(capture_rate=0.04)) == 0.04
        assert counted(Assumptions(capture_rate=0.04)) == 0.04
        assert len(calls) == 1

    def test_one_changed_assumption_is_another_entry(self):
        base = Assumptions()
        for other in (base.replace(capture_rate=0.0301), base.replace(accounts_per_rep=401),
                      base.replace(include_inactive=not base.include_inactive),
                      base.replace(potential_method="data"), base.replace(cost_per_visit=100.0)):
            assert other != base
            assert _echo(base) == base.to_dict()
            assert _echo(other) == other.to_dict()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(a=assumptions_st, b=assumptions_st)
    def test_never_hands_back_another_scenario(self, a, b):
        assert _echo(a) == a.to_dict()
        assert _echo(b) == b.to_dict()

    def test_ranges_key_is_order_independent_and_exact(self):
        r1 = {"capture_rate": TriangularRange(0.02, 0.03, 0.05), "churn_program": TriangularRange(0.05, 0.07, 0.1)}
        r2 = dict(reversed(list(r1.items())))
        assert cache.ranges_key(r1) == cache.ranges_key(r2)
        assert _echo_ranges(cache.ranges_key(r1)) == cache.ranges_key(r1)
        changed = {**r1, "capture_rate": TriangularRange(0.02, 0.031, 0.05)}
        assert _echo_ranges(cache.ranges_key(changed)) == cache.ranges_key(changed)


class TestCacheModuleRules:
    """Every st.cache_data function lives in ui/cache.py, hashes no frame and reads no session state."""

    def _cached_functions(self):
        return [(name, fn) for name, fn in vars(cache).items() if hasattr(fn, "clear") and hasattr(fn, "__wrapped__")]

    def test_caches_live_only_in_ui_cache(self):
        for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
            if path.name == "cache.py":
                continue
            text = path.read_text(encoding="utf-8")
            assert "cache_data" not in text and "cache_resource" not in text, path.name

    def test_no_cached_function_reads_session_state(self):
        tree = ast.parse((ROOT / "ui" / "cache.py").read_text(encoding="utf-8"))
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert "session_state" not in names and "query_params" not in names
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("ui")
                    for a in n.names}
        assert not imported, "ui.cache must not reach into other ui modules (they read session state)"

    def test_frames_and_results_are_never_hashed(self):
        fns = self._cached_functions()
        assert len(fns) >= 10
        for name, fn in fns:
            for param in inspect.signature(fn.__wrapped__).parameters.values():
                annotation = str(param.annotation)
                if "DataFrame" in annotation or "ModelResult" in annotation:
                    assert param.name.startswith("_"), f"{name}({param.name}) would be hashed"
