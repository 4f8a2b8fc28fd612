"""The one catalogue of display texts (calc.texts): complete in both languages, every key used."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from calc import texts
from calc.errors import CalcError

ROOT = Path(__file__).resolve().parent.parent
#: every module that reads the catalogue (of calc/texts.py only the code, not the catalogue)
READERS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py")),
           *sorted((ROOT / "calc").rglob("*.py"))]


def _code(path: Path) -> ast.Module:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if path.name == "texts.py":  # leave out the catalogue: its keys are no use of themselves
        tree.body = [n for n in tree.body if not (isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") in
                                                  ("DE", "EN"))]
    return tree


def _constants_and_prefixes() -> tuple[set[str], set[str]]:
    """All string constants of the readers, and those used as a key prefix: ``"seg_" + code``, ``labeller("seg_")``."""
    constants, prefixes = set(), set()
    for path in READERS:
        for node in ast.walk(_code(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant)
                    and isinstance(node.left.value, str) and node.left.value.endswith("_")):
                prefixes.add(node.left.value)
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "labeller" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                prefixes.add(node.args[0].value)
    prefixes |= set(texts.CHOICE_PREFIX.values())  # labeller(CHOICE_PREFIX[name]): the choices' label prefixes
    return constants, prefixes


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class TestCatalogue:
    def test_both_languages_have_every_key(self):
        assert set(texts.DE) == set(texts.EN)
        assert texts.missing_keys() == set()

    @pytest.mark.parametrize("key", sorted(texts.DE))
    def test_both_languages_fill_the_same_placeholders(self, key):
        assert texts.DE[key].strip() and texts.EN[key].strip()
        assert _placeholders(texts.DE[key]) == _placeholders(texts.EN[key])

    def test_every_key_is_used(self):
        constants, prefixes = _constants_and_prefixes()
        assert {"seg_", "page_", "method_", "unit_", "segment_"} <= prefixes
        unused = [key for key in texts.DE
                  if key not in constants and not any(key.startswith(p) and key[len(p):] in constants for p in prefixes)]
        assert not unused, f"unused catalogue keys: {unused}"

    def test_the_finder_sees_an_unused_key(self):
        constants, prefixes = _constants_and_prefixes()
        assert "cash_chart_y" not in constants and not any("cash_chart_y".startswith(p) for p in prefixes)


class TestLookups:
    def test_text_fills_placeholders(self):
        assert texts.text("rp_months", "de", m="14,2") == "14,2 Monate"
        assert texts.text("months", "en", value="3.5") == "3.5 months"

    def test_unknown_language_is_refused(self):
        with pytest.raises(CalcError, match="language must be one of de, en, not 'fr'"):
            texts.translator("fr")

    def test_segment_labels_come_from_the_catalogue(self):
        assert texts.SEGMENT_LABELS["de"]["small"] == "Kleinkunde"
        assert texts.SEGMENT_LABELS["en"]["key"] == "key account"

    def test_assumption_label_without_unit(self):
        assert texts.assumption_label("capture_rate", "de") == "Ausschöpfungsrate"
        assert texts.assumption_label("not_a_spec", "en") == "not_a_spec"
