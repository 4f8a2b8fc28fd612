"""German all the way (issue 10, item 8): every error path, problem reason and reading warning in German.

Each catalogue key ``err_*`` has a trigger here: bad files, bad scenarios, bad plans, bad
assumptions, bad calls.  The error's ``message("de")`` must be the German catalogue text
with its values filled in, and hold no English sentence (:data:`ENGLISH`), once the
values that come from the user's own file (names, cells, system messages) are taken out.
"""

from __future__ import annotations

import argparse
import ast
import base64
import io
import json
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from calc import cli, levers, texts
from calc.assign import assign_reps
from calc.assumptions import Assumptions, parse_assignments
from calc.errors import CalcError, DataError, Msg, message_of, render
from calc.limits import Limits, check_positive, positive_from_env
from calc.model import compute
from calc.montecarlo import TriangularRange, simulate
from calc.readers import read_data
from calc.readers.stream import read_log
from calc.roster import read_roster, roster_from_text
from calc.scenarios import compare, decode_comparison, encode_comparison, scenarios_from_json
from calc.sensitivity import break_even, derived_value, tornado
from calc.tracking import PLAN_FORMAT, Plan, make_plan, track
from tests.hostile_files import sheet_xml, small_table_cells, xlsx_from_sheet_xml

ROOT = Path(__file__).resolve().parent.parent

#: English words and phrases that give an English sentence away inside a German message.
ENGLISH = (" the ", " must ", " could not ", " cannot ", "file '", "row ", " is not ", " not a ", " found",
           "Upload ", " upload ", " please", " with ", " and ", " of ", " has ", " no ", " or ")

#: keys that are parts of a message (where, a source, a reason, a range ...), reached through other errors
PART_PREFIXES = ("err_where_", "err_src_", "err_range", "err_unit", "err_why_", "err_bound_", "err_pd_")
PART_KEYS: set[str] = set()


# --------------------------------------------------------------------------------- data for the triggers
def _customers(n: int = 40, *, yearly: bool = True) -> pd.DataFrame:
    ids = [f"K{i:03d}" for i in range(n)]
    revenue = np.linspace(1_000.0, 60_000.0, n)
    if yearly:
        return pd.DataFrame({"customer_id": ids, "revenue_2024": revenue * 0.9, "revenue_2025": revenue})
    return pd.DataFrame({"customer_id": ids, "revenue": revenue})


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def _read(data: bytes, **kw) -> None:
    read_data(data, filename=kw.pop("filename", "kunden.csv"), **kw)


