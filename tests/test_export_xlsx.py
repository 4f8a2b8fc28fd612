"""The XLSX export: live formulas that LibreOffice recalculates to compute()'s figures.

How recalculation is forced: LibreOffice does not recalculate an .xlsx on load by
default, it shows the cached values.  The tests run ``soffice --headless
--convert-to xlsx`` with a private user profile (``-env:UserInstallation=``) whose
``registrymodifications.xcu`` sets ``Calc/Formula/Load/OOXMLRecalcMode`` to 0
("always recalculate").  That it really recalculates is proven by converting a
workbook written with ``cached_values=False`` (every formula's cached value 0): the
converted copy holds the true figures.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from calc.assumptions import Assumptions
from calc.export_xlsx import SEGMENT_LABELS, workbook_bytes
from calc.model import NPV_LEVERS, SEGMENTS, compute

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CENT = 0.005

libreoffice = pytest.mark.libreoffice
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def small_table(n: int = 60, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "customer_id": [f"{1000 + i:05d}" for i in range(n)],
        "name": [f"Elektro Müller {i}" for i in range(n)],
        "region": rng.choice(["Nord", "Süd", "Ost"], n),
        "employees": rng.choice([np.nan, 1.0, 2.0, 4.0, 8.0], n),
        "visits_12m": rng.integers(0, 5, n).astype(float),
        "cm_rate": rng.choice([np.nan, 0.25, 0.4], n),
        "revenue_2023": rng.gamma(1.2, 5000, n),
        "revenue_2024": rng.gamma(1.2, 5000, n) * (rng.random(n) > 0.1),
    })
    df.loc[0, "name"] = '=HYPERLINK("http://x","y")'
    df.loc[1, "name"] = "@SUM(A1)"
    df.loc[2, "customer_id"] = "-2+3"
    df.loc[3, "revenue_2024"] = -120.0  # credit note: a real negative number
    df.loc[4, "name"] = "-Elektro Meier-"
    df.loc[5, "name"] = "+49 Telefon"
    return df


#: a scenario where IRR and payback exist
GOOD = Assumptions(capture_rate=0.25, churn_baseline=0.2, potential_threshold=1_000_000, accounts_per_rep=60)


# ------------------------------------------------------------------------- helpers
@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory) -> Path:
    profile = tmp_path_factory.mktemp("lo_profile")
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
    return profile


def recalc(files: list[Path], profile: Path, outdir: Path, *, timeout: float = 240) -> list[Path]:
    """Open and save ``files`` with LibreOffice (one call), recalculating every formula."""
    outdir.mkdir(exist_ok=True)
    cmd = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "xlsx", "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    out = [outdir / f.name for f in files]
    for path in out:
        assert path.is_file(), f"LibreOffice did not write {path}"
    return out


def named(wb, name: str):
    """Value(s) of a workbook-level defined name (a cell or a column range)."""
    dn = wb.defined_names[name]
    (sheet, coord), = list(dn.destinations)
    cells = wb[sheet][coord.replace("$", "")]
    if isinstance(cells, tuple):
        return [row[0].value for row in cells]
    return cells.value


def assert_matches(wb, result, *, lang: str = "en") -> None:
    fc = result.field_cost
    assert named(wb, "calc_cost_per_visit") == pytest.approx(fc.cost_per_visit_eur, abs=CENT)
    assert named(wb, "calc_revenue_threshold") == pytest.approx(fc.revenue_threshold_eur, abs=CENT)
    for seg in SEGMENTS:
        assert named(wb, f"count_{seg}") == result.segments.counts[seg], seg
    assert named(wb, "calc_covered") == result.team.covered_customers
    assert named(wb, "calc_reps") == result.team.reps
    assert named(wb, "calc_team_cost") == pytest.approx(result.team.annual_cost_eur, abs=CENT)
    for variant, bc in (("internal", result.internal), ("external", result.external)):
        cash = named(wb, f"cash_{variant}")
        H = result.assumptions.horizon_years
        np.testing.assert_allclose(cash[: H + 1], bc.cash_flows_eur, rtol=0, atol=CENT)
        assert all(c == 0 for c in cash[H + 1:])
        assert named(wb, f"npv_{variant}") == pytest.approx(bc.npv_eur, abs=CENT)
        irr = named(wb, f"irr_{variant}")
        if bc.irr is None:
            assert irr in (None, "")
        else:
            assert irr == pytest.approx(bc.irr, abs=1e-6)
        roi = named(wb, f"roi_{variant}")
        assert roi == pytest.approx(bc.roi, abs=1e-9)
        pay = named(wb, f"payback_{variant}")
        if bc.payback_months is None:
            assert pay in (None, "")
        else:
            assert pay == pytest.approx(bc.payback_months, abs=CENT)
        # the NPV by lever: each part the app's, and the parts add up to the NPV cell
        parts = [named(wb, f"npv_{key}_{variant}") for key in NPV_LEVERS]
        np.testing.assert_allclose(parts, [bc.npv_by_lever_eur[k] for k in NPV_LEVERS], rtol=0, atol=CENT)
        assert named(wb, f"npv_levers_{variant}") == pytest.approx(named(wb, f"npv_{variant}"), abs=CENT)
        assert sum(parts) == pytest.approx(named(wb, f"npv_{variant}"), abs=CENT)
    levers = result.levers
    assert named(wb, "calc_min_order_value") == pytest.approx(min(levers.small_orders.min_order_value_eur, 1e300),
                                                              abs=CENT)
    assert named(wb, "calc_small_orders") == pytest.approx(levers.small_orders.orders, abs=1e-9)
    assert named(wb, "calc_small_customers") == levers.small_orders.customers
    assert named(wb, "calc_small_order_effect") == pytest.approx(levers.small_order_effect_eur, abs=CENT)
    assert named(wb, "calc_covered_orders") == pytest.approx(levers.covered_orders_12m, abs=1e-9)
    t_choice = {"en": ("own team", "provider"), "de": ("eigenes Team", "Dienstleister")}[lang]
    expected = t_choice[1] if result.make_or_buy.choice == "external" else t_choice[0]
    assert named(wb, "calc_choice") == expected


def set_input(wb, name: str, value) -> None:
    ws = wb[wb.defined_names[name].attr_text.split("!")[0].strip("'")]
    (sheet, coord), = list(wb.defined_names[name].destinations)
    wb[sheet][coord.replace("$", "")].value = value
    assert ws.title == sheet


# ------------------------------------------------------------------------- without LibreOffice
def test_cached_values_equal_compute_without_recalculation(tmp_path):
    data = small_table()
    result = compute(data, GOOD)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, GOOD)), data_only=True)
    assert wb.sheetnames == ["Summary", "Inputs", "Customers", "Model"]
    assert_matches(wb, result)


def test_inputs_are_defined_names_and_overrides_empty():
    data = small_table()
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, Assumptions(capture_rate=0.04))))
    assert named(wb, "capture_rate") == 0.04
    assert named(wb, "cost_per_visit") is None
    assert named(wb, "revenue_threshold") is None
    assert named(wb, "include_inactive") is False
    assert named(wb, "potential_method") == "Homogeneous"  # the method's name in the workbook's language
    # segment and covered are formulas, not values
    ws = wb["Customers"]
    header = [c.value for c in ws[2]]
    seg_col = header.index("Segment") + 1
    assert str(ws.cell(3, seg_col).value).startswith("=IF(")


def test_injection_is_a_string_cell_never_a_formula():
    data = small_table()
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, Assumptions())))
    ws = wb["Customers"]
    by_id = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    name_cell = ws.cell(by_id["01000"], 2)
    assert name_cell.data_type == "s"
    # the text exactly as it came: no apostrophe (a string cell is never a formula)
    assert name_cell.value == '=HYPERLINK("http://x","y")'
    assert ws.cell(by_id["01001"], 2).value == "@SUM(A1)"
    assert ws.cell(by_id["-2+3"], 1).data_type == "s"
    assert ws.cell(by_id["01004"], 2).value == "-Elektro Meier-"
    assert ws.cell(by_id["01005"], 2).value == "+49 Telefon"
    # the credit note stays a negative number
    header = [c.value for c in ws[2]]
    rev = ws.cell(by_id["01003"], header.index("Revenue 2024") + 1)
    assert rev.data_type == "n" and rev.value == -120.0


def test_german_labels():
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(small_table(), Assumptions(), lang="de")),
                                data_only=True)
    assert wb.sheetnames == ["Zusammenfassung", "Annahmen", "Kunden", "Modell"]
    assert named(wb, "count_small") >= 0
    segs = set(named(wb, "cust_segment"))
    assert segs <= set(SEGMENT_LABELS["de"].values())


def test_empty_table_still_writes():
    data = pd.DataFrame({"customer_id": pd.Series([], dtype=str), "revenue": pd.Series([], dtype=float)})
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, Assumptions())), data_only=True)
    assert named(wb, "calc_reps") == 0


# ------------------------------------------------------------------------- with LibreOffice
@libreoffice
@needs_soffice
def test_libreoffice_recalculates_to_compute(tmp_path, lo_profile):
    data = small_table()
    one_team = data.drop(columns="region")  # GOOD pays off with one rep for all 60; three regions need three
    cases = {
        "good_en.xlsx": (one_team, GOOD, "en"),
        "default_de.xlsx": (data, Assumptions(), "de"),
        "historical_en.xlsx": (data, GOOD.replace(potential_method="historical"), "en"),
        "overrides_en.xlsx": (data, GOOD.replace(revenue_threshold=5000.0, include_inactive=True,
                                                  cost_per_visit=100.0, horizon_years=7), "en"),
        # the lever lines (levers.md): live formulas in the cash and the ROI
        "levers_en.xlsx": (data.assign(orders_12m=np.arange(len(data)) % 7 * 3.0),
                           GOOD.replace(small_order_policy="surcharge", digital_share=0.4), "en"),
    }
    files = []
    for fname, (df, a, lang) in cases.items():
        path = tmp_path / fname
        # cached values deliberately 0: only a real recalculation gives the figures
        path.write_bytes(workbook_bytes(df, a, lang=lang, cached_values=False))
        files.append(path)
    # the uncalculated file really holds zeros
    raw = openpyxl.load_workbook(files[0], data_only=True)
    assert named(raw, "npv_internal") == 0 and named(raw, "calc_revenue_threshold") == 0
    out = recalc(files, lo_profile, tmp_path / "out")
    for path in out:
        df, a, lang = cases[path.name]
        result = compute(df, a)
        wb = openpyxl.load_workbook(path, data_only=True)
        assert_matches(wb, result, lang=lang)
    good = compute(one_team, GOOD)
    assert compute(data, GOOD).team.reps == 3  # the other files recalculate the team planned per region
    assert good.internal.irr is not None and good.internal.payback_months is not None
    # the injected name is still a string after LibreOffice saved the file
    ws = openpyxl.load_workbook(out[0])["Customers"]
    names = [ws.cell(r, 2) for r in range(3, ws.max_row + 1)]
    assert all(c.data_type == "s" for c in names if c.value is not None)
    assert any(c.value == '=HYPERLINK("http://x","y")' for c in names)


@libreoffice
@needs_soffice
def test_changed_inputs_recalculate(tmp_path, lo_profile):
    data = small_table()
    src = tmp_path / "src.xlsx"
    src.write_bytes(workbook_bytes(data, GOOD))
    changes = {
        "capture.xlsx": {"capture_rate": 0.06},
        "segments.xlsx": {"include_inactive": True, "revenue_threshold": 4000.0, "potential_threshold": 20000.0,
                          "horizon_years": 8, "discount_rate": 0.1},
        "costs.xlsx": {"field_rep_annual_cost": 90000.0, "accounts_per_rep": 25, "employees_default": 5.0,
                       "external_cost_per_rep": 70000.0},
    }
    files = []
    for fname, change in changes.items():
        wb = openpyxl.load_workbook(src)
        for name, value in change.items():
            set_input(wb, name, value)
        wb.save(tmp_path / fname)
        files.append(tmp_path / fname)
    for path in recalc(files, lo_profile, tmp_path / "out"):
        expected = compute(data, GOOD.replace(**changes[path.name]))
        wb = openpyxl.load_workbook(path, data_only=True)
        assert_matches(wb, expected)


@libreoffice
@needs_soffice
def test_sample_data_recalculates(tmp_path, lo_profile):
    readers = pytest.importorskip("calc.readers", reason="calc.readers is not available yet")
    sample = ROOT / "sample_data" / "kunden.csv"
    if not sample.is_file():
        pytest.skip("sample_data/kunden.csv is not committed")
    data = readers.read_data(sample).customers
    a = Assumptions()
    path = tmp_path / "kunden.xlsx"
    path.write_bytes(workbook_bytes(data, a, lang="de", cached_values=False))
    (out,) = recalc([path], lo_profile, tmp_path / "out")
    assert_matches(openpyxl.load_workbook(out, data_only=True), compute(data, a), lang="de")
