"""Assign the covered customers to named inside-sales reps (``IS-01``, ``IS-02`` ...).

Rules, in order of priority:

1. **The plan.**  The reps are those the business case pays for (``result.team``):
   with a ``region`` column ``ceil(n_g / accounts_per_rep)`` reps for each region g
   (:func:`calc.model.region_reps`), so no rep carries more than ``accounts_per_rep``
   customers; customers without a region fill the reps with room, and extra reps take
   what does not fit.  Without regions ``ceil(n / accounts_per_rep)`` reps for all.
2. **Count balance.**  Within a region (or overall) no rep carries more than one
   customer above another.
3. **Revenue balance.**  Within each group the customers are sorted by current revenue
   (descending; revenue below 0 counts as 0, as in the business case) and dealt out in
   "snake" order (reps 1..k, then k..1, ...).  Each round gives every rep one customer,
   and all values of a round are at least those of the next round, so the rep totals
   of one group differ by at most the largest single revenue of that group:
   ``max_total - min_total <= max_revenue`` (telescoping over the rounds; proved in
   the tests by a property test).  Spread ``(max - min) / mean <= max_revenue / mean``.

An explicit number of reps (``reps=``) overrides the plan: the reps are then shared
over the regions in proportion to their customers (largest remainder, every region at
least one rep); with fewer reps than regions, regions are ignored (``by_region=False``
forces this too).  A roster (:mod:`calc.roster`) names the reps; placeholder reps for
the customers it has no room for follow the plan by region.

Everything is vectorised over customers; only regions are looped over.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import numpy as np
import pandas as pd
import xlsxwriter

from .errors import AssumptionError
from .export_xlsx import TEXT_SAFE_OPTIONS, text_cells
from .model import ModelResult, region_codes, region_reps
from .safe import to_csv_bytes
from .texts import DEFAULT_CURRENCY, SEGMENT_LABELS, Formatter, check_currency, check_lang, text, translator

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "HANDOVER_COLUMNS",
    "handover",
    "handover_warnings",
    "assign_reps",
    "assignment_stats",
    "REP_TABLE_COLUMNS",
    "rep_table",
    "spread_text",
    "assignments_csv",
    "assignments_xlsx",
    "rep_names",
]

ASSIGNMENT_COLUMNS = (
    "customer_id", "name", "segment", "assigned_rep", "field_rep", "region",
    "revenue_current_eur", "potential_eur", "share_of_wallet",
)

#: header keys of the hand-over's columns in :mod:`calc.texts` (money columns get " (EUR)")
_HEADER_KEYS = {"customer_id": "col_customer_id", "name": "col_name", "segment": "col_segment",
                "assigned_rep": "crm_col_assigned_rep", "field_rep": "col_field_rep", "region": "col_region",
                "revenue_current_eur": "col_revenue_current_eur", "potential_eur": "col_potential_eur",
                "share_of_wallet": "col_share_of_wallet"}


def _headers(lang: str, currency: str = DEFAULT_CURRENCY) -> dict[str, str]:
    t = translator(lang)
    code = check_currency(currency)
    return {col: t(key) + (f" ({code})" if col.endswith("_eur") else "") for col, key in _HEADER_KEYS.items()}


def _segment_labels(lang: str) -> dict[str, str]:
    """The exports' segment labels; the hand-over says just "inactive" (its customers are all customers)."""
    return {**SEGMENT_LABELS[lang], "inactive": text("crm_segment_inactive", lang)}


def rep_names(reps: int) -> list[str]:
    """``IS-01`` .. ``IS-<reps>`` (at least two digits, more when needed).

    >>> rep_names(3)
    ['IS-01', 'IS-02', 'IS-03']
    """
    width = max(2, len(str(reps)))
    return [f"IS-{i:0{width}d}" for i in range(1, reps + 1)]


