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
from collections.abc import Callable

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent

from .assumptions import SPECS
from .errors import AssumptionError
from .model import SEGMENTS

__all__ = [
    "LANGS",
    "LOCALES",
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

DE: dict[str, str] = {
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
    "scn_cash": "Kumulierter Zahlungsstrom (eigenes Team)",
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
    "mc_p_positive": "P(Kapitalwert > 0)",
    "mc_p10": "P10 Kapitalwert",
    "mc_p50": "P50 Kapitalwert",
    "mc_p90": "P90 Kapitalwert",
    "mc_hist": "Verteilung des Kapitalwerts",
    "mc_hist_x": "Kapitalwert (€)",
    "mc_hist_y": "Anteil der Ziehungen",
    "mc_payback": "Verteilung der Amortisation",
    "mc_payback_x": "Amortisation (Monate)",
    "mc_payback_share": "{share} der Ziehungen amortisieren sich im Zeitraum.",
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
    "crm_spread": "Umsatzspreizung",
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
    "xl_inputs_note": "Ändern Sie die Werte in Spalte B: alle Formeln der Mappe folgen. Leere Vorgaben (Kosten pro Besuch, Umsatzschwelle) werden abgeleitet. Die Potenzialmethode ist nur Information: das Blatt Kunden ist für die gewählte Methode geschrieben.",
    "xl_postcode": "PLZ",
    "xl_revenue_year": "Umsatz {year}",
    "xl_employees": "Mitarbeiter",
    "xl_visits_used": "Besuche (12 Monate)",
    "xl_cm_rate_used": "DB-Quote",
    "xl_earlier": "Umsatz in einem früheren Jahr",
    "xl_covered": "Betreut (1 = ja)",
    "xl_note_live": "Potenzial, Share of Wallet, Segment und Betreut sind Formeln (Methode: homogen).",
    "xl_note_value": "Das Potenzial ist ein Wert nach der Methode '{method}' (keine Formel); Share of Wallet, Segment und Betreut sind Formeln.",
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
    "xl_freed": "Freigewordene Besuche",
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
    # -- board report (calc.report)
    "rp_title": "Inside Sales für Kleinkunden: der Business Case",
    "rp_question_h": "Die Frage",
    "rp_question": "Die meisten unserer Kunden sind zu klein für den Außendienst. Rechnet sich ein verkaufsaktiver Innendienst für sie – und sollen wir ihn selbst aufbauen oder bei einem Dienstleister einkaufen?",
    "rp_data_h": "Die Daten",
    "rp_years": "Umsatzjahre",
    "rp_latest12": "letzte 12 Monate",
    "rp_revenue_total": "Umsatz (letztes Jahr)",
    "rp_assumptions_h": "Annahmen, die von den Vorgaben abweichen",
    "rp_default": "Vorgabe",
    "rp_all_default": "Alle Annahmen entsprechen den Vorgaben.",
    "rp_answer_h": "Die Antwort",
    "rp_threshold_note": "Unter diesem Umsatz kostet ein Kunde mehr an Außendienstbesuchen, als Vertrieb kosten darf.",
    "rp_months": "{m} Monate",
    "rp_none": "nicht im Betrachtungszeitraum",
    "rp_no_irr": "keiner",
    "rp_choice": "Empfehlung: {choice}, Kapitalwertvorteil {adv}.",
    "rp_cash_h": "Zahlungsstrom je Jahr (eigenes Team)",
    "rp_risk_h": "Das Risiko",
    "rp_p_positive": "Wahrscheinlichkeit eines positiven Kapitalwerts",
    "rp_p_range": "Spanne des Kapitalwerts (P10 / P50 / P90)",
    "rp_tornado": "Was den Kapitalwert am stärksten bewegt",
    "rp_npv_low": "Kapitalwert bei niedrigem Wert",
    "rp_npv_high": "Kapitalwert bei hohem Wert",
    "rp_no_risk": "Es wurde keine Risikoanalyse gerechnet.",
    "rp_footer": "Alle Zahlen sind aus den obigen Daten und Annahmen berechnet (Spezifikation, Schritte 1–4). Kapitalwert mit {rate} über {years} Jahre.",
    # -- CRM hand-over (calc.assign)
    "crm_col_assigned_rep": "Inside-Sales-Mitarbeiter",
    "crm_segment_inactive": "inaktiv",
    "crm_sheet": "Zuordnung",
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
}

EN: dict[str, str] = {
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
    "mc_p_positive": "P(NPV > 0)",
    "mc_p10": "P10 NPV",
    "mc_p50": "P50 NPV",
    "mc_p90": "P90 NPV",
    "mc_hist": "Distribution of the NPV",
    "mc_hist_x": "NPV (€)",
    "mc_hist_y": "Share of draws",
    "mc_payback": "Distribution of the payback",
    "mc_payback_x": "Payback (months)",
    "mc_payback_share": "{share} of the draws pay back within the horizon.",
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
    "crm_spread": "Revenue spread",
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
    "xl_inputs_note": "Change the values in column B: every formula in this workbook follows. Empty overrides (cost per visit, revenue threshold) are derived. The potential method is informational: the Customers sheet is written for the method chosen.",
    "xl_postcode": "Postcode",
    "xl_revenue_year": "Revenue {year}",
    "xl_employees": "Employees",
    "xl_visits_used": "Field visits (12 months)",
    "xl_cm_rate_used": "CM rate",
    "xl_earlier": "Revenue in an earlier year",
    "xl_covered": "Covered (1 = yes)",
    "xl_note_live": "Potential, share of wallet, segment and covered are live formulas (method: homogeneous).",
    "xl_note_value": "Potential is a value computed by the '{method}' method (not a live formula); share of wallet, segment and covered are live formulas.",
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
    # -- board report (calc.report)
    "rp_title": "Inside sales for small customers: the business case",
    "rp_question_h": "The question",
    "rp_question": "Most of our customers are too small for field sales. Does an active inside-sales team for them pay off – and should we build it ourselves or buy it from a provider?",
    "rp_data_h": "The data",
    "rp_years": "Years of revenue",
    "rp_latest12": "latest 12 months",
    "rp_revenue_total": "Revenue (latest year)",
    "rp_assumptions_h": "Assumptions that differ from the defaults",
    "rp_default": "Default",
    "rp_all_default": "All assumptions are at their defaults.",
    "rp_answer_h": "The answer",
    "rp_threshold_note": "Below this revenue a customer costs more in field visits than sales may cost.",
    "rp_months": "{m} months",
    "rp_none": "none within the horizon",
    "rp_no_irr": "none",
    "rp_choice": "Recommended: {choice}, NPV advantage {adv}.",
    "rp_cash_h": "Cash flow per year (own team)",
    "rp_risk_h": "The risk",
    "rp_p_positive": "Probability that the NPV is positive",
    "rp_p_range": "NPV range (P10 / P50 / P90)",
    "rp_tornado": "What moves the NPV most",
    "rp_npv_low": "NPV at low value",
    "rp_npv_high": "NPV at high value",
    "rp_no_risk": "No risk analysis was run.",
    "rp_footer": "All figures are computed from the data and assumptions above (spec steps 1–4). NPV at {rate} over {years} years.",
    # -- CRM hand-over (calc.assign)
    "crm_col_assigned_rep": "Inside-sales rep",
    "crm_segment_inactive": "inactive",
    "crm_sheet": "Assignment",
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

    >>> Formatter("de").money(8593.75), Formatter("de").pct(0.08), Formatter("en").money(8593.75)
    ('8.593,75\\xa0€', '8\\xa0%', '€8,593.75')
    """

    def __init__(self, lang: str) -> None:
        check_lang(lang)
        self.locale = LOCALES[lang]
        self._money0, self._pct = _patterns(self.locale)

    def money(self, x: float, *, cents: bool = True) -> str:
        if cents:
            return format_currency(x, "EUR", locale=self.locale)
        return format_currency(round(x), "EUR", locale=self.locale, format=self._money0, currency_digits=False)

    def pct(self, x: float, *, digits: int = 1) -> str:
        pattern = self._pct.replace("0", "0." + "#" * digits, 1) if digits else self._pct
        return format_percent(x, locale=self.locale, format=pattern)

    def num(self, x: float, *, digits: int = 0) -> str:
        return format_decimal(round(x, digits), locale=self.locale)


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
