"""The business case as an Excel workbook with live formulas.

:func:`workbook_bytes` writes four sheets with XlsxWriter:

* **Summary** – the key figures, each a formula referencing the Model sheet, and
  the make-or-buy choice.
* **Inputs** – every assumption (label, value, unit, name).  Each value cell is a
  workbook-level defined name equal to the assumption name (``capture_rate``,
  ``discount_rate`` ...), so formulas read like the spec.  The optional overrides
  ``cost_per_visit`` and ``revenue_threshold`` are empty cells when they are derived.
* **Customers** – one row per customer.  Data are values (text through
  :func:`calc.safe.neutralise_text` and ``write_string``, so a customer name can never
  become a formula); ``segment``, ``covered`` and ``share_of_wallet`` are live
  formulas referencing the inputs, and so is the potential for the ``homogeneous``
  method (employees x potential per employee, at least the revenue).  For the
  ``historical`` and ``data`` methods the potential is written as a value; a note
  cell says so.
* **Model** – cost per visit, care cost, revenue threshold, segment counts
  (COUNTIF), covered customers, reps (ROUNDUP), team cost, the five sums over the
  covered customers (SUMPRODUCT), and for the internal team and the provider the
  year-by-year table (t = 0..10; years beyond ``horizon_years`` are 0, so the
  horizon is live too) with NPV (sum of the discounted cash, t = 0 undiscounted as in
  the spec – not Excel's NPV(), which would discount the first value), IRR
  (``IRR()``), ROI and the payback months with the spec's linear interpolation.

All formulas use English function names.  XlsxWriter does not calculate: the
Python result of :func:`calc.model.compute` is stored as each formula's cached
value (so readers that don't calculate see the right numbers) and the file asks
for a full recalculation on open (Excel; LibreOffice needs its "recalculate on
load" option, see the tests).

The workbook is written in XlsxWriter's ``constant_memory`` mode (rows are streamed
to temporary files, memory stays flat): 100,000 customers take a few seconds and
well under 100 MB; see the module's tests for the measured time.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .assumptions import SPECS, Assumptions
from .model import SEGMENTS, ModelResult, compute
from .safe import neutralise_text, normalise_text
from .texts import SEGMENT_LABELS, check_lang, translator

__all__ = ["workbook_bytes", "write_workbook", "text_cells", "SEGMENT_LABELS", "MAX_HORIZON_ROWS", "MONEY_FORMATS",
           "TEXT_SAFE_OPTIONS"]

#: the years table always has rows t = 0..10 (the largest valid horizon)
MAX_HORIZON_ROWS = int(SPECS["horizon_years"].maximum or 10)

#: IRR() guesses tried in turn: Newton's method from 10 % does not reach strongly negative rates
_IRR_GUESSES = ("", ",-0.5", ",-0.8", ",-0.9", ",-0.95", ",-0.99")

#: XlsxWriter options that keep every text a text (no formula, number or link is made from a string)
TEXT_SAFE_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                     "strings_to_urls": False}
#: the Excel number format of an amount in euros, per language
MONEY_FORMATS = {"de": '#,##0.00 "€"', "en": '"€"#,##0.00'}

#: text columns of the Customers sheet and their headers
_TEXT_COLUMNS = {"customer_id": "col_customer_id", "name": "col_name", "industry": "col_industry",
                 "region": "col_region", "postcode": "xl_postcode", "field_rep": "col_field_rep"}


def workbook_bytes(
    customers: pd.DataFrame,
    assumptions: Assumptions,
    *,
    lang: str = "en",
    result: ModelResult | None = None,
    cached_values: bool = True,
) -> bytes:
    """The business case as an ``.xlsx`` file with live formulas.

    Parameters
    ----------
    customers
        Canonical customer table (as :func:`calc.readers.read_data` returns it).
    assumptions
        The scenario.
    lang
        ``"en"`` or ``"de"``: sheet names, labels, segment labels.
    result
        ``compute(customers, assumptions)`` if already at hand (saves one computation).
    cached_values
        Store the Python results as the formulas' cached values (default).  ``False``
        stores 0 everywhere, so only a program that recalculates shows the figures
        (the tests use it to prove that LibreOffice really recalculates).

    Returns
    -------
    bytes
        The workbook.

    Raises
    ------
    CalcError
        For an unknown ``lang``; :class:`~calc.errors.DataError` from
        :func:`~calc.model.compute` for unusable data.
    """
    buffer = io.BytesIO()
    write_workbook(buffer, customers, assumptions, lang=lang, result=result, cached_values=cached_values)
    return buffer.getvalue()


@dataclass
class _Ctx:
    wb: Any
    lang: str
    t: Callable[..., str]
    f: dict
    result: ModelResult
    cached: bool

    def v(self, value: Any) -> Any:
        """Cached value of a formula: the Python result or 0."""
        if not self.cached:
            return 0
        if value is None:
            return ""
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if isinstance(value, (int, float, np.integer, np.floating)):
            return float(value)
        return value


def write_workbook(
    target: Any,
    customers: pd.DataFrame,
    assumptions: Assumptions,
    *,
    lang: str = "en",
    result: ModelResult | None = None,
    cached_values: bool = True,
) -> None:
    """Write the workbook of :func:`workbook_bytes` to ``target`` (a path or a binary file object)."""
    check_lang(lang)
    if result is None:
        result = compute(customers, assumptions)
    t = translator(lang)
    wb = xlsxwriter.Workbook(target, {**TEXT_SAFE_OPTIONS, "nan_inf_to_errors": True})
    money = MONEY_FORMATS[lang]
    f = {
        "bold": wb.add_format({"bold": True}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "head": wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}),
        "money": wb.add_format({"num_format": money}),
        "money_bold": wb.add_format({"num_format": money, "bold": True}),
        "pct": wb.add_format({"num_format": "0.0##%"}),
        "pct_bold": wb.add_format({"num_format": "0.00%", "bold": True}),
        "int": wb.add_format({"num_format": "#,##0"}),
        "num": wb.add_format({"num_format": "#,##0.0#"}),
        "months": wb.add_format({"num_format": "0.0"}),
        "months_bold": wb.add_format({"num_format": "0.0", "bold": True}),
        "input": wb.add_format({"bg_color": "#FFF2CC", "border": 1}),
        "input_money": wb.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": money}),
        "input_pct": wb.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": "0.0##%"}),
        "input_num": wb.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": "#,##0.###"}),
        "note": wb.add_format({"italic": True, "font_color": "#595959"}),
        "text": wb.add_format({"num_format": "@"}),
    }
    ctx = _Ctx(wb, lang, t, f, result, cached_values)
    ws_summary = wb.add_worksheet(t("xl_summary"))
    ws_inputs = wb.add_worksheet(t("xl_inputs"))
    ws_customers = wb.add_worksheet(t("xl_customers"))
    ws_model = wb.add_worksheet(t("xl_model"))
    _fast_formulas(ws_customers)
    _inputs_sheet(ctx, ws_inputs, assumptions)
    last_row = _customers_sheet(ctx, ws_customers, customers)
    _model_sheet(ctx, ws_model, t("xl_customers"), last_row)
    _summary_sheet(ctx, ws_summary)
    ws_summary.activate()
    wb.set_calc_mode("auto")
    wb.close()


def _plain_formula(formula: str, expand_future_functions: bool = False) -> str:
    return formula[1:] if formula.startswith("=") else formula


def _fast_formulas(ws: Any) -> None:
    """Skip XlsxWriter's future-function expansion on ``ws`` (speed only).

    ``Worksheet._prepare_formula`` runs about 30 regular-expression substitutions per
    formula to add ``_xlfn.`` prefixes to functions introduced after Excel 2010; on
    the Customers sheet (four formulas per customer, none of them such functions) that
    was 80 % of the export time of 100,000 customers.  If a future XlsxWriter renames
    the method, the attribute is simply not used and the export stays correct.
    """
    if hasattr(ws, "_prepare_formula"):
        ws._prepare_formula = _plain_formula


def _q(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


# ---------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------
def _inputs_sheet(ctx: _Ctx, ws: Any, a: Assumptions) -> None:
    t, f = ctx.t, ctx.f
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 20)
    ws.set_column(3, 3, 26)
    ws.write_string(0, 0, t("scn_assumption"), f["head"])
    ws.write_string(0, 1, t("p_value"), f["head"])
    ws.write_string(0, 2, t("xl_unit"), f["head"])
    ws.write_string(0, 3, t("xl_name"), f["head"])
    row = 0
    for row, (name, spec) in enumerate(SPECS.items(), start=1):
        value = getattr(a, name)
        ws.write_string(row, 0, spec.label_de if ctx.lang == "de" else spec.label_en)
        if value is None:
            ws.write_blank(row, 1, None, f["input_money"])
        elif spec.kind == "bool":
            ws.write_boolean(row, 1, bool(value), f["input"])
        elif spec.kind == "choice":
            ws.write_string(row, 1, str(value), f["input"])
        elif spec.kind == "money":
            ws.write_number(row, 1, float(value), f["input_money"])
        elif spec.kind == "rate":
            ws.write_number(row, 1, float(value), f["input_pct"])
        else:
            ws.write_number(row, 1, float(value), f["input_num"])
        ws.write_string(row, 2, spec.unit)
        ws.write_string(row, 3, name)
        ctx.wb.define_name(name, f"={_q(t('xl_inputs'))}!$B${row + 1}")
    ws.write_string(row + 2, 0, t("xl_inputs_note"), f["note"])
    ws.freeze_panes(1, 0)


# ---------------------------------------------------------------------------------
# Customers
# ---------------------------------------------------------------------------------
def _earlier_positive(customers: pd.DataFrame, years: tuple[int, ...]) -> np.ndarray:
    if len(years) < 2:
        return np.zeros(len(customers), dtype=bool)
    cols = [f"revenue_{y}" for y in years[:-1]]
    matrix = customers[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return (np.nan_to_num(matrix, nan=0.0, posinf=0.0, neginf=0.0) > 0).any(axis=1)


def text_cells(series: pd.Series) -> list[str | None]:
    """A column's values as safe cell texts (:func:`calc.safe.neutralise_text`); None where missing."""
    values = series.astype(object)
    out: list[str | None] = []
    for v in values.tolist():  # one pass per column; the per-cell writing loop is unavoidable
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            out.append(None)
        else:
            out.append(normalise_text(neutralise_text(str(v))))
    return out


