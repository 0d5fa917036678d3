"""Convert rows reported under former (pre-2025) units to the new units, through the lineage.

Rules (the dashboard shows the flags):

* A former unit that went **whole** into one new unit gives it all its counts
  (``converted=True``).
* A former unit **split** between several new units (``part`` in
  :func:`loaders.lineage.lineage_pairs`) has each count allocated between its successors by
  the **allocation rule**, then rounded by largest remainder so the parts add up to the
  original whole number (``converted=True, allocated=True``):

  - ``"equal"`` (default): equal shares. We do not know how the old unit's population or
    caseload divided, and the successors' own areas say little about the part each received,
    so no share is favoured;
  - ``"area"``: shares proportional to the successors' areas (``new_units().area_km2``).

  Volunteer teams are not split: a team of a split former unit goes whole to the successor
  with the largest area (``allocated=True``).
* Counts landing on one new unit are **summed**; a sum is missing if any contributing row
  lacks the value (a partial sum would look complete). Rates are later recomputed from the
  counts; index scores and the satisfaction rate are averaged weighted by dossiers received
  (:func:`loaders.metrics.derive.aggregate`).
* A new unit whose former units are not all in the file is flagged ``incomplete=True``.
* A file that gives a new unit both directly and through its former units, or the same new
  unit twice, for one period is refused: the values would be counted twice.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from loaders.lineage import lineage_pairs
from loaders.metrics.derive import aggregate
from loaders.metrics.errors import Problem
from loaders.metrics.schemas import METRIC_COUNTS, METRIC_SCORES, VOLUNTEER_COUNTS
from loaders.register import new_units

RULES = ("equal", "area")


def successor_weights(rule: str = "equal") -> pd.DataFrame:
    """Per (former unit, new unit): ``old_code``, ``new_code``, ``part``, ``weight``.

    Weights of one former unit add up to 1; for units that went whole the weight is 1.
    ``part`` here means "allocated": the former unit has several successors. That is the
    GSO's part kinds, and also a unit whose whole area went to one new unit but part of its
    population to others (Kỳ Lợi, 18796): its counts are shared, never given whole to one
    successor and again in part to the others.
    """
    if rule not in RULES:
        raise ValueError(f"unknown allocation rule {rule!r}; use one of {RULES}")
    pairs = lineage_pairs()[["old_code", "new_code", "part"]].copy()
    if rule == "area":
        area = new_units().set_index("code")["area_km2"].astype("float64")
        share = pairs["new_code"].map(area).fillna(0.0)
    else:
        share = pd.Series(1.0, index=pairs.index)
    total = share.groupby(pairs["old_code"]).transform("sum")
    n = pairs.groupby("old_code")["new_code"].transform("size")
    pairs["weight"] = np.where(total > 0, share / total.where(total > 0, 1.0), 1.0 / n)
    pairs["part"] = n > 1
    return pairs


def largest_remainder(values: np.ndarray, weights: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Split whole numbers by weights so each group's parts add up to its value.

    ``values[i]`` is the whole value of row i's group (repeated on each row of the group),
    ``weights[i]`` row i's share (a group's weights add to 1), ``groups[i]`` the group id.
    NaN values stay NaN. Ties go to the earlier row.
    """
    raw = values * weights
    base = np.floor(raw)
    remainder = raw - base
    frame = pd.DataFrame(
        {
            "g": groups,
            "r": remainder,
            "i": np.arange(len(values)),
            "left": values - pd.Series(base).groupby(groups).transform("sum"),
        }
    )
    frame = frame.sort_values(["g", "r", "i"], ascending=[True, False, True])
    rank = frame.groupby("g").cumcount().to_numpy()
    extra = np.zeros(len(values))
    extra[frame["i"].to_numpy()] = (rank < np.rint(frame["left"].to_numpy())).astype(float)
    return np.where(np.isnan(values), np.nan, base + extra)


def _expand(frame: pd.DataFrame, rows: pd.DataFrame, rule: str) -> pd.DataFrame:
    """One row per (input row, new unit) with ``weight``, ``part`` and provenance."""
    direct = rows["code"].notna().to_numpy()
    base = frame.reset_index(drop=True).assign(
        _i=np.arange(len(frame)),
        _file_row=rows["_row"].to_numpy(),
        old_code=rows["old_code"].to_numpy(),
        code=rows["code"].to_numpy(),
    )
    same = base[direct].assign(weight=1.0, part=False, converted=False)
    former = base[~direct].drop(columns="code")
    weights = successor_weights(rule).rename(columns={"new_code": "code"})
    moved = former.merge(weights, on="old_code", how="left").assign(converted=True)
    return pd.concat([same, moved], ignore_index=True)


