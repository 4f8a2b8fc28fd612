"""calc/ must not import streamlit: it runs headless (CLI, exports, tests)."""

import ast
import subprocess
import sys
from pathlib import Path

CALC = Path(__file__).resolve().parent.parent / "calc"


def test_no_streamlit_import_statement_in_calc():
    offenders = []
    for path in CALC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_importing_calc_loads_no_streamlit():
    code = (
        "import sys, importlib, pkgutil, calc\n"
        "for m in pkgutil.iter_modules(calc.__path__):\n"
        "    if m.name != '__main__': importlib.import_module('calc.' + m.name)\n"
        "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=CALC.parent, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
