"""Display copies of tables: every number formatted as text in the UI language."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from calc.safe import to_csv_bytes
from ui import fmt
from ui.i18n import current_lang

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


def csv_download(frame: pd.DataFrame, headers: dict[str, str], *, label: str, file_de: str, file_en: str,
                 key: str) -> None:
    """A download button for ``frame`` as CSV in the UI language (built only when clicked)."""
    lang = current_lang()
    st.download_button(
        label,
        data=lambda: to_csv_bytes(frame.rename(columns=headers), lang=lang),
        file_name=file_de if lang == "de" else file_en,
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )
