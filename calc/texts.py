"""Every display text of the product in German and English: one catalogue for the app and the exports.

The app (``ui.i18n.t``), the Excel model (:mod:`calc.export_xlsx`), the board report
(:mod:`calc.report`) and the CRM hand-over (:mod:`calc.assign`) all read :data:`DE`
and :data:`EN`.  Keys name what a text is for; a text used in several places (a
column header, a segment label, a figure's name) has one key.  Key families:

* ``col_*`` column headers, ``unit_*`` units after an assumption's label,
  ``file_*`` download file names, ``segment_*`` the segment labels of the exports;
* ``xl_*`` only in the Excel model, ``rp_*`` only in the board report, ``crm_*``
  in the CRM hand-over and its page;
* everything else: the app's pages and sidebar; the exports reuse those that say
  the same thing (``y_year``, ``revenue_threshold``, ``make_or_buy`` ...).

Assumption labels and help texts stay with their specification
(:data:`calc.assumptions.SPECS`); :func:`assumption_label` reads them.  Numbers
follow the language's Babel locale (:data:`LOCALES`, :class:`Formatter`).
Tests check that both languages have the same keys and that every key is used.

>>> text("col_customer_id", "de"), text("rp_months", "en", m="14.2")
('Kundennummer', '14.2 months')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol, list_currencies

from .assumptions import SPECS
from .errors import AssumptionError
from .model import SEGMENTS

__all__ = [
    "CHOICE_PREFIX",
    "LANGS",
    "LOCALES",
    "DEFAULT_CURRENCY",
    "check_currency",
    "Formatter",
    "DE",
    "EN",
    "CATALOGS",
    "SEGMENT_LABELS",
    "check_lang",
    "text",
    "translator",
    "assumption_label",
    "missing_keys",
]

LANGS = ("de", "en")
#: the Babel locale of each language (numbers, currency, percentages)
LOCALES = {"de": "de_DE", "en": "en_US"}
#: the currency money is shown in unless the user sets another (an ISO 4217 code)
DEFAULT_CURRENCY = "EUR"

#: The catalogue prefix of each choice assumption's value labels (``method_historical``, ``policy_surcharge``).
CHOICE_PREFIX = {"potential_method": "method_", "small_order_policy": "policy_"}

DE: dict[str, str] = {
    # == error messages (calc.errors: err_where_* say where, err_* what and what to do) ==========
    "err_where_file": "Datei '{file}'",
    "err_where_row": "Zeile {row}",
    "err_where_column": "Spalte '{column}'",
    "err_currency": "„{code}“ ist kein bekannter Währungscode. Bitte einen dreistelligen ISO-4217-Code "
    "eingeben, etwa EUR, CHF, GBP oder USD.",
    "err_file_empty": "Die Datei ist leer. Bitte eine Datei mit einer Kopfzeile und mindestens einem Kunden hochladen.",
    # == the app ==================================================================================
    "language": "Sprache",
    "assumptions": "Annahmen",
    "reset": "Auf Standardwerte zurücksetzen",
    "reset_done": "Alle Annahmen stehen wieder auf den Standardwerten.",
    "derived": "abgeleitet: {value}",
    "group_field_sales": "Außendienst",
    "group_potential": "Potenzial",
    "group_team": "Inside-Sales-Team",
    "group_business_case": "Business Case",
    "group_external": "Externer Dienstleister",
    "group_levers": "Hebel: Kosten je Kunde, Kleinaufträge, digitale Bestellung",
    "method_homogeneous": "homogen (Mitarbeiter × Potenzial)",
    "method_historical": "historisch (bester Jahresumsatz)",
    "method_data": "aus den Daten (Potenzialspalte)",
    "method_short_homogeneous": "Homogen",
    "method_short_historical": "Historisch",
    "method_short_data": "Daten",
    "policy_none": "keine",
    "policy_surcharge": "Mindermengenzuschlag",
    "policy_minimum": "Mindestbestellwert",
    "xl_levers_given": "Hebel (Werte der App; die Hebelzeilen der Business Cases sind gegebene Zahlen)",
    "xl_derived": "abgeleitet",
    "xl_unit_eur_order": "EUR/Auftrag",
    "xl_unit_eur_line": "EUR/Position",
    "xl_unit_share_affected": "Anteil betroffener Kunden",
    "xl_unit_share_orders": "Anteil der Aufträge",
    "xl_unit_share_small_orders": "Anteil der Kleinaufträge",
    "share_link": "Link zu diesem Szenario",
    "share_link_help": "Der Link enthält die Annahmen, aber keine Kundendaten. "
    "Empfänger laden ihre Datei selbst hoch.",
    "query_ignored": "Diese Link-Parameter wurden ignoriert: {names}",
    "assumption_error": "Die Eingabe wurde nicht übernommen: {message}",
    "unexpected_error": "Auf dieser Seite ist ein unerwarteter Fehler aufgetreten. "
    "Die übrigen Seiten und Ihre Daten sind nicht betroffen. Bitte laden Sie die Seite neu.",
    "sample_note": "Sie sehen die eingebauten **Beispieldaten** ({customers} Kunden). "
    "Laden Sie auf der Seite „Daten“ Ihre eigene Datei hoch.",
    # shared cases, offline hand-over, sign-in (ui.cases, ui.auth)
    "share_box_carries": "Dieser Link enthält nur die Annahmen und die Sprache – **keine Kundendaten**. "
    "Wer ihn öffnet, sieht die eigenen oder die Beispieldaten.",
    "share_data_button": "Mit Daten teilen",
    "share_data_help": "Speichert die Kundentabelle und die Annahmen auf dem Server unter einer "
    "unerratbaren Kennung und gibt einen Link, der genau diese Zahlen öffnet (läuft nach {days} Tagen ab).",
    "share_data_sample": "Mit Beispieldaten genügt der Link oben.",
    "share_data_done": "Fall gespeichert. Dieser Link öffnet Ihre Daten und Annahmen bis {expires}; "
    "wer ihn hat, sieht die Daten:",
    "share_data_secret": "Löschschlüssel (nur jetzt sichtbar, bitte aufbewahren): `{secret}`",
    "share_data_delete": "Diesen Fall löschen",
    "share_data_deleted": "Der geteilte Fall wurde gelöscht; sein Link öffnet nichts mehr.",
    "share_data_failed": "Der Fall wurde nicht geteilt: {message}",
    "case_opened": "Geöffnet: der geteilte Fall **{name}** ({customers} Kunden), gültig bis {expires}.",
    "case_failed": "Der geteilte Fall aus dem Link lässt sich nicht öffnen: {message} "
    "Sie sehen stattdessen die **Beispieldaten**.",
    "case_data_name": "Geteilter Fall",
    "link_sample_note": "Dieser Link enthält nur die Annahmen, nicht die Daten des Absenders: die Zahlen "
    "stammen aus den **Beispieldaten**. Für die Zahlen des Absenders laden Sie seine Datei auf der Seite "
    "„Daten“ hoch, oder bitten Sie ihn um einen Link „Mit Daten teilen“ oder eine Falldatei.",
    "data_in_use": "Daten: {name} · {customers} Kunden",
    "case_file_title": "Falldatei (Übergabe ohne Server)",
    "case_file_intro": "Eine Datei mit der Kundentabelle (Parquet) und den Annahmen. Herunterladen, "
    "weitergeben, hier wieder hochladen: dieselben Zahlen, ohne geteilten Link.",
    "case_file_download": "Falldatei herunterladen",
    "case_file_upload": "Falldatei hochladen (.zip)",
    "case_file_ok": "Falldatei übernommen: {customers} Kunden und ihre Annahmen sind jetzt in Kraft.",
    "case_file_failed": "Die Falldatei wurde nicht übernommen: {message}",
    "auth_title": "Anmeldung",
    "auth_oidc_intro": "Diese App enthält Kundendaten. Bitte melden Sie sich an.",
    "auth_oidc_button": "Anmelden",
    "auth_oidc_missing": "Die Anmeldung ist eingerichtet, aber das Paket Authlib fehlt auf dem Server "
    "(pip install \"streamlit[auth]\").",
    "auth_logout": "Abmelden",
    "auth_password_intro": "Diese App enthält Kundendaten. Bitte geben Sie das Passwort ein.",
    "auth_password": "Passwort",
    "auth_password_button": "Weiter",
    "auth_password_wrong": "Das Passwort ist falsch. Noch {remaining} Versuche.",
    "auth_password_locked": "Zu viele falsche Versuche. Bitte wenden Sie sich an die Person, die den "
    "Workshop leitet.",
    # pages
    "help_npv": "Summe der jährlichen Cashflows, abgezinst mit dem Kalkulationszins; "
    "die Anlaufkosten im Jahr 0 werden nicht abgezinst.",
    "help_irr": "Zinssatz, bei dem der Kapitalwert null ist. Bei kleinen Anlaufkosten kann er sehr hoch "
    "ausfallen; dann sagen Kapitalwert und Amortisation mehr.",
    "help_roi": "Zusätzlicher Deckungsbeitrag plus eingesparte Besuchskosten über den Zeitraum, geteilt durch "
    "Anlauf- und Teamkosten, minus 1.",
    "help_payback": "Monate, bis der kumulierte Cashflow null erreicht (innerhalb des Jahres linear).",
    "valid_range": "Gültiger Bereich: {low} bis {high}",
    "page_overview": "Überblick",
    "page_data": "Daten",
    "page_segments": "Schwelle & Segmente",
    "page_potential": "Potenzial",
    "page_business_case": "Business Case",
    # overview
    "overview_title": "Überblick",
    "overview_intro": "Das Ergebnis auf einen Blick. Ändern Sie eine Annahme in der Seitenleiste "
    "(auf dem Handy im Menü oben), und alle Zahlen folgen sofort.",
    "m_npv": "Kapitalwert (intern)",
    "m_reps": "Inside-Sales-Mitarbeiter",
    "m_covered": "Betreute Kleinkunden",
    "m_payback": "Amortisation",
    "m_team_cost": "Teamkosten pro Jahr",
    "m_threshold": "Umsatzschwelle",
    "choice_internal": "Eigenes Team",
    "choice_external": "Dienstleister",
    "choice_text": "Empfehlung: **{choice}** – Kapitalwert um {advantage} höher.",
    "go_further": "Weiter",
    "no_payback": "nicht im Zeitraum",
    "months": "{value} Monate",
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
    "Ihre bisherigen Daten bleiben erhalten.",
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
    "f_covered": "Potenzial je Kunde: {method}",
    "f_untapped": "{total} Potenzial − {revenue} Umsatz = **{result}**",
    "f_cm_untapped": "Σ ungenutztes Potenzial × DB-Quote je Kunde = **{result}**",
    "f_sow": "{revenue} Umsatz ÷ {total} Potenzial = **{result}**",
    "segment_counts": "Segmente",
    "seg_key": "Schlüsselkunden (A/B)",
    "seg_potential": "Potenzialkunden",
    "seg_small": "Kleinkunden (C)",
    "seg_inactive": "Inaktive Kunden",
    "seg_no_revenue": "Ohne Umsatz",
    "t_customers": "Kunden",
    "t_revenue_share": "Umsatzanteil",
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
    "pareto_line": "{share} des Umsatzes",
    "tornado_base_line": "Basis: {value}",
    "mc_zero_line": "Kapitalwert 0",
    "customer_table": "Kunden",
    "filter_segment": "Segmente anzeigen",
    "table_shown": "{shown} von {total} Kunden angezeigt (nach Umsatz sortiert); "
    "der Download enthält alle.",
    "download_csv": "Als CSV herunterladen",
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
    "rep_check": "Trägt sich ein Mitarbeiter?",
    "rc_accounts": "Kunden je Mitarbeiter",
    "rc_added_cm": "Zusätzlicher Deckungsbeitrag",
    "rc_intro": "Verglichen mit den Kosten eines Mitarbeiters wird der Deckungsbeitrag, den das Team "
    "zusätzlich erwirtschaftet, nicht der heutige: im Mittel der {years} Jahre {per_customer} je betreutem "
    "Kunden und Jahr (Zeile „Zusätzlicher Deckungsbeitrag“ der Jahrestabelle, geteilt durch die betreuten Kunden), mal "
    "die Kunden je Mitarbeiter.",
    "rc_cost": "Kosten",
    "rc_surplus": "Überschuss",
    "rc_pays": "Trägt sich",
    "years_table": "Jahr für Jahr",
    "y_year": "Jahr",
    "y_baseline": "Umsatz ohne Team",
    "y_program": "Umsatz mit Team",
    "y_delta_cm": "Zusätzlicher Deckungsbeitrag",
    "y_freed": "Eingesparte Besuchskosten",
    "y_team_cost": "Teamkosten",
    "y_setup": "Anlaufkosten",
    "y_cash": "Cashflow",
    "y_cumulative": "Kumuliert",
    "cash_chart": "Kumulierter Cashflow",
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
    "page_scenarios": "Szenarien",
    "page_risk": "Risiko",
    "page_export": "Export",
    # scenarios
    "scn_title": "Szenarien",
    "scn_intro": "Speichern Sie Annahmen unter einem Namen, laden Sie eine Vorlage und "
    "vergleichen Sie zwei bis vier Szenarien nebeneinander.",
    "scn_presets": "Vorlage als aktuelles Szenario laden",
    "preset_conservative": "Vorsichtig",
    "preset_base": "Basis",
    "preset_optimistic": "Optimistisch",
    "scn_save": "Aktuelles Szenario speichern",
    "scn_name": "Name des Szenarios",
    "scn_save_button": "Speichern",
    "scn_saved": "Szenario „{name}“ gespeichert.",
    "scn_name_missing": "Bitte geben Sie einen Namen ein.",
    "scn_saved_list": "Gespeicherte Szenarien: {names}",
    "scn_none_saved": "Noch keine Szenarien gespeichert.",
    "scn_compare": "Vergleich",
    "scn_select": "Szenarien zum Vergleich (2 bis 4)",
    "scn_select_more": "Wählen Sie mindestens zwei Szenarien aus.",
    "scn_differences": "Annahmen, die sich unterscheiden",
    "scn_no_differences": "Die gewählten Szenarien haben dieselben Annahmen.",
    "scn_figures": "Kennzahlen je Szenario",
    "scn_cash": "Kumulierter Cashflow (eigenes Team)",
    "scn_scenario": "Szenario",
    "scn_assumption": "Annahme",
    "scn_link": "Link zu diesem Vergleich",
    "scn_link_help": "Der Link enthält die Annahmen der verglichenen Szenarien, keine Kundendaten.",
    "scn_files": "Szenarien als Datei",
    "scn_download": "Gespeicherte Szenarien als JSON herunterladen",
    "scn_file_name": "szenarien.json",
    "scn_upload": "Szenario-Datei (JSON) hochladen",
    "scn_upload_ok": "{count} Szenario(s) aus der Datei übernommen: {names}",
    "scn_upload_failed": "Die Datei wurde nicht übernommen: {message} Ihre Szenarien bleiben erhalten.",
    "scn_upload_too_large": "Die Datei ist zu groß (höchstens {kb} KB).",
    "scn_cmp_loaded": "Der Vergleich aus dem Link wurde geladen: {names}",
    "scn_cmp_invalid": "Der Vergleich im Link konnte nicht gelesen werden: {message}",
    "derived_value": "abgeleitet",
    "make_or_buy_col": "Intern/extern",
    "external_npv": "Kapitalwert Dienstleister",
    # risk
    "risk_title": "Risiko",
    "risk_intro": "Welche Annahmen bewegen den Kapitalwert am stärksten, wo kippt er, "
    "und wie wahrscheinlich ist ein positiver Kapitalwert?",
    "tornado_title": "Tornado: Kapitalwert bei niedrigem und hohem Wert",
    "tornado_low": "niedriger Wert",
    "tornado_high": "hoher Wert",
    "tornado_base": "Basis-Kapitalwert: {value}",
    "break_even_title": "Break-even: Wert, bei dem der Kapitalwert null ist",
    "be_value": "Break-even-Wert",
    "be_current": "Aktueller Wert",
    "be_never": "nie im Bereich",
    "mc_title": "Monte-Carlo-Simulation",
    "mc_intro": "Minimum, wahrscheinlichster Wert und Maximum je unsicherer Annahme "
    "(Raten in %). Gezogen werden {draws} Kombinationen.",
    "mc_min": "Minimum",
    "mc_mode": "Wahrscheinlichster Wert",
    "mc_max": "Maximum",
    "mc_seed": "Startwert des Zufallsgenerators",
    "mc_run": "Simulation starten",
    "mc_reset": "Tabelle auf das aktuelle Szenario setzen",
    "mc_reset_help": "Übliche Bandbreiten, wahrscheinlichster Wert = aktueller Wert der Annahme.",
    "mc_running": "Simuliere {draws} Kombinationen …",
    "mc_error": "Die Simulation wurde nicht gestartet: {message}",
    "mc_stale": "Die Annahmen oder Daten haben sich seit der letzten Simulation geändert. "
    "Starten Sie die Simulation neu.",
    "mc_p_positive": "Wahrscheinlichkeit, dass es sich lohnt",
    "mc_p10": "P10 Kapitalwert",
    "mc_p50": "P50 Kapitalwert",
    "mc_p90": "P90 Kapitalwert",
    "mc_hist": "Verteilung des Kapitalwerts",
    "mc_hist_x": "Kapitalwert (€)",
    "mc_hist_y": "Anteil der Simulationen",
    "mc_payback": "Verteilung der Amortisation",
    "mc_payback_x": "Amortisation (Monate)",
    "mc_payback_share": "{share} der Simulationen amortisieren sich im Zeitraum.",
    # export
    "export_title": "Export",
    "export_intro": "Jede Datei wird erst auf Knopfdruck erstellt.",
    "export_xlsx": "Excel-Modell mit Formeln",
    "export_xlsx_build": "Excel-Datei erstellen",
    "export_xlsx_download": "Excel-Modell herunterladen",
    "export_crm": "Übergabe ans CRM: Kunden je Mitarbeiter",
    "export_crm_build": "Zuordnung erstellen",
    "export_crm_csv": "Zuordnung als CSV herunterladen",
    "export_crm_xlsx": "Zuordnung als Excel herunterladen",
    "crm_reps": "Mitarbeiter",
    "crm_customers": "Zugeordnete Kunden",
    "crm_per_rep": "Kunden je Mitarbeiter (min–max)",
    "crm_revenue": "Umsatz je Mitarbeiter (min–max)",
    "crm_spread": "Umsatzspreizung: (größter − kleinster) ÷ mittlerer Umsatz je Mitarbeiter",
    "currency": "Währung (ISO-Code)",
    "currency_help": "In welcher Währung Beträge angezeigt werden, z. B. EUR, CHF, GBP oder USD. Die Zahlen werden "
    "nicht umgerechnet: Sie stehen in der Währung Ihrer Daten.",
    "caveat_potential_default": "Das Potenzial stammt nicht aus Ihren Daten: Sie enthalten keine Beschäftigtenzahl "
    "(und kein Potenzial), daher zählt jeder Kunde mit {employees} Beschäftigten × {per_employee}. Potenzial, Share "
    "of Wallet und Business Case beruhen auf dieser Annahme.",
    "caveat_potential_default_part": "Für {share} der betreuten Kunden fehlt die Beschäftigtenzahl: Ihr Potenzial "
    "beruht auf der Annahme {employees} Beschäftigte × {per_employee}.",
    "caveat_potential_data_fallback": "Die Methode „{data}“ ergibt hier dasselbe wie „{homogeneous}“: Die Daten "
    "enthalten keine Potenzialspalte, daher gilt für jeden Kunden das Potenzial je Beschäftigtem.",
    "caveat_potential_historical_one_year": "Die Daten enthalten nur ein Umsatzjahr: Das historische Potenzial ist "
    "der aktuelle Umsatz, ungenutztes Potenzial gibt es damit nicht.",
    "caveat_cm_rate_default": "Die Daten enthalten keine Deckungsbeitragsquote: Alle Kunden rechnen mit der "
    "angenommenen Quote von {cm_rate}.",
    "caveat_cm_rate_default_part": "Für einen Teil der Kunden fehlt die Deckungsbeitragsquote: Sie rechnen mit der "
    "angenommenen Quote von {cm_rate}.",
    "caveat_visits_missing": "Die Daten enthalten keine Außendienstbesuche: Eingesparte Besuchskosten zählen daher "
    "mit 0.",
    "crm_spread_words": "Jeder Mitarbeiter betreut {span} Kunden; geplant: {plan}.",
    "crm_over_plan": "Achtung: Ein Mitarbeiter hat {most} Kunden, mehr als die {plan}, mit denen der Business Case "
    "rechnet.",
    "crm_region_reps": "Die Regionen brauchen {reps} Mitarbeiter ({regions} Regionen, jede für sich aufgerundet); "
    "ohne Regionen wären es {without}.",
    "crm_table": "Kunden je Mitarbeiter",
    "crm_col_rep": "Mitarbeiter",
    "crm_col_customers": "Kunden",
    "export_report": "Vorstandsbericht (HTML)",
    "export_report_build": "Bericht erstellen",
    "export_report_download": "Bericht herunterladen",
    "export_report_with_mc": "Der Bericht enthält den Tornado und die Monte-Carlo-Simulation dieser Sitzung.",
    "export_report_tornado_only": "Der Bericht enthält den Tornado und eine Monte-Carlo-Simulation mit den "
    "Standardspannen (Startwert 0). Eigene Spannen legen Sie auf der Seite „Risiko“ fest.",
    "building": "Datei wird erstellt …",
    # -- units of the assumptions (calc.assumptions.SPECS) as shown after a label
    "unit_EUR/year": "€/Jahr",
    "unit_days/year": "Tage/Jahr",
    "unit_visits/day": "Besuche/Tag",
    "unit_EUR/visit": "€/Besuch",
    "unit_visits/year": "Besuche/Jahr",
    "unit_employees": "Mitarbeiter",
    "unit_EUR/employee/year": "€/Mitarbeiter/Jahr",
    "unit_customers/rep": "Kunden/Mitarbeiter",
    "unit_EUR (one-off)": "€ einmalig",
    "unit_years": "Jahre",
    # -- column headers: app tables, Excel model, CRM hand-over
    "col_covered": "Vom Team betreut",
    "col_customer_id": "Kundennummer",
    "col_field_rep": "Außendienst",
    "col_industry": "Branche",
    "col_name": "Name",
    "col_potential_eur": "Potenzial",
    "col_region": "Region",
    "col_revenue": "Umsatz",
    "col_revenue_current_eur": "Aktueller Umsatz",
    "col_segment": "Segment",
    "col_share_of_wallet": "Share of Wallet",
    "col_untapped_eur": "Ungenutztes Potenzial",
    # -- file names of the downloads (date and extension added)
    "file_model": "Business_Case_Kleinkunden_",
    "file_crm": "CRM_Zuordnung_",
    "file_report": "Vorstandsbericht_",
    "file_problems": "problemzeilen.csv",
    "file_customers": "kunden_segmente.csv",
    # == the exports ==============================================================================
    # -- segment labels of the exports (the Excel formulas write and count these)
    "segment_key": "Schlüsselkunde",
    "segment_potential": "Potenzialkunde",
    "segment_small": "Kleinkunde",
    "segment_inactive": "inaktiver Kunde",
    "segment_no_revenue": "ohne Umsatz",
    # -- Excel model (calc.export_xlsx)
    "xl_summary": "Zusammenfassung",
    "xl_inputs": "Annahmen",
    "xl_customers": "Kunden",
    "xl_model": "Modell",
    "xl_unit": "Einheit",
    "xl_name": "Name",
    "xl_inputs_note": "Ändern Sie die gelben Werte in Spalte B: alle Formeln der Mappe folgen, auch die Potenzialmethode. Leere Vorgaben (Kosten pro Besuch, Umsatzschwelle) werden abgeleitet. Formelblätter sind ohne Passwort geschützt (Überprüfen > Blattschutz aufheben).",
    "xl_postcode": "PLZ",
    "xl_revenue_year": "Umsatz {year}",
    "xl_employees": "Mitarbeiter",
    "xl_visits_used": "Besuche (12 Monate)",
    "xl_cm_rate_used": "DB-Quote",
    "xl_covered": "Betreut (1 = ja)",
    "xl_note_live": "Die gelben Spalten sind Ihre Daten (änderbar); aktueller Umsatz, DB-Quote, Potenzial, Share of Wallet, Segment und Betreut sind Formeln, die dem Blatt Annahmen folgen.",
    "xl_care_cost": "Betreuungskosten je Kunde und Jahr",
    "xl_segments": "Kunden je Segment",
    "xl_rep_cost": "Kosten je Mitarbeiter inkl. Gemeinkosten",
    "xl_team_cost": "Teamkosten pro Jahr (intern)",
    "xl_ext_team_cost": "Teamkosten pro Jahr (Dienstleister)",
    "xl_sums": "Summen über die betreuten Kunden",
    "xl_sum_revenue": "Aktueller Umsatz (nicht unter 0)",
    "xl_sum_cm_revenue": "Deckungsbeitrag auf aktuellen Umsatz",
    "xl_sum_cm_untapped": "Deckungsbeitrag auf ungenutztes Potenzial",
    "xl_sum_visits": "Außendienstbesuche pro Jahr",
    "xl_internal": "Business Case: eigenes Team",
    "xl_external": "Business Case: Dienstleister",
    "xl_delta_revenue": "Mehrumsatz",
    "xl_delta_cm": "Zusätzlicher Deckungsbeitrag",
    "xl_freed": "Eingesparte Besuchskosten",
    "xl_levers": "Hebel: Kleinauftragsregel und digitale Bestellung (gegeben)",
    "xl_cumulative": "Kumuliert",
    "xl_discounted": "Abgezinst",
    "xl_payback_candidate": "Amortisationsmonat, falls in diesem Jahr erreicht",
    "xl_npv": "Kapitalwert (NPV)",
    "xl_irr": "Interner Zinsfuß (IRR)",
    "xl_payback": "Amortisation (Monate)",
    "xl_choice_internal": "eigenes Team",
    "xl_choice_external": "Dienstleister",
    "xl_npv_internal": "Kapitalwert eigenes Team",
    "xl_irr_internal": "IRR eigenes Team",
    "xl_irr_external": "IRR Dienstleister",
    "xl_payback_internal": "Amortisation eigenes Team (Monate)",
    "xl_payback_external": "Amortisation Dienstleister (Monate)",
    "xl_roi_internal": "ROI eigenes Team",
    "xl_customers_total": "Kunden in den Daten",
    "xl_title": "Inside Sales für Kleinkunden: Business Case",
    "xl_recalc_note": "Alle Zahlen sind Formeln; ändern Sie das Blatt Annahmen, um neu zu rechnen.",
    "xl_empty_note": "Leer, wo es keinen Wert gibt (kein IRR, keine Amortisation im Zeitraum).",
    "xl_model_note": "Jahre nach dem Betrachtungszeitraum sind 0. Kapitalwert: t = 0 nicht abgezinst.",
    "xl_cm_data": "DB-Quote (Daten)",
    "xl_potential_data": "Potenzial (Daten)",
    "xl_irr_note": "IRR: der Zins, bei dem der Kapitalwert der Jahreszahlungen (t = 0 bis Horizont) null ist. Leer, wo es keinen gibt (die Zahlungen werden nie positiv oder nie negativ). Startwert der Suche: der IRR der App.",
    "xl_unit_eur_year": "EUR/Jahr",
    "xl_unit_days_year": "Tage/Jahr",
    "xl_unit_visits_day": "Besuche/Tag",
    "xl_unit_eur_visit": "EUR/Besuch",
    "xl_unit_visits_year": "Besuche/Jahr",
    "xl_unit_share_of_revenue": "Anteil am Umsatz",
    "xl_unit_employees": "Mitarbeiter",
    "xl_unit_eur_employee_year": "EUR/Mitarbeiter/Jahr",
    "xl_unit_customers_rep": "Kunden/Mitarbeiter",
    "xl_unit_share_of_rep_cost": "Anteil an den Personalkosten",
    "xl_unit_eur_one_off": "EUR (einmalig)",
    "xl_unit_share": "Anteil",
    "xl_unit_share_per_year": "Anteil pro Jahr",
    "xl_unit_per_year": "pro Jahr",
    "xl_unit_years": "Jahre",
    # -- board report (calc.report)
    "rp_title": "Inside Sales für Kleinkunden: der Business Case",
    "rp_question": "Die meisten unserer Kunden sind zu klein für den Außendienst. Rechnet sich ein verkaufsaktiver Innendienst für sie – und sollen wir ihn selbst aufbauen oder bei einem Dienstleister einkaufen?",
    "rp_years": "Umsatzjahre",
    "rp_latest12": "letzte 12 Monate",
    "rp_revenue_total": "Umsatz (letztes Jahr)",
    "rp_default": "Vorgabe",
    "rp_answer_h": "Die Antwort",
    "rp_threshold_note": "Unter diesem Umsatz kostet ein Kunde mehr an Außendienstbesuchen, als Vertrieb kosten darf.",
    "rp_months": "{m} Monate",
    "rp_none": "nicht im Betrachtungszeitraum",
    "rp_no_irr": "keiner",
    "rp_cash_h": "Cashflow je Jahr (eigenes Team)",
    "rp_risk_h": "Das Risiko",
    "rp_p_positive": "Wahrscheinlichkeit eines positiven Kapitalwerts",
    "rp_p_range": "Spanne des Kapitalwerts (P10 / P50 / P90)",
    "rp_tornado": "Was den Kapitalwert am stärksten bewegt",
    "rp_no_risk": "Es wurde keine Risikoanalyse gerechnet.",
    # -- CRM hand-over (calc.assign)
    "crm_col_assigned_rep": "Inside-Sales-Mitarbeiter",
    "crm_segment_inactive": "inaktiv",
    "crm_sheet": "Zuordnung",
    # -- one year later (pages/tracking.py, ui.tracking, the export page's plan, calc.report)
    "page_tracking": "Ein Jahr danach",
    "track_title": "Ein Jahr danach: Plan gegen Ist",
    "track_intro": "Laden Sie den genehmigten Plan (Export-Seite) und die Daten des Folgejahrs: die sechs Erfolgskriterien zeigen, ob das Programm gehalten hat, was es versprach.",
    "track_sample": "Mit dem Beispiel ausprobieren",
    "track_sample_help": "Lädt den Plan der Beispieldaten (Standardszenario), deren Folgejahr und die Marktvolumen des Beispiels.",
    "track_plan_upload": "Plan-Datei (JSON)",
    "track_plan_upload_help": "Die Datei „Plan herunterladen“ der Export-Seite, oder aus: python -m calc plan DATEN -o PLAN.json",
    "track_data_upload": "Daten des Folgejahrs (CSV oder Excel, bis {mb} MB)",
    "track_plan_ok": "Plan **{file}** geladen: {customers} betreute Kunden, Datenjahr {year}.",
    "track_plan_failed": "Diese Datei ist kein lesbarer Plan: {message} Der bisher geladene Plan bleibt.",
    "track_data_ok": "Folgejahr **{file}** geladen: {customers} Kunden.",
    "track_loaded": "**Plan:** {plan} · **Folgejahr:** {data}",
    "track_not_loaded": "noch keiner",
    "track_need_both": "Laden Sie einen Plan und die Daten des Folgejahrs – oder probieren Sie es mit dem Beispiel.",
    "track_failed": "Plan und Daten passen nicht zusammen: {message} Laden Sie die Daten eines späteren Jahres.",
    "track_volumes": "Marktvolumen (optional, € pro Jahr)",
    "track_volumes_help": "Nur für das Kriterium Marktanteil. Ohne beide Werte ist es nicht beurteilbar. Die Werte sind keine Annahmen des Business Case.",
    "track_vol_segment": "Marktvolumen des Kleinkundensegments",
    "track_vol_total": "Marktvolumen des Gesamtmarkts",
    "track_vol_bad": "„{value}“ ist kein Betrag über 0 (z. B. {example}); das Marktvolumen bleibt leer.",
    "track_summary": "{met} von 6 Kriterien erreicht · {not_met} nicht erreicht · {cannot} nicht beurteilbar",
    "track_scope": "Jahr {year} gegen den Plan für {plan_year}: {covered} betreute Kunden, davon {missing} nicht mehr in den Daten.",
    "verdict_met": "erreicht",
    "verdict_not_met": "nicht erreicht",
    "verdict_cannot_tell": "nicht beurteilbar",
    "track_target": "Ziel",
    "track_actual": "Ist",
    "track_target_list": "Liste für den Außendienst",
    "track_customers": "{n} Kunden",
    "track_revenue_h": "Umsatz der betreuten Kunden: Basis, Plan und Ist",
    "track_rev_baseline": "Basis (ohne Team)",
    "track_rev_plan": "Plan (Jahr 1)",
    "track_rev_actual": "Ist {year}",
    "track_growth": "Wachstum gegenüber {year}: Ist {actual}, Plan {plan}.",
    "track_margin": "DB-Quote der Gruppe {group}, der Schlüsselkunden {key_rate}.",
    "track_recl_h": "Neu segmentiert: Liste für den Außendienst",
    "track_recl_caption": "{to_key} jetzt Schlüsselkunden, {potential} jetzt Potenzialkunden.",
    "track_recl_none": "Kein betreuter Kunde ist in ein anderes Segment gewachsen.",
    "track_recl_download": "Liste für den Außendienst herunterladen (CSV)",
    "track_churn_h": "Verlorene Kunden: Liste für den Innendienst",
    "track_churn_caption": "{n} betreute Kunden ohne Umsatz in {year}, davon {missing} nicht mehr in den Daten.",
    "track_churn_none": "Kein betreuter Kunde ging verloren.",
    "track_churn_download": "Liste für den Innendienst herunterladen (CSV)",
    "track_rows_shown": "Die ersten {shown} von {total}; der Download enthält alle.",
    "col_plan_segment": "Segment im Plan",
    "col_plan_revenue": "Umsatz im Plan",
    "col_missing": "Fehlt in den Daten",
    "file_field_list": "liste_aussendienst.csv",
    "file_churn_list": "verlorene_kunden.csv",
    "file_plan": "Plan_Kleinkunden_",
    "export_plan": "Genehmigter Plan (für „Ein Jahr danach“)",
    "export_plan_intro": "Annahmen, Team und jeder betreute Kunde mit seinen Plan-Zahlen – dieselbe Datei wie python -m calc plan. In einem Jahr auf der Seite „Ein Jahr danach“ gegen das Ist prüfen.",
    "export_plan_build": "Plan erstellen",
    "export_plan_download": "Plan herunterladen (JSON)",
    "export_plan_failed": "Für diese Daten lässt sich kein Plan schreiben: {message}",
    "export_report_with_tracking": "Der Bericht enthält auch Plan gegen Ist der Seite „Ein Jahr danach“.",
    "rp_track_h": "Ein Jahr danach: Plan gegen Ist",
    "rp_track_scope": "Ist {year} gegen den genehmigten Plan: {covered} betreute Kunden, davon {missing} nicht mehr in den Daten.",
    "rp_track_check": "Kriterium",
    "rp_track_verdict": "Ergebnis",
    # sidebar entry of numbers (ui.state)
    "entry_not_number": "„{text}“ ist keine Zahl in deutscher Schreibweise (z. B. {example}).",
    "entry_out_of_range": "„{text}“ liegt außerhalb des gültigen Bereichs. {range}.",
    "entry_not_whole": "„{text}“ ist keine ganze Zahl.",
    "entry_kept": "Der bisherige Wert {value} bleibt.",
    "entry_unusual": "Ungewöhnlicher Wert – üblich sind {low} bis {high}. Bitte prüfen Sie die Eingabe.",
    # the answer on the first screen (pages/overview.py, pages/business_case.py)
    "exact_value": "Genau: {value}",
    "verdict_pays": "**Lohnt sich** innerhalb von {years} Jahren ({variant}): Kapitalwert {npv}, "
    "Amortisation: {payback}.",
    "verdict_not": "**Lohnt sich nicht** innerhalb von {years} Jahren: Kapitalwert {internal} mit eigenem Team, "
    "{external} mit Dienstleister.",
    "choice_none": "Keine Empfehlung für eine Variante: Weder eigenes Team noch Dienstleister lohnen sich "
    "im Zeitraum.",
    "ov_range": "Bandbreite aus {draws} Simulationen, in denen die unsichersten Annahmen über ihre üblichen "
    "Bereiche schwanken: Kapitalwert zwischen {p10} (P10) und {p90} (P90).",
    "ov_driver": "Am meisten hängt ab von **{name}**: von {low} bis {high} bewegt den Kapitalwert von {npv_low} "
    "bis {npv_high}.",
    "irr_above_cap": "über 100 %",
    "ov_irr_above": "Interner Zinsfuß über 100 %: Bei so kleinen Anlaufkosten sagt er wenig – maßgeblich sind "
    "Kapitalwert und Amortisation.",
    "ov_freed": "Das Ergebnis hängt an den eingesparten Besuchskosten: Amortisation ohne sie {without} statt "
    "{with_freed}; über den Zeitraum tragen sie {share} des Nutzens. Prüfen Sie die Annahme „{label}“.",
    # -- board report: go/no-go, key assumptions, appendix (calc.report, issue 11.5)
    "rp_go": "Go",
    "rp_nogo": "No-Go",
    "rp_go_text": "Ein Innendienst für Kleinkunden rechnet sich: Kapitalwert {npv} über {years} Jahre.",
    "rp_nogo_text": "Nicht starten: weder eigenes Team ({npv_int}) noch Dienstleister ({npv_ext}) erreicht in {years} Jahren einen positiven Kapitalwert.",
    "rp_build_with": "Umsetzen mit: {choice} (Kapitalwert {adv} höher als mit {other}).",
    "rp_p_positive_line": "Wahrscheinlichkeit eines positiven Kapitalwerts (Monte-Carlo, {draws} Ziehungen): {p}.",
    "rp_key_h": "Annahmen, die das Ergebnis tragen",
    "rp_key_note": "Alle Annahmen mit Vorgabe im Anhang.",
    "rp_axis_eur": "EUR",
    "rp_axis_npv": "Kapitalwert (EUR)",
    "rp_legend_low": "Annahme am niedrigen Wert",
    "rp_legend_high": "Annahme am hohen Wert",
    "rp_legend_base": "Basisfall",
    "rp_appendix_h": "Anhang: Annahmen und Methode",
    "rp_all_assumptions_h": "Alle Annahmen",
    "rp_method_h": "Methode",
    "rp_method": "Kunden unter der Umsatzschwelle, die ein Innendienst betreuen kann, werden in Gruppen zu je {accounts} Kunden auf Innendienst-Mitarbeiter verteilt. Der Nutzen ist der zusätzliche Deckungsbeitrag aus gewonnenem Potenzial und vermiedener Abwanderung sowie frei werdender Außendienstzeit; die Kosten sind Team, Gemeinkosten und Anlaufkosten. Kapitalwert mit {rate} über {years} Jahre; das Risiko aus {draws} Monte-Carlo-Ziehungen über die Spannen der Annahmen.",
    "rp_cash_table_h": "Zahlungsstrom je Jahr (eigenes Team)",
    # -- CRM hand-over with a roster (calc.assign, pages/export.py, issue 11.6)
    "col_postcode": "PLZ",
    "crm_col_effective_date": "Gültig ab",
    "crm_col_scenario": "Szenario",
    "crm_col_segment_reason": "Begründung Segment",
    "crm_col_handed_to": "Übergabe an",
    "crm_col_crm_user": "CRM-Benutzer",
    "crm_handed_inside": "Innendienst",
    "crm_handed_field": "Außendienst (Potenzialkunde)",
    "crm_reason": "{seg}: Umsatz {rev} {rel_r} Umsatzschwelle {thr}; Potenzial {pot} {rel_p} Potenzialschwelle {pthr}",
    "crm_warn_no_field_rep": "Die Daten haben keine Spalte mit dem Außendienst-Mitarbeiter: die Spalte „Außendienst“ der Übergabe bleibt leer, und die Potenzialkunden haben keinen Empfänger. Ergänzen Sie eine Spalte „Außendienst“ in den Daten.",
    # -- export page: hand-over options (pages/export.py, issue 11.6)
    "crm_options": "Mitarbeiterliste, Stichtag und Szenario",
    "crm_roster_upload": "Mitarbeiterliste (CSV oder Excel)",
    "crm_roster_typed": "… oder hier eintippen",
    "crm_roster_placeholder": "Name;E-Mail;Gebiet;Kapazität\nAnna Weber;anna.weber@firma.de;Nord;400",
    "crm_roster_help": "Eine Zeile je Mitarbeiter: Name, CRM-Benutzer oder E-Mail, Region (leer: alle Regionen), Kapazität in Kunden (leer: Kunden je Mitarbeiter). Kunden, die die Liste nicht aufnehmen kann, gehen an Platzhalter IS-01, IS-02 …",
    "crm_roster_error": "Die Mitarbeiterliste ist nicht lesbar: {message}. Die Zuordnung nutzt Platzhalter.",
    "crm_effective_date": "Gültig ab",
    "crm_scenario_name": "Name des Szenarios",
    "crm_scenario_default": "Standard",
    # -- long jobs in the worker process (calc.isolate.JobLimitError) and the mapping of many columns
    "job_seconds": "Das Erstellen dauerte länger als {allowed} Sekunden und wurde abgebrochen: versuchen Sie es "
    "mit weniger Kunden oder später erneut.",
    "job_memory_mb": "Das Erstellen brauchte mehr als {allowed} MB Arbeitsspeicher und wurde abgebrochen: "
    "versuchen Sie es mit weniger Kunden.",
    "job_xlsx_customers": "Das Excel-Modell fasst höchstens {allowed} Kunden; die Daten haben {found}. Laden Sie "
    "einen Auszug hoch oder nutzen Sie die CRM-Übergabe (CSV) und den Bericht.",
    "job_crashed": "Das Erstellen brach unerwartet ab: versuchen Sie es erneut.",
    "mapping_more": "Weitere Spalten zuordnen ({n})",
    "mapping_filter": "Spalte suchen",
    "mapping_page": "Seite",
    "mapping_shown": "Spalten {start}–{end} von {total}",
    "page_not_found": "Die Adresse {path} gibt es nicht; Sie sehen die Übersicht.",
    # server restart (ui.state.init_session, app.py)
    "restart_note": "Der Server wurde neu gestartet. Ihr Szenario ist aus dem Link wiederhergestellt; "
    "hochgeladene Daten müssen Sie erneut hochladen (oder über einen geteilten Fall öffnen). "
    "Jetzt in Gebrauch: {data}.",
    "restart_data_sample": "Beispieldaten, {customers} Kunden",
    "restart_data_file": "„{name}“, {customers} Kunden",
    "restart_ok": "Verstanden",
}

EN: dict[str, str] = {
    # == error messages (calc.errors: err_where_* say where, err_* what and what to do) ==========
    "err_where_file": "file '{file}'",
    "err_where_row": "row {row}",
    "err_where_column": "column '{column}'",
    "err_currency": "'{code}' is not a known currency code. Enter a three-letter ISO 4217 code such as EUR, "
    "CHF, GBP or USD.",
    "err_file_empty": "the file is empty. Upload a file with a header row and at least one customer.",
    # == the app ==================================================================================
    "language": "Language",
    "assumptions": "Assumptions",
    "reset": "Reset to defaults",
    "reset_done": "All assumptions are back at their defaults.",
    "derived": "derived: {value}",
    "group_field_sales": "Field sales",
    "group_potential": "Potential",
    "group_team": "Inside-sales team",
    "group_business_case": "Business case",
    "group_external": "External provider",
    "group_levers": "Levers: cost to serve, small orders, digital ordering",
    "method_homogeneous": "homogeneous (employees × potential)",
    "method_historical": "historical (best year's revenue)",
    "method_data": "from the data (potential column)",
    "method_short_homogeneous": "Homogeneous",
    "method_short_historical": "Historical",
    "method_short_data": "Data",
    "policy_none": "none",
    "policy_surcharge": "small-order surcharge",
    "policy_minimum": "minimum order value",
    "xl_levers_given": "Levers (the app's values; the business cases' lever lines are given numbers)",
    "xl_derived": "derived",
    "xl_unit_eur_order": "EUR/order",
    "xl_unit_eur_line": "EUR/line",
    "xl_unit_share_affected": "share of affected customers",
    "xl_unit_share_orders": "share of orders",
    "xl_unit_share_small_orders": "share of small orders",
    "share_link": "Link to this scenario",
    "share_link_help": "The link carries the assumptions, not the customer data. "
    "Recipients upload their own file.",
    "query_ignored": "These link parameters were ignored: {names}",
    "assumption_error": "The input was not applied: {message}",
    "unexpected_error": "An unexpected error occurred on this page. The other pages "
    "and your data are not affected. Please reload the page.",
    "sample_note": "You are looking at the built-in **sample data** ({customers} customers). "
    "Upload your own file on the “Data” page.",
    # shared cases, offline hand-over, sign-in (ui.cases, ui.auth)
    "share_box_carries": "This link carries only the assumptions and the language – **no customer data**. "
    "Whoever opens it sees their own data or the sample.",
    "share_data_button": "Share with data",
    "share_data_help": "Stores the customer table and the assumptions on the server under an unguessable "
    "id and gives a link that opens exactly these figures (expires after {days} days).",
    "share_data_sample": "With the sample data, the link above is enough.",
    "share_data_done": "Case stored. This link opens your data and assumptions until {expires}; "
    "whoever has it sees the data:",
    "share_data_secret": "Delete secret (shown only now, keep it): `{secret}`",
    "share_data_delete": "Delete this case",
    "share_data_deleted": "The shared case was deleted; its link opens nothing any more.",
    "share_data_failed": "The case was not shared: {message}",
    "case_opened": "Opened: the shared case **{name}** ({customers} customers), valid until {expires}.",
    "case_failed": "The shared case in the link cannot be opened: {message} "
    "You are looking at the **sample data** instead.",
    "case_data_name": "Shared case",
    "link_sample_note": "This link carries only the assumptions, not the sender's data: the figures come "
    "from the **sample data**. For the sender's figures, upload their file on the “Data” page, or ask them "
    "for a “Share with data” link or a case file.",
    "data_in_use": "Data: {name} · {customers} customers",
    "case_file_title": "Case file (hand-over without a server)",
    "case_file_intro": "One file with the customer table (Parquet) and the assumptions. Download it, "
    "pass it on, upload it here again: the same figures, without a shared link.",
    "case_file_download": "Download the case file",
    "case_file_upload": "Upload a case file (.zip)",
    "case_file_ok": "Case file taken: {customers} customers and their assumptions are now in force.",
    "case_file_failed": "The case file was not taken: {message}",
    "auth_title": "Sign in",
    "auth_oidc_intro": "This app holds customer data. Please sign in.",
    "auth_oidc_button": "Sign in",
    "auth_oidc_missing": "Sign-in is configured, but the package Authlib is missing on the server "
    "(pip install \"streamlit[auth]\").",
    "auth_logout": "Sign out",
    "auth_password_intro": "This app holds customer data. Please enter the password.",
    "auth_password": "Password",
    "auth_password_button": "Continue",
    "auth_password_wrong": "The password is wrong. {remaining} more attempts.",
    "auth_password_locked": "Too many wrong attempts. Please ask the person who runs the workshop.",
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
    "overview_intro": "The result at a glance. Change an assumption in the sidebar "
    "(on a phone, in the menu at the top) and every figure follows at once.",
    "m_npv": "Net present value (internal)",
    "m_reps": "Inside-sales reps",
    "m_covered": "Small customers covered",
    "m_payback": "Payback",
    "m_team_cost": "Team cost per year",
    "m_threshold": "Revenue threshold",
    "choice_internal": "Own team",
    "choice_external": "Provider",
    "choice_text": "Recommendation: **{choice}** – net present value higher by {advantage}.",
    "go_further": "Go further",
    "no_payback": "not within horizon",
    "months": "{value} months",
    "data_title": "Data",
    "data_intro": "Upload a customer table (one row per customer) or a transaction "
    "table (one row per invoice line) as CSV or Excel (XLSX).",
    "upload": "Upload a file (CSV or XLSX, at most {mb} MB)",
    "upload_help": "Column names are recognised in German and English, e.g. Customer ID, "
    "Revenue 2024, Visits, Employees, Margin %.",
    "upload_too_large": "The file is larger than {mb} MB. Please shorten it or export "
    "only the columns needed.",
    "upload_ok": "“{file}” was read: {customers} customers.",
    "upload_failed": "The file could not be used: {message} Your previous data are kept.",
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
    "f_covered": "Potential per customer: {method}",
    "f_untapped": "{total} potential − {revenue} revenue = **{result}**",
    "f_cm_untapped": "Σ untapped potential × margin rate per customer = **{result}**",
    "f_sow": "{revenue} revenue ÷ {total} potential = **{result}**",
    "segment_counts": "Segments",
    "seg_key": "Key accounts (A/B)",
    "seg_potential": "Potential customers",
    "seg_small": "Small customers (C)",
    "seg_inactive": "Inactive customers",
    "seg_no_revenue": "No revenue",
    "t_customers": "Customers",
    "t_revenue_share": "Revenue share",
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
    "pareto_line": "{share} of revenue",
    "tornado_base_line": "Base: {value}",
    "mc_zero_line": "NPV 0",
    "customer_table": "Customers",
    "filter_segment": "Show segments",
    "table_shown": "{shown} of {total} customers shown (sorted by revenue); "
    "the download has all of them.",
    "download_csv": "Download as CSV",
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
    "rep_check": "Does one rep pay off?",
    "rc_accounts": "Accounts per rep",
    "rc_added_cm": "Added contribution margin",
    "rc_intro": "A rep's cost is set against the margin the team adds, not the margin the customers earn "
    "today: on average over the {years} years {per_customer} per covered customer and year (the added "
    "margin of the yearly table divided by the covered customers), times the customers per rep.",
    "rc_cost": "Cost",
    "rc_surplus": "Surplus",
    "rc_pays": "Pays off",
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
    "page_scenarios": "Scenarios",
    "page_risk": "Risk",
    "page_export": "Export",
    "scn_title": "Scenarios",
    "scn_intro": "Save assumptions under a name, load a preset and compare two to four "
    "scenarios side by side.",
    "scn_presets": "Load a preset as the current scenario",
    "preset_conservative": "Conservative",
    "preset_base": "Base",
    "preset_optimistic": "Optimistic",
    "scn_save": "Save the current scenario",
    "scn_name": "Scenario name",
    "scn_save_button": "Save",
    "scn_saved": "Scenario “{name}” saved.",
    "scn_name_missing": "Please enter a name.",
    "scn_saved_list": "Saved scenarios: {names}",
    "scn_none_saved": "No scenarios saved yet.",
    "scn_compare": "Comparison",
    "scn_select": "Scenarios to compare (2 to 4)",
    "scn_select_more": "Choose at least two scenarios.",
    "scn_differences": "Assumptions that differ",
    "scn_no_differences": "The chosen scenarios have the same assumptions.",
    "scn_figures": "Key figures per scenario",
    "scn_cash": "Cumulative cash flow (own team)",
    "scn_scenario": "Scenario",
    "scn_assumption": "Assumption",
    "scn_link": "Link to this comparison",
    "scn_link_help": "The link carries the assumptions of the compared scenarios, no customer data.",
    "scn_files": "Scenarios as a file",
    "scn_download": "Download the saved scenarios as JSON",
    "scn_file_name": "scenarios.json",
    "scn_upload": "Upload a scenario file (JSON)",
    "scn_upload_ok": "{count} scenario(s) taken from the file: {names}",
    "scn_upload_failed": "The file was not applied: {message} Your scenarios are kept.",
    "scn_upload_too_large": "The file is too large (at most {kb} KB).",
    "scn_cmp_loaded": "The comparison from the link was loaded: {names}",
    "scn_cmp_invalid": "The comparison in the link could not be read: {message}",
    "derived_value": "derived",
    "make_or_buy_col": "Make or buy",
    "external_npv": "NPV provider",
    "risk_title": "Risk",
    "risk_intro": "Which assumptions move the net present value most, where does it tip, "
    "and how likely is a positive net present value?",
    "tornado_title": "Tornado: NPV at the low and high value",
    "tornado_low": "low value",
    "tornado_high": "high value",
    "tornado_base": "Base NPV: {value}",
    "break_even_title": "Break-even: the value at which the NPV is zero",
    "be_value": "Break-even value",
    "be_current": "Current value",
    "be_never": "never within the range",
    "mc_title": "Monte Carlo simulation",
    "mc_intro": "Minimum, most likely value and maximum per uncertain assumption "
    "(rates in %). {draws} combinations are drawn.",
    "mc_min": "Minimum",
    "mc_mode": "Most likely",
    "mc_max": "Maximum",
    "mc_seed": "Random seed",
    "mc_run": "Run simulation",
    "mc_reset": "Reset the table to the current scenario",
    "mc_reset_help": "Usual ranges, most likely value = the assumption's current value.",
    "mc_running": "Simulating {draws} combinations …",
    "mc_error": "The simulation was not run: {message}",
    "mc_stale": "The assumptions or data changed since the last simulation. Run it again.",
    "mc_p_positive": "Chance that it pays off",
    "mc_p10": "P10 NPV",
    "mc_p50": "P50 NPV",
    "mc_p90": "P90 NPV",
    "mc_hist": "Distribution of the NPV",
    "mc_hist_x": "NPV (€)",
    "mc_hist_y": "Share of simulations",
    "mc_payback": "Distribution of the payback",
    "mc_payback_x": "Payback (months)",
    "mc_payback_share": "{share} of the simulations pay back within the horizon.",
    "export_title": "Export",
    "export_intro": "Each file is built only when you ask for it.",
    "export_xlsx": "Excel model with formulas",
    "export_xlsx_build": "Build the Excel file",
    "export_xlsx_download": "Download the Excel model",
    "export_crm": "CRM hand-over: customers per rep",
    "export_crm_build": "Build the assignment",
    "export_crm_csv": "Download the assignment as CSV",
    "export_crm_xlsx": "Download the assignment as Excel",
    "crm_reps": "Reps",
    "crm_customers": "Assigned customers",
    "crm_per_rep": "Customers per rep (min–max)",
    "crm_revenue": "Revenue per rep (min–max)",
    "crm_spread": "Revenue spread: (largest − smallest) ÷ mean revenue per rep",
    "currency": "Currency (ISO code)",
    "currency_help": "The currency amounts are shown in, e.g. EUR, CHF, GBP or USD. Nothing is converted: the "
    "figures are in the currency of your data.",
    "caveat_potential_default": "The potential does not come from your data: it has no employee count (and no "
    "potential), so every customer counts with {employees} employees × {per_employee}. Potential, share of wallet "
    "and the business case rest on this assumption.",
    "caveat_potential_default_part": "{share} of the covered customers have no employee count: their potential rests "
    "on the assumption {employees} employees × {per_employee}.",
    "caveat_potential_data_fallback": "The method “{data}” gives the same as “{homogeneous}” here: the data has no "
    "potential column, so every customer gets the potential per employee.",
    "caveat_potential_historical_one_year": "The data has one revenue year only: the historical potential is the "
    "current revenue, so there is no untapped potential.",
    "caveat_cm_rate_default": "The data has no contribution margin rate: every customer counts with the assumed "
    "{cm_rate}.",
    "caveat_cm_rate_default_part": "Some customers have no contribution margin rate in the data: they count with the "
    "assumed {cm_rate}.",
    "caveat_visits_missing": "The data has no field visits: saved visit costs count as 0.",
    "crm_spread_words": "Each rep carries {span} customers; plan: {plan}.",
    "crm_over_plan": "Note: one rep carries {most} customers, more than the {plan} the business case pays for.",
    "crm_region_reps": "The regions need {reps} reps ({regions} regions, each rounded up on its own); "
    "without regions it would be {without}.",
    "crm_table": "Customers per rep",
    "crm_col_rep": "Rep",
    "crm_col_customers": "Customers",
    "export_report": "Board report (HTML)",
    "export_report_build": "Build the report",
    "export_report_download": "Download the report",
    "export_report_with_mc": "The report contains the tornado and this session's Monte Carlo simulation.",
    "export_report_tornado_only": "The report contains the tornado and a Monte Carlo simulation over the "
    "standard ranges (seed 0). Set your own ranges on the Risk page.",
    "building": "Building the file …",
    # -- units of the assumptions (calc.assumptions.SPECS) as shown after a label
    "unit_EUR/year": "€/year",
    "unit_days/year": "days/year",
    "unit_visits/day": "visits/day",
    "unit_EUR/visit": "€/visit",
    "unit_visits/year": "visits/year",
    "unit_employees": "employees",
    "unit_EUR/employee/year": "€/employee/year",
    "unit_customers/rep": "customers/rep",
    "unit_EUR (one-off)": "€ one-off",
    "unit_years": "years",
    # -- column headers: app tables, Excel model, CRM hand-over
    "col_covered": "Covered by the team",
    "col_customer_id": "Customer ID",
    "col_field_rep": "Field rep",
    "col_industry": "Industry",
    "col_name": "Name",
    "col_potential_eur": "Potential",
    "col_region": "Region",
    "col_revenue": "Revenue",
    "col_revenue_current_eur": "Current revenue",
    "col_segment": "Segment",
    "col_share_of_wallet": "Share of wallet",
    "col_untapped_eur": "Untapped potential",
    # -- file names of the downloads (date and extension added)
    "file_model": "Small_customer_business_case_",
    "file_crm": "CRM_assignment_",
    "file_report": "Board_report_",
    "file_problems": "problem_rows.csv",
    "file_customers": "customer_segments.csv",
    # == the exports ==============================================================================
    # -- segment labels of the exports (the Excel formulas write and count these)
    "segment_key": "key account",
    "segment_potential": "potential customer",
    "segment_small": "small customer",
    "segment_inactive": "inactive customer",
    "segment_no_revenue": "no revenue",
    # -- Excel model (calc.export_xlsx)
    "xl_summary": "Summary",
    "xl_inputs": "Inputs",
    "xl_customers": "Customers",
    "xl_model": "Model",
    "xl_unit": "Unit",
    "xl_name": "Name",
    "xl_inputs_note": "Change the yellow values in column B: every formula in this workbook follows, the potential method too. Empty overrides (cost per visit, revenue threshold) are derived. Formula sheets are protected without a password (Review > Unprotect Sheet).",
    "xl_postcode": "Postcode",
    "xl_revenue_year": "Revenue {year}",
    "xl_employees": "Employees",
    "xl_visits_used": "Field visits (12 months)",
    "xl_cm_rate_used": "CM rate",
    "xl_covered": "Covered (1 = yes)",
    "xl_note_live": "The yellow columns are your data (editable); current revenue, CM rate, potential, share of wallet, segment and covered are formulas following the Inputs sheet.",
    "xl_care_cost": "Care cost per customer and year",
    "xl_segments": "Customers per segment",
    "xl_rep_cost": "Cost per rep incl. overhead",
    "xl_team_cost": "Team cost per year (own team)",
    "xl_ext_team_cost": "Team cost per year (provider)",
    "xl_sums": "Sums over the covered customers",
    "xl_sum_revenue": "Current revenue (not below 0)",
    "xl_sum_cm_revenue": "Contribution margin on current revenue",
    "xl_sum_cm_untapped": "Contribution margin on untapped potential",
    "xl_sum_visits": "Field visits per year",
    "xl_internal": "Business case: own team",
    "xl_external": "Business case: provider",
    "xl_delta_revenue": "Additional revenue",
    "xl_delta_cm": "Additional contribution margin",
    "xl_freed": "Freed field visits",
    "xl_levers": "Levers: small-order policy and digital ordering (given)",
    "xl_cumulative": "Cumulative cash",
    "xl_discounted": "Discounted cash",
    "xl_payback_candidate": "Payback month if reached this year",
    "xl_npv": "Net present value (NPV)",
    "xl_irr": "Internal rate of return (IRR)",
    "xl_payback": "Payback (months)",
    "xl_choice_internal": "own team",
    "xl_choice_external": "provider",
    "xl_npv_internal": "NPV own team",
    "xl_irr_internal": "IRR own team",
    "xl_irr_external": "IRR provider",
    "xl_payback_internal": "Payback own team (months)",
    "xl_payback_external": "Payback provider (months)",
    "xl_roi_internal": "ROI own team",
    "xl_customers_total": "Customers in the data",
    "xl_title": "Inside sales for small customers: business case",
    "xl_recalc_note": "All figures are formulas; change the Inputs sheet to recalculate.",
    "xl_empty_note": "Empty where it does not exist (no IRR, no payback within the horizon).",
    "xl_model_note": "Years beyond the horizon are 0. NPV: t = 0 undiscounted.",
    "xl_cm_data": "CM rate (data)",
    "xl_potential_data": "Potential (data)",
    "xl_irr_note": "IRR: the rate at which the NPV of the yearly cash (t = 0 to horizon) is zero. Empty where there is none (the cash never turns positive or never is negative). Search starts at the app's IRR.",
    "xl_unit_eur_year": "EUR/year",
    "xl_unit_days_year": "days/year",
    "xl_unit_visits_day": "visits/day",
    "xl_unit_eur_visit": "EUR/visit",
    "xl_unit_visits_year": "visits/year",
    "xl_unit_share_of_revenue": "share of revenue",
    "xl_unit_employees": "employees",
    "xl_unit_eur_employee_year": "EUR/employee/year",
    "xl_unit_customers_rep": "customers/rep",
    "xl_unit_share_of_rep_cost": "share of rep cost",
    "xl_unit_eur_one_off": "EUR (one-off)",
    "xl_unit_share": "share",
    "xl_unit_share_per_year": "share per year",
    "xl_unit_per_year": "per year",
    "xl_unit_years": "years",
    # -- board report (calc.report)
    "rp_title": "Inside sales for small customers: the business case",
    "rp_question": "Most of our customers are too small for field sales. Does an active inside-sales team for them pay off – and should we build it ourselves or buy it from a provider?",
    "rp_years": "Years of revenue",
    "rp_latest12": "latest 12 months",
    "rp_revenue_total": "Revenue (latest year)",
    "rp_default": "Default",
    "rp_answer_h": "The answer",
    "rp_threshold_note": "Below this revenue a customer costs more in field visits than sales may cost.",
    "rp_months": "{m} months",
    "rp_none": "none within the horizon",
    "rp_no_irr": "none",
    "rp_cash_h": "Cash flow per year (own team)",
    "rp_risk_h": "The risk",
    "rp_p_positive": "Probability that the NPV is positive",
    "rp_p_range": "NPV range (P10 / P50 / P90)",
    "rp_tornado": "What moves the NPV most",
    "rp_no_risk": "No risk analysis was run.",
    # -- CRM hand-over (calc.assign)
    "crm_col_assigned_rep": "Inside-sales rep",
    "crm_segment_inactive": "inactive",
    "crm_sheet": "Assignment",
    # -- one year later (pages/tracking.py, ui.tracking, the export page's plan, calc.report)
    "page_tracking": "One year later",
    "track_title": "One year later: plan against actual",
    "track_intro": "Load the approved plan (export page) and the data of the following year: the six success criteria show whether the programme delivered what it promised.",
    "track_sample": "Try it with the sample",
    "track_sample_help": "Loads the plan of the sample data (default scenario), the sample's following year and its market volumes.",
    "track_plan_upload": "Plan file (JSON)",
    "track_plan_upload_help": "The file 'Download the plan' of the export page, or from: python -m calc plan DATA -o PLAN.json",
    "track_data_upload": "Data of the following year (CSV or Excel, up to {mb} MB)",
    "track_plan_ok": "Plan **{file}** loaded: {customers} covered customers, data year {year}.",
    "track_plan_failed": "This file is not a readable plan: {message} The plan loaded before stays.",
    "track_data_ok": "Following year **{file}** loaded: {customers} customers.",
    "track_loaded": "**Plan:** {plan} · **Following year:** {data}",
    "track_not_loaded": "none yet",
    "track_need_both": "Load a plan and the data of the following year – or try it with the sample.",
    "track_failed": "The plan and the data do not fit together: {message} Load the data of a later year.",
    "track_volumes": "Market volumes (optional, € per year)",
    "track_volumes_help": "Only for the market-share criterion; without both it cannot tell. They are not assumptions of the business case.",
    "track_vol_segment": "Market volume of the small-customer segment",
    "track_vol_total": "Market volume of the whole market",
    "track_vol_bad": "'{value}' is not an amount above 0 (e.g. {example}); the market volume stays empty.",
    "track_summary": "{met} of 6 criteria met · {not_met} not met · {cannot} cannot tell",
    "track_scope": "Year {year} against the plan for {plan_year}: {covered} covered customers, {missing} of them no longer in the data.",
    "verdict_met": "met",
    "verdict_not_met": "not met",
    "verdict_cannot_tell": "cannot tell",
    "track_target": "Target",
    "track_actual": "Actual",
    "track_target_list": "a list for field sales",
    "track_customers": "{n} customers",
    "track_revenue_h": "Revenue of the covered customers: baseline, plan and actual",
    "track_rev_baseline": "Baseline (without the team)",
    "track_rev_plan": "Plan (year 1)",
    "track_rev_actual": "Actual {year}",
    "track_growth": "Growth against {year}: actual {actual}, plan {plan}.",
    "track_margin": "Margin rate of the group {group}, of the key accounts {key_rate}.",
    "track_recl_h": "Re-clustered: the list for field sales",
    "track_recl_caption": "{to_key} now key accounts, {potential} now potential customers.",
    "track_recl_none": "No covered customer has grown into another segment.",
    "track_recl_download": "Download the list for field sales (CSV)",
    "track_churn_h": "Lost customers: the list for the inside-sales team",
    "track_churn_caption": "{n} covered customers without revenue in {year}, {missing} of them no longer in the data.",
    "track_churn_none": "No covered customer was lost.",
    "track_churn_download": "Download the list for inside sales (CSV)",
    "track_rows_shown": "The first {shown} of {total}; the download holds all.",
    "col_plan_segment": "Segment in the plan",
    "col_plan_revenue": "Revenue in the plan",
    "col_missing": "Missing from the data",
    "file_field_list": "field_sales_list.csv",
    "file_churn_list": "lost_customers.csv",
    "file_plan": "Plan_small_customers_",
    "export_plan": "Approved plan (for 'One year later')",
    "export_plan_intro": "Assumptions, team and every covered customer with its plan figures – the same file as python -m calc plan. In a year, check it against the actual on the page 'One year later'.",
    "export_plan_build": "Build the plan",
    "export_plan_download": "Download the plan (JSON)",
    "export_plan_failed": "No plan can be written for these data: {message}",
    "export_report_with_tracking": "The report also holds the plan against actual of the page 'One year later'.",
    "rp_track_h": "One year later: plan against actual",
    "rp_track_scope": "Actual {year} against the approved plan: {covered} covered customers, {missing} of them no longer in the data.",
    "rp_track_check": "Criterion",
    "rp_track_verdict": "Verdict",
    # sidebar entry of numbers (ui.state)
    "entry_not_number": "“{text}” is not a number in English notation (e.g. {example}).",
    "entry_out_of_range": "“{text}” is outside the valid range. {range}.",
    "entry_not_whole": "“{text}” is not a whole number.",
    "entry_kept": "The previous value {value} stays.",
    "entry_unusual": "Unusual value – usually {low} to {high}. Please check the entry.",
    # the answer on the first screen (pages/overview.py, pages/business_case.py)
    "exact_value": "Exact: {value}",
    "verdict_pays": "**Pays off** within {years} years ({variant}): net present value {npv}, "
    "payback: {payback}.",
    "verdict_not": "**Does not pay off** within {years} years: net present value {internal} with an own team, "
    "{external} with a provider.",
    "choice_none": "No variant to recommend: neither an own team nor a provider pays off within the horizon.",
    "ov_range": "Range from {draws} simulations with the least certain assumptions varying over their usual "
    "ranges: net present value between {p10} (P10) and {p90} (P90).",
    "ov_driver": "What matters most is **{name}**: from {low} to {high} it moves the net present value from "
    "{npv_low} to {npv_high}.",
    "irr_above_cap": "above 100%",
    "ov_irr_above": "Internal rate of return above 100%: with so small a setup cost it says little – look at the "
    "net present value and the payback.",
    "ov_freed": "The result hangs on the saved visit costs: payback without them {without} instead of "
    "{with_freed}; over the horizon they carry {share} of the benefit. Check the assumption “{label}”.",
    # -- board report: go/no-go, key assumptions, appendix (calc.report, issue 11.5)
    "rp_go": "Go",
    "rp_nogo": "No-go",
    "rp_go_text": "An inside-sales team for small customers pays off: NPV {npv} over {years} years.",
    "rp_nogo_text": "Do not start: neither an own team ({npv_int}) nor a provider ({npv_ext}) reaches a positive NPV within {years} years.",
    "rp_build_with": "Build it with: {choice} (NPV {adv} higher than with a {other}).",
    "rp_p_positive_line": "Probability of a positive NPV (Monte Carlo, {draws} draws): {p}.",
    "rp_key_h": "Assumptions that carry the result",
    "rp_key_note": "All assumptions with their defaults in the appendix.",
    "rp_axis_eur": "EUR",
    "rp_axis_npv": "NPV (EUR)",
    "rp_legend_low": "assumption at its low value",
    "rp_legend_high": "assumption at its high value",
    "rp_legend_base": "base case",
    "rp_appendix_h": "Appendix: assumptions and method",
    "rp_all_assumptions_h": "All assumptions",
    "rp_method_h": "Method",
    "rp_method": "Customers below the revenue threshold that inside sales can serve are shared among inside-sales reps, {accounts} customers each. The benefit is the added contribution margin from captured potential and avoided churn plus the field time set free; the costs are the team, overheads and set-up. NPV at {rate} over {years} years; the risk from {draws} Monte Carlo draws over the ranges of the assumptions.",
    "rp_cash_table_h": "Cash flow per year (own team)",
    # -- CRM hand-over with a roster (calc.assign, pages/export.py, issue 11.6)
    "col_postcode": "Postcode",
    "crm_col_effective_date": "Effective date",
    "crm_col_scenario": "Scenario",
    "crm_col_segment_reason": "Segment reason",
    "crm_col_handed_to": "Handed to",
    "crm_col_crm_user": "CRM user",
    "crm_handed_inside": "inside sales",
    "crm_handed_field": "field rep (potential customer)",
    "crm_reason": "{seg}: revenue {rev} {rel_r} revenue threshold {thr}; potential {pot} {rel_p} potential threshold {pthr}",
    "crm_warn_no_field_rep": "The data has no field-rep column: the hand-over's 'Field rep' column stays empty and the potential customers have no recipient. Add a 'field rep' column to the data.",
    # -- export page: hand-over options (pages/export.py, issue 11.6)
    "crm_options": "Reps, effective date and scenario",
    "crm_roster_upload": "List of reps (CSV or Excel)",
    "crm_roster_typed": "… or type it here",
    "crm_roster_placeholder": "name,crm_user,region,capacity\nAnna Weber,anna.weber@company.com,North,400",
    "crm_roster_help": "One line per rep: name, CRM user id or e-mail, region (empty: any region), capacity in customers (empty: customers per rep). Customers the list cannot take go to placeholders IS-01, IS-02 …",
    "crm_roster_error": "The list of reps cannot be read: {message}. The assignment uses placeholders.",
    "crm_effective_date": "Effective date",
    "crm_scenario_name": "Scenario name",
    "crm_scenario_default": "default",
    # -- long jobs in the worker process (calc.isolate.JobLimitError) and the mapping of many columns
    "job_seconds": "Building took longer than {allowed} seconds and was stopped: try fewer customers or try "
    "again later.",
    "job_memory_mb": "Building needed more than {allowed} MB of memory and was stopped: try fewer customers.",
    "job_xlsx_customers": "The Excel model holds at most {allowed} customers; this data has {found}. Upload an "
    "extract or use the CRM hand-over (CSV) and the report.",
    "job_crashed": "Building stopped unexpectedly: please try again.",
    "mapping_more": "Map further columns ({n})",
    "mapping_filter": "Find a column",
    "mapping_page": "Page",
    "mapping_shown": "Columns {start}–{end} of {total}",
    "page_not_found": "There is no page {path}; this is the overview.",
    # server restart (ui.state.init_session, app.py)
    "restart_note": "The server was restarted. Your scenario is restored from the link; uploaded data must be "
    "uploaded again (or opened through a shared case). Now in use: {data}.",
    "restart_data_sample": "sample data, {customers} customers",
    "restart_data_file": "“{name}”, {customers} customers",
    "restart_ok": "Got it",
}

CATALOGS = {"de": DE, "en": EN}

#: the segment labels the exports write (and the Excel formulas count), per language
SEGMENT_LABELS = {lang: {s: CATALOGS[lang]["segment_" + s] for s in SEGMENTS} for lang in LANGS}


@functools.cache
def _patterns(locale: str) -> tuple[str, str]:
    """The locale's whole-euro currency pattern and its percent pattern (positive part)."""
    loc = Locale.parse(locale)
    money0 = loc.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return money0, loc.percent_formats[None].pattern.split(";")[0]


