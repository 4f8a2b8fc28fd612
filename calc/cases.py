"""Shared cases: the customer table and the scenario, stored under an unguessable id.

"Share with data" stores what a session works with, so that a link ``?case=<id>``
opens the same figures on any server process or machine.  The plain share link
stays data-free; storing data is always an explicit action.

What is stored
    The canonical customer table (what :func:`calc.readers.read_data` returns, not
    the raw upload) as Parquet, plus the scenario as JSON
    (:meth:`Assumptions.to_json`), in one zip file (the *case file*)::

        manifest.json   {"format": "smart-accounts-case", "version": 1, "rows": ...,
                         "sha256": {"data.parquet": ..., "scenario.json": ...}}
        data.parquet    the customer table
        scenario.json   the scenario

    The same file is the offline hand-over: :func:`case_to_bytes` builds it for a
    download and :func:`case_from_bytes` reads it back from an upload.

Where
    :class:`CaseStore` keeps each case as ``<id>.case`` (the case file) and
    ``<id>.json`` (expiry, size and the SHA-256 of the delete secret) under one
    location: a local directory (default), or any fsspec URL (``s3://bucket/cases``,
    ``memory://cases``, a network file system) when the optional ``fsspec`` package
    is installed.  Several processes or machines share cases by sharing the location.

Secrets
    The case id is ``secrets.token_urlsafe(24)`` (192 random bits); whoever has it can
    read the case, so it is a bearer secret.  The delete secret is a separate
    ``token_urlsafe(24)`` that only the person who shared gets; the store keeps only
    its SHA-256 (a random 192-bit secret needs no slow hash).  Error messages show
    at most the first 6 characters of an id, and this module logs nothing.

Limits
    Cases expire (default 14 days); expired cases are removed when loaded and by
    :meth:`CaseStore.purge`, which :meth:`CaseStore.save` also runs.  A case file
    larger than ``max_bytes`` (default 50 MB) is refused, on saving and on reading,
    and so is a zip whose members unpack to more than that.

Every error is a :class:`CaseError` with an English message (``str(error)``) and a
German one (``error.de``).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import re
import secrets
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .assumptions import Assumptions
from .columns import DATE_COLUMNS, NUMBER_COLUMNS, TEXT_COLUMNS, is_canonical, revenue_year
from .errors import AssumptionError, CalcError, ScenarioError

__all__ = [
    "CASE_FORMAT",
    "CASE_VERSION",
    "DEFAULT_TTL_DAYS",
    "DEFAULT_MAX_BYTES",
    "ID_BYTES",
    "Case",
    "SharedCase",
    "CaseStore",
    "CaseError",
    "CaseNotFoundError",
    "CaseExpiredError",
    "CaseSecretError",
    "CaseTooLargeError",
    "CaseFileError",
    "CaseStoreError",
    "case_to_bytes",
    "case_from_bytes",
    "is_case_id",
]

#: ``format`` field of a case file's manifest.
CASE_FORMAT = "smart-accounts-case"
#: ``version`` field of the manifest this code writes (and the highest it reads).
CASE_VERSION = 1
#: Days a shared case lives unless the store or the call says otherwise.
DEFAULT_TTL_DAYS = 14.0
#: Largest case file accepted (bytes), the same as the app's upload limit.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Random bytes in a case id and in a delete secret (192 bits).
ID_BYTES = 24

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{22,128}$")
_MEMBERS = ("manifest.json", "data.parquet", "scenario.json")


# ----------------------------------------------------------------------------- errors


class CaseError(CalcError):
    """A shared case cannot be stored, found, read or deleted.

    ``str(error)`` is the English message, ``error.de`` the German one.
    """

    def __init__(self, en: str, de: str) -> None:
        self.en = en
        self.de = de
        super().__init__(en)

    def message(self, lang: str) -> str:
        """The message in ``lang`` (``"de"`` or ``"en"``)."""
        return self.de if lang == "de" else self.en


class CaseNotFoundError(CaseError):
    """No case with this id (never stored, deleted, or the id is mistyped)."""


class CaseExpiredError(CaseNotFoundError):
    """The case existed but its expiry has passed; it is removed."""


class CaseSecretError(CaseError):
    """The delete secret does not belong to this case."""


class CaseTooLargeError(CaseError):
    """The case file is larger than the store's limit."""


