"""Plotly figures for the pages, drawn from aggregated data (calc.views).

Numbers follow the UI language (``separators``: German ``,.``); no hover text
carries names or ids from the upload.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from calc.montecarlo import MonteCarloResult
from ui import fmt
from ui.cache import ComparisonView
from ui.i18n import current_lang, spec_label, t
from ui.tables import format_assumption

BLUE = "#1f4e79"
LIGHT = "#8fb3d9"
GREY = "#9aa5b1"
GREEN = "#2e7d32"
RED = "#c62828"
ORANGE = "#e08a00"
SEGMENT_COLOURS = {
    "key": BLUE,
    "potential": ORANGE,
    "small": LIGHT,
    "inactive": GREY,
    "no_revenue": "#cccccc",
}
CURVE_COLOURS = (BLUE, ORANGE, GREEN, RED)
#: the zero line (or base line) across a chart
AXIS_LINE = {"color": "#555555", "width": 1}
#: Font sizes in px, large enough for a projector at the back of a room: the text of every chart (titles,
#: labels on lines), its tick labels and its legend.  :func:`layout` sets them on every figure.
FONT_PX = 16
TICK_FONT_PX = 14
LEGEND_FONT_PX = 14


def layout(fig: go.Figure, *, height: int = 380, money_axis: str | None = None) -> go.Figure:
    lang = current_lang()
    fig.update_layout(
        separators=",." if lang == "de" else ".,",
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        # the legend below the plot: above it, the chart toolbar (top right) covers it on a narrow screen
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
        plot_bgcolor="white",
        font={"size": FONT_PX},
    )
    fig.update_layout(legend_font_size=LEGEND_FONT_PX)
    fig.update_xaxes(showgrid=True, gridcolor="#eeeeee", zeroline=False, tickfont_size=TICK_FONT_PX)
    fig.update_yaxes(showgrid=True, gridcolor="#eeeeee", zeroline=False, tickfont_size=TICK_FONT_PX)
    fig.update_annotations(font_size=FONT_PX)
    if money_axis:
        sign = fmt.currency_symbol(lang)
        kwargs = {"ticksuffix": " " + sign} if lang == "de" else {"tickprefix": sign}
        (fig.update_yaxes if money_axis == "y" else fig.update_xaxes)(**kwargs)
    return fig


def _pct_ticks(step: float = 0.2) -> dict:
    """Percent tick labels in the UI language (plotly itself writes ``20%`` in German too)."""
    values = [round(i * step, 10) for i in range(int(round(1 / step)) + 1)]
    return {"tickmode": "array", "tickvals": values, "ticktext": [fmt.pct(v) for v in values]}


def _pct_axis() -> dict:
    """An axis of values in percent (0 to 100) with the sign after the number as the UI language writes it
    (``6 %`` in German: Plotly's own ``%`` format writes ``6%`` in every language)."""
    return {"ticksuffix": "\u00a0%" if current_lang() == "de" else "%", "tickformat": ",.0f"}


def _log_ticks(low: float, high: float) -> dict:
    """Powers of ten with grouped digits in the UI language."""
    lo = max(int(np.floor(np.log10(max(low, 1e-9)))), 0)
    hi = int(np.ceil(np.log10(max(high, 1.0))))
    values = [10.0**k for k in range(lo, hi + 1)]
    return {"tickmode": "array", "tickvals": values, "ticktext": [fmt.number(v) for v in values]}


def pareto(curve: pd.DataFrame) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=curve["customer_share"], y=curve["revenue_share"], mode="lines",
            line={"color": BLUE, "width": 3}, name=t("pareto_y"),
            hovertemplate="%{x:.0%} → %{y:.0%}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line={"color": GREY, "dash": "dot"},
                   hoverinfo="skip", showlegend=False)
    )
    fig.add_hline(y=0.8, line={"color": GREY, "dash": "dash", "width": 1},
                  annotation_text=t("pareto_line", share=fmt.pct(0.8)), annotation_position="bottom right")
    layout(fig)
    fig.update_xaxes(title=t("pareto_x"), range=[0, 1], **_pct_ticks())
    fig.update_yaxes(title=t("pareto_y"), range=[0, 1.02], **_pct_ticks())
    fig.update_layout(showlegend=False)
    return fig


