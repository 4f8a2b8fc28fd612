"""The Excel model as a controller works with it (issue 11).

* every named input is live: LibreOffice recalculates the workbook after each input
  is changed on the Inputs sheet (one at a time and a few together), on the sample
  and on a transaction-log upload, to ``calc.compute`` with the same change, to the cent;
* IRR equals the app's (a guess near it; empty where the app has none);
* injection-safe without mangling: texts exactly as they came, and every formula in
  the workbook's XML is one the exporter wrote;
* data validation, protection, units and method names in the workbook's language,
  print setup.

The input cells are changed by rewriting the Inputs sheet's XML (openpyxl would need
seconds per 5,000-customer file); the workbooks are written with ``cached_values=False``
so only a real recalculation gives the figures.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from xml.sax.saxutils import escape

import numpy as np
import openpyxl
import pandas as pd
import pytest
from test_export_xlsx import (
    GOOD,
    ROOT,
    assert_matches,
    libreoffice,
    lo_profile,  # noqa: F401  (pytest fixture)
    named,
    needs_soffice,
    recalc,
    small_table,
)

from calc.assumptions import SPECS, Assumptions
from calc.export_xlsx import WORKBOOK_INPUTS, choice_labels, irr_formula, unit_label, workbook_bytes
from calc.model import compute

INPUTS_XML = "xl/worksheets/sheet2.xml"  # Summary, Inputs, Customers, Model


# ------------------------------------------------------------------------- helpers
def input_row(name: str) -> int:
    """1-based row of an assumption on the Inputs sheet (header in row 1, SPECS order)."""
    return list(WORKBOOK_INPUTS).index(name) + 2


def _cell_xml(ref: str, style: str, value, lang: str, name: str) -> str:
    if value is None:
        return f'<c r="{ref}"{style}/>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, str):
        text = choice_labels(name, lang)[value] if SPECS[name].kind == "choice" else value
        return f'<c r="{ref}"{style} t="inlineStr"><is><t>{escape(text)}</t></is></c>'
    return f'<c r="{ref}"{style}><v>{float(value)!r}</v></c>'


def with_inputs(xlsx: bytes, changes: dict, lang: str) -> bytes:
    """The workbook with the Inputs cells of ``changes`` set, as a controller would type them."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    xml = src.read(INPUTS_XML).decode("utf-8")
    for name, value in changes.items():
        ref = f"B{input_row(name)}"
        pattern = re.compile(rf'<c r="{ref}"( s="\d+")?[^>]*?(?:/>|>.*?</c>)', re.S)
        match = pattern.search(xml)
        assert match, f"no cell {ref} for {name}"
        xml = xml[:match.start()] + _cell_xml(ref, match.group(1) or "", value, lang, name) + xml[match.end():]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, xml.encode("utf-8") if item.filename == INPUTS_XML else src.read(item.filename))
    return out.getvalue()


def changed_value(name: str, base: Assumptions, result):
    """A valid value of ``name`` other than the scenario's (one that moves the model where it can)."""
    spec = SPECS[name]
    default = getattr(base, name)
    if spec.kind == "bool":
        return not default
    if name == "cost_per_visit":
        return round(result.field_cost.cost_per_visit_eur * 1.3, 2)
    if name == "revenue_threshold":
        return round(result.field_cost.revenue_threshold_eur * 0.7, 2)
    if name == "min_order_value":  # derived 100 EUR at the defaults
        return round(result.levers.small_orders.min_order_value_eur * 1.5, 2)
    if spec.usual is not None and spec.usual[1] != default:
        value = spec.usual[1]
    elif spec.usual is not None:
        value = spec.usual[0]
    elif default == 0:
        value = spec.minimum + (spec.maximum - spec.minimum) * 0.1
    else:
        value = default * 1.25
        if spec.maximum is not None and value > spec.maximum:
            value = default * 0.8
    if spec.integer:
        value = int(round(value))
        if value == default:
            value = default - 1 if spec.maximum is not None and default + 1 > spec.maximum else default + 1
    return value


