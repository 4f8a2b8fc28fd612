"""Generate the app's built-in sample data: a synthetic German electrical wholesaler.

Run from the project root:

    .venv/bin/python sample_data/generate.py

Writes, next to this script:

* ``kunden.csv``          customer table, German CRM export (UTF-8 with BOM, ``;``,
                          decimal comma, ``1.234,56``, dates ``31.12.2025``)
* ``transaktionen.csv``   invoice lines of ~600 of those customers, 2023-2025, German
                          ERP export (cp1252, ``;``, decimal comma, no amount column)
* ``customers_en.xlsx``   the first 300 customers, English headers, real numbers
* ``kunden_folgejahr.csv`` the same wholesaler one year later (revenue 2022-2026), in
                          the format of ``kunden.csv`` plus a ``Potenzial`` column: the
                          year after the inside-sales team started, to try tracking
                          (``python -m calc track``)

Everything is synthetic and deterministic (fixed seed). For the transaction subset,
the invoice lines add up to the customer's ``Umsatz 2023``-``Umsatz 2025`` (within
a few cents of rounding per line) and the number of 2025 invoices equals
``Aufträge 12 Monate``; the last 2025 invoice date is ``Letzte Bestellung``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261123
OUT_DIR = Path(__file__).parent
KUNDEN_CSV = OUT_DIR / "kunden.csv"
TRANSAKTIONEN_CSV = OUT_DIR / "transaktionen.csv"
CUSTOMERS_XLSX = OUT_DIR / "customers_en.xlsx"
FOLLOWUP_CSV = OUT_DIR / "kunden_folgejahr.csv"

N_CUSTOMERS = 5000
YEARS = np.array([2021, 2022, 2023, 2024, 2025])
TX_YEARS = np.array([2023, 2024, 2025])
FOLLOWUP_YEAR = 2026
FOLLOWUP_YEARS = np.array([2022, 2023, 2024, 2025, 2026])
# The follow-up year draws from its own generator, so kunden.csv & co. stay as they are.
FOLLOWUP_SEED = SEED + FOLLOWUP_YEAR

# Intended segment mix under the model's defaults (threshold 8,593.75 EUR, potential
# threshold 50,000 EUR at 9,000 EUR per employee). "small" takes the remainder.
SEGMENT_COUNTS = {"key": 600, "potential": 400, "inactive": 400, "no_revenue": 75}

# Defaults of the model, used only for the self-check printed at the end.
REVENUE_THRESHOLD = 8593.75
POTENTIAL_THRESHOLD = 50000.0
POTENTIAL_PER_EMPLOYEE = 9000.0
EMPLOYEES_DEFAULT = 3

KUNDEN_HEADER = [
    "Kundennummer",
    "Name",
    "Branche",
    "PLZ",
    "Region",
    "Mitarbeiter",
    "Besuche 12 Monate",
    "DB-Quote",
    "Außendienst",
    "Umsatz 2021",
    "Umsatz 2022",
    "Umsatz 2023",
    "Umsatz 2024",
    "Umsatz 2025",
    "Aufträge 12 Monate",
    "Letzte Bestellung",
]
FOLLOWUP_HEADER = [
    *KUNDEN_HEADER[:6],
    "Potenzial",
    *KUNDEN_HEADER[6:9],
    *[f"Umsatz {y}" for y in FOLLOWUP_YEARS],
    *KUNDEN_HEADER[14:],
]
TX_HEADER = [
    "Belegdatum",
    "Belegnummer",
    "Kunden-Nr.",
    "Kundenname",
    "Artikelnummer",
    "Menge",
    "Einzelpreis",
]

SURNAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brandt",
    "Haas",
    "Schreiber",
    "Graf",
    "Schulte",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Kühn",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Thomas",
    "Voigt",
    "Sauer",
    "Arnold",
    "Wolff",
    "Pfeiffer",
    "Lindner",
    "Ernst",
    "Hübner",
    "Kramer",
    "Franz",
    "Jansen",
    "Dörr",
    "Brückner",
    "Gößmann",
    "Löffler",
    "Nüßlein",
    "Bäumer",
    "Förster",
    "Rößler",
    "Kößler",
    "Weißenberger",
    "Öztürk",
    "Yildiz",
    "Kowalski",
    "Nowak",
    "Hüsken",
    "Strüver",
    "Jürgens",
    "Wöhrle",
    "Südhoff",
    "Mößner",
    "Lüdtke",
    "Büttner",
    "Schüler",
    "Grüning",
    "Thielemann",
    "Wendt",
    "Brinkmann",
    "Janßen",
    "Ostendorf",
    "Overbeck",
    "Hölscher",
    "Eichhorn",
    "Rademacher",
    "Kötter",
    "Sänger",
    "Hagedorn",
    "Wiesner",
    "Pütz",
    "Kranz",
]

FIRST_NAMES = [
    "Thomas",
    "Michael",
    "Andreas",
    "Stefan",
    "Frank",
    "Markus",
    "Jürgen",
    "Uwe",
    "Klaus",
    "Ralf",
    "Sven",
    "Jörg",
    "Matthias",
    "Christian",
    "Tobias",
    "Daniel",
    "Sebastian",
    "Florian",
    "Martin",
    "Sabine",
    "Petra",
    "Andrea",
    "Katrin",
    "Jens",
    "Dirk",
    "Björn",
    "Torsten",
    "Günter",
    "Holger",
    "Maik",
    "René",
    "Kai",
    "Lars",
    "Nicole",
    "Anja",
    "Timo",
]

# Patterns per industry; {S}, {T} surnames, {F} first name, {C} city.
NAME_PATTERNS = {
    "Elektroinstallation": [
        "Elektro {S} GmbH",
        "Elektro {S}",
        "{S} Elektrotechnik e.K.",
        "Elektro-{S} GmbH & Co. KG",
        "{F} {S} Elektroinstallationen",
        "{S} & {T} Elektro GbR",
        "Elektrotechnik {S} GmbH",
        "Elektromeister {F} {S}",
        "{S} Elektro- und Haustechnik GmbH",
        "E-Technik {S} UG (haftungsbeschränkt)",
        "Elektro {S} Inh. {F} {S}",
        "Elektro {S} & Sohn GmbH",
        "{S}-{T} Elektro GmbH",
        "Elektroservice {F} {S}",
        "{S} Elektroanlagen GmbH",
        "Elektro {S} {C}",
    ],
    "Gebäudetechnik": [
        "Haustechnik {S} GmbH & Co. KG",
        "{S} Gebäudetechnik GmbH",
        "{S} Energie- und Gebäudetechnik GmbH",
        "Gebäudesystemtechnik {S} GmbH",
        "{S} & {T} Haustechnik GmbH",
        "{S} Smart Home Solutions GmbH",
        "{S} Sicherheitstechnik GmbH",
        "Solartechnik {S} GmbH",
    ],
    "Industrie": [
        "{S} Maschinenbau GmbH",
        "{S} Anlagenbau GmbH & Co. KG",
        "{S} Metallverarbeitung AG",
        "{S} Industrieservice GmbH",
        "{S} Automation GmbH",
        "{S} & {T} Kunststofftechnik GmbH",
        "{S} Antriebstechnik GmbH",
        "{S} Schaltanlagenbau GmbH",
    ],
    "Handwerk sonstige": [
        "Sanitär {S} GmbH",
        "Schreinerei {S}",
        "Heizung-Sanitär {S} e.K.",
        "Malerbetrieb {F} {S}",
        "Dachdeckerei {S} GmbH",
        "Metallbau {S}",
        "{S} Haustechnik Heizung Sanitär",
        "Tischlerei {S} GmbH",
    ],
    "Öffentliche Hand": [
        "Stadtwerke {C}",
        "Stadt {C} – Gebäudemanagement",
        "Landkreis {C}",
        "Gemeinde {C} Bauhof",
        "Klinikum {C}",
        "Zweckverband Abwasser {C}",
        "Hochschule {C} – Liegenschaften",
    ],
    "Wiederverkäufer": [
        "{S} Elektrohandel GmbH",
        "Elektrofachmarkt {S}",
        "{S} Elektro-Vertrieb KG",
        "Leuchten {S} GmbH",
        "{S} Elektro-Großhandel GmbH",
    ],
}
SPECIAL_PATTERNS = [  # exercise the CSV quoting: semicolons and quotes in names
    'Elektro "Blitz" {S} GmbH',
    "Elektro {S} GmbH; Niederlassung {C}",
    '"Lichtblick" {S} Elektrotechnik',
    "{S} & {T}; Elektro + Sanitär GbR",
]

INDUSTRIES = list(NAME_PATTERNS)
# Industry mix per segment (order as INDUSTRIES).
INDUSTRY_MIX = {
    "small": [0.80, 0.06, 0.02, 0.10, 0.01, 0.01],
    "potential": [0.70, 0.15, 0.08, 0.05, 0.02, 0.00],
    "key": [0.50, 0.18, 0.15, 0.04, 0.07, 0.06],
    "inactive": [0.78, 0.06, 0.03, 0.11, 0.01, 0.01],
    "no_revenue": [0.80, 0.08, 0.04, 0.08, 0.00, 0.00],
}

# Two-digit postcode areas with a representative city.
POSTCODE_AREAS = {
    "01": "Dresden",
    "02": "Görlitz",
    "03": "Cottbus",
    "04": "Leipzig",
    "06": "Halle",
    "07": "Jena",
    "08": "Zwickau",
    "09": "Chemnitz",
    "10": "Berlin",
    "12": "Berlin",
    "13": "Berlin",
    "14": "Potsdam",
    "15": "Frankfurt (Oder)",
    "16": "Eberswalde",
    "17": "Neubrandenburg",
    "18": "Rostock",
    "19": "Schwerin",
    "20": "Hamburg",
    "21": "Lüneburg",
    "22": "Hamburg",
    "23": "Lübeck",
    "24": "Kiel",
    "25": "Itzehoe",
    "26": "Oldenburg",
    "27": "Bremerhaven",
    "28": "Bremen",
    "29": "Celle",
    "30": "Hannover",
    "31": "Hildesheim",
    "32": "Herford",
    "33": "Bielefeld",
    "34": "Kassel",
    "35": "Gießen",
    "36": "Fulda",
    "37": "Göttingen",
    "38": "Braunschweig",
    "39": "Magdeburg",
    "40": "Düsseldorf",
    "41": "Mönchengladbach",
    "42": "Wuppertal",
    "44": "Dortmund",
    "45": "Essen",
    "46": "Oberhausen",
    "47": "Duisburg",
    "48": "Münster",
    "49": "Osnabrück",
    "50": "Köln",
    "51": "Köln",
    "52": "Aachen",
    "53": "Bonn",
    "54": "Trier",
    "55": "Mainz",
    "56": "Koblenz",
    "57": "Siegen",
    "58": "Hagen",
    "59": "Hamm",
    "60": "Frankfurt am Main",
    "61": "Bad Homburg",
    "63": "Offenbach",
    "64": "Darmstadt",
    "65": "Wiesbaden",
    "66": "Saarbrücken",
    "67": "Ludwigshafen",
    "68": "Mannheim",
    "69": "Heidelberg",
    "70": "Stuttgart",
    "71": "Böblingen",
    "72": "Tübingen",
    "73": "Göppingen",
    "74": "Heilbronn",
    "75": "Pforzheim",
    "76": "Karlsruhe",
    "77": "Offenburg",
    "78": "Konstanz",
    "79": "Freiburg",
    "80": "München",
    "81": "München",
    "82": "Starnberg",
    "83": "Rosenheim",
    "84": "Landshut",
    "85": "Ingolstadt",
    "86": "Augsburg",
    "87": "Kempten",
    "88": "Friedrichshafen",
    "89": "Ulm",
    "90": "Nürnberg",
    "91": "Erlangen",
    "92": "Amberg",
    "93": "Regensburg",
    "94": "Passau",
    "95": "Hof",
    "96": "Bamberg",
    "97": "Würzburg",
    "98": "Suhl",
    "99": "Erfurt",
}
# Sales region by the postcode's first digit.
REGION_BY_DIGIT = {
    "0": "Ost",
    "1": "Ost",
    "2": "Nord",
    "3": "Mitte",
    "4": "West",
    "5": "West",
    "6": "Mitte",
    "7": "Südwest",
    "8": "Süd",
    "9": "Süd",
}
FIELD_REPS = {
    "Nord": ["Jan Petersen"],
    "Ost": ["Ronny Kretschmer", "Katrin Vogel"],
    "Mitte": ["Heike Brandt", "Dirk Sommerfeld"],
    "West": ["Frank Schmitz", "Stefan Hüsken", "Claudia Brückner"],
    "Südwest": ["Jürgen Häußler"],
    "Süd": ["Andreas Huber", "Sabine Gruber", "Florian Weiß"],
}

EN_INDUSTRY = {
    "Elektroinstallation": "Electrical installation",
    "Gebäudetechnik": "Building services",
    "Industrie": "Industry",
    "Handwerk sonstige": "Other trades",
    "Öffentliche Hand": "Public sector",
    "Wiederverkäufer": "Reseller",
}
EN_REGION = {
    "Nord": "North",
    "Ost": "East",
    "Süd": "South",
    "West": "West",
    "Mitte": "Central",
    "Südwest": "Southwest",
}


# --------------------------------------------------------------------------- helpers


def truncated_lognormal(rng, n, median, sigma, low, high):
    """Log-normal draws restricted to [low, high] by redrawing the outliers."""
    out = rng.lognormal(np.log(median), sigma, n)
    bad = (out < low) | (out > high)
    while bad.any():
        out[bad] = rng.lognormal(np.log(median), sigma, bad.sum())
        bad = (out < low) | (out > high)
    return out


def _holidays():
    """German nationwide public holidays 2021-2026 (no invoices on these days)."""
    easter = np.array(
        ["2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31", "2025-04-20", "2026-04-05"],
        dtype="datetime64[D]",
    )
    fixed = [
        f"{y}-{md}"
        for y in [*YEARS, FOLLOWUP_YEAR]
        for md in ("01-01", "05-01", "10-03", "12-25", "12-26")
    ]
    moving = np.concatenate([easter + np.timedelta64(k, "D") for k in (-2, 1, 39, 50)])
    return np.sort(np.concatenate([np.array(fixed, dtype="datetime64[D]"), moving]))


HOLIDAYS = _holidays()


def business_day(start, offset, roll="forward"):
    """The business day `offset` working days after `start` (weekends, holidays skipped)."""
    return np.busday_offset(
        np.asarray(start, dtype="datetime64[D]"),
        np.asarray(offset),
        roll=roll,
        holidays=HOLIDAYS,
    )


def year_start(years):
    return (np.asarray(years) - 1970).astype("datetime64[Y]").astype("datetime64[D]")


def business_days_between(start, end):
    return np.busday_count(start, end, holidays=HOLIDAYS)


def de_number(values, decimals=2):
    """Format numbers German style: 12.345,67; NaN becomes an empty string."""
    s = pd.Series(values, dtype="float64")
    txt = s.map(lambda v: "" if np.isnan(v) else f"{v:,.{decimals}f}")
    return txt.str.replace(",", "_").str.replace(".", ",").str.replace("_", ".")


def de_date(days):
    s = pd.Series(days)
    return s.dt.strftime("%d.%m.%Y").fillna("")


def group_normalise(weights, groups):
    """weights / sum of weights within each group (groups: int codes)."""
    totals = np.bincount(groups, weights=weights)
    return weights / totals[groups]


# --------------------------------------------------------------------------- customers


def make_customers(rng):
    n = N_CUSTOMERS
    seg_sizes = dict(SEGMENT_COUNTS)
    seg_sizes["small"] = n - sum(SEGMENT_COUNTS.values())
    segment = np.concatenate([np.full(k, s) for s, k in seg_sizes.items()])
    segment = segment[rng.permutation(n)]
    is_ = {s: segment == s for s in seg_sizes}

    ids = np.sort(rng.choice(np.arange(10001, 30000), n, replace=False))
    kundennummer = np.array([f"{i:05d}" for i in ids])

    # Industry
    branche = np.empty(n, dtype=object)
    for seg, mask in is_.items():
        branche[mask] = rng.choice(INDUSTRIES, mask.sum(), p=INDUSTRY_MIX[seg])

    # Postcode, region, field rep
    prefixes = np.array(list(POSTCODE_AREAS))
    pref_idx = rng.integers(0, len(prefixes), n)
    prefix = prefixes[pref_idx]
    plz = np.char.add(prefix, np.char.zfill(rng.integers(1, 1000, n).astype(str), 3))
    city = np.array([POSTCODE_AREAS[p] for p in prefix])
    region = np.array([REGION_BY_DIGIT[p[0]] for p in prefix])
    rep = np.array(
        [FIELD_REPS[r][i % len(FIELD_REPS[r])] for r, i in zip(region, pref_idx, strict=True)]
    )

    # Revenue 2025 by segment
    rev = np.zeros((n, len(YEARS)))
    r25 = np.zeros(n)
    r25[is_["small"]] = truncated_lognormal(
        rng, is_["small"].sum(), 2500, 0.8, 300, 8000
    )
    r25[is_["potential"]] = truncated_lognormal(
        rng, is_["potential"].sum(), 3500, 0.7, 500, 8500
    )
    r25[is_["key"]] = truncated_lognormal(
        rng, is_["key"].sum(), 24000, 1.0, 9000, 400000
    )
    rev[:, -1] = r25

    # History backwards from 2025: per-customer trend plus +/-20 % yearly noise.
    trend = np.select(
        [is_["small"], is_["potential"], is_["key"]],
        [
            rng.normal(-0.06, 0.05, n),
            rng.normal(-0.01, 0.05, n),
            rng.normal(0.02, 0.05, n),
        ],
        0.0,
    )
    for j in range(len(YEARS) - 2, -1, -1):
        noise = np.clip(rng.normal(0, 0.09, n), -0.2, 0.2)
        rev[:, j] = rev[:, j + 1] / np.exp(trend + noise)
    # Some active customers were only won in recent years.
    start_year = np.where(
        rng.random(n) < 0.12, rng.choice([2022, 2023, 2024, 2025], n), 2021
    )
    start_year[is_["key"]] = np.where(rng.random(is_["key"].sum()) < 0.05, 2023, 2021)

    # Inactive: bought until a last year in 2021-2024, nothing since.
    ina = np.flatnonzero(is_["inactive"])
    last_year = rng.choice([2021, 2022, 2023, 2024], len(ina), p=[0.15, 0.2, 0.3, 0.35])
    last_rev = truncated_lognormal(rng, len(ina), 1500, 1.0, 150, 60000)
    ina_trend = rng.normal(-0.15, 0.1, len(ina))
    for j, year in enumerate(YEARS):
        noise = np.clip(rng.normal(0, 0.09, len(ina)), -0.2, 0.2)
        val = last_rev * np.exp(-(ina_trend + noise) * (last_year - year))
        rev[ina, j] = np.where(year <= last_year, val, 0.0)
    start_year[ina] = np.where(
        rng.random(len(ina)) < 0.1, np.minimum(last_year, 2022), 2021
    )
    rev[YEARS[None, :] < start_year[:, None]] = 0.0
    rev = np.round(rev, 2)

    # Credit notes: a few customers end up negative in one earlier year, and a few
    # inactive customers get a small credit note in 2025.
    cn = np.flatnonzero(is_["small"] & (rng.random(n) < 0.012))
    cn_year = rng.integers(0, 4, len(cn))
    rev[cn, cn_year] = -np.round(rng.uniform(20, 400, len(cn)), 2)
    cn_ina = ina[rng.random(len(ina)) < 0.05]
    rev[cn_ina, -1] = -np.round(rng.uniform(15, 250, len(cn_ina)), 2)

    # Employees
    emp = np.zeros(n)
    small_like = is_["small"] | is_["inactive"]
    emp[small_like] = rng.choice(
        [1, 2, 3, 4, 5], small_like.sum(), p=[0.2, 0.29, 0.25, 0.15, 0.11]
    )
    npot = is_["potential"].sum()
    emp[is_["potential"]] = np.minimum(6 + rng.geometric(0.25, npot) - 1, 20)
    emp[is_["key"]] = np.clip(
        np.round(r25[is_["key"]] / 1500 * rng.lognormal(0, 0.35, is_["key"].sum())),
        6,
        300,
    )
    emp[is_["no_revenue"]] = rng.integers(1, 11, is_["no_revenue"].sum())
    unknown = (~is_["potential"]) & (rng.random(n) < 0.087)
    emp[unknown] = np.nan

    # Field visits in the last 12 months
    visits = np.zeros(n, dtype=int)
    visits[is_["small"]] = rng.choice(
        [0, 1, 2, 3, 4], is_["small"].sum(), p=[0.58, 0.24, 0.12, 0.04, 0.02]
    )
    visits[is_["potential"]] = rng.integers(1, 5, npot)
    visits[is_["key"]] = np.clip(
        np.round(
            6
            + 9 * (np.log(r25[is_["key"]]) - np.log(9000)) / np.log(400000 / 9000)
            + rng.normal(0, 1.5, is_["key"].sum())
        ),
        6,
        15,
    )
    visits[is_["inactive"]] = (rng.random(len(ina)) < 0.1).astype(int)
    visits[is_["no_revenue"]] = (rng.random(is_["no_revenue"].sum()) < 0.08).astype(int)

    # Contribution margin rate
    cm = np.select(
        [is_["key"], is_["potential"]],
        [rng.uniform(18, 26, n), rng.uniform(25, 33, n)],
        rng.uniform(28, 36, n),
    )
    cm = np.round(cm, 1)
    cm[(rng.random(n) < 0.14) | is_["no_revenue"]] = np.nan

    # Orders in the last 12 months (2025), consistent with revenue.
    orders = np.zeros(n, dtype=int)
    aov = rng.lognormal(np.log(350), 0.3, n)
    orders[is_["small"]] = np.clip(np.round(r25 / aov), 2, 15)[is_["small"]]
    orders[is_["potential"]] = np.clip(np.round(r25 / aov), 2, 20)[is_["potential"]]
    orders[is_["key"]] = np.clip(np.round(r25 / (aov * 2)), 20, 200)[is_["key"]]

    # Last order date
    gap = np.minimum(rng.exponential(250 / (orders + 1)), 220).astype(int)
    last_order = business_day(np.datetime64("2025-12-30"), -gap, roll="backward")
    last_active = np.full(n, 2025)
    last_active[ina] = last_year
    in_year = business_day(year_start(last_active), rng.integers(10, 245, n))
    last_order = np.where(is_["inactive"], in_year, last_order)
    last_order = last_order.astype("datetime64[D]")
    last_order_ns = last_order.astype("datetime64[ns]")
    last_order_ns[is_["no_revenue"]] = np.datetime64("NaT")

    names = make_names(rng, branche, city)

    return pd.DataFrame(
        {
            "id": kundennummer,
            "name": names,
            "branche": branche,
            "plz": plz,
            "region": region,
            "emp": emp,
            "visits": visits,
            "cm": cm,
            "rep": rep,
            **{f"r{y}": rev[:, j] for j, y in enumerate(YEARS)},
            "orders": orders,
            "last_order": last_order_ns,
            "segment": segment,
        }
    )


def make_names(rng, branche, city):
    n = len(branche)
    names = np.empty(n, dtype=object)
    todo = np.arange(n)
    for _ in range(30):
        if len(todo) == 0:
            break
        s = rng.choice(SURNAMES, len(todo))
        t = rng.choice(SURNAMES, len(todo))
        f = rng.choice(FIRST_NAMES, len(todo))
        pats = [rng.choice(NAME_PATTERNS[b]) for b in branche[todo]]
        special = rng.random(len(todo)) < 0.002
        pats = [
            rng.choice(SPECIAL_PATTERNS) if sp else p for p, sp in zip(pats, special, strict=True)
        ]
        names[todo] = [
            p.format(S=a, T=b, F=c, C=d)
            for p, a, b, c, d in zip(pats, s, t, f, city[todo], strict=True)
        ]
        dup = pd.Series(names).duplicated(keep="first").to_numpy()
        todo = np.flatnonzero(dup)
    for i in todo:  # leftovers: distinguish by the city, as a CRM user would
        names[i] = f"{names[i]} ({city[i]})"
    return names


def write_kunden(df, path=KUNDEN_CSV, years=YEARS, header=KUNDEN_HEADER):
    potential = (
        {"Potenzial": de_number(df["potential"], 0)} if "Potenzial" in header else {}
    )
    out = pd.DataFrame(
        {
            "Kundennummer": df["id"],
            "Name": df["name"],
            "Branche": df["branche"],
            "PLZ": df["plz"],
            "Region": df["region"],
            "Mitarbeiter": de_number(df["emp"], 0),
            **potential,
            "Besuche 12 Monate": df["visits"].astype(str),
            "DB-Quote": de_number(df["cm"], 1).where(df["cm"].notna(), "")
            + np.where(df["cm"].notna(), " %", ""),
            "Außendienst": df["rep"],
            **{f"Umsatz {y}": de_number(df[f"r{y}"], 2) for y in years},
            "Aufträge 12 Monate": df["orders"].astype(str),
            "Letzte Bestellung": de_date(df["last_order"]),
        }
    )
    assert list(out.columns) == header
    out.to_csv(
        path,
        sep=";",
        index=False,
        encoding="utf-8-sig",
        quoting=csv.QUOTE_MINIMAL,
        lineterminator="\r\n",
    )


# --------------------------------------------------------------------------- transactions


def make_catalog(rng, n=1500):
    prices = np.round(np.clip(rng.lognormal(np.log(12), 1.6, n), 0.19, 2500), 2)
    prices = np.sort(prices)
    numbers = rng.choice(np.arange(100000, 9999999), n, replace=False)
    artnr = np.array([f"{a:07d}" for a in numbers])
    return artnr, prices


def make_transactions(rng, cust):
    seg = cust["segment"].to_numpy()
    rev = cust[[f"r{y}" for y in TX_YEARS]].to_numpy()
    ok = (rev >= 0).all(axis=1)
    recent_inactive = (seg == "inactive") & (rev[:, :2] > 0).any(axis=1)
    want = {"small": 435, "potential": 45, "key": 65, "inactive": 55}
    pick = []
    for s, k in want.items():
        pool = np.flatnonzero(ok & (seg == s) & ((s != "inactive") | recent_inactive))
        pick.append(rng.choice(pool, k, replace=False))
    sub = np.sort(np.concatenate(pick))
    c = cust.iloc[sub].reset_index(drop=True)
    m = len(c)
    r = c[[f"r{y}" for y in TX_YEARS]].to_numpy()
    orders25 = c["orders"].to_numpy()
    is_key = (c["segment"] == "key").to_numpy()

    # Orders per customer-year
    aov = np.where(
        orders25 > 0,
        r[:, 2] / np.maximum(orders25, 1),
        rng.lognormal(np.log(350), 0.3, m),
    )
    n_orders = np.clip(np.round(r / aov[:, None]), 1, 200).astype(int)
    n_orders[:, 2] = orders25
    n_orders[r <= 0] = 0
    cy_cust = np.repeat(np.arange(m), 3)
    cy_year = np.tile(TX_YEARS, m)
    cy_rev = r.ravel()
    cy_n = n_orders.ravel()
    n_cy = len(cy_rev)
    cy_id = np.arange(n_cy)

    # Credit notes: a quarter of the customer-years get one (1-2 lines) worth 1-8 %.
    has_cn = (cy_n > 0) & (rng.random(n_cy) < 0.25)
    cn_share = np.where(has_cn, rng.uniform(0.01, 0.08, n_cy), 0.0)
    gross = cy_rev * (1 + cn_share)

    # Invoices
    o_cy = np.repeat(cy_id, cy_n)
    o_w = group_normalise(rng.lognormal(0, 0.8, len(o_cy)), o_cy)
    o_amount = gross[o_cy] * o_w
    o_year = cy_year[o_cy]
    o_cust = cy_cust[o_cy]
    jan1 = year_start(o_year)
    last = c["last_order"].to_numpy().astype("datetime64[D]")[o_cust]
    last_year = last.astype("datetime64[Y]").astype(int) + 1970
    in_last_year = last_year == o_year
    span = np.where(in_last_year, business_days_between(jan1, last), 250)
    o_date = business_day(jan1, (rng.random(len(o_cy)) * span).astype(int))
    # the customer's last invoice of its last active year falls on "Letzte Bestellung"
    first_of_cy = np.r_[True, o_cy[1:] != o_cy[:-1]]
    o_date = np.where(first_of_cy & in_last_year, last, o_date)
    o_credit = np.zeros(len(o_cy), dtype=bool)

    # Credit-note documents
    cn_cy = np.flatnonzero(has_cn)
    cn_year = cy_year[cn_cy]
    cn_jan1 = year_start(cn_year)
    cn_last = c["last_order"].to_numpy().astype("datetime64[D]")[cy_cust[cn_cy]]
    cn_span = np.where(
        cn_last.astype("datetime64[Y]").astype(int) + 1970 == cn_year,
        business_days_between(cn_jan1, cn_last),
        250,
    )
    cn_date = business_day(cn_jan1, (rng.random(len(cn_cy)) * cn_span).astype(int))
    o_cy = np.r_[o_cy, cn_cy]
    o_amount = np.r_[o_amount, -cy_rev[cn_cy] * cn_share[cn_cy]]
    o_date = np.r_[o_date, cn_date]
    o_credit = np.r_[o_credit, np.ones(len(cn_cy), dtype=bool)]
    o_cust = cy_cust[o_cy]

    # Lines per document
    lam = np.where(is_key[o_cust], 1.3, 1.0)
    n_lines = np.where(o_credit, rng.integers(1, 3, len(o_cy)), 1 + rng.poisson(lam))
    l_doc = np.repeat(np.arange(len(o_cy)), n_lines)
    l_amount = o_amount[l_doc] * group_normalise(
        rng.lognormal(0, 0.9, len(l_doc)), l_doc
    )

    # Quantity, article and unit price: amount = Menge x Einzelpreis
    artnr, prices = make_catalog(rng)
    qty = np.clip(np.round(rng.lognormal(np.log(4), 1.0, len(l_doc))), 1, 250)
    target = np.clip(np.abs(l_amount) / qty, prices[0], prices[-1])
    logp = np.log(prices)
    jitter = rng.normal(0, 0.05, len(l_doc))
    art = np.clip(np.searchsorted(logp, np.log(target) + jitter), 0, len(prices) - 1)
    qty = np.maximum(1, np.round(np.abs(l_amount) / prices[art]))
    unit = np.maximum(np.round(np.abs(l_amount) / qty, 2), 0.01)
    qty = np.where(l_amount < 0, -qty, qty).astype(int)

    tx = pd.DataFrame(
        {
            "date": o_date[l_doc],
            "doc": l_doc,
            "credit": o_credit[l_doc],
            "cust": o_cust[l_doc],
            "art": artnr[art],
            "qty": qty,
            "unit": unit,
        }
    )

    # Counter sales without a customer number (~0.5 % of lines)
    n_cash = round(len(tx) * 0.005)
    cash_date = business_day(np.datetime64("2023-01-02"), rng.integers(0, 745, n_cash))
    cash_art = rng.integers(0, len(prices) // 2, n_cash)
    cash = pd.DataFrame(
        {
            "date": cash_date,
            "doc": len(o_cy) + np.arange(n_cash),
            "credit": False,
            "cust": -1,
            "art": artnr[cash_art],
            "qty": np.clip(
                np.round(rng.lognormal(np.log(3), 0.8, n_cash)), 1, 50
            ).astype(int),
            "unit": prices[cash_art],
        }
    )
    tx = pd.concat([tx, cash], ignore_index=True)
    tx["cash"] = tx["cust"] < 0

    # Document numbers, sequential by date within each series and year
    tx = tx.sort_values(["date", "doc"], kind="stable").reset_index(drop=True)
    docs = tx.drop_duplicates("doc")[["doc", "date", "credit", "cash"]].copy()
    docs["year"] = docs["date"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    docs["series"] = np.where(docs["cash"], "K", np.where(docs["credit"], "G", "R"))
    docs["seq"] = docs.groupby(["series", "year"]).cumcount() + 1
    docs["belegnr"] = (
        docs["series"]
        + (docs["year"] % 100).astype(str).str.zfill(2)
        + docs["seq"].astype(str).str.zfill(6)
    )
    tx = tx.merge(docs[["doc", "belegnr"]], on="doc", how="left")

    ids = np.append(c["id"].to_numpy().astype(object), "")
    names = np.append(c["name"].to_numpy().astype(object), "Barverkauf Theke")
    out = pd.DataFrame(
        {
            "Belegdatum": de_date(tx["date"].to_numpy().astype("datetime64[ns]")),
            "Belegnummer": tx["belegnr"],
            "Kunden-Nr.": ids[tx["cust"].to_numpy()],
            "Kundenname": names[tx["cust"].to_numpy()],
            "Artikelnummer": tx["art"],
            "Menge": tx["qty"].astype(int),
            "Einzelpreis": tx["unit"].astype(float),
        }
    )
    assert list(out.columns) == TX_HEADER
    out.to_csv(
        TRANSAKTIONEN_CSV,
        sep=";",
        index=False,
        encoding="cp1252",
        decimal=",",
        float_format="%.2f",
        quoting=csv.QUOTE_MINIMAL,
        lineterminator="\r\n",
    )
    return out


# --------------------------------------------------------------------------- English xlsx


def write_customers_en(cust, n=300):
    import datetime

    import xlsxwriter

    c = cust.iloc[:n]
    wb = xlsxwriter.Workbook(CUSTOMERS_XLSX)
    wb.set_properties(
        {
            "title": "Sample customers (synthetic)",
            "author": "sample_data/generate.py",
            "created": datetime.datetime(2026, 1, 15, 9, 0, 0),
        }
    )
    ws = wb.add_worksheet("Customers")
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = wb.add_format({"num_format": "#,##0.00"})
    pct = wb.add_format({"num_format": "0.0%"})
    headers = [
        "Customer ID",
        "Company",
        "Industry",
        "Postcode",
        "Region",
        "Employees",
        "Visits 12m",
        "CM Rate",
        "Field Rep",
        "Revenue 2023",
        "Revenue 2024",
        "Revenue 2025",
    ]
    widths = [12, 42, 24, 10, 11, 11, 10, 9, 20, 14, 14, 14]
    for j, (h, w) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(0, j, h, head)
        ws.set_column(j, j, w)
    for i, row in enumerate(c.itertuples(index=False), start=1):
        ws.write_string(i, 0, row.id)
        ws.write_string(i, 1, row.name)
        ws.write_string(i, 2, EN_INDUSTRY[row.branche])
        ws.write_string(i, 3, row.plz)
        ws.write_string(i, 4, EN_REGION[row.region])
        if not np.isnan(row.emp):
            ws.write_number(i, 5, int(row.emp))
        ws.write_number(i, 6, int(row.visits))
        if not np.isnan(row.cm):
            ws.write_number(i, 7, round(row.cm / 100, 3), pct)
        ws.write_string(i, 8, row.rep)
        ws.write_number(i, 9, row.r2023, money)
        ws.write_number(i, 10, row.r2024, money)
        ws.write_number(i, 11, row.r2025, money)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(c), len(headers) - 1)
    wb.close()


# --------------------------------------------------------------------------- follow-up year


def make_followup(rng, cust):
    """The wholesaler one year later, after the inside-sales team took over the small customers.

    Small customers (the team's covered group under the defaults): 8 % are lost
    (2026 revenue 0; a third of those are deleted from the CRM and missing from the
    file), the others grow by about 6 % a year (log-normal, +/-15 %); 2.5 % of the
    larger ones grow past the revenue threshold (9,000-14,000 EUR: key accounts now),
    and the team has assessed a potential for 92 % of the survivors (``Potenzial``),
    filling in unknown employee counts; 2 % of those turn out to have 6-12 employees
    (potential customers now).  Field visits of the small customers drop to 0 (inside
    sales calls them), except for the promoted ones.  Key accounts and potential
    customers follow their trend; inactive customers stay at 0; 4 % of the prospects
    and 120 new customers start buying.
    """
    c = cust.copy()
    n = len(c)
    seg = c["segment"].to_numpy()
    small = seg == "small"
    r25 = c["r2025"].to_numpy()

    r26 = np.zeros(n)
    lost = small & (rng.random(n) < 0.08)
    keep = small & ~lost
    r26[keep] = r25[keep] * np.exp(rng.normal(0.06, 0.15, n))[keep]
    promote_key = keep & (r25 > 4000) & (rng.random(n) < 0.10)
    r26[promote_key] = rng.uniform(9000, 14000, n)[promote_key]
    trend = np.where(seg == "key", 0.02, -0.01)
    other = (seg == "key") | (seg == "potential")
    r26[other] = (r25 * np.exp(trend + np.clip(rng.normal(0, 0.09, n), -0.2, 0.2)))[other]
    starts = (seg == "no_revenue") & (rng.random(n) < 0.04)
    r26[starts] = rng.uniform(400, 3000, n)[starts]

    emp = c["emp"].to_numpy().copy()
    qualified = keep & (rng.random(n) < 0.92)
    emp[qualified & np.isnan(emp)] = rng.choice([1, 2, 3, 4, 5], n)[qualified & np.isnan(emp)]
    bigger = qualified & ~promote_key & (rng.random(n) < 0.02)
    emp[bigger] = rng.integers(6, 13, n)[bigger]
    potential = np.full(n, np.nan)
    assessed = np.round(emp * 9000 * rng.lognormal(0, 0.25, n), -2)
    potential[qualified] = np.maximum(assessed, r26)[qualified]
    pot_known = (seg == "potential") & (rng.random(n) < 0.5)
    potential[pot_known] = np.maximum(assessed, r26)[pot_known]

    visits = c["visits"].to_numpy().copy()
    visits[small] = 0
    visits[promote_key] = rng.integers(3, 7, n)[promote_key]

    aov = rng.lognormal(np.log(350), 0.3, n)
    orders = np.where(r26 > 0, np.clip(np.round(r26 / aov), 2, 200), 0).astype(int)
    gap = np.minimum(rng.exponential(250 / (orders + 1)), 220).astype(int)
    last_2026 = business_day(np.datetime64("2026-12-30"), -gap, roll="backward")
    last_order = c["last_order"].to_numpy().astype("datetime64[ns]")
    last_order = np.where(r26 > 0, last_2026.astype("datetime64[ns]"), last_order)

    c["emp"], c["potential"], c["visits"], c["orders"] = emp, potential, visits, orders
    c["r2026"], c["last_order"] = np.round(r26, 2), last_order
    c = c[~(lost & (rng.random(n) < 1 / 3))]

    # New customers of 2026: small craft businesses, ids not used before.
    m = 120
    used = set(cust["id"])
    free = np.array([i for i in range(10001, 30000) if f"{i:05d}" not in used])
    new_ids = np.sort(rng.choice(free, m, replace=False))
    pref_idx = rng.integers(0, len(POSTCODE_AREAS), m)
    prefix = np.array(list(POSTCODE_AREAS))[pref_idx]
    region = np.array([REGION_BY_DIGIT[p[0]] for p in prefix])
    city = np.array([POSTCODE_AREAS[p] for p in prefix])
    branche = rng.choice(INDUSTRIES, m, p=INDUSTRY_MIX["small"])
    new_emp = rng.choice([1, 2, 3, 4, 5], m).astype(float)
    new_r = np.round(truncated_lognormal(rng, m, 1500, 0.7, 300, 6000), 2)
    new_orders = np.clip(np.round(new_r / rng.lognormal(np.log(350), 0.3, m)), 1, 15).astype(int)
    new_last = business_day(
        np.datetime64("2026-12-30"), -rng.integers(0, 120, m), roll="backward"
    )
    new = pd.DataFrame(
        {
            "id": [f"{i:05d}" for i in new_ids],
            "name": make_names(rng, branche, city),
            "branche": branche,
            "plz": np.char.add(prefix, np.char.zfill(rng.integers(1, 1000, m).astype(str), 3)),
            "region": region,
            "emp": new_emp,
            "potential": np.where(
                rng.random(m) < 0.7, np.maximum(new_emp * 9000, new_r), np.nan
            ),
            "visits": 0,
            "cm": np.round(rng.uniform(28, 36, m), 1),
            "rep": [FIELD_REPS[r][i % len(FIELD_REPS[r])] for r, i in zip(region, pref_idx, strict=True)],
            **{f"r{y}": 0.0 for y in FOLLOWUP_YEARS[:-1]},
            "r2026": new_r,
            "orders": new_orders,
            "last_order": new_last.astype("datetime64[ns]"),
            "segment": "new",
        }
    )
    out = pd.concat([c, new], ignore_index=True).sort_values("id", kind="stable")
    write_kunden(out, FOLLOWUP_CSV, FOLLOWUP_YEARS, FOLLOWUP_HEADER)
    return out


# --------------------------------------------------------------------------- self-check


def _de_float(s):
    s = s.fillna("").astype(str).str.replace("%", "").str.strip()
    s = s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(s.replace("", np.nan))


def check():
    """Read the files back as a user's import would and print the segment mix."""
    k = pd.read_csv(
        KUNDEN_CSV, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    assert list(k.columns) == KUNDEN_HEADER, list(k.columns)
    years = [c for c in k.columns if c.startswith("Umsatz ")]
    rev = k[years].apply(_de_float)
    r = rev.iloc[:, -1]
    emp = _de_float(k["Mitarbeiter"]).fillna(EMPLOYEES_DEFAULT)
    pot = np.maximum(emp * POTENTIAL_PER_EMPLOYEE, r)
    earlier = (rev.iloc[:, :-1] > 0).any(axis=1)
    anyrev = (rev > 0).any(axis=1)
    seg = np.select(
        [
            ~anyrev,
            (r <= 0) & earlier,
            r >= REVENUE_THRESHOLD,
            pot >= POTENTIAL_THRESHOLD,
        ],
        ["no_revenue", "inactive", "key", "potential"],
        "small",
    )
    counts = pd.Series(seg).value_counts()
    print("kunden.csv rows:", len(k))
    print("segments:", counts.to_dict())
    small = seg == "small"
    visits = pd.to_numeric(k["Besuche 12 Monate"])
    print(
        "small: visits sum",
        int(visits[small].sum()),
        "| mean revenue 2025",
        round(float(r[small].mean()), 2),
        "| median",
        round(float(r[small].median()), 2),
    )
    print(
        "employees empty:",
        (k["Mitarbeiter"] == "").mean().round(3),
        "| DB-Quote empty:",
        (k["DB-Quote"] == "").mean().round(3),
        "| Elektroinstallation:",
        (k["Branche"] == "Elektroinstallation").mean().round(3),
    )

    t = pd.read_csv(
        TRANSAKTIONEN_CSV, sep=";", dtype=str, keep_default_na=False, encoding="cp1252"
    )
    assert list(t.columns) == TX_HEADER, list(t.columns)
    amount = pd.to_numeric(t["Menge"]) * _de_float(t["Einzelpreis"])
    year = t["Belegdatum"].str[-4:]
    no_id = t["Kunden-Nr."] == ""
    print(
        "transaktionen.csv rows:",
        len(t),
        "| customers:",
        t.loc[~no_id, "Kunden-Nr."].nunique(),
        "| without Kunden-Nr.:",
        int(no_id.sum()),
        "| credit lines:",
        int((pd.to_numeric(t["Menge"]) < 0).sum()),
    )
    agg = (
        amount[~no_id]
        .groupby([t.loc[~no_id, "Kunden-Nr."], year[~no_id]])
        .sum()
        .unstack(fill_value=0)
    )
    ref = rev.set_index(k["Kundennummer"]).loc[
        agg.index, [f"Umsatz {y}" for y in agg.columns]
    ]
    diff = agg.to_numpy() - ref.to_numpy()
    print(
        "transactions vs Umsatz per customer-year: max abs diff",
        round(float(np.abs(diff).max()), 2),
        "EUR, total diff",
        round(float(diff.sum()), 2),
        "EUR",
    )


def check_followup():
    """Read the follow-up year back and print what happened to the small customers."""
    k = pd.read_csv(KUNDEN_CSV, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    f = pd.read_csv(FOLLOWUP_CSV, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(f.columns) == FOLLOWUP_HEADER, list(f.columns)
    r25 = _de_float(k["Umsatz 2025"])
    emp = _de_float(k["Mitarbeiter"]).fillna(EMPLOYEES_DEFAULT)
    small = (r25 > 0) & (r25 < REVENUE_THRESHOLD) & (emp * POTENTIAL_PER_EMPLOYEE < POTENTIAL_THRESHOLD)
    ids = set(k.loc[small, "Kundennummer"])
    g = f[f["Kundennummer"].isin(ids)]
    r26 = _de_float(g["Umsatz 2026"])
    print(
        "kunden_folgejahr.csv rows:", len(f),
        "| new customers:", int((~f["Kundennummer"].isin(set(k["Kundennummer"]))).sum()),
        "| small of 2025:", len(ids),
        "missing:", len(ids) - len(g),
        "at 0:", int((r26 <= 0).sum()),
        "with Potenzial:", int((g["Potenzial"] != "").sum()),
        "| revenue 2025 -> 2026:", round(float(r25[small].sum())), "->", round(float(r26.sum())),
    )


def main():
    rng = np.random.default_rng(SEED)
    cust = make_customers(rng)
    write_kunden(cust)
    make_transactions(rng, cust)
    write_customers_en(cust)
    make_followup(np.random.default_rng(FOLLOWUP_SEED), cust)
    for p in (KUNDEN_CSV, TRANSAKTIONEN_CSV, CUSTOMERS_XLSX, FOLLOWUP_CSV):
        print(f"wrote {p.name}: {p.stat().st_size:,} bytes")
    check()
    check_followup()


if __name__ == "__main__":
    main()
