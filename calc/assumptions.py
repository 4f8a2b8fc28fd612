"""The assumptions of the business case: names, defaults, units, valid ranges.

Conventions (stated once, used everywhere):

* Money is in EUR per year unless the name says otherwise (``setup_cost`` is one-off).
* Rates are fractions (``0.08`` = 8 %) in code, scenario files, the CLI and URLs;
  the UI shows them as percentages.
* Every assumption has one name, used in scenario JSON, ``--set name=value`` and URL
  query parameters.
* ``cost_per_visit``, ``revenue_threshold`` and ``min_order_value`` are overrides:
  ``None`` means "derive from the other assumptions" (spec step 1; levers.md).

>>> a = Assumptions()
>>> a.visits_per_customer_year
5.0
>>> a.replace(capture_rate=0.05).capture_rate
0.05
>>> Assumptions.from_query({"capture_rate": "0.05"}).to_query()
{'capture_rate': '0.05'}
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

from .errors import AssumptionError, Both, Msg, ScenarioError

__all__ = [
    "Assumptions",
    "AssumptionSpec",
    "SPECS",
    "GROUPS",
    "STAGES",
    "names_of_stage",
    "POTENTIAL_METHODS",
    "SMALL_ORDER_POLICIES",
    "parse_assignments",
    "coerce",
    "default_of",
    "label_msg",
    "range_msg",
]

POTENTIAL_METHODS = ("homogeneous", "historical", "data")
#: Valid values of ``small_order_policy`` (levers.md).
SMALL_ORDER_POLICIES = ("none", "surcharge", "minimum")

Kind = Literal["money", "rate", "count", "number", "choice", "bool"]
Stage = Literal["threshold", "potential", "margin", "business_case"]

#: The stages of the model, in the order they build on each other.  An assumption
#: acts on its own stage and, through it, on every later one, never on an earlier one:
#:
#: * ``threshold``: the field cost and the revenue threshold (spec step 1);
#: * ``potential``: each customer's potential, the segments and which customers
#:   are covered (step 2);
#: * ``margin``: the margin rates of the covered customers (the margin-weighted sums);
#: * ``business_case``: team, cash flows, NPV, make or buy (steps 3-4).
STAGES: tuple[Stage, ...] = ("threshold", "potential", "margin", "business_case")


@dataclass(frozen=True)
class AssumptionSpec:
    """Metadata of one assumption: unit, valid range, group, stage, usual range, labels.

    ``stage`` is the model stage the assumption acts on (one of :data:`STAGES`);
    ``usual`` is the range over which a consultant usually moves it (low, high),
    or ``None``.
    """

    name: str
    kind: Kind
    unit: str
    minimum: float | None
    maximum: float | None
    group: str
    label_en: str
    label_de: str
    help_en: str
    help_de: str
    stage: Stage
    usual: tuple[float, float] | None = None
    integer: bool = False
    optional: bool = False
    choices: tuple[str, ...] = ()

    def range_text(self) -> str:
        """The valid range as a sentence fragment, e.g. ``from 0 to 1``."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        if self.minimum is None and self.maximum is None:
            return "any number"
        lo = _num_text(self.minimum)
        hi = _num_text(self.maximum)
        text = f"from {lo} to {hi}"
        if self.optional:
            text += " (or empty to derive it)"
        return text


def label_msg(name: str) -> Both | str:
    """An assumption's label in both languages (for a message); an unknown name as it is."""
    spec = SPECS.get(name)
    return name if spec is None else Both(spec.label_en, spec.label_de)


def range_msg(spec: AssumptionSpec) -> Msg:
    """The valid range in both languages, e.g. ``from 0 to 1`` / ``von 0 bis 1`` (a message part)."""
    if spec.kind == "choice":
        return Msg("err_range_choice", choices=", ".join(spec.choices))
    if spec.kind == "bool":
        return Msg("err_range_bool")
    lo = "-" if spec.minimum is None else spec.minimum
    hi = "-" if spec.maximum is None else spec.maximum
    return Msg("err_range_optional" if spec.optional else "err_range", lo=lo, hi=hi)


