"""The business case as an Excel workbook with live formulas.

:func:`workbook_bytes` writes four sheets with XlsxWriter (five with a transaction log's orders):

* **Summary** – the key figures, each a formula referencing the Model sheet, and
  the make-or-buy choice.
* **Inputs** – every assumption (label, value, unit in the workbook's language,
  name).  Each value cell is a workbook-level defined name equal to the assumption
  name (``capture_rate``, ``discount_rate`` ...), so formulas read like the spec, and
  has a data validation of its valid range.  The optional overrides
  ``cost_per_visit`` and ``revenue_threshold`` are empty cells when they are derived;
  the potential method and the small-order policy are one of their names in the
  workbook's language (:func:`choice_labels`).  The nine lever assumptions of
  levers.md are inputs like the others.
* **Customers** – one row per customer.  The data columns (yellow, editable) hold the
  table as it came: texts through ``write_string`` exactly as they came (a string cell
  can never be a formula; no apostrophe is added), the revenue of every year, the
  potential, employees, visits and margin rate of the data.  The current revenue is
  the latest year column itself (the name ``cust_revenue`` points at it); the margin
  rate used (the data's, else ``cm_rate``), the potential under the method chosen on
  the Inputs sheet (homogeneous: employees x potential per employee; historical: the
  largest revenue column; data: the potential column, else homogeneous; never below
  the revenue; the names ``calc_historical`` and ``calc_data`` test the method),
  share of wallet, segment (inactive: revenue in an earlier year column) and covered
  are formulas on them and the inputs; without order-level data two more formulas
  give each customer's small orders (levers.md: all of them or none, at the value
  revenue / orders) and their value.
* **Orders** (with a transaction log's order data only, :func:`small_order_mode`) –
  one row per order of the 12-month window, sorted by customer: the value (editable)
  and formulas for small (below the minimum order value, customer outside the key
  segment) and the customer's margin at its first small order.
* **Model** – cost per visit, care cost, revenue threshold, segment counts
  (COUNTIF), covered customers, reps (ROUNDUP), team cost, the five sums over the
  covered customers (SUMPRODUCT), and for the internal team and the provider the
  year-by-year table (t = 0..10; years beyond ``horizon_years`` are 0, so the
  horizon is live too) with NPV (sum of the discounted cash, t = 0 undiscounted as in
  the spec – not Excel's NPV(), which would discount the first value), IRR
  (:func:`irr_formula`: ``IRR()`` started at the app's IRR, empty where the app has
  none), ROI and the payback months with the spec's linear interpolation.  The lever
  block sums the small orders and gives the policy's yearly effect (``IF`` on the
  policy) and the digital savings; each year table carries them as two columns of the
  cash, and the NPV by lever (:data:`calc.model.NPV_LEVERS`) follows it as a table whose
  parts add up to the NPV cell.

Summary, Customers and Model are protected without a password (a slip cannot
overwrite a formula; the data and input cells stay editable); Inputs and Summary
print on one page each.

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

from .assumptions import POTENTIAL_METHODS, SPECS, Assumptions
from .levers import order_rows
from .model import NPV_LEVERS, SEGMENTS, ModelResult, compute, region_codes
from .safe import normalise_text
from .texts import CHOICE_PREFIX, DEFAULT_CURRENCY, SEGMENT_LABELS, Formatter, check_lang, translator

__all__ = ["workbook_bytes", "write_workbook", "text_cells", "method_labels", "unit_label", "SEGMENT_LABELS",
           "WORKBOOK_INPUTS", "MAX_ORDER_ROWS",
           "choice_labels", "small_order_mode", "MAX_HORIZON_ROWS", "MONEY_FORMATS", "TEXT_SAFE_OPTIONS", "RESULT_PCT_FORMAT", "irr_formula"]

#: the years table always has rows t = 0..10 (the largest valid horizon)
MAX_HORIZON_ROWS = int(SPECS["horizon_years"].maximum or 10)
#: The assumptions the workbook models with live formulas: its named inputs, in SPECS order
#: (every assumption, the nine lever assumptions of levers.md at the end).
WORKBOOK_INPUTS = tuple(SPECS)
#: Orders on the Orders sheet at most: with more, the small orders are given figures.  An order takes
#: about 90 µs of CPU to write, so 500,000 take about as long as the 200,000 customers that
#: calc.isolate.JobLimits allows the workbook (about 280 µs each).
MAX_ORDER_ROWS = 500_000
#: What stands in for an infinite minimum order value (``cm_rate`` = 0: every order is small).
HUGE_EUR = 1e300

#: the number format of every result percentage (IRR, ROI) on the Model and Summary sheets
RESULT_PCT_FORMAT = "0.0%"

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
    orders: pd.DataFrame | None = None,
    currency: str = DEFAULT_CURRENCY,
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
    orders
        A transaction log's orders (``ReadResult.orders``), None for a customer table:
        the Orders sheet (one row per order, at most :data:`MAX_ORDER_ROWS`) and
        ``compute``'s small orders when ``result`` is not given.  Pass them with a
        ``result`` computed from them too, else the small orders are given figures
        (:func:`small_order_mode`).
    currency
        ISO 4217 code of the money cells' sign (default EUR; nothing is converted).

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
    write_workbook(buffer, customers, assumptions, lang=lang, result=result, cached_values=cached_values,
                   currency=currency,
                   orders=orders)
    return buffer.getvalue()


@dataclass
class _Ctx:
    wb: Any
    lang: str
    t: Callable[..., str]
    f: dict
    result: ModelResult
    cached: bool
    mode: str = "customers"  # where the small orders come from: see small_order_mode

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
    orders: pd.DataFrame | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> None:
    """Write the workbook of :func:`workbook_bytes` to ``target`` (a path or a binary file object)."""
    check_lang(lang)
    if result is None:
        result = compute(customers, assumptions, orders=orders)
    mode = small_order_mode(result, orders)
    t = translator(lang)
    wb = xlsxwriter.Workbook(target, {**TEXT_SAFE_OPTIONS, "nan_inf_to_errors": True})
    money = Formatter(lang, currency=currency).excel_money_format
    inp = {"bg_color": "#FFF2CC", "locked": False}
    f = {
        "bold": wb.add_format({"bold": True}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "head": wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}),
        "money": wb.add_format({"num_format": money}),
        "money_bold": wb.add_format({"num_format": money, "bold": True}),
        "pct": wb.add_format({"num_format": "0.0##%"}),
        "pct_result": wb.add_format({"num_format": RESULT_PCT_FORMAT}),
        "pct_result_bold": wb.add_format({"num_format": RESULT_PCT_FORMAT, "bold": True}),
        "int": wb.add_format({"num_format": "#,##0"}),
        "num": wb.add_format({"num_format": "#,##0.0#"}),
        "months": wb.add_format({"num_format": "0.0"}),
        "months_bold": wb.add_format({"num_format": "0.0", "bold": True}),
        "input": wb.add_format({**inp, "border": 1}),
        "input_money": wb.add_format({**inp, "border": 1, "num_format": money}),
        "input_pct": wb.add_format({**inp, "border": 1, "num_format": "0.0##%"}),
        "input_num": wb.add_format({**inp, "border": 1, "num_format": "#,##0.###"}),
        # customer data cells: editable on the protected Customers sheet
        "d_text": wb.add_format({**inp, "num_format": "@"}),
        "d_plain": wb.add_format(dict(inp)),
        "d_money": wb.add_format({**inp, "num_format": money}),
        "d_num": wb.add_format({**inp, "num_format": "#,##0.0#"}),
        "d_pct": wb.add_format({**inp, "num_format": "0.0##%"}),
        "note": wb.add_format({"italic": True, "font_color": "#595959"}),
        "text": wb.add_format({"num_format": "@"}),
    }
    ctx = _Ctx(wb, lang, t, f, result, cached_values, mode)
    ws_summary = wb.add_worksheet(t("xl_summary"))
    ws_inputs = wb.add_worksheet(t("xl_inputs"))
    ws_customers = wb.add_worksheet(t("xl_customers"))
    ws_model = wb.add_worksheet(t("xl_model"))
    ws_orders = wb.add_worksheet(t("xl_orders")) if mode == "orders" else None
    _fast_formulas(ws_customers)
    _inputs_sheet(ctx, ws_inputs, assumptions)
    last_row = _customers_sheet(ctx, ws_customers, customers)
    if ws_orders is not None:
        _fast_formulas(ws_orders)
        _orders_sheet(ctx, ws_orders, orders)
    _model_sheet(ctx, ws_model, t("xl_customers"), last_row)
    _summary_sheet(ctx, ws_summary)
    ws_summary.activate()
    wb.set_calc_mode("auto")
    wb.close()


def small_order_mode(result: ModelResult, orders: pd.DataFrame | None = None, *,
                     max_rows: int = MAX_ORDER_ROWS) -> str:
    """Where the workbook's small orders (levers.md) come from.

    * ``"orders"``: the order data of a transaction log, one row per order on an
      Orders sheet (at most ``max_rows``); which orders are small is a formula on
      ``min_order_value`` (live, as everything else).
    * ``"customers"``: no order-level data (a customer table): each customer's
      ``orders_12m`` orders are of equal value, a formula per customer (live).
    * ``"given"``: the result was computed from order data that is not at hand, or
      there are more than ``max_rows`` orders: the small orders' count and sums are
      the app's figures at its minimum order value (the policy's formula on them
      stays live).

    >>> import pandas as pd
    >>> from calc.model import compute
    >>> res = compute(pd.DataFrame({"customer_id": ["1"], "revenue": [500.0]}), Assumptions())
    >>> small_order_mode(res)
    'customers'
    """
    estimated = result.levers is None or result.levers.small_orders.estimated
    if orders is None:
        return "customers" if estimated else "given"
    return "orders" if len(orders) <= max_rows else "given"


def _orders_12m(res: ModelResult) -> np.ndarray:
    """The orders of the last 12 months per customer (NaN where the data has no counts)."""
    n = len(res.customers)
    if res.levers is None or not res.levers.orders_known:
        return np.full(n, np.nan)
    return res.levers.customers["orders_12m"].to_numpy(dtype=float)


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
#: the units of :data:`calc.assumptions.SPECS` and their catalogue keys
_UNIT_KEYS = {"EUR/year": "xl_unit_eur_year", "days/year": "xl_unit_days_year", "visits/day": "xl_unit_visits_day",
              "EUR/visit": "xl_unit_eur_visit", "visits/year": "xl_unit_visits_year",
              "share of revenue": "xl_unit_share_of_revenue", "employees": "xl_unit_employees",
              "EUR/employee/year": "xl_unit_eur_employee_year", "customers/rep": "xl_unit_customers_rep",
              "share of rep cost": "xl_unit_share_of_rep_cost", "EUR (one-off)": "xl_unit_eur_one_off",
              "share": "xl_unit_share", "share per year": "xl_unit_share_per_year", "per year": "xl_unit_per_year",
              "years": "xl_unit_years", "EUR/order": "xl_unit_eur_order", "EUR/line": "xl_unit_eur_line",
              "share of affected customers": "xl_unit_share_affected", "share of orders": "xl_unit_share_orders",
              "share of small orders": "xl_unit_share_small_orders"}


def unit_label(unit: str, lang: str) -> str:
    """An assumption's unit (``AssumptionSpec.unit``, English) in the workbook's language.

    A unit without a catalogue key keeps its English name.

    >>> unit_label("EUR/year", "de")
    'EUR/Jahr'
    """
    key = _UNIT_KEYS.get(unit)
    return translator(lang)(key) if key else unit


def _validation(spec: Any, cell: str, lang: str) -> dict[str, Any] | None:
    """Data validation of one input cell: its valid range (choices, true/false, numbers)."""
    if spec.kind == "choice":
        return {"validate": "list", "source": list(choice_labels(spec.name, lang).values())}
    if spec.kind == "bool":
        return {"validate": "custom", "value": f"=ISLOGICAL({cell})"}
    if spec.minimum is None and spec.maximum is None:
        return None
    lo = -1e300 if spec.minimum is None else float(spec.minimum)
    hi = 1e300 if spec.maximum is None else float(spec.maximum)
    return {"validate": "integer" if spec.integer else "decimal", "criteria": "between",
            "minimum": lo, "maximum": hi, "ignore_blank": True,
            "error_title": spec.name, "error_message": spec.range_text()[:255]}


def _inputs_sheet(ctx: _Ctx, ws: Any, a: Assumptions) -> None:
    t, f = ctx.t, ctx.f
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 22)
    ws.set_column(3, 3, 26)
    ws.write_string(0, 0, t("scn_assumption"), f["head"])
    ws.write_string(0, 1, t("p_value"), f["head"])
    ws.write_string(0, 2, t("xl_unit"), f["head"])
    ws.write_string(0, 3, t("xl_name"), f["head"])
    labels = {name: choice_labels(name, ctx.lang) for name, spec in SPECS.items() if spec.kind == "choice"}
    row = 0
    for row, name in enumerate(WORKBOOK_INPUTS, start=1):
        spec = SPECS[name]
        value = getattr(a, name)
        ws.write_string(row, 0, spec.label_de if ctx.lang == "de" else spec.label_en)
        if value is None:
            ws.write_blank(row, 1, None, f["input_money"])
        elif spec.kind == "bool":
            ws.write_boolean(row, 1, bool(value), f["input"])
        elif spec.kind == "choice":
            ws.write_string(row, 1, labels[name].get(str(value), str(value)), f["input"])
        elif spec.kind == "money":
            ws.write_number(row, 1, float(value), f["input_money"])
        elif spec.kind == "rate":
            ws.write_number(row, 1, float(value), f["input_pct"])
        else:
            ws.write_number(row, 1, float(value), f["input_num"])
        ws.write_string(row, 2, unit_label(spec.unit, ctx.lang))
        ws.write_string(row, 3, name)
        rule = _validation(spec, f"B{row + 1}", ctx.lang)
        if rule is not None:
            ws.data_validation(row, 1, row, 1, rule)
        ctx.wb.define_name(name, f"={_q(t('xl_inputs'))}!$B${row + 1}")
    # the choice inputs as flags the formulas read: two for the potential method, two for the policy
    for name, prefix, choices in (("potential_method", "calc_", ("historical", "data")),
                                  ("small_order_policy", "calc_policy_", ("surcharge", "minimum"))):
        for choice in choices:
            label = labels[name][choice].replace('"', '""')
            ctx.wb.define_name(f"{prefix}{choice}", f'={name}="{label}"')
    ws.write_string(row + 2, 0, t("xl_inputs_note"), f["note"])
    row += 2
    ws.freeze_panes(1, 0)
    ws.protect("", {"format_columns": True, "format_rows": True})
    _one_page(ws, row, 3, landscape=False)


def _one_page(ws: Any, last_row: int, last_col: int, *, landscape: bool) -> None:
    """Print ``A1`` to (``last_row``, ``last_col``) (0-based) on one A4 page."""
    ws.print_area(0, 0, last_row, last_col)
    ws.fit_to_pages(1, 1)
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()


# ---------------------------------------------------------------------------------
# Customers
# ---------------------------------------------------------------------------------
def text_cells(series: pd.Series) -> list[str | None]:
    """A column's values as cell texts, exactly as they came; None where missing.

    Only line breaks are normalised and NUL characters dropped
    (:func:`calc.safe.normalise_text`).  No apostrophe is prefixed: the texts are
    written with ``write_string``, and a string cell can never be a formula in XLSX
    (the CSV export keeps its neutralising prefix, see :mod:`calc.safe`).
    """
    values = series.astype(object)
    out: list[str | None] = []
    for v in values.tolist():  # one pass per column; the per-cell writing loop is unavoidable
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            out.append(None)
        else:
            out.append(normalise_text(str(v)))
    return out


def _num_values(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def method_labels(lang: str) -> dict[str, str]:
    """The potential methods as the workbook names them (the Inputs cell and its drop-down)."""
    t = translator(lang)
    return {m: t(f"method_short_{m}") for m in POTENTIAL_METHODS}


def choice_labels(name: str, lang: str) -> dict[str, str]:
    """A choice assumption's values as the workbook names them (the Inputs cell and its drop-down).

    >>> choice_labels("small_order_policy", "de")["surcharge"]
    'Mindermengenzuschlag'
    """
    if name == "potential_method":
        return method_labels(lang)
    t = translator(lang)
    return {c: t(CHOICE_PREFIX[name] + c) for c in SPECS[name].choices}


def _potential_formula(x: int, c: dict[str, str], rev_cols: list[str]) -> str:
    """Potential of the customer in row ``x`` under the method chosen on the Inputs sheet."""
    homogeneous = f"IF({c['employees']}{x}>0,{c['employees']}{x},employees_default)*potential_per_employee"
    first, last = rev_cols[0], rev_cols[-1]
    span = f"{first}{x}:{last}{x}"
    # the app counts a missing year as 0: MAX over the filled years, and 0 if one is empty
    historical = f"MAX({span},IF(COUNT({span})<{len(rev_cols)},0,{first}{x}))"
    pd_ = f"{c['potential_data']}{x}"
    chosen = f"IF(calc_historical,{historical},IF(AND(calc_data,N({pd_})>0),{pd_},{homogeneous}))"
    return f"=MAX({chosen},{last}{x})"


def _customers_sheet(ctx: _Ctx, ws: Any, customers: pd.DataFrame) -> int:
    """Write the Customers sheet; return the 1-based number of its last data row (>= 2).

    Data columns (yellow, unlocked) hold the customer table as it came; the formula
    columns (locked) derive everything the model uses from them and the Inputs sheet.
    """
    t, f, res = ctx.t, ctx.f, ctx.result
    table = res.customers
    n = len(table)
    labels = SEGMENT_LABELS[ctx.lang]

    columns: list[tuple[str, str, Any, Any]] = []  # header, kind, values, format (all unlocked data)
    region_col = None
    for col, key in _TEXT_COLUMNS.items():
        if col in table.columns:
            if col == "region":
                region_col = xl_col_to_name(len(columns))
            columns.append((t(key), "text", text_cells(table[col]),
                            f["d_text"] if col in ("customer_id", "postcode") else f["d_plain"]))
    years = res.revenue_years
    revenue_sources = [f"revenue_{y}" for y in years] if years else ["revenue"]
    first_rev = len(columns)
    for src, year in zip(revenue_sources, years or (None,), strict=True):
        header = t("xl_revenue_year", year=year) if year is not None else t("col_revenue")
        values = _num_values(table[src]) if src in table.columns else np.full(n, np.nan)
        columns.append((header, "num", np.where(np.isfinite(values), values, np.nan), f["d_money"]))
    rev_cols = [xl_col_to_name(first_rev + i) for i in range(len(revenue_sources))]
    potential_data = _num_values(table["potential"]) if "potential" in table.columns else np.full(n, np.nan)
    employees = _num_values(table["employees"]) if "employees" in table.columns else np.full(n, np.nan)
    cm_data = _num_values(table["cm_rate"]) if "cm_rate" in table.columns else np.full(n, np.nan)
    fin = np.isfinite
    columns.append((t("xl_potential_data"), "num", np.where(fin(potential_data), potential_data, np.nan), f["d_money"]))
    columns.append((t("xl_employees"), "num", np.where(employees > 0, employees, np.nan), f["d_num"]))
    columns.append((t("xl_visits_used"), "num", table["visits_used"].to_numpy(dtype=float), f["d_num"]))
    columns.append((t("xl_cm_data"), "num", np.where(fin(cm_data), cm_data, np.nan), f["d_pct"]))
    columns.append((t("xl_orders_12m"), "num", _orders_12m(res), f["d_num"]))
    first_formula = len(columns)
    per_customer = ctx.mode == "customers"  # small orders estimated per customer (levers.md, no order data)
    formula_keys = ["cm", "potential", "sow", "segment", "covered"] + (["small", "small_value"] if per_customer else [])
    c = {key: xl_col_to_name(first_formula + i) for i, key in enumerate(formula_keys)}
    c.update({key: xl_col_to_name(first_formula - 5 + i)
              for i, key in enumerate(["potential_data", "employees", "visits", "cm_data", "orders"])})
    c["revenue"] = rev_cols[-1]  # current revenue: the latest year column itself
    headers = [col[0] for col in columns] + [t("xl_cm_rate_used"), t("col_potential_eur"), t("col_share_of_wallet"),
                                             t("col_segment"), t("xl_covered")]
    if per_customer:
        headers += [t("xl_small_orders"), t("xl_small_value")]

    ws.write_string(0, 0, t("xl_note_live"), f["note"])
    header_row = 1
    for i, h in enumerate(headers):
        ws.write_string(header_row, i, h, f["head"])
    for j, (_, _, _, fmt) in enumerate(columns):  # empty data cells stay editable on the protected sheet
        ws.set_column(j, j, 30 if j == 1 else 14, fmt)
    ws.set_column(first_formula, len(headers) - 1, 14)
    ws.freeze_panes(header_row + 1, 1)

    cached = ctx.cached
    cache_cols = {
        "cm": table["cm_rate_used"].to_numpy(dtype=float).tolist(),
        "potential": table["potential_eur"].to_numpy(dtype=float).tolist(),
        "sow": table["share_of_wallet"].to_numpy(dtype=float).tolist(),
        "segment": [labels[s] for s in table["segment"].astype(str).tolist()],
        "covered": [1 if v else 0 for v in table["covered"].to_numpy(dtype=bool).tolist()],
    }
    if per_customer:
        lever_table = res.levers.customers
        cache_cols["small"] = lever_table["small_orders"].to_numpy(dtype=float).tolist()
        cache_cols["small_value"] = lever_table["small_order_value_eur"].to_numpy(dtype=float).tolist()
    lab = {k: v.replace('"', '""') for k, v in labels.items()}
    data_lists = [(kind, vals.tolist() if isinstance(vals, np.ndarray) else vals, fmt) for _, kind, vals, fmt in columns]
    money, pct = f["money"], f["pct"]
    formats = {"cm": pct, "potential": money, "sow": pct, "segment": None,
               "covered": None, "small": f["num"], "small_value": money}
    # the private writers skip XlsxWriter's A1-notation decorator (speed only); the public ones otherwise
    write_string = getattr(ws, "_write_string", ws.write_string)
    write_number = getattr(ws, "_write_number", ws.write_number)
    write_formula = getattr(ws, "_write_formula", ws.write_formula)
    last_rev = rev_cols[-1]
    # revenue in an earlier year: any earlier year column above 0 (never, with one column)
    earlier = (f'COUNTIF({rev_cols[0]}{{x}}:{rev_cols[-2]}{{x}},">0")>0' if len(rev_cols) > 1 else "FALSE()")
    for i in range(n):  # XlsxWriter writes cell by cell; no arithmetic happens here
        row = header_row + 1 + i
        x = row + 1  # 1-based row in formulas
        for j, (kind, vals, fmt) in enumerate(data_lists):
            v = vals[i]
            if kind == "text":
                if v is not None:
                    write_string(row, j, v, fmt)
            elif v == v:  # not NaN
                write_number(row, j, v, fmt)
        r, p, s = f"{last_rev}{x}", f"{c['potential']}{x}", f"{c['segment']}{x}"
        cmd = f"{c['cm_data']}{x}"
        formulas = {
            "cm": f"=IF(AND(ISNUMBER({cmd}),N({cmd})>=0,N({cmd})<=1),{cmd},cm_rate)",
            "potential": _potential_formula(x, c, rev_cols),
            "sow": f"=IF({p}>0,MAX({r},0)/{p},1)",
            "segment": (f'=IF(AND({r}<=0,{earlier.format(x=x)}),"{lab["inactive"]}",IF({r}>=calc_revenue_threshold,'
                        f'"{lab["key"]}",IF(AND({r}>0,{p}>=potential_threshold),"{lab["potential"]}",'
                        f'IF({r}>0,"{lab["small"]}","{lab["no_revenue"]}"))))'),
            "covered": f'=IF(OR({s}="{lab["small"]}",AND(include_inactive,{s}="{lab["inactive"]}")),1,0)',
        }
        if per_customer:  # all of a customer's orders are of value max(r, 0) / orders: all small or none
            k, small = f"MAX(N({c['orders']}{x}),0)", f"{c['small']}{x}"
            formulas["small"] = (f'=IF(AND({s}<>"{lab["key"]}",{k}>0),'
                                 f"IF(MAX({r},0)/{k}<calc_min_order_value,{k},0),0)")
            formulas["small_value"] = f"=IF({small}>0,MAX({r},0),0)"
        for k, key in enumerate(formula_keys):
            write_formula(row, first_formula + k, formulas[key], formats[key],
                          cache_cols[key][i] if cached else 0)
    last_row = max(header_row + 1 + n, header_row + 2)  # 1-based; at least one (empty) data row
    sheet = _q(ctx.t("xl_customers"))
    for key in ("revenue", "potential", "cm", "visits", "segment", "covered", "orders") + (
            ("small", "small_value") if per_customer else ()):
        ctx.wb.define_name(f"cust_{key}", f"={sheet}!${c[key]}${header_row + 2}:${c[key]}${last_row}")
    if region_col is not None:  # the team planned per region (docs/model.md, step 3)
        ctx.wb.define_name("cust_region", f"={sheet}!${region_col}${header_row + 2}:${region_col}${last_row}")
    ws.protect("", {"format_columns": True, "format_rows": True, "sort": True, "autofilter": True})
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
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


def _region_reps(w: _RowWriter, res: ModelResult) -> None:
    """The reps row (``calc_reps``); with a region column one row per region before it, each
    ``ROUNDUP(covered in the region / accounts_per_rep)``, and the covered customers without a region
    filling the regions' room first (:func:`calc.model.region_reps`)."""
    t, f = w.ctx.t, w.ctx.f
    codes, names = region_codes(res.customers)
    if codes is None:
        w.formula(t("m_reps"), "=IF(calc_covered>0,ROUNDUP(calc_covered/accounts_per_rep,0),0)", res.team.reps,
                  f["int"], name="calc_reps", note="calc_reps")
        return
    covered = res.customers["covered"].to_numpy(dtype=bool)
    apr = res.assumptions.accounts_per_rep
    first = w.row + 1
    for g, region in enumerate(names):
        # the region's name is a text cell (column C) the formula compares with, never part of the formula:
        # customer data stays out of formulas, and "=" compares exactly (no wildcards), ignoring case like the app
        n = int(np.count_nonzero(covered & (codes == g)))
        w.formula(f"{t('m_reps')}: {region}", f"=ROUNDUP(SUMPRODUCT((TRIM(cust_region)=TRIM($C${w.row + 1}))"
                  f"*(cust_covered=1))/accounts_per_rep,0)", -(-n // apr), f["int"], note=region)
    named = f"SUM($B${first}:$B${w.row})" if names else "0"
    blank = int(np.count_nonzero(covered & (codes < 0)))
    w.formula(f"{t('p_covered')}: {t('col_region')} –", '=SUMPRODUCT(cust_covered*(LEN(TRIM(cust_region))=0))',
              blank, f["int"], name="calc_covered_no_region")
    w.formula(t("m_reps"), f"=IF(calc_covered>0,{named}+ROUNDUP(MAX(0,calc_covered_no_region-({named}"
              f"*accounts_per_rep-(calc_covered-calc_covered_no_region)))/accounts_per_rep,0),0)", res.team.reps,
              f["int"], name="calc_reps", note="calc_reps")


def _model_sheet(ctx: _Ctx, ws: Any, customers_sheet: str, last_row: int) -> None:
    t, f, res = ctx.t, ctx.f, ctx.result
    labels = SEGMENT_LABELS[ctx.lang]
    ws.set_column(0, 0, 42)
    ws.set_column(1, 14, 17)
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
    _region_reps(w, res)
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
    w.skip()
    _levers_block(ctx, w)
    for variant in ("internal", "external"):
        w.skip()
        _years_block(ctx, w, variant)
    w.skip()
    mob = res.make_or_buy
    ci, ce = t("xl_choice_internal").replace('"', '""'), t("xl_choice_external").replace('"', '""')
    w.formula(t("make_or_buy"), f'=IF(npv_external>npv_internal,"{ce}","{ci}")',
              t("xl_choice_external") if mob.choice == "external" else t("xl_choice_internal"), f["bold"],
              name="calc_choice", note="calc_choice")
    ws.protect("", {"format_columns": True, "format_rows": True})
    ws.print_area(0, 0, w.row - 1, 14)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


#: IRR() starting values tried after the app's IRR: Newton's method from 10 % does not reach strongly negative rates
_IRR_GUESSES = ("0.1", "-0.5", "-0.8", "-0.9", "-0.95", "-0.99")


def irr_formula(cash: str, guess: float | None) -> str:
    """IRR of the cash range ``cash``, empty where the app has none.

    Empty unless the cash has a negative and a positive value (as
    :func:`calc.finance.irr`).  Spreadsheets run Newton's method from a starting
    value and may stop at a root below -100 % (LibreOffice found -189.5 % where the
    app says -19.08 %), so the search starts at ``guess`` (the app's IRR when the
    file was written) and then at 10 %, -50 % ... -99 %; the first rate above
    -100 % is taken (a cash series that turns from negative to positive once has
    exactly one), else the cell is empty.

    >>> irr_formula("I5:I15", -0.19)[55:94]
    'IF(IFERROR(IRR(I5:I15,-0.19),-2)>-1,IRR'
    """
    first = repr(round(float(guess), 6)) if guess is not None and np.isfinite(guess) and guess > -1 else "0.1"
    guesses = [first] + [g for g in _IRR_GUESSES if g != first]
    body = '""'
    for g in reversed(guesses):
        irr = f"IRR({cash},{g})"
        body = f"IF(IFERROR({irr},-2)>-1,{irr},{body})"
    return f'=IF(AND(COUNTIF({cash},">0")>0,COUNTIF({cash},"<0")>0),{body},"")'


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
    a = res.assumptions
    if variant == "internal":
        ramp, team, setup = "ramp_year1", "calc_team_cost", "setup_cost"
    else:
        ramp, team, setup = "external_ramp_year1", "calc_ext_team_cost", "external_setup_cost"
    w.text(t("xl_" + variant), f["title"])
    # A..L as before the levers; M, N the two lever lines of levers.md (0 with the defaults); O the part of
    # the added margin (E) that lower churn keeps (the waterfall's "lower churn")
    heads = ["y_year", "y_baseline", "y_program", "xl_delta_revenue", "xl_delta_cm", "xl_freed", "y_team_cost",
             "y_setup", "y_cash", "xl_cumulative", "xl_discounted", "xl_payback_candidate", "xl_small_order_line",
             "xl_digital_line", "xl_retention"]
    for j, key in enumerate(heads):
        ws.write_string(w.row, j, t(key), f["head"])
    w.row += 1
    first = w.row + 1  # 1-based row of t = 0
    last = first + MAX_HORIZON_ROWS
    years = bc.years.set_index("year")
    H = a.horizon_years
    cols = ["baseline_revenue_eur", "program_revenue_eur", "delta_revenue_eur", "delta_cm_eur",
            "freed_visits_eur", "team_cost_eur", "setup_cost_eur", "cash_flow_eur", "cumulative_cash_eur",
            "discounted_cash_eur", "small_order_effect_eur", "digital_eur"]
    cm_revenue = _aggregates(res)["cm_revenue"]
    pay = bc.payback_months
    pay_t = None if pay is None or pay == 0 else int(pay // 12) + 1
    for year in range(MAX_HORIZON_ROWS + 1):
        x = first + year
        row = x - 1
        vals = [float(years.at[year, c]) if year <= H else 0.0 for c in cols]
        if year > H:
            vals[8] = float(years["cumulative_cash_eur"].iloc[-1])
        retention = 0.0
        if 1 <= year <= H:
            retention = ((1 + a.market_growth) ** year * ((1 - a.churn_program) ** year - (1 - a.churn_baseline) ** year)
                         * cm_revenue)
        vals.append(retention)
        ws.write_number(row, 0, year)
        A = f"$A{x}"
        if year == 0:
            formulas = ["=sum_revenue", "=sum_revenue", f"=C{x}-B{x}", "=0", "=0", "=0", f"={setup}",
                        f"=E{x}+F{x}+M{x}+N{x}-G{x}-H{x}", f"=I{x}", f"=I{x}", "=0", "=0", "=0"]
            cand_formula, cand_value = '=""', ""
        else:
            inside = f"{A}<=horizon_years"
            ramp_t = f"IF({A}=1,{ramp},1)"
            won = f"{ramp_t}*(1-(1-capture_rate)^{A})"
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
                f"=E{x}+F{x}+M{x}+N{x}-G{x}-H{x}",
                f"=J{x - 1}+I{x}",
                f"=I{x}/(1+discount_rate)^{A}",
                f"=IF({inside},calc_small_order_effect,0)",
                f"=IF({inside},{ramp_t}*calc_digital_saving,0)",
                f"=IF({inside},{g}*({sp}-{sb})*sum_cm_revenue,0)",
            ]
            cand_formula = f'=IF(AND(J{x - 1}<0,J{x}>=0),(({A}-1)+(-J{x - 1})/I{x})*12,"")'
            cand_value = pay if pay_t == year else ""
        for j, (formula, value) in enumerate(zip(formulas[:10], vals[:10], strict=True), start=1):
            ws.write_formula(row, j, formula, f["money"], ctx.v(value))
        ws.write_formula(row, 11, cand_formula, f["months"], ctx.v(cand_value) if cand_value != "" else
                         ("" if ctx.cached else 0))
        for j, (formula, value) in enumerate(zip(formulas[10:], vals[10:], strict=True), start=12):
            ws.write_formula(row, j, formula, f["money"], ctx.v(value))
    w.row = last
    rng = f"{_q(t('xl_model'))}!$I${first}:$I${last}"
    ctx.wb.define_name(f"cash_{variant}", "=" + rng)
    w.skip()
    w.formula(t("xl_npv"), f"=SUM(K{first}:K{last})", bc.npv_eur, f["money_bold"], name=f"npv_{variant}",
              note=f"npv_{variant}")
    w.formula(t("xl_irr"), irr_formula(f"I{first}:I{last}", bc.irr), bc.irr, f["pct_result_bold"],
              name=f"irr_{variant}", note=f"irr_{variant}; " + t("xl_irr_note"))
    benefits = f"SUM(E{first + 1}:F{last})+SUM(M{first + 1}:N{last})"
    w.formula(t("roi"), f'=IF({setup}+horizon_years*{team}>0,({benefits})/({setup}+horizon_years*{team})-1,"")',
              bc.roi, f["pct_result_bold"], name=f"roi_{variant}", note=f"roi_{variant}")
    w.formula(t("xl_payback"), f'=IF(J{first}>=0,0,IF(COUNT(L{first + 1}:L{last})=0,"",MIN(L{first + 1}:L{last})))',
              bc.payback_months, f["months_bold"], name=f"payback_{variant}", note=f"payback_{variant}")
    w.skip()
    _waterfall_block(ctx, w, variant, first, last)


def _waterfall_block(ctx: _Ctx, w: _RowWriter, variant: str, first: int, last: int) -> None:
    """The NPV by lever (:data:`calc.model.NPV_LEVERS`): each part the discounted sum of its column; they
    add up to the NPV (``CashFlows.npv_by_lever_eur``)."""
    t, f = ctx.t, ctx.f
    parts = ctx.result.internal.npv_by_lever_eur if variant == "internal" else ctx.result.external.npv_by_lever_eur
    y0, y1 = first + 1, last
    disc = f"/(1+discount_rate)^($A${y0}:$A${y1})"

    def pv(col: str) -> str:
        return f"SUMPRODUCT({col}{y0}:{col}{y1}{disc})"

    formulas = {
        "added_margin": f"=SUMPRODUCT((E{y0}:E{y1}-O{y0}:O{y1}){disc})",
        "lower_churn": "=" + pv("O"),
        "freed_visits": "=" + pv("F"),
        "small_order_policy": "=" + pv("M"),
        "digital_ordering": "=" + pv("N"),
        "team": "=-" + pv("G"),
        "setup": f"=-H{first}",
    }
    w.text(t("xl_waterfall"), f["bold"])
    for key in NPV_LEVERS:
        name = f"npv_{key}_{variant}"
        w.formula(t("npv_part_" + key), formulas[key], parts.get(key, 0.0), f["money"], name=name, note=name)
    total = sum(float(parts.get(k, 0.0)) for k in NPV_LEVERS)
    w.formula(t("xl_waterfall_total"), "=" + "+".join(f"npv_{k}_{variant}" for k in NPV_LEVERS), total,
              f["money_bold"], name=f"npv_levers_{variant}", note=f"npv_levers_{variant} = npv_{variant}")


def _levers_block(ctx: _Ctx, w: _RowWriter) -> None:
    """Small orders, the policy's yearly effect and the digital-ordering savings (levers.md), live."""
    t, f, res = ctx.t, ctx.f, ctx.result
    lf = res.levers
    small = lf.small_orders if lf is not None else None
    w.text(t("xl_levers_h"), f["bold"])
    w.text(t("xl_small_source_" + ctx.mode), f["note"])
    mov = small.min_order_value_eur if small is not None else 0.0
    w.formula(t("xl_min_order_value"),
              "=IF(ISNUMBER(min_order_value),min_order_value,IF(cm_rate>0,cost_per_order/cm_rate,"
              f"IF(cost_per_order>0,{HUGE_EUR:.0E},0)))",
              min(mov, HUGE_EUR), f["money"], name="calc_min_order_value", note="calc_min_order_value")
    vals = {
        "orders": small.orders if small else 0.0,
        "value": small.value_eur if small else 0.0,
        "cm_value": small.cm_value_eur if small else 0.0,
        "customers": small.customers if small else 0,
        "affected": small.affected_cm_revenue_eur if small else 0.0,
    }
    if ctx.mode == "orders":
        formulas = {"orders": "=SUM(order_small)", "value": "=SUMPRODUCT(order_small,order_value)",
                    "cm_value": "=SUMPRODUCT(order_small,order_cm,order_value)",
                    "customers": "=SUMPRODUCT((order_small=1)*(order_running=1))", "affected": "=SUM(order_affected)"}
    elif ctx.mode == "customers":
        formulas = {"orders": "=SUM(cust_small)", "value": "=SUM(cust_small_value)",
                    "cm_value": "=SUMPRODUCT(cust_cm,cust_small_value)",
                    "customers": '=COUNTIF(cust_small,">0")',
                    "affected": "=SUMPRODUCT((cust_small>0)*cust_cm*(cust_revenue>0)*cust_revenue)"}
    else:
        formulas = {}
    fmts = {"orders": f["num"], "value": f["money"], "cm_value": f["money"], "customers": f["int"],
            "affected": f["money"]}
    given_note = t("xl_small_given")
    for key in ("orders", "value", "cm_value", "customers", "affected"):
        name = f"calc_small_{key}"
        if key in formulas:
            w.formula(t("xl_small_" + key), formulas[key], vals[key], fmts[key], name=name, note=name)
        else:  # given: the app's figures at its minimum order value (a number, not a formula)
            w.ws.write_string(w.row, 0, t("xl_small_" + key))
            w.ws.write_number(w.row, 1, float(vals[key]), fmts[key])
            w.ws.write_string(w.row, 2, f"{name}; {given_note}", f["note"])
            ctx.wb.define_name(name, f"={_q(w.sheet)}!$B${w.row + 1}")
            w.row += 1
    n, c, aff = "calc_small_orders", "consolidation_share", "policy_churn*calc_small_affected"
    w.formula(t("xl_small_order_line"),
              f"=IF(calc_policy_surcharge,{n}*{c}*cost_per_order+{n}*(1-{c})*surcharge_eur-{aff},"
              f"IF(calc_policy_minimum,{n}*cost_per_order-(1-{c})*calc_small_cm_value-{aff},0))",
              lf.small_order_effect_eur if lf is not None else 0.0, f["money_bold"], name="calc_small_order_effect",
              note="calc_small_order_effect")
    w.formula(t("xl_covered_orders"), "=SUMPRODUCT(cust_covered*(cust_orders>0)*cust_orders)",
              lf.covered_orders_12m if lf is not None else 0.0, f["num"], name="calc_covered_orders",
              note="calc_covered_orders")
    w.formula(t("xl_digital_saving"), "=calc_covered_orders*digital_share*(cost_per_order-digital_cost_per_order)",
              _digital_saving(res), f["money_bold"], name="calc_digital_saving", note="calc_digital_saving")


def _digital_saving(res: ModelResult) -> float:
    """The digital-ordering savings at full ramp (levers.md), EUR per year."""
    a = res.assumptions
    covered = res.levers.covered_orders_12m if res.levers is not None else 0.0
    return covered * a.digital_share * (a.cost_per_order - a.digital_cost_per_order)


# ---------------------------------------------------------------------------------
# Orders
# ---------------------------------------------------------------------------------
def _orders_sheet(ctx: _Ctx, ws: Any, orders: pd.DataFrame) -> None:
    """One row per order of the 12-month window, sorted by customer: which are small is a formula.

    Columns: customer id (text), the customer's position in the Customers sheet's ranges,
    the order value (yellow, editable), then formulas: the customer's margin rate, small
    (1 if value < minimum order value and the customer outside the key segment), the
    customer's small orders so far (the orders are sorted by customer), and, on the
    customer's first small order, its margin ``cm_i * max(r_i, 0)`` (the policy-churn base).
    """
    t, f, res = ctx.t, ctx.f, ctx.result
    table = res.customers
    pos, value = order_rows(table, orders)
    order = np.argsort(pos, kind="stable")
    pos, value = pos[order], value[order]
    ids = text_cells(table["customer_id"])
    cm = table["cm_rate_used"].to_numpy(dtype=float)[pos]
    r_pos = np.maximum(table["revenue_current_eur"].to_numpy(dtype=float), 0.0)[pos]
    seg = table["segment"].astype(str).to_numpy()[pos]
    mov = res.levers.small_orders.min_order_value_eur if res.levers is not None else 0.0
    small = ((value < mov) & (seg != "key")).astype(float)
    running = pd.Series(small).groupby(pos).cumsum().to_numpy()
    affected = np.where((small == 1) & (running == 1), cm * r_pos, 0.0)
    key = SEGMENT_LABELS[ctx.lang]["key"].replace('"', '""')

    ws.write_string(0, 0, t("xl_orders_note"), f["note"])
    header_row = 1
    heads = ["col_customer_id", "xl_order_customer_row", "xl_order_value", "xl_cm_rate_used", "xl_order_small",
             "xl_order_running", "xl_order_affected"]
    for j, key_ in enumerate(heads):
        ws.write_string(header_row, j, t(key_), f["head"])
    ws.set_column(0, 0, 16, f["d_text"])
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 14, f["d_money"])
    ws.set_column(3, 6, 14)
    ws.freeze_panes(header_row + 1, 1)
    write_string = getattr(ws, "_write_string", ws.write_string)
    write_number = getattr(ws, "_write_number", ws.write_number)
    write_formula = getattr(ws, "_write_formula", ws.write_formula)
    cached = ctx.cached
    money, pct, num = f["money"], f["pct"], f["int"]
    pos_l, value_l, cm_l, small_l, run_l, aff_l = (x.tolist() for x in (pos, value, cm, small, running, affected))
    for i in range(len(pos_l)):
        row = header_row + 1 + i
        x = row + 1
        p = pos_l[i]
        if ids[p] is not None:
            write_string(row, 0, ids[p], f["d_text"])
        write_number(row, 1, p + 1, num)
        write_number(row, 2, value_l[i], f["d_money"])
        run = f"=IF(B{x}=B{x - 1},F{x - 1},0)+E{x}" if i else f"=E{x}"
        cells = (
            (f"=INDEX(cust_cm,B{x})", pct, cm_l[i]),
            (f'=IF(AND(C{x}<calc_min_order_value,INDEX(cust_segment,B{x})<>"{key}"),1,0)', num, small_l[i]),
            (run, num, run_l[i]),
            (f"=IF(AND(E{x}=1,F{x}=1),D{x}*MAX(INDEX(cust_revenue,B{x}),0),0)", money, aff_l[i]),
        )
        for j, (formula, fmt, v) in enumerate(cells, start=3):
            write_formula(row, j, formula, fmt, v if cached else 0)
    last_row = max(header_row + 1 + len(pos_l), header_row + 2)
    sheet = _q(t("xl_orders"))
    for col, name in (("C", "value"), ("D", "cm"), ("E", "small"), ("F", "running"), ("G", "affected")):
        ctx.wb.define_name(f"order_{name}", f"={sheet}!${col}${header_row + 2}:${col}${last_row}")
    ws.protect("", {"format_columns": True, "format_rows": True, "sort": False, "autofilter": True})
    ws.repeat_rows(header_row)


#: rows of the Summary sheet that the NPV-by-lever chart covers (below the notes, printed with them)
_CHART_ROWS = 18


def _waterfall_chart(ctx: _Ctx, ws: Any, first: int, last: int, at_row: int) -> None:
    """Bars of the NPV by lever (rows ``first``..``last``, 0-based, of ``ws``): the parts and their sum,
    negative parts red, placed at ``at_row``; the chart reads the cells, so it follows the inputs."""
    sheet = _q(ctx.t("xl_summary"))
    chart = ctx.wb.add_chart({"type": "bar"})
    chart.add_series({
        "name": ctx.t("xl_waterfall_internal"),
        "categories": f"={sheet}!$A${first + 1}:$A${last + 1}",
        "values": f"={sheet}!$B${first + 1}:$B${last + 1}",
        "fill": {"color": "#2E8B57"},
        "invert_if_negative": True,
        "invert_if_negative_color": "#C0392B",
        "data_labels": {"value": True, "num_format": MONEY_FORMATS[ctx.lang].replace(".00", "")},
    })
    chart.set_title({"name": ctx.t("xl_waterfall_internal"), "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True, "label_position": "low"})  # the first part on top; labels at the left
    chart.set_x_axis({"num_format": MONEY_FORMATS[ctx.lang].replace(".00", ""), "major_gridlines": {"visible": True}})
    ws.insert_chart(at_row, 0, chart, {"x_scale": 1.35, "y_scale": 1.2})


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
    w.formula(t("xl_irr_internal"), "=irr_internal", bi.irr, f["pct_result"])
    w.formula(t("xl_roi_internal"), "=roi_internal", bi.roi, f["pct_result"])
    w.formula(t("xl_payback_internal"), "=payback_internal", bi.payback_months, f["months"])
    w.skip()
    w.formula(t("external_npv"), "=npv_external", be.npv_eur, f["money_bold"])
    w.formula(t("xl_irr_external"), "=irr_external", be.irr, f["pct_result"])
    w.formula(t("xl_payback_external"), "=payback_external", be.payback_months, f["months"])
    w.skip()
    w.formula(t("make_or_buy"), "=calc_choice",
              t("xl_choice_external") if res.make_or_buy.choice == "external" else t("xl_choice_internal"), f["bold"])
    w.skip()
    lf = res.levers
    w.text(t("xl_levers_h"), f["bold"])
    w.formula(t("xl_small_order_line"), "=calc_small_order_effect", lf.small_order_effect_eur if lf else 0.0,
              f["money"])
    w.formula(t("xl_digital_saving"), "=calc_digital_saving", _digital_saving(res), f["money"])
    w.skip()
    w.text(t("xl_waterfall_internal"), f["bold"])
    first_part = w.row
    for key in NPV_LEVERS:
        w.formula(t("npv_part_" + key), f"=npv_{key}_internal", bi.npv_by_lever_eur.get(key, 0.0), f["money"])
    w.formula(t("xl_waterfall_total"), "=npv_levers_internal", sum(bi.npv_by_lever_eur.get(k, 0.0) for k in NPV_LEVERS),
              f["money_bold"])
    last_part = w.row - 1
    w.skip()
    w.text(t("xl_empty_note"), f["note"])
    w.text(t("xl_irr_note"), f["note"])
    w.skip()
    _waterfall_chart(ctx, ws, first_part, last_part, w.row)
    ws.protect("", {"format_columns": True, "format_rows": True})
    _one_page(ws, w.row + _CHART_ROWS, 2, landscape=False)
