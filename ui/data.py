"""The data set in force and the one cached path to a :class:`calc.ModelResult`.

* The sample data is read once per server (:func:`ui.cache.read_sample`, keyed on
  path + mtime) and shared read-only by every session, as are its model results
  (:func:`ui.cache.sample_result`); a session holds no copy of it (``raw`` is empty).
* An upload is read by :func:`ui.cache.read_upload`; the session's Dataset is its
  only copy (the bytes are kept for a new column mapping). Its key is the digest of
  the file's BYTES, its name and the column mapping, never of a DataFrame (large
  frames are hashed from a sample, so two users' data could collide).
* An upload is read in a worker process (:class:`calc.isolate.IsolatedReader`,
  one per server, :func:`ui.cache.reader`, holding no user data) under the
  :class:`calc.limits.Limits`, so a hostile or huge file harms only its upload.
* The data set in force sits in ``st.session_state[keys.DATASET]``; a failed read
  leaves it untouched.
* A transaction log's orders (``Dataset.orders``) go with the customers to every
  computation (as the CLI passes ``ReadResult.orders``), so the app and
  ``python -m calc summary`` agree on the small-order levers.
* :func:`result` calls :func:`calc.compute` once per (data set, scenario) and keeps
  the last result in session state, so page switches and non-scenario widgets don't
  recompute.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from calc import Assumptions, ModelResult, compute
from calc.limits import Limits
from calc.readers import ReadReport
from ui import cache, keys
from ui.i18n import say, t

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = ROOT / "sample_data" / "kunden.csv"
#: Upload size in MB, from :class:`calc.limits.Limits` (``SMART_ACCOUNTS_MAX_UPLOAD_MB``).
MAX_UPLOAD_MB = Limits.from_env().upload_mb


@dataclass(frozen=True)
class Dataset:
    """The customer data in force."""

    key: str  # sha256 of bytes + mapping: identifies the data, never shown
    name: str
    is_sample: bool
    raw: bytes  # the upload's bytes (to read it again with a new mapping); empty for the sample
    mapping: tuple[tuple[str, str], ...]
    customers: pd.DataFrame
    report: ReadReport
    #: a transaction log's orders in the 12-month window (``ReadResult.orders``); None for a customer table
    orders: pd.DataFrame | None = None


def _digest(raw: bytes, name: str, mapping: tuple[tuple[str, str], ...]) -> str:
    h = hashlib.sha256(raw)
    h.update(name.encode())
    h.update(repr(mapping).encode())
    return h.hexdigest()


def error_text(exc: Exception) -> str:
    """A reading error's message in the UI language."""
    return say(exc)


def read_bytes(raw: bytes, filename: str, mapping: dict[str, str] | None = None, *, is_sample: bool = False) -> Dataset:
    """Read a file's bytes (cached) into a :class:`Dataset`; raises DataError."""
    items = tuple(sorted((mapping or {}).items()))
    if is_sample:
        result = cache.read_sample(str(SAMPLE_PATH), SAMPLE_PATH.stat().st_mtime, items)
    else:
        result = cache.read_upload(raw, filename, items)
    return Dataset(
        key=(cache.SHARED_PREFIX if is_sample else "") + _digest(raw, filename, items),
        name=filename,
        is_sample=is_sample,
        raw=b"" if is_sample else raw,
        mapping=items,
        customers=result.customers,
        report=result.report,
        orders=result.orders,
    )


def sample_dataset(mapping: dict[str, str] | None = None) -> Dataset:
    """The built-in sample data (sample_data/kunden.csv)."""
    return read_bytes(SAMPLE_PATH.read_bytes(), SAMPLE_PATH.name, mapping, is_sample=True)


def dataset() -> Dataset:
    """The data set in force (the sample data at session start)."""
    ds = st.session_state.get(keys.DATASET)
    if ds is None:
        cache.reader()  # session start: the worker's forkserver starts now, not at the first upload
        cache.janitor()
        test_path = st.session_state.get(keys.TEST_DATA_PATH)
        if test_path:
            path = Path(test_path)
            ds = read_bytes(path.read_bytes(), path.name)
        else:
            ds = sample_dataset()
        st.session_state[keys.DATASET] = ds
    return ds


def display_name(ds: Dataset) -> str:
    """What the data is, for people: "Beispieldaten" / "Sample data", or the uploaded file's name."""
    return t("sample_data") if ds.is_sample else ds.name


def use(ds: Dataset) -> None:
    """Put ``ds`` in force."""
    st.session_state[keys.DATASET] = ds


def result(a: Assumptions) -> ModelResult:
    """The model result for the data in force and scenario ``a`` (memoised per session)."""
    ds = dataset()
    if ds.is_sample:
        st.session_state.pop(keys.RESULT_MEMO, None)  # an earlier upload's result goes with it
        return cache.sample_result(ds.customers, ds.key, a, ds.orders)
    memo = st.session_state.get(keys.RESULT_MEMO)
    if memo is not None and memo[0] == ds.key and memo[1] == a:
        return memo[2]
    res = compute(ds.customers, a, orders=ds.orders)
    st.session_state[keys.RESULT_MEMO] = (ds.key, a, res)
    return res
