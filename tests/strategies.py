"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from hypothesis import strategies as st

from calc.assumptions import SPECS, Assumptions


def valid_value(spec):
    """Any value inside the assumption's valid range (or None for an optional override)."""
    if spec.kind == "choice":
        base = st.sampled_from(spec.choices)
    elif spec.kind == "bool":
        base = st.booleans()
    elif spec.integer:
        base = st.integers(int(spec.minimum), int(spec.maximum))
    else:
        base = st.floats(spec.minimum, spec.maximum, allow_nan=False, allow_infinity=False)
    return st.one_of(st.none(), base) if spec.optional else base


#: Any valid scenario: every assumption drawn from its own range.
assumptions_st = st.fixed_dictionaries({name: valid_value(spec) for name, spec in SPECS.items()}).map(
    lambda d: Assumptions(**d)
)
