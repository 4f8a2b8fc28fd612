"""Browser test: a file above the upload limit is refused at once, and the page says what to do.

Streamlit's uploader checks the size in the browser (``max_upload_size``) before
sending anything, with its own English line; the data page's caption says in the
UI language how to get a larger log in: ``python -m calc aggregate``.
"""

from __future__ import annotations

import re
import time

from browser_helpers import wait_idle
from playwright.sync_api import expect

from ui import data


def test_a_file_above_the_limit_is_refused_at_once_with_the_way_out(app_url, new_page, tmp_path):
    page = new_page()
    page.goto(f"{app_url}/data")
    wait_idle(page)
    big = tmp_path / "gross.csv"
    with big.open("wb") as fh:
        fh.truncate((data.MAX_UPLOAD_MB + 1) * 1024 * 1024)  # refused for its size, whatever it holds
    started = time.monotonic()
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(big))
    page.get_by_text(re.compile(r"File must be .* or smaller")).wait_for(timeout=20_000)
    assert time.monotonic() - started < 20
    hint = page.locator("[data-testid='stCaptionContainer']", has_text="python -m calc aggregate").first
    expect(hint).to_be_visible()
    assert f"Größer als {data.MAX_UPLOAD_MB} MB?" in hint.inner_text()
    assert page.get_by_text("Beispieldaten").count() > 0  # the sample stays in force
