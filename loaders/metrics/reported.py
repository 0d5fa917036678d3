"""Figures reported in the press (July–October 2025), as a separate, cited province layer.

Source: ``reference/reported_figures_2025.csv`` beside the data directory (found from
:func:`loaders.paths.find_data_dir` or ``../shared/reference``); absent file → empty layer.
Each row keeps its citation: article title(s), URL(s) (several are separated by ``;``),
article date and a short Vietnamese quote. These are real reported figures of uneven quality,
mostly at province level: they are shown as "reported figures", never as commune data and
never mixed with imported or sample metrics. Some (snippets without a title in the source)
have no article URL: ``has_url`` is False and the UI should say the source link is missing.

``value`` prefixes are parsed into ``qualifier``: ``>`` more than, ``>=`` at least,
``~`` about, ``<``/``<=``. Province labels are resolved to the new (2025) province code:
"Hậu Giang (pre-merger; 2023)" is a former province (now Cần Thơ, ``pre_merger=True``),
"Thanh Hóa [inferred]" has ``inferred=True``, "Toàn quốc" is national (``scope="national"``,
no province code) and "(not stated)" is ``scope="unknown"``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from loaders.metrics.safety import escape_html

COLUMNS = [
    "province_code",
    "province_label",
    "scope",
    "pre_merger",
    "inferred",
    "commune_or_ward",
    "metric",
    "value_text",
    "qualifier",
    "value",
    "unit",
    "as_of_date",
    "article_title",
    "article_url",
    "article_date",
    "quote_vi",
    "has_url",
]
_QUALIFIER = re.compile(r"^\s*(>=|<=|>|<|~)?\s*(.*)$")


def reported_path() -> Path | None:
    """``reported_figures_2025.csv`` in the shared reference folder, or None."""
    from loaders.paths import REPO_ROOT, find_data_dir

    places = []
    data_dir = find_data_dir()
    if data_dir is not None:
        places.append(data_dir.parent / "reference")
    places.append((REPO_ROOT.parent / "shared" / "reference").resolve())
    for folder in places:
        path = folder / "reported_figures_2025.csv"
        if path.is_file():
            return path
    return None


def parse_value(text: object) -> tuple[str, float | None]:
    """(qualifier, number) of a reported value: ``">1170"`` → (``">"``, 1170.0); ``"~5,5"``
    → (``"~"``, 5.5); text that is not a number → (qualifier, None)."""
    if text is None or (isinstance(text, float) and text != text):
        return "", None
    match = _QUALIFIER.match(str(text))
    qualifier, rest = (match.group(1) or ""), match.group(2).strip()
    rest = rest.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", rest):  # Vietnamese thousands: 130.300
        rest = rest.replace(".", "")
    rest = rest.replace(",", ".")
    try:
        return qualifier, float(rest)
    except ValueError:
        return qualifier, None


def _province(label: object) -> tuple[str | None, str, bool, bool]:
    """(new province code, scope, pre_merger, inferred) of a press province label."""
    from loaders.metrics.join import province_key, reference

    text = "" if label is None or label != label else str(label)
    inferred = "[inferred]" in text
    pre_merger = "pre-merger" in text
    core = re.sub(r"\[.*?\]|\(.*?\)", "", text).strip()
    if not core or core.lower() == "not stated":
        return None, "unknown", pre_merger, inferred
    if province_key(core) in ("toan quoc", "ca nuoc", "viet nam"):
        return None, "national", pre_merger, inferred
    found = reference().province_by_key.get(province_key(core))
    if found is None:
        return None, "unknown", pre_merger, inferred
    new_code, old_code = found
    return new_code, "province", pre_merger or old_code is not None, inferred


@cache
def reported_figures() -> pd.DataFrame:
    """All reported figures with parsed values and resolved provinces (columns
    :data:`COLUMNS`); an empty frame with those columns when the file is absent."""
    path = reported_path()
    if path is None:
        return pd.DataFrame(columns=COLUMNS)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    resolved = [_province(p) for p in raw["province"]]
    parsed = [parse_value(v) for v in raw["value"]]
    out = pd.DataFrame(
        {
            "province_code": [r[0] for r in resolved],
            "province_label": raw["province"],
            "scope": [r[1] for r in resolved],
            "pre_merger": [r[2] for r in resolved],
            "inferred": [r[3] for r in resolved],
            "commune_or_ward": raw["commune_or_ward"].replace("", None),
            "metric": raw["metric"],
            "value_text": raw["value"],
            "qualifier": [p[0] for p in parsed],
            "value": [p[1] for p in parsed],
            "unit": raw["unit"],
            "as_of_date": raw["as_of_date"],
            "article_title": raw["article_title"],
            "article_url": raw["article_url"],
            "article_date": raw["article_date"],
            "quote_vi": raw["quote_vi"],
            "has_url": raw["article_url"].str.startswith(("http://", "https://")),
        }
    )
    return out[COLUMNS]


def reported_by_province() -> pd.DataFrame:
    """Per new province: ``province_code``, ``n_figures`` and ``metrics`` (distinct metric
    names), for a layer that marks provinces with reported figures."""
    figures = reported_figures()
    figures = figures[figures["scope"] == "province"]
    grouped = figures.groupby("province_code")
    return pd.DataFrame(
        {
            "n_figures": grouped.size(),
            "metrics": grouped["metric"].apply(lambda m: ", ".join(sorted(set(m)))),
        }
    ).reset_index()


def citations(row: pd.Series) -> list[tuple[str, str, str]]:
    """(title, url, date) per source article of one figure (several are ``;``-separated)."""
    titles = str(row["article_title"]).split(";")
    urls = str(row["article_url"]).split(";")
    dates = str(row["article_date"]).split(";")
    n = max(len(titles), len(urls))
    pad = lambda items: items + [items[-1]] * (n - len(items))  # noqa: E731
    return [
        (t.strip(), u.strip(), d.strip())
        for t, u, d in zip(pad(titles), pad(urls), pad(dates), strict=True)
    ]


#: Shown for a figure or article without a date (never an empty pair of brackets).
DATE_UNKNOWN = "không rõ ngày / date unknown"


def _day(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return text.strip() or DATE_UNKNOWN


def figure_html(row: pd.Series) -> str:
    """An HTML snippet for a popup: value, unit, date, quote and linked sources, all escaped
    (only ``http(s)`` links are made clickable)."""
    where = (
        row["commune_or_ward"] if isinstance(row["commune_or_ward"], str) else row["province_label"]
    )
    parts = [
        f"<b>{escape_html(row['metric'])}</b>: {escape_html(row['value_text'])} "
        f"{escape_html(row['unit'])}",
        f"<i>{escape_html(where)}</i>, {escape_html(_day(row['as_of_date']))}",
        f"“{escape_html(row['quote_vi'])}”",
    ]
    for title, url, day in citations(row):
        if url.startswith(("http://", "https://")):
            parts.append(
                f'<a href="{escape_html(url)}" target="_blank" rel="noopener">'
                f"{escape_html(title)}</a> ({escape_html(_day(day))})"
            )
        else:
            parts.append(f"{escape_html(title)} ({escape_html(_day(day))})")
    return "<br>".join(parts)
