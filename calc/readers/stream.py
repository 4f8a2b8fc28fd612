"""A transaction log of any length, read in blocks: bounded memory, the same result as :mod:`.transactions`.

:func:`read_log` streams a CSV file through ``pyarrow.csv.open_csv`` in blocks of
:data:`BLOCK_BYTES`. Each block goes through the same steps as an uploaded file
(:func:`.table.prepare`: trimming, blank rows, NUL bytes, cell lengths; the cell
parsers of :mod:`.cells`) and is reduced to partial figures per customer of that
block; the partials are merged at the end:

* revenue per customer and calendar year: sums per block, added up;
* the last order date: the latest per block, the latest of those;
* attributes (name, region, visits ...): the last non-empty value per block, the
  last of those;
* order figures: only lines that can still fall into the 12-month window are
  kept (amount > 0 and dated after the newest day seen so far - 365 days), so at
  most one year of positive lines is held; at the end
  :func:`calc.levers.order_arrays` counts them exactly as the in-memory reader does.

Memory grows with the customers and the lines of the last 12 months, never with
the file's years of history. ``bench/bench_aggregate.py`` measures it.

Whole-file decisions
--------------------
Three decisions of the in-memory reader depend on the whole file: the text
encoding (UTF-8, else cp1252, else latin-1), German or English numbers per
column (by majority, :func:`.cells.parse_numbers`) and whether plain margin rates
are percentages (:func:`.customers.margin_rates`). The encoding is found by one
fast pass over the bytes before reading. The other two are taken from the first
block and counted over all blocks; if the whole file decides otherwise, the file
is read a second time with the file's decision (rare: a file whose first block
is not typical).

What differs from the in-memory reader
--------------------------------------
Revenue sums are added block by block, so a sum may differ from the in-memory
sum in the last binary digits (relative 1e-12). Everything else (customers and
their order, order counts, order values and their order, problems, warnings) is
the same. The row limit of :class:`calc.limits.Limits` does not apply; the
column limit does.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..columns import ATTRIBUTE_NUMBER_COLUMNS, ATTRIBUTE_TEXT_COLUMNS
from ..errors import DataError, Msg
from ..levers import order_arrays
from ..limits import LimitError, Limits
from .cells import (
    STRING_DTYPE,
    finish_number,
    nonempty,
    normalise_ids,
    parse_dates,
    prepare_number,
    text_series,
)
from .customers import assemble
from .raw import (
    BINARY_PROBE_BYTES,
    BINARY_SIGNATURES,
    DELIMITER_NAMES,
    RawTable,
    ShortRow,
    _nul_bytes_all_over,
    _sniff_delimiter,
    only_data_errors,
)
from .report import MAX_PROBLEMS, ProblemLog, ReadReport, ReadResult
from .table import MAX_SHORT_ROWS, _short_row_problems, keep_years, prepare, recognise_columns
from .transactions import line_amounts

__all__ = ["BLOCK_BYTES", "MAX_THREADS", "LogHead", "is_transaction_log", "read_head", "read_log"]

#: Bytes of the file parsed per block.
BLOCK_BYTES = 1 << 23
#: Blocks whose partial figures are merged into one (memory then follows the customers, not the file).
_COMPACT_BLOCKS = 32
#: Most blocks reduced at the same time (worker threads; pyarrow's kernels run outside the GIL).
MAX_THREADS = 4
#: Bytes read at a time by the encoding scan.
_SCAN_BYTES = 1 << 24
#: Customer number attributes a line may carry (as in :mod:`.transactions`).
_LINE_NUMBERS = tuple(c for c in ATTRIBUTE_NUMBER_COLUMNS if c not in ("orders_12m", "lines_12m"))
_WINDOW_DAYS = 365


@dataclass(frozen=True)
class LogHead:
    """What the start of a text file says, and its encoding (the whole file decides it).

    Attributes
    ----------
    encoding
        Encoding for the report (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``, ``latin-1``).
    codec
        Encoding given to pyarrow.
    offset
        Bytes skipped at the start (a byte-order mark that pyarrow should not see).
    delimiter
        Field separator, sniffed from the header line.
    n_fields
        Fields of the header line.
    skipped
        Blank lines before the header.
    headers
        The header's fields, stripped.
    has_nul
        Whether the text holds a NUL byte anywhere (only then are the rows searched for one).
    """

    encoding: str
    codec: str
    offset: int
    delimiter: str
    n_fields: int
    skipped: int
    headers: list[str]
    has_nul: bool = True


def read_head(path: str | Path, *, name: str | None = None) -> LogHead | None:
    """Encoding, separator and header of a text file; None if it is not text (a workbook, Parquet, zip ...).

    Raises
    ------
    DataError
        If the file cannot be opened, is empty or looks binary.
    """
    path = Path(path)
    name = name or path.name
    try:
        with path.open("rb") as fh:
            head = fh.read(BINARY_PROBE_BYTES)
    except OSError as exc:
        raise DataError(key="err_file_unopenable", values={"reason": exc.strerror or str(exc)}, file=name) from None
    if head[:2] == b"PK" or head[:4] in (b"PAR1", b"\xd0\xcf\x11\xe0"):
        return None
    if not head.strip():
        raise DataError(key="err_file_empty", file=name)
    if head.startswith(BINARY_SIGNATURES):
        raise DataError(key="err_binary", file=name)
    encoding, codec, offset, has_nul = _scan_encoding(path, head)
    text = head[offset:].decode(codec if codec != "utf8" else "utf-8", errors="replace")
    if codec == "utf8" and _nul_bytes_all_over(head):
        raise DataError(key="err_binary", file=name)
    lines = text.split("\n")
    skipped = 0
    while skipped < len(lines) - 1 and not lines[skipped].strip():
        skipped += 1
    first = lines[skipped].rstrip("\r") if lines else ""
    delimiter = _sniff_delimiter(first)
    fields = next(csv.reader([first], delimiter=delimiter), [])
    return LogHead(encoding, codec, offset, delimiter, max(1, len(fields)), skipped, [f.strip() for f in fields],
                   has_nul)


def is_transaction_log(head: LogHead, mapping: Mapping[str, str | None] | None = None) -> bool:
    """True if the header makes the file a transaction log (date and amount, no revenue column)."""
    raw = RawTable(head.headers, [pa.chunked_array([pa.array([], pa.string())]) for _ in head.headers],
                   np.zeros(0, np.int64), head.encoding, head.delimiter)
    used = recognise_columns(raw, "", mapping or {}).used
    has_revenue = any(c == "revenue" or c.startswith("revenue_") for c in used)
    has_amount = "amount" in used or ("quantity" in used and "unit_price" in used)
    return "customer_id" in used and "date" in used and has_amount and not has_revenue


def read_log(
    path: str | Path,
    *,
    filename: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    limits: Limits | None = None,
    block_bytes: int = BLOCK_BYTES,
    threads: int | None = None,
) -> ReadResult:
    """Read a transaction log (CSV) of any length in blocks into the canonical customer table.

    The same result as :func:`calc.readers.read_data` on the same file (see the
    module docstring for the one difference), in memory bounded by the customers
    and the last 12 months of lines.

    Parameters
    ----------
    path
        The CSV file.
    filename
        Name used in messages; default the path's name.
    mapping
        Explicit header overrides, as for :func:`calc.readers.read_data`.
    limits
        Only ``columns`` applies (default :meth:`calc.limits.Limits.from_env`).
    block_bytes
        Bytes parsed per block.
    threads
        Blocks reduced at the same time (default: the CPU count, at most :data:`MAX_THREADS`).

    Returns
    -------
    ReadResult
        ``customers``, ``report`` (kind ``"transactions"``) and ``orders``.

    Raises
    ------
    DataError
        If the file is not a usable transaction log; the message names file, row
        and column where known.
    """
    path = Path(path)
    name = filename or path.name
    limits = limits or Limits.from_env()
    with only_data_errors(name):
        head = read_head(path, name=name)
        if head is None:
            raise DataError(key="err_log_not_csv", file=name)
        if head.n_fields > limits.columns:
            raise LimitError("columns", allowed=limits.columns, found=head.n_fields, file=name)
        threads = threads or min(MAX_THREADS, os.cpu_count() or 1)
        first = _Pass(head, name, mapping or {}, flags=None)
        first.run(_batches(path, head, block_bytes, first), threads=threads)
        if first.redo_flags() is not None:
            second = _Pass(head, name, mapping or {}, flags=first.redo_flags())
            second.run(_batches(path, head, block_bytes, second), threads=threads)
            return second.result()
        return first.result()


# --------------------------------------------------------------------------- encoding


def _scan_encoding(path: Path, head: bytes) -> tuple[str, str, int, bool]:
    """(report name, pyarrow codec, bytes to skip, NUL byte seen): UTF-8 if the whole file is, else cp1252, else latin-1."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", "utf-16", 0, True
    probe = head[:4096]
    if probe.count(b"\x00") > len(probe) // 4:
        return "utf-16", "utf-16-le" if probe[1:2] == b"\x00" else "utf-16-be", 0, True
    bom = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    utf8, has_nul = _decodes(path, "utf-8", bom)
    if utf8:
        return ("utf-8-sig" if bom else "utf-8"), "utf8", 0, has_nul
    if _decodes(path, "cp1252", bom)[0]:
        return "cp1252", "cp1252", bom, True
    return "latin-1", "latin-1", bom, True


