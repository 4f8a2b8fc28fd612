"""docs/model.md against the code: the assumption table, the usual ranges, the worked example.

The worked example's tables have the columns ``key | meaning | arithmetic | value``.
Each value is checked twice: the hand arithmetic (``×``, ``^``, ``ceil``) must give it,
and the code must give it, to the digits shown.  Numbers in the example's prose must
be one of the table's figures, a number of its arithmetic or an assumption's default,
so a stale figure in a sentence fails too.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from calc import SPECS, Assumptions, compute, field_cost
from calc.finance import npv
from calc.montecarlo import DEFAULT_UNCERTAIN
from calc.readers import read_data
from calc.sensitivity import USUAL_RANGES, break_even

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "model.md"


# ---------------------------------------------------------------------------------
# parsing helpers
# ---------------------------------------------------------------------------------
def _text() -> str:
    return DOC.read_text(encoding="utf-8")


def _section(text: str, heading: str, level: str = "## ") -> str:
    """The body of the section whose heading starts with ``heading``, up to the next one of that level."""
    match = re.search(rf"^{re.escape(level)}{re.escape(heading)}.*$", text, re.M)
    assert match, f"docs/model.md has no section '{level}{heading}'"
    rest = text[match.end():]
    nxt = re.search(rf"^{re.escape(level)}(?!#)", rest, re.M)
    return rest[: nxt.start()] if nxt else rest


def _tables(text: str, header: list[str]) -> list[list[str]]:
    """Rows (as cell lists) of every table in ``text`` with exactly ``header``."""
    rows: list[list[str]] = []
    in_table = False
    for line in text.splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells == header:
            in_table = True
            continue
        if in_table and not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return rows


_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _number(cell: str) -> tuple[float, int]:
    """A figure as written (``8,593.75``) -> (value, decimals shown)."""
    text = cell.replace("\u2212", "-").strip()
    assert re.fullmatch(r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+(?:\.\d+)?", text), f"not a figure: {cell!r}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return float(text.replace(",", "")), decimals


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow}


def _evaluate(arithmetic: str) -> float:
    """Evaluate the hand arithmetic of a row: numbers, + - × / ^, brackets and ceil()."""
    text = (arithmetic.replace("\u2212", "-").replace("×", "*").replace("^", "**")
            .replace(",", ""))

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ceil"
                and len(node.args) == 1):
            return float(math.ceil(ev(node.args[0])))
        raise AssertionError(f"unsupported arithmetic {arithmetic!r}")

    return ev(ast.parse(text, mode="eval"))


def _key(cell: str) -> str:
    match = re.fullmatch(r"`([^`]+)`", cell)
    assert match, f"the key cell {cell!r} should be one name in backticks"
    return match.group(1)


# ---------------------------------------------------------------------------------
# the code's figures, by table
# ---------------------------------------------------------------------------------
def _book() -> pd.DataFrame:
    """The example's book: 400 customers of 3,000 EUR, one visit each, no headcount or margin."""
    return pd.DataFrame({"customer_id": [str(i) for i in range(400)], "revenue": 3000.0, "visits_12m": 1.0})


def _case_figures(result) -> dict[str, float]:
    years = result.internal.years
    out = {f"cash[{t}]": c for t, c in enumerate(result.internal.cash_flows_eur)}
    out.update({
        "delta_cm[1]": years["delta_cm_eur"][1],
        "freed_visits": years["freed_visits_eur"][1],
        "npv": result.internal.npv_eur,
        "payback_months": result.internal.payback_months,
        "external.npv": result.external.npv_eur,
        "make_or_buy.advantage": result.make_or_buy.advantage_eur,
    })
    return out


