"""The data page's column mapping on a very wide file: a few drop-downs at once, the rest a page at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import keys

ROOT = Path(__file__).resolve().parent.parent
DATA = "pages/data.py"
EXTRA = 4_998  # columns the model does not know, besides customer id and revenue


@pytest.fixture(scope="module")
def wide_file(tmp_path_factory) -> Path:
    """5,000 columns: Kundennummer, Umsatz and 4,998 unknown ones (extra_0000 ...), three customers."""
    headers = ["Kundennummer", "Umsatz 2024"] + [f"extra_{i:04d}" for i in range(EXTRA)]
    lines = [";".join(headers)] + [";".join([str(n), "1000"] + ["x"] * EXTRA) for n in (1, 2, 3)]
    path = tmp_path_factory.mktemp("wide") / "wide.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def app(wide_file, monkeypatch) -> AppTest:
    from ui import cache

    monkeypatch.setenv("SMART_ACCOUNTS_MAX_COLUMNS", "6000")
    cache.reader.clear()  # the worker reads with the raised column limit
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.session_state[keys.TEST_DATA_PATH] = str(wide_file)
    at.run()
    at.switch_page(DATA).run()
    yield at
    monkeypatch.delenv("SMART_ACCOUNTS_MAX_COLUMNS")
    cache.reader.clear()


def _mapping_boxes(at: AppTest) -> list:
    return [s for s in at.selectbox if str(s.key).startswith("map__")]


def _labels(boxes) -> list[str]:
    return [b.label.replace("\\_", "_") for b in boxes]  # labels are Markdown-escaped


class TestWideFileMapping:
    def test_only_the_first_columns_get_a_drop_down(self, app):
        from pages.data import MAPPING_FIRST

        assert not app.exception, [e.value for e in app.exception]
        boxes = _mapping_boxes(app)
        assert len(boxes) == MAPPING_FIRST
        assert _labels(boxes)[:2] == ["extra_0000", "extra_0001"]
        assert app.toggle(key="mapping_more").label == "Map further columns (4,986)"

    def test_further_columns_come_a_page_at_a_time(self, app):
        from pages.data import MAPPING_FIRST, MAPPING_PAGE

        app.toggle(key="mapping_more").set_value(True).run()
        assert len(_mapping_boxes(app)) == MAPPING_FIRST + MAPPING_PAGE
        app.number_input(key="mapping_page").set_value(3).run()
        labels = _labels(_mapping_boxes(app))[MAPPING_FIRST:]
        first = MAPPING_FIRST + 2 * MAPPING_PAGE  # page 3 of those after the first MAPPING_FIRST
        assert labels[0] == f"extra_{first:04d}" and len(labels) == MAPPING_PAGE

    def test_the_filter_finds_a_column_far_down(self, app):
        from pages.data import MAPPING_FIRST

        app.toggle(key="mapping_more").set_value(True).run()
        app.text_input(key="mapping_filter").input("extra_4997").run()
        labels = _labels(_mapping_boxes(app))[MAPPING_FIRST:]
        assert labels == ["extra_4997"]

    def test_a_choice_far_down_is_applied(self, app):
        app.toggle(key="mapping_more").set_value(True).run()
        app.text_input(key="mapping_filter").input("extra_4997").run()
        box = [b for b in _mapping_boxes(app) if b.label == r"extra\_4997"][0]
        box.set_value("name").run()
        app.button(key="reread").click().run()
        assert not app.exception, [e.value for e in app.exception]
        assert dict(app.session_state[keys.DATASET].mapping) == {"extra_4997": "name"}