def _snake(values: np.ndarray, k: int) -> np.ndarray:
    """0-based rep index per value: sorted descending, dealt out 0..k-1, k-1..0, ..."""
    n = values.size
    order = np.argsort(-values, kind="stable")
    pos = np.arange(n)
    rnd, p = np.divmod(pos, k)
    rep = np.where(rnd % 2 == 0, p, k - 1 - p)
    out = np.empty(n, dtype=int)
    out[order] = rep
    return out


def _largest_remainder(counts: np.ndarray, k: int) -> np.ndarray:
    """Split ``k`` reps over groups proportionally to ``counts``; every group at least 1 (k >= groups)."""
    total = counts.sum()
    quota = k * counts / total
    alloc = np.floor(quota).astype(int)
    rest = k - alloc.sum()
    if rest > 0:
        # largest remainder first; ties: the larger group
        order = np.lexsort((-counts, -(quota - alloc)))
        alloc[order[:rest]] += 1
    while (alloc == 0).any():  # give every region a rep, taken where a rep has the fewest customers
        zero = int(np.flatnonzero(alloc == 0)[0])
        load = np.where(alloc >= 2, counts / np.maximum(alloc, 1), np.inf)
        donor = int(np.argmin(load))
        alloc[donor] -= 1
        alloc[zero] += 1
    return alloc


def _planned(key: np.ndarray, codes: np.ndarray, regions: int, accounts_per_rep: int) -> tuple[np.ndarray, int]:
    """Rep index per customer under the plan by region (module rule 1) and the number of reps.

    ``codes`` are region codes (``-1``: no region).  Each region's customers are dealt in snake
    order to its ``ceil(n_g / accounts_per_rep)`` reps; customers without a region fill the reps
    with room (:func:`_fill`), then extra reps."""
    n = key.size
    rep = np.full(n, -1, dtype=int)
    if not n:
        return rep, 0
    counts = np.bincount(codes[codes >= 0], minlength=regions)
    blank = np.flatnonzero(codes < 0)
    per_region, extra = region_reps(counts, accounts_per_rep=accounts_per_rep, no_region=blank.size)
    offset = 0
    for g in np.flatnonzero(per_region):
        idx = np.flatnonzero(codes == g)
        rep[idx] = offset + _snake(key[idx], int(per_region[g]))
        offset += int(per_region[g])
    if blank.size:
        room = accounts_per_rep - np.bincount(rep[rep >= 0], minlength=offset)
        got = _fill(key[blank], room) if offset else np.full(blank.size, -1, dtype=int)
        taken = got >= 0
        rep[blank[taken]] = got[taken]
        rest = blank[~taken]
        if rest.size:
            rep[rest] = offset + _snake(key[rest], extra)
    return rep, offset + extra