def convert_metrics(
    frame: pd.DataFrame, rows: pd.DataFrame, file_name: str, rule: str = "equal"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Metrics rows (validated frame + matched join rows, aligned) → one row per new unit
    and period.

    Returns (frame, problems). The frame has ``code``, ``period``, ``province_code``, the
    counts and scores of :mod:`loaders.metrics.schemas`, ``converted``, ``allocated``,
    ``incomplete``, ``note`` and ``source_rows`` (file rows, for the user). ``problems`` lists
    double-counted units; when it is not empty the frame must not be stored.
    """
    parts = _expand(frame, rows, rule)
    counts = [c for c in METRIC_COUNTS if c in parts]
    split = parts["part"].astype(bool).to_numpy()
    if split.any():
        groups = parts["_i"].to_numpy()
        weights = parts["weight"].to_numpy(dtype="float64")
        for column in counts:
            values = parts[column].to_numpy(dtype="float64")
            allocated = largest_remainder(values, weights, groups)
            parts[column] = np.where(split, allocated, values)

    problems = _double_counts(parts, file_name)
    keys = ["code", "period"]
    out = aggregate(
        parts[keys + counts + [c for c in METRIC_SCORES if c in parts]], keys, strict=True
    )
    flags = parts.groupby(keys, sort=True).agg(
        converted=("converted", "any"), allocated=("part", "any"), first_row=("_file_row", "min")
    )
    flags["source_rows"] = flags["first_row"].astype(str)
    flags["former_units"] = [[] for _ in range(len(flags))]
    moved = parts[parts["converted"].astype(bool)]
    if len(moved):  # only converted units have several source rows and former units
        by_unit = moved.groupby(keys, sort=True)
        rows_text = by_unit["_file_row"].apply(lambda r: ", ".join(map(str, sorted(set(r)))))
        flags.loc[rows_text.index, "source_rows"] = rows_text
        formers = by_unit["old_code"].apply(lambda c: sorted(set(c.dropna())))
        flags.loc[formers.index, "former_units"] = formers
    flags = flags.drop(columns="first_row").reset_index()
    out = out.merge(flags, on=keys, how="left")
    out["incomplete"] = _incomplete(out)
    out["note"] = [
        _note(f, a, i, rule)
        for f, a, i in zip(out["former_units"], out["allocated"], out["incomplete"], strict=True)
    ]
    units = new_units().set_index("code")["province_code"]
    out.insert(2, "province_code", out["code"].map(units))
    return out.drop(columns=["former_units", "n_rows", "n_reported"]), problems


def _double_counts(parts: pd.DataFrame, file_name: str) -> list[Problem]:
    """A new unit given twice for one period (directly twice, or directly and as former)."""
    problems: list[Problem] = []
    direct = parts[~parts["converted"]]
    dup = direct[direct.duplicated(["code", "period"], keep=False)]
    for (code, period), group in dup.groupby(["code", "period"]):
        listed = sorted(group["_file_row"])
        problems.append(
            Problem(
                file_name,
                int(listed[-1]),
                None,
                "data.unit_twice",
                {"code": code, "period": period, "rows": ", ".join(map(str, listed))},
            )
        )
    both = parts.groupby(["code", "period"])["converted"].agg(["any", "all"])
    for code, period in both.index[both["any"] & ~both["all"]]:
        group = parts[(parts["code"] == code) & (parts["period"] == period)]
        listed = sorted(set(group["_file_row"]))
        problems.append(
            Problem(
                file_name,
                int(listed[-1]),
                None,
                "data.unit_counted_twice",
                {"code": code, "period": period, "rows": ", ".join(map(str, listed))},
            )
        )
    return problems


def _incomplete(out: pd.DataFrame) -> pd.Series:
    """True for converted units whose former units are not all in the file."""
    expected = _expected_former_units()
    return pd.Series(
        [
            bool(converted) and not expected.get(code, set()) <= set(former)
            for code, converted, former in zip(
                out["code"], out["converted"], out["former_units"], strict=True
            )
        ],
        index=out.index,
    )


@cache
def _expected_former_units() -> dict[str, set[str]]:
    pairs = lineage_pairs()
    return {code: set(group) for code, group in pairs.groupby("new_code")["old_code"]}


def _note(former: list[str], allocated: bool, incomplete: bool, rule: str) -> str:
    if not former:
        return ""
    text = f"converted from former unit(s) {', '.join(former)}"
    if allocated:
        text += f"; split unit(s) allocated by {rule} shares"
    if incomplete:
        text += "; some former units are missing from the file"
    return text


def convert_volunteers(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Volunteer team rows → the new unit of each team (teams are never split).

    A team of a former unit that went whole moves to its new unit (``converted``); a team of
    a split former unit goes to the successor with the largest area (``allocated``).
    """
    weights = successor_weights("area")
    biggest = (
        weights.sort_values(["old_code", "weight", "new_code"], ascending=[True, False, True])
        .drop_duplicates("old_code")
        .set_index("old_code")
    )
    out = frame.reset_index(drop=True).copy()
    old = rows["old_code"].reset_index(drop=True)
    out["old_code"] = old
    out["code"] = (
        rows["code"].reset_index(drop=True).where(old.isna(), old.map(biggest["new_code"]))
    )
    out["converted"] = old.notna()
    out["allocated"] = old.map(biggest["part"]).fillna(False).astype(bool)
    out["note"] = [
        ""
        if pd.isna(o)
        else f"former unit {o}" + (", split: given to the largest successor" if a else "")
        for o, a in zip(old, out["allocated"], strict=True)
    ]
    units = new_units().set_index("code")["province_code"]
    out["province_code"] = out["code"].map(units)
    out["source_rows"] = rows["_row"].astype(str).to_numpy()
    keep = [
        "code",
        "period",
        "province_code",
        "team_name",
        "team_kind",
        *VOLUNTEER_COUNTS,
        "converted",
        "allocated",
        "note",
        "source_rows",
    ]
    return out[keep]
