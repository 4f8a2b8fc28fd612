"""Limits on what one upload may cost: stated once, the same in the CLI and the app.

:class:`Limits` holds every limit with its default. :meth:`Limits.from_env` lets an
operator change them with environment variables (``SMART_ACCOUNTS_MAX_ROWS=500000``
...), read when the app or the CLI starts. ``.streamlit/config.toml``'s
``server.maxUploadSize`` equals the default upload size (a test checks it).

A file beyond a limit is refused with a :class:`LimitError`. It is a
:class:`~calc.errors.DataError` (the CLI prints it and exits 2) that also knows its
German and English wording (:meth:`LimitError.message`), because the app shows it
in the user's language.

>>> Limits().columns
500
>>> Limits.from_env({"SMART_ACCOUNTS_MAX_COLUMNS": "80"}).columns
80
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from .errors import CalcError, DataError, message_of

__all__ = ["ENV_PREFIX", "LimitError", "Limits", "localised", "check_positive", "positive_from_env"]

#: Prefix of the environment variables, e.g. ``SMART_ACCOUNTS_MAX_ROWS``.
ENV_PREFIX = "SMART_ACCOUNTS_"


@dataclass(frozen=True)
class Limits:
    """What one upload may cost; every reader and the worker process obey these.

    Attributes
    ----------
    upload_mb
        Largest file, in MB (``SMART_ACCOUNTS_MAX_UPLOAD_MB``). Raising it above 50
        also needs ``server.maxUploadSize`` in ``.streamlit/config.toml``.
    rows
        Most data rows of a table (``SMART_ACCOUNTS_MAX_ROWS``). It limits uploads and customer
        tables; the CLI reads a CSV transaction log of any length in blocks
        (:func:`calc.readers.stream.read_log`), so it does not refuse a log.
    columns
        Most columns of a table (``SMART_ACCOUNTS_MAX_COLUMNS``).
    cells
        Most cells of a worksheet's area, rows x columns from A1 to its last cell
        (``SMART_ACCOUNTS_MAX_CELLS``): the reader allocates the whole area.
    read_seconds
        Longest time reading one file may take (``SMART_ACCOUNTS_READ_SECONDS``).
    read_memory_mb
        Memory (address space) that reading one file may add to the worker process's
        loaded libraries, in MB (``SMART_ACCOUNTS_READ_MEMORY_MB``).
    """

    upload_mb: int = 50
    rows: int = 2_000_000
    columns: int = 500
    cells: int = 20_000_000
    read_seconds: float = 60.0
    read_memory_mb: int = 4096

    def __post_init__(self) -> None:
        check_positive(self)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by ``SMART_ACCOUNTS_<NAME>`` variables (see :data:`ENV_NAMES`).

        Raises
        ------
        CalcError
            If a variable is not a positive number; the message names it.
        """
        return cls(**positive_from_env(ENV_NAMES, environ, floats=("read_seconds",)))

    @property
    def upload_bytes(self) -> int:
        """:attr:`upload_mb` in bytes (MB of 1024 x 1024 bytes, as Streamlit counts)."""
        return int(self.upload_mb) * 1024 * 1024


#: Limits field -> environment variable.
ENV_NAMES = {
    "upload_mb": ENV_PREFIX + "MAX_UPLOAD_MB",
    "rows": ENV_PREFIX + "MAX_ROWS",
    "columns": ENV_PREFIX + "MAX_COLUMNS",
    "cells": ENV_PREFIX + "MAX_CELLS",
    "read_seconds": ENV_PREFIX + "READ_SECONDS",
    "read_memory_mb": ENV_PREFIX + "READ_MEMORY_MB",
}

# what: (English, German); {found}, {allowed} and {where} are filled in
_TEXTS = {
    "upload_mb": (
        "the file has {found} MB; at most {allowed} MB are accepted: upload a smaller extract",
        "die Datei hat {found} MB; höchstens {allowed} MB sind erlaubt: laden Sie einen kleineren Auszug hoch",
    ),
    "rows": (
        "{where}reaches row {found}; at most {allowed} rows are accepted: upload a smaller extract, or aggregate "
        "a transaction log first with 'python -m calc aggregate LOG -o customers.parquet' and upload that file",
        "{where}reicht bis Zeile {found}; höchstens {allowed} Zeilen sind erlaubt: einen kleineren Auszug hochladen "
        "oder ein Transaktionsprotokoll vorher mit „python -m calc aggregate LOG -o kunden.parquet“ verdichten und "
        "diese Datei hochladen",
    ),
    "columns": (
        "{where}has {found} columns; at most {allowed} are accepted: leave out columns the model does not need",
        "{where}hat {found} Spalten; höchstens {allowed} sind erlaubt: lassen Sie Spalten weg, die das Modell "
        "nicht braucht",
    ),
    "cells": (
        "{where}spans {found} cells; at most {allowed} are accepted: upload a smaller extract",
        "{where}umfasst {found} Zellen; höchstens {allowed} sind erlaubt: laden Sie einen kleineren Auszug hoch",
    ),
    "read_seconds": (
        "reading the file took longer than {allowed} seconds and was stopped: upload a smaller extract or a CSV file",
        "das Lesen der Datei dauerte länger als {allowed} Sekunden und wurde abgebrochen: laden Sie einen kleineren "
        "Auszug oder eine CSV-Datei hoch",
    ),
    "read_memory_mb": (
        "reading the file needed more than {allowed} MB of memory and was stopped: upload a smaller extract or a "
        "CSV file",
        "das Lesen der Datei brauchte mehr als {allowed} MB Arbeitsspeicher und wurde abgebrochen: laden Sie einen "
        "kleineren Auszug oder eine CSV-Datei hoch",
    ),
    "crashed": (
        "the reader stopped unexpectedly on this file (it may be damaged or too large): save it again as .xlsx "
        "or CSV",
        "das Lesen der Datei brach unerwartet ab (sie ist vielleicht beschädigt oder zu groß): speichern Sie sie "
        "erneut als .xlsx oder CSV",
    ),
}
_FILE = ("file '{file}': ", "Datei „{file}“: ")
_SHEET = ("worksheet '{sheet}' ", "das Arbeitsblatt „{sheet}“ ")
_TABLE = ("the table ", "die Tabelle ")