def _text(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table.columns:
        return pd.Series([pd.NA] * len(table), index=table.index, dtype=object)
    return table[column].astype(object)


def assign_reps(result: ModelResult, *, reps: int | None = None, by_region: bool = True,
                roster: pd.DataFrame | None = None) -> pd.DataFrame:
    """Assign every covered customer to exactly one inside-sales rep.

    Parameters
    ----------
    result
        The model result; its covered customers (``customers["covered"]``) are assigned.
    reps
        Number of reps; default: the plan of ``result.team`` (by region where the data has a
        ``region`` column, so that no rep carries more than ``accounts_per_rep``; module rule 1).
    by_region
        Keep reps within regions where the data has a ``region`` column (default).  False
        deals all covered customers to ``ceil(n / accounts_per_rep)`` reps.
    roster
        Named reps (:func:`calc.roster.read_roster`: ``name``, ``crm_user``, ``region``,
        ``capacity``).  Each takes customers of its region (a rep without a region: of any
        region) up to its capacity (``accounts_per_rep`` where not given), revenue-balanced
        by the snake order among the reps with room; placeholder reps (``IS-01`` ...)
        take only what the roster cannot, ``ceil(rest / accounts_per_rep)`` of them.  The
        result then has a ``crm_user`` column.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ASSIGNMENT_COLUMNS`, one row per covered customer, sorted by
        rep and descending revenue.  ``region``, ``name`` and ``field_rep`` are
        missing values where the data has no such column.

    Raises
    ------
    AssumptionError
        If ``reps`` is below 1 while there are covered customers.

    Examples
    --------
    >>> from calc import Assumptions, compute
    >>> data = pd.DataFrame({"customer_id": list("abcd"), "revenue": [100.0, 400.0, 300.0, 200.0]})
    >>> df = assign_reps(compute(data, Assumptions()), reps=2)
    >>> df.groupby("assigned_rep")["revenue_current_eur"].sum().to_dict()
    {'IS-01': 500.0, 'IS-02': 500.0}
    """
    if roster is not None and len(roster):
        return _assign_roster(result, roster, by_region=by_region)
    table = result.customers
    covered = table[table["covered"].to_numpy(dtype=bool)]
    n = len(covered)
    if reps is None and not by_region:
        reps = math.ceil(n / result.assumptions.accounts_per_rep)
    k = result.team.reps if reps is None else reps
    if n and (not isinstance(k, (int, np.integer)) or k < 1):
        raise AssumptionError(key="err_reps_whole", values={"value": repr(k)}, name="reps")
    revenue = covered["revenue_current_eur"].to_numpy(dtype=float)
    key = np.maximum(np.nan_to_num(revenue, nan=0.0), 0.0)
    region = _text(covered, "region")
    rep = np.zeros(n, dtype=int)
    codes, region_names = region_codes(covered)
    if reps is None and codes is not None and n:
        rep, k = _planned(key, codes, len(region_names), result.assumptions.accounts_per_rep)
    elif n:
        region_key = region.fillna("").astype(str).str.strip().to_numpy()
        groups, inverse, counts = np.unique(region_key, return_inverse=True, return_counts=True)
        use_regions = by_region and "region" in covered.columns and 1 < groups.size <= k
        if use_regions:
            alloc = _largest_remainder(counts.astype(float), int(k))
            offsets = np.concatenate([[0], np.cumsum(alloc)[:-1]])
            for g in range(groups.size):
                idx = np.flatnonzero(inverse == g)
                rep[idx] = offsets[g] + _snake(key[idx], int(alloc[g]))
        else:
            rep = _snake(key, int(k))
    names = np.array(rep_names(int(k)) if n else [], dtype=object)
    out = pd.DataFrame({
        "customer_id": covered["customer_id"].astype(object).to_numpy(),
        "name": _text(covered, "name").to_numpy(),
        "segment": covered["segment"].astype(str).to_numpy(),
        "assigned_rep": names[rep] if n else np.array([], dtype=object),
        "field_rep": _text(covered, "field_rep").to_numpy(),
        "region": region.to_numpy(),
        "revenue_current_eur": revenue,
        "potential_eur": covered["potential_eur"].to_numpy(dtype=float),
        "share_of_wallet": covered["share_of_wallet"].to_numpy(dtype=float),
    })
    out["_key"] = key
    out = out.sort_values(["assigned_rep", "_key"], ascending=[True, False], kind="stable")
    return out.drop(columns="_key").reset_index(drop=True)


def _fill(keys: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Deal customers (sorted by ``keys`` descending) in snake order to reps with room; -1 where none has room."""
    out = np.full(keys.size, -1, dtype=int)
    room = room.copy()
    order = np.argsort(-keys, kind="stable")
    forward = True
    pos = 0
    while pos < order.size and (room > 0).any():
        open_reps = np.flatnonzero(room > 0)
        for r in (open_reps if forward else open_reps[::-1]):
            if pos >= order.size:
                break
            out[order[pos]] = r
            room[r] -= 1
            pos += 1
        forward = not forward
    return out


def _assign_roster(result: ModelResult, roster: pd.DataFrame, *, by_region: bool) -> pd.DataFrame:
    a = result.assumptions
    table = result.customers
    covered = table[table["covered"].to_numpy(dtype=bool)]
    n = len(covered)
    revenue = covered["revenue_current_eur"].to_numpy(dtype=float)
    key = np.maximum(np.nan_to_num(revenue, nan=0.0), 0.0)
    region = _text(covered, "region")
    region_key = region.fillna("").astype(str).str.strip().str.casefold().to_numpy()
    names = roster["name"].astype(str).tolist()
    caps = roster["capacity"].to_numpy(dtype=float)
    room = np.where(np.isnan(caps), float(a.accounts_per_rep), caps).astype(int)
    rep_region = [("" if r is None or r != r else str(r).strip().casefold()) for r in roster["region"]]
    rep = np.full(n, -1, dtype=int)
    # 1. reps with a region take their region's customers; 2. reps without a region take what is left
    if by_region and "region" in covered.columns:
        for g in sorted({r for r in rep_region if r}):
            reps_g = np.array([i for i, r in enumerate(rep_region) if r == g], dtype=int)
            idx = np.flatnonzero((region_key == g) & (rep < 0))
            got = _fill(key[idx], room[reps_g])
            taken = got >= 0
            rep[idx[taken]] = reps_g[got[taken]]
            np.subtract.at(room, reps_g[got[taken]], 1)
        free = np.array([i for i, r in enumerate(rep_region) if not r], dtype=int)
    else:
        free = np.arange(len(names), dtype=int)
    idx = np.flatnonzero(rep < 0)
    if free.size and idx.size:
        got = _fill(key[idx], room[free])
        taken = got >= 0
        rep[idx[taken]] = free[got[taken]]
        np.subtract.at(room, free[got[taken]], 1)
    # 3. placeholders for the rest
    rest = np.flatnonzero(rep < 0)
    all_names = list(names)
    crm = [None if u is None or u != u else str(u) for u in roster["crm_user"]]
    if rest.size:
        codes, regions = region_codes(covered)
        if codes is None or not by_region:
            codes, regions = np.full(n, -1, dtype=int), ()
        planned, k = _planned(key[rest], codes[rest], len(regions), a.accounts_per_rep)
        taken = set(names)
        placeholder = [p for p in rep_names(k + len(names)) if p not in taken][:k]
        rep[rest] = len(all_names) + planned
        all_names += placeholder
        crm += [None] * k
    name_arr = np.array(all_names, dtype=object)
    crm_arr = np.array(crm, dtype=object)
    out = pd.DataFrame({
        "customer_id": covered["customer_id"].astype(object).to_numpy(),
        "name": _text(covered, "name").to_numpy(),
        "segment": covered["segment"].astype(str).to_numpy(),
        "assigned_rep": name_arr[rep] if n else np.array([], dtype=object),
        "field_rep": _text(covered, "field_rep").to_numpy(),
        "region": region.to_numpy(),
        "revenue_current_eur": revenue,
        "potential_eur": covered["potential_eur"].to_numpy(dtype=float),
        "share_of_wallet": covered["share_of_wallet"].to_numpy(dtype=float),
        "crm_user": crm_arr[rep] if n else np.array([], dtype=object),
    })
    out["_order"] = rep
    out["_key"] = key
    out = out.sort_values(["_order", "_key"], ascending=[True, False], kind="stable")
    return out.drop(columns=["_order", "_key"]).reset_index(drop=True)


def assignment_stats(df: pd.DataFrame) -> dict[str, float | int]:
    """Balance of an assignment: customers and revenue per rep.

    Revenue counts as ``max(revenue_current_eur, 0)`` (as in the business case).

    Returns
    -------
    dict
        ``reps`` (reps with customers), ``customers``, ``customers_per_rep_min``,
        ``customers_per_rep_max``, ``revenue_per_rep_min_eur``,
        ``revenue_per_rep_max_eur``, ``revenue_per_rep_mean_eur``,
        ``revenue_spread`` = (max - min) / mean (0 where the mean is 0),
        ``max_revenue_eur`` (largest single revenue: the proven bound of max - min
        within a group) and ``count_spread_within_region_max`` (largest max - min of
        customers per rep within one region; 0 or 1 by construction for the customers
        with a region; those without one fill the reps with room and may spread more).
    """
    if df.empty:
        return {"reps": 0, "customers": 0, "customers_per_rep_min": 0, "customers_per_rep_max": 0,
                "revenue_per_rep_min_eur": 0.0, "revenue_per_rep_max_eur": 0.0, "revenue_per_rep_mean_eur": 0.0,
                "revenue_spread": 0.0, "max_revenue_eur": 0.0, "count_spread_within_region_max": 0}
    rev = np.maximum(df["revenue_current_eur"].to_numpy(dtype=float), 0.0)
    frame = pd.DataFrame({"rep": df["assigned_rep"].to_numpy(), "rev": rev,
                          "region": df["region"].fillna("").astype(str).to_numpy()})
    per_rep = frame.groupby("rep")["rev"].agg(["size", "sum"])
    mean = float(per_rep["sum"].mean())
    lo, hi = float(per_rep["sum"].min()), float(per_rep["sum"].max())
    within = frame.groupby(["region", "rep"]).size().groupby(level=0).agg(lambda s: s.max() - s.min())
    return {
        "reps": int(len(per_rep)),
        "customers": int(len(df)),
        "customers_per_rep_min": int(per_rep["size"].min()),
        "customers_per_rep_max": int(per_rep["size"].max()),
        "revenue_per_rep_min_eur": lo,
        "revenue_per_rep_max_eur": hi,
        "revenue_per_rep_mean_eur": mean,
        "revenue_spread": (hi - lo) / mean if mean > 0 else 0.0,
        "max_revenue_eur": float(rev.max()),
        "count_spread_within_region_max": int(within.max()),
    }


REP_TABLE_COLUMNS = ("assigned_rep", "region", "customers", "revenue_current_eur", "potential_eur")


def rep_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per rep of an assignment: its region(s), customers, current revenue and potential.

    ``region`` lists the regions of the rep's customers (", "-joined; missing where none has one).
    Revenue counts as ``max(revenue_current_eur, 0)``, as in the business case.

    Examples
    --------
    >>> df = pd.DataFrame({"assigned_rep": ["IS-01", "IS-01", "IS-02"], "region": ["Nord", "Nord", None],
    ...                    "revenue_current_eur": [100.0, -5.0, 50.0], "potential_eur": [900.0, 10.0, 500.0]})
    >>> rep_table(df).to_dict("records")[0]
    {'assigned_rep': 'IS-01', 'region': 'Nord', 'customers': 2, 'revenue_current_eur': 100.0, 'potential_eur': 910.0}
    """
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c.endswith("_eur") else object) for c in REP_TABLE_COLUMNS})
    frame = pd.DataFrame({
        "assigned_rep": df["assigned_rep"].astype(object).to_numpy(),
        "region": df["region"].astype(object).to_numpy(),
        "revenue_current_eur": np.maximum(df["revenue_current_eur"].to_numpy(dtype=float), 0.0),
        "potential_eur": df["potential_eur"].to_numpy(dtype=float),
    })
    grouped = frame.groupby("assigned_rep", sort=False)

    def regions(values: pd.Series) -> object:
        found = sorted({str(v).strip() for v in values if v is not None and v == v and str(v).strip()})
        return ", ".join(found) if found else None

    out = pd.DataFrame({
        "region": grouped["region"].agg(regions),
        "customers": grouped.size(),
        "revenue_current_eur": grouped["revenue_current_eur"].sum(),
        "potential_eur": grouped["potential_eur"].sum(),
    }).reset_index()
    out["customers"] = out["customers"].astype(int)
    return out.loc[:, list(REP_TABLE_COLUMNS)]


