"""Bytes to a raw table: headers and one string column per header, with spreadsheet rows.

* The bytes decide the file type, never the name: zip with ``xl/workbook.xml`` is
  an Excel workbook (read with python-calamine), an OLE header is an old ``.xls``
  or a password-protected workbook (rejected), anything else is text.
* Binary files are refused: a known signature (PNG, JPEG, GIF, PDF, gzip, 7-Zip,
  RAR, ELF), or NUL bytes all over the first 64 KiB of the text: more than 10 % of
  its bytes, or in more than 5 % of its lines (and more than two lines). Fewer NUL
  bytes are bad cells, reported row by row (see :mod:`.table`).
* Text is read with ``pyarrow.csv`` as strings only (multi-threaded, several times
  faster than the pandas C engine). Rows with fewer fields than the header are set
  aside as :class:`ShortRow` (blank rows are dropped); a row with more fields, or
  anything else pyarrow refuses, is read again by the pandas C engine to name the
  offending line.
* Nothing is parsed here: every cell stays text, untrimmed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..columns import recognise_header
from ..errors import DataError, Msg

__all__ = [
    "only_data_errors",
    "BINARY_LINE_SHARE",
    "BINARY_NUL_SHARE",
    "BINARY_PROBE_BYTES",
    "BINARY_SIGNATURES",
    "DELIMITER_NAMES",
    "MAX_COMPRESSION_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_MEMBERS",
    "RawTable",
    "ShortRow",
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
#: Start of a text file examined for NUL bytes, in bytes.
BINARY_PROBE_BYTES = 65_536
#: A file is binary if NUL bytes are more than this share of the probe ...
BINARY_NUL_SHARE = 0.10
#: ... or if more than this share of its lines (and more than two) hold a NUL byte.
BINARY_LINE_SHARE = 0.05
#: Starts of common binary files (PNG, JPEG, GIF, PDF, gzip, 7-Zip, RAR, ELF) refused at once.
BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07", b"\x7fELF",
)


@contextmanager
def only_data_errors(name: str) -> Iterator[None]:
    """The readers' contract: only :class:`DataError` escapes a read of the file ``name``.

    A MemoryError becomes "too large to read in memory", any other exception "could not be read"
    with its type and text; a DataError (a LimitError too) passes as it is."""
    try:
        yield
    except DataError:
        raise
    except MemoryError:
        raise DataError(key="err_file_too_large_memory", file=name) from None
    except Exception as exc:  # noqa: BLE001 - the contract: only DataError escapes
        raise DataError(key="err_file_unreadable", values={"detail": f"{type(exc).__name__}: {exc}"}, file=name) from exc


@dataclass(frozen=True)
class ShortRow:
    """A row of a text file with fewer fields than the header; it is not part of the table.

    Attributes
    ----------
    row
        Row number as a spreadsheet shows it (the header is row 1).
    fields
        Number of fields the row has.
    text
        The row as written in the file.
    """

    row: int
    fields: int
    text: str


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
    short_rows
        Rows with fewer fields than the header (not in ``columns``), by row.
    may_hold_nul
        False if no cell can hold a NUL byte (the text has none), so nobody need look.
    """

    headers: list[str]
    columns: list[pa.ChunkedArray]
    rows: np.ndarray
    encoding: str
    delimiter: str | None
    short_rows: tuple[ShortRow, ...] = ()
    may_hold_nul: bool = True
    orders: pd.DataFrame | None = None  # a Parquet customer table's order values (:mod:`.parquet`)


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
            raise DataError(key="err_file_unopenable", values={"reason": exc.strerror or str(exc)}, file=name) from None
    if hasattr(source, "read"):
        name = filename or str(getattr(source, "name", "upload"))
        try:
            content = source.read()
        except Exception as exc:  # noqa: BLE001
            raise DataError(key="err_upload_unreadable", values={"reason": str(exc)}, file=name) from None
        if isinstance(content, str):
            content = content.encode("utf-8")
        return bytes(content), name
    raise DataError(key="err_source_type", values={"type": type(source).__name__}, file=filename)


def read_raw(
    data: bytes, name: str, *, sheet: str | int | None, max_rows: int, mapping: Mapping[str, str | None]
) -> RawTable:
    """Read a file's bytes into a :class:`RawTable`; the content decides CSV or XLSX."""
    if not data or (not data[:4096].strip() and not data.strip()):
        raise DataError(key="err_file_empty", file=name)
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise DataError(key="err_xls_old", file=name)
    if data[:4] == b"PK\x03\x04":
        return _read_workbook(data, name, sheet, max_rows, mapping)
    if data[:2] == b"PK":
        raise DataError(key="err_zip_not_workbook", file=name)
    if data[:4] == b"PAR1":
        from .parquet import read_parquet

        raw, orders = read_parquet(data, name, max_rows)
        return replace(raw, orders=orders)
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
            raise DataError(key="err_utf16_invalid") from None
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        codec = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(codec).encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise DataError(key="err_binary") from None
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