@cache
def _figures() -> dict[str, dict[str, float]]:
    a = Assumptions()
    fc = field_cost(a)
    one = compute(pd.DataFrame({"customer_id": ["1"], "revenue": [1000.0]}), a)
    defaults = {
        "cost_per_visit": fc.cost_per_visit_eur,
        "care_cost": fc.care_cost_eur,
        "revenue_threshold": fc.revenue_threshold_eur,
        "potential_default": float(one.customers["potential_eur"].iloc[0]),
        "rep_cost": one.team.rep_cost_eur,
    }

    book = compute(_book(), a)
    years = book.internal.years
    assert (book.customers["segment"] == "small").all()
    book_figures = {
        **_case_figures(book),
        "reps": book.team.reps,
        "team_cost": book.team.annual_cost_eur,
        "untapped": float(book.customers["untapped_eur"].iloc[0]),
        "baseline_revenue[1]": years["baseline_revenue_eur"][1],
        "program_revenue[1]": years["program_revenue_eur"][1],
        "irr": book.internal.irr,
        "roi": book.internal.roi,
        "external.cash[0]": book.external.cash_flows_eur[0],
        "external.cash[1]": book.external.cash_flows_eur[1],
        "break_even.setup_cost": break_even(_book(), a, "setup_cost").value,
        "rep_check[400].added_cm": next(c for c in book.team.rep_checks if c.accounts == 400).added_cm_eur,
        "rep_check[400].surplus": next(c for c in book.team.rep_checks if c.accounts == 400).surplus_eur,
    }
    for key in ("delta_cm[1]", "freed_visits", "cash[0]", "cash[1]", "cash[2]", "cash[3]", "cash[4]", "cash[5]",
                "npv", "payback_months", "external.npv", "make_or_buy.advantage"):
        assert key in book_figures

    sample = compute(read_data(ROOT / "sample_data" / "kunden.csv").customers, a)
    check400 = next(c for c in sample.team.rep_checks if c.accounts == 400)
    case = _case_figures(sample)
    sample_figures = {
        **{f"segments.{s}": n for s, n in sample.segments.counts.items()},
        "customers_total": sample.segments.customers_total,
        "team.reps": sample.team.reps,
        "team.annual_cost": sample.team.annual_cost_eur,
        "potential.covered_revenue": sample.potential.covered_revenue_eur,
        "potential.covered_total": sample.potential.covered_total_eur,
        "potential.covered_untapped": sample.potential.covered_untapped_eur,
        "potential.share_of_wallet": sample.potential.share_of_wallet,
        "team.mean_revenue": sample.team.mean_revenue_eur,
        "team.cm_rate": sample.team.cm_rate,
        "rep_check[400].added_cm": check400.added_cm_eur,
        **{k: case[k] for k in ("freed_visits", "delta_cm[1]", "cash[1]", "cash[2]", "cash[3]", "cash[4]",
                                "cash[5]", "npv", "payback_months", "external.npv", "make_or_buy.advantage")},
    }
    return {
        "From the assumptions alone": defaults,
        "One rep's book": book_figures,
        "The sample data": sample_figures,
    }


# rows whose value the code gives but no hand arithmetic can (the IRR is a polynomial root)
_NO_ARITHMETIC = {"From the assumptions alone": set(), "One rep's book": {"irr"}, "The sample data": None}


def _example_rows(title: str) -> list[list[str]]:
    body = _section(_section(_text(), "Worked example"), title, level="### ")
    rows = _tables(body, ["key", "meaning", "arithmetic", "value"])
    assert rows, f"no figure table under '### {title}'"
    return rows


# ---------------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------------
class TestAssumptionTable:
    def rows(self) -> dict[str, list[str]]:
        rows = _tables(_section(_text(), "Assumptions"), ["name", "default", "unit", "valid range", "meaning"])
        return {_key(r[0]): r for r in rows}

    def test_lists_every_assumption_once_in_the_code_order(self):
        rows = _tables(_section(_text(), "Assumptions"), ["name", "default", "unit", "valid range", "meaning"])
        assert [_key(r[0]) for r in rows] == list(SPECS)

    def test_defaults_match_the_code(self):
        defaults = Assumptions()
        for name, (_, default, *_rest) in self.rows().items():
            expected = getattr(defaults, name)
            if expected is None:
                assert default == "empty", name
            elif isinstance(expected, bool):
                assert default == str(expected).lower(), name
            elif isinstance(expected, str):
                assert default == expected, name
            else:
                assert _number(default)[0] == expected, name

    def test_units_match_the_code(self):
        for name, row in self.rows().items():
            assert row[2] == (SPECS[name].unit or "—"), name

    def test_ranges_match_the_code(self):
        for name, row in self.rows().items():
            spec, text = SPECS[name], row[3]
            if spec.kind == "choice":
                assert text == ", ".join(spec.choices), name
                continue
            if spec.kind == "bool":
                assert text == "true, false", name
                continue
            match = re.fullmatch(r"(\S+) to (\S+?)(, whole)?(, or empty)?", text)
            assert match, f"{name}: range {text!r} not of the form 'LOW to HIGH[, whole][, or empty]'"
            assert _number(match.group(1))[0] == spec.minimum, name
            assert _number(match.group(2))[0] == spec.maximum, name
            assert bool(match.group(3)) == spec.integer, name
            assert bool(match.group(4)) == spec.optional, name


