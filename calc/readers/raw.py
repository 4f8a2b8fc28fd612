"""Bytes to a raw table: headers and one string column per header, with spreadsheet rows.

* The bytes decide the file type, never the name: zip with ``xl/workbook.xml`` is
  an Excel workbook (read with python-calamine), an OLE header is an old ``.xls``
  or a password-protected workbook (rejected), anything else is text.
* Text is read with ``pyarrow.csv`` as strings only (multi-threaded, several times
  faster than the pandas C engine); if pyarrow refuses the file, the pandas C
  engine reads it again to name the offending line (or accepts it, e.g. with
  short rows or blank lines).
* Nothing is parsed here: every cell stays text, untrimmed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..columns import recognise_header
from ..errors import DataError

__all__ = [
    "DELIMITER_NAMES",
    "MAX_COMPRESSION_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_MEMBERS",
    "RawTable",
    "load",
    "read_raw",
]

#: Cap on the total uncompressed size of an XLSX archive.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Cap on the compression ratio of an XLSX archive larger than 10 MB uncompressed.
MAX_COMPRESSION_RATIO = 100
#: Cap on the number of members of an XLSX archive.
MAX_ZIP_MEMBERS = 10_000
#: Field separators recognised in a text file, with their names for messages.
DELIMITER_NAMES = {";": "semicolon", "\t": "tab", ",": "comma", "|": "pipe"}


@dataclass(frozen=True)
class RawTable:
    """A file read as text: headers, one string array per column, spreadsheet rows.

    Attributes
    ----------
    headers
        Column headers, stripped of surrounding white space.
    columns
        One string column per header, cells as written.
    rows
        Row number of each data row as a spreadsheet shows it (the header is row 1
        of a CSV file; a workbook counts the rows above the header too).
    encoding
        Text encoding detected, or ``"xlsx"``.
    delimiter
        Field separator of a text file; None for a workbook.
    """

    headers: list[str]
    columns: list[pa.ChunkedArray]
    rows: np.ndarray
    encoding: str
    delimiter: str | None


def load(source: Any, filename: str | None) -> tuple[bytes, str]:
    """Return the bytes of ``source`` (bytes, a path or a file-like) and the name for messages."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), filename or "upload"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        try:
            return path.read_bytes(), name
        except OSError as exc:
            raise DataError(f"the file cannot be opened ({exc.strerror or exc})", file=name) from None
    if hasattr(source, "read"):
        name = filename or str(getattr(source, "name", "upload"))
        try:
            content = source.read()
        except Exception as exc:  # noqa: BLE001
            raise DataError(f"the upload cannot be read ({exc})", file=name) from None
        if isinstance(content, str):
            content = content.encode("utf-8")
        return bytes(content), name
    raise DataError(f"cannot read data from a {type(source).__name__}; pass bytes or a path", file=filename)


def read_raw(
    data: bytes, name: str, *, sheet: str | int | None, max_rows: int, mapping: Mapping[str, str | None]
) -> RawTable:
    """Read a file's bytes into a :class:`RawTable`; the content decides CSV or XLSX."""
    if not data or (not data[:4096].strip() and not data.strip()):
        raise DataError("the file is empty", file=name)
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise DataError(
            "this is an old .xls or a password-protected workbook: save it as .xlsx (without password) or CSV",
            file=name,
        )
    if data[:4] == b"PK\x03\x04":
        return _read_workbook(data, name, sheet, max_rows, mapping)
    if data[:2] == b"PK":
        raise DataError("this is a zip archive, not an Excel workbook or CSV file", file=name)
    return _read_text(data, name, max_rows)


# --------------------------------------------------------------------------- text files