def _num_values(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _customers_sheet(ctx: _Ctx, ws: Any, customers: pd.DataFrame) -> int:
    """Write the Customers sheet; return the 1-based number of its last data row (>= 2)."""
    t, f, res = ctx.t, ctx.f, ctx.result
    table = res.customers
    n = len(table)
    method = res.assumptions.potential_method
    labels = SEGMENT_LABELS[ctx.lang]

    columns: list[tuple[str, str, Any, Any]] = []  # header, kind, values, format
    for col, key in _TEXT_COLUMNS.items():
        if col in table.columns:
            header = t(key)
            columns.append((header, "text", text_cells(table[col]), f["text"] if col in ("customer_id", "postcode") else None))
    for year in res.revenue_years:
        columns.append((t("xl_revenue_year", year=year), "num", _num_values(table[f"revenue_{year}"]), f["money"]))
    employees = _num_values(table["employees"]) if "employees" in table.columns else np.full(n, np.nan)
    employees = np.where(employees > 0, employees, np.nan)
    columns.append((t("xl_employees"), "num", employees, f["num"]))
    columns.append((t("xl_visits_used"), "num", table["visits_used"].to_numpy(dtype=float), f["num"]))
    columns.append((t("xl_cm_rate_used"), "num", table["cm_rate_used"].to_numpy(dtype=float), f["pct"]))
    columns.append((t("col_revenue_current_eur"), "num", table["revenue_current_eur"].to_numpy(dtype=float), f["money"]))
    columns.append((t("xl_earlier"), "bool", _earlier_positive(table, res.revenue_years), None))
    first_formula = len(columns)
    col_of = {name: xl_col_to_name(i) for i, name in enumerate(
        ["_"] * (first_formula - 5) + ["employees", "visits", "cm", "revenue", "earlier",
                                       "potential", "sow", "segment", "covered"])}
    headers = [c[0] for c in columns] + [t("col_potential_eur"), t("col_share_of_wallet"), t("col_segment"), t("xl_covered")]

    note_row = 0
    ws.write_string(note_row, 0, t("xl_note_live") if method == "homogeneous" else
                    t("xl_note_value", method=method), f["note"])
    header_row = 1
    for i, h in enumerate(headers):
        ws.write_string(header_row, i, h, f["head"])
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 30)
    ws.set_column(2, len(headers) - 1, 14)
    ws.freeze_panes(header_row + 1, 1)

    potential = table["potential_eur"].to_numpy(dtype=float)
    sow = table["share_of_wallet"].to_numpy(dtype=float)
    segment = [labels[s] for s in table["segment"].astype(str).tolist()]
    covered = table["covered"].to_numpy(dtype=bool)
    cached = ctx.cached
    c_emp, c_rev, c_earl = col_of["employees"], col_of["revenue"], col_of["earlier"]
    c_pot, c_seg = col_of["potential"], col_of["segment"]
    lab = {k: v.replace('"', '""') for k, v in labels.items()}
    data_lists = [(kind, vals.tolist() if isinstance(vals, np.ndarray) else vals, fmt) for _, kind, vals, fmt in columns]
    pot_list = potential.tolist()
    sow_list = sow.tolist()
    cov_list = covered.tolist()
    money, pct = f["money"], f["pct"]
    write_string, write_number, write_boolean = ws.write_string, ws.write_number, ws.write_boolean
    write_formula = ws.write_formula
    for i in range(n):  # XlsxWriter writes cell by cell; no arithmetic happens here
        row = header_row + 1 + i
        x = row + 1  # 1-based row in formulas
        for j, (kind, vals, fmt) in enumerate(data_lists):
            v = vals[i]
            if kind == "text":
                if v is not None:
                    write_string(row, j, v, fmt)
            elif kind == "num":
                if v == v:  # not NaN
                    write_number(row, j, v, fmt)
            else:
                write_boolean(row, j, bool(v))
        r = f"{c_rev}{x}"
        if method == "homogeneous":
            write_formula(row, first_formula,
                          f"=MAX(IF({c_emp}{x}>0,{c_emp}{x},employees_default)*potential_per_employee,{r})",
                          money, pot_list[i] if cached else 0)
        else:
            write_number(row, first_formula, pot_list[i], money)
        p = f"{c_pot}{x}"
        write_formula(row, first_formula + 1, f"=IF({p}>0,MAX({r},0)/{p},1)", pct, sow_list[i] if cached else 0)
        write_formula(
            row, first_formula + 2,
            f'=IF(AND({r}<=0,{c_earl}{x}),"{lab["inactive"]}",IF({r}>=calc_revenue_threshold,"{lab["key"]}",'
            f'IF(AND({r}>0,{p}>=potential_threshold),"{lab["potential"]}",IF({r}>0,"{lab["small"]}","{lab["no_revenue"]}"))))',
            None, segment[i] if cached else 0)
        s = f"{c_seg}{x}"
        write_formula(row, first_formula + 3,
                      f'=IF(OR({s}="{lab["small"]}",AND(include_inactive,{s}="{lab["inactive"]}")),1,0)',
                      None, (1 if cov_list[i] else 0) if cached else 0)
    last_row = max(header_row + 1 + n, header_row + 2)  # 1-based; at least one (empty) data row
    sheet = _q(ctx.t("xl_customers"))
    for key in ("revenue", "potential", "cm", "visits", "segment", "covered"):
        c = col_of[key]
        ctx.wb.define_name(f"cust_{key}", f"={sheet}!${c}${header_row + 2}:${c}${last_row}")
    return last_row


