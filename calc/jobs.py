"""Long jobs as plain functions of picklable inputs, for :class:`calc.isolate.IsolatedRunner`.

A :class:`calc.ModelResult` holds read-only mappings that do not pickle, so a job
that needs one gets the customers and the :class:`calc.Assumptions` instead and
computes the result in the worker (a fraction of a second even at 100,000
customers; :func:`calc.compute` is deterministic, so the output is the same).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .assumptions import Assumptions
from .model import compute
from .report import html_report
from .tracking import TrackingResult

__all__ = ["board_report"]


def board_report(
    customers: pd.DataFrame, a: Assumptions, *, lang: str, data_label: str, risk: Mapping[str, Any] | None,
    tracking: TrackingResult | None = None, orders: pd.DataFrame | None = None, currency: str = "EUR",
) -> bytes:
    """The HTML board report of ``customers`` under ``a``, UTF-8 encoded.

    The same as ``html_report(compute(customers, a, orders=orders), ...).encode("utf-8")``;
    ``orders`` is a transaction log's order-level data (``ReadResult.orders``), None for a
    customer table.
    """
    return html_report(compute(customers, a, orders=orders), lang=lang, data_label=data_label, risk=risk,
                       tracking=tracking, currency=currency).encode("utf-8")