def _decodes(path: Path, codec: str, offset: int) -> tuple[bool, bool]:
    """Whether the file from ``offset`` decodes with ``codec`` (ASCII chunks are not decoded), and holds a NUL byte."""
    decoder = codecs.getincrementaldecoder(codec)()
    has_nul = False
    with path.open("rb") as fh:
        fh.seek(offset)
        while chunk := fh.read(_SCAN_BYTES):
            has_nul = has_nul or b"\x00" in chunk
            if chunk.isascii() and not decoder.getstate()[0]:
                continue
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False, has_nul
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, has_nul
    return True, has_nul


# --------------------------------------------------------------------------- blocks


@dataclass
class _Rows:
    """Spreadsheet row numbers of the records pyarrow keeps, and the short rows it set aside."""

    skipped: int
    aside: list[int] = field(default_factory=list)  # record numbers (header = 1) set aside, ascending
    kept: int = 0  # records kept so far, the header included
    short: list[ShortRow] = field(default_factory=list)
    short_count: int = 0
    error: DataError | None = None

    def numbers(self, count: int) -> np.ndarray:
        """Record numbers (header = 1) of the next ``count`` kept records."""
        j = np.arange(self.kept + 1, self.kept + count + 1, dtype=np.int64)
        self.kept += count
        if not self.aside:
            return j
        s = np.asarray(self.aside, dtype=np.int64)
        return j + np.searchsorted(s - np.arange(len(s)) - 1, j, side="left")