# ---------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------
class _RowWriter:
    """Writes label / formula / name rows top to bottom (constant_memory needs row order)."""

    def __init__(self, ctx: _Ctx, ws: Any, sheet: str) -> None:
        self.ctx, self.ws, self.sheet, self.row = ctx, ws, sheet, 0

    @classmethod
    def titled(cls, ctx: _Ctx, ws: Any, sheet: str, note: str) -> _RowWriter:
        """A writer for ``sheet`` that has written the workbook's title, ``note`` and a blank row."""
        w = cls(ctx, ws, sheet)
        w.text(ctx.t("xl_title"), ctx.f["title"])
        w.text(note, ctx.f["note"])
        w.skip()
        return w

    def skip(self, n: int = 1) -> None:
        self.row += n

    def text(self, text: str, fmt: Any = None) -> None:
        self.ws.write_string(self.row, 0, text, fmt)
        self.row += 1

    def formula(self, label: str, formula: str, value: Any, fmt: Any = None, *, name: str | None = None,
                note: str = "") -> str:
        self.ws.write_string(self.row, 0, label)
        self.ws.write_formula(self.row, 1, formula, fmt, self.ctx.v(value))
        if note:
            self.ws.write_string(self.row, 2, note, self.ctx.f["note"])
        ref = f"{_q(self.sheet)}!$B${self.row + 1}"
        if name:
            self.ctx.wb.define_name(name, "=" + ref)
        self.row += 1
        return ref