def scatter(points: pd.DataFrame, revenue_threshold: float, potential_threshold: float,
            segment_label: dict[str, str]) -> go.Figure:
    fig = go.Figure()
    for seg, colour in SEGMENT_COLOURS.items():
        part = points[points["segment"] == seg]
        if part.empty:
            continue
        fig.add_trace(
            go.Scattergl(
                x=part["revenue"].to_numpy(), y=part["potential"].to_numpy(), mode="markers",
                marker={"color": colour, "size": 5, "opacity": 0.6},
                name=segment_label.get(seg, seg),
                hovertemplate="%{x:,.0f} / %{y:,.0f}<extra></extra>",
            )
        )
    fig.add_vline(x=revenue_threshold, line={"color": RED, "dash": "dash"},
                  annotation_text=f"{t('threshold_line')}: {fmt.money(revenue_threshold)}",
                  annotation_position="top left")
    fig.add_hline(y=potential_threshold, line={"color": ORANGE, "dash": "dash"},
                  annotation_text=f"{t('potential_line')}: {fmt.money(potential_threshold)}",
                  annotation_position="bottom right")
    layout(fig, height=460)
    if len(points):
        fig.update_xaxes(**_log_ticks(float(points["revenue"].min()), float(points["revenue"].max())))
        fig.update_yaxes(**_log_ticks(float(points["potential"].min()), float(points["potential"].max())))
    fig.update_xaxes(type="log", title=t("scatter_x"))
    fig.update_yaxes(type="log", title=t("scatter_y"))
    return fig


def sow_hist(hist: pd.DataFrame) -> go.Figure:
    centres = (hist["bin_start"] + hist["bin_end"]) / 2
    fig = go.Figure(
        go.Bar(
            x=centres, y=hist["customers"], width=(hist["bin_end"] - hist["bin_start"]) * 0.9,
            marker_color=BLUE, hovertemplate="%{x:.0%}: %{y:,.0f}<extra></extra>",
        )
    )
    layout(fig, height=340)
    fig.update_xaxes(title=t("sow_x"), range=[0, 1], **_pct_ticks(0.1))
    fig.update_yaxes(title=t("sow_y"), tickformat=",.0f")
    return fig


def methods_bar(table: pd.DataFrame, method_label: dict[str, str]) -> go.Figure:
    labels = [method_label.get(m, m) for m in table["method"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=table["covered_revenue_eur"], name=t("p_revenue"), marker_color=BLUE,
                         hovertemplate="%{y:,.0f}<extra></extra>"))
    fig.add_trace(go.Bar(x=labels, y=table["covered_untapped_eur"], name=t("p_untapped"), marker_color=LIGHT,
                         hovertemplate="%{y:,.0f}<extra></extra>"))
    fig.update_layout(barmode="stack")
    layout(fig, height=360, money_axis="y")
    fig.update_yaxes(tickformat=",.0f")
    return fig


def cash_chart(years: pd.DataFrame, years_external: pd.DataFrame | None = None) -> go.Figure:
    fig = go.Figure()
    colours = [GREEN if v >= 0 else RED for v in years["cash_flow_eur"]]
    fig.add_trace(go.Bar(x=years["year"], y=years["cash_flow_eur"], name=t("y_cash"), marker_color=colours,
                         opacity=0.55, hovertemplate="%{y:,.0f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=years["year"], y=years["cumulative_cash_eur"], name=t("y_cumulative") + " – "
                             + t("internal"), mode="lines+markers", line={"color": BLUE, "width": 3},
                             hovertemplate="%{y:,.0f}<extra></extra>"))
    if years_external is not None:
        fig.add_trace(go.Scatter(x=years_external["year"], y=years_external["cumulative_cash_eur"],
                                 name=t("y_cumulative") + " – " + t("external"), mode="lines+markers",
                                 line={"color": ORANGE, "width": 2, "dash": "dash"},
                                 hovertemplate="%{y:,.0f}<extra></extra>"))
    return cash_axes(fig)


def cash_axes(fig: go.Figure) -> go.Figure:
    """The common frame of every cash-by-year chart: zero line, year axis, money axis."""
    fig.add_hline(y=0, line=AXIS_LINE)
    layout(fig, height=400, money_axis="y")
    fig.update_xaxes(title=t("y_year"), dtick=1)
    fig.update_yaxes(tickformat=",.0f")
    return fig


