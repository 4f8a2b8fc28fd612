"""Number formatting for the UI, done on the server with Babel.

German: ``8.593,75 €``, ``8 %``, ``1.234``; English: ``€8,593.75``, ``8%``, ``1,234``.  Money is shown
in the session's currency (:func:`current_currency`, EUR unless the sidebar or the link's ``cur`` sets
another ISO 4217 code); the amounts are not converted.
Babel puts a non-breaking space between number and unit in German, so a figure
never wraps.  Scalar functions use Babel; the ``*_series`` functions format whole
columns fast (for tables) and give the same text as the scalar ones.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st
from babel.numbers import NumberFormatError, format_compact_currency, format_decimal, format_percent, parse_decimal
from streamlit.runtime.scriptrunner import get_script_run_ctx

from calc.texts import DEFAULT_CURRENCY, LOCALES, Formatter
from calc.verdict import IRR_HEADLINE_CAP
from ui import keys
from ui.i18n import current_lang, t

NBSP = "\u00a0"
#: the money assumptions shown to the cent (small amounts)
CENTS_ASSUMPTIONS = ("cost_per_visit",)


def _loc(lang: str | None) -> str:
    return LOCALES.get(lang or current_lang(), "de_DE")


def current_currency() -> str:
    """The session's currency (ISO 4217 code); EUR outside a session."""
    if get_script_run_ctx(suppress_warning=True) is None:  # no session (a bare script or a unit test)
        return DEFAULT_CURRENCY
    code = st.session_state.get(keys.CURRENCY)
    return code if isinstance(code, str) and code else DEFAULT_CURRENCY


def formatter(lang: str | None = None) -> Formatter:
    """:class:`calc.texts.Formatter` of the UI language and the session's currency (for exports too)."""
    return Formatter(lang or current_lang(), currency=current_currency())


def currency_symbol(lang: str | None = None) -> str:
    """The session currency's sign in the UI language: ``€``, ``£``, ``CHF``."""
    return formatter(lang).symbol


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def money(x: float | None, lang: str | None = None, *, cents: bool = False) -> str:
    """Amount in the session's currency: ``8.594 €`` / ``€8,594``; with ``cents`` ``8.593,75 €`` / ``€8,593.75``."""
    if _missing(x):
        return "–"
    return formatter(lang).money(float(x), cents=cents)


def assumption_money(name: str, x: float | None) -> str:
    """The value of the money assumption ``name``: to the cent where it is small (cost per visit)."""
    return money(x, cents=name in CENTS_ASSUMPTIONS)


def money_short(x: float | None, lang: str | None = None) -> str:
    """Large amounts in millions/thousands: ``1,2 Mio. €`` / ``€1.2M``."""
    if _missing(x):
        return "–"
    lang = lang or current_lang()
    value = float(x)
    if abs(value) >= 1e6:
        num = format_decimal(value / 1e6, format="#,##0.0", locale=_loc(lang))
        sign = currency_symbol(lang)
        return f"{num}{NBSP}Mio.{NBSP}{sign}" if lang == "de" else f"{sign}{num}M"
    return money(value, lang)


def money_compact(x: float | None, lang: str | None = None) -> str:
    """A headline amount that fits a narrow column: from one million on in the compact form with two
    decimals (``2,64 Mio. €`` / ``€2.64M``), below it the whole-euro amount (``264.036 €``)."""
    if _missing(x):
        return "–"
    lang = lang or current_lang()
    value = float(x)
    if abs(value) < 1e6:
        return money(value, lang)
    return format_compact_currency(value, current_currency(), locale=_loc(lang), fraction_digits=2)


def money_headline(x: float | None, lang: str | None = None) -> tuple[str, str | None]:
    """``(shown, exact)``: the compact amount for a metric and, where it is rounded, the exact amount
    for its help text (None where the compact form is already exact)."""
    shown = money_compact(x, lang)
    exact = money(x, lang)
    return shown, (exact if exact != shown else None)


def pct(x: float | None, lang: str | None = None, *, digits: int = 0) -> str:
    """A fraction as a percentage: 0.08 -> ``8 %`` / ``8%``."""
    if _missing(x):
        return "–"
    fmt = "#,##0" + ("." + "0" * digits if digits else "") + "\u00a0%"
    loc = _loc(lang)
    if loc != "de_DE":
        fmt = fmt.replace("\u00a0", "")
    return format_percent(x, format=fmt, locale=loc)


def smart_pct(x: float | None, lang: str | None = None) -> str:
    """A percentage with one decimal only where it has one: ``8 %`` or ``2,5 %``."""
    if _missing(x):
        return "–"
    return pct(x, lang, digits=1 if (x * 100) % 1 else 0)


def number(x: float | None, lang: str | None = None, *, digits: int = 0) -> str:
    """A plain number: ``1.234`` / ``1,234``; ``digits`` fixed decimals."""
    if _missing(x):
        return "–"
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(x, format=fmt, locale=_loc(lang))


def smart_number(x: float | None, lang: str | None = None) -> str:
    """A number with decimals only where it has them: ``4`` or ``4,5``."""
    if _missing(x):
        return "–"
    return format_decimal(x, format="#,##0.##", locale=_loc(lang))


def months(x: float | None, lang: str | None = None) -> str:
    """Payback in months with one decimal, e.g. ``14,2``."""
    return number(x, lang, digits=1)


