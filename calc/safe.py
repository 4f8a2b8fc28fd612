"""Safe text for exports: neutralise spreadsheet formula injection (CWE-1236).

A text cell that came from customer data must never become a formula when the export
is opened in Excel or LibreOffice.  OWASP's rule, applied here to CSV: a text whose
first non-whitespace character is ``= + - @``, or which starts with a tab, carriage
return, line feed or NUL, gets a leading apostrophe ``'``.  CSV has no cell types, so
the prefix is the only defence there.  XLSX needs none and gets none: the exporters
write texts with ``write_string``, and a string cell is never a formula, so the text
stays exactly as it came (see :func:`calc.export_xlsx.text_cells`).

Only text goes through :func:`neutralise_text`; real numbers (a negative revenue,
a credit note) stay numbers and are never prefixed.

>>> neutralise_text('=HYPERLINK("x")')
'\\'=HYPERLINK("x")'
>>> neutralise_text("Müller GmbH")
'Müller GmbH'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["neutralise_text", "normalise_text", "safe_frame", "to_csv_bytes", "CSV_FORMATS"]

_TRIGGERS = ("=", "+", "-", "@")
_LEADING_CONTROL = ("\t", "\r", "\n", "\0")

#: delimiter and decimal separator per language
CSV_FORMATS = {"de": (";", ","), "en": (",", ".")}


def neutralise_text(value: str) -> str:
    """Prefix ``'`` to a text that a spreadsheet would read as a formula.

    Parameters
    ----------
    value
        A text cell from customer data (names, ids, regions ...).  Not a number.

    Returns
    -------
    str
        ``value`` unchanged, or ``"'" + value`` when its first non-whitespace
        character is one of ``= + - @`` or it starts with tab, CR, LF or NUL.

    Examples
    --------
    >>> neutralise_text(" =1+1")
    "' =1+1"
    >>> neutralise_text("-2+3")
    "'-2+3"
    >>> neutralise_text("ACME - Süd")
    'ACME - Süd'
    """
    if not value:
        return value
    if value.startswith(_LEADING_CONTROL) or value.lstrip().startswith(_TRIGGERS):
        return "'" + value
    return value


def normalise_text(value: str) -> str:
    r"""Normalise line breaks (``\r\n`` and lone ``\r`` to ``\n``) and drop NUL characters.

    A lone CR inside a cell shifts rows on a CSV round trip in many readers.

    >>> normalise_text("a\r\nb\rc\x00")
    'a\nb\nc'
    """
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")


def _is_text_column(series: pd.Series) -> bool:
    dtype = series.dtype
    return (
        pd.api.types.is_object_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_string_dtype(dtype)
    )


def _safe_text_series(series: pd.Series) -> pd.Series:
    """Neutralise every non-missing value of a text column (other values become text too)."""
    values = series.astype(object)
    mask = values.notna().to_numpy()
    out = values.copy()
    if mask.any():
        text = values[mask].map(str)
        # neutralise first (a leading CR is a trigger), then normalise line breaks
        out[mask] = text.map(neutralise_text).map(normalise_text)
    return out


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text column neutralised; numeric columns untouched.

    Text columns are object, string and categorical columns (categoricals become
    object columns of text).  Missing values stay missing.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["=1+1", "ok"], "revenue": [-5.0, 3.0]})
    >>> safe_frame(frame)["name"].tolist(), safe_frame(frame)["revenue"].tolist()
    (["'=1+1", 'ok'], [-5.0, 3.0])
    """
    out = df.copy()
    for col in out.columns:
        if _is_text_column(out[col]):
            out[col] = _safe_text_series(out[col])
    return out


def _csv_quote(series: pd.Series) -> pd.Series:
    return '"' + series.str.replace('"', '""', regex=False) + '"'


def _number_text(series: pd.Series, decimal: str) -> pd.Series:
    values = series.astype(float)
    finite = np.isfinite(values.to_numpy())
    text = pd.Series([""] * len(series), index=series.index, dtype=object)
    if finite.any():
        shown = values[finite].map(repr)
        if pd.api.types.is_integer_dtype(series.dtype):
            shown = series[finite].astype("int64").map(str)
        if decimal != ".":
            shown = shown.str.replace(".", decimal, regex=False)
        text[finite] = shown
    return text


def to_csv_bytes(df: pd.DataFrame, *, lang: str = "de") -> bytes:
    r"""CSV bytes that German or English Excel opens correctly and safely.

    * UTF-8 with BOM; lines end with CRLF (RFC 4180).
    * ``lang="de"``: ``;`` delimiter and decimal comma; ``lang="en"``: ``,`` and ``.``.
    * Header and text cells are always quoted (like ``csv.QUOTE_NONNUMERIC``), numbers
      never; text is neutralised (:func:`neutralise_text`), CR and NUL inside cells are
      normalised (:func:`normalise_text`).  Missing values are empty fields.
    * Booleans are written as the text ``true``/``false``.

    Parameters
    ----------
    df
        The table to export.  The index is not written.
    lang
        ``"de"`` or ``"en"``.

    Raises
    ------
    ValueError
        For an unknown ``lang``.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["@SUM(A1)"], "revenue": [-1.5]})
    >>> to_csv_bytes(frame, lang="de").decode("utf-8-sig")
    '"name";"revenue"\r\n"\'@SUM(A1)";-1,5\r\n'
    """
    if lang not in CSV_FORMATS:
        raise ValueError(f"lang must be one of {', '.join(CSV_FORMATS)}, not {lang!r}")
    sep, decimal = CSV_FORMATS[lang]
    header = sep.join(
        '"' + normalise_text(neutralise_text(str(c))).replace('"', '""') + '"' for c in df.columns
    )
    columns = []
    for col in df.columns:
        series = df[col]
        if pd.api.types.is_bool_dtype(series.dtype):
            text = _csv_quote(series.map(lambda v: "true" if v else "false").astype(object))
        elif pd.api.types.is_numeric_dtype(series.dtype) and not _is_text_column(series):
            text = _number_text(series, decimal)
        else:
            safe = _safe_text_series(series)
            mask = safe.notna()
            text = pd.Series([""] * len(series), index=series.index, dtype=object)
            if mask.any():
                text[mask] = _csv_quote(safe[mask].astype(str))
        columns.append(text.reset_index(drop=True).astype(str))
    if columns and len(df):
        body = columns[0]
        for text in columns[1:]:
            body = body + sep + text
        lines = "\r\n".join(body.tolist()) + "\r\n"
    else:
        lines = ""
    return ("\ufeff" + header + "\r\n" + lines).encode("utf-8")