def scenario_cash(cmp: ComparisonView) -> go.Figure:
    fig = go.Figure()
    for i, name in enumerate(cmp.names):
        part = cmp.cash_curves[cmp.cash_curves["scenario"] == name]
        fig.add_trace(go.Scatter(x=part["year"], y=part["cumulative_cash_eur"], name=name, mode="lines+markers",
                                 line={"color": CURVE_COLOURS[i % len(CURVE_COLOURS)], "width": 3},
                                 hovertemplate="%{y:,.0f}<extra></extra>"))
    return cash_axes(fig)


def tornado(frame: pd.DataFrame) -> go.Figure:
    top = frame.iloc[::-1]  # largest swing on top
    base = float(frame["base_npv_eur"].iloc[0]) if len(frame) else 0.0
    labels = [spec_label(n) for n in top["name"]]
    fig = go.Figure()
    for end, name, colour in (("low", t("tornado_low"), ORANGE), ("high", t("tornado_high"), BLUE)):
        # each bar says which value of the assumption gives which NPV: "1 %: 2,1 Mio. €"
        text = [f"{format_assumption(n, v)}: {fmt.money_short(npv)}"
                for n, v, npv in zip(top["name"], top[f"{end}_value"], top[f"npv_{end}_eur"], strict=True)]
        fig.add_trace(go.Bar(y=labels, x=top[f"npv_{end}_eur"] - base, base=base, orientation="h", name=name,
                             marker_color=colour, text=text, textposition="outside", cliponaxis=False,
                             textfont={"size": TICK_FONT_PX}, hovertemplate="%{text}<extra></extra>"))
    fig.add_vline(x=base, line=AXIS_LINE, annotation_text=t("tornado_base_line", value=fmt.money_short(base)),
                  annotation_position="top")
    fig.update_layout(barmode="overlay")
    layout(fig, height=110 + 44 * len(frame), money_axis="x")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 10})
    fig.update_xaxes(tickformat=",.0f", automargin=True)
    return fig


def mc_histogram(mc: MonteCarloResult) -> go.Figure:
    hist = mc.histogram()
    centres = (hist["bin_low_eur"] + hist["bin_high_eur"]) / 2
    fig = go.Figure(go.Bar(x=centres, y=hist["share"] * 100,
                           width=(hist["bin_high_eur"] - hist["bin_low_eur"]) * 0.95,
                           marker_color=[GREEN if p else RED for p in hist["positive"]],
                           hovertemplate="%{x:,.0f}: %{y:.1f}" + _pct_axis()["ticksuffix"] + "<extra></extra>"))
    fig.add_vline(x=0, line=AXIS_LINE, annotation_text=t("mc_zero_line"), annotation_position="top right")
    layout(fig, height=340, money_axis="x")
    fig.update_xaxes(title=t("mc_hist_x"), tickformat=",.0f")
    fig.update_yaxes(title=t("mc_hist_y"), **_pct_axis())
    return fig


def mc_payback(mc: MonteCarloResult) -> go.Figure:
    months = mc.payback_months[np.isfinite(mc.payback_months)]
    fig = go.Figure(go.Histogram(x=months, nbinsx=30, histnorm="percent", marker_color=LIGHT,
                                 marker_line={"color": GREY, "width": 0.5},
                                 hovertemplate="%{x}: %{y:.1f}" + _pct_axis()["ticksuffix"] + "<extra></extra>"))
    layout(fig, height=300)
    fig.update_xaxes(title=t("mc_payback_x"))
    fig.update_yaxes(title=t("mc_hist_y"), **_pct_axis())
    return fig


