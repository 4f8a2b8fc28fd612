"""Named exceptions of the calculation package.

Every error carries a message a user can act on: it names the file, row and column
(for data) or the assumption, the value and the valid range (for assumptions).
The app shows ``str(error)``; the CLI prints it and exits 2.
"""

from __future__ import annotations

__all__ = [
    "CalcError",
    "DataError",
    "AssumptionError",
    "ScenarioError",
    "PlanError",
]


class CalcError(Exception):
    """Base class of every error the calculation package raises on purpose."""


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
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.detail = message
        where = []
        if file:
            where.append(f"file '{file}'")
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column '{column}'")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)


class AssumptionError(CalcError):
    """An assumption has an invalid value or an unknown name."""

    def __init__(self, message: str, *, name: str | None = None) -> None:
        self.name = name
        super().__init__(message)


class ScenarioError(CalcError):
    """A scenario file (JSON) cannot be read."""


class PlanError(CalcError):
    """A plan file (JSON, ``python -m calc plan``) cannot be read, or does not fit the new data."""