def payback(x: float | None) -> str:
    """The payback as text: ``14,2 Monate``, or "not within the horizon" where there is none (None, NaN)."""
    if _missing(x):
        return t("no_payback")
    return t("months", value=months(x))


def figure(kind: str, x: float | None) -> str:
    """A business-case figure by its kind (as in :func:`calc.views.make_or_buy_table`): ``count``,
    ``money``, ``rate`` (one decimal: IRR, ROI) or ``months`` (the payback)."""
    if kind == "rate":
        return pct(x, digits=1)
    if kind == "months":
        return payback(x)
    return money(x) if kind == "money" else number(x)


# -- entry of numbers in the UI language -----------------------------------------------
class EntryError(ValueError):
    """A text typed into a number field that is not a number in the UI language."""


#: the signs a user may put around an amount or a rate (removed before parsing)
_MONEY_SIGNS = ("€", "EUR", "eur", "Eur")
_SPACES = str.maketrans({NBSP: " ", "\u202f": " ", "\u2212": "-"})


def parse_entry(text: str, kind: str, lang: str | None = None) -> float:
    """A number typed the way the UI language writes it, as a float (a rate as typed: ``8`` for 8 %).

    German ``3,5`` -> 3.5, ``70.000`` -> 70000, ``8 %`` -> 8; English ``3.5``, ``70,000``, ``8%``.  Parsed
    with Babel's strict mode, so ``3.5`` in German (or ``3,5`` in English) is refused rather than read as 35.
    A rate may end in ``%``, an amount may carry ``€`` or ``EUR``.  Raises :class:`EntryError` for anything
    else (empty text, letters, a number in the other language's notation, not finite).
    """
    s = str(text).translate(_SPACES).strip()
    if kind == "rate" and s.endswith("%"):
        s = s[:-1].strip()
    if kind == "money":
        code = current_currency()
        signs = _MONEY_SIGNS if code == DEFAULT_CURRENCY else (*_MONEY_SIGNS, code, currency_symbol(lang))
        for sign in signs:
            if s.startswith(sign):
                s = s[len(sign):].strip()
            if s.endswith(sign):
                s = s[: -len(sign)].strip()
    if not s or " " in s:
        raise EntryError(text)
    try:
        value = float(parse_decimal(s, locale=_loc(lang), strict=True))
    except (NumberFormatError, ValueError, ArithmeticError):
        raise EntryError(text) from None
    if not math.isfinite(value):
        raise EntryError(text)
    return value


def entry_text(x: float, kind: str, lang: str | None = None, *, integer: bool = False, cents: bool = False) -> str:
    """A number as the text of an entry field in the UI language (``x`` of a rate in percent: ``8`` -> ``8 %``):
    grouped, decimals only where it has them (``cents``: always two), read back unchanged by :func:`parse_entry`."""
    pattern = "#,##0" if integer else ("#,##0.00" if cents else "#,##0.######")
    text = format_decimal(round(float(x), 6), format=pattern, locale=_loc(lang))
    if kind == "rate":
        return text + ("\u00a0%" if (lang or current_lang()) == "de" else "%")
    return text


def irr_headline(x: float | None) -> str:
    """The IRR as a headline figure: one decimal, or "above 100 %" where it is higher (then it says little)."""
    if not _missing(x) and x > IRR_HEADLINE_CAP:
        return t("irr_above_cap")
    return pct(x, digits=1)


def md_escape(text: object) -> str:
    """Escape Markdown so text from a file or a link shows literally (never as markup or a link)."""
    specials = "\\`*_{}[]()#+-.!|<>~$:"
    return "".join("\\" + ch if ch in specials else ch for ch in str(text))


# -- whole columns -----------------------------------------------------------------
def _grouped(values: pd.Series, digits: int, lang: str) -> pd.Series:
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    text = [("" if not math.isfinite(v) else f"{v:,.{digits}f}") for v in arr]
    s = pd.Series(text, index=values.index, dtype=object)
    s = s.str.replace(r"^-(0(?:\.0+)?)$", r"\1", regex=True)  # no "-0.0"
    if lang == "de":
        s = s.str.replace(",", "\x00", regex=False).str.replace(".", ",", regex=False)
        s = s.str.replace("\x00", ".", regex=False)
    return s


def money_series(values: pd.Series, lang: str | None = None) -> pd.Series:
    """Whole amounts of a column as text in the session's currency, same as :func:`money`."""
    lang = lang or current_lang()
    s = _grouped(values, 0, lang)
    empty = s == ""
    sign = currency_symbol(lang)
    if lang == "de":
        out = s + NBSP + sign
    else:
        sign += NBSP if sign[-1:].isalpha() else ""  # "CHF 5", as money() spaces it
        neg = s.str.startswith("-")
        out = (sign + s).where(~neg, "-" + sign + s.str[1:])
    return out.where(~empty, "–")


def pct_series(values: pd.Series, lang: str | None = None, *, digits: int = 0) -> pd.Series:
    """Fractions of a column as percentages, same as :func:`pct`."""
    lang = lang or current_lang()
    s = _grouped(pd.to_numeric(values, errors="coerce") * 100, digits, lang)
    empty = s == ""
    out = s + (NBSP + "%" if lang == "de" else "%")
    return out.where(~empty, "–")


def number_series(values: pd.Series, lang: str | None = None, *, digits: int = 0) -> pd.Series:
    """Numbers of a column as text, same as :func:`number`."""
    lang = lang or current_lang()
    s = _grouped(values, digits, lang)
    return s.where(s != "", "–")