def _zip(**members: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


def _workbook() -> bytes:
    return xlsx_from_sheet_xml(("Kunden", sheet_xml(small_table_cells(3))))


def _link(payload: object | bytes) -> str:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode("ascii")


def _plan() -> Plan:
    return make_plan(compute(_customers(), Assumptions()))


def _plan_dict() -> dict:
    return json.loads(_plan().to_json())


def _broken_plan(change: Callable[[dict], None]) -> None:
    data = _plan_dict()
    change(data)
    Plan.from_json(json.dumps(data), source=Msg("err_src_plan_file", file="plan.json"))


def _set(path: str, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *head, last = path.split(".")
        target = data
        for part in head:
            target = target[int(part)] if part.isdigit() else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return change


def _drop(path: str, key: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        del data["customers"][0][key]
    return change


def _written(name: str, data: bytes) -> Path:
    """``data`` as a file ``name`` in a fresh temporary directory."""
    import tempfile

    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(data)
    return path


def _parquet(columns: dict) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(pa.table(columns), sink)
    return sink.getvalue()


def _cli_args(data: str, **kw) -> argparse.Namespace:
    return argparse.Namespace(**{"data": data, "scenario": None, "assignments": [], "mapping": [], "sheet": None,
                                 **kw})


class _Unreadable:
    name = "upload.csv"

    def read(self) -> bytes:
        raise OSError("connection reset")


def _raise(exc: BaseException):
    def f(*args, **kwargs):
        raise exc
    return f


# --------------------------------------------------------------------------------- the triggers
_LEVER_ARGS = {"cost_per_visit": 100.0, "revenue_threshold": 5_000.0, "cm_rate": 0.3, "settings": levers.LeverSettings()}

#: err_* key -> a call that raises the error (monkeypatch-free ones first; those needing a patch get ``mp``)
TRIGGERS: dict[str, Callable[..., object]] = {
    # reading a file
    "err_file_empty": lambda mp: _read(b""),
    "err_file_unopenable": lambda mp: read_data(str(ROOT / "no-such-dir" / "kunden.csv")),
    "err_upload_unreadable": lambda mp: read_data(_Unreadable()),
    "err_source_type": lambda mp: read_data(12345),
    "err_xls_old": lambda mp: _read(b"\xd0\xcf\x11\xe0" + b"\x00" * 600, filename="kunden.xls"),
    "err_zip_not_workbook": lambda mp: _read(_zip(**{"liesmich.txt": b"hallo"}), filename="kunden.xlsx"),
    "err_utf16_invalid": lambda mp: _read(b"\xff\xfe" + "Kundennummer".encode("utf-16-le") + b"\x00\xd8"),
    "err_binary": lambda mp: _read(b"\x7fELF" + bytes(range(256)) * 8),
    "err_too_many_rows": lambda mp: _read(_csv("Kundennummer;Umsatz\n1;5\n2;6\n3;7\n"), max_rows=2),
    "err_sheet_too_many_rows": lambda mp: _read(_workbook(), filename="kunden.xlsx", max_rows=1),
    "err_row_fields": lambda mp: _pandas_csv(mp, b'Kundennummer;Umsatz\n1;5\n2;6;7;8\n'),
    "err_unclosed_quote": lambda mp: _pandas_csv(mp, b'Kundennummer;Umsatz\n1;"5\n2;6\n'),
    "err_csv_unreadable": lambda mp: _csv_parser_error(mp),
    "err_workbook_damaged": lambda mp: _read(b"PK\x03\x04 abgeschnitten", filename="kunden.xlsx"),
    "err_workbook_parts": lambda mp: _patched(mp, "calc.readers.raw.MAX_ZIP_MEMBERS", 2, _workbook()),
    "err_workbook_unpacked": lambda mp: _patched(mp, "calc.readers.raw.MAX_UNCOMPRESSED_BYTES", 100, _workbook()),
    "err_workbook_compressed": lambda mp: _compressed(mp),
    "err_workbook_unreadable": lambda mp: _read(_zip(**{"xl/workbook.xml": b"<kaputt"}), filename="kunden.xlsx"),
    "err_workbook_no_sheets": lambda mp: _no_sheets(mp),
    "err_sheet_number": lambda mp: _read(_workbook(), filename="kunden.xlsx", sheet=5),
    "err_sheet_missing": lambda mp: _read(_workbook(), filename="kunden.xlsx", sheet="Umsätze"),
    "err_sheet_unreadable": lambda mp: _sheet_unreadable(mp),
    "err_workbook_no_data": lambda mp: _read(xlsx_from_sheet_xml(sheet_xml("")), filename="kunden.xlsx"),
    "err_file_too_large_memory": lambda mp: _patched_read(mp, MemoryError()),
    "err_file_unreadable": lambda mp: _patched_read(mp, RuntimeError("kaputt")),
    "err_no_customer_id": lambda mp: _read(_csv("Kd;Betrag lfd. Jahr\n1;5\n")),
    "err_no_usable_lines": lambda mp: _read(_csv("Kundennummer;Datum;Betrag\n1;kein Datum;x\n")),
    "err_header_twice": lambda mp: _read(_csv("Kundennummer;Umsatz;Umsatz\n1;5;6\n")),
    "err_mapping_unknown_target": lambda mp: _read(_csv("Kundennummer;Umsatz\n1;5\n"), mapping={"Umsatz": "quatsch"}),
    "err_cell_too_long": lambda mp: _read(_csv("Kundennummer;Umsatz;Notiz\n1;5;" + "x" * 10_001 + "\n")),
    "err_no_usable_rows": lambda mp: _read(_csv("Kundennummer;Umsatz\n1\x00;5\n2\x00;6\n")),
    "err_header_only": lambda mp: _read(_csv("Kundennummer;Umsatz\n")),
    "err_mixed_separators": lambda mp: _read(_csv("Kundennummer,Name,Umsatz\n" + "".join(
        f"{i};Name {i};{i}00\n" if i % 2 else f"{i},Name {i},{i}00\n" for i in range(1, 41)))),
    "err_short_rows": lambda mp: _read(_csv("Kundennummer;Name;Umsatz\n1;A\n")),
    "err_no_id_values": lambda mp: _read(_csv("Kundennummer;Umsatz\n;5\n;6\n")),
    "err_no_revenue_column": lambda mp: _read(_csv("Kundennummer;Name\n1;A\n")),
    "err_duplicate_ids": lambda mp: _read(_csv("Kundennummer;Umsatz\n" + "".join(f"{i % 7};{i}\n" for i in range(20)))),
    "err_sheet_xml_tag": lambda mp: _long_tag(mp),
    # limits and configuration
    "err_limit_not_positive": lambda mp: check_positive(_limits_with(rows=0)),
    "err_env_not_number": lambda mp: positive_from_env({"x": "SA_X"}, {"SA_X": "viel"}, floats=("x",)),
    "err_env_not_whole": lambda mp: positive_from_env({"x": "SA_X"}, {"SA_X": "1,5"}),
    "err_env_not_positive": lambda mp: positive_from_env({"x": "SA_X"}, {"SA_X": "-3"}),
    # command line
    "err_map_form": lambda mp: cli.load_inputs(_cli_args(str(ROOT / "sample_data" / "kunden.csv"), mapping=["Kd"])),
    "err_file_missing": lambda mp: cli.load_inputs(_cli_args(str(ROOT / "fehlt.csv"))),
    # large logs read in blocks, and the Parquet file of `python -m calc aggregate`
    "err_log_not_csv": lambda mp: read_log(_written("log.xlsx", (ROOT / "sample_data" / "customers_en.xlsx").read_bytes())),
    "err_log_is_customer_table": lambda mp: read_log(ROOT / "sample_data" / "kunden.csv"),
    "err_parquet_unreadable": lambda mp: read_data(b"PAR1 not really parquet", filename="kunden.parquet"),
    "err_parquet_column_type": lambda mp: read_data(_parquet({"customer_id": ["K1"], "revenue": [5.0],
                                                               "extra": [{"a": 1}]}), filename="kunden.parquet"),
    "err_cannot_write": lambda mp: cli._export(argparse.Namespace(
        xlsx=None, html=None, assignments_out=str(ROOT / "no-such-dir" / "reps.csv"), roster=None, lang="de",
        scenario=None, data="kunden.csv", currency="EUR",
        seed=0), _customers(), Assumptions(), compute(_customers(), Assumptions())),
    "err_currency": lambda mp: texts.check_currency("Euro"),
    "err_plan_unreadable": lambda mp: cli._read_plan(ROOT / "no-such-dir" / "plan.json"),
    # tables handed to the model
    "err_no_customer_id_column": lambda mp: compute(pd.DataFrame({"Kunde": ["1"], "revenue": [1.0]}), Assumptions()),
    "err_no_revenue_in_table": lambda mp: compute(pd.DataFrame({"customer_id": ["1"]}), Assumptions()),
    "err_line_arrays": lambda mp: levers.order_arrays([0, 1], np.array(["2025-01-01"], "datetime64[D]"), [1.0],
                                                      n_customers=2),
    "err_customer_code": lambda mp: levers.order_arrays([5], np.array(["2025-01-01"], "datetime64[D]"), [1.0],
                                                        n_customers=2),
    "err_order_codes": lambda mp: levers.order_arrays([0], np.array(["2025-01-01"], "datetime64[D]"), [1.0],
                                                      [1, 2], n_customers=2),
    "err_lines_columns": lambda mp: levers.order_figures(pd.DataFrame({"customer_id": ["1"]})),
    "err_order_arrays": lambda mp: levers.small_orders([1.0], [0.3], ["small"], min_order_value_eur=50.0,
                                                       order_customer=[0, 0], order_value_eur=[1.0]),
    "err_order_code_unknown": lambda mp: levers.small_orders([1.0], [0.3], ["small"], min_order_value_eur=50.0,
                                                             order_customer=[3], order_value_eur=[1.0]),
    "err_policy_unknown": lambda mp: levers.policy_effect(
        "magic", orders=1.0, cm_value_eur=1.0, affected_cm_revenue_eur=1.0, cost_per_order=1.0, surcharge_eur=1.0,
        consolidation_share=0.5, policy_churn=0.1),
    "err_horizon_whole": lambda mp: levers.digital_savings([1.0], settings=levers.LeverSettings(), horizon_years=2.5,
                                                           ramp_year1=0.5),
    "err_values_missing": lambda mp: levers.lever_figures(pd.DataFrame({"customer_id": ["1"]}), **_LEVER_ARGS),
    "err_values_count": lambda mp: levers.lever_figures(pd.DataFrame({"customer_id": ["1", "2"]}),
                                                        revenue=[1.0, 2.0, 3.0], **_LEVER_ARGS),
    "err_orders_columns": lambda mp: levers.order_rows(_customers(), pd.DataFrame({"customer_id": ["K001"]})),
    "err_table_ids_twice": lambda mp: levers.order_rows(
        pd.DataFrame({"customer_id": ["1", "1"]}), pd.DataFrame({"customer_id": ["1"], "order_value_eur": [1.0]})),
    "err_order_customer_unknown": lambda mp: levers.order_rows(
        _customers(), pd.DataFrame({"customer_id": ["X9"], "order_value_eur": [1.0]})),
    "err_reps_whole": lambda mp: assign_reps(compute(_customers(), Assumptions()), reps=0),
    "err_lang": lambda mp: texts.check_lang("fr"),
    # Monte Carlo and sensitivity
    "err_tri_not_number": lambda mp: TriangularRange("viel", 1, 2),
    "err_tri_not_finite": lambda mp: TriangularRange(float("nan"), 1, 2),
    "err_tri_order": lambda mp: TriangularRange(0.05, 0.03, 0.02),
    "err_mc_unknown": lambda mp: TriangularRange(1, 2, 3).check("quatsch"),
    "err_mc_fixed": lambda mp: TriangularRange(1, 2, 3).check("potential_method"),
    "err_mc_outside": lambda mp: TriangularRange(0.5, 0.9, 1.5).check("capture_rate"),
    "err_mc_draws": lambda mp: simulate(_customers(), Assumptions(), {}, draws=0),
    "err_mc_range_type": lambda mp: simulate(_customers(), Assumptions(), {"capture_rate": (0.01, 0.02, 0.03)}),
    "err_unknown_assumption": lambda mp: Assumptions.from_dict({"quatsch": 1}),
    "err_sens_not_numeric": lambda mp: break_even(_customers(), Assumptions(), "potential_method"),
    "err_not_derived": lambda mp: (mp.setattr(Assumptions, "replace", lambda self, **changes: self),
                                   derived_value(Assumptions(), "capture_rate")),
    "err_sens_relative": lambda mp: tornado(_customers(), Assumptions(), relative=-1.0),
    "err_be_bound_missing": lambda mp: break_even(_customers(), Assumptions(), "setup_cost", upper=float("inf")),
    "err_be_bound_outside": lambda mp: break_even(_customers(), Assumptions(), "capture_rate", upper=2.0),
    "err_be_order": lambda mp: break_even(_customers(), Assumptions(), "capture_rate", lower=0.5, upper=0.1),
    # rep roster
    "err_roster_no_name": lambda mp: roster_from_text("Kürzel;Gebiet\nAB;Nord\n"),
    "err_roster_capacity": lambda mp: roster_from_text("name;capacity\nAnna;viele\n"),
    "err_roster_twice": lambda mp: roster_from_text("name\nAnna\nanna\n"),
    "err_roster_workbook": lambda mp: read_roster(b"PK\x03\x04 abgeschnitten", filename="team.xlsx"),
    "err_roster_unreadable": lambda mp: _roster_parser_error(mp),
    # assumptions and scenarios
    "err_assumption_bad": lambda mp: Assumptions(capture_rate=1.5),
    "err_set_form": lambda mp: parse_assignments(["capture_rate"]),
    "err_in_source": lambda mp: Assumptions.from_json('{"capture_rate": 2}'),
    "err_scenario_not_object": lambda mp: Assumptions.from_json("[1, 2]"),
    "err_scenario_unreadable": lambda mp: Assumptions.load(ROOT / "no-such-dir" / "szenario.json"),
    "err_json_invalid": lambda mp: Assumptions.from_json("{"),
    "err_scn_name_empty": lambda mp: compare(_customers(), {" ": Assumptions(), "b": Assumptions()}),
    "err_scn_not_assumptions": lambda mp: compare(_customers(), {"a": 1, "b": Assumptions()}),
    "err_cmp_too_few": lambda mp: compare(_customers(), {"a": Assumptions()}),
    "err_cmp_too_many": lambda mp: compare(_customers(), {str(i): Assumptions() for i in range(5)}),
    "err_scn_not_object": lambda mp: scenarios_from_json("[1]"),
    "err_scn_version": lambda mp: scenarios_from_json('{"version": 2, "scenarios": []}'),
    "err_scn_list": lambda mp: scenarios_from_json('{"scenarios": []}'),
    "err_scn_neither": lambda mp: scenarios_from_json("{}"),
    "err_scn_item_object": lambda mp: scenarios_from_json('{"scenarios": [1]}'),
    "err_scn_no_name": lambda mp: scenarios_from_json('{"scenarios": [{"assumptions": {}}]}'),
    "err_scn_name_twice": lambda mp: scenarios_from_json('{"scenarios": [{"name": "a"}, {"name": "a"}]}'),
    "err_scn_assumptions_object": lambda mp: scenarios_from_json('{"scenarios": [{"name": "a", "assumptions": 1}]}'),
    "err_in_scenario": lambda mp: scenarios_from_json(
        '{"scenarios": [{"name": "Basis", "assumptions": {"capture_rate": 2}}]}',
        source=Msg("err_src_scenario_file", file="szenarien.json")),
    "err_link_too_many": lambda mp: encode_comparison({str(i): Assumptions() for i in range(5)}),
    "err_link_type": lambda mp: decode_comparison(5),
    "err_link_empty": lambda mp: decode_comparison(" "),
    "err_link_chars": lambda mp: decode_comparison("kein Link!"),
    "err_link_long": lambda mp: decode_comparison("A" * (64 * 1024 + 1)),
    "err_link_code": lambda mp: decode_comparison("A"),
    "err_link_damaged": lambda mp: decode_comparison(base64.urlsafe_b64encode(b"kein zlib").decode()),
    "err_link_big": lambda mp: decode_comparison(_link(b"0" * (70 * 1024))),
    "err_link_truncated": lambda mp: decode_comparison(_link({"v": 1, "s": [["a", {}]]})[:12]),
    "err_link_no_data": lambda mp: decode_comparison(_link(b"\xff\xfe\xfd")),
    "err_link_version": lambda mp: decode_comparison(_link({"v": 2, "s": []})),
    "err_link_entry": lambda mp: decode_comparison(_link({"v": 1, "s": [1]})),
    "err_link_none": lambda mp: decode_comparison(_link({"v": 1, "s": []})),
    "err_link_count": lambda mp: decode_comparison(_link({"v": 1, "s": [[str(i), {}] for i in range(5)]})),
    # plan files and tracking
    "err_plan_not_utf8": lambda mp: Plan.from_json(b"\xff\xfe\xfa"),
    "err_plan_not_json": lambda mp: Plan.from_json("{"),
    "err_plan_no_format": lambda mp: Plan.from_json('{"version": 1}'),
    "err_plan_version": lambda mp: Plan.from_json(json.dumps({"format": PLAN_FORMAT, "version": 99})),
    "err_plan_damaged": lambda mp: _broken_plan(_set("data_year", "2025")),
    "err_plan_year_unnamed": lambda mp: make_plan(compute(_customers(yearly=False), Assumptions())),
    "err_plan_unassigned": lambda mp: _unassigned_plan(),
    "err_volume_positive": lambda mp: track(_plan(), _later(), market_volume_segment_eur=-5),
    "err_track_duplicate": lambda mp: track(_plan(), pd.concat([_later(), _later().head(1)])),
    "err_track_no_year": lambda mp: track(_plan(), _customers(yearly=False)),
    "err_track_not_later": lambda mp: track(_plan(), _customers()),
}

#: every way a plan file can be damaged (err_plan_damaged with each err_pd_* part)
DAMAGES = {
    "err_pd_year": _set("data_year", "2025"),
    "err_pd_assumptions": _set("assumptions", [1]),
    "err_pd_invalid": _set("assumptions", {"capture_rate": 2}),
    "err_pd_team": _set("team", 3),
    "err_pd_whole": _set("team.reps", -1),
    "err_pd_non_negative": _set("team.annual_cost_eur", -1),
    "err_pd_numbers": _set("cash_flows_eur", ["viel"]),
    "err_pd_customers": _set("customers", {}),
    "err_pd_object": _set("customers.0", 1),
    "err_pd_lacks": _drop("customers", "potential_eur"),
    "err_pd_text": _set("customers.0.customer_id", " "),
    "err_pd_number": _set("customers.0.potential_eur", "viel"),
    "err_pd_text_or_null": _set("customers.0.inside_rep", 5),
    "err_pd_twice": lambda data: data["customers"].append(dict(data["customers"][0])),
}


def _later() -> pd.DataFrame:
    frame = _customers()
    return frame.rename(columns={"revenue_2024": "revenue_2025", "revenue_2025": "revenue_2026"})


def _unassigned_plan() -> None:
    result = compute(_customers(), Assumptions())
    reps = assign_reps(result)
    make_plan(result, assignments=reps.iloc[1:])


def _limits_with(**changes) -> object:
    limits = Limits()
    for name, value in changes.items():
        object.__setattr__(limits, name, value)
    return limits


def _patched(mp, target: str, value: object, data: bytes) -> None:
    mp.setattr(target, value)
    _read(data, filename="kunden.xlsx")


def _patched_read(mp, exc: BaseException) -> None:
    mp.setattr("calc.readers._read", _raise(exc))
    _read(_csv("Kundennummer;Umsatz\n1;5\n"))


def _pandas_csv(mp, data: bytes) -> None:
    """The pandas reader (pyarrow refused the file) meets a row it cannot parse."""
    mp.setattr("calc.readers.raw._pyarrow_csv", lambda *a, **k: None)
    _read(data)


def _csv_parser_error(mp) -> None:
    import pandas as pd_

    mp.setattr("calc.readers.raw._pyarrow_csv", lambda *a, **k: None)
    mp.setattr(pd_, "read_csv", _raise(pd_.errors.ParserError("Error tokenizing data. C error: out of memory")))
    _read(_csv("Kundennummer;Umsatz\n1;5\n"))


def _compressed(mp) -> None:
    """A workbook with a part of 11 MB of zeros: packed a thousand times smaller (a zip bomb's mark)."""
    book = zipfile.ZipFile(io.BytesIO(_workbook()))
    parts = {info.filename: book.read(info) for info in book.infolist()}
    _read(_zip(**parts, **{"xl/media/leer.bin": bytes(11_000_000)}), filename="kunden.xlsx")


def _no_sheets(mp) -> None:
    class Book:
        sheet_names: list[str] = []

    mp.setattr("python_calamine.CalamineWorkbook", _FakeCalamine(Book()))
    _read(_workbook(), filename="kunden.xlsx")


class _FakeCalamine:
    def __init__(self, book) -> None:
        self.book = book

    def from_filelike(self, *args, **kwargs):
        return self.book


def _sheet_unreadable(mp) -> None:
    class Book:
        sheet_names = ["Kunden"]

        def get_sheet_by_name(self, name):
            raise ValueError("kaputt")

    mp.setattr("python_calamine.CalamineWorkbook", _FakeCalamine(Book()))
    _read(_workbook(), filename="kunden.xlsx")


def _long_tag(mp) -> None:
    mp.setattr("calc.precheck.MAX_TAG_BYTES", 32)
    mp.setattr("calc.precheck.CHUNK_BYTES", 16)
    cells = '<row r="1"><c r="A1" t="inlineStr" s="' + "0" * 200 + '"><is><t>Kundennummer</t></is></c></row>'
    _read(xlsx_from_sheet_xml(("Kunden", sheet_xml(cells))), filename="kunden.xlsx")


def _roster_parser_error(mp) -> None:
    mp.setattr("calc.roster.pd.read_csv", _raise(ValueError("kaputt")))
    roster_from_text("name\nAnna\n")


# --------------------------------------------------------------------------------- checking a message
def _raw_values(values: dict) -> list[str]:
    """The values of a message that come from outside (a file name, a cell, a system message), recursively."""
    out: list[str] = []
    for v in values.values():
        if isinstance(v, CalcError):
            out += _raw_values(v.values)
        elif isinstance(v, Msg):
            out += _raw_values(v.values)
        elif isinstance(v, list):
            out += [str(x) for x in v if not isinstance(x, Msg)]
            out += [s for x in v if isinstance(x, Msg) for s in _raw_values(x.values)]
        elif isinstance(v, str) and not hasattr(v, "message"):
            out.append(v)
    return out


def _keys(error: CalcError | Msg) -> set[str]:
    """The catalogue keys a message is made of (its own and those of its parts)."""
    found = {error.key} if error.key else set()
    if isinstance(error, DataError):
        found |= {k for k, v in (("err_where_file", error.file), ("err_where_row", error.row),
                                 ("err_where_column", error.column)) if v is not None}
    for v in error.values.values():
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, (CalcError, Msg)):
                found |= _keys(item)
    return found


def _english_left(text: str, values: dict) -> list[str]:
    for raw in sorted(_raw_values(values), key=len, reverse=True):
        if len(raw) > 1:
            text = text.replace(raw, " … ")
    return [marker for marker in ENGLISH if marker in f" {text} "]


def _assert_german(error: CalcError | Msg, key: str) -> str:
    german = error.message("de")
    assert render(key, "de", error.values) in german, "not the German catalogue text"
    assert german != error.message("en")
    assert not _english_left(german, error.values), f"English in {german!r}"
    return german


def _raised(key: str, monkeypatch) -> CalcError:
    with pytest.raises(CalcError) as info:
        TRIGGERS[key](monkeypatch)
    return info.value


# --------------------------------------------------------------------------------- the tests
def _catalogue_err_keys() -> set[str]:
    return {k for k in texts.DE if k.startswith("err_")}


def _top_keys() -> set[str]:
    return {k for k in _catalogue_err_keys() if not k.startswith(PART_PREFIXES) and k not in PART_KEYS}


class TestEveryErrorInGerman:
    def test_every_error_key_has_a_trigger(self):
        assert set(TRIGGERS) == _top_keys()

    @pytest.mark.parametrize("key", sorted(TRIGGERS))
    def test_the_error_speaks_german(self, key, monkeypatch):
        error = _raised(key, monkeypatch)
        assert error.key == key
        _assert_german(error, key)
        assert str(error) == error.message("en")

    @pytest.mark.parametrize("part", sorted(DAMAGES))
    def test_every_damaged_plan_speaks_german(self, part):
        with pytest.raises(CalcError) as info:
            _broken_plan(DAMAGES[part])
        assert part in _keys(info.value)
        _assert_german(info.value, "err_plan_damaged")

    def test_every_part_of_a_message_is_reached(self, monkeypatch):
        reached: set[str] = set()
        for key in TRIGGERS:
            with monkeypatch.context() as mp:
                reached |= _keys(_raised(key, mp))
        for part in DAMAGES:
            with pytest.raises(CalcError) as info:
                _broken_plan(DAMAGES[part])
            reached |= _keys(info.value)
        for value in ("x", None, True, float("inf"), "-5", 2.5):  # every reason an assumption is refused
            for name in ("potential_method", "include_inactive", "capture_rate", "horizon_years", "cost_per_visit",
                         "field_rep_annual_cost"):
                try:
                    Assumptions.from_dict({name: value})
                except CalcError as exc:
                    reached |= _keys(exc)
        for call in (lambda: scenarios_from_json("[1]"), lambda: Plan.from_json("{"),  # the default sources
                     lambda: break_even(_customers(), Assumptions(), "setup_cost", lower=float("-inf")),
                     lambda: encode_comparison({" ": Assumptions()})):
            reached |= _keys(_raised_plain(call))
        assert _catalogue_err_keys() - reached == set()


class TestEveryKeyIsRaised:
    def test_every_err_key_is_named_in_the_code(self):
        """Each err_* text is written for a raise: its key (or its prefix and the rest) is in calc/ outside texts.py."""
        constants: set[str] = set()
        for path in (ROOT / "calc").rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if path.name == "texts.py":  # its code, not its catalogue
                tree.body = [n for n in tree.body if not (isinstance(n, ast.AnnAssign) and n.target.id in ("DE", "EN"))]
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    constants.add(node.value)
        prefixes = {c for c in constants if c.startswith("err_") and c.endswith("_")}
        unused = [k for k in _catalogue_err_keys()
                  if k not in constants and not any(k.startswith(p) and k[len(p):] in constants for p in prefixes)]
        assert not unused

    def test_no_error_in_calc_is_raised_without_a_key(self):
        """No ``SomeError("english text")`` left in calc/: every raise of a named error passes ``key=``."""
        named = {"CalcError", "DataError", "AssumptionError", "ScenarioError", "PlanError"}
        bare = []
        for path in (ROOT / "calc").rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in named
                        and not any(k.arg == "key" for k in node.keywords) and path.name != "errors.py"):
                    bare.append(f"{path.name}:{node.lineno}")
        assert not bare


class TestReadingReportInGerman:
    """Problem reasons and warnings of the reading report: a Msg each, German with message("de")."""

    FILES = {
        "short.csv": _csv("Kundennummer;Name;Umsatz\n" + "".join(f"{i};N{i};{i}00\n" for i in range(1, 30)) + "30;A\n"),
        "nul.csv": _csv("Kundennummer;Umsatz\n" + "".join(f"{i};{i}00\n" for i in range(1, 30)) + "30\x00;5\n"),
        "short_other.csv": _csv("Kundennummer;Name;Umsatz\n" + "".join(f"{i};N{i};{i}00\n" for i in range(1, 200))
                                + "200,A,5\n201\tB\t6\n202|C|7\n"),
        "nuls.csv": _csv("Kundennummer;Umsatz\n" + "".join(f"{i};{i}00\n" for i in range(1, 30)) + "30\x00;5\n31;\x006\n"),
        "cells.csv": _csv("Kundennummer;Umsatz;Marge;Mitarbeiter;Letzte Bestellung\n1;abc;150;-3;gestern\n"
                          "2;5;20;viele;\n"),
        "six_years.csv": _csv("Kundennummer;" + ";".join(f"Umsatz {y}" for y in range(2020, 2026)) + "\n1;" +
                              ";".join("5" for _ in range(2020, 2026)) + "\n"),
        "twice.csv": _csv("Kundennummer;Umsatz;Umsatz 2024;Umsatz 2025;Kunde\n1;5;4;5;2\n"),
        "amount.csv": _csv("Kundennummer;Betrag\n1;5\n"),
        "unnamed.csv": _csv("Kundennummer;;Umsatz\n1;x;5\n"),
        "years.csv": _csv("Kundennummer;" + ";".join(f"Umsatz {y}" for y in range(2010, 2026)) + "\n1;" +
                          ";".join("5" for _ in range(2010, 2026)) + "\n"),
        "lines.csv": _csv("Kundennummer;Datum;Betrag;Menge;Einzelpreis\n1;2025-03-01;x;2;3\n1;2025-03-02;5;1;5\n"
                          "2;kein;5;1;5\n2;;5;1;5\n3;2025-03-01;;1;5\n"),
        "qty.csv": _csv("Kundennummer;Datum;Menge;Einzelpreis\n1;2025-03-01;x;3\n1;2025-03-02;1;y\n2;2025-03-02;1;2\n"),
        "margin.csv": _csv("Kundennummer;Umsatz;DB-Quote\n1;500;25\n2;600;30\n"),
    }

    def _messages(self) -> list[Msg]:
        found: list[Msg] = []
        for name, data in self.FILES.items():
            mapping = {"Nicht da": "name"} if name == "amount.csv" else None
            read = read_data(data, filename=name, mapping=mapping)
            found += list(read.report.warnings) + [p.reason for p in read.report.problems]
            found += [c for c in read.report.columns_ignored if isinstance(c, Msg)]  # a column without header
        return found

    def test_every_reason_and_warning_is_german(self):
        messages = self._messages()
        assert messages and all(isinstance(m, Msg) for m in messages)
        for m in messages:
            german = m.message("de")
            assert german != str(m)
            assert not _english_left(german, m.values), f"English in {german!r}"

    def test_every_reading_text_is_reached(self, monkeypatch):
        reached: set[str] = set()
        for m in self._messages():
            reached |= _keys(m)
        for key in TRIGGERS:  # the row lists and separators inside errors
            with monkeypatch.context() as mp:
                reached |= _keys(_raised(key, mp))
        reading = {k for k in texts.DE if k.startswith(("rd_", "sep_"))}
        assert reading - reached == {"sep_none"}  # the label of a separator the sniffer never picks

    def test_the_problem_table_and_the_json_report_keep_their_languages(self):
        read = read_data(self.FILES["cells.csv"], filename="cells.csv")
        de = read.report.problems_frame(lang="de")["reason"].tolist()
        en = read.report.problems_frame()["reason"].tolist()
        assert "keine Zahl; der Umsatz gilt als fehlend" in de
        assert "not a number; the revenue is treated as missing" in en
        assert json.dumps(read.report.to_dict())  # still plain JSON, in English

    def test_a_reason_survives_the_worker_process(self):
        import pickle

        read = read_data(self.FILES["short.csv"], filename="short.csv")
        back = pickle.loads(pickle.dumps(read.report))
        assert [p.reason.message("de") for p in back.problems] == [p.reason.message("de") for p in read.report.problems]
        assert back.warnings[0].message("de").startswith("1 Zeile der Datei „short.csv“")


class TestMessageMechanics:
    def test_numbers_follow_the_language(self):
        error = DataError(key="err_too_many_rows", values={"rows": 1_500_000, "max_rows": 1_000_000}, file="k.csv")
        assert "1.500.000 Datenzeilen; höchstens 1.000.000" in error.message("de")
        assert "1,500,000 data rows; at most 1,000,000" in str(error)

    def test_where_prefix_is_german(self):
        error = DataError(key="err_header_only", file="k.csv", row=1234, column="Umsatz")
        assert error.message("de").startswith("Datei „k.csv“, Zeile 1234, Spalte „Umsatz“: ")
        assert str(error).startswith("file 'k.csv', row 1234, column 'Umsatz': ")

    def test_a_nested_error_renders_in_the_outer_language(self):
        with pytest.raises(CalcError) as info:
            Assumptions.from_json('{"capture_rate": 2}', source=Msg("err_src_scenario_file", file="s.json"))
        assert info.value.message("de").startswith("Szenariodatei „s.json“: Ausschöpfungsrate („capture_rate“) = 2: zu groß")

    def test_an_error_survives_the_worker_process(self):
        import pickle

        error = _raised_plain(lambda: Assumptions.from_json('{"capture_rate": 2}'))
        back = pickle.loads(pickle.dumps(error))
        assert back.message("de") == error.message("de") and str(back) == str(error)

    def test_message_of_plain_text_is_the_text(self):
        assert message_of("plain", "de") == "plain"
        assert message_of(ValueError("x"), "de") == "x"


def _raised_plain(call: Callable[[], object]) -> CalcError:
    with pytest.raises(CalcError) as info:
        call()
    return info.value


class TestCommandLineInGerman:
    def test_error_in_german_exits_2(self, tmp_path, capsys):
        path = tmp_path / "kunden.csv"
        path.write_text("Kundennummer;Umsatz\n1;5\n1;6\n", encoding="utf-8")
        assert cli.main(["summary", str(path), "--lang", "de"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: Datei „kunden.csv“, Spalte „Kundennummer“: Kundennummern kommen mehrfach vor")

    def test_warnings_and_problem_rows_in_german(self, tmp_path, capsys):
        path = tmp_path / "kunden.csv"
        path.write_text("Kundennummer;Umsatz\n1;abc\n2;100\n", encoding="utf-8")
        assert cli.main(["summary", str(path), "--lang", "de"]) == 0
        err = capsys.readouterr().err
        assert "Zeile 2, Spalte „Umsatz“: 'abc': keine Zahl; der Umsatz gilt als fehlend" in err
        assert "could not be used" not in err

    def test_english_stays_the_default(self, tmp_path, capsys):
        path = tmp_path / "kunden.csv"
        path.write_text("Kundennummer;Umsatz\n1;5\n1;6\n", encoding="utf-8")
        assert cli.main(["summary", str(path)]) == 2
        assert "customer ids appear more than once" in capsys.readouterr().err

    def test_plan_command_takes_the_language(self, tmp_path, capsys):
        assert cli.main(["plan", str(tmp_path / "fehlt.csv"), "-o", str(tmp_path / "p.json"), "--lang", "de"]) == 2
        assert "Die Datei gibt es nicht" in capsys.readouterr().err


class TestAppInGerman:
    """The app in German: a broken upload's error, its problem rows and warnings, all German."""

    @staticmethod
    def _upload(name: str, data: bytes):
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.context["locale"] = "de-DE"
        at.run()
        at.switch_page("pages/data.py").run()
        at.file_uploader(key="upload").upload(name, data, "text/csv").run()
        assert not at.exception
        return at

    @staticmethod
    def _plain(text: str) -> str:
        return text.replace("\\", "")

    def test_a_broken_file_shows_a_german_error(self):
        at = self._upload("kunden.csv", _csv("Kundennummer;Umsatz\n1;5\n1;6\n2;7\n"))
        assert len(at.error) == 1
        shown = self._plain(at.error[0].value)
        assert "Datei „kunden.csv“, Spalte „Kundennummer“: Kundennummern kommen mehrfach vor: „1“ (Zeilen 2, 3)" in shown
        assert not [m for m in ENGLISH if m in shown.replace("kunden.csv", "")], shown

    def test_a_file_without_a_customer_number_says_so_in_german(self):
        at = self._upload("export.csv", _csv("Kd;Umsatz lfd. Jahr\n1;5\n"))
        shown = self._plain(at.error[0].value)
        assert "Keine Spalte mit der Kundennummer gefunden" in shown and "no customer id" not in shown

    def test_problem_rows_and_warnings_are_german(self):
        at = self._upload("probleme.csv", _csv("Kundennummer;Umsatz;Umsatz 2024;Umsatz 2025\n1;5;4;k.A.\n2;5;4;3\n"))
        problems = next(d.value for d in at.dataframe if "Grund" in d.value.columns)
        assert problems["Grund"].tolist() == ["keine Zahl; der Umsatz gilt als fehlend"]
        texts_shown = [t.value for t in at.text]
        assert any(t.startswith("Die Datei hat sowohl eine Umsatzspalte „Umsatz“") for t in texts_shown), texts_shown

    def test_the_scenario_uploader_names_its_real_limit(self):
        """Not Streamlit's 50 MB: the label says 256 KB, the widget's own cap is its smallest, 1 MB."""
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.context["locale"] = "de-DE"
        at.run()
        at.switch_page("pages/scenarios.py").run()
        widget = at.file_uploader(key="scn_upload")
        assert widget.proto.label == "Szenario-Datei (JSON, höchstens 256 KB) hochladen"
        assert widget.proto.max_upload_size_mb == 1