def _detect_encoding(data: bytes) -> tuple[bytes, str]:
    """Return UTF-8 bytes (BOM kept for pyarrow to skip) and the encoding's name."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data[3:].decode("cp1252", errors="replace").encode("utf-8"), "cp1252"
        return data, "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise DataError("the file claims to be UTF-16 but is not valid UTF-16") from None
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        codec = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(codec).encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise DataError("the file looks binary, not like a CSV or Excel file") from None
    if data.isascii():
        return data, "utf-8"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8"), "latin-1"


def _sniff_delimiter(first_line: str) -> str:
    """The separator found most often outside quotes in the header line (``,`` if none)."""
    counts = dict.fromkeys(DELIMITER_NAMES, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITER_NAMES, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_text(data: bytes, name: str, max_rows: int) -> RawTable:
    utf8, encoding = _detect_encoding(data)
    if b"\x00" in utf8[:65536]:
        raise DataError("the file looks binary, not like a CSV or Excel file", file=name)
    head = utf8[:65536].decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = head.lstrip("\r\n").splitlines()
    delimiter = _sniff_delimiter(lines[0] if lines else "")
    table = None
    first_byte = utf8[3:4] if utf8.startswith(b"\xef\xbb\xbf") else utf8[:1]
    if lines and not first_byte.isspace():
        n_fields = len(next(csv.reader([lines[0]], delimiter=delimiter)))
        table = _pyarrow_csv(utf8, delimiter, n_fields)
    if table is None:
        headers, columns, rows = _pandas_csv(utf8, delimiter, name, max_rows)
    else:
        if table.num_rows == 0:
            raise DataError("the file is empty", file=name)
        headers = ["" if h is None else str(h) for h in table.slice(0, 1).to_pylist()[0].values()]
        body = table.slice(1)
        columns = [c.combine_chunks() if c.num_chunks > 64 else c for c in body.columns]
        columns = [pa.chunked_array([c]) if isinstance(c, pa.Array) else c for c in columns]
        rows = np.arange(2, body.num_rows + 2, dtype=np.int64)
    if len(rows) > max_rows:
        raise DataError(f"the file has {len(rows):,} data rows; at most {max_rows:,} are accepted", file=name)
    return RawTable([h.strip() for h in headers], columns, rows, encoding, delimiter)


def _pyarrow_csv(utf8: bytes, delimiter: str, n_fields: int) -> pa.Table | None:
    """Fast path: every column as strings; None if pyarrow refuses the file.

    Trailing blank lines are cut off first; the pandas path keeps exact row
    numbers for everything pyarrow refuses.
    """
    end = len(utf8)
    while end and utf8[end - 1 : end] in (b"\n", b"\r", b" ", b"\t"):
        end -= 1
    names = [f"f{i}" for i in range(n_fields)]
    try:
        return pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(utf8).slice(0, end)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                check_utf8=True,
                column_types=dict.fromkeys(names, pa.string()),
            ),
        )
    except pa.ArrowException:
        return None


def _pandas_csv(utf8: bytes, delimiter: str, name: str, max_rows: int) -> tuple[list[str], list[pa.ChunkedArray], np.ndarray]:
    """Careful path with exact line numbers in errors; blank lines kept as rows."""
    body = utf8[3:] if utf8.startswith(b"\xef\xbb\xbf") else utf8
    skipped, pos = 0, 0  # leading blank lines: the header is the first non-blank line
    while True:
        nl = body.find(b"\n", pos)
        if nl < 0 or body[pos:nl].strip():
            break
        skipped, pos = skipped + 1, nl + 1
    try:
        frame = pd.read_csv(
            io.BytesIO(body[pos:]),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8",
            engine="c",
            nrows=max_rows + 2,
        )
    except pd.errors.EmptyDataError:
        raise DataError("the file is empty", file=name) from None
    except pd.errors.ParserError as exc:
        text = str(exc)
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
        if match:
            expected, line, saw = (int(g) for g in match.groups())
            raise DataError(
                f"this row has {saw} fields but the header has {expected}: a value probably contains the "
                f"separator ({DELIMITER_NAMES[delimiter]}) without quotes; fix the row or re-export the file "
                "with quoted text",
                file=name,
                row=line + skipped,
            ) from None
        match = re.search(r"EOF inside string starting at row (\d+)", text)
        if match:
            raise DataError(
                "a quote (\") opened in this row is never closed; fix the quotes or re-export the file",
                file=name,
                row=int(match.group(1)) + 1 + skipped,
            ) from None
        raise DataError(f"the file is not a readable CSV file ({text})", file=name) from None
    headers = [str(v) for v in frame.iloc[0].tolist()] if len(frame) else []
    columns = [
        pa.chunked_array([pa.array(frame.iloc[1:, j].to_numpy(dtype=object), type=pa.string())])
        for j in range(frame.shape[1])
    ]
    rows = np.arange(2, len(frame) + 1, dtype=np.int64) + skipped
    return headers, columns, rows


# --------------------------------------------------------------------------- workbooks


def _check_zip(data: bytes, name: str) -> None:
    """Refuse archives that are damaged, not a workbook, or too large when unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise DataError("the workbook is damaged or truncated (not a valid zip archive); save it again as .xlsx", file=name) from None
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise DataError("this is a zip archive, not an Excel workbook; upload an .xlsx or CSV file", file=name)
    if len(infos) > MAX_ZIP_MEMBERS:
        raise DataError(f"the workbook has {len(infos):,} parts; at most {MAX_ZIP_MEMBERS:,} are accepted", file=name)
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNCOMPRESSED_BYTES:
        raise DataError(
            f"the workbook unpacks to {total / 1e6:,.0f} MB; at most {MAX_UNCOMPRESSED_BYTES / 1e6:,.0f} MB are "
            "accepted: upload a smaller extract or a CSV file",
            file=name,
        )
    if total > 10_000_000 and total / packed > MAX_COMPRESSION_RATIO:
        raise DataError("the workbook is compressed suspiciously strongly and is not read", file=name)


