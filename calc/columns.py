"""Canonical column names and recognition of German/English header spellings.

CRM, ERP and shop exports name the same thing in many ways (``Kunden-Nr.``,
``KUNDENNUMMER``, ``Customer ID`` ...). :func:`recognise_headers` maps each
original header to one canonical column name, or to ``None`` if it is not
recognised. Case, umlauts (``ä`` -> ``ae``, ``ß`` -> ``ss``), spaces and
punctuation do not matter.

A few headers are only *suggested* for a meaning, never taken on their own
(:func:`suggest_header`): a country (``Country``, ``Land``) as the region, where the
file has no region column of its own.

Yearly revenue columns (``Umsatz 2024``, ``Revenue 2023``, ``Umsatz_2022``,
``Umsatz 2021 (EUR)``, ``Sales FY2024``) map to ``revenue_<YYYY>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "CANONICAL_COLUMNS",
    "CUSTOMER_COLUMNS",
    "ATTRIBUTE_TEXT_COLUMNS",
    "ATTRIBUTE_NUMBER_COLUMNS",
    "AMOUNT_COLUMNS",
    "TRANSACTION_COLUMNS",
    "TEXT_COLUMNS",
    "NUMBER_COLUMNS",
    "DATE_COLUMNS",
    "customer_table_columns",
    "is_canonical",
    "normalise_header",
    "recognise_header",
    "recognise_headers",
    "revenue_year",
    "suggest_header",
]

#: Canonical column name -> label "English / German", e.g. for a mapping UI.
#: ``revenue_<YYYY>`` (one column per year) is also canonical, see :func:`is_canonical`.
CANONICAL_COLUMNS: dict[str, str] = {
    "customer_id": "Customer ID / Kundennummer",
    "name": "Name / Firmenname",
    "industry": "Industry / Branche",
    "region": "Region / Vertriebsgebiet",
    "postcode": "Postcode / PLZ",
    "field_rep": "Field rep / Außendienst",
    "visits_12m": "Visits in the last 12 months / Besuche 12 Monate",
    "employees": "Employees / Mitarbeiter",
    "potential": "Annual potential (EUR) / Jahrespotenzial (EUR)",
    "cm_rate": "Contribution margin rate / DB-Quote",
    "orders_12m": "Orders in the last 12 months / Aufträge 12 Monate",
    "lines_12m": "Order lines in the last 12 months / Auftragspositionen 12 Monate",
    "last_order_date": "Last order date / Letzte Bestellung",
    "revenue": "Revenue, last 12 months (EUR) / Umsatz 12 Monate (EUR)",
    "revenue_<YYYY>": "Revenue in year YYYY (EUR) / Umsatz im Jahr YYYY (EUR)",
    "date": "Date (transactions) / Belegdatum",
    "amount": "Net amount (transactions) / Nettobetrag",
    "quantity": "Quantity (transactions) / Menge",
    "unit_price": "Unit price (transactions) / Einzelpreis",
    "order_id": "Order or invoice number (transactions) / Belegnummer",
}

#: Text attributes of a customer (a transaction table may carry them on each line).
ATTRIBUTE_TEXT_COLUMNS: tuple[str, ...] = ("name", "industry", "region", "postcode", "field_rep")
#: Number attributes of a customer; a transaction table yields ``orders_12m`` and ``lines_12m`` by counting.
ATTRIBUTE_NUMBER_COLUMNS: tuple[str, ...] = (
    "visits_12m", "employees", "potential", "cm_rate", "orders_12m", "lines_12m",
)
#: Columns of the canonical customer table besides ``revenue``/``revenue_<YYYY>``.
CUSTOMER_COLUMNS: tuple[str, ...] = (
    "customer_id",
    *ATTRIBUTE_TEXT_COLUMNS,
    *ATTRIBUTE_NUMBER_COLUMNS,
    "last_order_date",
)
#: Columns that give a transaction line's amount (``amount``, or ``quantity`` x ``unit_price``).
AMOUNT_COLUMNS: tuple[str, ...] = ("amount", "quantity", "unit_price")
#: Columns only a transaction table has.
TRANSACTION_COLUMNS: tuple[str, ...] = ("date", "amount", "quantity", "unit_price", "order_id")
#: Columns kept as text (pandas string dtype).
TEXT_COLUMNS: tuple[str, ...] = ("customer_id", "name", "industry", "region", "postcode", "field_rep", "order_id")
#: Columns parsed as numbers (float64); ``revenue_<YYYY>`` too.
NUMBER_COLUMNS: tuple[str, ...] = (
    "visits_12m",
    "employees",
    "potential",
    "cm_rate",
    "orders_12m",
    "lines_12m",
    "revenue",
    "amount",
    "quantity",
    "unit_price",
)
#: Columns parsed as dates.
DATE_COLUMNS: tuple[str, ...] = ("last_order_date", "date")


def customer_table_columns(revenue_columns: Iterable[str]) -> list[str]:
    """Column order of the canonical customer table with the given revenue columns.

    >>> customer_table_columns(["revenue"])[:7]
    ['customer_id', 'name', 'industry', 'region', 'postcode', 'field_rep', 'revenue']
    """
    return ["customer_id", *ATTRIBUTE_TEXT_COLUMNS, *revenue_columns, *ATTRIBUTE_NUMBER_COLUMNS, "last_order_date"]


_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer id", "customer_id", "customer no", "customer number", "customer",
        "kunden nr", "kundennr", "kundennummer", "kd nr", "kdnr", "kunde", "kunden id",
        "kundenid", "debitor", "debitornummer", "debitorennummer", "debitoren nr",
        "debitor nr", "account number", "account no", "account id", "client id",
        "id",
    ),
    "name": (
        "name", "firma", "firmenname", "kundenname", "company", "company name",
        "customer name", "account name", "name 1", "name1",
    ),
    "industry": ("branche", "industry", "sector", "gewerk", "branchen", "segment"),
    "region": (
        "region", "vertriebsgebiet", "gebiet", "bundesland", "sales region",
        "verkaufsgebiet", "territory",
    ),
    "postcode": ("plz", "postleitzahl", "postcode", "post code", "zip", "zip code", "postal code"),
    "visits_12m": (
        "besuche", "besuche 12 monate", "besuche 12m", "anzahl besuche", "visits",
        "visits 12m", "visits 12 months", "besuche letzte 12 monate",
    ),
    "employees": (
        "mitarbeiter", "mitarbeiterzahl", "anzahl mitarbeiter", "ma", "employees",
        "headcount", "number of employees", "beschaeftigte",
    ),
    "potential": (
        "potenzial", "potential", "einkaufspotenzial", "jahrespotenzial",
        "annual potential", "potenzial eur", "potential eur",
    ),
    "cm_rate": (
        "db quote", "db %", "deckungsbeitrag %", "deckungsbeitragsquote", "db1 %",
        "marge", "margin", "cm rate", "contribution margin %", "cm %", "db1 quote",
        "margin rate", "gross margin %", "marge %", "margin %", "cm rate %",
    ),
    "orders_12m": (
        "auftraege 12 monate", "anzahl auftraege", "orders", "orders 12m",
        "auftraege", "bestellungen", "anzahl bestellungen", "orders 12 months",
        "auftraege 12m", "belege", "anzahl belege", "belege 12 monate", "number of orders",
        "order count", "orders last 12 months",
    ),
    "lines_12m": (
        "positionen", "auftragspositionen", "anzahl positionen", "anzahl auftragspositionen",
        "positionen 12 monate", "auftragspositionen 12 monate", "order lines", "order lines 12m",
        "order lines 12 months", "number of order lines", "lines 12m",
    ),
    "field_rep": (
        "aussendienst", "aussendienstmitarbeiter", "adm", "verkaeufer", "field rep",
        "sales rep", "account manager", "betreuer", "vertreter", "key account manager",
    ),
    "last_order_date": (
        "letzte bestellung", "letzter auftrag", "last order", "last order date",
        "datum letzte bestellung", "letztes bestelldatum",
    ),
    "revenue": (
        "umsatz", "umsatz 12 monate", "jahresumsatz", "revenue", "sales", "net sales",
        "umsatz 12m", "revenue 12m", "revenue 12 months", "umsatz eur", "revenue eur",
        "nettoumsatz", "turnover", "umsatz letzte 12 monate",
    ),
    "date": (
        "datum", "belegdatum", "rechnungsdatum", "buchungsdatum", "date", "invoice date",
        "order date", "auftragsdatum", "bestelldatum", "lieferdatum",
    ),
    "amount": (
        "betrag", "nettobetrag", "netto", "umsatz netto", "amount", "net amount",
        "line total", "nettowert", "positionswert", "betrag netto",
    ),
    "quantity": ("menge", "anzahl", "quantity", "qty", "stueck", "stueckzahl"),
    "unit_price": ("einzelpreis", "preis", "vk preis", "unit price", "price", "stueckpreis"),
    "order_id": (
        "belegnummer", "belegnr", "auftragsnummer", "rechnungsnummer", "order id",
        "invoice number", "auftragsnr", "rechnungsnr", "order number", "invoice no",
        "beleg", "order no",
    ),
}

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})
_NON_ALNUM = re.compile(r"[^0-9a-z%]+")


def normalise_header(header: object) -> str:
    """Return the comparison key of a header: lower case, umlauts spelled out, no
    spaces or punctuation except ``%`` (``"Kunden-Nr."`` -> ``"kundennr"``,
    ``"DB %"`` -> ``"db%"``)."""
    text = str(header).strip().lower().translate(_UMLAUTS)
    return _NON_ALNUM.sub("", text)


_LOOKUP: dict[str, str] = {}
for _canonical, _names in _SYNONYMS.items():
    for _name in _names:
        _LOOKUP.setdefault(normalise_header(_name), _canonical)

_YEAR = r"((?:19|20)\d{2})"
_REVENUE_WORD = r"(?:umsatz|umsaetze|revenue|revenues|sales|netsales|nettoumsatz|jahresumsatz|turnover)"
_YEAR_PATTERNS = (
    re.compile(rf"^{_REVENUE_WORD}(?:fy|gj|jahr|year)?{_YEAR}(?:eur|euro|ineur)?$"),
    re.compile(rf"^(?:fy|gj)?{_YEAR}{_REVENUE_WORD}(?:eur|euro|ineur)?$"),
)


def revenue_year(header: object) -> int | None:
    """Return the year of a yearly revenue header (``"Umsatz 2024"`` -> 2024), else None."""
    key = normalise_header(header).replace("%", "")
    for pattern in _YEAR_PATTERNS:
        match = pattern.match(key)
        if match:
            return int(match.group(1))
    match = re.fullmatch(r"revenue_?((?:19|20)\d{2})", str(header).strip().lower())
    return int(match.group(1)) if match else None


def is_canonical(name: str) -> bool:
    """True if ``name`` is a canonical column name (including ``revenue_<YYYY>``)."""
    return (name in CANONICAL_COLUMNS and name != "revenue_<YYYY>") or bool(
        re.fullmatch(r"revenue_(?:19|20)\d{2}", name)
    )


def recognise_header(header: object) -> str | None:
    """Return the canonical name of one header, or None if it is not recognised."""
    text = str(header).strip()
    if is_canonical(text):
        return text
    year = revenue_year(text)
    if year is not None:
        return f"revenue_{year}"
    key = normalise_header(text)
    found = _LOOKUP.get(key)
    if found is None and "%" in key:
        found = _LOOKUP.get(key.replace("%", ""))
    return found


def recognise_headers(headers: Iterable[object]) -> dict[str, str | None]:
    """Map each original header to its canonical column name or None.

    Parameters
    ----------
    headers
        Original headers as found in the file.

    Returns
    -------
    dict
        ``{original header: canonical name or None}`` in the order given. Several
        headers may map to the same canonical name here; the reader keeps the first.
    """
    return {str(h): recognise_header(h) for h in headers}


#: Headers suggested for a canonical column in the mapping, never recognised on their own: a country is a
#: coarse sales region, and regions decide how reps are planned, so the user chooses it knowingly.
_SUGGESTIONS: dict[str, tuple[str, ...]] = {
    "region": (
        "country", "land", "laender", "country code", "country region", "country/region", "laenderkennzeichen",
        "laenderkennung", "lkz", "land iso", "iso land", "staat", "nation", "country name", "landname",
    ),
}
_SUGGEST_LOOKUP: dict[str, str] = {
    normalise_header(_name): _canonical for _canonical, _names in _SUGGESTIONS.items() for _name in _names
}


def suggest_header(header: object, *, taken: Iterable[str] = ()) -> str | None:
    """The canonical column a header not recognised might mean, for the mapping to offer; else None.

    A country column is offered as the region, unless a column already means the region
    (``taken``: the canonical names already in use).

    >>> suggest_header("Country"), suggest_header("Land"), suggest_header("Umsatz")
    ('region', 'region', None)
    >>> suggest_header("Country", taken=["customer_id", "region"]) is None
    True
    """
    found = _SUGGEST_LOOKUP.get(normalise_header(header))
    return None if found is None or found in set(taken) else found
