"""Read customer and transaction exports (CSV or XLSX) into the canonical customer table.

Users upload CRM/ERP exports, often German: ``;`` as separator, decimal comma,
``1.234,56``, Windows-1252 or UTF-8 with BOM, ``31.12.2024`` dates. This module
turns such a file into the customer table the model relies on (see
:func:`read_data`) and a :class:`ReadReport` listing what was recognised, what was
ignored and every cell that could not be used.

Design
------
* The bytes decide the file type, never the name: zip with ``xl/workbook.xml`` is
  an Excel workbook (read with python-calamine), an OLE header is an old ``.xls``
  or a password-protected workbook (rejected), anything else is text.
* Text is read with ``pyarrow.csv`` as strings only (multi-threaded, several times
  faster than the pandas C engine); if pyarrow refuses the file, the pandas C
  engine reads it again to name the offending line (or accepts it, e.g. with
  short rows or blank lines).
* Numbers are parsed per column with vectorised pyarrow string kernels. Each
  column is German (``1.234,56``) or English (``1,234.56``) by majority of the
  values that can only be read one way; a tie (only values like ``1.234``) follows
  the whole file, then the separator (``;`` -> German, else English).
* Every failure is a mask; the first 1,000 problems are kept with their row.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .columns import (
    DATE_COLUMNS,
    NUMBER_COLUMNS,
    TEXT_COLUMNS,
    is_canonical,
    recognise_header,
)
from .errors import DataError
from .limits import Limits
from .precheck import check_upload

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_PROBLEMS",
    "MAX_UNCOMPRESSED_BYTES",
    "Problem",
    "ReadReport",
    "ReadResult",
    "read_data",
]

#: Longest accepted cell, in characters.
MAX_CELL_CHARS = 10_000
#: Problems kept in the report (the total is counted anyway).
MAX_PROBLEMS = 1_000
#: Cap on the total uncompressed size of an XLSX archive.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Cap on the compression ratio of an XLSX archive larger than 10 MB uncompressed.
MAX_COMPRESSION_RATIO = 100
#: Cap on the number of members of an XLSX archive.
MAX_ZIP_MEMBERS = 10_000
#: Number of most recent revenue years kept.
MAX_REVENUE_YEARS = 5

_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_DELIMITERS = (";", "\t", ",", "|")
_DELIMITER_NAMES = {";": "semicolon", "\t": "tab", ",": "comma", "|": "pipe"}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Problem:
    """One cell that could not be used.

    Attributes
    ----------
    row
        1-based row as a spreadsheet shows it (the header is row 1).
    column
        Original header of the column.
    value
        The cell text.
    reason
        What is wrong and what happened to the value, in English.
    """

    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class ReadReport:
    """What :func:`read_data` found in a file.

    Attributes
    ----------
    file
        File name used in messages.
    kind
        ``"customers"`` or ``"transactions"``.
    encoding
        Text encoding detected (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``,
        ``"cp1252"``, ``"latin-1"``) or ``"xlsx"``.
    delimiter
        Field separator of a text file; None for a workbook.
    rows_read
        Non-blank data rows in the file (lines for a transaction table).
    customers
        Rows of the resulting customer table.
    columns_recognised
        Original header -> canonical column name.
    columns_ignored
        Original headers not used (unknown, mapped to nothing, or a second column
        for the same canonical name).
    revenue_years
        Years of the ``revenue_<YYYY>`` columns, ascending; empty if ``revenue``.
    problems
        The first :data:`MAX_PROBLEMS` unusable cells, by row.
    problems_total
        Number of unusable cells in total.
    lines_without_customer_id
        Rows left out because they have no customer id.
    warnings
        Human-readable English sentences about decisions taken.
    """

    file: str
    kind: str
    encoding: str
    delimiter: str | None
    rows_read: int
    customers: int
    columns_recognised: dict[str, str] = field(default_factory=dict)
    columns_ignored: tuple[str, ...] = ()
    revenue_years: tuple[int, ...] = ()
    problems: tuple[Problem, ...] = ()
    problems_total: int = 0
    lines_without_customer_id: int = 0
    warnings: tuple[str, ...] = ()

    def problems_frame(self) -> pd.DataFrame:
        """Return the kept problems as a frame with columns row, column, value, reason."""
        return pd.DataFrame(
            {
                "row": pd.Series([p.row for p in self.problems], dtype="int64"),
                "column": pd.Series([p.column for p in self.problems], dtype=_STR),
                "value": pd.Series([p.value for p in self.problems], dtype=_STR),
                "reason": pd.Series([p.reason for p in self.problems], dtype=_STR),
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-serialisable plain types."""
        return {
            "file": self.file,
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "rows_read": int(self.rows_read),
            "customers": int(self.customers),
            "columns_recognised": dict(self.columns_recognised),
            "columns_ignored": list(self.columns_ignored),
            "revenue_years": [int(y) for y in self.revenue_years],
            "problems": [
                {"row": int(p.row), "column": p.column, "value": p.value, "reason": p.reason}
                for p in self.problems
            ],
            "problems_total": int(self.problems_total),
            "lines_without_customer_id": int(self.lines_without_customer_id),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class ReadResult:
    """Result of :func:`read_data`: the canonical customer table and the report."""

    customers: pd.DataFrame
    report: ReadReport


# --------------------------------------------------------------------------- raw table


@dataclass
class _Raw:
    """A file read as text: headers, one string array per column, spreadsheet rows."""

    headers: list[str]
    columns: list[pa.ChunkedArray]
    rows: np.ndarray
    encoding: str
    delimiter: str | None


@dataclass
class _Problems:
    """Collects problem masks and builds the report's problem list at the end."""

    parts: list[tuple[np.ndarray, str, np.ndarray, str]] = field(default_factory=list)
    total: int = 0

    def add(self, mask: np.ndarray, rows: np.ndarray, column: str, values: pa.ChunkedArray, reason: str) -> None:
        count = int(mask.sum())
        if not count:
            return
        self.total += count
        idx = np.flatnonzero(mask)[:MAX_PROBLEMS]
        taken = values.take(pa.array(idx)).to_pylist()
        self.parts.append((rows[idx], column, np.array(["" if v is None else v for v in taken], dtype=object), reason))

    def build(self) -> tuple[Problem, ...]:
        items = [
            (int(r), i, column, str(v), reason)
            for i, (rws, column, vals, reason) in enumerate(self.parts)
            for r, v in zip(rws.tolist(), vals.tolist(), strict=True)
        ]
        items.sort(key=lambda t: (t[0], t[1]))
        return tuple(Problem(r, c, v, reason) for r, _, c, v, reason in items[:MAX_PROBLEMS])


# --------------------------------------------------------------------------- public API


def read_data(
    source: bytes | str | os.PathLike,
    *,
    filename: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | int | None = None,
    max_rows: int | None = None,
    limits: Limits | None = None,
) -> ReadResult:
    """Read a customer or transaction table (CSV or XLSX) into the canonical customer table.

    Parameters
    ----------
    source
        File content (bytes, e.g. from an upload) or a path.
    filename
        Name used in messages; default the path's name, or ``"upload"``.
    mapping
        Explicit header overrides ``{"original header": "canonical_name"}``, applied
        before synonym recognition; ``""`` or None ignores that column.
    sheet
        Worksheet name or 0-based index of a workbook; default the first non-empty one.
    max_rows
        Largest number of data rows accepted; default ``limits.rows``.
    limits
        Rows, columns and cells checked before reading (:func:`calc.precheck.check_upload`);
        default :meth:`calc.limits.Limits.from_env`.

    Returns
    -------
    ReadResult
        ``customers``: one row per customer with ``customer_id`` (string dtype),
        either ``revenue`` or ``revenue_<YYYY>`` (float64, ascending years, at most
        5), ``name``, ``industry``, ``region``, ``postcode``, ``field_rep`` (string
        dtype), ``visits_12m``, ``employees``, ``potential``, ``cm_rate`` (fraction),
        ``orders_12m`` (float64) and ``last_order_date`` (datetime64). Optional
        columns missing from the file are present and empty (NaN/NaT).
        ``report``: see :class:`ReadReport`.

    Raises
    ------
    DataError
        If the file cannot be used; the message names file, row and column where
        known and says what to do.
    """
    data, name = _load(source, filename)
    limits = limits or Limits.from_env()
    try:
        check_upload(data, filename=name, sheet=sheet, limits=limits)
        return _read(data, name, mapping or {}, sheet, int(limits.rows if max_rows is None else max_rows))
    except DataError:
        raise
    except MemoryError:
        raise DataError("the file is too large to read in memory; upload a smaller extract", file=name) from None
    except Exception as exc:  # noqa: BLE001 - the contract: only DataError escapes
        raise DataError(f"the file could not be read ({type(exc).__name__}: {exc})", file=name) from exc


# --------------------------------------------------------------------------- loading


def _load(source: Any, filename: str | None) -> tuple[bytes, str]:
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


def _read(data: bytes, name: str, mapping: Mapping[str, str | None], sheet: str | int | None, max_rows: int) -> ReadResult:
    if not data or (not data[:4096].strip() and not data.strip()):
        raise DataError("the file is empty", file=name)
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise DataError(
            "this is an old .xls or a password-protected workbook: save it as .xlsx (without password) or CSV",
            file=name,
        )
    if data[:4] == b"PK\x03\x04":
        raw = _read_workbook(data, name, sheet, max_rows, mapping)
    elif data[:2] == b"PK" or data[:4] == b"\x50\x4b\x05\x06":
        raise DataError("this is a zip archive, not an Excel workbook or CSV file", file=name)
    else:
        raw = _read_text(data, name, max_rows)
    return _build(raw, name, mapping)


# --------------------------------------------------------------------------- text files


def _detect_encoding(data: bytes) -> tuple[bytes, str]:
    """Return UTF-8 bytes (BOM kept for pyarrow to skip) and the encoding's name."""
    if data.startswith(b"\xef\xbb\xbf"):
        enc = "utf-8-sig"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data[3:].decode("cp1252", errors="replace").encode("utf-8"), "cp1252"
        return data, enc
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
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_text(data: bytes, name: str, max_rows: int) -> _Raw:
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
    return _Raw([h.strip() for h in headers], columns, rows, encoding, delimiter)


def _pyarrow_csv(utf8: bytes, delimiter: str, n_fields: int) -> pa.Table | None:
    """Fast path: every column as strings; None if pyarrow refuses the file.

    Blank lines are not skipped (they make pyarrow fail, and the pandas path keeps
    exact row numbers), so trailing blank lines are cut off here first.
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
    except (pa.ArrowInvalid, pa.ArrowException):
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
                f"separator ({_DELIMITER_NAMES[delimiter]}) without quotes; fix the row or re-export the file "
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
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (time, timedelta)):
        return str(value)
    return str(value)


def _read_workbook(data: bytes, name: str, sheet: str | int | None, max_rows: int, mapping: Mapping[str, str | None]) -> _Raw:
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
    used_sheet = candidates[0]
    for sheet_name in candidates:
        try:
            cells = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False, nrows=max_rows + 52)
        except Exception as exc:  # noqa: BLE001
            raise DataError(f"worksheet '{sheet_name}' cannot be read ({exc})", file=name) from None
        if any(c not in (None, "") for row in cells for c in row):
            used_sheet = sheet_name
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
    del used_sheet
    return _Raw(headers=[h.strip() for h in headers], columns=columns, rows=rows, encoding="xlsx", delimiter=None)


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


# --------------------------------------------------------------------------- parsing helpers


def _trim(col: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.utf8_trim_whitespace(col)


def _nonempty(trimmed: pa.ChunkedArray) -> np.ndarray:
    return pc.fill_null(pc.greater(pc.utf8_length(trimmed), 0), False).to_numpy(zero_copy_only=False)


_DE_NUMBER = r"^-?(?:(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?|,\d+)$"
_EN_NUMBER = r"^-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"


@dataclass
class _NumberColumn:
    cleaned: pa.ChunkedArray
    nonempty: np.ndarray
    percent: np.ndarray
    de: np.ndarray
    en: np.ndarray

    @property
    def evidence(self) -> tuple[int, int]:
        return int((self.de & ~self.en).sum()), int((self.en & ~self.de).sum())


def _prepare_number(trimmed: pa.ChunkedArray) -> _NumberColumn:
    nonempty = _nonempty(trimmed)
    s = pc.replace_substring_regex(trimmed, r"[\s\x{00A0}\x{202F}\x{2007}€]+|(?i:eur)", "")
    percent = pc.fill_null(pc.ends_with(s, "%"), False).to_numpy(zero_copy_only=False)
    if percent.any():
        s = pc.replace_substring_regex(s, r"%$", "")
    if pc.any(pc.match_substring_regex(s, r"^\+|^\(.*\)$|.-$")).as_py():
        s = pc.replace_substring_regex(s, r"^\+", "")
        s = pc.replace_substring_regex(s, r"^\((.+)\)$", r"-\1")
        s = pc.replace_substring_regex(s, r"^([^-].*)-$", r"-\1")
    de = pc.fill_null(pc.match_substring_regex(s, _DE_NUMBER), False).to_numpy(zero_copy_only=False)
    en = pc.fill_null(pc.match_substring_regex(s, _EN_NUMBER), False).to_numpy(zero_copy_only=False)
    return _NumberColumn(s, nonempty, percent, de, en)


def _finish_number(col: _NumberColumn, german: bool) -> tuple[np.ndarray, np.ndarray]:
    """Return float64 values (NaN where empty or unusable) and the mask of unusable cells."""
    if german:
        ok = col.de
        s = pc.replace_substring(pc.replace_substring(col.cleaned, ".", ""), ",", ".")
    else:
        ok = col.en
        s = pc.replace_substring(col.cleaned, ",", "")
    s = pc.if_else(pa.array(ok), s, pa.scalar(None, pa.string()))
    # "12," / ",5" forms: make them castable
    s = pc.replace_substring_regex(s, r"\.$", "")
    values = pc.cast(s, pa.float64()).to_numpy(zero_copy_only=False)
    values = np.asarray(values, dtype=np.float64)
    failed = col.nonempty & ~ok
    return values, failed


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d",
    "%Y%m%d",
)


def _parse_dates(trimmed: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return datetime64[ns] values (NaT where empty/unusable), mask of unusable cells, mask of empty."""
    nonempty = _nonempty(trimmed)
    codes, uniques = pd.factorize(pd.Series(trimmed.to_pandas(types_mapper=lambda t: _STR), copy=False), use_na_sentinel=True)
    uniq = pd.Series(np.asarray(uniques, dtype=object))
    parsed = pd.Series(pd.NaT, index=uniq.index, dtype="datetime64[ns]")
    todo = uniq.str.len() > 0
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        got = pd.to_datetime(uniq[todo], format=fmt, errors="coerce")
        hit = got.notna()
        if hit.any():
            parsed.loc[got.index[hit]] = got[hit].astype("datetime64[ns]")
            todo.loc[got.index[hit]] = False
    values = parsed.to_numpy()
    out = np.full(len(codes), np.datetime64("NaT"), dtype="datetime64[ns]")
    valid = codes >= 0
    out[valid] = values[codes[valid]]
    failed = nonempty & np.isnat(out)
    return out, failed, ~nonempty


def _text_series(trimmed: pa.ChunkedArray) -> pd.Series:
    """String column with NaN for empty cells."""
    arr = pc.if_else(pc.greater(pc.utf8_length(trimmed), 0), trimmed, pa.scalar(None, pa.string()))
    return pd.Series(pd.array(arr, dtype=_STR))


def _normalise_ids(trimmed: pa.ChunkedArray) -> pa.ChunkedArray:
    """``1234.0`` (an Excel number) -> ``1234``; everything else stays as written."""
    if pc.any(pc.match_substring_regex(trimmed, r"^\d+\.0+$")).as_py():
        trimmed = pc.replace_substring_regex(trimmed, r"^(\d+)\.0+$", r"\1")
    return trimmed


# --------------------------------------------------------------------------- building


def _resolve_columns(raw: _Raw, name: str, mapping: Mapping[str, str | None], warnings: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    seen: dict[str, int] = {}
    for j, header in enumerate(raw.headers):
        if not header:
            continue
        if header in seen:
            raise DataError(
                f"the header '{header}' appears twice (columns {seen[header] + 1} and {j + 1}): rename or "
                "delete one of them",
                file=name,
                row=int(raw.rows[0]) - 1 if len(raw.rows) else 1,
                column=header,
            )
        seen[header] = j
    overrides = {str(k).strip(): v for k, v in mapping.items()}
    for key, target in overrides.items():
        if target and not is_canonical(str(target)):
            raise DataError(
                f"the mapping assigns column '{key}' to '{target}', which is not a known column name "
                "(e.g. customer_id, revenue, revenue_2024, name, date, amount)",
                file=name,
            )
        if key not in seen:
            warnings.append(f"The mapping names the column '{key}', which is not in the file.")
    used: dict[str, int] = {}
    recognised: dict[str, str] = {}
    ignored: list[str] = []
    for j, header in enumerate(raw.headers):
        label = header or f"(column {j + 1} without header)"
        if header in overrides:
            target = overrides[header] or None
        else:
            target = recognise_header(header) if header else None
        if target is None:
            if header or bool(_nonempty(_trim(raw.columns[j])).any()):
                ignored.append(label)
            continue
        target = str(target)
        if target in used:
            first = raw.headers[used[target]]
            ignored.append(label)
            warnings.append(f"Column '{label}' also means {target}; only the first such column '{first}' is used.")
            continue
        used[target] = j
        recognised[header] = target
    return used, recognised, ignored


def _build(raw: _Raw, name: str, mapping: Mapping[str, str | None]) -> ReadResult:
    warnings: list[str] = []
    if not raw.headers or not any(raw.headers):
        raise DataError("the file is empty", file=name)
    used, recognised, ignored = _resolve_columns(raw, name, mapping, warnings)
    if "customer_id" not in used:
        found = ", ".join(f"'{h}'" for h in raw.headers if h) or "none"
        raise DataError(
            f"no customer id column found (headers found: {found}); map the column that holds the "
            "customer number to 'customer_id'",
            file=name,
        )
    # trim all columns; drop rows that are blank in every column
    trimmed = {j: _trim(c) for j, c in enumerate(raw.columns)}
    filled = np.zeros(len(raw.rows), dtype=bool)
    for j in trimmed:
        filled |= _nonempty(trimmed[j])
    if not filled.all():
        keep = pa.array(np.flatnonzero(filled))
        trimmed = {j: c.take(keep) for j, c in trimmed.items()}
        rows = raw.rows[filled]
    else:
        rows = raw.rows
    for j, col in trimmed.items():
        longest = pc.max(pc.utf8_length(col)).as_py() if len(col) else 0
        if longest and longest > MAX_CELL_CHARS:
            idx = int(np.argmax(pc.utf8_length(col).to_numpy(zero_copy_only=False) > MAX_CELL_CHARS))
            raise DataError(
                f"a cell has {longest:,} characters; at most {MAX_CELL_CHARS:,} are accepted",
                file=name,
                row=int(rows[idx]),
                column=raw.headers[j] or f"column {j + 1}",
            )
    if len(rows) == 0:
        raise DataError("the file has a header but no data rows", file=name)
    revenue_cols = [c for c in used if c == "revenue" or c.startswith("revenue_")]
    has_amount = "amount" in used or ("quantity" in used and "unit_price" in used)
    is_transactions = "date" in used and has_amount and not revenue_cols
    ctx = _Context(raw, name, used, trimmed, rows, warnings, _Problems(), recognised)
    if is_transactions:
        frame, n_without, years = _transactions(ctx)
        kind = "transactions"
    else:
        frame, n_without, years = _customers(ctx)
        kind = "customers"
    report = ReadReport(
        file=name,
        kind=kind,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        rows_read=len(rows),
        customers=len(frame),
        columns_recognised=recognised,
        columns_ignored=tuple(ignored),
        revenue_years=tuple(years),
        problems=ctx.problems.build(),
        problems_total=ctx.problems.total,
        lines_without_customer_id=n_without,
        warnings=tuple(warnings),
    )
    return ReadResult(customers=frame, report=report)


@dataclass
class _Context:
    raw: _Raw
    name: str
    used: dict[str, int]
    trimmed: dict[int, pa.ChunkedArray]
    rows: np.ndarray
    warnings: list[str]
    problems: _Problems
    recognised: dict[str, str]

    def col(self, canonical: str) -> pa.ChunkedArray:
        return self.trimmed[self.used[canonical]]

    def header(self, canonical: str) -> str:
        return self.raw.headers[self.used[canonical]]

    def numbers(self, names: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Parse number columns; return canonical -> (values, failed mask, percent mask)."""
        prepared = {n: _prepare_number(self.col(n)) for n in names}
        de = sum(p.evidence[0] for p in prepared.values())
        en = sum(p.evidence[1] for p in prepared.values())
        file_german = de > en if de != en else self.raw.delimiter == ";"
        out = {}
        for n, p in prepared.items():
            d, e = p.evidence
            german = d > e if d != e else file_german
            values, failed = _finish_number(p, german)
            out[n] = (values, failed, p.percent)
        return out


def _ids(ctx: _Context) -> tuple[pa.ChunkedArray, np.ndarray]:
    ids = _normalise_ids(ctx.col("customer_id"))
    return ids, _nonempty(ids)


def _keep_years(years: list[int], ctx: _Context) -> list[int]:
    years = sorted(years)
    if len(years) > MAX_REVENUE_YEARS:
        dropped = years[:-MAX_REVENUE_YEARS]
        ctx.warnings.append(
            f"Only the last {MAX_REVENUE_YEARS} years of revenue are used; "
            f"{', '.join(map(str, dropped))} {'was' if len(dropped) == 1 else 'were'} left out."
        )
        years = years[-MAX_REVENUE_YEARS:]
    return years


def _customers(ctx: _Context) -> tuple[pd.DataFrame, int, list[int]]:
    name = ctx.name
    yearly = sorted(int(c.split("_")[1]) for c in ctx.used if c.startswith("revenue_"))
    if not yearly and "revenue" not in ctx.used:
        if "amount" in ctx.used:
            ctx.used["revenue"] = ctx.used.pop("amount")
            ctx.recognised[ctx.header("revenue")] = "revenue"
            ctx.warnings.append(
                f"No revenue column and no date column were found; column '{ctx.header('revenue')}' is used as "
                "the revenue of the last 12 months."
            )
        else:
            found = ", ".join(f"'{h}'" for h in ctx.raw.headers if h)
            raise DataError(
                f"no revenue column found (headers found: {found}); map the revenue column to 'revenue' "
                "(last 12 months) or to 'revenue_<YYYY>' (one per year), or upload the transaction table",
                file=name,
            )
    if yearly and "revenue" in ctx.used:
        ctx.warnings.append(
            f"The file has both a revenue column '{ctx.header('revenue')}' and yearly revenue columns; "
            "the yearly columns are used."
        )
        del ctx.used["revenue"]
    years = _keep_years(yearly, ctx) if yearly else []
    revenue_cols = [f"revenue_{y}" for y in years] if yearly else ["revenue"]

    ids, has_id = _ids(ctx)
    n_without = int((~has_id).sum())
    keep_idx = np.flatnonzero(has_id)
    rows = ctx.rows[keep_idx]
    take = pa.array(keep_idx)
    ids = ids.take(take)
    ctx.trimmed = {j: c.take(take) for j, c in ctx.trimmed.items()}
    ctx.rows = rows
    if len(rows) == 0:
        raise DataError("no row has a customer id", file=name, column=ctx.header("customer_id"))

    id_series = pd.Series(pd.array(ids, dtype=_STR))
    dup = id_series.duplicated(keep=False).to_numpy()
    if dup.any():
        dup_ids = id_series[dup]
        first_ids = list(dict.fromkeys(dup_ids.tolist()))
        parts = []
        for cid in first_ids[:5]:
            where = rows[(id_series == cid).to_numpy()][:5]
            parts.append(f"'{cid}' (rows {', '.join(map(str, where.tolist()))})")
        more = f" and {len(first_ids) - 5} more" if len(first_ids) > 5 else ""
        raise DataError(
            f"customer ids appear more than once: {'; '.join(parts)}{more}. A customer table needs one row per "
            "customer: merge these rows, or upload the transaction table (one row per invoice line) instead",
            file=name,
            column=ctx.header("customer_id"),
        )

    out: dict[str, Any] = {"customer_id": id_series}
    for col in ("name", "industry", "region", "postcode", "field_rep"):
        out[col] = _text_series(ctx.col(col)) if col in ctx.used else pd.Series(np.nan, index=range(len(rows)), dtype=_STR)
    number_names = [c for c in ctx.used if c in NUMBER_COLUMNS and c != "revenue"] + [c for c in revenue_cols if c in ctx.used]
    number_names = [c for c in number_names if c not in ("amount", "quantity", "unit_price")]
    parsed = ctx.numbers(number_names)
    for col in revenue_cols:
        values, failed, _ = parsed[col]
        ctx.problems.add(failed, rows, ctx.header(col), ctx.col(col), "not a number; the revenue is treated as missing")
        out[col] = values
    for col in ("visits_12m", "employees", "potential", "cm_rate", "orders_12m"):
        if col not in parsed:
            out[col] = np.full(len(rows), np.nan)
            continue
        values, failed, percent = parsed[col]
        ctx.problems.add(failed, rows, ctx.header(col), ctx.col(col), "not a number; left empty")
        if col == "cm_rate":
            values = _cm_rate(values, percent, ctx, rows)
        elif col in ("visits_12m", "employees", "orders_12m", "potential"):
            negative = values < 0
            ctx.problems.add(negative, rows, ctx.header(col), ctx.col(col), "negative; left empty")
            values = np.where(negative, np.nan, values)
        out[col] = values
    if "last_order_date" in ctx.used:
        dates, failed, _ = _parse_dates(ctx.col("last_order_date"))
        ctx.problems.add(failed, rows, ctx.header("last_order_date"), ctx.col("last_order_date"), "not a date; left empty")
        out["last_order_date"] = dates
    else:
        out["last_order_date"] = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[ns]")
    frame = _assemble(out, revenue_cols, len(rows))
    return frame, n_without, years


def _cm_rate(values: np.ndarray, percent: np.ndarray, ctx: _Context, rows: np.ndarray) -> np.ndarray:
    values = values.copy()
    values[percent] = values[percent] / 100.0
    plain = ~percent & ~np.isnan(values)
    if plain.any():
        share = float(((values[plain] > 1) & (values[plain] <= 100)).mean())
        if share > 0.5:
            values[plain] = values[plain] / 100.0
            ctx.warnings.append(
                f"The margin column '{ctx.header('cm_rate')}' holds numbers between 1 and 100; they are read as "
                "percentages (25 = 25 %)."
            )
    outside = (values < 0) | (values > 1)
    ctx.problems.add(
        outside, rows, ctx.header("cm_rate"), ctx.col("cm_rate"), "margin rate outside 0-100 %; left empty"
    )
    values[outside] = np.nan
    return values


def _assemble(out: dict[str, Any], revenue_cols: list[str], n: int) -> pd.DataFrame:
    order = ["customer_id", "name", "industry", "region", "postcode", "field_rep", *revenue_cols,
             "visits_12m", "employees", "potential", "cm_rate", "orders_12m", "last_order_date"]
    frame = pd.DataFrame(index=pd.RangeIndex(n))
    for col in order:
        value = out[col]
        if col in TEXT_COLUMNS:
            frame[col] = pd.Series(value).reset_index(drop=True).astype(_STR)
        elif col in DATE_COLUMNS:
            frame[col] = pd.Series(np.asarray(value, dtype="datetime64[ns]"))
        else:
            frame[col] = np.asarray(value, dtype=np.float64)
    return frame


def _transactions(ctx: _Context) -> tuple[pd.DataFrame, int, list[int]]:
    rows_all = ctx.rows
    ids, has_id = _ids(ctx)
    n_without = int((~has_id).sum())
    dates, date_failed, date_empty = _parse_dates(ctx.col("date"))
    names = ["amount"] if "amount" in ctx.used else ["quantity", "unit_price"]
    extra_numbers = [c for c in ("visits_12m", "employees", "potential", "cm_rate") if c in ctx.used]
    parsed = ctx.numbers(names + extra_numbers)
    if "amount" in ctx.used:
        amount, amount_failed, _ = parsed["amount"]
        amount_cols = ["amount"]
        ctx.problems.add(has_id & amount_failed, rows_all, ctx.header("amount"), ctx.col("amount"), "not a number; line left out")
        for extra in ("quantity", "unit_price"):
            if extra in ctx.used:
                ctx.warnings.append(f"Column '{ctx.header(extra)}' is not used because the file has a net amount column.")
    else:
        qty, qf, _ = parsed["quantity"]
        price, pf, _ = parsed["unit_price"]
        amount = qty * price
        amount_failed = qf | pf
        amount_cols = ["quantity", "unit_price"]
        ctx.problems.add(has_id & qf, rows_all, ctx.header("quantity"), ctx.col("quantity"), "not a number; line left out")
        ctx.problems.add(has_id & pf, rows_all, ctx.header("unit_price"), ctx.col("unit_price"), "not a number; line left out")
    amount_missing = np.isnan(amount) & ~amount_failed
    for col in amount_cols:
        ctx.problems.add(has_id & amount_missing & ~_nonempty(ctx.col(col)), rows_all, ctx.header(col), ctx.col(col), "missing; line left out")
    ctx.problems.add(has_id & date_failed, rows_all, ctx.header("date"), ctx.col("date"), "not a date; line left out")
    ctx.problems.add(has_id & date_empty, rows_all, ctx.header("date"), ctx.col("date"), "date missing; line left out")

    use = has_id & ~np.isnat(dates) & ~np.isnan(amount)
    idx = np.flatnonzero(use)
    if idx.size == 0:
        raise DataError("no transaction line has a customer id, a valid date and a valid amount", file=ctx.name)
    take = pa.array(idx)
    id_series = pd.Series(pd.array(ids.take(take), dtype=_STR))
    codes, uniques = pd.factorize(id_series)
    n_cust = len(uniques)
    d = dates[idx]
    a = amount[idx]
    years_all = d.astype("datetime64[Y]").astype(np.int64) + 1970
    years = _keep_years(np.unique(years_all).tolist(), ctx)
    out: dict[str, Any] = {"customer_id": pd.Series(np.asarray(uniques, dtype=object), dtype=_STR)}
    revenue_cols = [f"revenue_{y}" for y in years]
    ymap = np.full(int(years_all.max()) - int(years_all.min()) + 1, -1, dtype=np.int64)
    for k, y in enumerate(years):
        ymap[y - int(years_all.min())] = k
    yidx = ymap[years_all - int(years_all.min())]
    inyears = yidx >= 0
    flat = np.bincount(codes[inyears] * len(years) + yidx[inyears], weights=a[inyears], minlength=n_cust * len(years))
    matrix = flat.reshape(n_cust, len(years))
    for k, col in enumerate(revenue_cols):
        out[col] = matrix[:, k]
    newest = d.max()
    last_year = years[-1]
    newest_date = pd.Timestamp(newest)
    if newest_date < pd.Timestamp(year=last_year, month=12, day=1):
        ctx.warnings.append(
            f"The newest line is dated {newest_date.date().isoformat()}: revenue_{last_year} covers only part of "
            f"{last_year}."
        )
    positive = a > 0
    window = positive & (d > newest - np.timedelta64(365, "D"))
    if "order_id" in ctx.used:
        order_ids = ctx.col("order_id").take(take)
        has_order = _nonempty(order_ids)
        ocodes, _ = pd.factorize(pd.Series(pd.array(order_ids, dtype=_STR)))
        sel = window & has_order
        pairs = np.unique(codes[sel].astype(np.int64) * (int(ocodes.max()) + 2) + ocodes[sel])
        orders = np.bincount(pairs // (int(ocodes.max()) + 2), minlength=n_cust).astype(np.float64)
        lone = window & ~has_order  # lines without order number count one each
        orders += np.bincount(codes[lone], minlength=n_cust)
    else:
        orders = np.bincount(codes[window], minlength=n_cust).astype(np.float64)
    out["orders_12m"] = orders
    last = pd.Series(d[positive]).groupby(codes[positive]).max()
    last_dates = np.full(n_cust, np.datetime64("NaT"), dtype="datetime64[ns]")
    last_dates[last.index.to_numpy()] = last.to_numpy()
    out["last_order_date"] = last_dates
    for col in ("name", "industry", "region", "postcode", "field_rep"):
        if col in ctx.used:
            text = _text_series(ctx.col(col).take(take))
            got = text.groupby(codes).last()
            out[col] = got.reindex(range(n_cust))
        else:
            out[col] = pd.Series(np.nan, index=range(n_cust), dtype=_STR)
    for col in ("visits_12m", "employees", "potential", "cm_rate"):
        if col in parsed:
            values, failed, percent = parsed[col]
            ctx.problems.add(has_id & failed, rows_all, ctx.header(col), ctx.col(col), "not a number; left empty")
            if col == "cm_rate":
                values = _cm_rate(values, percent, ctx, rows_all)
            got = pd.Series(values[idx]).groupby(codes).last()
            out[col] = got.reindex(range(n_cust)).to_numpy()
        else:
            out[col] = np.full(n_cust, np.nan)
    frame = _assemble(out, revenue_cols, n_cust)
    return frame, n_without, years
