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


def _markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _anchors(path: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown file (lower case, punctuation dropped, spaces to '-')."""
    anchors: set[str] = set()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            slug = re.sub(r"[^\w\- ]", "", match.group(1).lower()).replace(" ", "-")
            base, n = slug, 1
            while slug in anchors:
                slug, n = f"{base}-{n}", n + 1
            anchors.add(slug)
    return anchors


def test_markdown_links_stay_inside_the_repository_and_resolve():
    """README.md and docs/*.md: a clone holds everything they point to.

    No ``../`` and no absolute ``/work`` path anywhere in the text; every link or image
    that is not a web address is relative, points to an existing file in the
    repository, and an ``#anchor`` names a heading of the target.
    """
    inline = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
    reference = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\".*\")?\s*$", re.M)
    for path in _markdown_files():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        assert "../" not in text and "..\\" not in text, f"{name}: a path leaves the repository (../)"
        assert not re.search(r"(?<![\w.-])/work\b", text), f"{name}: an absolute /work path"
        targets = inline.findall(text) + reference.findall(text)
        for target in targets:
            if re.match(r"https?://|mailto:", target):
                continue
            assert not re.match(r"[A-Za-z][\w+.-]*:|/", target), f"{name}: link '{target}' is not relative"
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            assert dest.is_relative_to(ROOT), f"{name}: link '{target}' leaves the repository"
            assert dest.exists(), f"{name}: link '{target}' points to a missing file"
            if anchor:
                assert dest.suffix == ".md" and anchor in _anchors(dest), (
                    f"{name}: link '{target}': no heading with the anchor '#{anchor}'"
                )


def test_readme_links_the_model_documentation():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/model.md)" in readme


def test_readme_layout_table_names_every_module():
    """The README's layout table names every module of calc/ and ui/ and every top-level script."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## How the code is organised"):]
    table = table[:table.index("\n\n", table.index("| path |"))]
    named = set(re.findall(r"`([\w./]+)`", table))
    expected = {f"calc/{p.name}" for p in (ROOT / "calc").glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    expected |= {f"ui/{p.name}" for p in (ROOT / "ui").glob("*.py") if p.name != "__init__.py"}
    expected |= {p.name for p in ROOT.glob("*.py")}
    expected |= {"calc/readers/", "deploy/", "pages/", "sample_data/", "tests/", "bench/"}
    missing = sorted(expected - named)
    assert not missing, f"README layout table misses: {missing}"