def _unit_msg(spec: AssumptionSpec) -> Msg | str:
    """`` (EUR/year)`` after a range, in both languages; rates say they are fractions."""
    if spec.kind == "rate":
        return Msg("err_unit_rate")
    if spec.kind in ("choice", "bool") or not spec.unit:
        return ""
    return Msg("err_unit", unit=Msg("unit_" + spec.unit))


def _num_text(x: float | None) -> str:
    if x is None:
        return "-"
    if float(x).is_integer():
        return f"{int(x):d}"
    return f"{x:g}"


GROUPS = ("field_sales", "potential", "team", "business_case", "external", "levers")


def _s(name, kind, unit, lo, hi, group, stage, en, de, help_en, help_de, *,
       usual: tuple[float, float] | None = None, **kw) -> AssumptionSpec:
    """One spec; ``{usual}`` in the help texts becomes the usual range, e.g. ``350-450``."""
    if usual is not None:
        text = f"{_num_text(usual[0])}-{_num_text(usual[1])}"
        help_en, help_de = help_en.format(usual=text), help_de.format(usual=text)
    return AssumptionSpec(name, kind, unit, lo, hi, group, en, de, help_en, help_de, stage, usual, **kw)


def names_of_stage(*stages: Stage) -> tuple[str, ...]:
    """The assumptions acting on the given stages, in the order of :data:`SPECS`.

    >>> names_of_stage("margin")
    ('cm_rate',)
    """
    unknown = set(stages) - set(STAGES)
    if unknown:
        raise ValueError(f"unknown stage {sorted(unknown)[0]!r}; stages: {', '.join(STAGES)}")
    return tuple(name for name, spec in SPECS.items() if spec.stage in stages)