class TestRiskSection:
    def test_usual_ranges_match_the_code(self):
        rows = _tables(_section(_text(), "Risk"), ["assumption", "low", "high"])
        stated = {_key(r[0]): (_number(r[1])[0], _number(r[2])[0]) for r in rows}
        assert stated == {k: (float(lo), float(hi)) for k, (lo, hi) in USUAL_RANGES.items()}

    def test_names_the_default_uncertain_assumptions(self):
        section = _section(_text(), "Risk")
        paragraph = section[section.index("By default"):].split("\n\n")[0]
        assert set(re.findall(r"`(\w+)`", paragraph)) == set(DEFAULT_UNCERTAIN)


    def test_app_settings_as_stated(self):
        from ui import cache, mc_editor

        section = _section(_text(), "Risk")
        sentence = re.search(r"The app shows the break-even of (.*?)\.", section, re.S).group(1)
        assert set(re.findall(r"`(\w+)`", sentence)) == set(cache.BREAK_EVEN_NAMES)
        assert set(mc_editor.NAMES) == set(DEFAULT_UNCERTAIN)
        assert f"draws {cache.MC_DRAWS:,} times" in section.replace("\n", " ")


@pytest.mark.parametrize("title", list(_NO_ARITHMETIC))
class TestWorkedExample:
    def test_every_key_of_the_table_is_checked_and_every_checked_key_is_shown(self, title):
        keys = [_key(r[0]) for r in _example_rows(title)]
        assert len(keys) == len(set(keys)), f"duplicate keys under '{title}'"
        assert set(keys) == set(_figures()[title])

    def test_hand_arithmetic_gives_the_stated_value(self, title):
        for key_cell, _, arithmetic, value_cell in _example_rows(title):
            key = _key(key_cell)
            value, decimals = _number(value_cell)
            if arithmetic == "—":
                allowed = _NO_ARITHMETIC[title]
                assert allowed is None or key in allowed, f"{key}: no hand arithmetic given"
                continue
            assert _evaluate(arithmetic) == pytest.approx(value, abs=10.0 ** -decimals + 1e-6), key

    def test_code_gives_the_stated_value_to_the_digits_shown(self, title):
        figures = _figures()[title]
        for key_cell, _, _, value_cell in _example_rows(title):
            key = _key(key_cell)
            value, decimals = _number(value_cell)
            assert figures[key] is not None, key
            assert abs(float(figures[key]) - value) <= 0.5 * 10.0 ** -decimals + 1e-9, (
                f"{key}: docs/model.md says {value_cell}, the code gives {figures[key]}"
            )

    def test_numbers_in_the_prose_are_figures_of_the_example(self, title):
        """A number in a sentence or a 'meaning' cell must be a value, an arithmetic operand or a default."""
        rows = _example_rows(title)
        known: list[float] = []
        for _, _, arithmetic, value_cell in (r for t in _NO_ARITHMETIC for r in _example_rows(t)):
            value, _ = _number(value_cell)
            known += [value, value * 100]
            known += [float(n.replace(",", "")) for n in _NUMBER.findall(arithmetic.replace("−", "-"))]
        defaults = Assumptions()
        for name in SPECS:
            v = getattr(defaults, name)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                known += [float(v), float(v) * 100]
        body = _section(_section(_text(), "Worked example"), title, level="### ")
        prose = "\n".join(line for line in body.splitlines() if not line.startswith("|"))
        prose += "\n" + "\n".join(r[1] for r in rows)
        prose = re.sub(r"`[^`]*`", "", prose)  # names like cash[1] or sample_data/ are not figures
        for token in _NUMBER.findall(prose):
            number = float(token.replace(",", ""))
            decimals = len(token.split(".")[1]) if "." in token else 0
            assert any(abs(abs(number) - abs(k)) <= 0.5 * 10.0 ** -decimals + 1e-9 for k in known) or number in (
                2021, 2025,  # the sample's revenue years
            ), f"'{token}' under '{title}' is not a figure of the example"


class TestWorkedExampleStatements:
    def test_irr_is_the_rate_where_the_npv_is_zero(self):
        rows = {_key(r[0]): r for r in _example_rows("One rep's book")}
        rate, _ = _number(rows["irr"][3])
        cash = compute(_book(), Assumptions()).internal.cash_flows_eur
        assert abs(npv(rate, cash)) < 1e-3 * sum(abs(c) for c in cash)

    def test_make_or_buy_choices_as_stated(self):
        example = _section(_text(), "Worked example")
        book = _section(example, "One rep's book", level="### ")
        sample = _section(example, "The sample data", level="### ")
        assert "`make_or_buy.choice` is `external`" in book
        assert "`make_or_buy.choice` is `internal`" in sample
        a = Assumptions()
        assert compute(_book(), a).make_or_buy.choice == "external"
        assert compute(read_data(ROOT / "sample_data" / "kunden.csv").customers, a).make_or_buy.choice == "internal"

    def test_the_book_is_all_small_customers_with_one_rep(self):
        result = compute(_book(), Assumptions())
        assert result.segments.counts["small"] == 400
        assert result.team.reps == 1
