"""Shared scenario state: one :class:`Assumptions` in session state, mirrored in the URL.

How it works (every rerun, in the frame ``app.py``):

1. :func:`init_session` runs once per browser session: it picks the language
   (``lang`` query parameter, else the browser locale) and builds the assumptions
   from the query parameters with :meth:`Assumptions.from_query_lenient`; bad
   parameters are remembered and shown as a warning naming them.  A session whose
   first run already carries widget values began after a server restart (the browser
   reconnected and re-sent what its widgets show): the scenario those widgets show
   wins (a page click has just cleared the URL) and ``keys.RESTARTED`` makes the
   frame say that the server was restarted and which data is now in use.
2. :func:`assumption_widgets` draws the sidebar widgets (keys ``a__<name>``), each
   pre-filled from the validated assumptions.  Numbers are text fields written the
   way the UI language writes them (German ``3,5 %``, ``70.000``; ``st.number_input``
   knows no locale): :func:`parse_entry` reads them with Babel, :func:`entry_text`
   shows them back.  Rates are shown as percentages (8 for 0.08): the conversion
   lives in :func:`to_widget` / :func:`from_widget`.  A field's callback puts a
   valid value in force at once; a text that is not a number or is out of range is
   refused with a message under the field, and the old value stays.  A value
   outside its usual range (:func:`usual_range`) gets a plausibility note.
3. :func:`sync_url` writes ``lang`` (and ``cur``, the currency, when not EUR) plus every non-default assumption to
   ``st.query_params`` (only if it differs), so the URL is right on every page,
   also after sidebar navigation cleared it.  Page links pass the same dict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from calc.assumptions import GROUPS, SPECS, Assumptions, AssumptionSpec
from calc.errors import AssumptionError
from calc.sensitivity import USUAL_RANGES, derived_value
from calc.texts import CATALOGS, CHOICE_PREFIX, DEFAULT_CURRENCY, check_currency
from ui import fmt, keys
from ui.i18n import LANG_NAMES, LANGS, current_lang, labeller, lang_from_locale, say, spec_help, spec_label, t

DEFAULT_URL = "http://localhost:8501/"


# -- conversions (UI units <-> model units) ---------------------------------------
def _convert(spec: AssumptionSpec, value: Any, rate: Callable[[float], float]) -> Any:
    """``value`` in the other unit: ``rate`` converts a rate; the other kinds keep their value and type."""
    if value is None:
        return None
    if spec.kind == "rate":
        return rate(float(value))
    if spec.kind in ("choice", "bool"):
        return value
    if spec.integer:
        return int(value)
    return float(value)


def to_widget(spec: AssumptionSpec, value: Any) -> Any:
    """Model value -> widget value (rates as percent)."""
    return _convert(spec, value, lambda x: round(x * 100.0, 6))


def from_widget(spec: AssumptionSpec, value: Any) -> Any:
    """Widget value -> model value (percent back to a fraction)."""
    return _convert(spec, value, lambda x: round(x / 100.0, 10))


def _set_widgets(a: Assumptions) -> None:
    """The sidebar widgets show ``a``: numbers as text in the UI language."""
    for name, spec in SPECS.items():
        value = getattr(a, name)
        if spec.kind in ("choice", "bool"):
            st.session_state[keys.assumption(name)] = value
            continue
        if spec.optional:
            st.session_state[keys.assumption_override(name)] = value is not None
        if value is not None:
            st.session_state[keys.assumption(name)] = entry_text(spec, value)
        else:
            st.session_state.pop(keys.assumption(name), None)
    st.session_state.pop(keys.ENTRY_ERRORS, None)


# -- session start -----------------------------------------------------------------
def resent_widget_values() -> dict[str, Any]:
    """``{widget key: value}`` of the keyed widget values the browser sent with this run.

    A new browser session sends none with its first run.  After the server was restarted the
    browser reconnects into a *fresh* session and, with its first rerun (a page click, a widget
    change), re-sends the values its widgets show: that is how :func:`init_session` tells a
    restarted session from a new one.  Values come as the browser shows them (a radio or select
    box as its label, a text field as its text); a value this server already knows comes
    deserialized.  Reads Streamlit's session internals (1.67): on any change there, ``{}``.
    """
    try:
        from streamlit.runtime.state.common import unpack_widget_state_value, user_key_from_element_id
        from streamlit.runtime.state.session_state_proxy import get_session_state

        states = get_session_state()._state._new_widget_state.states  # noqa: SLF001 - no public API
        found: dict[str, Any] = {}
        for element_id, held in list(states.items()):
            key = user_key_from_element_id(element_id)
            if key is None:
                continue
            value = getattr(held, "value", None)
            found[key] = unpack_widget_state_value(value) if hasattr(value, "WhichOneof") else value
        return found
    except Exception:  # noqa: BLE001 - internals changed: no restart detection, the URL alone counts
        return {}


def _choice(value: Any, codes: tuple[str, ...] | list[str], prefix: str) -> str | None:
    """The option code of a select box's value: the code itself, its label in either language or its index."""
    if isinstance(value, int) and not isinstance(value, bool):
        return codes[value] if 0 <= value < len(codes) else None
    for code in codes:
        if value == code or any(value == CATALOGS[lang].get(prefix + str(code)) for lang in LANGS):
            return code
    return None