def spread_text(df: pd.DataFrame, result: ModelResult, *, lang: str = "de") -> str:
    """The spread in words: "Each rep carries 344–400 customers; plan: 400." (in ``lang``).

    A rep above ``accounts_per_rep`` (a roster's capacity or an explicit number of reps) adds
    a warning; regions that cost reps beyond ``ceil(n / accounts_per_rep)`` are named.
    """
    check_lang(lang)
    fmt = Formatter(lang)
    stats = assignment_stats(df)
    plan = result.assumptions.accounts_per_rep
    lo, hi = stats["customers_per_rep_min"], stats["customers_per_rep_max"]
    span = fmt.num(lo) if lo == hi else f"{fmt.num(lo)}–{fmt.num(hi)}"
    out = [text("crm_spread_words", lang, span=span, plan=fmt.num(plan))]
    if hi > plan:
        out.append(text("crm_over_plan", lang, most=fmt.num(hi), plan=fmt.num(plan)))
    team = result.team
    if team.region_plan and team.reps > team.reps_without_regions:
        out.append(text("crm_region_reps", lang, reps=fmt.num(team.reps), regions=fmt.num(sum(1 for r in team.region_plan if r[0])),
                        without=fmt.num(team.reps_without_regions)))
    return " ".join(out)


HANDOVER_COLUMNS = (
    "effective_date", "scenario_name", "customer_id", "name", "segment", "segment_reason", "handed_to",
    "assigned_rep", "crm_user", "field_rep", "region", "postcode", "industry",
    "revenue_current_eur", "potential_eur", "share_of_wallet",
)

