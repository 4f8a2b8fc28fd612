"""German and English UI strings: ``t(key)`` looks a key up in the current language.

The current language lives in ``st.session_state[keys.LANG]`` ("de" or "en"); the
catalogs are plain dicts so a missing key shows up in tests (``missing_keys``).
Assumption labels and help texts come from :data:`calc.assumptions.SPECS`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from calc.assumptions import SPECS
from ui import keys
from ui.i18n_tools import DE_TOOLS, EN_TOOLS

LANGS = ("de", "en")
LANG_NAMES = {"de": "Deutsch", "en": "English"}

DE: dict[str, str] = {
    "app_title": "Business Case Kleinkundenmanagement",
    "app_subtitle": "Was bringt ein aktiver Innendienst für Ihre C-Kunden?",
    "language": "Sprache",
    "assumptions": "Annahmen",
    "reset": "Auf Standardwerte zurücksetzen",
    "reset_done": "Alle Annahmen stehen wieder auf den Standardwerten.",
    "override": "Eigenen Wert vorgeben",
    "derived": "abgeleitet: {value}",
    "group_field_sales": "Außendienst",
    "group_potential": "Potenzial",
    "group_team": "Inside-Sales-Team",
    "group_business_case": "Business Case",
    "group_external": "Externer Dienstleister",
    "method_homogeneous": "homogen (Mitarbeiter × Potenzial)",
    "method_historical": "historisch (bester Jahresumsatz)",
    "method_data": "aus den Daten (Potenzialspalte)",
    "method_short_homogeneous": "Homogen",
    "method_short_historical": "Historisch",
    "method_short_data": "Daten",
    "share_link": "Link zu diesem Szenario",
    "share_link_help": "Der Link enthält die Annahmen, aber keine Kundendaten. "
    "Empfänger laden ihre Datei selbst hoch.",
    "query_ignored": "Diese Link-Parameter wurden ignoriert: {names}",
    "assumption_error": "Die Eingabe wurde nicht übernommen: {message}",
    "unexpected_error": "Auf dieser Seite ist ein unerwarteter Fehler aufgetreten. "
    "Die übrigen Seiten und Ihre Daten sind nicht betroffen. Bitte laden Sie die Seite neu.",
    "sample_note": "Sie sehen die eingebauten **Beispieldaten** ({customers} Kunden). "
    "Laden Sie auf der Seite „Daten“ Ihre eigene Datei hoch.",
    "data_note": "Daten: **{file}** ({customers} Kunden)",
    # pages
    "help_npv": "Summe der jährlichen Zahlungsströme, abgezinst mit dem Kalkulationszins; "
    "die Anlaufkosten im Jahr 0 werden nicht abgezinst.",
    "help_irr": "Zinssatz, bei dem der Kapitalwert null ist. Bei kleinen Anlaufkosten kann er sehr hoch "
    "ausfallen; dann sagen Kapitalwert und Amortisation mehr.",
    "help_roi": "Zusätzlicher Deckungsbeitrag plus frei gewordene Besuche über den Zeitraum, geteilt durch "
    "Anlauf- und Teamkosten, minus 1.",
    "help_payback": "Monate, bis der kumulierte Zahlungsstrom null erreicht (innerhalb des Jahres linear).",
    "valid_range": "Gültiger Bereich: {low} bis {high}",
    "page_overview": "Überblick",
    "page_data": "Daten",
    "page_segments": "Schwelle & Segmente",
    "page_potential": "Potenzial",
    "page_business_case": "Business Case",
    # overview
    "overview_title": "Überblick",
    "overview_intro": "Die Antwort in vier Zahlen. Ändern Sie links eine Annahme, "
    "und alle Zahlen folgen sofort.",
    "m_npv": "Kapitalwert (intern)",
    "m_reps": "Inside-Sales-Mitarbeiter",
    "m_covered": "Betreute Kleinkunden",
    "m_payback": "Amortisation",
    "m_team_cost": "Teamkosten pro Jahr",
    "m_threshold": "Umsatzschwelle",
    "m_choice": "Intern oder extern",
    "choice_internal": "Eigenes Team",
    "choice_external": "Dienstleister",
    "choice_text": "Empfehlung: **{choice}** – Kapitalwert um {advantage} höher.",
    "go_further": "Weiter",
    "no_payback": "nicht im Zeitraum",
    "months": "{value} Monate",
    "none": "–",
    # data page
    "data_title": "Daten",
    "data_intro": "Laden Sie eine Kundentabelle (eine Zeile je Kunde) oder eine "
    "Transaktionstabelle (eine Zeile je Beleg) als CSV oder Excel (XLSX) hoch.",
    "upload": "Datei hochladen (CSV oder XLSX, höchstens {mb} MB)",
    "upload_help": "Spaltennamen werden deutsch und englisch erkannt, z. B. Kundennummer, "
    "Umsatz 2024, Besuche, Mitarbeiter, DB-Quote.",
    "upload_too_large": "Die Datei ist größer als {mb} MB. Bitte kürzen Sie sie oder "
    "exportieren Sie nur die nötigen Spalten.",
    "upload_ok": "„{file}“ wurde gelesen: {customers} Kunden.",
    "upload_failed": "Die Datei konnte nicht verwendet werden: {message} "
    "Die bisherigen Daten bleiben in Kraft.",
    "back_to_sample": "Zurück zu den Beispieldaten",
    "current_data": "Aktuelle Daten",
    "sample_data": "Beispieldaten",
    "kind_customers": "Kundentabelle",
    "kind_transactions": "Transaktionstabelle",
    "report": "Lesebericht",
    "r_file": "Datei",
    "r_kind": "Art",
    "r_rows": "Gelesene Zeilen",
    "r_customers": "Kunden",
    "r_years": "Umsatzjahre",
    "r_encoding": "Kodierung / Trennzeichen",
    "r_problems": "Problemzeilen",
    "r_no_customer_id": "Zeilen ohne Kundennummer",
    "recognised": "Erkannte Spalten",
    "col_original": "Spalte in der Datei",
    "col_canonical": "verwendet als",
    "ignored": "Nicht zugeordnete Spalten",
    "ignored_none": "Alle Spalten wurden erkannt.",
    "mapping_intro": "Ordnen Sie Spalten zu, die nicht erkannt wurden, und lesen Sie die "
    "Datei neu ein.",
    "mapping_skip": "– nicht verwenden –",
    "reread": "Mit dieser Zuordnung neu einlesen",
    "problems": "Probleme",
    "problems_none": "Keine Problemzeilen.",
    "problems_shown": "{shown} von {total} Problemzeilen",
    "problems_download": "Problemzeilen als CSV herunterladen",
    "p_row": "Zeile",
    "p_column": "Spalte",
    "p_value": "Wert",
    "p_reason": "Grund",
    "preview": "Vorschau (erste {n} Zeilen)",
    "warnings": "Hinweise",
    # segments page
    "segments_title": "Schwelle & Segmente",
    "chain": "Von den Besuchskosten zur Umsatzschwelle",
    "cost_per_visit": "Kosten pro Besuch",
    "care_cost": "Betreuungskosten pro Kunde und Jahr",
    "revenue_threshold": "Umsatzschwelle",
    "f_cost_per_visit": "{rep_cost} ÷ ({days} Tage × {visits} Besuche) = **{result}**",
    "f_cost_per_visit_override": "Vorgabe: **{result}**",
    "f_care_cost": "{visits} Besuche × {cpv} = **{result}**",
    "f_threshold": "{care} ÷ {ratio} = **{result}**",
    "f_threshold_override": "Vorgabe: **{result}**",
    "segment_counts": "Segmente",
    "seg_key": "Schlüsselkunden (A/B)",
    "seg_potential": "Potenzialkunden",
    "seg_small": "Kleinkunden (C)",
    "seg_inactive": "Inaktive Kunden",
    "seg_no_revenue": "Ohne Umsatz",
    "t_segment": "Segment",
    "t_customers": "Kunden",
    "t_revenue": "Umsatz",
    "t_revenue_share": "Umsatzanteil",
    "t_potential": "Potenzial",
    "t_revenue_per_customer": "Umsatz je Kunde",
    "pareto": "Umsatzkonzentration (Pareto/ABC)",
    "pareto_x": "Anteil der Kunden",
    "pareto_y": "Anteil am Umsatz",
    "pareto_note": "{share_a} der Kunden machen 80 % des Umsatzes.",
    "scatter": "Umsatz und Potenzial je Kunde",
    "scatter_x": "Umsatz (€, log)",
    "scatter_y": "Potenzial (€, log)",
    "scatter_note": "Stichprobe von {shown} der {total} Kunden mit Umsatz > 0.",
    "threshold_line": "Umsatzschwelle",
    "potential_line": "Potenzialschwelle",
    "customer_table": "Kunden",
    "filter_segment": "Segmente anzeigen",
    "table_shown": "{shown} von {total} Kunden angezeigt (nach Umsatz sortiert); "
    "der Download enthält alle.",
    "download_csv": "Als CSV herunterladen",
    "c_customer_id": "Kundennummer",
    "c_name": "Name",
    "c_industry": "Branche",
    "c_region": "Region",
    "c_revenue": "Umsatz",
    "c_potential": "Potenzial",
    "c_untapped": "Ungenutztes Potenzial",
    "c_sow": "Share of Wallet",
    "c_segment": "Segment",
    "c_covered": "Vom Team betreut",
    "yes": "ja",
    "no": "nein",
    # potential page
    "potential_title": "Potenzial",
    "methods": "Drei Methoden im Vergleich",
    "method": "Methode",
    "method_active": "(aktiv)",
    "p_total": "Potenzial der betreuten Kunden",
    "p_revenue": "Umsatz der betreuten Kunden",
    "p_untapped": "Ungenutztes Potenzial",
    "p_sow": "Share of Wallet",
    "p_cm_untapped": "Deckungsbeitragspotenzial",
    "p_covered": "Betreute Kunden",
    "sow_hist": "Verteilung des Share of Wallet (betreute Kunden)",
    "sow_x": "Share of Wallet",
    "sow_y": "Kunden",
    "untapped_title": "Ungenutztes Potenzial der betreuten Gruppe",
    # business case page
    "bc_title": "Business Case",
    "team": "Team",
    "team_cost_per_rep": "Kosten je Mitarbeiter inkl. Zuschlag",
    "team_mean_revenue": "Ø Umsatz je betreutem Kunden",
    "rep_check": "Trägt sich ein Mitarbeiter?",
    "rc_accounts": "Kunden je Mitarbeiter",
    "rc_contribution": "Deckungsbeitrag",
    "rc_cost": "Kosten",
    "rc_surplus": "Überschuss",
    "rc_pays": "Trägt sich",
    "rc_cm_rate": "DB-Quote",
    "years_table": "Jahr für Jahr",
    "y_year": "Jahr",
    "y_baseline": "Umsatz ohne Team",
    "y_program": "Umsatz mit Team",
    "y_delta_cm": "Mehr-Deckungsbeitrag",
    "y_freed": "Frei gewordene Besuche",
    "y_team_cost": "Teamkosten",
    "y_setup": "Anlaufkosten",
    "y_cash": "Zahlungsstrom",
    "y_cumulative": "Kumuliert",
    "cash_chart": "Kumulierter Zahlungsstrom",
    "cash_chart_y": "€",
    "npv": "Kapitalwert",
    "irr": "Interner Zinsfuß",
    "roi": "ROI",
    "payback": "Amortisation",
    "make_or_buy": "Intern oder extern",
    "internal": "Eigenes Team",
    "external": "Dienstleister",
    "mob_reps": "Mitarbeiter",
    "mob_annual_cost": "Kosten pro Jahr",
    "mob_setup": "Anlaufkosten",
    "mob_ramp": "Anlauf im 1. Jahr",
    "figure": "Kennzahl",
}

EN: dict[str, str] = {
    "app_title": "Small-customer business case",
    "app_subtitle": "What does an active inside-sales team earn on your C customers?",
    "language": "Language",
    "assumptions": "Assumptions",
    "reset": "Reset to defaults",
    "reset_done": "All assumptions are back at their defaults.",
    "override": "Set own value",
    "derived": "derived: {value}",
    "group_field_sales": "Field sales",
    "group_potential": "Potential",
    "group_team": "Inside-sales team",
    "group_business_case": "Business case",
    "group_external": "External provider",
    "method_homogeneous": "homogeneous (employees × potential)",
    "method_historical": "historical (best year's revenue)",
    "method_data": "from the data (potential column)",
    "method_short_homogeneous": "Homogeneous",
    "method_short_historical": "Historical",
    "method_short_data": "Data",
    "share_link": "Link to this scenario",
    "share_link_help": "The link carries the assumptions, not the customer data. "
    "Recipients upload their own file.",
    "query_ignored": "These link parameters were ignored: {names}",
    "assumption_error": "The input was not applied: {message}",
    "unexpected_error": "An unexpected error occurred on this page. The other pages "
    "and your data are not affected. Please reload the page.",
    "sample_note": "You are looking at the built-in **sample data** ({customers} customers). "
    "Upload your own file on the “Data” page.",
    "data_note": "Data: **{file}** ({customers} customers)",
    "help_npv": "Sum of the yearly cash flows discounted at the discount rate; "
    "the set-up cost in year 0 is not discounted.",
    "help_irr": "The rate at which the NPV is zero. With a small set-up cost it can be very high; "
    "then NPV and payback tell more.",
    "help_roi": "Added contribution plus freed field visits over the horizon, divided by set-up and team "
    "cost, minus 1.",
    "help_payback": "Months until the cumulative cash reaches zero (linear within the year).",
    "valid_range": "Valid range: {low} to {high}",
    "page_overview": "Overview",
    "page_data": "Data",
    "page_segments": "Threshold & segments",
    "page_potential": "Potential",
    "page_business_case": "Business case",
    "overview_title": "Overview",
    "overview_intro": "The answer in four figures. Change an assumption on the left "
    "and every figure follows at once.",
    "m_npv": "Net present value (internal)",
    "m_reps": "Inside-sales reps",
    "m_covered": "Small customers covered",
    "m_payback": "Payback",
    "m_team_cost": "Team cost per year",
    "m_threshold": "Revenue threshold",
    "m_choice": "Make or buy",
    "choice_internal": "Own team",
    "choice_external": "Provider",
    "choice_text": "Recommendation: **{choice}** – net present value higher by {advantage}.",
    "go_further": "Go further",
    "no_payback": "not within horizon",
    "months": "{value} months",
    "none": "–",
    "data_title": "Data",
    "data_intro": "Upload a customer table (one row per customer) or a transaction "
    "table (one row per invoice line) as CSV or Excel (XLSX).",
    "upload": "Upload a file (CSV or XLSX, at most {mb} MB)",
    "upload_help": "Column names are recognised in German and English, e.g. Customer ID, "
    "Revenue 2024, Visits, Employees, Margin %.",
    "upload_too_large": "The file is larger than {mb} MB. Please shorten it or export "
    "only the columns needed.",
    "upload_ok": "“{file}” was read: {customers} customers.",
    "upload_failed": "The file could not be used: {message} The previous data stay in force.",
    "back_to_sample": "Back to the sample data",
    "current_data": "Current data",
    "sample_data": "Sample data",
    "kind_customers": "customer table",
    "kind_transactions": "transaction table",
    "report": "Reading report",
    "r_file": "File",
    "r_kind": "Kind",
    "r_rows": "Rows read",
    "r_customers": "Customers",
    "r_years": "Revenue years",
    "r_encoding": "Encoding / delimiter",
    "r_problems": "Problem rows",
    "r_no_customer_id": "Lines without customer ID",
    "recognised": "Recognised columns",
    "col_original": "Column in the file",
    "col_canonical": "used as",
    "ignored": "Columns not placed",
    "ignored_none": "Every column was recognised.",
    "mapping_intro": "Map the columns that were not recognised and read the file again.",
    "mapping_skip": "– don't use –",
    "reread": "Read again with this mapping",
    "problems": "Problems",
    "problems_none": "No problem rows.",
    "problems_shown": "{shown} of {total} problem rows",
    "problems_download": "Download problem rows as CSV",
    "p_row": "Row",
    "p_column": "Column",
    "p_value": "Value",
    "p_reason": "Reason",
    "preview": "Preview (first {n} rows)",
    "warnings": "Notes",
    "segments_title": "Threshold & segments",
    "chain": "From the cost of a visit to the revenue threshold",
    "cost_per_visit": "Cost per visit",
    "care_cost": "Care cost per customer and year",
    "revenue_threshold": "Revenue threshold",
    "f_cost_per_visit": "{rep_cost} ÷ ({days} days × {visits} visits) = **{result}**",
    "f_cost_per_visit_override": "Set: **{result}**",
    "f_care_cost": "{visits} visits × {cpv} = **{result}**",
    "f_threshold": "{care} ÷ {ratio} = **{result}**",
    "f_threshold_override": "Set: **{result}**",
    "segment_counts": "Segments",
    "seg_key": "Key accounts (A/B)",
    "seg_potential": "Potential customers",
    "seg_small": "Small customers (C)",
    "seg_inactive": "Inactive customers",
    "seg_no_revenue": "No revenue",
    "t_segment": "Segment",
    "t_customers": "Customers",
    "t_revenue": "Revenue",
    "t_revenue_share": "Revenue share",
    "t_potential": "Potential",
    "t_revenue_per_customer": "Revenue per customer",
    "pareto": "Revenue concentration (Pareto/ABC)",
    "pareto_x": "Share of customers",
    "pareto_y": "Share of revenue",
    "pareto_note": "{share_a} of the customers make 80% of the revenue.",
    "scatter": "Revenue and potential per customer",
    "scatter_x": "Revenue (€, log)",
    "scatter_y": "Potential (€, log)",
    "scatter_note": "Sample of {shown} of the {total} customers with revenue > 0.",
    "threshold_line": "Revenue threshold",
    "potential_line": "Potential threshold",
    "customer_table": "Customers",
    "filter_segment": "Show segments",
    "table_shown": "{shown} of {total} customers shown (sorted by revenue); "
    "the download has all of them.",
    "download_csv": "Download as CSV",
    "c_customer_id": "Customer ID",
    "c_name": "Name",
    "c_industry": "Industry",
    "c_region": "Region",
    "c_revenue": "Revenue",
    "c_potential": "Potential",
    "c_untapped": "Untapped potential",
    "c_sow": "Share of wallet",
    "c_segment": "Segment",
    "c_covered": "Covered by the team",
    "yes": "yes",
    "no": "no",
    "potential_title": "Potential",
    "methods": "The three methods side by side",
    "method": "Method",
    "method_active": "(active)",
    "p_total": "Potential of covered customers",
    "p_revenue": "Revenue of covered customers",
    "p_untapped": "Untapped potential",
    "p_sow": "Share of wallet",
    "p_cm_untapped": "Contribution-margin potential",
    "p_covered": "Covered customers",
    "sow_hist": "Share-of-wallet distribution (covered customers)",
    "sow_x": "Share of wallet",
    "sow_y": "Customers",
    "untapped_title": "Untapped potential of the covered group",
    "bc_title": "Business case",
    "team": "Team",
    "team_cost_per_rep": "Cost per rep incl. overhead",
    "team_mean_revenue": "Mean revenue per covered customer",
    "rep_check": "Does one rep pay off?",
    "rc_accounts": "Accounts per rep",
    "rc_contribution": "Contribution margin",
    "rc_cost": "Cost",
    "rc_surplus": "Surplus",
    "rc_pays": "Pays off",
    "rc_cm_rate": "margin rate",
    "years_table": "Year by year",
    "y_year": "Year",
    "y_baseline": "Revenue without team",
    "y_program": "Revenue with team",
    "y_delta_cm": "Added contribution margin",
    "y_freed": "Freed field visits",
    "y_team_cost": "Team cost",
    "y_setup": "Setup cost",
    "y_cash": "Cash flow",
    "y_cumulative": "Cumulative",
    "cash_chart": "Cumulative cash flow",
    "cash_chart_y": "€",
    "npv": "Net present value",
    "irr": "Internal rate of return",
    "roi": "ROI",
    "payback": "Payback",
    "make_or_buy": "Make or buy",
    "internal": "Own team",
    "external": "Provider",
    "mob_reps": "Reps",
    "mob_annual_cost": "Cost per year",
    "mob_setup": "Setup cost",
    "mob_ramp": "Ramp-up in year 1",
    "figure": "Figure",
}

DE.update(DE_TOOLS)
EN.update(EN_TOOLS)

CATALOGS = {"de": DE, "en": EN}

#: Units of SPECS (English) -> German display.
UNITS_DE = {
    "EUR/year": "€/Jahr",
    "days/year": "Tage/Jahr",
    "visits/day": "Besuche/Tag",
    "EUR/visit": "€/Besuch",
    "visits/year": "Besuche/Jahr",
    "employees": "Mitarbeiter",
    "EUR/employee/year": "€/Mitarbeiter/Jahr",
    "customers/rep": "Kunden/Mitarbeiter",
    "EUR (one-off)": "€ einmalig",
    "years": "Jahre",
}
UNITS_EN = {
    "EUR/year": "€/year",
    "EUR/visit": "€/visit",
    "EUR/employee/year": "€/employee/year",
    "EUR (one-off)": "€ one-off",
}


def missing_keys() -> set[str]:
    """Keys present in one catalog but not the other (should be empty)."""
    return set(DE) ^ set(EN)


def current_lang() -> str:
    """The language of this session: ``"de"`` or ``"en"``."""
    lang = st.session_state.get(keys.LANG, "de")
    return lang if lang in LANGS else "de"


def t(key: str, **values: object) -> str:
    """The UI string ``key`` in the current language, with ``{placeholders}`` filled."""
    text = CATALOGS[current_lang()].get(key) or EN.get(key) or key
    return text.format(**values) if values else text


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
    lang = current_lang()
    label = spec.label_de if lang == "de" else spec.label_en
    if spec.kind == "rate":
        unit = "%"
    elif spec.kind in ("choice", "bool") or not spec.unit:
        unit = ""
    else:
        unit = (UNITS_DE if lang == "de" else UNITS_EN).get(spec.unit, spec.unit)
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
