"""Check an upload's size against the :class:`~calc.limits.Limits` before anything is allocated.

The XLSX reader (python-calamine) builds a worksheet as one dense block from A1 to
its last cell. So a 1.6 KB file with two cells, at A1 and XFD1048576, asks for
512 GB at once and the process aborts. :func:`check_upload` finds such a file first:

* **Workbooks.** Each worksheet's XML is streamed out of the zip in 1 MB chunks. Its
  declared ``<dimension ref>`` and every cell reference ``<c r="...">`` are checked
  against rows, columns and cells (rows x columns of the area). A declared size is
  never trusted: the cell references decide too. The check stops at the first limit
  passed. Cells without a reference take their position from the row and the cell
  before, as the reader does.
* **Worksheet choice.** The reader takes the named sheet, or else the first one with
  data. The check goes through the same sheets in order and stops after the first
  one that surely holds data (a number cell). So every sheet the reader might read
  has been checked.
* **Text files.** The header line's fields (for the separator with most of them)
  are checked against the column limit.

Memory is bounded by the chunk size. Anything that is not a readable zip is left to
the reader, which says what is wrong.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET

from .errors import DataError
from .limits import LimitError, Limits

__all__ = ["SheetSize", "check_size", "check_upload", "sheet_sizes"]

CHUNK_BYTES = 1 << 20
#: Longest tag accepted in a worksheet XML (a real one is well under 1 KB).
MAX_TAG_BYTES = 1 << 20
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

_P = rb"(?:[A-Za-z_][\w.\-]*:)?"  # any namespace prefix: the reader matches local names
# The usual form, in C-speed counts and regexes with a literal start: no prefix,
# the reference first, in double quotes.
_C_OPEN = re.compile(rb"<c[\s/>]")
_PREFIXED_C = re.compile(rb"<[A-Za-z_][\w.\-]*:c[\s/>]")
_FAST_C_COL = re.compile(rb'<c r="([A-Za-z]{1,3})[0-9]')
_FAST_C_ROW = re.compile(rb'<c r="[A-Za-z]{1,3}([0-9]{1,7})"')
_FAST_NUMBER_CELL = re.compile(rb'<c r="[A-Za-z]{1,3}[0-9]{1,7}"(?: s="[0-9]*")?>\s*<v>\s*[-+.0-9]')
_TAG = re.compile(rb"<" + _P + rb"(row|c|dimension)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF_ATTR = re.compile(rb"""(?:^|\s)ref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(r"^\$?([A-Za-z]+)\$?([0-9]+)$")
# a cell without a type attribute (a number) whose value starts like a number
_NUMBER_CELL = re.compile(
    rb"<" + _P + rb"c(?:\s+(?!t[\s=])[\w:.\-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*>\s*<" + _P + rb"v>\s*[-+.0-9]"
)
_DELIMITERS = (";", "\t", ",", "|")

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_REL_ID = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)


@dataclass(frozen=True)
class SheetSize:
    """What :func:`sheet_sizes` found in one worksheet (``max_row``/``max_column`` 1-based)."""

    name: str
    declared_rows: int
    declared_columns: int
    max_row: int
    max_column: int
    cells: int
    has_numbers: bool


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _parse_ref(text: str) -> tuple[int, int] | None:
    m = _CELL_REF.match(text.strip())
    if not m:
        return None
    return int(m.group(2)), _column_number(m.group(1))


def _attr(regex: re.Pattern, attrs: bytes) -> str | None:
    m = regex.search(attrs)
    if not m:
        return None
    return (m.group(1) if m.group(1) is not None else m.group(2)).decode("utf-8", "replace")


class _Tracker:
    """Running maxima of one sheet; raises LimitError as soon as a limit is passed."""

    def __init__(self, name: str, file: str, limits: Limits) -> None:
        self.name, self.file, self.limits = name, file, limits
        self.declared = (0, 0)
        self.max_row = 0
        self.max_col = 0
        self.cells = 0
        self.has_numbers = False

    def _fail(self, limit: str, found: int, allowed: int) -> None:
        raise LimitError(limit, allowed=allowed, found=found, file=self.file, sheet=self.name)

    def area(self, rows: int, cols: int) -> None:
        lim = self.limits
        if rows > lim.rows + 1:  # the header row comes on top of the data rows
            self._fail("rows", rows, lim.rows)
        if cols > lim.columns:
            self._fail("columns", cols, lim.columns)
        if rows * cols > lim.cells:
            self._fail("cells", rows * cols, lim.cells)

    def dimension(self, ref: str) -> None:
        corners = [_parse_ref(p) for p in ref.split(":")]
        if not corners or any(c is None for c in corners):
            return  # the reader ignores a dimension it cannot use
        rows = max(c[0] for c in corners)
        cols = max(c[1] for c in corners)
        self.declared = (rows, cols)
        self.area(rows, cols)

    def update(self, row: int, col: int, cells: int) -> None:
        self.cells += cells
        if row > self.max_row or col > self.max_col:
            self.max_row = max(self.max_row, row)
            self.max_col = max(self.max_col, col)
            self.area(self.max_row, self.max_col)

    def result(self) -> SheetSize:
        return SheetSize(self.name, self.declared[0], self.declared[1], self.max_row, self.max_col, self.cells,
                         self.has_numbers)


