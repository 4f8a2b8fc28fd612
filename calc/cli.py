"""Headless use: ``python -m calc summary DATA [--scenario F.json] [--set name=value ...]``.

``python -m calc export DATA [...] [--lang de|en] --xlsx out.xlsx --html out.html
--assignments out.csv`` writes the exports (each optional, at least one required).

``python -m calc aggregate LOG [--map ...] -o customers.parquet`` reads a transaction log of any
length in blocks and writes the canonical customer table with each customer's order values
(:mod:`calc.readers.parquet`), which every command and the app accept as input.

``python -m calc plan DATA [...] -o PLAN.json`` writes the approved plan (spec
``tracking.md``); ``python -m calc track PLAN.json NEW_DATA [--set
market_volume_segment=EUR --set market_volume_total=EUR]`` prints the plan against
the actual year as one JSON object.

Prints the spec's JSON object on stdout (with the lever blocks of ``levers.md``); the reading
report's warnings and the lever notes (e.g. cost to serve covers visits only) go to stderr.
Bad data or a bad assumption exits with status 2 and the message the app shows.
The file is read in a worker process under the limits of :mod:`calc.limits` (the
app's limits), so a hostile file ends in that message too, never in a crash. A CSV
transaction log is the exception: it is read in blocks in this process
(:func:`calc.readers.stream.read_log`, memory bounded by the customers and the last 12
months of lines), so neither the size nor the row limit applies to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .assumptions import Assumptions, parse_assignments
from .errors import CalcError, DataError, Msg, message_of, render
from .levers import message as lever_message
from .limits import Limits
from .model import compute
from .precheck import check_size

__all__ = ["main"]

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m calc",
        description="Business case for small-customer management, without the app.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    summary = sub.add_parser("summary", help="print the key figures as one JSON object")
    _add_common(summary)
    summary.add_argument("--indent", type=int, default=2, help="JSON indentation (0: one line)")
    summary.add_argument("--lang", choices=("de", "en"), default="en", help="language of errors and warnings")
    export = sub.add_parser("export", help="write the Excel workbook, the HTML one-pager and/or the rep assignment")
    _add_common(export)
    export.add_argument("--lang", choices=("de", "en"), default="en", help="language of the exports, errors and warnings")
    export.add_argument("--xlsx", metavar="OUT.xlsx", help="workbook with live formulas")
    export.add_argument("--html", metavar="OUT.html", help="self-contained HTML one-pager")
    export.add_argument("--seed", type=int, default=0, help="seed of the report's Monte Carlo run (default 0)")
    export.add_argument("--currency", default="EUR", help="ISO 4217 code money is shown in (default EUR; not converted)")
    export.add_argument("--assignments", dest="assignments_out", metavar="OUT.csv",
                        help="covered customers assigned to inside-sales reps (CSV; .xlsx writes a workbook)")
    export.add_argument("--roster", metavar="REPS.csv",
                        help="reps for the hand-over (CSV/XLSX: name, crm_user, region, capacity); "
                             "placeholder reps only for the rest")
    aggregate = sub.add_parser(
        "aggregate", help="aggregate a transaction log of any length to the customer table (Parquet)",
        description="Read a transaction log (CSV, any length, in blocks) and write the canonical customer table "
                    "with orders_12m, lines_12m and each customer's order values in the 12-month window as one "
                    "Parquet file, small enough to upload to the app or to use with every command.")
    aggregate.add_argument("data", metavar="LOG", help="transaction log (CSV; a customer table or XLSX is read as usual)")
    aggregate.add_argument("-o", "--output", required=True, metavar="OUT.parquet", help="the Parquet file to write")
    aggregate.add_argument("--map", dest="mapping", action="append", default=[], metavar="Header=column",
                           help="map a header of the file to a model column (repeatable)")
    aggregate.add_argument("--sheet", help="worksheet name of an XLSX file (default: the first with data)")
    aggregate.add_argument("--lang", choices=("de", "en"), default="en", help="language of errors and warnings")
    aggregate.set_defaults(scenario=None, assignments=[])
    _add_tracking_commands(sub)
    return parser


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", help="customer or transaction table (CSV, XLSX or Parquet from 'aggregate')")
    p.add_argument("--scenario", metavar="FILE.json", help="scenario file with assumptions")
    p.add_argument("--set", dest="assignments", action="append", default=[], metavar="name=value",
                   help="override one assumption (repeatable), e.g. --set capture_rate=0.05")
    p.add_argument("--map", dest="mapping", action="append", default=[], metavar="Header=column",
                   help="map a header of the file to a model column (repeatable), e.g. --map 'Kd Nr=customer_id'")
    p.add_argument("--sheet", help="worksheet name of an XLSX file (default: the first with data)")


def _mapping(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        header, sep, column = item.rpartition("=")
        if not sep or not header.strip():
            raise DataError(key="err_map_form", values={"item": item})
        out[header.strip()] = column.strip()
    return out


def load_inputs(args: argparse.Namespace):
    """Read the data file (:func:`read_file`) and the scenario."""
    assumptions = Assumptions.load(args.scenario) if args.scenario else Assumptions()
    if args.assignments:
        assumptions = Assumptions.from_dict(parse_assignments(args.assignments), base=assumptions)
    path = Path(args.data)
    if not path.is_file():
        raise DataError(key="err_file_missing", file=str(path))
    return read_file(path, mapping=_mapping(args.mapping) or None, sheet=args.sheet), assumptions


def read_file(path: Path, *, mapping: dict[str, str] | None, sheet: str | None):
    """Read a data file: a CSV transaction log in blocks (any length), anything else in the worker process."""
    from .isolate import IsolatedReader
    from .readers.stream import is_transaction_log, read_head, read_log

    head = read_head(path) if sheet is None else None
    if head is not None and is_transaction_log(head, mapping):
        return read_log(path, mapping=mapping, limits=Limits.from_env())
    reader = IsolatedReader(Limits.from_env(), max_parallel=1, start_method="fork", nice=0)
    check_size(path.stat().st_size, filename=path.name, limits=reader.limits)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(key="err_file_unopenable", values={"reason": exc.strerror or str(exc)}, file=path.name) from None
    return reader.read(raw, filename=path.name, mapping=mapping, sheet=sheet)


def _export(args: argparse.Namespace, customers, assumptions, result, orders=None) -> list[Path]:
    """Write the exports named on the command line; return the paths written."""
    from .assign import assign_reps, assignments_csv, assignments_xlsx, handover, handover_warnings
    from .export_xlsx import workbook_bytes
    from .report import html_report, risk_summary
    from .roster import read_roster
    from .texts import check_currency

    outputs: list[tuple[Path, bytes]] = []
    cur = check_currency(args.currency)
    if args.xlsx:
        outputs.append((Path(args.xlsx), workbook_bytes(customers, assumptions, lang=args.lang, result=result,
                                                        orders=orders, currency=cur)))
    if args.html:
        risk = risk_summary(customers, assumptions, seed=args.seed, orders=orders)
        page = html_report(result, lang=args.lang, data_label=Path(args.data).name, risk=risk, currency=cur)
        outputs.append((Path(args.html), page.encode("utf-8")))
    if args.assignments_out:  # (args.assignments holds the --set values)
        path = Path(args.assignments_out)
        roster = read_roster(args.roster) if args.roster else None
        table = handover(result, assign_reps(result, roster=roster), effective_date=dt.date.today(),
                         scenario_name=Path(args.scenario).stem if args.scenario else "default", lang=args.lang,
                         currency=cur)
        for warning in handover_warnings(result, lang=args.lang):
            print(warning, file=sys.stderr)
        data = (assignments_xlsx(table, lang=args.lang, currency=cur) if path.suffix.lower() == ".xlsx"
                else assignments_csv(table, lang=args.lang, currency=cur))
        outputs.append((path, data))
    for path, data in outputs:
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CalcError(key="err_cannot_write", values={"path": str(path), "reason": exc.strerror}) from None
    return [path for path, _ in outputs]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command in ("plan", "track"):
        return _tracking_main(args)
    if args.command == "aggregate":
        return _aggregate_main(args)
    if args.command == "export" and not (args.xlsx or args.html or args.assignments_out):
        parser.error("export: name at least one output: --xlsx, --html or --assignments")
    try:
        read, assumptions = load_inputs(args)
        _print_reading(read, args.lang)
        result = compute(read.customers, assumptions, orders=read.orders)
        for key in result.levers.notes:  # e.g. cost to serve covers visits only
            print(f"note: {lever_message(key, args.lang)}", file=sys.stderr)
        if args.command == "export":
            for path in _export(args, read.customers, assumptions, result, read.orders):
                print(f"wrote {path}")
    except CalcError as exc:
        print(f"error: {exc.message(args.lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.command == "summary":
        print(json.dumps(result.summary(), indent=args.indent or None, ensure_ascii=False))
    return 0


def _aggregate_main(args: argparse.Namespace) -> int:
    from .readers.parquet import write_customers

    try:
        path = Path(args.data)
        if not path.is_file():
            raise DataError(key="err_file_missing", file=str(path))
        read = read_file(path, mapping=_mapping(args.mapping) or None, sheet=args.sheet)
        _print_reading(read, args.lang)
        out = Path(args.output)
        try:
            write_customers(out, read.customers, read.orders)
        except OSError as exc:
            raise CalcError(key="err_cannot_write", values={"path": str(out), "reason": exc.strerror or str(exc)}) from None
    except CalcError as exc:
        print(f"error: {exc.message(args.lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    orders = "no order values" if read.orders is None else f"{len(read.orders):,} orders in the 12-month window"
    print(f"wrote {out}: {len(read.customers):,} customers from {read.report.rows_read:,} rows, {orders}")
    return 0


# ---------------------------------------------------------------------------------
# plan and track (spec tracking.md)
# ---------------------------------------------------------------------------------
MARKET_VOLUMES = ("market_volume_segment", "market_volume_total")


def _add_tracking_commands(sub) -> None:
    plan = sub.add_parser(
        "plan", help="write the approved plan (JSON) to track it a year later",
        description="Write the approved plan: assumptions, data year, team, and per covered customer its "
                    "revenue, potential, margin, inside-sales rep, field rep and year-1 figures.")
    _add_common(plan)
    plan.add_argument("-o", "--output", required=True, metavar="PLAN.json", help="the plan file to write")
    plan.add_argument("--lang", choices=("de", "en"), default="en", help="language of errors and warnings")
    track = sub.add_parser(
        "track", help="compare a plan with a later year's data: the six checks, as one JSON object",
        description="Read PLAN.json and the later data (customer or transaction table; its latest revenue "
                    "year must be after the plan's) and print the plan against the actual year.")
    track.add_argument("plan", metavar="PLAN.json", help="plan file written by 'python -m calc plan'")
    track.add_argument("data", metavar="NEW_DATA", help="the later customer or transaction table (CSV or XLSX)")
    track.add_argument("--set", dest="assignments", action="append", default=[], metavar="name=value",
                       help="market_volume_segment=EUR and market_volume_total=EUR: market sizes of the "
                            "small-customer segment and of the whole market (not assumptions; without both "
                            "the market-share check cannot tell). Any other name overrides one of the plan's "
                            "assumptions used to segment the new data, e.g. --set revenue_threshold=9000; the "
                            "plan's own targets stay as approved")
    track.add_argument("--map", dest="mapping", action="append", default=[], metavar="Header=column",
                       help="map a header of the file to a model column (repeatable)")
    track.add_argument("--sheet", help="worksheet name of an XLSX file (default: the first with data)")
    track.add_argument("--lang", choices=("de", "en"), default="en",
                       help="language of the checks' reasons, errors and warnings")
    track.add_argument("--indent", type=int, default=2, help="JSON indentation (0: one line)")
    track.set_defaults(scenario=None)


def _print_reading(read, lang: str = "en") -> None:
    """The reading report's warnings and first problem rows on stderr, in ``lang``."""
    for warning in read.report.warnings:
        print(f"warning: {message_of(warning, lang)}", file=sys.stderr)
    if read.report.problems_total:
        print("warning: " + render("cli_problems", lang, {"count": read.report.problems_total}), file=sys.stderr)
        for pr in read.report.problems[:10]:
            where = render("err_where_row", lang, {"row": str(pr.row)}) + ", " + render(
                "err_where_column", lang, {"column": pr.column})
            print(f"  {where}: {pr.value!r}: {message_of(pr.reason, lang)}", file=sys.stderr)