def scenario_from_widgets(
    values: Mapping[str, Any], base: Assumptions, lang: str,
) -> tuple[str, Assumptions]:
    """The language and scenario the browser's re-sent widget values show, on top of ``base``.

    ``values`` as from :func:`resent_widget_values`; ``lang`` is used when the values name no
    language.  A value that does not parse or does not fit is skipped (``base`` keeps its own), so
    the result is always a valid scenario.
    """
    shown_lang = values.get(keys.LANG)
    lang = _choice(shown_lang, LANGS, "") or {v: k for k, v in LANG_NAMES.items()}.get(shown_lang) or lang
    result = base
    for name, spec in SPECS.items():
        key = keys.assumption(name)
        if spec.optional and values.get(keys.assumption_override(name)) is False:
            new: Any = None
        elif key not in values:
            continue
        elif spec.kind == "choice":
            new = _choice(values[key], spec.choices, CHOICE_PREFIX[name])
        elif spec.kind == "bool":
            new = values[key] if isinstance(values[key], bool) else None
        else:
            try:
                new = parse_entry(spec, str(values[key]), lang)
            except fmt.EntryError:
                new = None
        if new is None and not spec.optional:
            continue
        try:
            result = result.replace(**{name: new})
        except AssumptionError:
            continue
    return lang, result


def init_session() -> None:
    """Once per session: language and assumptions from the URL (leniently).

    A session whose first run already carries widget values (:func:`resent_widget_values`) began
    after a server restart: the scenario the widgets show wins over the URL (which a page click
    has just cleared), and :data:`keys.RESTARTED` asks the frame to say so.
    """
    if st.session_state.get(keys.INITIALISED):
        return
    resent = resent_widget_values()
    params = {k: st.query_params.get(k) for k in st.query_params}
    warnings: dict[str, str] = {}
    lang = params.pop("lang", None)
    currency = params.pop("cur", None)
    st.session_state[keys.CMP_PARAM] = params.pop("cmp", None)  # a comparison link: read by pages/scenarios.py
    st.session_state[keys.CASE_PARAM] = params.pop("case", None)  # a shared case: opened by ui.cases
    st.session_state[keys.LINK_SCENARIO] = bool(params)  # the link sets a scenario of its own
    if lang is not None and lang not in LANGS:
        warnings["lang"] = str(lang)
        lang = None
    if lang is None:
        try:
            locale = st.context.locale
        except Exception:  # noqa: BLE001 - no browser context (tests)
            locale = None
        lang = lang_from_locale(locale)
    try:
        currency = DEFAULT_CURRENCY if currency is None else check_currency(currency)
    except AssumptionError:
        warnings["cur"] = str(currency)
        currency = DEFAULT_CURRENCY
    assumptions, ignored = Assumptions.from_query_lenient(params)
    for name in ignored:
        warnings[name] = str(params.get(name, ""))
    if resent:
        lang, assumptions = scenario_from_widgets(resent, assumptions, lang)
        try:  # the currency the sidebar showed before the restart
            currency = check_currency(resent[keys.CURRENCY_ENTRY]) if keys.CURRENCY_ENTRY in resent else currency
        except AssumptionError:
            pass
        st.session_state[keys.RESTARTED] = True
    st.session_state[keys.LANG] = lang
    st.session_state[keys.CURRENCY] = st.session_state[keys.CURRENCY_ENTRY] = currency
    st.session_state[keys.ASSUMPTIONS] = assumptions
    st.session_state[keys.QUERY_WARNINGS] = warnings
    _set_widgets(assumptions)
    st.session_state[keys.INITIALISED] = True


