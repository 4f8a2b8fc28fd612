"""``python -m calc export``: workbook, HTML one-pager and rep assignment from the command line."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest

from calc.cli import main

DATA = pd.DataFrame({
    "Kundennummer": ["1", "2", "3", "4"],
    "Name": ['=HYPERLINK("http://x","y")', "Müller", "Schmidt", "Groß AG"],
    "Region": ["Süd", "Süd", "Nord", "Nord"],
    "Umsatz 2024": ["1.200,00", "3.000,00", "500,00", "20.000,00"],
    "Umsatz 2025": ["1.000,00", "2.500,00", "700,00", "25.000,00"],
})


@pytest.fixture
def data_file(tmp_path):
    pytest.importorskip("calc.readers", reason="calc.readers is not available yet")
    path = tmp_path / "kunden.csv"
    path.write_bytes(DATA.to_csv(sep=";", index=False).encode("utf-8-sig"))
    return path


def test_writes_all_three(tmp_path, data_file, capsys):
    xlsx, page, csv = tmp_path / "out.xlsx", tmp_path / "out.html", tmp_path / "reps.csv"
    code = main(["export", str(data_file), "--lang", "de", "--set", "capture_rate=0.05",
                 "--xlsx", str(xlsx), "--html", str(page), "--assignments", str(csv)])
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert str(xlsx) in out and str(page) in out and str(csv) in out
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Zusammenfassung", "Annahmen", "Kunden", "Modell"]
    ws = wb["Annahmen"]
    dn = wb.defined_names["capture_rate"]
    (sheet, coord), = list(dn.destinations)
    assert sheet == ws.title and ws[coord.replace("$", "")].value == 0.05
    text = page.read_text(encoding="utf-8")
    assert "kunden.csv" in text and "Umsatzschwelle" in text and "8.593,75\xa0€" in text
    # the report carries the risk: tornado and the seeded Monte Carlo run
    assert "Wahrscheinlichkeit eines positiven Kapitalwerts" in text and "Ausschöpfungsrate" in text
    reps = pd.read_csv(io.BytesIO(csv.read_bytes()), sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
    # planned per region (issue 10 item 6): Nord's one covered customer to IS-01, Süd's two to IS-02
    assert reps["Inside-Sales-Mitarbeiter"].tolist() == ["IS-01", "IS-02", "IS-02"]
    assert reps["Region"].tolist() == ["Nord", "Süd", "Süd"]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in reps["Name"].tolist()


def test_assignments_as_xlsx_and_english(tmp_path, data_file):
    out = tmp_path / "reps.xlsx"
    assert main(["export", str(data_file), "--lang", "en", "--assignments", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.title == "Assignment" and "Inside-sales rep" in [c.value for c in ws[1]]


def test_summary_still_works(data_file, capsys):
    assert main(["summary", str(data_file)]) == 0
    assert json.loads(capsys.readouterr().out)["segments"]["key"] == 1


def test_needs_an_output(data_file, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", str(data_file)])
    assert exc.value.code == 2
    assert "--xlsx, --html or --assignments" in capsys.readouterr().err


def test_bad_assumption_exits_2(tmp_path, capsys):
    code = main(["export", str(tmp_path / "x.csv"), "--set", "capture_rate=2", "--html", str(tmp_path / "o.html")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "capture_rate" in err
    assert not (tmp_path / "o.html").exists()


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["export", str(tmp_path / "missing.csv"), "--html", str(tmp_path / "o.html")]) == 2
    assert "missing.csv" in capsys.readouterr().err


def test_unwritable_output_exits_2(tmp_path, data_file, capsys):
    target = tmp_path / "no_such_dir" / "out.html"
    assert main(["export", str(data_file), "--html", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err