#: the lever assumptions (levers.md): changed one at a time from a base with a policy on
LEVER_INPUTS = tuple(name for name in WORKBOOK_INPUTS if SPECS[name].group == "levers")


def single_changes(base: Assumptions, result, names=None) -> dict[str, dict]:
    """One variant per named input of ``names`` (default: all but the levers; two for a choice)."""
    out: dict[str, dict] = {}
    for name in names if names is not None else [n for n in WORKBOOK_INPUTS if n not in LEVER_INPUTS]:
        spec = SPECS[name]
        if spec.kind == "choice":
            for choice in spec.choices:
                if choice != getattr(base, name):
                    out[f"{name}-{choice}"] = {name: choice}
        else:
            out[name] = {name: changed_value(name, base, result)}
    return out


COMBINED: dict[str, dict] = {
    "combo-historical": {"potential_method": "historical", "cm_rate": 0.4, "capture_rate": 0.05,
                         "horizon_years": 6, "include_inactive": True},
    "combo-data": {"potential_method": "data", "potential_per_employee": 12000.0, "employees_default": 3.0,
                   "accounts_per_rep": 300, "discount_rate": 0.12, "market_growth": -0.05},
    "combo-costs": {"field_rep_annual_cost": 95000.0, "visits_per_day": 4.0, "max_sales_cost_ratio": 0.08,
                    "inside_rep_annual_cost": 70000.0, "overhead_rate": 0.2, "external_cost_per_rep": 80000.0,
                    "setup_cost": 90000.0, "external_setup_cost": 30000.0},
}
#: the lever assumptions together (on the base with a policy on)
LEVER_COMBINED = {
    "combo-surcharge": {"small_order_policy": "surcharge", "surcharge_eur": 15.0, "consolidation_share": 0.3,
                        "policy_churn": 0.1, "digital_share": 0.3, "cost_per_order": 40.0},
    "combo-minimum": {"small_order_policy": "minimum", "min_order_value": 900.0, "digital_share": 0.2,
                      "digital_cost_per_order": 8.0, "cm_rate": 0.25, "revenue_threshold": 5000.0},
    "combo-minimum-derived": {"small_order_policy": "minimum", "cost_per_order": 300.0, "cm_rate": 0.2,
                              "consolidation_share": 0.8},
}


def _sample(name: str) -> pd.DataFrame:
    readers = pytest.importorskip("calc.readers", reason="calc.readers is not available yet")
    path = ROOT / "sample_data" / name
    if not path.is_file():
        pytest.skip(f"sample_data/{name} is not committed")
    return readers.read_data(path).customers


