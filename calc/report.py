"""A self-contained HTML one-pager of the business case for the board.

:func:`html_report` returns one HTML document that works offline: no scripts, no
fonts, no images from anywhere – the two charts (cash flows and the tornado) are
inline SVG drawn here (a few kB; an embedded plotly.js would add about 4.6 MB).
A print stylesheet (``@media print``, A4, no page breaks inside a section) makes
"print to PDF" give a clean page.

Numbers are formatted with Babel (``de_DE``: ``8.593,75 €``, ``8 %``; ``en``:
``€8,593.75``, ``8%``).  Every text that comes from data or the user (file name,
labels) is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from typing import Any

import pandas as pd

from .assumptions import SPECS, Assumptions
from .model import NPV_LEVERS, SEGMENTS, ModelResult
from .texts import DEFAULT_CURRENCY, SEGMENT_LABELS, Formatter, assumption_label, translator
from .tracking import Check, TrackingResult
from .verdict import verdict

__all__ = [
    "risk_summary", "risk_of", "html_report", "Formatter", "VERDICT_ICONS", "check_figures", "go_decision",
    "key_assumptions", "KEY_ASSUMPTIONS", "levers_section"]

#: the verdicts' signs, in the report and the app
VERDICT_ICONS = {"met": "✅", "not_met": "❌", "cannot_tell": "❔"}


_CSS = """
*{box-sizing:border-box}
body{font-family:"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2733;margin:0 auto;max-width:60rem;
padding:1.5rem;line-height:1.3;font-size:13px}
h1{font-size:1.35rem;margin:0 0 .1rem}
h2{font-size:1.05rem;margin:0 0 .3rem;border-bottom:2px solid #1f6f8b;padding-bottom:.1rem}
h3{font-size:.95rem;margin:.3rem 0 .2rem}
section{margin:0 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.2rem 0}
th,td{text-align:left;padding:.12rem .4rem;border-bottom:1px solid #d8dde3;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sub{color:#5a6775;margin:0 0 .6rem}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:.4rem;margin:.3rem 0}
.kpi{border:1px solid #d8dde3;border-radius:6px;padding:.3rem .5rem}
.kpi .l{font-size:.75rem;color:#5a6775}.kpi .v{font-size:1.05rem;font-weight:600}
.verdict{border-left:6px solid #2e8b57;background:#eef7f1;padding:.4rem .7rem;margin:.2rem 0 .6rem}
.verdict.nogo{border-color:#c0392b;background:#fbeeec}
.verdict .word{font-size:1.3rem;font-weight:700;margin-right:.5rem}
.verdict p{margin:.15rem 0}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.cols table{font-size:.9em}
.choice{font-weight:600;background:#eef6f9;border-left:4px solid #1f6f8b;padding:.4rem .7rem}
.note{color:#5a6775;font-size:.8rem;margin:.2rem 0}
.appendix{break-before:page;page-break-before:always}
ul.facts{margin:.2rem 0;padding-left:1.1rem;font-size:.9em}ul.facts li{margin:.05rem 0}
svg{max-width:100%;height:auto;display:block}
svg text{font-size:11px;fill:#1d2733}
.v-met{color:#2e8b57;font-weight:600}.v-not_met{color:#c0392b;font-weight:600}.v-cannot_tell{color:#5a6775;font-weight:600}
.pos{fill:#2e8b57}.neg{fill:#c0392b}.low{fill:#e39b8f}.high{fill:#1f6f8b}.line{fill:none;stroke:#1f6f8b;stroke-width:2}
@media print{
@page{size:A4 portrait;margin:10mm 12mm}
body{max-width:none;padding:0;font-size:8.5pt}
section{break-inside:avoid;page-break-inside:avoid}
h2{break-after:avoid;page-break-after:avoid}
.kpi{break-inside:avoid}
.appendix{font-size:.92em}.appendix table{font-size:.9em}.appendix th,.appendix td{padding:.03rem .35rem}
.appendix h2{margin-top:.2rem}.appendix section{margin-bottom:.3rem}.appendix .note{font-size:1em}
}
"""


def e(text: Any) -> str:
    """Escape any text for HTML (``<``, ``>``, ``&`` and quotes)."""
    return html.escape(str(text), quote=True)


def _value_text(fmt: Formatter, name: str, value: Any, t: Callable[..., str]) -> str:
    spec = SPECS[name]
    if value is None:
        return t("derived_value")
    if spec.kind == "money":
        return fmt.money(float(value))
    if spec.kind == "rate":
        return fmt.pct(float(value), digits=2)
    if spec.kind in ("count", "number"):
        return fmt.num(float(value), digits=2)
    if spec.kind == "bool":
        return t("yes" if value else "no")
    if name == "small_order_policy":
        return t("policy_" + str(value))
    return str(value)


# ------------------------------------------------------------------------------ charts
def _cumulative(cash: Sequence[float]) -> list[float]:
    """Running sums of the cash flows, from 0.0."""
    return list(accumulate(cash, initial=0.0))[1:]


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> str:
    """A one-line legend: ``(css class or 'line', label)`` pairs from ``(x, y)``."""
    parts = []
    for cls, label in items:
        if cls == "line":
            parts.append(f'<line x1="{x:.1f}" x2="{x + 14:.1f}" y1="{y - 4:.1f}" y2="{y - 4:.1f}" class="line"/>')
        elif cls == "base":
            parts.append(f'<line x1="{x + 7:.1f}" x2="{x + 7:.1f}" y1="{y - 10:.1f}" y2="{y + 2:.1f}" stroke="#1d2733"/>')
        else:
            parts.append(f'<rect class="{cls}" x="{x:.1f}" y="{y - 9:.1f}" width="14" height="10"/>')
        parts.append(f'<text x="{x + 18:.1f}" y="{y:.1f}">{e(label)}</text>')
        x += 18 + 6.2 * len(label) + 16
    return "".join(parts)


def _cash_svg(cash: Sequence[float], cum: Sequence[float], fmt: Formatter, t: Callable[..., str]) -> str:
    """Bars of the yearly cash flow and a line of the cumulative cash, with axes and a legend."""
    width, height, left, right, top, bottom = 460, 140, 84, 8, 20, 30
    lo = min(0.0, *cash, *cum)
    hi = max(0.0, *cash, *cum)
    if hi == lo:
        hi = lo + 1.0
    plot_h = height - top - bottom
    n = len(cash)
    slot = (width - left - right) / n

    def y(v: float) -> float:
        return top + (hi - v) / (hi - lo) * plot_h

    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{e(t("rp_cash_h"))}">',
             _legend([("pos", t("y_cash")), ("line", t("y_cumulative"))], left, 12),
             f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#1d2733"/>',
             f'<text x="12" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
             f'transform="rotate(-90 12 {top + plot_h / 2:.1f})">{e(t("rp_axis_eur", currency=fmt.currency))}</text>']
    labelled: list[float] = []
    for v in (0.0, hi, lo):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                     f'stroke="{"#1d2733" if v == 0 else "#d8dde3"}"/>')
        if all(abs(y(v) - y(other)) >= 14 for other in labelled):  # keep axis labels from overlapping
            labelled.append(v)
            parts.append(f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{e(fmt.money(v, cents=False))}</text>')
    for i, c in enumerate(cash):
        x = left + i * slot + slot * 0.2
        y0, y1 = sorted((y(0.0), y(c)))
        parts.append(f'<rect class="{"pos" if c >= 0 else "neg"}" x="{x:.1f}" y="{y0:.1f}" width="{slot * 0.6:.1f}" '
                     f'height="{max(y1 - y0, 0.5):.1f}"><title>{e(t("y_year"))} {i}: {e(fmt.money(c, cents=False))}'
                     f'</title></rect>')
        parts.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{top + plot_h + 14}" text-anchor="middle">{i}</text>')
    parts.append(f'<text x="{left + (width - left - right) / 2:.1f}" y="{height - 4}" text-anchor="middle">'
                 f'{e(t("y_year"))}</text>')
    points = " ".join(f"{left + (i + 0.5) * slot:.1f},{y(v):.1f}" for i, v in enumerate(cum))
    parts.append(f'<polyline class="line" points="{points}"><title>{e(t("y_cumulative"))}</title></polyline>')
    parts.append("</svg>")
    return "".join(parts)


def _tornado_svg(rows: list[tuple[str, float, float]], base: float, fmt: Formatter, t: Callable[..., str]) -> str:
    """Bars from the base NPV to the NPV at each assumption's low and high value, with an NPV axis and a legend."""
    width, row_h, left, right, top = 640, 15, 250, 30, 20
    height = top + row_h * len(rows) + 32
    lo = min([base] + [min(a, b) for _, a, b in rows])
    hi = max([base] + [max(a, b) for _, a, b in rows])
    if hi == lo:
        hi = lo + 1.0

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (width - left - right)

    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{e(t("rp_tornado"))}">',
             _legend([("low", t("rp_legend_low")), ("high", t("rp_legend_high")), ("base", t("rp_legend_base"))],
                     left - 120, 12)]
    for i, (label, a, b) in enumerate(rows):
        yy = top + i * row_h
        parts.append(f'<text x="{left - 6}" y="{yy + 11}" text-anchor="end">{e(label)}</text>')
        for cls, v in (("low", a), ("high", b)):
            x0, x1 = sorted((x(base), x(v)))
            parts.append(f'<rect class="{cls}" x="{x0:.1f}" y="{yy + 3}" width="{max(x1 - x0, 0.5):.1f}" '
                         f'height="{row_h - 6}"><title>{e(label)}: {e(fmt.money(v, cents=False))}</title></rect>')
    bottom = top + row_h * len(rows)
    parts.append(f'<line x1="{x(base):.1f}" x2="{x(base):.1f}" y1="{top}" y2="{bottom}" stroke="#1d2733"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{bottom}" y2="{bottom}" stroke="#1d2733"/>')
    ticks = [lo, hi] + ([0.0] if lo < 0.0 < hi else [])
    placed: list[float] = []
    for v in [base, *ticks]:
        if all(abs(x(v) - p) >= 70 for p in placed):
            placed.append(x(v))
            anchor = "end" if x(v) > width - right - 40 else ("start" if x(v) < left + 40 else "middle")
            parts.append(f'<line x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#1d2733"/>'
                         f'<text x="{x(v):.1f}" y="{bottom + 15}" text-anchor="{anchor}">{e(fmt.money(v, cents=False))}</text>')
    parts.append(f'<text x="{left + (width - left - right) / 2:.1f}" y="{height - 4}" text-anchor="middle">'
                 f'{e(t("rp_axis_npv", currency=fmt.currency))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _waterfall_svg(parts: Sequence[tuple[str, float]], total: tuple[str, float], fmt: Formatter,
                   t: Callable[..., str]) -> str:
    """The NPV by lever as a horizontal waterfall: each part a bar from the running sum before it to the
    running sum after it, then the NPV from 0; values on the right."""
    width, row_h, left, right, top = 460, 15, 185, 78, 6
    rows = len(parts) + 1
    height = top + row_h * rows + 22
    running = list(accumulate((v for _, v in parts), initial=0.0))
    lo = min(0.0, *running, total[1])
    hi = max(0.0, *running, total[1])
    if hi == lo:
        hi = lo + 1.0

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (width - left - right)

    parts_svg = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{e(t("rp_waterfall_h"))}">']
    bars = [(label, running[i], running[i + 1], "pos" if v >= 0 else "neg", v) for i, (label, v) in enumerate(parts)]
    bars.append((total[0], 0.0, total[1], "high", total[1]))
    for i, (label, start, end, cls, value) in enumerate(bars):
        yy = top + i * row_h
        x0, x1 = sorted((x(start), x(end)))
        weight = ' font-weight="600"' if i == len(bars) - 1 else ""
        parts_svg.append(f'<text x="{left - 6}" y="{yy + 11}" text-anchor="end"{weight}>{e(label)}</text>'
                         f'<rect class="{cls}" x="{x0:.1f}" y="{yy + 3}" width="{max(x1 - x0, 0.5):.1f}" '
                         f'height="{row_h - 6}"><title>{e(label)}: {e(fmt.money(value, cents=False))}</title></rect>'
                         f'<text x="{width - 2}" y="{yy + 11}" text-anchor="end"{weight}>'
                         f'{e(fmt.money(value, cents=False))}</text>')
    bottom = top + row_h * rows
    parts_svg.append(f'<line x1="{x(0.0):.1f}" x2="{x(0.0):.1f}" y1="{top}" y2="{bottom}" stroke="#1d2733"/>')
    parts_svg.append(f'<text x="{left + (width - left - right) / 2:.1f}" y="{height - 4}" text-anchor="middle">'
                     f'{e(t("rp_axis_npv", currency=fmt.currency))}</text>')
    parts_svg.append("</svg>")
    return "".join(parts_svg)


def levers_section(result: ModelResult, lang: str = "en", *, currency: str = DEFAULT_CURRENCY) -> str:
    """The board report's levers (levers.md): the lever lines, the NPV by lever, whale curve,
    concentration and measured churn, each only where the data allows it.

    Without order counts the lever lines and the whale curve give way to one line that
    says the levers are off and why; the NPV by lever (the business case split into its
    parts, :attr:`calc.model.BusinessCase.npv_by_lever_eur`), concentration (any revenue)
    and measured churn (two revenue years or more) are shown where they exist.
    """
    fmt, t = Formatter(lang, currency=currency), translator(lang)
    a, bc, lf = result.assumptions, result.internal, result.levers
    lines: list[tuple[str, str]] = []  # (text, figure)
    notes: list[str] = []
    if lf is None or not lf.orders_known:
        notes.append(t("rp_levers_off"))
    else:
        small = lf.small_orders
        mov = fmt.money(small.min_order_value_eur, cents=False) if math.isfinite(small.min_order_value_eur) else "∞"
        lines.append((t("rp_small_order_line", policy=t("policy_" + a.small_order_policy),
                        orders=fmt.num(small.orders), mov=mov, customers=fmt.num(small.customers)),
                      fmt.money(lf.small_order_effect_eur, cents=False)))
        digital = lf.covered_orders_12m * a.digital_share * (a.cost_per_order - a.digital_cost_per_order)
        lines.append((t("rp_digital_line", share=fmt.pct(a.digital_share, digits=0),
                        orders=fmt.num(lf.covered_orders_12m)), fmt.money(digital, cents=False)))
        w = lf.whale
        if w.peak_share is not None and w.unprofitable_customers == 0:
            notes.append(t("rp_whale_all", total=fmt.money(w.total_profit_eur, cents=False)))
        elif w.peak_share is not None:
            notes.append(t("rp_whale", peak=fmt.pct(w.peak_share, digits=0), n=fmt.num(w.unprofitable_customers),
                           destroyed=fmt.money(w.profit_destroyed_eur, cents=False)))
        elif w.customers:
            notes.append(t("rp_whale_loss", total=fmt.money(w.total_profit_eur, cents=False),
                           n=fmt.num(w.unprofitable_customers)))
        if lf.covers_visits_only or not lf.lines_known:
            notes.append(t("rp_cost_to_serve_partial"))
    if lf is not None and lf.concentration.top5_share is not None:
        c = lf.concentration
        notes.append(t("rp_concentration", top5=fmt.pct(c.top5_share, digits=0), top1=fmt.pct(c.top1_share, digits=0),
                       hhi=fmt.num(c.hhi)))
    if lf is not None and lf.history.churn_small is not None:
        h = lf.history
        notes.append(t("rp_history", measured=fmt.pct(h.churn_small, digits=1), pairs=fmt.num(h.pairs),
                       assumed=fmt.pct(a.churn_baseline, digits=1),
                       promoted=fmt.pct(h.promotion_small_to_key or 0.0, digits=1)))
    parts = [(t("npv_part_" + key), float(bc.npv_by_lever_eur.get(key, 0.0))) for key in NPV_LEVERS]
    chart = _waterfall_svg(parts, (t("rp_npv"), bc.npv_eur), fmt, t) if bc.npv_by_lever_eur else ""
    rows = "".join(f"<tr><td>{e(text)}</td><td class='n'>{e(figure)}</td></tr>" for text, figure in lines)
    table = (f"<table><tr><th>{e(t('rp_lever_lines_h'))}</th><th class='n'>{e(t('rp_per_year'))}</th></tr>"
             f"{rows}</table>") if rows else ""
    items = "".join(f"<li>{e(note)}</li>" for note in notes)
    return (f"<section class='levers'><h2>{e(t('rp_levers_h'))}</h2><div class='cols'>"
            f"<div><h3 style='margin-top:0'>{e(t('rp_waterfall_h'))}</h3>{chart}</div>"
            f"<div>{table}<ul class='facts'>{items}</ul></div></div></section>")


# ------------------------------------------------------------------------------ report
def _kpi(label: str, value: str) -> str:
    return f'<div class="kpi"><div class="l">{e(label)}</div><div class="v">{e(value)}</div></div>'


def _finite(x: Any) -> bool:
    try:
        return x is not None and math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def risk_summary(customers, assumptions, *, draws: int = 10_000, seed: int = 0, orders=None) -> dict[str, Any]:
    """The ``risk`` argument of :func:`html_report`: tornado and a seeded Monte Carlo run.

    Uses :func:`calc.sensitivity.tornado` and :func:`calc.montecarlo.simulate` over
    :func:`calc.montecarlo.default_ranges`; ``orders`` is the optional order-level
    data of a transaction log (as for :func:`calc.model.compute`).
    """
    from .montecarlo import default_ranges, simulate
    from .sensitivity import tornado

    mc = simulate(customers, assumptions, default_ranges(assumptions), draws=draws, seed=seed, orders=orders)
    return risk_of(tornado(customers, assumptions, orders=orders), mc)


def risk_of(tornado_frame: pd.DataFrame, mc: Any) -> dict[str, Any]:
    """The ``risk`` argument of :func:`html_report` from a tornado frame and a
    :class:`~calc.montecarlo.MonteCarloResult` (the app passes its cached ones)."""
    return {
        "tornado": tornado_frame,
        "p_positive": mc.p_positive,
        "p10": mc.p10_eur,
        "p50": mc.p50_eur,
        "p90": mc.p90_eur,
        "draws": mc.draws,
        "seed": mc.seed,
    }


def html_report(
    result: ModelResult,
    *,
    lang: str = "en",
    data_label: str,
    risk: Mapping[str, Any] | None = None,
    tracking: TrackingResult | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> str:
    """The board one-pager as a self-contained HTML document.

    Parameters
    ----------
    result
        The model result to report.
    lang
        ``"en"`` or ``"de"``.
    currency
        ISO 4217 code money is shown in (default EUR; nothing is converted).
    data_label
        What the data is (usually the file name); shown escaped.
    risk
        Optional risk analysis: ``{"tornado": DataFrame(name, npv_low_eur,
        npv_high_eur, ...), "p_positive": float, "p10": float, "p50": float,
        "p90": float}`` (:mod:`calc.sensitivity`, :mod:`calc.montecarlo`); any key may
        be missing.
    tracking
        Optional plan against actual (:func:`calc.tracking.track`): adds a section
        with the six checks (target, actual, verdict and reason) and the revenue
        baseline, plan and actual.

    Returns
    -------
    str
        A complete HTML document (UTF-8, no external resources).

    Raises
    ------
    CalcError
        For an unknown ``lang``.
    """
    fmt = Formatter(lang, currency=currency)
    t = translator(lang)
    a = result.assumptions
    bc, ext = result.internal, result.external
    decision = go_decision(result)
    out: list[str] = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(t('rp_title'))} – {e(data_label)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(t('rp_title'))}</h1>",
    ]
    years = result.revenue_years
    years_text = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else t("rp_latest12"))
    out.append(
        f"<p class='sub'>{e(t('rp_question'))}<br>{e(t('r_file'))}: {e(data_label)} · "
        f"{e(t('r_customers'))}: {e(fmt.num(result.segments.customers_total))} · {e(t('rp_years'))}: {e(years_text)} · "
        f"{e(t('rp_revenue_total'))}: {e(fmt.money(result.segments.revenue_total_eur, cents=False))}</p>")
    # the verdict: go or no-go first, the way to build it only where one pays
    lines = []
    if decision["go"]:
        chosen = decision["option"]
        choice = t("xl_choice_external" if chosen == "external" else "xl_choice_internal")
        other = t("xl_choice_internal" if chosen == "external" else "xl_choice_external")
        lines.append(t("rp_go_text", npv=fmt.money(decision["npv_eur"], cents=False), years=a.horizon_years))
        lines.append(t("rp_build_with", choice=choice, other=other,
                       adv=fmt.money(abs(bc.npv_eur - ext.npv_eur), cents=False)))
    else:
        lines.append(t("rp_nogo_text", npv_int=fmt.money(bc.npv_eur, cents=False),
                       npv_ext=fmt.money(ext.npv_eur, cents=False), years=a.horizon_years))
    if risk and _finite(risk.get("p_positive")):
        draws = risk.get("draws")
        lines.append(t("rp_p_positive_line", p=fmt.pct(float(risk["p_positive"]), digits=0),
                       draws=fmt.num(draws) if _finite(draws) else "–"))
    word = t("rp_go" if decision["go"] else "rp_nogo")
    out.append(f"<div class='verdict{'' if decision['go'] else ' nogo'}'><span class='word'>{e(word)}</span>"
               + "".join(f"<p>{e(line)}</p>" for line in lines) + "</div>")
    # the answer in figures
    payback = (t("rp_months", m=fmt.num(bc.payback_months, digits=1)) if bc.payback_months is not None
               else t("rp_none"))
    kpis = "".join([
        _kpi(t("revenue_threshold"), fmt.money(result.field_cost.revenue_threshold_eur)),
        _kpi(t("p_covered"), fmt.num(result.team.covered_customers)),
        _kpi(t("mob_reps"), fmt.num(result.team.reps)),
        _kpi(t("m_team_cost"), fmt.money(result.team.annual_cost_eur, cents=False)),
        _kpi(t("xl_npv"), fmt.money(bc.npv_eur, cents=False)),
        _kpi(t("irr"), fmt.pct(bc.irr) if bc.irr is not None else t("rp_no_irr")),
        _kpi(t("roi"), fmt.pct(bc.roi) if bc.roi is not None else t("rp_no_irr")),
        _kpi(t("payback"), payback),
    ])
    seg_labels = SEGMENT_LABELS[lang]
    seg_rows = "".join(
        f"<tr><td>{e(seg_labels[s])}</td><td class='n'>{e(fmt.num(result.segments.counts[s]))}</td>"
        f"<td class='n'>{e(fmt.money(result.segments.revenue_eur[s], cents=False))}</td></tr>"
        for s in SEGMENTS
    )
    ext_pay = (t("rp_months", m=fmt.num(ext.payback_months, digits=1)) if ext.payback_months is not None
               else t("rp_none"))
    left = (
        f"<table><tr><th>{e(t('col_segment'))}</th><th class='n'>{e(t('t_customers'))}</th>"
        f"<th class='n'>{e(t('col_revenue'))}</th></tr>{seg_rows}</table>"
        f"<h3>{e(t('make_or_buy'))}</h3><table>"
        f"<tr><th></th><th class='n'>{e(t('xl_npv'))}</th><th class='n'>{e(t('irr'))}</th>"
        f"<th class='n'>{e(t('payback'))}</th></tr>"
        f"<tr><td>{e(t('xl_choice_internal'))}</td><td class='n'>{e(fmt.money(bc.npv_eur, cents=False))}</td>"
        f"<td class='n'>{e(fmt.pct(bc.irr) if bc.irr is not None else t('rp_no_irr'))}</td>"
        f"<td class='n'>{e(payback)}</td></tr>"
        f"<tr><td>{e(t('xl_choice_external'))}</td><td class='n'>{e(fmt.money(ext.npv_eur, cents=False))}</td>"
        f"<td class='n'>{e(fmt.pct(ext.irr) if ext.irr is not None else t('rp_no_irr'))}</td>"
        f"<td class='n'>{e(ext_pay)}</td></tr></table>"
        f"<p class='note'>{e(t('rp_threshold_note'))}</p>"
    )
    key_names = key_assumptions(a, risk.get("tornado") if risk else None)
    key_rows = "".join(
        f"<tr><td>{e(assumption_label(name, lang))}</td>"
        f"<td class='n'>{e(_value_text(fmt, name, getattr(a, name), t))}</td></tr>" for name in key_names)
    right = (f"<h3 style='margin-top:0'>{e(t('rp_key_h'))}</h3><table>{key_rows}</table>"
             f"<p class='note'>{e(t('rp_key_note'))}</p>")
    cash = list(bc.cash_flows_eur)
    cum = _cumulative(cash)
    left += f"<h3>{e(t('rp_cash_h'))}</h3>{_cash_svg(cash, cum, fmt, t)}"
    out.append(f"<section><h2>{e(t('rp_answer_h'))}</h2><div class='kpis'>{kpis}</div>"
               f"<div class='cols'><div>{left}</div><div>{right}</div></div></section>")
    out.append(_risk_section(risk, bc.npv_eur, fmt, t, lang))
    # page 2: the levers, then the appendix
    out.append(f"<div class='appendix'>{levers_section(result, lang, currency=fmt.currency)}<h2>{e(t('rp_appendix_h'))}</h2>")
    default = Assumptions()
    names = list(SPECS)
    half = (len(names) + 1) // 2
    head = (f"<tr><th>{e(t('scn_assumption'))}</th><th class='n'>{e(t('p_value'))}</th>"
            f"<th class='n'>{e(t('rp_default'))}</th></tr>")
    tables = "".join(
        "<div><table>" + head + "".join(
            f"<tr><td>{e(assumption_label(name, lang))}</td>"
            f"<td class='n'>{e(_value_text(fmt, name, getattr(a, name), t))}</td>"
            f"<td class='n'>{e(_value_text(fmt, name, getattr(default, name), t))}</td></tr>"
            for name in part) + "</table></div>"
        for part in (names[:half], names[half:]))
    out.append(f"<section><h3>{e(t('rp_all_assumptions_h'))}</h3><div class='cols'>{tables}</div></section>")
    cash_rows = "".join(
        f"<tr><td>{i}</td><td class='n'>{e(fmt.money(c, cents=False))}</td>"
        f"<td class='n'>{e(fmt.money(cu, cents=False))}</td></tr>"
        for i, (c, cu) in enumerate(zip(cash, cum, strict=True))
    )
    draws_text = fmt.num(risk["draws"]) if risk and _finite(risk.get("draws")) else "–"
    out.append(
        f"<section><div class='cols'><div><h3>{e(t('rp_cash_table_h'))}</h3>"
        f"<table><tr><th>{e(t('y_year'))}</th><th class='n'>{e(t('y_cash'))}</th>"
        f"<th class='n'>{e(t('y_cumulative'))}</th></tr>{cash_rows}</table></div>"
        f"<div><h3>{e(t('rp_method_h'))}</h3><p class='note'>"
        f"{e(t('rp_method', accounts=fmt.num(a.accounts_per_rep), rate=fmt.pct(a.discount_rate), years=a.horizon_years, draws=draws_text))}"
        f"</p></div></div></section>")
    if tracking is not None:
        out.append(_tracking_section(tracking, fmt, t, lang))
    out.append("</div></body></html>")
    return "\n".join(out)


#: the assumptions a board report always shows on its first page (the tornado's top ones are added)
KEY_ASSUMPTIONS = ("capture_rate", "churn_baseline", "churn_program", "inside_rep_annual_cost", "accounts_per_rep",
                   "cm_rate", "setup_cost", "external_cost_per_rep", "discount_rate", "horizon_years")


def key_assumptions(assumptions: Assumptions, tornado: pd.DataFrame | None = None, *, top: int = 3) -> list[str]:
    """Names of the assumptions that carry the result: :data:`KEY_ASSUMPTIONS`, then the
    ``top`` largest swings of the tornado not yet among them (changed or not).

    >>> key_assumptions(Assumptions())[:3]
    ['capture_rate', 'churn_baseline', 'churn_program']
    """
    names = list(KEY_ASSUMPTIONS)
    if isinstance(tornado, pd.DataFrame) and "name" in tornado.columns:
        extra = [str(n) for n in tornado["name"].head(top) if str(n) in SPECS and str(n) not in names]
        names += extra
    return names


def go_decision(result: ModelResult) -> dict[str, Any]:
    """Go or no-go, as :func:`calc.verdict.verdict` decides it: "go" only if the better of own
    team and provider has an NPV above 0 within the horizon; then ``option`` names it
    (``"internal"`` or ``"external"``), else ``None``.
    """
    v = verdict(result.internal, result.external)
    return {"go": v.pays_off, "option": v.variant if v.pays_off else None, "npv_eur": v.npv_eur}


def _risk_section(risk: Mapping[str, Any] | None, base_npv: float, fmt: Formatter, t: Callable[..., str], lang: str) -> str:
    if not risk:
        return f"<section><h2>{e(t('rp_risk_h'))}</h2><p>{e(t('rp_no_risk'))}</p></section>"
    parts = [f"<section><h2>{e(t('rp_risk_h'))}</h2>"]
    kpis = []
    if _finite(risk.get("p_positive")):
        kpis.append(f"{e(t('rp_p_positive'))}: <b>{e(fmt.pct(float(risk['p_positive']), digits=0))}</b>")
    if all(_finite(risk.get(k)) for k in ("p10", "p50", "p90")):
        kpis.append(f"{e(t('rp_p_range'))}: <b>" + e(" / ".join(fmt.money(float(risk[k]), cents=False)
                                                             for k in ("p10", "p50", "p90"))) + "</b>")
    if kpis:
        parts.append(f"<p>{' · '.join(kpis)}</p>")
    tornado = risk.get("tornado")
    if isinstance(tornado, pd.DataFrame) and not tornado.empty:
        top = tornado.head(6)
        rows = [(assumption_label(str(r["name"]), lang), float(r["npv_low_eur"]), float(r["npv_high_eur"]))
                for _, r in top.iterrows()]
        base = float(top["base_npv_eur"].iloc[0]) if "base_npv_eur" in top.columns else base_npv
        parts.append(f"<h3>{e(t('rp_tornado'))}</h3>{_tornado_svg(rows, base, fmt, t)}")
    parts.append("</section>")
    return "".join(parts)


# ------------------------------------------------------------------------------ plan against actual
def check_figures(check: Check, lang: str, *, currency: str = DEFAULT_CURRENCY) -> tuple[str, str]:
    """A check's target (with its comparison sign) and actual figure as text in ``lang``.

    >>> from calc.tracking import Check
    >>> check_figures(Check("churn", "met", 0.10, 0.078, "", ""), "de")
    ('≤ 10\xa0%', '7,8\xa0%')
    """
    fmt, t = Formatter(lang, currency=currency), translator(lang)
    name, target, actual = check.name, check.target, check.actual
    if name == "reclustered":
        target_text = t("track_target_list")
    elif target is None:
        target_text = "–"
    elif name == "revenue":
        target_text = "≥ " + fmt.money(target, cents=False)
    else:
        target_text = {"churn": "≤ ", "market_share": "> "}.get(name, "≥ ") + fmt.pct(target, digits=1)
    if actual is None:
        actual_text = "–"
    elif name == "reclustered":
        actual_text = t("track_customers", n=fmt.num(actual))
    elif name == "revenue":
        actual_text = fmt.money(actual, cents=False)
    else:
        actual_text = fmt.pct(actual, digits=1)
    return target_text, actual_text


def _tracking_section(tr: TrackingResult, fmt: Formatter, t: Callable[..., str], lang: str) -> str:
    kpis = "".join([
        _kpi(t("track_rev_baseline"), fmt.money(tr.revenue_baseline_eur, cents=False)),
        _kpi(t("track_rev_plan"), fmt.money(tr.revenue_plan_eur, cents=False)),
        _kpi(t("track_rev_actual", year=tr.year), fmt.money(tr.revenue_actual_eur, cents=False)),
    ])
    rows = []
    for check in tr.checks:
        target, actual = check_figures(check, lang, currency=fmt.currency)
        rows.append(
            f"<tr><td>{e(check.label(lang))}</td><td class='n'>{e(target)}</td><td class='n'>{e(actual)}</td>"
            f"<td class='v-{e(check.verdict)}'>{e(VERDICT_ICONS[check.verdict])} {e(t('verdict_' + check.verdict))}"
            f"</td><td>{e(check.reason(lang))}</td></tr>")
    return (
        f"<section><h2>{e(t('rp_track_h'))}</h2>"
        f"<p>{e(t('rp_track_scope', year=tr.year, covered=fmt.num(tr.covered), missing=fmt.num(tr.missing)))}</p>"
        f"<div class='kpis'>{kpis}</div>"
        f"<table><tr><th>{e(t('rp_track_check'))}</th><th class='n'>{e(t('track_target'))}</th>"
        f"<th class='n'>{e(t('track_actual'))}</th><th>{e(t('rp_track_verdict'))}</th><th></th></tr>"
        f"{''.join(rows)}</table></section>"
    )
