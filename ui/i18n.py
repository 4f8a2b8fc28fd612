"""The app's language: ``t(key)`` looks a key up in the current language.

The texts live in one catalogue shared with the exports, :mod:`calc.texts`
(``DE``, ``EN``; a test checks both have every key and every key is used).  The
current language lives in ``st.session_state[keys.LANG]`` ("de" or "en").
Assumption labels and help texts come from :data:`calc.assumptions.SPECS`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from calc.assumptions import SPECS
from calc.errors import message_of
from calc.texts import CATALOGS, DE, EN, LANGS, assumption_label, missing_keys
from ui import keys

__all__ = ("CATALOGS", "DE", "EN", "LANGS", "LANG_NAMES", "current_lang", "t", "say", "labeller", "spec_label",
           "spec_help", "lang_from_locale", "missing_keys")

LANG_NAMES = {"de": "Deutsch", "en": "English"}


def current_lang() -> str:
    """The language of this session: ``"de"`` or ``"en"``."""
    lang = st.session_state.get(keys.LANG, "de")
    return lang if lang in LANGS else "de"


def t(key: str, **values: object) -> str:
    """The UI string ``key`` in the current language, with ``{placeholders}`` filled; a ``€`` of the catalogue
    (units, axis titles) is the session's currency sign."""
    text = CATALOGS[current_lang()].get(key, key)
    code = st.session_state.get(keys.CURRENCY) if "€" in text else None
    if code and code != "EUR":
        from calc.texts import Formatter  # the sign of the currency in this language

        text = text.replace("€", Formatter(current_lang(), currency=code).symbol)
    return text.format(**values) if values else text


def say(text: object) -> str:
    """An error, a problem reason or a warning (:class:`calc.errors.Msg`) in the current language; else ``str``."""
    return message_of(text, current_lang())


def labeller(prefix: str = "") -> Callable[[str], str]:
    """A ``format_func`` for option codes, bound to the current language now.

    Binding matters: a format function may be called outside the script run
    (AppTest does so), where session state and thus the language are not available.
    """
    catalog = CATALOGS[current_lang()]
    return lambda code: catalog.get(prefix + str(code), str(code))


def spec_label(name: str) -> str:
    """Label of an assumption with its unit, e.g. ``Besuche pro Tag (Besuche/Tag)``."""
    spec = SPECS[name]
    label = assumption_label(name, current_lang())
    if spec.kind == "rate":
        unit = "%"
    elif spec.kind in ("choice", "bool") or not spec.unit:
        unit = ""
    else:
        unit = t("unit_" + spec.unit)
    return f"{label} ({unit})" if unit else label


def spec_help(name: str) -> str:
    """Help text of an assumption in the current language."""
    spec = SPECS[name]
    return spec.help_de if current_lang() == "de" else spec.help_en


def lang_from_locale(locale: str | None) -> str:
    """``de-DE`` -> ``de``; anything not German -> ``en``; nothing -> ``de``."""
    if not locale:
        return "de"
    return "de" if str(locale).lower().startswith("de") else "en"