def whale_curve(points: pd.DataFrame, peak_share: float | None) -> go.Figure:
    """The whale curve: cumulative profit share against the share of customers ranked by profit, the peak
    marked and the 100 % line labelled (``points`` from :func:`calc.levers.whale_points`)."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=points["customer_share"], y=points["profit_share"], mode="lines",
                             line={"color": BLUE, "width": 3}, name=t("whale_y"),
                             hovertemplate="%{x:.0%} → %{y:.0%}<extra></extra>"))
    fig.add_hline(y=1.0, line={"color": GREY, "dash": "dash", "width": 1},
                  annotation_text=t("whale_line", share=fmt.pct(1.0)), annotation_position="top left")
    peak = points[points["peak"]]
    top = 1.05
    if len(peak) and peak_share is not None:
        x, y = float(peak["customer_share"].iloc[0]), float(peak["profit_share"].iloc[0])
        top = max(top, y * 1.08)
        fig.add_trace(go.Scatter(x=[x], y=[y], mode="markers", marker={"color": RED, "size": 12},
                                 name=t("whale_peak_name"), hoverinfo="skip"))
        right = x > 0.5  # the label runs to the left of a peak on the right half, so that it stays on the chart
        fig.add_annotation(x=x, y=y, text=t("whale_peak", share=fmt.pct(peak_share, digits=1),
                                            customers=fmt.pct(x)),
                           showarrow=True, arrowhead=2, ax=-30 if right else 30, ay=-40,
                           xanchor="right" if right else "left", font={"color": RED})
    layout(fig, height=420)
    low = float(np.nanmin(points["profit_share"])) if points["profit_share"].notna().any() else 0.0
    step = 0.2
    ticks = [round(i * step, 10) for i in range(int(np.floor(min(low, 0.0) / step)), int(np.ceil(top / step)) + 1)]
    fig.update_xaxes(title=t("whale_x"), range=[0, 1], **_pct_ticks())
    fig.update_yaxes(title=t("whale_y"), range=[min(low, 0.0) - 0.02, top], tickmode="array", tickvals=ticks,
                     ticktext=[fmt.pct(v) for v in ticks])
    fig.update_layout(showlegend=False)
    return fig


def concentration_risk(risks, added_margin_eur: float) -> go.Figure:
    """Margin of the top-k customers (bars) against the programme's added margin in the last year (line);
    ``risks`` from :func:`calc.levers.concentration_risk`."""
    labels = [t("conc_top", k=fmt.number(r.k)) for r in risks]
    values = [r.margin_at_risk_eur for r in risks]
    fig = go.Figure(go.Bar(x=labels, y=values, marker_color=[RED if r.ratio is not None and r.ratio > 1 else ORANGE
                                                             for r in risks],
                           text=[fmt.money_short(v) for v in values], textposition="outside", cliponaxis=False,
                           textfont={"size": TICK_FONT_PX}, name=t("conc_at_risk"),
                           hovertemplate="%{x}: %{text}<extra></extra>"))
    fig.add_hline(y=added_margin_eur, line={"color": GREEN, "dash": "dash", "width": 2},
                  annotation_text=t("conc_added_line", value=fmt.money_short(added_margin_eur)),
                  annotation_position="top left")
    layout(fig, height=380, money_axis="y")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 50, "b": 10}, showlegend=False)
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return fig


def lever_lines(years: pd.DataFrame) -> go.Figure:
    """The two lever lines of the business case by year: the small-order policy's effect and the digital
    savings (``years`` of a BusinessCase, years 1..H)."""
    part = years[years["year"] >= 1]
    fig = go.Figure()
    for col, name, colour in (("small_order_effect_eur", t("y_small_orders"), ORANGE),
                              ("digital_eur", t("y_digital"), GREEN)):
        fig.add_trace(go.Bar(x=part["year"], y=part[col], name=name, marker_color=colour,
                             hovertemplate="%{y:,.0f}<extra></extra>"))
    fig.update_layout(barmode="group")
    return cash_axes(fig)


def npv_waterfall(parts, npv_eur: float) -> go.Figure:
    """The NPV by lever as a waterfall: the benefits up, team and set-up down, the NPV as the total
    (``parts``: ``BusinessCase.npv_by_lever_eur``, keys :data:`calc.model.NPV_LEVERS`)."""
    names = list(parts)
    values = [float(parts[k]) for k in names]
    labels = [t("npv_part_" + k) for k in names] + [t("npv")]
    texts = [fmt.money_short(v) for v in values] + [fmt.money_short(npv_eur)]
    fig = go.Figure(go.Waterfall(
        x=labels, y=values + [0.0], measure=["relative"] * len(values) + ["total"],
        text=texts, textposition="outside", cliponaxis=False, textfont={"size": TICK_FONT_PX},
        increasing={"marker": {"color": GREEN}}, decreasing={"marker": {"color": RED}},
        totals={"marker": {"color": BLUE}}, connector={"line": {"color": GREY, "width": 1}},
        hovertemplate="%{x}: %{text}<extra></extra>",
    ))
    fig.add_hline(y=0, line=AXIS_LINE)
    layout(fig, height=440, money_axis="y")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 50, "b": 10}, showlegend=False)
    fig.update_yaxes(tickformat=",.0f")
    return fig
