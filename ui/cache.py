"""Every ``st.cache_data`` function of the app, and nothing else.

Rules (see README "How the app holds state"):

* A cache key is made of explicit, fully hashed arguments: the data set's digest
  (``Dataset.key``: sha256 of the file's bytes, name and column mapping), the
  scenario as the frozen :class:`~calc.Assumptions` itself (Streamlit hashes a
  dataclass field by field, with each value's type), plain text and numbers, or the
  uploaded file's bytes.  A customer frame or a model result is passed with a
  leading underscore (``_customers``, ``_orders``, ``_result``: never hashed), because Streamlit
  hashes frames of 50,000 rows or more from a sample only.
* No cached function reads session state: what it needs comes in as arguments.
* Everything derived from an upload is cached per session (``scope="session"``);
  Streamlit drops a session's entries when its browser disconnects.
* The sample data and its model results are the same for everyone: they are kept
  once per server (``st.cache_resource``, shared read-only objects), not copied into
  every session. An upload is read without a cache: the session's
  :class:`ui.data.Dataset` is its only copy.
* :func:`janitor` returns the memory of closed sessions while the server is idle.
* The exports are built in a worker process (:func:`runner`, one per server, under
  :class:`calc.isolate.JobLimits`), so a large export does not slow the other users
  down; a limit reached raises :class:`calc.isolate.JobLimitError`.
* The tornado and Monte Carlo of the built-in sample data (a data key starting with
  :data:`SHARED_PREFIX`) are cached once per server: the first screen of a new
  session then needs no tornado or Monte Carlo of its own.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import streamlit as st

from calc import Assumptions, ModelResult, compute
from calc.assign import assign_reps, assignments_csv, assignments_xlsx, handover
from calc.errors import Msg
from calc.export_xlsx import workbook_bytes
from calc.isolate import IsolatedReader, IsolatedRunner
from calc.jobs import board_report
from calc.limits import Limits
from calc.montecarlo import MonteCarloResult, TriangularRange, default_ranges, simulate
from calc.readers import ReadResult, read_data
from calc.report import risk_of
from calc.scenarios import compare
from calc.sensitivity import BreakEven, break_even, tornado
from calc.tracking import Plan, TrackingResult, make_plan, track

MC_DRAWS = 10_000
#: The data key of the built-in sample data starts with this (``ui.data``): public data, shared by all sessions.
SHARED_PREFIX = "sample:"
BREAK_EVEN_NAMES = ("capture_rate", "churn_program", "accounts_per_rep")

#: Monte Carlo ranges as a cache key: ``((name, TriangularRange), ...)`` sorted by name.
Ranges = tuple[tuple[str, TriangularRange], ...]
#: Scenarios as a cache key: ``((name, Assumptions), ...)`` in the order shown.
Scenarios = tuple[tuple[str, Assumptions], ...]


def ranges_key(ranges: Mapping[str, TriangularRange]) -> Ranges:
    """``{name: range}`` as a hashable, order-independent cache key."""
    return tuple(sorted(ranges.items()))


# -- reading ---------------------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=4)
def read_sample(path: str, mtime: float, mapping: tuple[tuple[str, str], ...]) -> ReadResult:
    """The built-in sample file: one shared, read-only object for the server (not a copy per session)."""
    return read_data(Path(path), mapping=dict(mapping))


@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def sample_result(_customers: pd.DataFrame, data_key: str, a: Assumptions,
                  _orders: pd.DataFrame | None = None) -> ModelResult:
    """``compute`` of the sample data under ``a``: shared by every session with that scenario (read-only)."""
    return compute(_customers, a, orders=_orders)


@st.cache_resource(show_spinner=False)
def reader() -> IsolatedReader:
    """The server's one worker-process reader (a process-wide resource, holding no user data)."""
    isolated = IsolatedReader(Limits.from_env())
    isolated.warm()
    return isolated


@st.cache_resource(show_spinner=False)
def runner() -> IsolatedRunner:
    """The server's one worker for exports (same forkserver as :func:`reader`; holds no user data)."""
    return IsolatedRunner()


def read_upload(raw: bytes, filename: str, mapping: tuple[tuple[str, str], ...]) -> ReadResult:
    """An uploaded file with a column mapping (not cached: the session's Dataset is the one copy).

    Read in a worker process under :class:`calc.limits.Limits`, so a hostile or huge
    file harms only its own upload."""
    return reader().read(raw, filename=filename, mapping=dict(mapping))


# -- scenarios and risk ------------------------------------------------------------------
class ComparisonView(NamedTuple):
    """The picklable part of a :class:`calc.scenarios.Comparison` the page shows."""

    names: tuple[str, ...]
    differences: dict[str, dict[str, Any]]
    figures: pd.DataFrame
    cash_curves: pd.DataFrame


