"""Helpers shared by the AppTest modules (test_app.py, test_app_tools.py)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

NBSP = "\u00a0"


def norm(text: str) -> str:
    """Babel puts no-break spaces in German numbers; compare with plain spaces."""
    return str(text).replace(NBSP, " ")


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return norm(m.value)
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def exact(at: AppTest, label: str) -> str:
    """The exact value of a headline metric: a compact figure (``2,64 Mio. €``) keeps it in its help text
    (``Genau: 2.640.360 €`` / ``Exact: €2,640,360``); other metrics show it as their value."""
    for m in at.metric:
        if m.label == label:
            for line in (m.help or "").splitlines():
                for prefix in ("Genau: ", "Exact: "):
                    if line.startswith(prefix):
                        return norm(line[len(prefix):])
            return norm(m.value)
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")