def _model_sheet(ctx: _Ctx, ws: Any, customers_sheet: str, last_row: int) -> None:
    t, f, res = ctx.t, ctx.f, ctx.result
    labels = SEGMENT_LABELS[ctx.lang]
    ws.set_column(0, 0, 42)
    ws.set_column(1, 11, 17)
    ws.set_column(12, 12, 20)
    w = _RowWriter.titled(ctx, ws, t("xl_model"), t("xl_model_note"))
    fc = res.field_cost
    w.formula(t("cost_per_visit"),
              "=IF(ISNUMBER(cost_per_visit),cost_per_visit,field_rep_annual_cost/(selling_days_per_year*visits_per_day))",
              fc.cost_per_visit_eur, f["money"], name="calc_cost_per_visit", note="calc_cost_per_visit")
    w.formula(t("xl_care_cost"), "=visits_per_customer_year*calc_cost_per_visit", fc.care_cost_eur, f["money"],
              name="calc_care_cost", note="calc_care_cost")
    w.formula(t("revenue_threshold"),
              "=IF(ISNUMBER(revenue_threshold),revenue_threshold,calc_care_cost/max_sales_cost_ratio)",
              fc.revenue_threshold_eur, f["money_bold"], name="calc_revenue_threshold", note="calc_revenue_threshold")
    w.skip()
    w.text(t("xl_segments"), f["bold"])
    for seg in SEGMENTS:
        label = labels[seg].replace('"', '""')
        w.formula(labels[seg], f'=COUNTIF(cust_segment,"{label}")', res.segments.counts[seg], f["int"],
                  name=f"count_{seg}", note=f"count_{seg}")
    w.formula(t("p_covered"), "=SUM(cust_covered)", res.team.covered_customers, f["int"],
              name="calc_covered", note="calc_covered")
    w.formula(t("m_reps"), "=IF(calc_covered>0,ROUNDUP(calc_covered/accounts_per_rep,0),0)", res.team.reps,
              f["int"], name="calc_reps", note="calc_reps")
    w.formula(t("xl_rep_cost"), "=inside_rep_annual_cost*(1+overhead_rate)", res.team.rep_cost_eur, f["money"],
              name="calc_rep_cost", note="calc_rep_cost")
    w.formula(t("xl_team_cost"), "=calc_reps*calc_rep_cost", res.internal.annual_team_cost_eur, f["money"],
              name="calc_team_cost", note="calc_team_cost")
    w.formula(t("xl_ext_team_cost"), "=calc_reps*external_cost_per_rep", res.external.annual_team_cost_eur,
              f["money"], name="calc_ext_team_cost", note="calc_ext_team_cost")
    w.skip()
    w.text(t("xl_sums"), f["bold"])
    pos = "(cust_revenue>0)*cust_revenue"
    agg = _aggregates(res)
    w.formula(t("xl_sum_revenue"), f"=SUMPRODUCT(cust_covered*{pos})", agg["revenue"], f["money"],
              name="sum_revenue", note="sum_revenue")
    w.formula(t("p_untapped"), f"=SUMPRODUCT(cust_covered*(cust_potential-{pos}))", agg["untapped"],
              f["money"], name="sum_untapped", note="sum_untapped")
    w.formula(t("xl_sum_cm_revenue"), f"=SUMPRODUCT(cust_covered*cust_cm*{pos})", agg["cm_revenue"], f["money"],
              name="sum_cm_revenue", note="sum_cm_revenue")
    w.formula(t("xl_sum_cm_untapped"), f"=SUMPRODUCT(cust_covered*cust_cm*(cust_potential-{pos}))",
              agg["cm_untapped"], f["money"], name="sum_cm_untapped", note="sum_cm_untapped")
    w.formula(t("xl_sum_visits"), "=SUMPRODUCT(cust_covered*cust_visits)", agg["visits"], f["num"],
              name="sum_visits", note="sum_visits")
    for variant in ("internal", "external"):
        w.skip()
        _years_block(ctx, w, variant)
    w.skip()
    mob = res.make_or_buy
    ci, ce = t("xl_choice_internal").replace('"', '""'), t("xl_choice_external").replace('"', '""')
    w.formula(t("make_or_buy"), f'=IF(npv_external>npv_internal,"{ce}","{ci}")',
              t("xl_choice_external") if mob.choice == "external" else t("xl_choice_internal"), f["bold"],
              name="calc_choice", note="calc_choice")