def assumptions() -> Assumptions:
    """The scenario in force."""
    return st.session_state.get(keys.ASSUMPTIONS) or Assumptions()


def query_dict(a: Assumptions | None = None, lang: str | None = None) -> dict[str, str]:
    """The URL query of a scenario: ``lang``, ``cur`` (the currency, when not EUR) and every non-default
    assumption."""
    a = a or assumptions()
    currency = fmt.current_currency()
    return {"lang": lang or current_lang(), **({"cur": currency} if currency != DEFAULT_CURRENCY else {}),
            **a.to_query()}


def share_url(a: Assumptions | None = None, lang: str | None = None) -> str:
    """Full link to this page with the scenario (never any customer data)."""
    try:
        base = st.context.url or DEFAULT_URL
    except Exception:  # noqa: BLE001 - no browser context (tests)
        base = DEFAULT_URL
    base = base.split("?", 1)[0]
    return base + "?" + urlencode(query_dict(a, lang))


def sync_url() -> None:
    """Write the scenario into ``st.query_params`` if the URL differs."""
    desired = query_dict()
    link, ds = st.session_state.get(keys.CASE_LINK), st.session_state.get(keys.DATASET)
    if link and ds is not None and ds.key == link[1]:  # the shared case's data is in force: keep its id
        desired["case"] = link[0]
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != desired:
        st.query_params.from_dict(desired)


# -- sidebar -----------------------------------------------------------------------
def _in_force(a: Assumptions) -> None:
    """``a`` is the scenario in force; the link's warnings no longer apply."""
    st.session_state[keys.ASSUMPTIONS] = a
    st.session_state[keys.QUERY_WARNINGS] = {}


def set_assumptions(a: Assumptions) -> None:
    """Put ``a`` in force and into the sidebar widgets (safe in a widget callback)."""
    _in_force(a)
    _set_widgets(a)


def _reset() -> None:
    set_assumptions(Assumptions())
    st.session_state[keys.RESET_DONE] = True


def language_switch() -> None:
    """Deutsch / English radio (key ``lang``)."""
    st.radio(
        t("language"),
        LANGS,
        format_func=LANG_NAMES.get,
        horizontal=True,
        key=keys.LANG,
        on_change=_relabel,
    )


def currency_setting() -> None:
    """The currency field (an ISO 4217 code, key ``currency_entry``): an unknown code is refused with a
    message in the UI language and the currency in force stays."""
    if keys.CURRENCY_ENTRY not in st.session_state:
        st.session_state[keys.CURRENCY_ENTRY] = fmt.current_currency()
    st.text_input(t("currency"), key=keys.CURRENCY_ENTRY, on_change=_on_currency, help=t("currency_help"),
                  max_chars=8)
    message = (st.session_state.get(keys.ENTRY_ERRORS) or {}).get("currency")
    if message:
        st.error(message, icon=":material/error:")
        errors = dict(st.session_state[keys.ENTRY_ERRORS])
        errors.pop("currency", None)
        st.session_state[keys.ENTRY_ERRORS] = errors


def _on_currency() -> None:
    typed = st.session_state.get(keys.CURRENCY_ENTRY, "")
    try:
        code = check_currency(typed)
    except AssumptionError as exc:
        errors = dict(st.session_state.get(keys.ENTRY_ERRORS) or {})
        errors["currency"] = fmt.md_escape(exc.message(current_lang()))
        st.session_state[keys.ENTRY_ERRORS] = errors
        st.session_state[keys.CURRENCY_ENTRY] = fmt.current_currency()
        return
    st.session_state[keys.CURRENCY] = code
    st.session_state[keys.CURRENCY_ENTRY] = code


def _relabel() -> None:
    """The language changed: the number fields show the scenario in force in the new language's notation."""
    _set_widgets(assumptions())


def entry_text(spec: AssumptionSpec, value: float, lang: str | None = None) -> str:
    """The model value of a numeric assumption as its field text in the UI language: ``3,5 %``, ``70.000``."""
    return fmt.entry_text(to_widget(spec, value), spec.kind, lang, integer=spec.integer,
                          cents=spec.name in fmt.CENTS_ASSUMPTIONS)