SPECS: dict[str, AssumptionSpec] = {
    s.name: s
    for s in (
        _s("field_rep_annual_cost", "money", "EUR/year", 0, 1_000_000, "field_sales", "threshold",
           "Field rep annual cost", "Vollkosten je Außendienstmitarbeiter und Jahr",
           "Fully loaded cost of one field rep per year: salary, car, travel.",
           "Vollkosten eines Außendienstmitarbeiters pro Jahr: Gehalt, Fahrzeug, Reisekosten."),
        _s("selling_days_per_year", "count", "days/year", 1, 366, "field_sales", "threshold",
           "Selling days per year", "Verkaufstage pro Jahr",
           "Days a field rep visits customers.", "Tage, an denen ein Außendienstmitarbeiter Kunden besucht.",
           integer=True),
        _s("visits_per_day", "number", "visits/day", 0.1, 20, "field_sales", "threshold",
           "Visits per day", "Besuche pro Tag",
           "Customer visits per selling day.", "Kundenbesuche pro Verkaufstag."),
        _s("cost_per_visit", "money", "EUR/visit", 0, 10_000, "field_sales", "threshold",
           "Cost per visit (override)", "Kosten pro Besuch (Vorgabe)",
           "Leave empty to derive it: rep cost / (selling days x visits per day).",
           "Leer lassen, um sie abzuleiten: Kosten / (Verkaufstage x Besuche pro Tag).",
           optional=True),
        _s("visits_per_customer_year", "number", "visits/year", 0, 52, "field_sales", "threshold",
           "Visits a customer needs per year", "Erforderliche Besuche pro Kunde und Jahr",
           "Visits a customer needs to feel cared for; usually {usual}.",
           "Besuche, die ein Kunde braucht, um sich betreut zu fühlen; meist {usual}.", usual=(4.0, 6.0)),
        _s("max_sales_cost_ratio", "rate", "share of revenue", 0.001, 1, "field_sales", "threshold",
           "Max. sales cost ratio", "Max. Vertriebskostenquote",
           "Sales cost may be at most this share of a customer's revenue.",
           "Vertriebskosten dürfen höchstens dieser Anteil am Umsatz des Kunden sein."),
        _s("revenue_threshold", "money", "EUR/year", 0, 1_000_000_000, "field_sales", "threshold",
           "Revenue threshold (override)", "Umsatzschwelle (Vorgabe)",
           "Leave empty to derive it: care cost / max. sales cost ratio.",
           "Leer lassen, um sie abzuleiten: Betreuungskosten / max. Vertriebskostenquote.",
           optional=True),
        _s("potential_method", "choice", "", None, None, "potential", "potential",
           "Potential method", "Methode Potenzial",
           "homogeneous: employees x potential per employee; historical: best year's revenue; "
           "data: the potential column of your data.",
           "pauschal: Beschäftigte x Potenzial je Beschäftigtem; historisch: bester Jahresumsatz; "
           "Daten: die Potenzialspalte Ihrer Daten.",
           choices=POTENTIAL_METHODS),
        _s("employees_default", "number", "employees", 0, 100_000, "potential", "potential",
           "Employees where unknown", "Beschäftigte, wo unbekannt",
           "Employees per customer where the data has none.",
           "Beschäftigte je Kunde, wo die Daten keine Angabe haben."),
        _s("potential_per_employee", "money", "EUR/employee/year", 0, 10_000_000, "potential", "potential",
           "Potential per employee", "Potenzial je Beschäftigtem",
           "Annual purchase potential per customer employee.",
           "Jährliches Einkaufspotenzial je Beschäftigtem des Kunden."),
        _s("potential_threshold", "money", "EUR/year", 0, 1_000_000_000, "potential", "potential",
           "Potential threshold", "Potenzialschwelle",
           "A customer below the revenue threshold with at least this potential is a potential customer.",
           "Ein Kunde unter der Umsatzschwelle mit mindestens diesem Potenzial ist ein Potenzialkunde."),
        _s("include_inactive", "bool", "", None, None, "potential", "potential",
           "Cover inactive customers too", "Inaktive Kunden mit betreuen",
           "Whether the inside-sales team also calls customers who bought earlier but not in the latest year.",
           "Ob das Team auch Kunden anruft, die früher, aber nicht im letzten Jahr gekauft haben."),
        _s("cm_rate", "rate", "share of revenue", 0, 1, "potential", "margin",
           "Contribution margin rate", "Deckungsbeitragsquote",
           "Contribution margin rate where the data has none.",
           "DB-Quote, wo die Daten keine Angabe haben.", usual=(0.25, 0.35)),
        _s("accounts_per_rep", "count", "customers/rep", 1, 5_000, "team", "business_case",
           "Accounts per inside-sales rep", "Kunden je Inside-Sales-Mitarbeiter",
           "Customers one inside-sales rep covers; {usual} is usual.",
           "Kunden, die ein Inside-Sales-Mitarbeiter betreut; üblich sind {usual}.",
           integer=True, usual=(350, 450)),
        _s("inside_rep_annual_cost", "money", "EUR/year", 0, 1_000_000, "team", "business_case",
           "Inside-sales rep annual cost", "Vollkosten je Inside-Sales-Mitarbeiter und Jahr",
           "Fully loaded cost of one inside-sales rep per year.",
           "Vollkosten eines Inside-Sales-Mitarbeiters pro Jahr.", usual=(55_000.0, 75_000.0)),
        _s("overhead_rate", "rate", "share of rep cost", 0, 1, "team", "business_case",
           "Overhead rate", "Gemeinkostenzuschlag",
           "Team lead, tools and overhead on top of the rep cost.",
           "Teamleitung, Werkzeuge und Gemeinkosten zusätzlich zu den Personalkosten.", usual=(0.10, 0.25)),
        _s("setup_cost", "money", "EUR (one-off)", 0, 100_000_000, "team", "business_case",
           "Setup cost", "Anlaufkosten",
           "One-off: recruiting, training, CRM set-up, project lead.",
           "Einmalig: Rekrutierung, Schulung, CRM-Einrichtung, Projektleitung.", usual=(40_000.0, 100_000.0)),
        _s("ramp_year1", "rate", "share", 0, 1, "business_case", "business_case",
           "Ramp-up in year 1", "Anlauf im 1. Jahr",
           "Share of the revenue effect reached in year 1.",
           "Anteil der Umsatzwirkung, der im 1. Jahr erreicht wird.", usual=(0.3, 0.7)),
        _s("capture_rate", "rate", "share per year", 0, 1, "business_case", "business_case",
           "Capture rate", "Ausschöpfungsrate",
           "Share of a customer's untapped potential won per year.",
           "Anteil des ungenutzten Potenzials eines Kunden, der pro Jahr gewonnen wird.", usual=(0.02, 0.05)),
        _s("churn_baseline", "rate", "share per year", 0, 1, "business_case", "business_case",
           "Churn without the team", "Kundenverlust ohne Team",
           "Yearly churn of small customers without the team.",
           "Jährliche Kundenverlustrate der Kleinkunden ohne Team.", usual=(0.12, 0.18)),
        _s("churn_program", "rate", "share per year", 0, 1, "business_case", "business_case",
           "Churn with the team", "Kundenverlust mit Team",
           "Yearly churn of the covered customers with the team.",
           "Jährliche Kundenverlustrate der betreuten Kunden mit Team.", usual=(0.08, 0.13)),
        _s("market_growth", "rate", "per year", -0.5, 0.5, "business_case", "business_case",
           "Market growth", "Marktwachstum",
           "Yearly growth of revenue and potential in both cases (negative for a shrinking market).",
           "Jährliches Wachstum von Umsatz und Potenzial in beiden Fällen (negativ bei schrumpfendem Markt)."),
        _s("freed_visit_value_share", "rate", "share", 0, 1, "business_case", "business_case",
           "Value of freed field visits", "Wert eingesparter Besuchskosten",
           "Share of the cost of the field visits no longer needed that counts as benefit.",
           "Anteil der Kosten nicht mehr nötiger Außendienstbesuche, der als Nutzen zählt."),
        _s("discount_rate", "rate", "per year", 0, 1, "business_case", "business_case",
           "Discount rate", "Kalkulationszins",
           "Discount rate for the net present value.", "Zinssatz für den Kapitalwert.", usual=(0.06, 0.12)),
        _s("horizon_years", "count", "years", 1, 10, "business_case", "business_case",
           "Horizon", "Betrachtungszeitraum",
           "Years in the business case.", "Jahre im Business Case.", integer=True),
        _s("external_cost_per_rep", "money", "EUR/year", 0, 1_000_000, "external", "business_case",
           "Provider price per rep", "Dienstleisterpreis je Mitarbeiter",
           "Provider's price per rep-equivalent per year (no overhead on top).",
           "Preis des Dienstleisters je Mitarbeiteräquivalent und Jahr (ohne Zuschlag)."),
        _s("external_setup_cost", "money", "EUR (one-off)", 0, 100_000_000, "external", "business_case",
           "Provider setup cost", "Anlaufkosten Dienstleister",
           "Provider's one-off onboarding.", "Einmaliges Onboarding beim Dienstleister."),
        _s("external_ramp_year1", "rate", "share", 0, 1, "external", "business_case",
           "Provider ramp-up in year 1", "Anlauf Dienstleister im 1. Jahr",
           "Share of the revenue effect the provider reaches in year 1.",
           "Anteil der Umsatzwirkung, den der Dienstleister im 1. Jahr erreicht."),
        # the levers (levers.md): cost to serve, small orders, digital ordering.  They act on the
        # business case only (the small-order effect and the digital savings are lines of its cash).
        _s("cost_per_order", "money", "EUR/order", 0, 10_000, "levers", "business_case",
           "Cost per order", "Kosten pro Auftrag",
           "What handling one order costs: entry, picking, shipping, invoice, payment.",
           "Was die Abwicklung eines Auftrags kostet: Erfassung, Kommissionierung, Versand, Rechnung, Zahlung."),
        _s("cost_per_line", "money", "EUR/line", 0, 1_000, "levers", "business_case",
           "Cost per order line", "Kosten pro Auftragsposition",
           "What each order line adds to the cost of an order.",
           "Was jede Auftragsposition zusätzlich kostet."),
        _s("min_order_value", "money", "EUR/order", 0, 10_000_000, "levers", "business_case",
           "Minimum order value (override)", "Mindestauftragswert (Vorgabe)",
           "Orders below this value are small. Leave empty to derive it: cost per order / contribution margin "
           "rate.",
           "Aufträge unter diesem Wert sind Kleinaufträge. Leer lassen, um ihn abzuleiten: Kosten pro Auftrag / "
           "DB-Quote.",
           optional=True),
        _s("small_order_policy", "choice", "", None, None, "levers", "business_case",
           "Small-order policy", "Kleinauftragsregel",
           "none; surcharge: a fee on each order below the minimum order value; minimum: orders below it are "
           "not accepted.",
           "none (keine); surcharge (Zuschlag): eine Gebühr auf jeden Auftrag unter dem Mindestauftragswert; "
           "minimum (Mindestwert): Aufträge darunter werden nicht angenommen.",
           choices=SMALL_ORDER_POLICIES),
        _s("surcharge_eur", "money", "EUR/order", 0, 10_000, "levers", "business_case",
           "Small-order surcharge", "Kleinmengenzuschlag",
           "Fee per order below the minimum order value (surcharge policy).",
           "Gebühr je Auftrag unter dem Mindestauftragswert (Regel Zuschlag)."),
        _s("consolidation_share", "rate", "share of small orders", 0, 1, "levers", "business_case",
           "Small orders bundled", "Gebündelte Kleinaufträge",
           "Share of small orders that customers bundle into larger ones once the policy applies.",
           "Anteil der Kleinaufträge, den Kunden zu größeren Aufträgen bündeln, sobald die Regel gilt."),
        _s("policy_churn", "rate", "share of affected customers", 0, 1, "levers", "business_case",
           "Customers lost through the policy", "Kundenverlust durch die Regel",
           "Share of the customers with at least one small order who leave because of the policy.",
           "Anteil der Kunden mit mindestens einem Kleinauftrag, die wegen der Regel abwandern."),
        _s("digital_share", "rate", "share of orders", 0, 1, "levers", "business_case",
           "Orders moved to digital", "Auf digital verlagerte Aufträge",
           "Share of the covered customers' orders the programme moves to web shop or EDI.",
           "Anteil der Aufträge der betreuten Kunden, den das Programm in Webshop oder EDI verlagert."),
        _s("digital_cost_per_order", "money", "EUR/order", 0, 10_000, "levers", "business_case",
           "Cost per digital order", "Kosten pro digitalem Auftrag",
           "What handling one order from the web shop or EDI costs.",
           "Was die Abwicklung eines Auftrags aus Webshop oder EDI kostet."),
    )
}