def _nul_bytes_all_over(utf8: bytes) -> bool:
    """True if NUL bytes are spread over the start of the text: a binary file, not a bad cell.

    See the module docstring for the rule; a few NUL bytes in a few rows are cells
    to report, not a reason to refuse the file.
    """
    head = utf8[:BINARY_PROBE_BYTES]
    nuls = head.count(b"\x00")
    if not nuls:
        return False
    if nuls > BINARY_NUL_SHARE * len(head):
        return True
    lines = head.split(b"\n")
    with_nul = sum(1 for line in lines if b"\x00" in line)
    return with_nul > max(2, BINARY_LINE_SHARE * len(lines))


def _leading_blank_lines(body: bytes) -> tuple[int, int]:
    """Byte offset of the first non-blank line (the header) and the number of blank lines before it."""
    skipped, pos = 0, 0
    while True:
        nl = body.find(b"\n", pos)
        if nl < 0 or body[pos:nl].strip():
            return pos, skipped
        skipped, pos = skipped + 1, nl + 1


def _read_text(data: bytes, name: str, max_rows: int) -> RawTable:
    if data.startswith(BINARY_SIGNATURES):
        raise DataError(key="err_binary", file=name)
    utf8, encoding = _detect_encoding(data)
    if _nul_bytes_all_over(utf8):
        raise DataError(key="err_binary", file=name)
    body = utf8[3:] if utf8.startswith(b"\xef\xbb\xbf") else utf8
    pos, skipped = _leading_blank_lines(body)
    lines = body[pos : pos + 65536].decode("utf-8", errors="replace").splitlines()
    delimiter = _sniff_delimiter(lines[0] if lines else "")
    n_fields = len(next(csv.reader([lines[0]], delimiter=delimiter))) if lines else 1
    fast = _pyarrow_csv(body[pos:], delimiter, n_fields, skipped)
    short_rows: tuple[ShortRow, ...] = ()
    if fast is None:
        headers, columns, rows = _pandas_csv(body, delimiter, name, max_rows)
    else:
        table, rows, short_rows = fast
        if table.num_rows == 0:
            raise DataError(key="err_file_empty", file=name)
        headers = ["" if h is None else str(h) for h in table.slice(0, 1).to_pylist()[0].values()]
        body_table = table.slice(1)
        columns = [c.combine_chunks() if c.num_chunks > 64 else c for c in body_table.columns]
        columns = [pa.chunked_array([c]) if isinstance(c, pa.Array) else c for c in columns]
    if len(rows) + len(short_rows) > max_rows:
        raise DataError(key="err_too_many_rows", values={"rows": len(rows) + len(short_rows), "max_rows": max_rows},
                        file=name)
    return RawTable([h.strip() for h in headers], columns, rows, encoding, delimiter, short_rows, b"\x00" in body)


def _pyarrow_csv(text: bytes, delimiter: str, n_fields: int, skipped: int) -> tuple[pa.Table, np.ndarray, tuple[ShortRow, ...]] | None:
    """Fast path: every column as strings, the data rows' numbers and the short rows.

    ``text`` starts at the header line, after ``skipped`` blank lines. Rows with
    fewer fields than the header are set aside (as :class:`ShortRow` unless they
    are blank); then the file is read a second time, in one thread, because only
    then does pyarrow know each row's number. Returns None if pyarrow refuses the
    file (e.g. a row with more fields than the header): the pandas path then names
    the line.
    """
    end = len(text)  # trailing blank lines go; the last line keeps its trailing tabs
    while end and text[end - 1] in b" \t\r\n":
        end -= 1
    while end < len(text) and text[end] not in b"\r\n":
        end += 1
    buffer = pa.py_buffer(text).slice(0, end)
    set_aside: list[tuple[int | None, int, str]] = []

    def handler(row: pacsv.InvalidRow) -> str:
        if row.actual_columns > row.expected_columns or row.text.count('"') % 2:
            return "error"  # too many fields, or a quote never closed: the pandas path names the row
        set_aside.append((row.number, row.actual_columns, row.text))
        return "skip"

    table = _pyarrow_read(buffer, delimiter, n_fields, handler, threads=True)
    if table is None:
        return None
    if not set_aside:
        return table, np.arange(2, table.num_rows + 1, dtype=np.int64) + skipped, ()
    set_aside.clear()
    table = _pyarrow_read(buffer, delimiter, n_fields, handler, threads=False)
    numbers = [n for n, _, _ in set_aside]
    if table is None or None in numbers or 1 in numbers:
        return None
    kept = np.ones(table.num_rows + len(numbers), dtype=bool)
    kept[np.array(numbers, dtype=np.int64) - 1] = False
    records = np.flatnonzero(kept) + 1  # 1-based numbers of the records pyarrow kept, header first
    short = tuple(
        ShortRow(int(n) + skipped, fields, line)
        for n, fields, line in set_aside
        if line.replace(delimiter, "").replace('"', "").strip()
    )
    return table, records[1:] + skipped, short


