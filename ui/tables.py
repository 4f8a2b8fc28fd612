"""Display tables: every number formatted as text in the UI language (customer, scenario and risk tables)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from calc.assumptions import SPECS, Assumptions
from calc.safe import to_csv_bytes
from calc.sensitivity import BreakEven
from calc.texts import CHOICE_PREFIX
from ui import fmt, show
from ui.cache import ComparisonView
from ui.i18n import current_lang, spec_label, t

MONEY = ("revenue", "potential", "potential_eur", "revenue_current_eur", "untapped_eur", "amount", "unit_price")
RATES = ("cm_rate", "share_of_wallet", "cm_rate_used")
COUNTS = ("visits_12m", "employees", "orders_12m", "visits_used", "quantity", "customers", "row")


def display_frame(df: pd.DataFrame, headers: dict[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with numbers, rates and dates as German/English text.

    Columns are recognised by their canonical names; ``headers`` renames columns
    for display.
    """
    lang = current_lang()
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        name = str(col)
        if name in RATES or name.endswith("_share"):
            out[col] = fmt.pct_series(s, lang, digits=1)
        elif name in MONEY or name.startswith("revenue_") or name.endswith("_eur"):
            out[col] = fmt.money_series(s, lang)
        elif name in COUNTS:
            out[col] = fmt.number_series(s, lang)
        elif pd.api.types.is_datetime64_any_dtype(s):
            pattern = "%d.%m.%Y" if lang == "de" else "%Y-%m-%d"
            out[col] = s.dt.strftime(pattern).fillna("")
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "✓", False: ""})
        elif pd.api.types.is_numeric_dtype(s):
            out[col] = fmt.number_series(s, lang, digits=2)
        else:
            out[col] = s.astype(object).where(s.notna(), "")
    if headers:
        out = out.rename(columns=headers)
    return out


def csv_download(frame: pd.DataFrame, headers: dict[str, str], *, label: str, file_key: str, key: str) -> None:
    """A download button for ``frame`` as CSV in the UI language (built only when clicked)."""
    lang = current_lang()
    show.download(label, lambda: to_csv_bytes(frame.rename(columns=headers), lang=lang), file_name=t(file_key),
                  mime=show.MIME_CSV, key=key)


def format_assumption(name: str, value: Any, *, rate_digits: int = 1) -> str:
    """One assumption value as text in the UI language (rates in %)."""
    spec = SPECS[name]
    if value is None:
        return t("derived_value")
    if spec.kind == "rate":
        return fmt.pct(value, digits=rate_digits)
    if spec.kind == "choice":
        return t(CHOICE_PREFIX[name] + str(value))
    if spec.kind == "bool":
        return t("yes") if value else t("no")
    if spec.kind == "money":
        return fmt.assumption_money(name, value)
    if spec.integer:
        return fmt.number(value)
    return fmt.smart_number(value)


def differences_table(cmp: ComparisonView) -> pd.DataFrame:
    rows = [{t("scn_assumption"): spec_label(name), **{s: format_assumption(name, v) for s, v in values.items()}}
            for name, values in cmp.differences.items()]
    return pd.DataFrame(rows, columns=[t("scn_assumption"), *cmp.names])


def figures_table(cmp: ComparisonView) -> pd.DataFrame:
    f = cmp.figures
    return pd.DataFrame({
        t("scn_scenario"): list(f.index),
        t("npv"): fmt.money_series(f["npv_eur"]).tolist(),
        t("irr"): [fmt.figure("rate", v) for v in f["irr"]],
        t("roi"): [fmt.figure("rate", v) for v in f["roi"]],
        t("payback"): [fmt.figure("months", v) for v in f["payback_months"]],
        t("m_reps"): fmt.number_series(f["reps"]).tolist(),
        t("m_covered"): fmt.number_series(f["covered_customers"]).tolist(),
        t("m_team_cost"): fmt.money_series(f["annual_team_cost_eur"]).tolist(),
        t("m_threshold"): [fmt.money(v, cents=True) for v in f["revenue_threshold_eur"]],
        t("external_npv"): fmt.money_series(f["external_npv_eur"]).tolist(),
        t("make_or_buy_col"): [t("choice_" + str(v)) for v in f["make_or_buy"]],
    })


def break_even_table(results: Mapping[str, BreakEven], a: Assumptions) -> pd.DataFrame:
    rows = []
    for name, be in results.items():
        if not be.found:
            value = t("be_never")
        elif be.integer_value is not None:
            value = fmt.number(be.integer_value)
        else:
            value = format_assumption(name, be.value, rate_digits=2)
        rows.append({t("scn_assumption"): spec_label(name), t("be_value"): value,
                     t("be_current"): format_assumption(name, getattr(a, name))})
    return pd.DataFrame(rows)
