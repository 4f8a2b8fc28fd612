"""Hostile upload files built by hand, shared by the tests and ``bench/bench_isolation.py``.

An XLSX is a zip of XML parts; :func:`xlsx_from_sheet_xml` writes the smallest valid
workbook around a worksheet XML given as text, so a test can declare any range and
place cells anywhere without a spreadsheet library allocating them.
"""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet_xml(cells: str, dimension: str | None = None) -> str:
    """A worksheet part: ``cells`` is the inner XML of ``<sheetData>``."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>{dim}'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )


def xlsx_from_sheet_xml(*sheets: str | tuple[str, str]) -> bytes:
    """A workbook whose worksheets are the given XML texts (or ``(name, xml)`` pairs)."""
    named = [s if isinstance(s, tuple) else (f"Sheet{i + 1}", s) for i, s in enumerate(sheets)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{_SHEET_TYPE}"/>'
            for i in range(len(named))
        )
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(overrides=overrides))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        sheet_tags = "".join(
            f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (name, _) in enumerate(named)
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS} '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheet_tags}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(named))
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>",
        )
        for i, (_, xml) in enumerate(named):
            zf.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
    return buf.getvalue()


def inline(ref: str, text: str) -> str:
    """One inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number(ref: str, value: float) -> str:
    """One number cell."""
    return f'<c r="{ref}"><v>{value}</v></c>'


def small_table_cells(rows: int = 3) -> str:
    """Header Kundennummer/Umsatz plus ``rows`` customers, from A1."""
    out = [f'<row r="1">{inline("A1", "Kundennummer")}{inline("B1", "Umsatz")}</row>']
    for r in range(2, rows + 2):
        out.append(f'<row r="{r}">{number(f"A{r}", r)}{number(f"B{r}", 100 * r)}</row>')
    return "".join(out)


def dimension_bomb() -> bytes:
    """The issue's 1.6 KB file: a small table, a declared range A1:XFD1048576 and one cell at XFD1048576."""
    cells = small_table_cells() + f'<row r="1048576">{number("XFD1048576", 1)}</row>'
    return xlsx_from_sheet_xml(sheet_xml(cells, "A1:XFD1048576"))


def declared_only_bomb() -> bytes:
    """A small table whose sheet declares A1:XFD1048576 but has no cell out there."""
    return xlsx_from_sheet_xml(sheet_xml(small_table_cells(), "A1:XFD1048576"))


def sparse_far_cell(ref: str = "ZZ1000000", declared: str | None = "A1:C4") -> bytes:
    """A small table plus one cell far away, under a declared range that lies about it."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    cells = small_table_cells() + f'<row r="{row}">{number(ref, 1)}</row>'
    return xlsx_from_sheet_xml(sheet_xml(cells, declared))


def wide_csv(columns: int = 5_000, rows: int = 40) -> bytes:
    """A CSV with ``columns`` columns (customer id, revenue, then filler)."""
    header = ";".join(["Kundennummer", "Umsatz"] + [f"Feld {j}" for j in range(columns - 2)])
    lines = [header]
    for r in range(rows):
        lines.append(";".join([str(r + 1), "100"] + ["x" * 8] * (columns - 2)))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def lying_sizes() -> bytes:
    """A small valid workbook whose worksheet claims, in both zip headers, to unpack to 10 bytes."""
    import struct

    data = bytearray(xlsx_from_sheet_xml(sheet_xml(small_table_cells())))
    member = b"xl/worksheets/sheet1.xml"
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member.decode())
    data[info.header_offset + 22 : info.header_offset + 26] = struct.pack("<I", 10)
    at = 0
    while (at := bytes(data).find(b"PK\x01\x02", at)) >= 0:
        name_len = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if bytes(data[at + 46 : at + 46 + name_len]) == member:
            data[at + 24 : at + 28] = struct.pack("<I", 10)
        at += 4
    return bytes(data)


def entity_sheet(doctype: str, entity: str) -> bytes:
    """A workbook whose worksheet declares ``doctype`` and uses ``&entity;`` in a cell."""
    body = sheet_xml(small_table_cells()).split("\n", 1)[1].replace("Kundennummer", f"&{entity};Kundennummer")
    return xlsx_from_sheet_xml(f'<?xml version="1.0"?>{doctype}' + body)


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
XXE = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