def _pyarrow_read(buffer: pa.Buffer, delimiter: str, n_fields: int, handler: Any, *, threads: bool) -> pa.Table | None:
    """``pyarrow.csv.read_csv`` with every column a string; None if pyarrow refuses the file."""
    names = [f"f{i}" for i in range(n_fields)]
    try:
        return pacsv.read_csv(
            pa.BufferReader(buffer),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22, use_threads=threads),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=handler
            ),
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


def _pandas_csv(body: bytes, delimiter: str, name: str, max_rows: int) -> tuple[list[str], list[pa.ChunkedArray], np.ndarray]:
    """Careful path with exact line numbers in errors; blank lines kept as rows.

    Used only when pyarrow refuses the file; it cannot tell a short row from one
    with empty trailing cells, so it reports no short rows.
    """
    pos, skipped = _leading_blank_lines(body)
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
        raise DataError(key="err_file_empty", file=name) from None
    except pd.errors.ParserError as exc:
        text = str(exc)
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
        if match:
            expected, line, saw = (int(g) for g in match.groups())
            raise DataError(
                key="err_row_fields",
                values={"saw": saw, "expected": expected, "separator": Msg("sep_" + DELIMITER_NAMES[delimiter])},
                file=name,
                row=line + skipped,
            ) from None
        match = re.search(r"EOF inside string starting at row (\d+)", text)
        if match:
            raise DataError(
                key="err_unclosed_quote",
                file=name,
                row=int(match.group(1)) + 1 + skipped,
            ) from None
        raise DataError(key="err_csv_unreadable", values={"detail": text}, file=name) from None
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
        raise DataError(key="err_workbook_damaged", file=name) from None
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise DataError(key="err_zip_not_workbook", file=name)
    if len(infos) > MAX_ZIP_MEMBERS:
        raise DataError(key="err_workbook_parts", values={"parts": len(infos), "max_parts": MAX_ZIP_MEMBERS}, file=name)
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNCOMPRESSED_BYTES:
        raise DataError(key="err_workbook_unpacked", values={"mb": round(total / 1e6), "max_mb": round(
            MAX_UNCOMPRESSED_BYTES / 1e6)}, file=name)
    if total > 10_000_000 and total / packed > MAX_COMPRESSION_RATIO:
        raise DataError(key="err_workbook_compressed", file=name)


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
        raise DataError(key="err_workbook_unreadable", values={"detail": str(exc)}, file=name) from None
    sheet_names = list(book.sheet_names)
    if not sheet_names:
        raise DataError(key="err_workbook_no_sheets", file=name)
    if sheet is not None:
        if isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(sheet_names):
                raise DataError(key="err_sheet_number", values={"number": str(sheet), "count": len(sheet_names)}, file=name)
            candidates = [sheet_names[sheet]]
        elif str(sheet) in sheet_names:
            candidates = [str(sheet)]
        else:
            listed = ", ".join(f"'{s}'" for s in sheet_names)
            raise DataError(key="err_sheet_missing", values={"sheet": str(sheet), "sheets": listed}, file=name)
    else:
        candidates = sheet_names
    cells: list[list[Any]] = []
    for sheet_name in candidates:
        try:
            cells = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False, nrows=max_rows + 52)
        except Exception as exc:  # noqa: BLE001
            raise DataError(key="err_sheet_unreadable", values={"sheet": sheet_name, "detail": str(exc)}, file=name) from None
        if any(c not in (None, "") for row in cells for c in row):
            break
    else:
        raise DataError(key="err_workbook_no_data", file=name)
    width = max((len(r) for r in cells), default=0)
    texts = [[_cell_text(c) for c in row] + [""] * (width - len(row)) for row in cells]
    header_idx = _find_header_row(texts, mapping)
    headers = texts[header_idx]
    body = texts[header_idx + 1 :]
    if len(body) > max_rows:
        raise DataError(key="err_sheet_too_many_rows", values={"max_rows": max_rows}, file=name)
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
