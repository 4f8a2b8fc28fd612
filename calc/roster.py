"""The reps' roster for the CRM hand-over: who they are, their CRM user, region and capacity.

A roster is a small table the user uploads (CSV or XLSX) or types, one rep a row:

* ``name`` (required; German ``Name``, ``Mitarbeiter``),
* ``crm_user`` (CRM user id or e-mail; ``Benutzer``, ``E-Mail``, ``CRM-Benutzer``, ``user id``),
* ``region`` (``Region``, ``Gebiet``, ``Vertriebsgebiet``; empty: any region),
* ``capacity`` (customers the rep can take; ``Kapazität``; empty: ``accounts_per_rep``).

:func:`read_roster` returns the canonical table (columns :data:`ROSTER_COLUMNS`); it
raises :class:`~calc.errors.DataError` with the row to fix where a row cannot be used.
"""

from __future__ import annotations

import io
import math
import os
import re
from pathlib import Path

import pandas as pd

from .errors import DataError

__all__ = ["ROSTER_COLUMNS", "read_roster", "roster_from_text"]

ROSTER_COLUMNS = ("name", "crm_user", "region", "capacity")

_ALIASES = {
    "name": ("name", "mitarbeiter", "rep", "mitarbeitername", "vertriebsmitarbeiter"),
    "crm_user": ("crm_user", "crm user", "crm user id", "user id", "user", "benutzer", "crm-benutzer",
                 "benutzer-id", "benutzerkennung", "e-mail", "email", "mail", "e-mail-adresse"),
    "region": ("region", "gebiet", "vertriebsgebiet", "territory", "sales region"),
    "capacity": ("capacity", "kapazität", "kapazitaet", "max customers", "kunden", "max. kunden"),
}


def _canon(header: object) -> str | None:
    h = re.sub(r"\s+", " ", str(header).strip().lower().replace("_", " "))
    for col, names in _ALIASES.items():
        if h in {n.replace("_", " ") for n in names}:
            return col
    return None


def _normalise(table: pd.DataFrame, file: str) -> pd.DataFrame:
    rename: dict[object, str] = {}
    for header in table.columns:
        col = _canon(header)
        if col is not None and col not in rename.values():
            rename[header] = col
    if "name" not in rename.values():
        raise DataError(key="err_roster_no_name", file=file)
    t = table.rename(columns=rename)
    out = pd.DataFrame(index=t.index)
    for col in ("name", "crm_user", "region"):
        vals = t[col].astype(object) if col in t.columns else pd.Series([None] * len(t), index=t.index, dtype=object)
        out[col] = pd.Series([None if v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == ""
                              else str(v).strip() for v in vals], index=t.index, dtype=object)
    caps: list[float] = []
    for i, v in enumerate(t["capacity"] if "capacity" in t.columns else [None] * len(t)):
        if v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "":
            caps.append(float("nan"))
            continue
        try:
            c = float(str(v).strip().replace(",", "."))
        except ValueError:
            raise DataError(key="err_roster_capacity", values={"value": repr(v)}, file=file, row=i + 2,
                            column="capacity") from None
        if c < 0 or c != int(c):
            raise DataError(key="err_roster_capacity", values={"value": repr(v)}, file=file,
                            row=i + 2, column="capacity")
        caps.append(c)
    out["capacity"] = caps
    out = out[out["name"].notna()].reset_index(drop=True).astype({"name": object, "crm_user": object,
                                                                   "region": object})
    dup = out["name"].str.casefold().duplicated()
    if dup.any():
        raise DataError(key="err_roster_twice", values={"rep": out["name"][dup].iloc[0]}, file=file)
    return out.loc[:, list(ROSTER_COLUMNS)]


def read_roster(source: bytes | str | os.PathLike | pd.DataFrame, *, filename: str | None = None) -> pd.DataFrame:
    """Read a roster (CSV with ``,`` or ``;``, or XLSX) into columns :data:`ROSTER_COLUMNS`.

    ``capacity`` is a float (NaN where not given); text cells are stripped, empty ones None.

    Raises
    ------
    DataError
        Without a name column, with a capacity that is not a whole number of at least 0,
        or with a rep listed twice.

    Examples
    --------
    >>> read_roster(b"Name;E-Mail;Gebiet;Kapazit\\xc3\\xa4t\\nAnna;anna@x.de;Nord;300\\n", filename="r.csv")
       name   crm_user region  capacity
    0  Anna  anna@x.de   Nord     300.0
    """
    if isinstance(source, pd.DataFrame):
        return _normalise(source, filename or "roster")
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        filename = filename or path.name
        data = path.read_bytes()
    else:
        data = bytes(source)
    name = filename or "roster"
    if name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        try:
            table = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
        except Exception as exc:  # noqa: BLE001 - any broken workbook
            raise DataError(key="err_roster_workbook", values={"detail": str(exc)}, file=name) from None
    else:
        text = data.decode("utf-8-sig", errors="replace")
        return roster_from_text(text, filename=name)
    return _normalise(table, name)


def roster_from_text(text: str, *, filename: str = "roster") -> pd.DataFrame:
    """A roster typed or pasted as text: a header line, then one rep a line (``,``, ``;`` or tab).

    >>> roster_from_text("name,crm_user,region,capacity\\nBen,u-17,,\\n")["crm_user"].tolist()
    ['u-17']
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return pd.DataFrame({c: pd.Series(dtype=object if c != "capacity" else float) for c in ROSTER_COLUMNS})
    head = lines[0]
    sep = max((";", "\t", ","), key=head.count)
    try:
        table = pd.read_csv(io.StringIO("\n".join(lines)), sep=sep, dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - pandas' parser errors
        raise DataError(key="err_roster_unreadable", values={"detail": str(exc)}, file=filename) from None
    return _normalise(table, filename)
