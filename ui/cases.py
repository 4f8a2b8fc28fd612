"""Shared cases in the app: "share with data", opening a ``?case=`` link, the case file.

* The store is :meth:`calc.cases.CaseStore.from_env` (``CASE_STORE_URL``, default
  ``~/.local/share/smart-accounts/cases``), opened on each use: every server process
  reads the same location, and no process keeps a case in memory beyond the
  session that has it in force.
* :func:`open_from_link` runs once per session, after the sign-in gate: a valid
  ``case`` parameter puts the case's customer table in force and, if the link has
  no scenario parameters of its own, the case's scenario.  A failed opening leaves
  the sample data in force with a note saying why.
* While the case's data is in force, :func:`ui.state.sync_url` keeps ``case=<id>``
  in the URL (so a reload opens it again); the plain share link never carries it.
* Nothing of a case (data, id, delete secret) is logged here; messages show at most
  the first 6 characters of an id.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from calc.cases import DEFAULT_TTL_DAYS, Case, CaseError, CaseStore, case_from_bytes, case_to_bytes
from calc.columns import revenue_year
from calc.readers import ReadReport
from ui import data, fmt, keys, show, state
from ui.i18n import current_lang, t

CASE_FILE_TYPES = ["zip"]


def store() -> CaseStore:
    """The case store the host configured (environment variables, see :meth:`CaseStore.from_env`)."""
    return CaseStore.from_env()


def _ttl_days() -> float:
    """The lifetime of a new case as the host set it, without opening the store (which may be remote)."""
    try:
        days = float(os.environ.get("CASE_TTL_DAYS") or DEFAULT_TTL_DAYS)
    except ValueError:
        return DEFAULT_TTL_DAYS
    return days if days > 0 else DEFAULT_TTL_DAYS


def _when(moment) -> str:
    if moment is None:
        return "–"
    return moment.strftime("%d.%m.%Y %H:%M UTC") if current_lang() == "de" else moment.strftime("%Y-%m-%d %H:%M UTC")


def _error(exc: CaseError) -> str:
    return fmt.md_escape(exc.message(current_lang()))


def dataset_from_case(case: Case, *, key: str, name: str) -> data.Dataset:
    """A :class:`ui.data.Dataset` for a case's customer table (no raw file: the table is already canonical)."""
    customers = case.customers
    columns = [str(c) for c in customers.columns]
    years = tuple(sorted(y for y in (revenue_year(c) for c in columns) if y is not None))
    report = ReadReport(
        file=name,
        kind="customers",
        encoding="parquet",
        delimiter=None,
        rows_read=len(customers),
        customers=len(customers),
        columns_recognised={c: c for c in columns},
        revenue_years=years,
    )
    # a case stores only the customer table: a transaction log's orders are gone (orders None, estimated from orders_12m)
    return data.Dataset(key=key, name=name, is_sample=False, raw=b"", mapping=(), customers=customers, report=report)


def _case_name(case: Case) -> str:
    return case.name or t("case_data_name")


# -- session start -------------------------------------------------------------------------------
def open_from_link() -> None:
    """Once per session (after the sign-in gate): open the case named in the link, if any."""
    case_id = st.session_state.pop(keys.CASE_PARAM, None)
    if not case_id:
        return
    try:
        case = store().load(case_id)  # a malformed id gets the store's "no such case" message
    except CaseError as exc:
        st.session_state[keys.CASE_NOTE] = ("error", t("case_failed", message=_error(exc)))
        return
    key = "case-" + hashlib.sha256(case_id.encode("ascii")).hexdigest()
    ds = dataset_from_case(case, key=key, name=_case_name(case))
    data.use(ds)
    st.session_state[keys.CASE_LINK] = (case_id, ds.key)
    if not st.session_state.get(keys.LINK_SCENARIO):
        state.set_assumptions(case.assumptions)  # the link has no scenario of its own: the case's
    st.session_state[keys.LINK_SCENARIO] = False
    st.session_state[keys.CASE_NOTE] = (
        "ok",
        t("case_opened", name=fmt.md_escape(ds.name), customers=fmt.number(len(case.customers)),
          expires=_when(case.expires_at)),
    )


def apply_pending() -> None:
    """Put the scenario of an uploaded case file in force (start of a run, before the sidebar widgets)."""
    pending = st.session_state.pop(keys.CASE_PENDING, None)
    if pending is not None:
        state.set_assumptions(pending)