def parse_entry(spec: AssumptionSpec, text: str, lang: str | None = None) -> float | int:
    """The field text of a numeric assumption as its model value (a rate as a fraction), checked against the
    valid range; raises :class:`ui.fmt.EntryError` with a message in the UI language."""
    shown = fmt.md_escape(str(text).strip()[:40])
    try:
        typed = fmt.parse_entry(text, spec.kind, lang)
    except fmt.EntryError:
        example = entry_text(spec, getattr(Assumptions(), spec.name) or spec.maximum, lang)
        raise fmt.EntryError(t("entry_not_number", text=shown, example=example)) from None
    if spec.integer and not typed.is_integer():
        raise fmt.EntryError(t("entry_not_whole", text=shown))
    value = from_widget(spec, typed)
    if (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
        raise fmt.EntryError(t("entry_out_of_range", text=shown, range=range_text(spec)))
    return value


#: Usual ranges the calc package does not know yet (calc.sensitivity.USUAL_RANGES holds the others).
_UI_USUAL_RANGES: Mapping[str, tuple[float, float]] = MappingProxyType({
    "field_rep_annual_cost": (70_000.0, 160_000.0),
    "selling_days_per_year": (180, 230),
    "visits_per_day": (2.0, 8.0),
    "cost_per_visit": (50.0, 500.0),
    "max_sales_cost_ratio": (0.03, 0.15),
    "market_growth": (-0.05, 0.05),
    "external_cost_per_rep": (60_000.0, 120_000.0),
})


def usual_range(name: str) -> tuple[float, float] | None:
    """The range an assumption usually lies in (a value outside gets a plausibility note), or None.

    The one lookup of plausibility ranges in the UI: the spec's own ``usual`` range where the calc
    package has one, else :data:`calc.sensitivity.USUAL_RANGES`, else this module's list.
    """
    spec_usual = getattr(SPECS[name], "usual", None)
    if spec_usual is not None:
        return tuple(spec_usual)
    return USUAL_RANGES.get(name) or _UI_USUAL_RANGES.get(name)


def value_text(spec: AssumptionSpec, x: float) -> str:
    """A value of a numeric assumption for reading (not for entry): ``2,5 %``, ``70.000 €``, ``400``."""
    if spec.kind == "rate":
        return fmt.smart_pct(x)
    if spec.kind == "money":
        return fmt.assumption_money(spec.name, x)
    return fmt.number(x, digits=0 if float(x).is_integer() else 1)


def plausibility_note(spec: AssumptionSpec, value: float | None) -> str | None:
    """The note under a field whose value is valid but outside its usual range, or None."""
    usual = usual_range(spec.name)
    if value is None or usual is None or usual[0] <= value <= usual[1]:
        return None
    return t("entry_unusual", low=value_text(spec, usual[0]), high=value_text(spec, usual[1]))


def _on_entry(name: str) -> None:
    """Callback of a number field: put the parsed value in force and show it back formatted; a text that is
    not a number or out of range is refused (message under the field) and the field shows the old value."""
    spec = SPECS[name]
    key = keys.assumption(name)
    current = assumptions()
    old = getattr(current, name)
    if old is None:  # an override just switched on: its value in force is the derived one
        old = round(_derived_default(name, current), 2)
    try:
        value = parse_entry(spec, st.session_state.get(key, ""))
        new = current.replace(**{name: value})
    except fmt.EntryError as exc:
        message = str(exc)
    except AssumptionError as exc:  # valid alone, invalid together with the others
        message = t("assumption_error", message=fmt.md_escape(say(exc)))
    else:
        _in_force(new)
        st.session_state[key] = entry_text(spec, value)
        return
    errors = dict(st.session_state.get(keys.ENTRY_ERRORS) or {})
    errors[name] = message + " " + t("entry_kept", value=entry_text(spec, old))
    st.session_state[keys.ENTRY_ERRORS] = errors
    st.session_state[key] = entry_text(spec, old)


def use_measured(name: str, value: float) -> None:
    """Callback: put a value measured in the data into the sidebar field of ``name`` as if it were typed (the same
    parsing, checks and URL), rounded to a hundredth of a percentage point; the field then says "measured"."""
    spec = SPECS[name]
    st.session_state[keys.assumption(name)] = entry_text(spec, round(float(value), 4))
    _on_entry(name)
    if name in (st.session_state.get(keys.ENTRY_ERRORS) or {}):
        return
    measured = dict(st.session_state.get(keys.MEASURED) or {})
    measured[name] = (_data_key(), getattr(assumptions(), name))
    st.session_state[keys.MEASURED] = measured


def _data_key() -> str | None:
    ds = st.session_state.get(keys.DATASET)
    return getattr(ds, "key", None)


def is_measured(name: str, value: Any) -> bool:
    """True while ``value`` of ``name`` is the one :func:`use_measured` took from the data in force."""
    found = (st.session_state.get(keys.MEASURED) or {}).get(name)
    return found is not None and found == (_data_key(), value)


def _number_widget(spec: AssumptionSpec, value: float) -> float:
    """A text field for a number in the UI language; returns the value in force (``value``)."""
    key = keys.assumption(spec.name)
    if key not in st.session_state:
        st.session_state[key] = entry_text(spec, value)
    st.text_input(
        spec_label(spec.name),
        help=spec_help(spec.name) + "\n\n" + range_text(spec),
        key=key,
        on_change=_on_entry,
        args=(spec.name,),
    )
    errors = st.session_state.get(keys.ENTRY_ERRORS) or {}
    if spec.name in errors:
        st.error(errors[spec.name], icon=":material/error:")
        st.session_state[keys.ENTRY_ERRORS] = {k: v for k, v in errors.items() if k != spec.name}
    if is_measured(spec.name, value):
        st.caption(":material/straighten: " + t("measured_in_data"))
    note = plausibility_note(spec, value)
    if note:
        st.caption(":material/warning: " + note)
    return value


def range_text(spec: AssumptionSpec) -> str:
    """The valid range of a numeric assumption, formatted in the UI language."""
    def show(x: float) -> str:
        return fmt.money(x) if spec.kind == "money" else value_text(spec, x)

    return t("valid_range", low=show(spec.minimum), high=show(spec.maximum))


def _derived_default(name: str, current: Assumptions) -> float:
    return derived_value(current, name)


def _widget(spec: AssumptionSpec, current: Assumptions) -> Any:
    name = spec.name
    key = keys.assumption(name)
    if spec.kind == "choice":
        return st.selectbox(
            spec_label(name), spec.choices, format_func=labeller(CHOICE_PREFIX[name]),
            help=spec_help(name), key=key,
        )
    if spec.kind == "bool":
        return st.checkbox(spec_label(name), help=spec_help(name), key=key)
    if spec.optional:
        on = st.checkbox(
            f"{spec_label(name)}", help=spec_help(name), key=keys.assumption_override(name),
        )
        if not on:
            derived = _derived_default(name, current)
            st.caption(t("derived", value=fmt.assumption_money(name, derived)))
            st.session_state.pop(key, None)
            return None
        value = getattr(current, name)
        if value is None:  # just switched on: start from the derived value
            value = round(_derived_default(name, current), 2)
            st.session_state[key] = entry_text(spec, value)
        return _number_widget(spec, value)
    return _number_widget(spec, getattr(current, name))


def assumption_widgets() -> Assumptions:
    """Draw the grouped assumption widgets; return the validated scenario in force."""
    current = assumptions()
    if st.session_state.pop(keys.RESET_DONE, False):
        st.success(t("reset_done"))
    values: dict[str, Any] = {}
    for group in GROUPS:
        with st.expander(t("group_" + group), expanded=group == "field_sales"):
            for name, spec in SPECS.items():
                if spec.group == group:
                    values[name] = _widget(spec, current)
    st.button(t("reset"), key="reset_assumptions", on_click=_reset, width="stretch")
    try:
        new = Assumptions.from_dict(values)
    except AssumptionError as exc:
        st.error(t("assumption_error", message=fmt.md_escape(say(exc))))
        return current
    if new != current:
        _in_force(new)
    return new


def query_warning_text(warnings: Mapping[str, str]) -> str | None:
    """The warning naming ignored URL parameters, or None."""
    if not warnings:
        return None
    names = ", ".join(fmt.md_escape(f"{k}={v}"[:80] if v else k[:80]) for k, v in list(warnings.items())[:20])
    return t("query_ignored", names=names)


def restart_note_text(dataset: Any) -> str:
    """The notice after a server restart, naming the data now in use (``dataset``: a ui.data.Dataset)."""
    customers = fmt.number(dataset.report.customers)
    if dataset.is_sample:
        now = t("restart_data_sample", customers=customers)
    else:
        now = t("restart_data_file", name=fmt.md_escape(str(dataset.name)[:80]), customers=customers)
    return t("restart_note", data=now)


def dismiss_restart_note() -> None:
    st.session_state.pop(keys.RESTARTED, None)