class _TagTooLong(Exception):
    pass


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in chunks that never split a tag."""
    tail = b""
    with zf.open(member) as fh:
        while True:
            block = fh.read(CHUNK_BYTES)
            if not block:
                break
            data = tail + block
            lt = data.rfind(b"<")
            if lt >= 0 and data.find(b">", lt) < 0:
                data, tail = data[:lt], data[lt:]
                if len(tail) > MAX_TAG_BYTES:
                    raise _TagTooLong
            else:
                tail = b""
            yield data
    if tail:
        yield tail


def _scan_fast(zf: zipfile.ZipFile, member: str, tr: _Tracker) -> bool:
    """Every cell as ``<c r="A1"...``: count with C-speed regexes. False if a cell is not."""
    seen_dimension = False
    for chunk in _chunks(zf, member):
        if not seen_dimension:
            for m in _TAG.finditer(chunk):
                if m.group(1) == b"dimension":
                    ref = _attr(_REF_ATTR, m.group(2))
                    if ref:
                        tr.dimension(ref)
                    seen_dimension = True
                    break
                if m.group(1) in (b"row", b"c"):
                    seen_dimension = True
                    break
        if b":c" in chunk and _PREFIXED_C.search(chunk):
            return False
        n_cells = len(_C_OPEN.findall(chunk))
        if not n_cells:
            continue
        if chunk.count(b'<c r="') != n_cells:
            return False
        rows = _FAST_C_ROW.findall(chunk)
        if len(rows) != n_cells:
            return False
        cols = set(_FAST_C_COL.findall(chunk))
        max_row = max(map(int, set(rows)))
        max_col = max(_column_number(c.decode("ascii")) for c in cols)
        tr.update(max_row, max_col, n_cells)
        if not tr.has_numbers and _FAST_NUMBER_CELL.search(chunk):
            tr.has_numbers = True
    return True


def _scan_slow(zf: zipfile.ZipFile, member: str, tr: _Tracker) -> None:
    """Tag by tag, with positions for cells and rows without a reference."""
    row, col = 0, 0
    for chunk in _chunks(zf, member):
        for m in _TAG.finditer(chunk):
            kind, attrs = m.group(1), m.group(2)
            if kind == b"dimension":
                ref = _attr(_REF_ATTR, attrs)
                if ref:
                    tr.dimension(ref)
                continue
            r = _attr(_R_ATTR, attrs)
            if kind == b"row":
                row = int(r) if r and r.strip().isdigit() else row + 1
                col = 0
                continue
            pos = _parse_ref(r) if r else None
            if pos is None:
                col += 1
                pos = (max(row, 1), col)
            else:
                col = pos[1]
            tr.update(pos[0], pos[1], 1)
        if not tr.has_numbers and _NUMBER_CELL.search(chunk):
            tr.has_numbers = True


def _sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, zip member) of every worksheet, in workbook order; [] if that cannot be told."""
    try:
        with zf.open("xl/workbook.xml") as fh:
            book = SafeET.fromstring(fh.read(CHUNK_BYTES * 8))
        with zf.open("xl/_rels/workbook.xml.rels") as fh:
            rels = SafeET.fromstring(fh.read(CHUNK_BYTES * 8))
    except Exception:  # noqa: BLE001 - the reader reports a damaged workbook
        return []
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = member
    out = []
    for el in book.iter():
        if el.tag in (_NS_MAIN + "sheet", _NS_STRICT + "sheet", "sheet"):
            rid = next((el.get(k) for k in _REL_ID if el.get(k)), None)
            member = targets.get(rid)
            if member:
                out.append((el.get("name") or "", member))
    return out