class Formatter:
    """Locale-aware number formatting with Babel (``lang`` ``"de"`` or ``"en"``), for the exports and the app.

    ``currency`` is the ISO 4217 code money is shown in (default EUR; :func:`check_currency`).  The
    figures are not converted: the model's ``_eur`` amounts are in whatever currency the data is in.

    >>> Formatter("de").money(8593.75), Formatter("de").pct(0.08), Formatter("en").money(8593.75)
    ('8.593,75\\xa0€', '8\\xa0%', '€8,593.75')
    >>> Formatter("de", currency="GBP").money(8593.75, cents=False), Formatter("en", currency="chf").money(5.5)
    ('8.594\\xa0£', 'CHF\\xa05.50')
    """

    def __init__(self, lang: str, *, currency: str = DEFAULT_CURRENCY) -> None:
        check_lang(lang)
        self.locale = LOCALES[lang]
        self.currency = check_currency(currency)
        self._money0, self._pct = _patterns(self.locale)

    def money(self, x: float, *, cents: bool = True) -> str:
        if cents:
            out = format_currency(x, self.currency, locale=self.locale)
        else:
            out = format_currency(round(x), self.currency, locale=self.locale, format=self._money0,
                                  currency_digits=False)
        return _LETTERS_THEN_DIGIT.sub("\\1\xa0", out)  # CLDR's currency spacing: "CHF 5.50", not "CHF5.50"

    @property
    def symbol(self) -> str:
        """The currency's sign in this locale: ``€``, ``£``, ``CHF``."""
        return get_currency_symbol(self.currency, locale=self.locale)

    @property
    def excel_money_format(self) -> str:
        """An Excel number format for money in this language and currency: ``#,##0.00 "€"`` / ``"€"#,##0.00``."""
        sign = '"' + self.symbol.replace('"', "") + '"'
        return f"#,##0.00 {sign}" if self.locale.startswith("de") else f"{sign}#,##0.00"

    def pct(self, x: float, *, digits: int = 1) -> str:
        pattern = self._pct.replace("0", "0." + "#" * digits, 1) if digits else self._pct
        return format_percent(x, locale=self.locale, format=pattern)

    def num(self, x: float, *, digits: int = 0) -> str:
        return format_decimal(round(x, digits), locale=self.locale)


