"""Overview: the answer at a glance: pays off or not, how sure it is, what it hangs on; links to the details."""

from __future__ import annotations

import streamlit as st

from calc.assumptions import SPECS
from calc.errors import CalcError
from calc.montecarlo import MonteCarloResult
from calc.texts import assumption_label
from calc.verdict import verdict
from ui import cache, charts, fmt, show, state
from ui.i18n import current_lang, say, t
from ui.page import current_keys, current_result, page_link, run_page
from ui.show import Metric

#: the key of the headline figures' container (CSS class ``st-key-headline``)
HEADLINE_KEY = "headline"


def _certainty(v, bc) -> tuple[list[str], MonteCarloResult | None]:
    """The lines under the headline: the NPV range, what matters most, the IRR and freed-visit notes."""
    ds, a = current_keys()
    lines = []
    try:
        mc = cache.default_simulation(ds.customers, ds.key, a, ds.orders)
        frame = cache.tornado_frame(ds.customers, ds.key, a, ds.orders)
    except CalcError as exc:
        lines.append(fmt.md_escape(say(exc)))
        mc = frame = None
    if mc is not None:
        lines.append(t("ov_range", draws=fmt.number(mc.draws), p10=fmt.money_compact(mc.p10_eur),
                       p90=fmt.money_compact(mc.p90_eur)))
    if frame is not None and len(frame):
        top = frame.iloc[0]
        spec = SPECS[top["name"]]
        lines.append(t("ov_driver", name=assumption_label(spec.name, current_lang()),
                       low=state.value_text(spec, top["low_value"]), high=state.value_text(spec, top["high_value"]),
                       npv_low=fmt.money_compact(top["npv_low_eur"]), npv_high=fmt.money_compact(top["npv_high_eur"])))
    if v.irr_above_cap:
        lines.append(t("ov_irr_above"))
    if v.freed_visits_carry:
        lines.append(t("ov_freed", share=fmt.pct(v.freed_share), without=fmt.payback(v.payback_without_freed_months),
                       with_freed=fmt.payback(bc.payback_months),
                       label=assumption_label("freed_visit_value_share", current_lang())))
    return lines, mc


def body() -> None:
    res = current_result()
    bc = res.internal
    v = verdict(res.internal, res.external)
    show.title(t("overview_title"), t("overview_intro"))
    show.verdict(v)
    lines, mc = _certainty(v, bc)
    show.metrics([
        show.money_metric(t("m_npv"), bc.npv_eur, t("help_npv")),
        Metric(t("mc_p_positive"), fmt.pct(mc.p_positive) if mc is not None else "–",
               lines[0] if mc is not None else None),
        Metric(t("m_payback"), fmt.payback(bc.payback_months), t("help_payback")),
    ], border=True, key=HEADLINE_KEY)
    st.markdown("\n".join("- " + line for line in lines))
    show.caveats(res.caveats, res)
    show.metrics([
        Metric(t("m_covered"), fmt.number(res.team.covered_customers)),
        Metric(t("m_reps"), fmt.number(res.team.reps)),
        Metric(t("m_threshold"), fmt.money(res.field_cost.revenue_threshold_eur, cents=True)),
        show.money_metric(t("m_team_cost"), res.team.annual_cost_eur),
    ])
    show.make_or_buy_note(res.make_or_buy, v)
    st.subheader(t("cash_chart"))
    show.chart(charts.cash_chart(bc.years, res.external.years), "overview_cash_chart")
    st.divider()
    st.subheader(t("go_further"))
    further = ("data", "segments", "potential", "business_case", "levers")
    cols = st.columns(len(further))
    for col, key in zip(cols, further, strict=True):
        with col:
            page_link(key, t("page_" + key))


run_page(body)