_HEADER_KEYS.update({"effective_date": "crm_col_effective_date", "scenario_name": "crm_col_scenario",
                     "segment_reason": "crm_col_segment_reason", "handed_to": "crm_col_handed_to",
                     "crm_user": "crm_col_crm_user", "postcode": "col_postcode", "industry": "col_industry"})


def handover(result: ModelResult, assignment: pd.DataFrame, *, effective_date: dt.date, scenario_name: str,
             lang: str = "de", currency: str = DEFAULT_CURRENCY) -> pd.DataFrame:
    """The CRM hand-over: the assignment plus the potential customers handed to their field rep.

    Every row carries the effective date (ISO ``YYYY-MM-DD``), the scenario's name, the
    segment and why (revenue against the revenue threshold, potential against the potential
    threshold, in ``lang``), postcode and industry where the data has them, the field rep
    beside the inside-sales rep, and ``handed_to`` (inside sales or field rep).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HANDOVER_COLUMNS`: first the rows of ``assignment`` in its order,
        then the customers of segment ``potential`` by field rep and descending potential.
    """
    check_lang(lang)
    t = translator(lang)
    fmt = Formatter(lang, currency=currency)
    table = result.customers.set_index(result.customers["customer_id"].astype(object))
    threshold = result.field_cost.revenue_threshold_eur
    pot_threshold = result.assumptions.potential_threshold
    pot = table[table["segment"].astype(str) == "potential"]
    pot_rows = pd.DataFrame({
        "customer_id": pot["customer_id"].astype(object).to_numpy(),
        "name": _text(pot, "name").to_numpy(),
        "segment": "potential",
        "assigned_rep": _text(pot, "field_rep").to_numpy(),
        "crm_user": None,
        "field_rep": _text(pot, "field_rep").to_numpy(),
        "region": _text(pot, "region").to_numpy(),
        "revenue_current_eur": pot["revenue_current_eur"].to_numpy(dtype=float),
        "potential_eur": pot["potential_eur"].to_numpy(dtype=float),
        "share_of_wallet": pot["share_of_wallet"].to_numpy(dtype=float),
    }).sort_values(["field_rep", "potential_eur"], ascending=[True, False], kind="stable", na_position="last")
    inside = assignment.copy()
    if "crm_user" not in inside.columns:
        inside["crm_user"] = None
    inside["handed_to"] = t("crm_handed_inside")
    pot_rows["handed_to"] = t("crm_handed_field")
    out = pd.concat([inside, pot_rows], ignore_index=True)
    ids = out["customer_id"].astype(object)
    for col in ("postcode", "industry"):
        out[col] = _text(table, col).reindex(ids).to_numpy()
    rev = out["revenue_current_eur"].to_numpy(dtype=float)
    potential = out["potential_eur"].to_numpy(dtype=float)
    reasons = []
    for seg, r, p in zip(out["segment"].astype(str), rev, potential, strict=True):
        rel_r = "≥" if r >= threshold else "<"
        rel_p = "≥" if p >= pot_threshold else "<"
        reasons.append(t("crm_reason", seg=SEGMENT_LABELS[lang].get(seg, seg),
                         rev=fmt.money(r, cents=False), rel_r=rel_r, thr=fmt.money(threshold, cents=False),
                         pot=fmt.money(p, cents=False), rel_p=rel_p, pthr=fmt.money(pot_threshold, cents=False)))
    out["segment_reason"] = reasons
    out["effective_date"] = effective_date.isoformat()
    out["scenario_name"] = scenario_name
    return out.loc[:, list(HANDOVER_COLUMNS)]


