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
from .model import SEGMENTS, ModelResult
from .texts import SEGMENT_LABELS, Formatter, assumption_label, translator

__all__ = [
    "risk_summary", "risk_of", "html_report", "Formatter"]


_CSS = """
*{box-sizing:border-box}
body{font-family:"Segoe UI",Helvetica,Arial,sans-serif;color:#1d2733;margin:0 auto;max-width:60rem;
padding:1.5rem;line-height:1.4;font-size:14px}
h1{font-size:1.6rem;margin:0 0 1rem}
h2{font-size:1.15rem;margin:0 0 .5rem;border-bottom:2px solid #1f6f8b;padding-bottom:.2rem}
section{margin:0 0 1.2rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #d8dde3;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.6rem;margin:.5rem 0}
.kpi{border:1px solid #d8dde3;border-radius:6px;padding:.5rem .7rem}
.kpi .l{font-size:.8rem;color:#5a6775}.kpi .v{font-size:1.25rem;font-weight:600}
.choice{font-weight:600;background:#eef6f9;border-left:4px solid #1f6f8b;padding:.4rem .7rem}
.note{color:#5a6775;font-size:.85rem}
svg{max-width:100%;height:auto}
svg text{font-size:11px;fill:#1d2733}
.pos{fill:#2e8b57}.neg{fill:#c0392b}.line{fill:none;stroke:#1f6f8b;stroke-width:2}
@media print{
@page{size:A4;margin:12mm}
body{max-width:none;padding:0;font-size:10.5pt}
section{break-inside:avoid;page-break-inside:avoid}
h2{break-after:avoid;page-break-after:avoid}
.kpi{break-inside:avoid}
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
    return str(value)


# ------------------------------------------------------------------------------ charts
def _cumulative(cash: Sequence[float]) -> list[float]:
    """Running sums of the cash flows, from 0.0."""
    return list(accumulate(cash, initial=0.0))[1:]


def _cash_svg(cash: Sequence[float], cum: Sequence[float], fmt: Formatter, t: Callable[..., str]) -> str:
    """Bars of the yearly cash flow and a line of the cumulative cash."""
    width, height, left, right, top, bottom = 640, 230, 80, 12, 12, 28
    lo = min(0.0, *cash, *cum)
    hi = max(0.0, *cash, *cum)
    if hi == lo:
        hi = lo + 1.0
    plot_h = height - top - bottom
    n = len(cash)
    slot = (width - left - right) / n

    def y(v: float) -> float:
        return top + (hi - v) / (hi - lo) * plot_h

    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{e(t("rp_cash_h"))}">']
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
        parts.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{height - 10}" text-anchor="middle">{i}</text>')
    points = " ".join(f"{left + (i + 0.5) * slot:.1f},{y(v):.1f}" for i, v in enumerate(cum))
    parts.append(f'<polyline class="line" points="{points}"><title>{e(t("y_cumulative"))}</title></polyline>')
    parts.append("</svg>")
    return "".join(parts)


def _tornado_svg(rows: list[tuple[str, float, float]], base: float, fmt: Formatter, t: Callable[..., str]) -> str:
    """Horizontal bars from the NPV at the low to the NPV at the high value, around the base NPV."""
    width, row_h, left, right, top = 640, 24, 230, 20, 10
    height = top + row_h * len(rows) + 24
    lo = min([base] + [min(a, b) for _, a, b in rows])
    hi = max([base] + [max(a, b) for _, a, b in rows])
    if hi == lo:
        hi = lo + 1.0

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (width - left - right)

    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{e(t("rp_tornado"))}">']
    for i, (label, a, b) in enumerate(rows):
        yy = top + i * row_h
        x0, x1 = sorted((x(a), x(b)))
        parts.append(f'<text x="{left - 6}" y="{yy + 16}" text-anchor="end">{e(label)}</text>')
        parts.append(f'<rect class="{"pos" if b >= a else "neg"}" x="{x0:.1f}" y="{yy + 4}" '
                     f'width="{max(x1 - x0, 0.5):.1f}" height="{row_h - 8}"><title>{e(label)}: '
                     f'{e(fmt.money(a, cents=False))} – {e(fmt.money(b, cents=False))}</title></rect>')
    bottom = top + row_h * len(rows)
    parts.append(f'<line x1="{x(base):.1f}" x2="{x(base):.1f}" y1="{top}" y2="{bottom}" stroke="#1d2733"/>')
    parts.append(f'<text x="{x(base):.1f}" y="{bottom + 16}" text-anchor="middle">'
                 f'{e(fmt.money(base, cents=False))}</text>')
    parts.append("</svg>")
    return "".join(parts)


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
) -> str:
    """The board one-pager as a self-contained HTML document.

    Parameters
    ----------
    result
        The model result to report.
    lang
        ``"en"`` or ``"de"``.
    data_label
        What the data is (usually the file name); shown escaped.
    risk
        Optional risk analysis: ``{"tornado": DataFrame(name, npv_low_eur,
        npv_high_eur, ...), "p_positive": float, "p10": float, "p50": float,
        "p90": float}`` (:mod:`calc.sensitivity`, :mod:`calc.montecarlo`); any key may
        be missing.

    Returns
    -------
    str
        A complete HTML document (UTF-8, no external resources).

    Raises
    ------
    CalcError
        For an unknown ``lang``.
    """
    fmt = Formatter(lang)
    t = translator(lang)
    a = result.assumptions
    out: list[str] = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(t('rp_title'))} – {e(data_label)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(t('rp_title'))}</h1>",
        f"<section><h2>{e(t('rp_question_h'))}</h2><p>{e(t('rp_question'))}</p></section>",
    ]
    # the data
    years = result.revenue_years
    years_text = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else t("rp_latest12"))
    out.append(
        f"<section><h2>{e(t('rp_data_h'))}</h2><table>"
        f"<tr><th>{e(t('r_file'))}</th><td>{e(data_label)}</td></tr>"
        f"<tr><th>{e(t('r_customers'))}</th><td>{e(fmt.num(result.segments.customers_total))}</td></tr>"
        f"<tr><th>{e(t('rp_years'))}</th><td>{e(years_text)}</td></tr>"
        f"<tr><th>{e(t('rp_revenue_total'))}</th><td>{e(fmt.money(result.segments.revenue_total_eur, cents=False))}"
        f"</td></tr></table></section>"
    )
    # assumptions that differ
    changed = a.changed()
    default = Assumptions()
    if changed:
        rows = "".join(
            f"<tr><td>{e(assumption_label(name, lang))}</td><td class='n'>{e(_value_text(fmt, name, value, t))}</td>"
            f"<td class='n'>{e(_value_text(fmt, name, getattr(default, name), t))}</td></tr>"
            for name, value in changed.items()
        )
        body = (f"<table><tr><th>{e(t('scn_assumption'))}</th><th class='n'>{e(t('p_value'))}</th>"
                f"<th class='n'>{e(t('rp_default'))}</th></tr>{rows}</table>")
    else:
        body = f"<p>{e(t('rp_all_default'))}</p>"
    out.append(f"<section><h2>{e(t('rp_assumptions_h'))}</h2>{body}</section>")
    # the answer
    bc, ext, mob = result.internal, result.external, result.make_or_buy
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
    choice = t("xl_choice_external") if mob.choice == "external" else t("xl_choice_internal")
    ext_pay = (t("rp_months", m=fmt.num(ext.payback_months, digits=1)) if ext.payback_months is not None
               else t("rp_none"))
    out.append(
        f"<section><h2>{e(t('rp_answer_h'))}</h2><div class='kpis'>{kpis}</div>"
        f"<p class='note'>{e(t('rp_threshold_note'))}</p>"
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
        f"<p class='choice'>{e(t('rp_choice', choice=choice, adv=fmt.money(mob.advantage_eur, cents=False)))}</p>"
        f"</section>"
    )
    cash = list(bc.cash_flows_eur)
    cum = _cumulative(cash)
    cash_rows = "".join(
        f"<tr><td>{i}</td><td class='n'>{e(fmt.money(c, cents=False))}</td>"
        f"<td class='n'>{e(fmt.money(cu, cents=False))}</td></tr>"
        for i, (c, cu) in enumerate(zip(cash, cum, strict=True))
    )
    out.append(
        f"<section><h2>{e(t('rp_cash_h'))}</h2>{_cash_svg(cash, cum, fmt, t)}"
        f"<table><tr><th>{e(t('y_year'))}</th><th class='n'>{e(t('y_cash'))}</th>"
        f"<th class='n'>{e(t('y_cumulative'))}</th></tr>{cash_rows}</table></section>"
    )
    out.append(_risk_section(risk, bc.npv_eur, fmt, t, lang))
    out.append(f"<p class='note'>{e(t('rp_footer', rate=fmt.pct(a.discount_rate), years=a.horizon_years))}</p>")
    out.append("</body></html>")
    return "\n".join(out)


def _risk_section(risk: Mapping[str, Any] | None, base_npv: float, fmt: Formatter, t: Callable[..., str], lang: str) -> str:
    if not risk:
        return f"<section><h2>{e(t('rp_risk_h'))}</h2><p>{e(t('rp_no_risk'))}</p></section>"
    parts = [f"<section><h2>{e(t('rp_risk_h'))}</h2>"]
    kpis = []
    if _finite(risk.get("p_positive")):
        kpis.append(_kpi(t("rp_p_positive"), fmt.pct(float(risk["p_positive"]), digits=0)))
    if all(_finite(risk.get(k)) for k in ("p10", "p50", "p90")):
        kpis.append(_kpi(t("rp_p_range"), " / ".join(fmt.money(float(risk[k]), cents=False)
                                                  for k in ("p10", "p50", "p90"))))
    if kpis:
        parts.append(f"<div class='kpis'>{''.join(kpis)}</div>")
    tornado = risk.get("tornado")
    if isinstance(tornado, pd.DataFrame) and not tornado.empty:
        top = tornado.head(8)
        rows = [(assumption_label(str(r["name"]), lang), float(r["npv_low_eur"]), float(r["npv_high_eur"]))
                for _, r in top.iterrows()]
        base = float(top["base_npv_eur"].iloc[0]) if "base_npv_eur" in top.columns else base_npv
        table = "".join(
            f"<tr><td>{e(label)}</td><td class='n'>{e(fmt.money(lo, cents=False))}</td>"
            f"<td class='n'>{e(fmt.money(hi, cents=False))}</td></tr>" for label, lo, hi in rows
        )
        parts.append(f"<h3>{e(t('rp_tornado'))}</h3>{_tornado_svg(rows, base, fmt, t)}"
                     f"<table><tr><th>{e(t('scn_assumption'))}</th><th class='n'>{e(t('rp_npv_low'))}</th>"
                     f"<th class='n'>{e(t('rp_npv_high'))}</th></tr>{table}</table>")
    parts.append("</section>")
    return "".join(parts)