def notes() -> None:
    """The note of the last link opening / share / delete: shown until it is dismissed.

    Kept across reruns (a browser session's first screen is followed by a rerun for the
    charts, and a user may change an assumption before reading it); its button drops it.
    """
    note = st.session_state.get(keys.CASE_NOTE)
    if note is None:
        return
    status, text = note
    if status == "ok":
        st.success(text, icon=":material/folder_shared:")
    else:
        st.warning(text, icon=":material/link_off:")
    st.button(t("restart_ok"), key=keys.CASE_NOTE_OK, on_click=_dismiss_note)


def _dismiss_note() -> None:
    st.session_state.pop(keys.CASE_NOTE, None)


# -- share box (sidebar) -------------------------------------------------------------------------
def _share() -> None:
    ds = data.dataset()
    try:
        shared = store().save(ds.customers, state.assumptions(), name=None if ds.is_sample else ds.name)
    except CaseError as exc:
        st.session_state[keys.CASE_NOTE] = ("error", t("share_data_failed", message=_error(exc)))
        return
    st.session_state[keys.CASE_CREATED] = (shared.case_id, shared.delete_secret, shared.expires_at)
    st.session_state[keys.CASE_LINK] = (shared.case_id, ds.key)


def _delete() -> None:
    created = st.session_state.get(keys.CASE_CREATED)
    if not created:
        return
    case_id, secret, _ = created
    try:
        store().delete(case_id, secret)
    except CaseError as exc:
        st.session_state[keys.CASE_NOTE] = ("error", t("share_data_failed", message=_error(exc)))
        return
    st.session_state.pop(keys.CASE_CREATED, None)
    link = st.session_state.get(keys.CASE_LINK)
    if link and link[0] == case_id:
        st.session_state.pop(keys.CASE_LINK, None)
    st.session_state[keys.CASE_NOTE] = ("ok", t("share_data_deleted"))


def case_url(case_id: str) -> str:
    """The link that opens a shared case: the plain share link plus ``case=<id>``."""
    return state.share_url() + "&case=" + case_id


def share_box() -> None:
    """Under the plain share link: what it carries, and the explicit "share with data" action."""
    st.caption(t("share_box_carries"))
    ds = data.dataset()
    days = _ttl_days()
    st.button(
        t("share_data_button"), key="share_with_data", on_click=_share, disabled=ds.is_sample,
        help=t("share_data_sample") if ds.is_sample else t("share_data_help", days=fmt.number(days)),
        icon=":material/cloud_upload:", width="stretch",
    )
    created = st.session_state.get(keys.CASE_CREATED)
    if created:
        case_id, secret, expires = created
        st.caption(t("share_data_done", expires=_when(expires)))
        st.code(case_url(case_id), language=None, wrap_lines=True)
        st.caption(t("share_data_secret", secret=secret))
        st.button(t("share_data_delete"), key="delete_case", on_click=_delete, icon=":material/delete:",
                  width="stretch")


# -- case file (pages/data.py) -------------------------------------------------------------------
def _case_file_bytes(customers: pd.DataFrame, assumptions, name: str | None) -> bytes:
    return case_to_bytes(customers, assumptions, name=name)


def _read_case_file(name: str, raw: bytes) -> tuple[str, str]:
    try:
        case = case_from_bytes(raw, max_bytes=data.MAX_UPLOAD_MB * 1024 * 1024)
    except CaseError as exc:
        return "error", t("case_file_failed", message=_error(exc))
    key = "casefile-" + hashlib.sha256(raw).hexdigest()
    ds = dataset_from_case(case, key=key, name=case.name or name)
    data.use(ds)
    st.session_state[keys.CASE_PENDING] = case.assumptions  # put in force before the next run's widgets
    return "ok", t("case_file_ok", customers=fmt.number(len(case.customers)))


def case_file_section() -> None:
    """Download the data in force with the scenario as one case file; upload one to put it in force."""
    st.subheader(t("case_file_title"))
    st.caption(t("case_file_intro"))
    ds = data.dataset()
    stem = "fall" if current_lang() == "de" else "case"
    st.download_button(
        t("case_file_download"),
        data=partial(_case_file_bytes, ds.customers, state.assumptions(), None if ds.is_sample else ds.name),
        file_name=f"{stem}-{date.today().isoformat()}.zip",
        mime="application/zip",
        key="download_case_file",
        icon=":material/download:",
    )
    uploaded = st.file_uploader(
        t("case_file_upload"), type=CASE_FILE_TYPES, key="upload_case_file", max_upload_size=data.MAX_UPLOAD_MB,
    )
    show.upload_once(uploaded, keys.CASE_UPLOAD_NOTE, _read_case_file, rerun_on_ok=True)