def _aggregates(res: ModelResult) -> dict[str, float]:
    tab = res.customers
    cov = tab["covered"].to_numpy(dtype=bool)
    r = np.maximum(tab["revenue_current_eur"].to_numpy(dtype=float)[cov], 0.0)
    p = tab["potential_eur"].to_numpy(dtype=float)[cov]
    cm = tab["cm_rate_used"].to_numpy(dtype=float)[cov]
    return {
        "revenue": float(r.sum()),
        "untapped": float((p - r).sum()),
        "cm_revenue": float((cm * r).sum()),
        "cm_untapped": float((cm * (p - r)).sum()),
        "visits": float(tab["visits_used"].to_numpy(dtype=float)[cov].sum()),
    }


def _years_block(ctx: _Ctx, w: _RowWriter, variant: str) -> None:
    t, f, res = ctx.t, ctx.f, ctx.result
    ws = w.ws
    bc = res.internal if variant == "internal" else res.external
    if variant == "internal":
        ramp, team, setup = "ramp_year1", "calc_team_cost", "setup_cost"
    else:
        ramp, team, setup = "external_ramp_year1", "calc_ext_team_cost", "external_setup_cost"
    w.text(t("xl_" + variant), f["title"])
    heads = ["y_year", "y_baseline", "y_program", "xl_delta_revenue", "xl_delta_cm", "xl_freed", "y_team_cost",
             "y_setup", "y_cash", "xl_cumulative", "xl_discounted", "xl_payback_candidate"]
    # the two lever lines (levers.md) as one column of numbers, only when they are not 0: the
    # small-order effect needs the order data, so the workbook takes it as given
    lever_eur = (bc.years["small_order_effect_eur"] + bc.years["digital_eur"]).to_numpy(dtype=float)
    levers_on = bool(np.any(lever_eur != 0))
    if levers_on:
        heads = [*heads, "xl_levers"]
    for j, key in enumerate(heads):
        ws.write_string(w.row, j, t(key), f["head"])
    w.row += 1
    first = w.row + 1  # 1-based row of t = 0
    last = first + MAX_HORIZON_ROWS
    years = bc.years.set_index("year")
    H = res.assumptions.horizon_years
    cols = ["baseline_revenue_eur", "program_revenue_eur", "delta_revenue_eur", "delta_cm_eur",
            "freed_visits_eur", "team_cost_eur", "setup_cost_eur", "cash_flow_eur", "cumulative_cash_eur",
            "discounted_cash_eur"]
    pay = bc.payback_months
    pay_t = None if pay is None or pay == 0 else int(pay // 12) + 1
    for year in range(MAX_HORIZON_ROWS + 1):
        x = first + year
        row = x - 1
        vals = [float(years.at[year, c]) if year <= H else 0.0 for c in cols]
        if year > H:
            vals[8] = float(years["cumulative_cash_eur"].iloc[-1])
        ws.write_number(row, 0, year)
        A = f"$A{x}"
        if year == 0:
            formulas = ["=sum_revenue", "=sum_revenue", f"=C{x}-B{x}", "=0", "=0", "=0", f"={setup}",
                        f"=E{x}+F{x}-G{x}-H{x}", f"=I{x}", f"=I{x}"]
            cand_formula, cand_value = '=""', ""
        else:
            inside = f"{A}<=horizon_years"
            won = f"IF({A}=1,{ramp},1)*(1-(1-capture_rate)^{A})"
            g = f"(1+market_growth)^{A}"
            sb, sp = f"(1-churn_baseline)^{A}", f"(1-churn_program)^{A}"
            formulas = [
                f"=IF({inside},{g}*{sb}*sum_revenue,0)",
                f"=IF({inside},{g}*{sp}*(sum_revenue+{won}*sum_untapped),0)",
                f"=C{x}-B{x}",
                f"=IF({inside},{g}*({sp}*(sum_cm_revenue+{won}*sum_cm_untapped)-{sb}*sum_cm_revenue),0)",
                f"=IF({inside},sum_visits*calc_cost_per_visit*freed_visit_value_share,0)",
                f"=IF({inside},{team},0)",
                "=0",
                f"=E{x}+F{x}-G{x}-H{x}" + (f"+M{x}" if levers_on else ""),
                f"=J{x - 1}+I{x}",
                f"=I{x}/(1+discount_rate)^{A}",
            ]
            cand_formula = f'=IF(AND(J{x - 1}<0,J{x}>=0),(({A}-1)+(-J{x - 1})/I{x})*12,"")'
            cand_value = pay if pay_t == year else ""
        for j, (formula, value) in enumerate(zip(formulas, vals, strict=True), start=1):
            ws.write_formula(row, j, formula, f["money"], ctx.v(value))
        ws.write_formula(row, 11, cand_formula, f["months"], ctx.v(cand_value) if cand_value != "" else
                         ("" if ctx.cached else 0))
        if levers_on:
            ws.write_number(row, 12, float(lever_eur[year]) if year <= H else 0.0, f["money"])
    w.row = last
    rng = f"{_q(t('xl_model'))}!$I${first}:$I${last}"
    ctx.wb.define_name(f"cash_{variant}", "=" + rng)
    w.skip()
    w.formula(t("xl_npv"), f"=SUM(K{first}:K{last})", bc.npv_eur, f["money_bold"], name=f"npv_{variant}",
              note=f"npv_{variant}")
    c = f"I{first}:I{last}"  # LibreOffice's IRR needs a second guess for rates far below 0
    w.formula(t("xl_irr"), "=" + "".join(f"IFERROR(IRR({c}{g}),"for g in _IRR_GUESSES) + '""' + ")" * len(_IRR_GUESSES), bc.irr, f["pct_bold"], name=f"irr_{variant}",
              note=f"irr_{variant}; " + t("xl_empty_note"))
    benefits = f"SUM(E{first + 1}:F{last})" + (f"+SUM(M{first + 1}:M{last})" if levers_on else "")
    w.formula(t("roi"), f'=IF({setup}+horizon_years*{team}>0,({benefits})/({setup}+horizon_years*{team})-1,"")',
              bc.roi, f["pct_bold"], name=f"roi_{variant}", note=f"roi_{variant}")
    w.formula(t("xl_payback"), f'=IF(J{first}>=0,0,IF(COUNT(L{first + 1}:L{last})=0,"",MIN(L{first + 1}:L{last})))',
              bc.payback_months, f["months_bold"], name=f"payback_{variant}", note=f"payback_{variant}")


# ---------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------
def _summary_sheet(ctx: _Ctx, ws: Any) -> None:
    t, f, res = ctx.t, ctx.f, ctx.result
    labels = SEGMENT_LABELS[ctx.lang]
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 20)
    ws.set_column(2, 2, 30)
    w = _RowWriter.titled(ctx, ws, t("xl_summary"), t("xl_recalc_note"))
    w.formula(t("xl_customers_total"), "=" + "+".join(f"count_{s}" for s in SEGMENTS), res.segments.customers_total,
              f["int"])
    w.formula(t("revenue_threshold"), "=calc_revenue_threshold", res.field_cost.revenue_threshold_eur, f["money_bold"])
    for seg in SEGMENTS:
        w.formula(labels[seg], f"=count_{seg}", res.segments.counts[seg], f["int"])
    w.formula(t("p_covered"), "=calc_covered", res.team.covered_customers, f["int"])
    w.formula(t("m_reps"), "=calc_reps", res.team.reps, f["int"])
    w.formula(t("xl_team_cost"), "=calc_team_cost", res.internal.annual_team_cost_eur, f["money"])
    w.skip()
    bi, be = res.internal, res.external
    w.formula(t("xl_npv_internal"), "=npv_internal", bi.npv_eur, f["money_bold"])
    w.formula(t("xl_irr_internal"), "=irr_internal", bi.irr, f["pct"])
    w.formula(t("xl_roi_internal"), "=roi_internal", bi.roi, f["pct"])
    w.formula(t("xl_payback_internal"), "=payback_internal", bi.payback_months, f["months"])
    w.skip()
    w.formula(t("external_npv"), "=npv_external", be.npv_eur, f["money_bold"])
    w.formula(t("xl_irr_external"), "=irr_external", be.irr, f["pct"])
    w.formula(t("xl_payback_external"), "=payback_external", be.payback_months, f["months"])
    w.skip()
    w.formula(t("make_or_buy"), "=calc_choice",
              t("xl_choice_external") if res.make_or_buy.choice == "external" else t("xl_choice_internal"), f["bold"])
    w.skip()
    w.text(t("xl_empty_note"), f["note"])