def _batches(path: Path, head: LogHead, block_bytes: int, sink: _Pass) -> Iterator[tuple[list[pa.Array], np.ndarray]]:
    """The file's records as string columns, block by block, with their spreadsheet rows (header first)."""
    names = [f"f{i}" for i in range(head.n_fields)]
    rows = sink.rows

    def handler(row: pacsv.InvalidRow) -> str:
        number = int(row.number) - head.skipped if row.number is not None else None
        if number is None:
            rows.error = DataError(key="err_csv_unreadable", values={"detail": repr(row.text[:80])}, file=sink.name)
            return "error"
        if row.actual_columns > row.expected_columns:
            rows.error = DataError(
                key="err_row_fields",
                values={"saw": row.actual_columns, "expected": row.expected_columns,
                        "separator": Msg("sep_" + DELIMITER_NAMES[head.delimiter])},
                file=sink.name, row=number + head.skipped,
            )
            return "error"
        if row.text.count('"') % 2:
            rows.error = DataError(key="err_unclosed_quote", file=sink.name, row=number + head.skipped)
            return "error"
        rows.aside.append(number)
        if row.text.replace(head.delimiter, "").replace('"', "").strip():
            rows.short_count += 1
            if len(rows.short) <= MAX_SHORT_ROWS:
                rows.short.append(ShortRow(number + head.skipped, row.actual_columns, row.text))
        return "skip"

    source = pa.OSFile(str(path))
    if head.offset:
        source.seek(head.offset)
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=names, block_size=max(1024, int(block_bytes)),
                                           use_threads=False, skip_rows=head.skipped, encoding=head.codec),
            parse_options=pacsv.ParseOptions(delimiter=head.delimiter, newlines_in_values=True,
                                             ignore_empty_lines=False, invalid_row_handler=handler),
            convert_options=pacsv.ConvertOptions(strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 null_values=[], check_utf8=True,
                                                 column_types=dict.fromkeys(names, pa.string())),
        )
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            if batch.num_rows:
                yield list(batch.columns), rows.numbers(batch.num_rows) + head.skipped
    except pa.ArrowException as exc:
        if rows.error is not None:
            raise rows.error from None
        raise DataError(key="err_csv_unreadable", values={"detail": str(exc)}, file=sink.name) from None
    finally:
        source.close()
    if rows.error is not None:
        raise rows.error


class _Counted(tuple):
    """The first short rows, with the number of all of them as its length (for :func:`.table._short_row_problems`)."""

    count: int = 0

    def __len__(self) -> int:
        return self.count


# --------------------------------------------------------------------------- one pass over the file


@dataclass
class _Partial:
    """What one block adds: counts, problems (masks over ``table``), the customers' partial figures."""

    rows_read: int
    row_problems: list
    table: Any = None
    without_id: int = 0
    revenue_without_id: float = 0.0  # the amounts of the lines without a customer id
    revenue_total: float = 0.0  # the amounts of every line read
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    margin_counts: list[int] = field(default_factory=lambda: [0, 0])
    problems: list[tuple[np.ndarray, str, str]] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    newest: np.datetime64 | None = None
    window: tuple | None = None
    block: Any = None


@dataclass
class _Block:
    """Partial figures of one block, per customer of the block (in order of first appearance)."""

    ids: pa.Array
    revenue_key: np.ndarray  # block customer code * 10_000 + year
    revenue_sum: np.ndarray
    last_date: np.ndarray  # datetime64[ns] per block customer
    attributes: dict[str, np.ndarray]