@st.cache_data(show_spinner=False, scope="session", max_entries=8)
def comparison(_customers: pd.DataFrame, data_key: str, scenarios: Scenarios,
               _orders: pd.DataFrame | None = None) -> ComparisonView:
    cmp = compare(_customers, dict(scenarios), orders=_orders)
    return ComparisonView(tuple(cmp.names), {k: dict(v) for k, v in cmp.differences.items()}, cmp.figures,
                          cmp.cash_curves)


@st.cache_data(show_spinner=False, scope="session", max_entries=8)
def _session_tornado(_customers: pd.DataFrame, data_key: str, a: Assumptions,
                     _orders: pd.DataFrame | None = None) -> pd.DataFrame:
    return tornado(_customers, a, orders=_orders)


@st.cache_data(show_spinner=False, max_entries=8)
def _shared_tornado(_customers: pd.DataFrame, data_key: str, a: Assumptions,
                    _orders: pd.DataFrame | None = None) -> pd.DataFrame:
    return tornado(_customers, a, orders=_orders)


def tornado_frame(_customers: pd.DataFrame, data_key: str, a: Assumptions,
                  _orders: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tornado of the NPV (cached: per server for the sample data, per session for an upload)."""
    shared = data_key.startswith(SHARED_PREFIX)
    return (_shared_tornado if shared else _session_tornado)(_customers, data_key, a, _orders)


#: the function without its cache, as for every cached function (called outside a script run)
tornado_frame.__wrapped__ = _session_tornado.__wrapped__


@st.cache_data(show_spinner=False, scope="session", max_entries=8)
def break_evens(_customers: pd.DataFrame, data_key: str, a: Assumptions,
                _orders: pd.DataFrame | None = None) -> dict[str, BreakEven]:
    return {name: break_even(_customers, a, name, orders=_orders) for name in BREAK_EVEN_NAMES}


@st.cache_data(show_spinner=False, scope="session", max_entries=8)
def _session_simulation(_customers: pd.DataFrame, data_key: str, a: Assumptions, ranges: Ranges, seed: int,
                        draws: int = MC_DRAWS, _orders: pd.DataFrame | None = None) -> MonteCarloResult:
    return simulate(_customers, a, dict(ranges), draws=draws, seed=seed, orders=_orders)


@st.cache_data(show_spinner=False, max_entries=8)
def _shared_simulation(_customers: pd.DataFrame, data_key: str, a: Assumptions, ranges: Ranges, seed: int,
                       draws: int = MC_DRAWS, _orders: pd.DataFrame | None = None) -> MonteCarloResult:
    return simulate(_customers, a, dict(ranges), draws=draws, seed=seed, orders=_orders)


def simulation(_customers: pd.DataFrame, data_key: str, a: Assumptions, ranges: Ranges, seed: int,
               draws: int = MC_DRAWS, _orders: pd.DataFrame | None = None) -> MonteCarloResult:
    """A Monte Carlo run (cached: per server for the sample data, per session for an upload)."""
    shared = data_key.startswith(SHARED_PREFIX)
    return (_shared_simulation if shared else _session_simulation)(_customers, data_key, a, ranges, seed, draws,
                                                                   _orders)


simulation.__wrapped__ = _session_simulation.__wrapped__


def default_simulation(_customers: pd.DataFrame, data_key: str, a: Assumptions,
                       _orders: pd.DataFrame | None = None) -> MonteCarloResult:
    """The Monte Carlo run of the first screen and the report without a run of the user's: the default ranges
    around the scenario (:func:`calc.montecarlo.default_ranges`), seed 0, :data:`MC_DRAWS` draws (cached)."""
    return simulation(_customers, data_key, a, ranges_key(default_ranges(a)), 0, _orders=_orders)


# -- exports -------------------------------------------------------------------------------
def workbook(_customers: pd.DataFrame, data_key: str, a: Assumptions, lang: str,
             _orders: pd.DataFrame | None = None, currency: str = "EUR") -> bytes:
    """The Excel model, built in the worker; refused beyond ``JobLimits.xlsx_customers`` customers.

    The limit is checked before the cache, so a workbook cached earlier never bypasses it."""
    runner().check_xlsx(len(_customers))
    return _workbook(_customers, data_key, a, lang, _orders, currency)


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def _workbook(_customers: pd.DataFrame, data_key: str, a: Assumptions, lang: str,
              _orders: pd.DataFrame | None = None, currency: str = "EUR") -> bytes:
    return runner().run(workbook_bytes, _customers, a, lang=lang, orders=_orders, currency=currency)


#: the function without its cache, as for every cached function
workbook.__wrapped__ = _workbook.__wrapped__


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def assignment(_result: ModelResult, data_key: str, a: Assumptions, _roster: pd.DataFrame | None = None,
               roster_key: tuple | None = None) -> pd.DataFrame:
    """Reps per covered customer; ``_result`` is ``compute`` of the data ``data_key`` and ``a``;
    ``_roster`` names the reps (:func:`calc.roster.read_roster`), placeholders for the rest; it is
    identified by ``roster_key`` (:func:`roster_key`)."""
    return assign_reps(_result, roster=_roster)


def roster_key(roster: pd.DataFrame | None) -> tuple | None:
    """A roster's cache key: its rows as a tuple (a roster is small), None for no roster."""
    return None if roster is None else tuple(roster.astype(str).itertuples(index=False, name=None))


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def assignment_files(_result: ModelResult, data_key: str, a: Assumptions, lang: str,
                     _roster: pd.DataFrame | None = None, roster_key: tuple | None = None,
                     effective_date: dt.date | None = None,
                     scenario_name: str = "", currency: str = "EUR") -> tuple[bytes, bytes]:
    """The CRM hand-over (:func:`calc.assign.handover`) as CSV and XLSX, written in the worker."""
    df = handover(_result, assignment(_result, data_key, a, _roster, roster_key), effective_date=effective_date or dt.date.today(),
                  scenario_name=scenario_name, lang=lang, currency=currency)
    jobs = runner()
    return (jobs.run(assignments_csv, df, lang=lang, currency=currency),
            jobs.run(assignments_xlsx, df, lang=lang, currency=currency))


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def report(_customers: pd.DataFrame, _result: ModelResult, data_key: str, a: Assumptions, lang: str,
           data_label: str, ranges: Ranges | None, seed: int | None,
           _tracking: TrackingResult | None = None, tracking_key: str | None = None,
           _orders: pd.DataFrame | None = None, currency: str = "EUR") -> bytes:
    """The HTML board report; without a Monte Carlo run: the CLI's default ranges, seed 0.

    ``_tracking`` (plan against actual) is identified by ``tracking_key`` (see :func:`tracking`)."""
    frame = tornado_frame(_customers, data_key, a, _orders)
    if ranges is None or seed is None:
        ranges, seed = ranges_key(default_ranges(a)), 0
    risk = risk_of(frame, simulation(_customers, data_key, a, ranges, seed, _orders=_orders))
    # built in the worker from the customers and ``a`` (a ModelResult does not pickle)
    return runner().run(board_report, _customers, a, lang=lang, data_label=data_label, risk=risk, tracking=_tracking,
                        orders=_orders, currency=currency)


# -- one year later ------------------------------------------------------------------------
@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def plan_json(_result: ModelResult, data_key: str, a: Assumptions, source: str) -> bytes:
    """The approved plan file of the data ``data_key`` and scenario ``a`` (as ``python -m calc plan``)."""
    plan = make_plan(_result, assignments=assignment(_result, data_key, a), source=source)
    return plan.to_json().encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=2)