_LETTERS_THEN_DIGIT = re.compile(r"([A-Za-z]{2,})(?=[-\d])")


@functools.cache
def _currencies() -> frozenset[str]:
    return frozenset(c for c in list_currencies() if len(c) == 3 and c.isalpha() and c.isupper())


def check_currency(code: object) -> str:
    """The ISO 4217 code ``code`` in capitals; raises :class:`~calc.errors.AssumptionError` (key
    ``err_currency``) for a code Babel does not know.

    >>> check_currency(" gbp ")
    'GBP'
    """
    found = str(code).strip().upper() if isinstance(code, str) else ""
    if found not in _currencies():
        raise AssumptionError(key="err_currency", values={"code": str(code)}, name="currency")
    return found


def check_lang(lang: str) -> None:
    """Raise :class:`~calc.errors.AssumptionError` unless ``lang`` is ``"de"`` or ``"en"``."""
    if lang not in CATALOGS:
        raise AssumptionError(f"language must be one of {', '.join(LANGS)}, not {lang!r}", name="lang")


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)`` for one language: the text with its ``{placeholders}`` filled.

    >>> translator("de")("months", value="3,5")
    '3,5 Monate'
    """
    check_lang(lang)
    catalog = CATALOGS[lang]

    def t(key: str, **values: object) -> str:
        found = catalog[key]
        return found.format(**values) if values else found

    return t


def text(key: str, lang: str, **values: object) -> str:
    """One text in ``lang`` with its ``{placeholders}`` filled; raises KeyError for an unknown key."""
    return translator(lang)(key, **values)


def assumption_label(name: str, lang: str) -> str:
    """The label of an assumption (no unit); an unknown name is returned as it is."""
    spec = SPECS.get(name)
    if spec is None:
        return name
    return spec.label_de if lang == "de" else spec.label_en


def missing_keys() -> set[str]:
    """Keys present in one language but not the other (empty when the catalogue is complete)."""
    return set(DE) ^ set(EN)
