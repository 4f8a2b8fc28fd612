"""Every key the app keeps in ``st.session_state``, named here and nowhere else.

Other modules read and write session state only through these names (a test in
``tests/test_ui_keys.py`` fails on a string literal used as a session-state key
anywhere else in ``ui/``, ``pages/`` or ``app.py``).  Widget keys are listed here
when the code reads or writes them through session state; a widget whose value
only comes back as the widget's return value keeps its key at the widget.
Keys starting with ``_`` are bookkeeping that no widget shows.
"""

from __future__ import annotations

# -- frame (ui.state, ui.page, app.py) ---------------------------------------------------------------
#: the language radio ("de" / "en")
LANG = "lang"
#: the currency money is shown in (an ISO 4217 code; the URL's ``cur``) and its sidebar field
CURRENCY, CURRENCY_ENTRY = "_currency", "currency_entry"
#: the scenario in force: one frozen Assumptions
ASSUMPTIONS = "assumptions"
#: ignored URL parameters of this session's link, {name: value}, shown as a warning
QUERY_WARNINGS = "query_warnings"
NOT_FOUND = "_not_found_path"  # a mistyped deep link (redirected by serve.py), shown once by the frame
#: set once the session's language and scenario came from the URL
INITIALISED = "_initialised"
#: the ``cmp`` parameter of the session's link, taken by the scenarios page
CMP_PARAM = "_cmp_param"
#: the reset button was pressed: show the note once
RESET_DONE = "_reset_done"
#: {assumption name: message} of a sidebar entry that was refused; shown once under its field
ENTRY_ERRORS = "_entry_errors"
#: the session's first screen was sent: from the next run on, charts are drawn (ui.show.chart)
CHARTS_READY = "_charts_ready"
#: a session's first run asked for the charts to follow its first screen (ui.show.chart)
CHARTS_ARMED = "_charts_armed"
#: set by the frame right before the page runs, taken by the page (ui.page.run_page)
FRAME_RAN = "_frame_ran"
#: a page started without the frame is running the frame (never recurse)
FRAME_FALLBACK = "_frame_fallback"
#: this session began after a server restart (the browser re-sent widget values): show the notice
RESTARTED = "_restarted"
#: the button that closes the restart notice
RESTART_OK = "restart_ok"
_ASSUMPTION_PREFIX = "a__"
_OVERRIDE_SUFFIX = "__on"

# -- data (ui.data, pages/data.py) -------------------------------------------------------------------
#: the data set in force (ui.data.Dataset)
DATASET = "dataset"
#: (data key, Assumptions, ModelResult) of the last compute
RESULT_MEMO = "_result_memo"
#: test hook (bench/bench_app.py): a path here replaces the sample data at session start
TEST_DATA_PATH = "_test_data_path"
#: ((file id, name, size), "ok" | "error", note) of the data file in the uploader
UPLOAD_NOTE = "_upload_note"
#: an upload refused for a missing column, held for its column mapping (ui.data.PendingFile)
PENDING_FILE = "_pending_file"

# -- scenarios (ui.saved, pages/scenarios.py) --------------------------------------------------------
#: {name: Assumptions.to_dict()} of the scenarios saved in this session
SAVED_SCENARIOS = "saved_scenarios"
#: the comparison link already taken into the saved scenarios
CMP_DONE = "_cmp_done"
#: the multiselect of scenarios to compare (a widget)
SCN_SELECT = "scn_select"
#: ((file id, name, size), "ok" | "error", note) of the scenario file in the uploader
SCN_UPLOAD_NOTE = "_scn_upload_note"

# -- risk (ui.mc_editor) -----------------------------------------------------------------------------
#: the last Monte Carlo run: (data key, Assumptions, ranges, seed)
MC_RUN = "_mc_run"
#: the table the Monte Carlo editor starts from
MC_TABLE = "mc_table_base"
#: the data editor's own state (the user's edits; a widget)
MC_EDITOR = "mc_ranges"

# -- one year later (ui.tracking, pages/tracking.py) -------------------------------------------------
#: the plan loaded for tracking (ui.tracking.LoadedPlan)
TRACK_PLAN = "track_plan"
#: the data of the following year (ui.data.Dataset)
TRACK_DATA = "track_data"
#: ((file id, name, size), "ok" | "error", note) of the plan file in its uploader
TRACK_PLAN_NOTE = "_track_plan_note"
#: ((file id, name, size), "ok" | "error", note) of the following year's file in its uploader
TRACK_DATA_NOTE = "_track_data_note"
#: the market volume text inputs (widgets; the sample button fills them)
TRACK_VOL_SEGMENT = "track_vol_segment"
TRACK_VOL_TOTAL = "track_vol_total"
#: the market volumes in force (segment EUR or None, total EUR or None, language typed in), also for the report
TRACK_VOLUMES = "_track_volumes"


# -- levers (pages/levers.py, ui.state) ---------------------------------------------------------------
#: the Levers page's small-order policy radio (a widget; it shows and sets the sidebar's assumption)
LEV_POLICY = "lev_policy"
#: {assumption name: (data key, value)} of values taken from the data in one click (shown as measured)
MEASURED = "_measured"

# -- shared cases and sign-in (ui.cases, ui.auth, pages/data.py) ----------------------------------
#: the ``case`` parameter of the session's link, taken by ui.cases.open_from_link
CASE_PARAM = "_case_param"
#: (case id, data key): the shared case whose data is in force; its id stays in the URL while that data is
CASE_LINK = "_case_link"
#: what the creator sees after "share with data": (case id, delete secret, expires at), until deleted
CASE_CREATED = "_case_created"
#: ("ok" | "error", message) of the last share / delete / link opening, shown once
CASE_NOTE = "_case_note"
CASE_NOTE_OK = "case_note_ok"  # the button that dismisses the case note
#: Assumptions of an uploaded case file, put in force at the start of the next run (before the widgets)
CASE_PENDING = "_case_pending"
#: ((file id, name, size), "ok" | "error", note) of the case file in its uploader
CASE_UPLOAD_NOTE = "_case_upload_note"
#: the session came from a link with a scenario but no case (for the sample-data note)
LINK_SCENARIO = "_link_scenario"
#: the shared password was right in this session
AUTH_OK = "_auth_ok"
#: wrong shared-password attempts in this session
AUTH_FAILS = "_auth_fails"

def assumption(name: str) -> str:
    """The sidebar widget of one assumption, e.g. ``a__capture_rate``."""
    return _ASSUMPTION_PREFIX + name


def assumption_override(name: str) -> str:
    """The checkbox that switches an optional assumption's own value on, e.g. ``a__cost_per_visit__on``."""
    return assumption(name) + _OVERRIDE_SUFFIX


def export_request(kind: str) -> str:
    """What the export page's build button ``kind`` was last pressed for (data, scenario, language ...)."""
    return "export_" + kind
