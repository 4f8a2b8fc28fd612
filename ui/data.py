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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st
from babel.dates import format_date, format_time

from calc import Assumptions, ModelResult, compute
from calc.errors import DataError
from calc.limits import Limits
from calc.readers import ReadReport
from calc.readers.peek import FilePeek, lines_without_customer_id, peek
from calc.safe import to_csv_bytes
from calc.texts import LOCALES
from ui import cache, keys
from ui.i18n import current_lang, say, t

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
    #: when the data was read into this session (UTC); shown in the reader's local time (:func:`read_when`)
    read_at: datetime = field(default_factory=lambda: datetime.now(UTC))


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


def browser_timezone() -> tzinfo | None:
    """The time zone of the user's browser (``st.context.timezone``), None where unknown (no browser)."""
    try:
        name = st.context.timezone
    except Exception:  # noqa: BLE001 - outside a script run there is no context
        return None
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def read_when(ds: Dataset, lang: str | None = None, tz: tzinfo | None = None) -> str:
    """When ``ds`` was read, in local time and the UI language's format.

    ``tz`` defaults to the browser's time zone, else the server's: ``29.11.2026, 23:05`` /
    ``Nov 29, 2026, 11:05 PM``.
    """
    locale = LOCALES.get(lang or current_lang(), "de_DE")
    local = ds.read_at.astimezone(tz or browser_timezone())  # astimezone(None): the server's local time
    return f"{format_date(local, 'medium', locale=locale)}, {format_time(local, 'short', locale=locale)}"


def use(ds: Dataset) -> None:
    """Put ``ds`` in force (a file held for its mapping is done with)."""
    st.session_state[keys.DATASET] = ds
    drop_pending()


def can_list_dropped_lines(ds: Dataset) -> bool:
    """True if the rows left out for lack of a customer id can be listed: the file's bytes are at hand."""
    return ds.report.lines_without_customer_id > 0 and (ds.is_sample or bool(ds.raw))


def dropped_lines_csv(ds: Dataset) -> Callable[[], bytes]:
    """What builds the CSV of the rows of ``ds``'s file left out for lack of a customer id, in the UI language.

    The rows are read again from the file's bytes, in the worker process
    (:func:`calc.readers.peek.lines_without_customer_id`), only when the user asks for them: the session keeps
    no copy.  The builder runs outside the page's run (a download button's callable), so it takes the language,
    the header and the worker now."""
    lang, row_header, runner = current_lang(), t("p_row"), cache.runner()

    def build() -> bytes:
        raw = SAMPLE_PATH.read_bytes() if ds.is_sample else ds.raw
        frame = runner.run(lines_without_customer_id, raw, filename=ds.name, mapping=dict(ds.mapping))
        return to_csv_bytes(frame.rename(columns={"row": row_header}), lang=lang)

    return build


@dataclass(frozen=True)
class PendingFile:
    """An upload the reader refused for a missing column, held for its column mapping.

    The data in force stays in force meanwhile; :func:`use` ends the wait.
    """

    name: str
    raw: bytes
    peek: FilePeek  # its headers, first rows, what was recognised and what is missing (without a mapping)
    error: DataError  # why the last read failed (shown in the UI language)
    mapping: tuple[tuple[str, str], ...] = ()  # the mapping of the last try
    retried: bool = False  # a try with a mapping failed too (its error is shown with the mapping)


def hold_for_mapping(raw: bytes, name: str, error: DataError) -> PendingFile | None:
    """Hold a refused file for its column mapping if a column the model needs is missing.

    Its headers and first rows are read by :func:`calc.readers.peek.peek` in the worker process; a file that
    cannot be read even that far is not held. Returns the file held, or None (any file held before is dropped).
    """
    try:
        seen = cache.runner().run(peek, raw, filename=name)
    except DataError:
        seen = None
    if seen is None or not seen.missing:
        drop_pending()
        return None
    held = PendingFile(name=name, raw=raw, peek=seen, error=error)
    st.session_state[keys.PENDING_FILE] = held
    return held


def retry_failed(held: PendingFile, mapping: dict[str, str], error: DataError) -> None:
    """A try with ``mapping`` failed too: the file keeps waiting, with that mapping and its error."""
    st.session_state[keys.PENDING_FILE] = replace(held, mapping=tuple(sorted(mapping.items())), error=error,
                                                  retried=True)


def pending() -> PendingFile | None:
    """The upload held for its column mapping, if any."""
    return st.session_state.get(keys.PENDING_FILE)


def drop_pending() -> None:
    """Stop holding an upload for its mapping."""
    st.session_state.pop(keys.PENDING_FILE, None)


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