def formulas_of(xlsx: bytes) -> dict[str, list[str]]:
    """Every ``<f>`` formula text of every sheet, unescaped."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for item in z.namelist():
            if item.startswith("xl/worksheets/sheet"):
                xml = z.read(item).decode("utf-8")
                out[item] = [openpyxl.xml.functions.fromstring(f"<f>{m}</f>").text or ""
                             for m in re.findall(r"<f>(.*?)</f>", xml, re.S)]
    return out


# ------------------------------------------------------------------------- without LibreOffice
class TestInjectionSafe:
    def test_every_formula_is_one_the_exporter_wrote(self):
        data = small_table()
        xlsx = workbook_bytes(data, GOOD)
        formulas = formulas_of(xlsx)
        customers = formulas["xl/worksheets/sheet3.xml"]
        # exactly the seven formula columns per customer: five of the model, two of the small orders
        assert len(customers) == 7 * len(data)
        texts = {str(v) for col in ("customer_id", "name", "region") for v in data[col]}
        functions = set()
        for sheet in formulas.values():
            for formula in sheet:
                assert not any(text in formula for text in texts), formula
                functions |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", re.sub(r'"[^"]*"', '""', formula)))
        assert functions <= {"IF", "AND", "OR", "MAX", "MIN", "N", "ISNUMBER", "COUNT", "COUNTIF", "FALSE",
                             "SUM", "SUMPRODUCT", "ROUNDUP", "IRR", "IFERROR", "LEN", "TRIM"}

    def test_hostile_texts_are_kept_exactly(self):
        data = small_table()
        data.loc[6, "region"] = "=1+1"
        wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, GOOD)))
        ws = wb["Customers"]
        header = [c.value for c in ws[2]]
        rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
        region = ws.cell(rows["01006"], header.index("Region") + 1)
        assert region.data_type == "s" and region.value == "=1+1"
        assert ws.cell(rows["-2+3"], 1).value == "-2+3"


class TestIrrFormula:
    def test_search_starts_at_the_apps_irr(self):
        formula = irr_formula("I5:I15", -0.1908)
        assert formula.index("IRR(I5:I15,-0.1908)") < formula.index("IRR(I5:I15,0.1)")

    def test_default_start_where_the_app_has_none(self):
        assert irr_formula("I5:I15", None).count("IRR(I5:I15,0.1)") == 2

    def test_no_rate_at_or_below_minus_100_percent(self):
        formula = irr_formula("I5:I15", 0.2)
        assert formula.count(">-1,") == formula.count("IRR(") // 2 == 7

    def test_empty_without_a_sign_change(self):
        formula = irr_formula("I5:I15", 0.2)
        assert formula.startswith('=IF(AND(COUNTIF(I5:I15,">0")>0,COUNTIF(I5:I15,"<0")>0),')
        assert formula.endswith(',"")')


class TestControllerWorkbook:
    @pytest.fixture(scope="class")
    @classmethod
    def wb_de(cls):
        return openpyxl.load_workbook(io.BytesIO(workbook_bytes(small_table(), GOOD, lang="de")))

    def test_every_input_has_its_valid_range(self, wb_de):
        ws = wb_de["Annahmen"]
        rules = {str(cell): dv for dv in ws.data_validations.dataValidation for cell in dv.sqref}
        for name in WORKBOOK_INPUTS:
            spec = SPECS[name]
            dv = rules[f"B{input_row(name)}"]
            if spec.kind == "choice":
                assert dv.type == "list" and choice_labels(name, "de")[spec.choices[-1]] in dv.formula1
            elif spec.kind == "bool":
                assert dv.type == "custom"
            else:
                assert dv.type == ("whole" if spec.integer else "decimal"), name
                assert float(dv.formula1) == spec.minimum and float(dv.formula2) == spec.maximum, name

    def test_formula_sheets_protected_inputs_unlocked(self, wb_de):
        for sheet in wb_de.sheetnames:
            assert wb_de[sheet].protection.sheet, sheet
            assert not wb_de[sheet].protection.password, sheet
        ws = wb_de["Annahmen"]
        for name in WORKBOOK_INPUTS:
            assert ws[f"B{input_row(name)}"].protection.locked is False, name
        assert ws["A2"].protection.locked is not False
        kunden = wb_de["Kunden"]
        header = [c.value for c in kunden[2]]
        assert kunden.cell(3, header.index("Umsatz 2024") + 1).protection.locked is False
        assert kunden.cell(3, header.index("Segment") + 1).protection.locked is not False

    def test_units_and_method_in_german(self, wb_de):
        ws = wb_de["Annahmen"]
        assert ws[f"C{input_row('field_rep_annual_cost')}"].value == "EUR/Jahr"
        assert ws[f"C{input_row('horizon_years')}"].value == "Jahre"
        assert ws[f"B{input_row('potential_method')}"].value == "Pauschal je Beschäftigtem"
        assert unit_label("share per year", "de") == "Anteil pro Jahr"

    def test_irr_formatted_like_the_other_percentages(self, wb_de):
        fmt = {c.number_format for ws in (wb_de["Modell"], wb_de["Zusammenfassung"]) for row in ws.iter_rows()
               for c in row if isinstance(c.value, str) and c.value.startswith(("=IF(AND(COUNTIF", "=irr_", "=roi_",
                                                                                  "=IF(setup_cost", "=IF(external"))}
        assert fmt == {"0.0%"}

    def test_inputs_and_summary_print_on_one_page(self, wb_de):
        for sheet in ("Annahmen", "Zusammenfassung"):
            ws = wb_de[sheet]
            assert ws.print_area, sheet
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) in ((1, 1), (None, None)), sheet
        assert wb_de["Kunden"].print_title_rows.replace("$", "") == "2:2"


# ------------------------------------------------------------------------- with LibreOffice
@libreoffice
@needs_soffice
@pytest.mark.timeout(1800)  # about 60 workbooks of 600 and 5,000 customers on a loaded machine
def test_every_named_input_is_live(tmp_path, lo_profile):  # noqa: F811
    """Each input of the Inputs sheet changed alone (and a few together) on two data sets."""
    started = time.perf_counter()
    log = _sample("transaktionen.csv")
    sets = {
        "kunden": (_sample("kunden.csv"), Assumptions(), "de"),
        "transaktionen": (log, GOOD, "en"),
        # the levers from a base where they act: a policy on, digital ordering at 30 %
        "levers": (log, GOOD.replace(small_order_policy="minimum", digital_share=0.3, min_order_value=400.0), "de"),
    }
    cases, files = {}, []
    for label, (data, base, lang) in sets.items():
        result = compute(data, base)
        xlsx = workbook_bytes(data, base, lang=lang, result=result, cached_values=False)
        raw = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
        assert set(WORKBOOK_INPUTS) == set(SPECS) <= set(raw.defined_names), "every assumption is a named input"
        variants = ({**single_changes(base, result, LEVER_INPUTS), **LEVER_COMBINED} if label == "levers"
                    else {**single_changes(base, result), **COMBINED})
        for key, change in variants.items():
            path = tmp_path / f"{label}__{key}.xlsx"
            path.write_bytes(with_inputs(xlsx, change, lang))
            cases[path.name] = (data, base.replace(**change), lang)
            files.append(path)
    out = []
    for label in sets:  # one LibreOffice call per data set (a loaded machine needs minutes for each)
        batch = [f for f in files if f.name.startswith(label + "__")]
        out += recalc(batch, lo_profile, tmp_path / "out", timeout=600)
    failures = []
    for path in out:
        data, a, lang = cases[path.name]
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
        try:
            assert_matches(wb, compute(data, a), lang=lang)
        except AssertionError as exc:
            failures.append(f"{path.name}: {str(exc).splitlines()[0]}")
    assert not failures, "\n".join(failures)
    print(f"{len(files)} workbooks recalculated in {time.perf_counter() - started:.0f} s")


@libreoffice
@needs_soffice
def test_negative_irr_is_the_apps(tmp_path, lo_profile):  # noqa: F811
    """A scenario whose IRR is negative: LibreOffice's IRR from 10 % ran to a root below -100 %."""
    data = small_table().drop(columns=["region"])  # one team for all: with regions each region needs its own rep
    a = GOOD.replace(capture_rate=0.16, churn_program=0.2)  # the app: IRR -18.4 %
    result = compute(data, a)
    assert result.internal.irr is not None and -0.5 < result.internal.irr < 0
    no_irr = GOOD.replace(capture_rate=0.0, churn_program=0.2)
    assert compute(data, no_irr).internal.irr is None
    files = []
    for fname, scenario in (("neg.xlsx", a), ("none.xlsx", no_irr)):
        path = tmp_path / fname
        path.write_bytes(workbook_bytes(data, scenario, cached_values=False))
        files.append(path)
    for path, scenario in zip(recalc(files, lo_profile, tmp_path / "out"), (a, no_irr), strict=True):
        wb = openpyxl.load_workbook(path, data_only=True)
        assert_matches(wb, compute(data, scenario))
        assert named(wb, "irr_internal") == (pytest.approx(compute(data, scenario).internal.irr, abs=1e-6)
                                             if scenario is a else None)
    assert np.isfinite(result.internal.npv_eur)


class TestUnitLabel:
    def test_every_unit_of_the_specs_has_a_german_name(self):
        # a new unit needs an xl_unit_* key in calc/texts.py and an entry in export_xlsx._UNIT_KEYS
        missing = sorted({s.unit for s in SPECS.values() if s.unit and unit_label(s.unit, "de") == s.unit})
        assert not missing, missing

    def test_unknown_unit_stays_english(self):
        assert unit_label("widgets/hour", "de") == "widgets/hour"