def handover_warnings(result: ModelResult, *, lang: str = "de") -> list[str]:
    """What the user should know before importing the hand-over (in ``lang``): a data file
    without a field-rep column leaves the field-rep cells empty."""
    if "field_rep" not in result.customers.columns or result.customers["field_rep"].isna().all():
        return [text("crm_warn_no_field_rep", lang)]
    return []


def _localised(df: pd.DataFrame, lang: str, currency: str = DEFAULT_CURRENCY) -> pd.DataFrame:
    check_lang(lang)
    labels = _segment_labels(lang)
    columns = HANDOVER_COLUMNS if "effective_date" in df.columns else ASSIGNMENT_COLUMNS
    out = df.loc[:, list(columns)].copy()
    out["segment"] = out["segment"].map(lambda s: labels.get(s, s)).astype(object)
    return out.rename(columns=_headers(lang, currency))


def assignments_csv(df: pd.DataFrame, *, lang: str = "de", currency: str = DEFAULT_CURRENCY) -> bytes:
    """The assignment as CSV (:func:`calc.safe.to_csv_bytes`: BOM, ``;``/decimal comma for German); the money
    columns' headers name ``currency``."""
    table = _localised(df, lang, currency)
    # money to the cent and share of wallet to 0.01 %: what a CRM import field holds
    headers = _headers(lang, currency)
    digits = {"revenue_current_eur": 2, "potential_eur": 2, "share_of_wallet": 4}
    for col, d in digits.items():
        table[headers[col]] = table[headers[col]].round(d)
    return to_csv_bytes(table, lang=lang)


