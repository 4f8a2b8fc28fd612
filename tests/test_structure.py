"""Repository structure check: the layout the product's design fixes, and the set-up contract."""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_fixed_top_level_layout():
    for name in ["app.py", "pages", "calc", "sample_data", "tests", "requirements.txt", "README.md", "bench"]:
        assert (ROOT / name).exists(), f"{name} is missing"


def test_every_page_is_registered_explicitly_with_st_navigation():
    """app.py builds ``st.navigation`` from the explicit page table ``ui.page.PAGES``."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "st.navigation(" in source and "PAGES" in source
    from ui.page import PAGES

    registered = {file for file, *_ in PAGES.values()}
    pages = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_")}
    assert pages == registered, f"pages not registered: {pages - registered}; missing files: {registered - pages}"
    url_paths = [url for _, url, _ in PAGES.values()]
    assert len(set(url_paths)) == len(url_paths)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert re.search(r"^make test$", ci, re.M)
    assert "apt-get install" in ci and "chromium" in ci and "libreoffice" in ci


def test_requirements_use_ranges_not_bare_names():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.search(r"[<>=]=?", line), f"unversioned requirement: {line}"


def test_streamlit_config_is_safe_for_hosting():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] in ("none", False)
    assert 1 <= config["server"]["maxUploadSize"] <= 200


def test_no_module_level_session_state_in_ui_or_pages():
    """Module-level mutable containers in app modules are shared by every session."""
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Dict, ast.Set)):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
                assert all(t.isupper() for t in targets), f"{path.name}: mutable module-level {targets}"