class _Pass:
    """One pass over the file: per-block partials, merged by :meth:`result`."""

    def __init__(self, head: LogHead, name: str, mapping: Mapping[str, str | None], *,
                 flags: dict[str, tuple[bool, bool]] | None) -> None:
        self.head = head
        self.name = name
        self.mapping = mapping
        self.forced = flags  # column -> (german, plain margins as percentages); None: decide from the first block
        self.flags: dict[str, tuple[bool, bool]] | None = flags
        self.rows = _Rows(head.skipped)
        self.problems = ProblemLog()
        self.kept_problems = 0
        self.warnings: list[str] = []
        self.blocks: list[_Block] = []
        self.evidence: dict[str, list[int]] = {}  # column -> [german only, english only]
        self.margin_counts = [0, 0]  # plain margin cells, of which in (1, 100]
        self.rows_read = 0
        self.without_id = 0
        self.revenue_without_id = 0.0
        self.revenue_total = 0.0
        self.years: set[int] = set()
        self.newest: np.datetime64 | None = None  # newest valid line (ns), any amount
        # per block: block, customer codes, days, amounts, order codes (-1: none), the block's order numbers
        self.window: list[tuple] = []
        self.columns = None
        self.raw_header: list[str] | None = None
        self.used_names: list[str] = []
        self._row_problems: list = []  # rows left out for a NUL byte
        self._margin_header = ""
        self.window_lines = 0  # lines kept for the window
        self.pruned_lines = 0  # ... after the last pruning

    # ---- reading

    def run(self, batches: Iterable[tuple[list[pa.Array], np.ndarray]], *, threads: int = 1) -> None:
        """Reduce the blocks (after the first, in ``threads`` worker threads) and merge them in file order."""
        pending: deque[Future] = deque()
        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            for columns, rows in batches:
                if self.raw_header is None:
                    self._header(columns, rows)
                    columns = [c.slice(1) for c in columns]
                    rows = rows[1:]
                if not len(rows):
                    continue
                if self.flags is None or threads <= 1:  # the first block decides the number forms
                    self._merge(self._reduce(columns, rows))
                    continue
                pending.append(pool.submit(self._reduce, columns, rows))
                while len(pending) > threads:
                    self._merge(pending.popleft().result())
            while pending:
                self._merge(pending.popleft().result())
        if self.raw_header is None:
            raise DataError(key="err_file_empty", file=self.name)

    def _header(self, columns: list[pa.Array], rows: np.ndarray) -> None:
        headers = ["" if c[0].as_py() is None else str(c[0].as_py()) for c in columns]
        self.raw_header = [h.strip() for h in headers]
        sample = RawTable(self.raw_header, [pa.chunked_array([c.slice(1)]) for c in columns], rows[1:],
                          self.head.encoding, self.head.delimiter)
        if not any(self.raw_header):
            raise DataError(key="err_file_empty", file=self.name)
        self.columns = recognise_columns(sample, self.name, self.mapping)
        used = self.columns.used
        if "customer_id" not in used:
            found = ", ".join(f"'{h}'" for h in self.raw_header if h)
            raise DataError(key="err_no_customer_id", values={"found": found}, file=self.name)
        has_revenue = any(c == "revenue" or c.startswith("revenue_") for c in used)
        has_amount = "amount" in used or ("quantity" in used and "unit_price" in used)
        if not ("date" in used and has_amount) or has_revenue:
            raise DataError(key="err_log_is_customer_table", file=self.name)
        self.used_names = (["amount"] if "amount" in used else ["quantity", "unit_price"]) + [
            c for c in _LINE_NUMBERS if c in used]
        if "amount" in used:
            for extra in ("quantity", "unit_price"):
                if extra in used:
                    self.warnings.append(Msg("rd_warn_net_amount", column=self.raw_header[used[extra]]))

    def _problem(self, mask: np.ndarray, rows: np.ndarray, col: str, table: Any, reason: str) -> None:
        count = int(mask.sum())
        if not count:
            return
        if self.kept_problems >= MAX_PROBLEMS:  # later blocks' rows come after the ones kept
            self.problems.total += count
            return
        self.kept_problems += min(count, MAX_PROBLEMS)
        self.problems.add(mask, rows, table.header(col), table.col(col), reason)

    def _decide(self, parsed: dict[str, tuple]) -> None:
        """Plain margins as percentages (:func:`.customers.margin_rates`'s rule): the first block's decision."""
        if "cm_rate" in parsed:
            values, _, percent = parsed["cm_rate"]
            plain = ~percent & ~np.isnan(values)
            share = float(((values[plain] > 1) & (values[plain] <= 100)).mean()) if plain.any() else 0.0
            self.flags["cm_rate"] = (self.flags["cm_rate"][0], share > 0.5)

    def _numbers(self, table: Any, part: _Partial) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Number columns parsed as :func:`.cells.parse_numbers` does, once per distinct cell text.

        Evidence counts every cell; the first block decides the forms (:meth:`redo_flags` checks them).
        """
        encoded = {n: pc.dictionary_encode(table.col(n).combine_chunks()) for n in self.used_names}
        prepared = {n: prepare_number(pa.chunked_array([e.dictionary], type=pa.string())) for n, e in encoded.items()}
        index = {n: e.indices.to_numpy(zero_copy_only=False).astype(np.int64) for n, e in encoded.items()}
        for n, p in prepared.items():
            count = np.bincount(index[n], minlength=len(p.de))
            part.evidence[n] = (int(count[p.de & ~p.en].sum()), int(count[p.en & ~p.de].sum()))
        deciding = self.flags is None
        if deciding:
            de = sum(d for d, _ in part.evidence.values())
            en = sum(e for _, e in part.evidence.values())
            file_german = de > en if de != en else self.head.delimiter == ";"
            self.flags = {n: (d > e if d != e else file_german, False) for n, (d, e) in part.evidence.items()}
        parsed = {}
        for n, p in prepared.items():
            values, failed = finish_number(p, self.flags[n][0])
            i = index[n]
            parsed[n] = (values[i], failed[i], p.percent[i])
        if deciding:
            self._decide(parsed)
        return parsed

    @staticmethod
    def _ids(table: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row: a code of its normalised customer id, whether it has one; and the ids by code."""
        encoded = pc.dictionary_encode(table.col("customer_id").combine_chunks())
        ids = normalise_ids(pa.chunked_array([encoded.dictionary], type=pa.string()))
        code_of, uniques = pd.factorize(pd.Series(pd.array(ids, dtype=STRING_DTYPE)))
        i = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        return code_of[i], nonempty(ids)[i], np.asarray(uniques, dtype=object)

    @staticmethod
    def _dates(table: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:func:`.cells.parse_dates`, once per distinct cell text."""
        encoded = pc.dictionary_encode(table.col("date").combine_chunks())
        values, failed, empty = parse_dates(pa.chunked_array([encoded.dictionary], type=pa.string()))
        i = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        return values[i], failed[i], empty[i]

    def _reduce(self, columns: list[pa.Array], rows: np.ndarray) -> _Partial | None:
        """One block's partial figures; reads ``self`` only (safe in a worker thread once flags are set)."""
        raw = RawTable(self.raw_header, [pa.chunked_array([c]) for c in columns], rows,
                       self.head.encoding, self.head.delimiter, may_hold_nul=self.head.has_nul)
        if _blank(raw.columns):
            return None  # only blank rows
        prepared_rows = prepare(raw, self.name, self.columns.used)
        part = _Partial(rows_read=prepared_rows.rows_read, row_problems=list(prepared_rows.problems))
        table = part.table = prepared_rows.table
        id_code, has_id, id_text = self._ids(table)
        part.without_id = int((~has_id).sum())
        dates, date_failed, date_empty = self._dates(table)
        parsed = self._numbers(table, part)

        def problem(mask: np.ndarray, col: str, reason: str) -> None:
            if mask.any():
                part.problems.append((mask, col, reason))

        amount = line_amounts(table, parsed, has_id, date_failed, date_empty, problem)
        part.revenue_without_id = float(np.nansum(amount[~has_id]))  # as transactions.build_transactions
        part.revenue_total = float(np.nansum(amount))

        use = has_id & ~np.isnat(dates) & ~np.isnan(amount)
        idx = np.flatnonzero(use)
        take = pa.array(idx)
        codes, first = pd.factorize(id_code[idx])  # customers in order of first appearance
        uniques = id_text[first]
        n_cust = len(uniques)
        d = dates[idx]
        a = amount[idx]
        attributes: dict[str, np.ndarray] = {}
        if idx.size:
            part.newest = d.max()
            years_all = d.astype("datetime64[Y]").astype(np.int64) + 1970
            y0, y1 = int(years_all.min()), int(years_all.max())
            span = y1 - y0 + 1
            if span <= 64:  # customer x year, dense over the block's years
                flat = codes * span + (years_all - y0)
                count = np.bincount(flat, minlength=n_cust * span)
                part.years = {y0 + int(k) for k in np.flatnonzero(count.reshape(n_cust, span).any(axis=0))}
                cells = np.flatnonzero(count)
                sums = np.bincount(flat, weights=a, minlength=n_cust * span)[cells]
                key = (cells // span) * 10_000 + (cells % span + y0)
            else:  # a stray date decades away: sparse
                part.years = set(np.unique(years_all).tolist())
                key, inverse = np.unique(codes * 10_000 + years_all, return_inverse=True)
                sums = np.bincount(inverse.ravel(), weights=a, minlength=len(key))
            positive = a > 0
            last = np.full(n_cust, np.datetime64("NaT"), dtype="datetime64[ns]")
            if positive.any():
                lp = pd.Series(d[positive]).groupby(codes[positive]).max()
                last[lp.index.to_numpy()] = lp.to_numpy()
            day = d.astype("datetime64[D]")
            start = part.newest.astype("datetime64[D]") - np.timedelta64(_WINDOW_DAYS - 1, "D")
            keep = np.flatnonzero(positive & (day >= start))
            ocodes, ouniques = None, None
            if "order_id" in table.used:  # order numbers coded within the block; the block's numbers kept once
                order_ids = pc.dictionary_encode(table.col("order_id").take(take).take(pa.array(keep)).combine_chunks())
                ouniques = order_ids.dictionary
                local = order_ids.indices.to_numpy(zero_copy_only=False).astype(np.int64)
                ocodes = np.where(nonempty(ouniques)[local], local, -1) if len(ouniques) else local
            part.window = (codes[keep], day[keep].astype(np.int64), a[keep], ocodes, ouniques)
        else:
            key = np.zeros(0, np.int64)
            sums = np.zeros(0)
            last = np.zeros(0, dtype="datetime64[ns]")
        for col in ATTRIBUTE_TEXT_COLUMNS:
            if col in table.used:
                values = text_series(table.col(col).take(take)).groupby(codes).last().reindex(range(n_cust))
                attributes[col] = values.to_numpy(dtype=object, na_value=None)
        for col in _LINE_NUMBERS:
            if col not in parsed:
                continue
            values, failed, percent = parsed[col]
            problem(has_id & failed, col, Msg("rd_not_number"))
            if col == "cm_rate":
                values, outside, part.margin_counts = self._margins(values, percent)
                problem(outside, col, Msg("rd_margin_outside"))
            attributes[col] = pd.Series(values[idx]).groupby(codes).last().reindex(range(n_cust)).to_numpy()
        part.block = _Block(pa.array(uniques, type=pa.string()), key, sums, last, attributes)
        return part

    def _merge(self, part: _Partial | None) -> None:
        """Add one block's partial figures, in file order."""
        if part is None:
            return
        self.rows_read += part.rows_read
        self.problems.total += len(part.row_problems)
        self._row_problems += part.row_problems
        table = part.table
        for mask, col, reason in part.problems:
            self._problem(mask, table.rows, col, table, reason)
        self.without_id += part.without_id
        self.revenue_without_id += part.revenue_without_id
        self.revenue_total += part.revenue_total
        for n, (d, e) in part.evidence.items():
            ev = self.evidence.setdefault(n, [0, 0])
            ev[0] += d
            ev[1] += e
        self.margin_counts = [x + y for x, y in zip(self.margin_counts, part.margin_counts, strict=True)]
        if "cm_rate" in table.used:
            self._margin_header = table.header("cm_rate")
        self.years |= part.years
        if part.newest is not None:
            self.newest = part.newest if self.newest is None or part.newest > self.newest else self.newest
        if part.window is not None:
            self.window.append((len(self.blocks), *part.window))
            self.window_lines += part.window[0].size
            if self.window_lines > 1.25 * self.pruned_lines + 100_000:
                self._prune()
        self.blocks.append(part.block)
        if len(self.blocks) >= _COMPACT_BLOCKS:
            self._compact()

    def _compact(self) -> None:
        """Merge the blocks' partial figures into one block, so memory follows the customers, not the blocks."""
        idx = [i for i, b in enumerate(self.blocks) if len(b.ids)]
        blocks = [self.blocks[i] for i in idx]
        if not blocks:
            self.blocks = []
            return
        offsets = np.cumsum([0] + [len(b.ids) for b in blocks])[:-1]
        ids = pa.chunked_array([b.ids for b in blocks], type=pa.string())
        gcodes, uniques = pd.factorize(pd.Series(pd.array(ids, dtype=STRING_DTYPE)))
        n = len(uniques)
        keys = np.concatenate([gcodes[off + b.revenue_key // 10_000] * 10_000 + b.revenue_key % 10_000
                               for off, b in zip(offsets, blocks, strict=True)])
        key, inverse = np.unique(keys, return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=np.concatenate([b.revenue_sum for b in blocks]),
                           minlength=len(key))
        last = pd.Series(np.concatenate([b.last_date for b in blocks])).groupby(gcodes).max()
        last = last.reindex(range(n)).to_numpy(dtype="datetime64[ns]")
        attributes = {}
        for col in blocks[0].attributes:
            values = np.concatenate([b.attributes[col] for b in blocks])
            if col in ATTRIBUTE_TEXT_COLUMNS:
                merged = pd.Series(pd.array(values, dtype=STRING_DTYPE)).groupby(gcodes).last().reindex(range(n))
                attributes[col] = merged.to_numpy(dtype=object, na_value=None)
            else:
                attributes[col] = pd.Series(values).groupby(gcodes).last().reindex(range(n)).to_numpy()
        position = {i: k for k, i in enumerate(idx)}
        self.window = [(0, gcodes[offsets[position[blk]] + codes], *rest) for blk, codes, *rest in self.window]
        self.blocks = [_Block(pa.array(np.asarray(uniques, dtype=object), type=pa.string()), key, sums, last,
                              attributes)]

    def _margins(self, values: np.ndarray, percent: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """:func:`.customers.margin_rates` with the file's decision on plain numbers; also the counts behind it."""
        values = values.copy()
        values[percent] = values[percent] / 100.0
        plain = ~percent & ~np.isnan(values)
        counts = [int(plain.sum()), int(((values[plain] > 1) & (values[plain] <= 100)).sum())]
        if self.flags["cm_rate"][1] and plain.any():
            values[plain] = values[plain] / 100.0
        outside = (values < 0) | (values > 1)
        values[outside] = np.nan
        return values, outside, counts

    def _prune(self) -> None:
        """Drop kept lines that can no longer fall into the window (the newest day only grows)."""
        start = (self.newest.astype("datetime64[D]") - np.timedelta64(_WINDOW_DAYS - 1, "D")).astype(np.int64)
        pruned = []
        for block, codes, days, amounts, ocodes, ouniques in self.window:
            if days.size and days.min() < start:
                keep = days >= start
                ocodes = ocodes[keep] if ocodes is not None else None
                codes, days, amounts = codes[keep], days[keep], amounts[keep]
            pruned.append((block, codes, days, amounts, ocodes, ouniques))
        self.window = [w for w in pruned if w[1].size]
        self.pruned_lines = self.window_lines = sum(w[1].size for w in self.window)

    # ---- whole-file decisions

    def final_flags(self) -> dict[str, tuple[bool, bool]]:
        de = sum(v[0] for v in self.evidence.values())
        en = sum(v[1] for v in self.evidence.values())
        file_german = de > en if de != en else self.head.delimiter == ";"
        flags = {}
        for n, (d, e) in self.evidence.items():
            flags[n] = (d > e if d != e else file_german, False)
        if "cm_rate" in flags:
            plain, inside = self.margin_counts
            flags["cm_rate"] = (flags["cm_rate"][0], plain > 0 and inside / plain > 0.5)
        return flags

    def redo_flags(self) -> dict[str, tuple[bool, bool]] | None:
        """The file's decisions if they differ from those this pass used, else None."""
        if self.forced is not None or self.flags is None:
            return None
        final = self.final_flags()
        return None if final == self.flags else final

    # ---- merging

    def result(self) -> ReadResult:
        name = self.name
        rows_read = self.rows_read + self.rows.short_count
        short = _Counted(self.rows.short[:MAX_SHORT_ROWS + 1])
        short.count = self.rows.short_count
        short_raw = RawTable(self.raw_header, [], np.zeros(0, np.int64), self.head.encoding, self.head.delimiter,
                             short)
        short_problems = _short_row_problems(short_raw, name, rows_read) if self.rows.short_count else []
        if rows_read - self.rows.short_count == 0 and not self._row_problems:
            if short_problems:
                from .table import _left_out_rows

                raise DataError(key="err_no_usable_rows", values={"rows": _left_out_rows(short_problems)}, file=name)
            raise DataError(key="err_header_only", file=name)
        warnings = list(self.columns.warnings)
        if short_problems:
            warnings.append(_left_out(name, short_problems, "short"))
        if self._row_problems:
            warnings.append(_left_out(name, self._row_problems, "nul"))
        row_problems = sorted([*short_problems, *self._row_problems], key=lambda p: p.row)
        blocks = [b for b in self.blocks if len(b.ids)]
        if not blocks:
            raise DataError(key="err_no_usable_lines", file=name)
        offsets = np.cumsum([0] + [len(b.ids) for b in blocks[:-1]])
        all_ids = pa.chunked_array([b.ids for b in blocks], type=pa.string())
        gcodes, uniques = pd.factorize(pd.Series(pd.array(all_ids, dtype=STRING_DTYPE)))
        n_cust = len(uniques)
        warnings += self.warnings
        years, warning = keep_years(sorted(self.years))
        warnings += [warning] if warning else []
        out: dict[str, Any] = {"customer_id": pd.Series(np.asarray(uniques, dtype=object), dtype=STRING_DTYPE)}
        revenue_cols = [f"revenue_{y}" for y in years]
        ymap = {y: k for k, y in enumerate(years)}
        keys = np.concatenate([
            _revenue_keys(gcodes[off + b.revenue_key // 10_000], b.revenue_key % 10_000, ymap, len(years))
            for off, b in zip(offsets, blocks, strict=True)
        ])
        sums = np.concatenate([b.revenue_sum for b in blocks])
        inyears = keys >= 0
        matrix = np.bincount(keys[inyears], weights=sums[inyears], minlength=n_cust * len(years)).reshape(
            n_cust, len(years))
        for k, col in enumerate(revenue_cols):
            out[col] = matrix[:, k]
        newest_date = pd.Timestamp(self.newest)
        if newest_date < pd.Timestamp(year=years[-1], month=12, day=1):
            warnings.append(Msg("rd_warn_part_year", date=newest_date.date().isoformat(), year=str(years[-1])))
        orders_frame = self._orders(out["customer_id"], gcodes, offsets, n_cust)
        out["orders_12m"], out["lines_12m"], orders = orders_frame
        last_all = np.concatenate([b.last_date for b in blocks])
        last = pd.Series(last_all).groupby(gcodes).max()
        out["last_order_date"] = last.reindex(range(n_cust)).to_numpy(dtype="datetime64[ns]")
        for col in (*ATTRIBUTE_TEXT_COLUMNS, *_LINE_NUMBERS):
            if col not in self.columns.used:
                if col in ATTRIBUTE_TEXT_COLUMNS:
                    out[col] = pd.Series(np.nan, index=range(n_cust), dtype=STRING_DTYPE)
                else:
                    out[col] = np.full(n_cust, np.nan)
                continue
            values = np.concatenate([b.attributes[col] for b in blocks])
            if col in ATTRIBUTE_TEXT_COLUMNS:
                series = pd.Series(pd.array(values, dtype=STRING_DTYPE))
                out[col] = series.groupby(gcodes).last().reindex(range(n_cust))
            else:
                out[col] = pd.Series(values).groupby(gcodes).last().reindex(range(n_cust)).to_numpy()
        if "cm_rate" in self.columns.used and self.flags and self.flags["cm_rate"][1]:
            warnings.append(Msg("rd_warn_margin_percent", column=self._margin_header))
        frame = assemble(out, revenue_cols, n_cust)
        report = ReadReport(
            file=name,
            kind="transactions",
            encoding=self.head.encoding,
            delimiter=self.head.delimiter,
            rows_read=rows_read,
            customers=len(frame),
            columns_recognised=dict(self.columns.recognised),
            columns_ignored=tuple(self.columns.ignored),
            revenue_years=tuple(years),
            problems=self.problems.build(rows=row_problems),
            problems_total=self.problems.total + len(short_problems),
            lines_without_customer_id=self.without_id,
            revenue_without_customer_id_eur=self.revenue_without_id,
            revenue_total_eur=self.revenue_total,
            warnings=tuple(warnings),
        )
        return ReadResult(customers=frame, report=report, orders=orders)

    def _orders(self, customer_ids: pd.Series, gcodes: np.ndarray, offsets: np.ndarray, n_cust: int):
        """orders_12m, lines_12m and the orders frame, from the kept window lines (:func:`order_arrays`)."""
        block_offset = {}
        k = 0
        for i, b in enumerate(self.blocks):
            if len(b.ids):
                block_offset[i] = offsets[k]
                k += 1
        newest_day = self.newest.astype("datetime64[D]").astype(np.int64)
        self._prune()
        window, self.window = self.window, []
        parts = [(gcodes[block_offset[blk] + codes], days, amounts, ocodes, ouniques)
                 for blk, codes, days, amounts, ocodes, ouniques in window if codes.size]
        del window
        codes = np.concatenate([p[0] for p in parts] + [np.zeros(1, np.int64)])
        days = np.concatenate([p[1] for p in parts] + [np.array([newest_day])])
        amounts = np.concatenate([p[2] for p in parts] + [np.zeros(1)])  # the newest day, not a window line
        ocodes = None
        if "order_id" in self.columns.used:  # block codes -> codes of the order numbers over all blocks
            numbers = pa.chunked_array([p[4] for p in parts], type=pa.string())
            global_codes, _ = pd.factorize(pd.Series(pd.array(numbers, dtype=STRING_DTYPE)))
            starts = np.cumsum([0] + [len(p[4]) for p in parts])[:-1]
            ocodes = np.concatenate([
                np.where(p[3] >= 0, global_codes[start + np.maximum(p[3], 0)], -1) if len(p[4]) else p[3]
                for start, p in zip(starts, parts, strict=True)
            ] + [np.full(1, -1, np.int64)])
        del parts
        counted = order_arrays(codes, days.astype("datetime64[D]"), amounts, ocodes, n_customers=n_cust)
        orders = pd.DataFrame({
            "customer_id": customer_ids.take(counted.order_customer).reset_index(drop=True),
            "order_value_eur": counted.order_value_eur,
        })
        return counted.orders_12m, counted.lines_12m, orders


def _blank(columns: list[pa.ChunkedArray]) -> bool:
    """True if every cell is empty or white space (the first rows are looked at first: usually they decide)."""
    for probe in ([c.slice(0, 64) for c in columns], columns):
        if any(pc.any(pc.match_substring_regex(c, r"\S")).as_py() for c in probe):
            return False
    return True


def _revenue_keys(gcodes: np.ndarray, years: np.ndarray, ymap: dict[int, int], n_years: int) -> np.ndarray:
    """Flat index customer * n_years + year position; -1 for a year not kept."""
    lookup = np.full(10_000, -1, dtype=np.int64)
    for y, k in ymap.items():
        lookup[y] = k
    yidx = lookup[years]
    return np.where(yidx >= 0, gcodes * n_years + yidx, -1)


def _left_out(name: str, problems: list, what: str) -> Any:
    from .table import _left_out_warning

    return _left_out_warning(name, problems, what)