def sheet_sizes(
    data: bytes, *, filename: str = "upload", sheet: str | int | None = None, limits: Limits | None = None
) -> list[SheetSize]:
    """Stream the worksheets the reader may read and return their sizes.

    Raises
    ------
    LimitError
        At the first worksheet beyond ``limits``, naming the file, the sheet and the limit.
    """
    limits = limits or Limits.from_env()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return []
    from .readers import MAX_UNCOMPRESSED_BYTES

    out: list[SheetSize] = []
    with zf:
        if sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED_BYTES:
            return out  # the reader refuses it before unpacking anything
        names = set(zf.namelist())
        parts = [(n, m) for n, m in _sheet_parts(zf) if m in names]
        if not parts:  # unknown layout: check every worksheet-like part
            parts = [(m.rsplit("/", 1)[-1], m) for m in sorted(names)
                     if m.startswith("xl/worksheets/") and m.endswith(".xml")]
        if sheet is not None:
            if isinstance(sheet, int) and not isinstance(sheet, bool):
                parts = parts[sheet : sheet + 1] if 0 <= sheet < len(parts) else []
            else:
                parts = [p for p in parts if p[0] == str(sheet)]
        for name, member in parts:
            tr = _Tracker(name, filename, limits)
            try:
                if not _scan_fast(zf, member, tr):
                    tr = _Tracker(name, filename, limits)
                    _scan_slow(zf, member, tr)
            except LimitError:
                raise
            except _TagTooLong:
                raise DataError(key="err_sheet_xml_tag", values={"sheet": name, "kb": MAX_TAG_BYTES // 1024},
                                file=filename) from None
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                return out  # damaged or encrypted: the reader says so
            out.append(tr.result())
            if tr.has_numbers:
                break  # the reader stops at this sheet or before
    return out


def _text_columns(data: bytes) -> int:
    """Fields of the first non-blank line, for the separator with the most of them."""
    head = data[: 1 << 20]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    elif head[:4096].count(b"\x00") > len(head[:4096]) // 4:
        text = head.decode("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be", errors="replace")
    else:
        text = head.decode("latin-1")
    text = text.lstrip("\ufeff\ufffe\r\n")
    line = text.split("\n", 1)[0]
    best = 0
    for delim in _DELIMITERS:
        quoted, count = False, 0
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch == delim:
                count += 1
        best = max(best, count)
    return best + 1


def _parquet_columns(data: bytes) -> int:
    """Columns of a Parquet file from its footer (0 if unreadable: the reader then says so)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_metadata(pa.BufferReader(data)).num_columns
    except (pa.ArrowException, OSError, ValueError):
        return 0


def check_upload(
    data: bytes, *, filename: str = "upload", sheet: str | int | None = None, limits: Limits | None = None
) -> None:
    """Refuse a file beyond ``limits`` before it is read: its columns, rows and cells.

    The file size is checked by :func:`check_size`, where an upload arrives (the
    app and the CLI); :func:`calc.readers.read_data` calls this function.

    Parameters
    ----------
    data
        The file's bytes.
    filename
        Name used in the message.
    sheet
        The worksheet the reader will be asked for (None: the first with data).
    limits
        Default :meth:`Limits.from_env`.

    Raises
    ------
    LimitError
        If a text file's header has more than ``columns`` fields, or a worksheet the reader may read declares or
        holds more rows, columns or cells than allowed.
    """
    limits = limits or Limits.from_env()
    if data[:4] == b"PK\x03\x04":
        sheet_sizes(data, filename=filename, sheet=sheet, limits=limits)
        return
    if data[:4] == b"\xd0\xcf\x11\xe0" or data[:2] == b"PK":
        return
    columns = _parquet_columns(data) if data[:4] == b"PAR1" else _text_columns(data)
    if columns > limits.columns:
        raise LimitError("columns", allowed=limits.columns, found=columns, file=filename)


def check_size(size_bytes: int, *, filename: str = "upload", limits: Limits | None = None) -> None:
    """Refuse a file larger than ``limits.upload_mb``.

    >>> check_size(10 * 1024 * 1024, limits=Limits(upload_mb=50))
    >>> check_size(60 * 1024 * 1024, filename="big.csv", limits=Limits(upload_mb=50))
    Traceback (most recent call last):
    ...
    calc.limits.LimitError: file 'big.csv': the file has 60 MB; at most 50 MB are accepted: upload a smaller extract
    """
    limits = limits or Limits.from_env()
    if size_bytes > limits.upload_bytes:
        raise LimitError("upload_mb", allowed=limits.upload_mb, found=round(size_bytes / 1024 / 1024, 1),
                         file=filename)