def assignments_xlsx(df: pd.DataFrame, *, lang: str = "de", currency: str = DEFAULT_CURRENCY) -> bytes:
    """The assignment as an XLSX sheet; text written as strings (never formulas), numbers as numbers."""
    table = _localised(df, lang, currency)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, dict(TEXT_SAFE_OPTIONS))
    ws = wb.add_worksheet(text("crm_sheet", lang))
    head = wb.add_format({"bold": True, "bottom": 1})
    money = wb.add_format({"num_format": Formatter(lang, currency=currency).excel_money_format})
    pct = wb.add_format({"num_format": "0.0%"})
    headers = _headers(lang, currency)
    numeric = {headers["revenue_current_eur"]: money, headers["potential_eur"]: money, headers["share_of_wallet"]: pct}
    formats = [numeric.get(h) for h in table.columns]
    for j, h in enumerate(table.columns):
        ws.write_string(0, j, h, head)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 32)
    ws.set_column(2, len(table.columns) - 1, 18)
    ws.freeze_panes(1, 0)
    cols = []
    for j, col in enumerate(table.columns):
        if formats[j] is None:
            cols.append(("s", text_cells(table[col])))
        else:
            cols.append(("n", table[col].to_numpy(dtype=float).tolist()))
    for i in range(len(table)):  # XlsxWriter writes cell by cell
        for j, (kind, vals) in enumerate(cols):
            v = vals[i]
            if kind == "s":
                if v is not None:
                    ws.write_string(i + 1, j, v)
            elif v == v:
                ws.write_number(i + 1, j, v, formats[j])
    wb.close()
    return buffer.getvalue()