def _read_plan(path: Path):
    from .errors import PlanError
    from .tracking import Plan

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError(key="err_plan_unreadable", values={"file": str(path), "reason": exc.strerror}) from None
    return Plan.from_json(data, source=Msg("err_src_plan_file", file=path.name))


def _tracking_main(args: argparse.Namespace) -> int:
    from .tracking import make_plan, track

    try:
        if args.command == "plan":
            read, assumptions = load_inputs(args)
            _print_reading(read, args.lang)
            from .assign import assign_reps, spread_text

            result = compute(read.customers, assumptions)
            assignments = assign_reps(result)  # the team planned per region (docs/model.md, step 3)
            plan = make_plan(result, source=Path(args.data).name, assignments=assignments)
            out = Path(args.output)
            try:
                out.write_text(plan.to_json(), encoding="utf-8")
            except OSError as exc:
                raise CalcError(key="err_cannot_write", values={"path": str(out), "reason": exc.strerror}) from None
            print(f"wrote {out}: {plan.covered} covered customers, {plan.reps} reps, data year {plan.data_year}")
            print(spread_text(assignments, result, lang=args.lang))
            return 0
        plan = _read_plan(Path(args.plan))
        values = parse_assignments(args.assignments)
        volumes = {name: values.pop(name) for name in MARKET_VOLUMES if name in values}
        assumptions = Assumptions.from_dict(values, base=plan.assumptions) if values else plan.assumptions
        read, _ = load_inputs(argparse.Namespace(**{**vars(args), "assignments": [], "scenario": None}))
        _print_reading(read, args.lang)
        result = track(plan, read.customers, assumptions=assumptions,
                       market_volume_segment_eur=volumes.get("market_volume_segment"),
                       market_volume_total_eur=volumes.get("market_volume_total"))
    except CalcError as exc:
        print(f"error: {exc.message(args.lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(result.to_dict(lang=args.lang), indent=args.indent or None, ensure_ascii=False))
    return 0
