"""Named exceptions of the calculation package.

Every error carries a message a user can act on: it names the file, row and column
(for data) or the assumption, the value and the valid range (for assumptions).

Errors speak both languages.  An error raised with ``key=`` (a key of the text catalogue
:mod:`calc.texts`, conventionally ``err_*``) and ``values=`` renders itself in either
language with :meth:`CalcError.message`; ``str(error)`` is the English text, so logs,
the CLI's default and older callers keep working.  The app shows
``error.message(lang)``; the CLI prints ``error.message(lang)`` and exits 2.

Values are filled in per language: numbers (``int``, ``float``) in the language's
format (``1.234,5`` / ``1,234.5``; pass a year, a row or a line number as ``str``), a
:class:`Msg` or a :class:`CalcError` in that language (a source such as "plan file
'x.json'", an error inside another), a ``list`` as its items so rendered and joined
with ", ", anything else as it is.

>>> e = DataError(key="err_file_empty", file="kunden.csv")
>>> e.message("de")
'Datei „kunden.csv“: Die Datei ist leer. Bitte eine Datei mit einer Kopfzeile und mindestens einem Kunden hochladen.'
>>> str(e)
"file 'kunden.csv': the file is empty. Upload a file with a header row and at least one customer."
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

__all__ = [
    "CalcError",
    "DataError",
    "AssumptionError",
    "ScenarioError",
    "PlanError",
    "Msg",
    "Both",
    "message_of",
    "render",
]


def _value(value: Any, lang: str) -> Any:
    """One value as it reads in ``lang``: a number in the language's format, a text or error in that language."""
    message = getattr(value, "message", None)
    if callable(message):  # Msg, CalcError
        return message(lang)
    if isinstance(value, list):
        return ", ".join(str(_value(v, lang)) for v in value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        from babel.numbers import format_decimal

        from .texts import LOCALES

        return format_decimal(value, locale=LOCALES.get(lang, "en_US"))
    return value


def render(key: str, lang: str, values: Mapping[str, Any] | None = None) -> str:
    """The catalogue text ``key`` in ``lang`` with ``values`` filled in (imported lazily: texts imports us)."""
    from .texts import CATALOGS

    found = CATALOGS.get(lang, CATALOGS["en"])[key]
    return found.format(**{name: _value(v, lang) for name, v in (values or {}).items()}) if values else found


class Msg(str):
    """A catalogue text as a value: it *is* its English text (a ``str``), and reads in any language.

    For what is not an error but reaches a user all the same (a problem row's reason, a
    warning of the reading report), and for parts of a message (the source in "plan
    file 'x.json': ...").

    >>> m = Msg("err_src_plan_file", file="plan.json")
    >>> m, m.message("de")
    ("plan file 'plan.json'", 'Plandatei „plan.json“')
    """

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, values: Mapping[str, Any] | None = None, /, **more: Any) -> Msg:
        vals = {**dict(values or {}), **more}
        self = super().__new__(cls, render(key, "en", vals))
        self.key = key
        self.values = vals
        return self

    def __getnewargs__(self) -> tuple[str, dict[str, Any]]:  # pickled from a worker process
        return (self.key, self.values)

    def message(self, lang: str = "en") -> str:
        """The text in ``lang`` ("de" or "en")."""
        return render(self.key, lang, self.values)


class Both(str):
    """A text given in both languages at once (an assumption's label): its English self, and ``message(lang)``.

    >>> Both("Capture rate", "Gewinnungsquote").message("de")
    'Gewinnungsquote'
    """

    de: str

    def __new__(cls, en: str, de: str) -> Both:
        self = super().__new__(cls, en)
        self.de = de
        return self

    def __getnewargs__(self) -> tuple[str, str]:
        return (str(self), self.de)

    def message(self, lang: str = "en") -> str:
        """The text in ``lang``."""
        return self.de if lang == "de" else str(self)


def message_of(text: object, lang: str) -> str:
    """``text`` in ``lang`` if it knows its languages (:class:`Msg`, :class:`CalcError`), else ``str(text)``."""
    message = getattr(text, "message", None)
    return message(lang) if callable(message) else str(text)


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
            parts.append(render("err_where_row", lang, {"row": str(self.row)}))
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