class CaseFileError(CaseError):
    """A case file is damaged, altered or not a case file at all."""


class CaseStoreError(CaseError):
    """The storage location cannot be used (missing package, bad URL, I/O error)."""


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Case:
    """One case: the canonical customer table and the scenario.

    ``expires_at`` is set for a case loaded from a store, ``None`` for one read
    from an uploaded case file.
    """

    customers: pd.DataFrame  # only the customer table: a transaction log's orders are not stored
    assumptions: Assumptions
    name: str | None = None
    created_at: datetime | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class SharedCase:
    """What :meth:`CaseStore.save` returns: the id for the link and the delete secret.

    Show ``delete_secret`` only to the person who shared; it is not stored in clear.
    """

    case_id: str
    delete_secret: str
    expires_at: datetime
    size_bytes: int


def is_case_id(text: str) -> bool:
    """True if ``text`` has the shape of a case id (URL-safe base64, 22-128 characters).

    >>> is_case_id("x" * 32), is_case_id("../etc/passwd")
    (True, False)
    """
    return isinstance(text, str) and bool(_ID_RE.match(text))


def _short(case_id: str) -> str:
    return (case_id[:6] + "…") if isinstance(case_id, str) else "?"


# ----------------------------------------------------------------------------- case file


def case_to_bytes(
    customers: pd.DataFrame,
    assumptions: Assumptions,
    *,
    name: str | None = None,
    created_at: datetime | None = None,
) -> bytes:
    """The case file (zip: manifest, Parquet table, scenario JSON) for a download.

    Parameters
    ----------
    customers
        The canonical customer table (columns as :mod:`calc.columns` names them).
    assumptions
        The scenario in force.
    name
        An optional scenario name, kept in ``scenario.json``.
    created_at
        Time stamp for the manifest (default: now, UTC).

    Raises
    ------
    CaseFileError
        If the table has a column that is not canonical or no ``customer_id``.
    """
    _check_columns(list(customers.columns), source="customer table")
    table = pa.Table.from_pandas(customers.reset_index(drop=True), preserve_index=False)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    data = buf.getvalue()
    scenario = assumptions.to_json(name=name).encode("utf-8")
    manifest = {
        "format": CASE_FORMAT,
        "version": CASE_VERSION,
        "created_at": (created_at or datetime.now(UTC)).isoformat(),
        "rows": int(len(customers)),
        "columns": [str(c) for c in customers.columns],
        "sha256": {"data.parquet": _sha256(data), "scenario.json": _sha256(scenario)},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest, indent=2), compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("data.parquet", data, compress_type=zipfile.ZIP_STORED)
        zf.writestr("scenario.json", scenario, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def case_from_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Case:
    """Read a case file (an upload, or a stored case).

    The file must be a zip with exactly ``manifest.json``, ``data.parquet`` and
    ``scenario.json``; both payloads must match the SHA-256 sums in the manifest
    (this catches damaged or hand-edited files, it is not a signature); the table
    may only have canonical columns with the right types; the scenario must be
    valid.

    Raises
    ------
    CaseTooLargeError
        If ``data`` or its unpacked members exceed ``max_bytes``.
    CaseFileError
        For anything else that is wrong with the file.
    """
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _bad_file("it is not a zip file", "es ist keine ZIP-Datei") from None
    names = sorted(i.filename for i in infos)
    if names != sorted(_MEMBERS):
        raise _bad_file(
            f"expected exactly {', '.join(_MEMBERS)}, found {len(names)} other entries",
            f"erwartet genau {', '.join(_MEMBERS)}, gefunden {len(names)} andere Einträge",
        )
    if sum(i.file_size for i in infos) > max_bytes:
        raise _too_large(sum(i.file_size for i in infos), max_bytes)
    try:
        parts = {i.filename: _read_member(zf, i, max_bytes) for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _bad_file("the zip file is damaged", "die ZIP-Datei ist beschädigt") from None
    manifest = _manifest(parts["manifest.json"])
    for member in ("data.parquet", "scenario.json"):
        stated = str(manifest["sha256"].get(member, "")).encode("utf-8")
        if not hmac.compare_digest(stated, _sha256(parts[member]).encode("ascii")):
            raise _bad_file(
                f"{member} does not match its checksum in the manifest (the file was altered or damaged)",
                f"{member} passt nicht zur Prüfsumme im Manifest (die Datei wurde verändert oder ist beschädigt)",
            )
    try:
        assumptions = Assumptions.from_json(parts["scenario.json"].decode("utf-8"), source="scenario.json")
    except (AssumptionError, ScenarioError, UnicodeDecodeError) as exc:
        raise _bad_file(f"the scenario is invalid ({exc})", f"das Szenario ist ungültig ({exc})") from None
    customers = _read_table(parts["data.parquet"])
    if manifest.get("rows") != len(customers):
        raise _bad_file(
            "the number of rows does not match the manifest",
            "die Zeilenzahl passt nicht zum Manifest",
        )
    try:
        name = json.loads(parts["scenario.json"]).get("name")
    except (ValueError, AttributeError):
        name = None
    return Case(
        customers=customers,
        assumptions=assumptions,
        name=name if isinstance(name, str) else None,
        created_at=_parse_time(manifest.get("created_at")),
    )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    # Read at most max_bytes + 1 so a lying size header cannot unpack a zip bomb.
    with zf.open(info) as fh:
        blob = fh.read(max_bytes + 1)
    if len(blob) > max_bytes:
        raise _too_large(len(blob), max_bytes)
    return blob


def _manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _bad_file("manifest.json is not valid JSON", "manifest.json ist kein gültiges JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != CASE_FORMAT:
        raise _bad_file("it is not a case file of this app", "es ist keine Falldatei dieser App")
    version = manifest.get("version")
    if not isinstance(version, int) or version < 1 or version > CASE_VERSION:
        raise _bad_file(
            f"case file version {version!r} is not supported (this app reads up to {CASE_VERSION}); "
            "update the app",
            f"Falldatei-Version {version!r} wird nicht unterstützt (diese App liest bis {CASE_VERSION}); "
            "bitte die App aktualisieren",
        )
    if not isinstance(manifest.get("sha256"), dict):
        raise _bad_file("manifest.json has no checksums", "manifest.json enthält keine Prüfsummen")
    return manifest


def _read_table(raw: bytes) -> pd.DataFrame:
    try:
        table = pq.read_table(pa.BufferReader(raw))
    except (pa.ArrowException, OSError, ValueError):
        raise _bad_file("data.parquet is not a readable Parquet file", "data.parquet ist keine lesbare Parquet-Datei") from None
    _check_columns(table.column_names, source="data.parquet")
    for field in table.schema:
        name = field.name
        kind = field.type
        ok = True
        if name in TEXT_COLUMNS:
            ok = pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)
        elif name in NUMBER_COLUMNS or revenue_year(name) is not None or name.startswith("revenue_"):
            ok = pa.types.is_floating(kind) or pa.types.is_integer(kind) or pa.types.is_null(kind)
        elif name in DATE_COLUMNS:
            ok = pa.types.is_timestamp(kind) or pa.types.is_date(kind) or pa.types.is_null(kind)
        if not ok:
            raise _bad_file(
                f"column '{name}' in data.parquet has the wrong type ({kind})",
                f"Spalte '{name}' in data.parquet hat den falschen Typ ({kind})",
            )
    frame = table.to_pandas()
    for name in frame.columns:
        if name in NUMBER_COLUMNS or name.startswith("revenue"):
            frame[name] = frame[name].astype("float64")
    return frame


def _check_columns(columns: list[Any], *, source: str) -> None:
    bad = [str(c) for c in columns if not isinstance(c, str) or not is_canonical(c)]
    if bad:
        shown = ", ".join(repr(c[:40]) for c in bad[:5])
        raise _bad_file(
            f"{source} has columns that are not canonical customer columns: {shown}",
            f"{source} hat Spalten, die keine kanonischen Kundenspalten sind: {shown}",
        )
    if "customer_id" not in columns:
        raise _bad_file(f"{source} has no customer_id column", f"{source} hat keine Spalte customer_id")


def _bad_file(en: str, de: str) -> CaseFileError:
    return CaseFileError(f"The case file cannot be used: {en}.", f"Die Falldatei ist nicht verwendbar: {de}.")


def _too_large(size: int, limit: int) -> CaseTooLargeError:
    return CaseTooLargeError(
        f"The case is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB. "
        "Share fewer customers or ask the host to raise the limit.",
        f"Der Fall ist {size / 1e6:.1f} MB groß; die Grenze liegt bei {limit / 1e6:.1f} MB. "
        "Weniger Kunden teilen oder den Betreiber bitten, die Grenze anzuheben.",
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parse_time(text: Any) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# ----------------------------------------------------------------------------- storage


class _Local:
    """A local directory; writes go to a temporary file and are renamed into place."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CaseStoreError(
                f"The case store directory '{root}' cannot be created ({exc.strerror}).",
                f"Das Verzeichnis für geteilte Fälle '{root}' kann nicht angelegt werden ({exc.strerror}).",
            ) from None

    def write(self, name: str, data: bytes) -> None:
        tmp = self.root / f".{name}.{secrets.token_hex(6)}.tmp"
        tmp.write_bytes(data)
        tmp.replace(self.root / name)

    def read(self, name: str) -> bytes | None:
        try:
            return (self.root / name).read_bytes()
        except FileNotFoundError:
            return None

    def size(self, name: str) -> int | None:
        try:
            return (self.root / name).stat().st_size
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        (self.root / name).unlink(missing_ok=True)

    def names(self) -> list[str]:
        return [p.name for p in self.root.iterdir() if p.is_file()]


class _Fsspec:
    """Any fsspec location (object storage, network file system, ``memory://``)."""

    def __init__(self, url: str, storage_options: dict[str, Any]) -> None:
        try:
            import fsspec  # optional dependency
        except ImportError:
            raise CaseStoreError(
                f"The case store location '{url.split('://')[0]}://…' needs the Python package fsspec "
                "(pip install fsspec, plus s3fs, gcsfs or adlfs for cloud storage).",
                f"Der Speicherort für geteilte Fälle '{url.split('://')[0]}://…' braucht das Python-Paket fsspec "
                "(pip install fsspec, dazu s3fs, gcsfs oder adlfs für Cloud-Speicher).",
            ) from None
        scheme = url.split("://")[0]
        try:
            self.fs, self.root = fsspec.core.url_to_fs(url, **storage_options)
            self.fs.makedirs(self.root, exist_ok=True)
        except ImportError:
            raise CaseStoreError(
                f"The case store location '{scheme}://…' needs fsspec's package for '{scheme}' "
                "(s3fs for s3://, gcsfs for gs://, adlfs for az://).",
                f"Der Speicherort für geteilte Fälle '{scheme}://…' braucht das fsspec-Paket für '{scheme}' "
                "(s3fs für s3://, gcsfs für gs://, adlfs für az://).",
            ) from None
        except (ValueError, OSError) as exc:
            raise CaseStoreError(
                f"The case store location cannot be used ({type(exc).__name__}).",
                f"Der Speicherort für geteilte Fälle ist nicht verwendbar ({type(exc).__name__}).",
            ) from None
        self.root = self.root.rstrip("/")

    def _path(self, name: str) -> str:
        return f"{self.root}/{name}"

    def write(self, name: str, data: bytes) -> None:
        tmp = self._path(f".{name}.{secrets.token_hex(6)}.tmp")
        self.fs.pipe_file(tmp, data)
        self.fs.mv(tmp, self._path(name))

    def read(self, name: str) -> bytes | None:
        try:
            return self.fs.cat_file(self._path(name))
        except FileNotFoundError:
            return None

    def size(self, name: str) -> int | None:
        try:
            return int(self.fs.size(self._path(name)))
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        try:
            self.fs.rm_file(self._path(name))
        except FileNotFoundError:
            pass

    def names(self) -> list[str]:
        try:
            return [str(p).rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(self.root, detail=False)]
        except FileNotFoundError:
            return []


class CaseStore:
    """Shared cases in a directory or an fsspec location.

    Parameters
    ----------
    location
        A local directory (``str`` or ``Path``), or a URL with a scheme
        (``s3://bucket/cases``, ``memory://cases``, ``file:///srv/cases``) that is
        opened with fsspec.  Every server process that should open the same links
        must use the same location.
    ttl_days
        Default lifetime of a case, in days (default 14).
    max_bytes
        Largest case file accepted (default 50 MB).
    storage_options
        Passed to fsspec (credentials, endpoint); never logged.
    clock
        Returns the current time (UTC); for tests.

    Examples
    --------
    >>> import tempfile
    >>> from calc.readers import read_data
    >>> customers = read_data("sample_data/kunden.csv").customers
    >>> store = CaseStore(tempfile.mkdtemp())
    >>> shared = store.save(customers, Assumptions(capture_rate=0.05))
    >>> store.load(shared.case_id).assumptions.capture_rate
    0.05
    >>> store.delete(shared.case_id, shared.delete_secret)
    """

    def __init__(
        self,
        location: str | Path,
        *,
        ttl_days: float = DEFAULT_TTL_DAYS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        storage_options: dict[str, Any] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not ttl_days > 0:
            raise ValueError("ttl_days must be positive")
        if not max_bytes > 0:
            raise ValueError("max_bytes must be positive")
        self.ttl_days = float(ttl_days)
        self.max_bytes = int(max_bytes)
        self._clock = clock or (lambda: datetime.now(UTC))
        if isinstance(location, str) and "://" in location:
            self._backend: _Local | _Fsspec = _Fsspec(location, dict(storage_options or {}))
        else:
            self._backend = _Local(Path(location))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CaseStore:
        """The store the host configured through environment variables.

        ``CASE_STORE_URL``
            Directory or fsspec URL (default: ``$XDG_DATA_HOME/smart-accounts/cases``,
            i.e. ``~/.local/share/smart-accounts/cases``).
        ``CASE_TTL_DAYS``
            Lifetime of a new case in days (default 14).
        ``CASE_MAX_MB``
            Largest case file in MB (default 50).

        Raises
        ------
        CaseStoreError
            If a number is not a positive number, or the location cannot be used.
        """
        env = os.environ if environ is None else environ
        location = env.get("CASE_STORE_URL") or str(
            Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "smart-accounts" / "cases"
        )
        numbers = {}
        for name, default in (("CASE_TTL_DAYS", DEFAULT_TTL_DAYS), ("CASE_MAX_MB", DEFAULT_MAX_BYTES / 2**20)):
            raw = env.get(name)
            try:
                value = float(raw) if raw not in (None, "") else default
            except ValueError:
                value = -1.0
            if not value > 0:
                raise CaseStoreError(
                    f"The setting {name}={raw!r} must be a positive number.",
                    f"Die Einstellung {name}={raw!r} muss eine positive Zahl sein.",
                )
            numbers[name] = value
        return cls(location, ttl_days=numbers["CASE_TTL_DAYS"], max_bytes=int(numbers["CASE_MAX_MB"] * 2**20))

    # -- public API ------------------------------------------------------------------
    def save(
        self,
        customers: pd.DataFrame,
        assumptions: Assumptions,
        *,
        name: str | None = None,
        ttl_days: float | None = None,
    ) -> SharedCase:
        """Store a case; returns its id, delete secret and expiry.

        Runs :meth:`purge` first, so a store that is used is also cleaned.

        Raises
        ------
        CaseTooLargeError
            If the case file exceeds ``max_bytes``.
        CaseFileError
            If the table is not a canonical customer table.
        CaseStoreError
            If writing fails.
        """
        ttl = self.ttl_days if ttl_days is None else float(ttl_days)
        if not ttl > 0:
            raise ValueError("ttl_days must be positive")
        now = self._clock()
        blob = case_to_bytes(customers, assumptions, name=name, created_at=now)
        if len(blob) > self.max_bytes:
            raise _too_large(len(blob), self.max_bytes)
        self.purge()
        case_id = secrets.token_urlsafe(ID_BYTES)
        delete_secret = secrets.token_urlsafe(ID_BYTES)
        expires = now + timedelta(days=ttl)
        meta = {
            "version": CASE_VERSION,
            "created_at": now.isoformat(),
            "expires_at": expires.isoformat(),
            "size_bytes": len(blob),
            "delete_secret_sha256": _sha256(delete_secret.encode("ascii")),
        }
        # Metadata first, case file second: a crash in between leaves only metadata,
        # which purge removes at expiry; data is never left without an expiry.
        self._io(self._backend.write, f"{case_id}.json", json.dumps(meta).encode("utf-8"))
        self._io(self._backend.write, f"{case_id}.case", blob)
        return SharedCase(case_id=case_id, delete_secret=delete_secret, expires_at=expires, size_bytes=len(blob))

    def load(self, case_id: str) -> Case:
        """Open a stored case.

        Raises
        ------
        CaseNotFoundError
            Unknown id (or not an id at all).
        CaseExpiredError
            The case has expired; it is removed now.
        CaseFileError, CaseTooLargeError
            The stored file is damaged or over the limit.
        """
        meta = self._meta(case_id)
        if self._expired(meta):
            self._remove(case_id)
            raise CaseExpiredError(
                f"The shared case {_short(case_id)} has expired and was deleted. Ask for a new link.",
                f"Der geteilte Fall {_short(case_id)} ist abgelaufen und wurde gelöscht. Bitte um einen neuen Link.",
            )
        size = self._io(self._backend.size, f"{case_id}.case")
        if size is None:
            raise _not_found(case_id)
        if size > self.max_bytes:
            raise _too_large(size, self.max_bytes)
        blob = self._io(self._backend.read, f"{case_id}.case")
        if blob is None:
            raise _not_found(case_id)
        case = case_from_bytes(blob, max_bytes=self.max_bytes)
        return Case(
            customers=case.customers,
            assumptions=case.assumptions,
            name=case.name,
            created_at=case.created_at,
            expires_at=_parse_time(meta.get("expires_at")),
        )

    def case_file(self, case_id: str) -> bytes:
        """The stored case file as it is (for a download); same errors as :meth:`load`."""
        self.load(case_id)
        blob = self._io(self._backend.read, f"{case_id}.case")
        if blob is None:
            raise _not_found(case_id)
        return blob

    def delete(self, case_id: str, delete_secret: str) -> None:
        """Delete a case with its delete secret.

        Raises
        ------
        CaseNotFoundError
            Unknown id.
        CaseSecretError
            The secret is wrong (the case stays).
        """
        meta = self._meta(case_id)
        given = _sha256(str(delete_secret).encode("utf-8"))
        if not hmac.compare_digest(given, str(meta.get("delete_secret_sha256", ""))):
            raise CaseSecretError(
                f"The delete secret does not match the shared case {_short(case_id)}; nothing was deleted.",
                f"Der Löschschlüssel passt nicht zum geteilten Fall {_short(case_id)}; nichts wurde gelöscht.",
            )
        self._remove(case_id)

    def purge(self) -> int:
        """Remove every expired case; returns how many were removed."""
        removed = 0
        names = self._io(self._backend.names)
        for name in names:
            case_id, _, ext = name.partition(".")
            if ext != "json" or not is_case_id(case_id):
                continue
            raw = self._io(self._backend.read, name)
            try:
                meta = json.loads(raw) if raw is not None else None
            except ValueError:
                meta = {}
            if meta is None:
                continue
            if not isinstance(meta, dict) or self._expired(meta):
                self._remove(case_id)
                removed += 1
        return removed

    # -- internals -------------------------------------------------------------------
    def _meta(self, case_id: str) -> dict[str, Any]:
        if not is_case_id(case_id):
            raise _not_found(case_id)
        raw = self._io(self._backend.read, f"{case_id}.json")
        if raw is None:
            raise _not_found(case_id)
        try:
            meta = json.loads(raw)
        except ValueError:
            meta = None
        if not isinstance(meta, dict):
            raise _bad_file("its stored metadata is damaged", "seine gespeicherten Metadaten sind beschädigt")
        return meta

    def _expired(self, meta: dict[str, Any]) -> bool:
        expires = _parse_time(meta.get("expires_at"))
        return expires is None or self._clock() >= expires

    def _remove(self, case_id: str) -> None:
        # Data first, metadata last (see save).
        self._io(self._backend.delete, f"{case_id}.case")
        self._io(self._backend.delete, f"{case_id}.json")

    @staticmethod
    def _io(func: Callable[..., Any], *args: Any) -> Any:
        try:
            return func(*args)
        except CaseError:
            raise
        except OSError as exc:
            raise CaseStoreError(
                f"The case store cannot be read or written ({type(exc).__name__}: {exc.strerror or 'I/O error'}).",
                f"Der Speicher für geteilte Fälle ist nicht les- oder schreibbar "
                f"({type(exc).__name__}: {exc.strerror or 'E/A-Fehler'}).",
            ) from None


def _not_found(case_id: str) -> CaseNotFoundError:
    return CaseNotFoundError(
        f"There is no shared case {_short(case_id)}. It was deleted, or the link is incomplete.",
        f"Es gibt keinen geteilten Fall {_short(case_id)}. Er wurde gelöscht, oder der Link ist unvollständig.",
    )
