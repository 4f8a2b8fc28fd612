"""Named exceptions of the calculation package.

Every error carries a message a user can act on: it names the file, row and column
(for data) or the assumption, the value and the valid range (for assumptions).

Errors speak both languages.  An error raised with ``key=`` (a key of the text catalogue
:mod:`calc.texts`, conventionally ``err_*``) and ``values=`` renders itself in either
language with :meth:`CalcError.message`; ``str(error)`` is the English text, so logs,
the CLI's default and older callers keep working.  The app shows
``error.message(lang)``; the CLI prints ``error.message(lang)`` and exits 2.

>>> e = DataError(key="err_file_empty", file="kunden.csv")
>>> e.message("de")
"Datei 'kunden.csv': Die Datei ist leer. Bitte eine Datei mit einer Kopfzeile und mindestens einem Kunden hochladen."
>>> str(e)
"file 'kunden.csv': the file is empty. Upload a file with a header row and at least one customer."
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "CalcError",
    "DataError",
    "AssumptionError",
    "ScenarioError",
    "PlanError",
    "render",
]


def render(key: str, lang: str, values: Mapping[str, Any] | None = None) -> str:
    """The catalogue text ``key`` in ``lang`` with ``values`` filled in (imported lazily: texts imports us)."""
    from .texts import text

    return text(key, lang, **dict(values or {}))


class CalcError(Exception):
    """Base class of every error the calculation package raises on purpose.

    Parameters
    ----------
    message
        The English text, for errors that have no catalogue key yet.
    key, values
        Keyword-only: the catalogue key of the message and the values of its
        ``{placeholders}``.  With a key, ``message`` may be left out.
    """

    def __init__(self, message: str = "", *, key: str | None = None,
                 values: Mapping[str, Any] | None = None) -> None:
        self.key = key
        self.values = dict(values or {})
        self.detail = message or (render(key, "en", self.values) if key else "")
        super().__init__(self._where("en") + self.detail)

    def _where(self, lang: str) -> str:
        """The prefix that says where the problem is ("file 'x', row 3: "); empty for most errors."""
        return ""

    def message(self, lang: str = "en") -> str:
        """The whole message in ``lang`` ("de" or "en"); without a key, the English text."""
        if self.key is None:
            return str(self)
        return self._where(lang) + render(self.key, lang, self.values)


class DataError(CalcError):
    """A data file cannot be used.

    Parameters
    ----------
    message
        What is wrong and what to do about it.
    file, row, column
        Where the problem is, as far as known. ``row`` is the 1-based line
        number in the file as a spreadsheet program shows it (the header is row 1).
    """

    def __init__(
        self,
        message: str = "",
        *,
        key: str | None = None,
        values: Mapping[str, Any] | None = None,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        super().__init__(message, key=key, values=values)

    def _where(self, lang: str) -> str:
        parts = []
        if self.file:
            parts.append(render("err_where_file", lang, {"file": self.file}))
        if self.row is not None:
            parts.append(render("err_where_row", lang, {"row": self.row}))
        if self.column:
            parts.append(render("err_where_column", lang, {"column": self.column}))
        if not parts:
            return ""
        return ", ".join(parts) + ": "


class AssumptionError(CalcError):
    """An assumption has an invalid value or an unknown name."""

    def __init__(self, message: str = "", *, name: str | None = None, key: str | None = None,
                 values: Mapping[str, Any] | None = None) -> None:
        self.name = name
        super().__init__(message, key=key, values=values)


class ScenarioError(CalcError):
    """A scenario file (JSON) cannot be read."""


class PlanError(CalcError):
    """A plan file (JSON, ``python -m calc plan``) cannot be read, or does not fit the new data."""