def sample_plan_json(path: str, mtime: float) -> bytes:
    """The plan of the built-in sample with the default scenario (the same for everyone)."""
    read = read_sample(path, mtime, ())
    return make_plan(compute(read.customers, Assumptions(), orders=read.orders), source=Path(path).name).to_json().encode("utf-8")


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def plan_file(raw: bytes, filename: str) -> Plan:
    """A plan file, keyed on its bytes and name; raises PlanError."""
    return Plan.from_json(raw, source=Msg("err_src_plan_file", file=filename))


@st.cache_data(show_spinner=False, scope="session", max_entries=4)
def tracking(_plan: Plan, plan_key: str, _new_customers: pd.DataFrame, data_key: str,
             segment_volume_eur: float | None, total_volume_eur: float | None) -> TrackingResult:
    """The plan ``plan_key`` (digest of its file) against the data ``data_key`` with the market volumes."""
    return track(_plan, _new_customers, market_volume_segment_eur=segment_volume_eur,
                 market_volume_total_eur=total_volume_eur)


# -- memory of closed sessions ---------------------------------------------------------------
JANITOR_SECONDS = 30.0


def _sweep() -> None:
    """Drop disconnected sessions past their TTL, collect garbage, give freed heap pages back to the OS.

    Streamlit 1.67 keeps a disconnected session for ``server.disconnectedSessionTTL``
    seconds in a TTL cache that is purged only when another session disconnects; an
    idle server therefore kept every closed session's data. The purge below uses that
    cache's ``expire()`` (Streamlit internals: skipped if they change).
    """
    import ctypes
    import gc

    try:
        from streamlit.runtime import Runtime

        if Runtime.exists():
            storage = Runtime.instance()._session_mgr._session_storage  # noqa: SLF001 - see docstring
            storage._cache.expire()  # noqa: SLF001
    except Exception:  # noqa: BLE001 - another Streamlit version: only the lazy purge remains
        pass
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc keeps freed pages otherwise
    except (OSError, AttributeError):
        pass


@st.cache_resource(show_spinner=False)
def janitor() -> threading.Thread:
    """The server's one background thread running :func:`_sweep` every ``JANITOR_SECONDS`` (holds no user data)."""

    def loop() -> None:
        while True:
            time.sleep(JANITOR_SECONDS)
            _sweep()

    thread = threading.Thread(target=loop, name="smart-accounts-janitor", daemon=True)
    thread.start()
    return thread
