"""Potential: the three methods side by side, share of wallet, untapped potential."""

from __future__ import annotations

import streamlit as st

from calc import views
from ui import charts, fmt, show
from ui.i18n import t
from ui.page import current_result, run_page
from ui.tables import display_frame


def body() -> None:
    res = current_result()
    show.title(t("potential_title"))
    pot = res.potential
    show.caveats(pot.caveats, res)
    st.subheader(t("untapped_title"))
    total, revenue = fmt.money(pot.covered_total_eur), fmt.money(pot.covered_revenue_eur)
    untapped, cm_untapped = fmt.money(pot.covered_untapped_eur), fmt.money(pot.covered_cm_untapped_eur)
    sow = fmt.pct(pot.share_of_wallet, digits=1)
    steps = (  # each figure with the formula that gives it, as the threshold page shows its chain
        (t("p_covered"), fmt.number(pot.covered_customers),
         t("f_covered", method=t("method_" + res.assumptions.potential_method))),
        (t("p_untapped"), untapped, t("f_untapped", total=total, revenue=revenue, result=untapped)),
        (t("p_cm_untapped"), cm_untapped, t("f_cm_untapped", result=cm_untapped)),
        (t("p_sow"), sow, t("f_sow", total=total, revenue=revenue, result=sow)),
    )
    for col, (label, value, formula) in zip(st.columns(len(steps)), steps, strict=True):
        with col:
            st.metric(label, value, border=True)
            st.markdown(formula)

    st.subheader(t("methods"))
    table = views.method_table(res.potential_by_method)
    labels = {m: t("method_short_" + m) + (" " + t("method_active") if m == res.assumptions.potential_method else "")
              for m in table["method"]}
    left, right = st.columns([3, 2])
    with left:
        shown = table.copy()
        shown["method"] = shown["method"].map(labels)
        headers = {
            "method": t("method"), "covered_customers": t("p_covered"), "covered_total_eur": t("p_total"),
            "covered_revenue_eur": t("p_revenue"), "covered_untapped_eur": t("p_untapped"),
            "share_of_wallet": t("p_sow"), "covered_cm_untapped_eur": t("p_cm_untapped"),
        }
        shown = display_frame(shown.rename(columns={"covered_customers": "customers"}),
                              {**headers, "customers": t("p_covered")})
        st.dataframe(shown.set_index(t("method")).T, width="stretch", key="method_table")
    with right:
        show.chart(charts.methods_bar(table, labels), "methods_chart")
    # a method that is not in use but falls back on another says so beside the table
    for method, summary in res.potential_by_method.items():
        if method != res.assumptions.potential_method and "potential_data_fallback" in summary.caveats:
            show.caveats(("potential_data_fallback",), res, potential=summary)

    st.subheader(t("sow_hist"))
    covered = res.customers[res.customers["covered"]]
    hist = views.sow_histogram(covered["share_of_wallet"].to_numpy(), bins=10)
    show.chart(charts.sow_hist(hist), "sow_chart")


run_page(body)