@dataclass(frozen=True)
class Assumptions:
    """All assumptions of one scenario; immutable and validated on creation.

    Construct with keyword arguments (``Assumptions(capture_rate=0.05)``) or from a
    scenario file, a flat string dict (URL query) or ``--set`` strings.  Invalid values
    raise :class:`~calc.errors.AssumptionError` naming the assumption, the value and
    the valid range.
    """

    field_rep_annual_cost: float = 110_000.0
    selling_days_per_year: int = 200
    visits_per_day: float = 4.0
    cost_per_visit: float | None = None
    visits_per_customer_year: float = 5.0
    max_sales_cost_ratio: float = 0.08
    revenue_threshold: float | None = None
    potential_method: str = "homogeneous"
    employees_default: float = 3.0
    potential_per_employee: float = 9_000.0
    potential_threshold: float = 50_000.0
    include_inactive: bool = False
    cm_rate: float = 0.30
    accounts_per_rep: int = 400
    inside_rep_annual_cost: float = 65_000.0
    overhead_rate: float = 0.15
    setup_cost: float = 60_000.0
    ramp_year1: float = 0.5
    capture_rate: float = 0.03
    churn_baseline: float = 0.15
    churn_program: float = 0.10
    market_growth: float = 0.0
    freed_visit_value_share: float = 1.0
    discount_rate: float = 0.08
    horizon_years: int = 5
    external_cost_per_rep: float = 85_000.0
    external_setup_cost: float = 20_000.0
    external_ramp_year1: float = 0.75
    cost_per_order: float = 30.0
    cost_per_line: float = 2.0
    min_order_value: float | None = None
    small_order_policy: str = "none"
    surcharge_eur: float = 10.0
    consolidation_share: float = 0.5
    policy_churn: float = 0.05
    digital_share: float = 0.0
    digital_cost_per_order: float = 5.0

    def __post_init__(self) -> None:
        for spec in SPECS.values():
            value = _coerce(spec, getattr(self, spec.name))
            object.__setattr__(self, spec.name, value)

    # -- construction -----------------------------------------------------------------
    def replace(self, **changes: Any) -> Assumptions:
        """A copy with ``changes`` applied (validated; unknown names raise)."""
        _check_names(changes)
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any], *, base: Assumptions | None = None) -> Assumptions:
        """Build from a mapping of name -> value (numbers or strings).

        Unknown names raise :class:`AssumptionError`.  Values not given keep the
        ``base`` scenario's values (default: the defaults).
        """
        _check_names(values)
        merged = (base or cls()).to_dict()
        merged.update(values)
        return cls(**merged)

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> Assumptions:
        """Build from URL query parameters (only values that differ from the defaults).

        Unknown or invalid parameters raise; :meth:`from_query_lenient` skips them.
        """
        return cls.from_dict(params)

    @classmethod
    def from_query_lenient(
        cls, params: Mapping[str, str]
    ) -> tuple[Assumptions, dict[str, str]]:
        """Build from query parameters, skipping bad ones.

        Returns the assumptions and ``{parameter: reason}`` for every parameter
        that was ignored (unknown name or invalid value).  Parameters that are not
        assumptions at all should be removed by the caller first.
        """
        good: dict[str, Any] = {}
        ignored: dict[str, str] = {}
        for key, raw in params.items():
            if key not in SPECS:
                ignored[key] = f"'{key}' is not a known assumption"
                continue
            try:
                _coerce(SPECS[key], raw)
            except AssumptionError as exc:
                ignored[key] = str(exc)
                continue
            good[key] = raw
        try:
            return cls.from_dict(good), ignored
        except AssumptionError as exc:  # a combination that is invalid as a whole
            ignored["(combination)"] = str(exc)
            return cls(), ignored

    @classmethod
    def from_json(cls, text: str, *, source: str | None = None) -> Assumptions:
        """Parse a scenario JSON text: ``{"assumptions": {...}}`` or a flat object.

        ``source`` names the text in messages (a :class:`~calc.errors.Msg` reads in both languages).
        """
        source = source or Msg("err_src_scenario")
        data = load_json(text, source=source)
        if isinstance(data, dict) and isinstance(data.get("assumptions"), dict):
            data = data["assumptions"]
        if not isinstance(data, dict):
            raise ScenarioError(key="err_scenario_not_object", values={"source": source})
        try:
            return cls.from_dict(data)
        except AssumptionError as exc:
            raise AssumptionError(key="err_in_source", values={"source": source, "error": exc}, name=exc.name) from None

    @classmethod
    def load(cls, path: str | Path) -> Assumptions:
        """Read a scenario JSON file."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ScenarioError(key="err_scenario_unreadable", values={"file": str(path), "reason": exc.strerror}) from None
        return cls.from_json(text, source=Msg("err_src_scenario_file", file=path.name))

    # -- export ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """All assumptions as a plain dict (JSON-able)."""
        return {name: getattr(self, name) for name in SPECS}

    def changed(self) -> dict[str, Any]:
        """Only the assumptions that differ from the defaults."""
        default = Assumptions()
        return {k: v for k, v in self.to_dict().items() if v != getattr(default, k)}

    def to_json(self, *, name: str | None = None) -> str:
        """Scenario JSON (the CLI's ``--scenario`` format): every assumption."""
        payload: dict[str, Any] = {"version": 1}
        if name:
            payload["name"] = name
        payload["assumptions"] = self.to_dict()
        return json.dumps(payload, indent=2, ensure_ascii=False)

    def to_query(self) -> dict[str, str]:
        """Flat string dict for URL query parameters: only non-default values."""
        return {k: format_value(v) for k, v in self.changed().items()}


def format_value(value: Any) -> str:
    """The canonical text of a value in a URL or ``--set``: shortest round-trip form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def load_json(text: str, *, source: str) -> Any:
    """``json.loads`` whose error names the source, line and column (a :class:`ScenarioError`)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(key="err_json_invalid", values={"source": source, "line": str(exc.lineno),
                                                           "column": str(exc.colno), "detail": exc.msg}) from None


def parse_assignments(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Parse ``name=value`` strings (the CLI's ``--set``) into a dict.

    >>> parse_assignments(["capture_rate=0.05", "horizon_years=7"])
    {'capture_rate': '0.05', 'horizon_years': '7'}
    """
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise AssumptionError(key="err_set_form", values={"item": item})
        out[name] = value.strip()
    return out


def _check_names(values: Mapping[str, Any]) -> None:
    unknown = [k for k in values if k not in SPECS]
    if unknown:
        raise AssumptionError(key="err_unknown_assumption", values={"name": unknown[0], "names": ", ".join(SPECS)},
                              name=unknown[0])


def coerce(name: str, value: Any) -> Any:
    """One assumption's value converted and validated as :class:`Assumptions` does it.

    Raises :class:`AssumptionError` naming the assumption, the value and the valid
    range (also for an unknown name).

    >>> coerce("consolidation_share", "50%"), coerce("small_order_policy", "Surcharge")
    (0.5, 'surcharge')
    """
    _check_names({name: value})
    return _coerce(SPECS[name], value)


def default_of(name: str) -> Any:
    """The default of one assumption.

    >>> default_of("cost_per_order"), default_of("min_order_value")
    (30.0, None)
    """
    _check_names({name: None})
    return Assumptions.__dataclass_fields__[name].default


_TRUE = {"true", "1", "yes", "ja", "on", "wahr"}
_FALSE = {"false", "0", "no", "nein", "off", "falsch"}


def _coerce(spec: AssumptionSpec, value: Any) -> Any:
    """Convert and validate one value; raise AssumptionError with name, value and range."""
    name = spec.name

    def bad(why: str) -> AssumptionError:
        """``why`` names the reason: ``err_why_<why>`` in the catalogue."""
        return AssumptionError(key="err_assumption_bad", values={
            "name": name, "label": label_msg(name), "value": repr(value), "why": Msg("err_why_" + why),
            "range": range_msg(spec), "unit": _unit_msg(spec)}, name=name)

    if spec.kind == "choice":
        text = str(value).strip().lower()
        if text not in spec.choices:
            raise bad("choice")
        return text
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise bad("bool")
    # numeric kinds
    if value is None or (isinstance(value, str) and value.strip() in ("", "none", "null")):
        if spec.optional:
            return None
        raise bad("required")
    if isinstance(value, bool):
        raise bad("number")
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        percent = text.endswith("%")
        text = text.rstrip("%")
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # German decimal comma
        try:
            number = float(text)
        except ValueError:
            raise bad("number") from None
        if percent:
            number /= 100.0
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise bad("number") from None
    if not math.isfinite(number):
        raise bad("finite")
    if spec.minimum is not None and number < spec.minimum:
        raise bad("small")
    if spec.maximum is not None and number > spec.maximum:
        raise bad("large")
    if spec.integer:
        if not float(number).is_integer():
            raise bad("whole")
        return int(number)
    return float(number)


# the dataclass fields must match the specs one to one
if [f.name for f in fields(Assumptions)] != list(SPECS):  # pragma: no cover
    raise RuntimeError("Assumptions fields and SPECS are out of sync")