def _number(value: float, lang: str) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "de" else text


class LimitError(DataError):
    """A file goes beyond one of the :class:`Limits`.

    Parameters
    ----------
    limit
        The :class:`Limits` field passed (``"rows"``, ``"columns"``, ``"cells"``,
        ``"upload_mb"``, ``"read_seconds"``, ``"read_memory_mb"``), or ``"crashed"``
        for a reader that died without saying why.
    allowed, found
        The limit and what the file has (None where not known).
    file
        File name for the message.
    sheet
        Worksheet name, for a workbook.

    Examples
    --------
    >>> err = LimitError("columns", allowed=500, found=5000, file="wide.csv")
    >>> str(err)
    "file 'wide.csv': the table has 5,000 columns; at most 500 are accepted: leave out columns the model does not need"
    >>> err.message("de")[:48]
    'Datei „wide.csv“: die Tabelle hat 5.000 Spalten;'
    """

    def __init__(
        self,
        limit: str,
        *,
        allowed: float | None = None,
        found: float | None = None,
        file: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.limit = limit
        self.allowed = allowed
        self.found = found
        self.sheet = sheet
        super().__init__(self._text("en"), file=file)

    def _text(self, lang: str) -> str:
        k = 1 if lang == "de" else 0
        en_de = _TEXTS.get(self.limit, _TEXTS["crashed"])
        where = (_SHEET[k].format(sheet=self.sheet) if self.sheet is not None else _TABLE[k])
        return en_de[k].format(
            where=where,
            found=_number(self.found, lang) if self.found is not None else "?",
            allowed=_number(self.allowed, lang) if self.allowed is not None else "?",
        )

    def message(self, lang: str = "en") -> str:
        """The whole message in ``"de"`` or ``"en"``, naming the file."""
        if lang != "de":
            return str(self)
        prefix = _FILE[1].format(file=self.file) if self.file else ""
        return prefix + self._text("de")

    def __reduce__(self):  # keyword-only fields: rebuild from them (worker -> parent)
        return (_rebuild, (self.limit, self.allowed, self.found, self.file, self.sheet))


def _rebuild(limit, allowed, found, file, sheet) -> LimitError:
    return LimitError(limit, allowed=allowed, found=found, file=file, sheet=sheet)


def localised(exc: BaseException, lang: str) -> str:
    """The message of ``exc`` in ``lang`` where it has one (every :class:`~calc.errors.CalcError`), else ``str(exc)``."""
    return message_of(exc, lang)


def check_positive(limits: Any) -> None:
    """Every field of a limits dataclass is a positive number; raises :class:`CalcError` naming the first that is not."""
    for f in fields(limits):
        value = getattr(limits, f.name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise CalcError(key="err_limit_not_positive", values={"name": f.name, "value": repr(value)})


def positive_from_env(names: Mapping[str, str], environ: Mapping[str, str] | None = None, *,
                      floats: tuple[str, ...] = ()) -> dict[str, int | float]:
    """The limits set in the environment: ``{field: value}`` for each ``names`` field whose variable is set.

    Fields in ``floats`` take any positive number, the others a whole one (``_`` allowed as a
    thousands separator).

    >>> positive_from_env({"rows": "X_ROWS"}, {"X_ROWS": "1_000"})
    {'rows': 1000}
    """
    env = os.environ if environ is None else environ
    values: dict[str, int | float] = {}
    for name, var in names.items():
        text = env.get(var)
        if text is None or not text.strip():
            continue
        kind = float if name in floats else int
        try:
            value = kind(text.strip().replace("_", ""))
        except ValueError:
            raise CalcError(key="err_env_not_number" if kind is float else "err_env_not_whole",
                            values={"var": var, "text": repr(text)}) from None
        if not value > 0:
            raise CalcError(key="err_env_not_positive", values={"var": var, "text": repr(text)})
        values[name] = value
    return values
