"""Session-state keys are named in one module, ui/keys.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ui import keys

ROOT = Path(__file__).resolve().parent.parent
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


def _is_session_state(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "session_state") or (
        isinstance(node, ast.Name) and node.id == "session_state")


def _has_literal(node: ast.AST) -> bool:
    """A string literal anywhere in a key expression: "x", f"x{y}", "x" + y, ("x", y)."""
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node)) or any(
        isinstance(n, ast.JoinedStr) for n in ast.walk(node))


def literal_keys(source: str) -> list[tuple[int, str]]:
    """(line, code) of every session-state access whose key is spelled as a literal."""
    found = []
    for node in ast.walk(ast.parse(source)):
        key = None
        if isinstance(node, ast.Subscript) and _is_session_state(node.value):
            key = node.slice
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and _is_session_state(node.func.value) and node.args):
            key = node.args[0]  # .get / .pop / .setdefault
        elif isinstance(node, ast.Compare) and any(_is_session_state(c) for c in node.comparators):
            key = node.left  # "x" in st.session_state
        if key is not None and _has_literal(key):
            found.append((node.lineno, ast.unparse(node)))
    return found


class TestLiteralKeyFinder:
    @pytest.mark.parametrize("code", [
        'st.session_state["x"] = 1', 'st.session_state.get("x")', 'st.session_state.pop("x", None)',
        '"x" in st.session_state', 'st.session_state[f"a__{name}"]', 'st.session_state["a__" + name]',
        'st.session_state.setdefault("x", 1)',
    ])
    def test_finds_a_literal_key(self, code):
        assert literal_keys(code)

    @pytest.mark.parametrize("code", [
        "st.session_state[keys.DATASET] = 1", "st.session_state.get(keys.MC_RUN)",
        "keys.MC_TABLE in st.session_state", "st.session_state[keys.assumption(name)]",
    ])
    def test_accepts_a_named_key(self, code):
        assert not literal_keys(code)


def test_session_state_keys_are_only_named_in_ui_keys():
    offenders = []
    for path in APP_FILES:
        if path == ROOT / "ui" / "keys.py":
            continue
        offenders += [f"{path.relative_to(ROOT)}:{line}: {code}"
                      for line, code in literal_keys(path.read_text(encoding="utf-8"))]
    assert not offenders, "name these keys in ui/keys.py:\n" + "\n".join(offenders)


def test_every_key_is_distinct():
    values = [v for k, v in vars(keys).items() if k.isupper() and isinstance(v, str)]
    assert len(values) == len(set(values)) >= 15
    derived = {keys.assumption("capture_rate"), keys.assumption_override("cost_per_visit"),
               keys.export_request("xlsx")}
    assert not derived & set(values)