def _cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # int, time, timedelta and anything else


def _read_workbook(data: bytes, name: str, sheet: str | int | None, max_rows: int, mapping: Mapping[str, str | None]) -> RawTable:
    _check_zip(data, name)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types
        raise DataError(f"the workbook cannot be read ({exc}); save it again as .xlsx or CSV", file=name) from None
    sheet_names = list(book.sheet_names)
    if not sheet_names:
        raise DataError("the workbook has no worksheets", file=name)
    if sheet is not None:
        if isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(sheet_names):
                raise DataError(f"there is no worksheet number {sheet}; the workbook has {len(sheet_names)}", file=name)
            candidates = [sheet_names[sheet]]
        elif str(sheet) in sheet_names:
            candidates = [str(sheet)]
        else:
            listed = ", ".join(f"'{s}'" for s in sheet_names)
            raise DataError(f"there is no worksheet '{sheet}'; the workbook has {listed}", file=name)
    else:
        candidates = sheet_names
    cells: list[list[Any]] = []
    for sheet_name in candidates:
        try:
            cells = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False, nrows=max_rows + 52)
        except Exception as exc:  # noqa: BLE001
            raise DataError(f"worksheet '{sheet_name}' cannot be read ({exc})", file=name) from None
        if any(c not in (None, "") for row in cells for c in row):
            break
    else:
        raise DataError("the workbook has no data (all worksheets are empty)", file=name)
    width = max((len(r) for r in cells), default=0)
    texts = [[_cell_text(c) for c in row] + [""] * (width - len(row)) for row in cells]
    header_idx = _find_header_row(texts, mapping)
    headers = texts[header_idx]
    body = texts[header_idx + 1 :]
    if len(body) > max_rows:
        raise DataError(f"the worksheet has more than {max_rows:,} data rows", file=name)
    columns = [pa.chunked_array([pa.array([r[j] for r in body], type=pa.string())]) for j in range(width)]
    rows = np.arange(header_idx + 2, header_idx + 2 + len(body), dtype=np.int64)
    return RawTable([h.strip() for h in headers], columns, rows, "xlsx", None)


def _find_header_row(texts: list[list[str]], mapping: Mapping[str, str | None]) -> int:
    """The header is the row (among the first 30) with the most recognised headers."""
    best, best_score = None, 0
    first_nonempty = None
    for i, row in enumerate(texts[:30]):
        filled = [c.strip() for c in row if c.strip()]
        if not filled:
            continue
        if first_nonempty is None:
            first_nonempty = i
        score = sum(1 for c in filled if c in mapping or recognise_header(c) is not None)
        if score > best_score:
            best, best_score = i, score
    if best is not None:
        return best
    return first_nonempty or 0
