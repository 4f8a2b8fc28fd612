"""Shared pytest set-up.

Tests under ``tests/e2e`` are marked ``browser``.  In CI (``REQUIRE_BROWSER=1`` /
``REQUIRE_LIBREOFFICE=1``, set by ``.ci/run``) a browser or LibreOffice test that
would be skipped for a missing program fails instead, so a missing install step
cannot hide behind a green run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = ROOT / "sample_data" / "kunden.csv"

_REQUIRED = {"browser": "REQUIRE_BROWSER", "libreoffice": "REQUIRE_LIBREOFFICE"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped:
        return
    for marker, env in _REQUIRED.items():
        if item.get_closest_marker(marker) and os.environ.get(env) == "1":
            report.outcome = "failed"
            report.longrepr = f"{marker} test skipped although {env}=1: {report.longrepr}"
            return


@pytest.fixture(scope="session")
def sample_customers():
    """The built-in sample's customer table, read once."""
    from calc.readers import read_data

    return read_data(SAMPLE).customers
