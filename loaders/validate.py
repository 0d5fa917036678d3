"""Validation that fails loudly: every problem names the code, the province and what is wrong.

Checks return a list of :class:`Problem`; :func:`raise_for` turns a non-empty list into a
:class:`ValidationFailed`. Tolerated differences between sources live only in
:mod:`loaders.known_differences`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import geopandas as gpd
import pandas as pd
import shapely

from loaders.known_differences import unit_type_change_allowed

#: Vietnam's extent (lon min, lat min, lon max, lat max, WGS84) with both archipelagos:
#: Hoàng Sa about 111–113° E, Trường Sa to about 117.9° E and 6.5° N. The built layers span
#: 102.14–117.83° E, 7.18–23.39° N.
VIETNAM_EXTENT = (102.0, 6.0, 118.5, 23.6)
#: Farthest a unit may lie from its province: from the convex hull of the register's
#: centroids of the province's units (every built unit touches it: 0 km).
PROVINCE_DISTANCE_KM = 5.0
#: Metric CRS of distance checks (VN-2000 / UTM 48N), as in :func:`coverage_faults`.
METRIC_CRS = 3405


@dataclass(frozen=True)
class Problem:
    """One violation: which unit (code), which province, what check, and a sentence.

    Problems found in an input file also name the ``file``, its ``row`` (1-based line
    number) and ``column``.
    """

    check: str
    message: str
    code: str = ""
    province_code: str = ""
    file: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = " ".join(
            p
            for p in (
                self.file,
                f"row {self.row}" if self.row is not None else "",
                f"column {self.column!r}" if self.column else "",
                f"code {self.code}" if self.code else "",
                f"province {self.province_code}" if self.province_code else "",
            )
            if p
        )
        return f"[{self.check}] {where + ': ' if where else ''}{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class ValidationFailed(ValueError):
    """Raised with every problem found, not just the first."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = problems
        head = f"{source}: " if source else ""
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{head}{len(problems)} validation problem(s):\n{shown}{more}")


def raise_for(problems: list[Problem], source: str = "") -> None:
    if problems:
        raise ValidationFailed(problems, source)


def check_communes(
    communes: gpd.GeoDataFrame, register: pd.DataFrame, *, partial: bool = False
) -> list[Problem]:
    """Check a 2025 commune layer against the register.

    ``communes`` has ``code``, ``province_code``, ``unit_type`` and geometry in EPSG:4326;
    ``register`` is :func:`loaders.register.new_units`. With ``partial=True`` (a build from
    some provinces only) the register is restricted to the provinces present.
    """
    problems = _check_frame(communes)
    if any(p.check == "code-type" for p in problems):
        return problems  # comparing non-string codes with the register would mislead
    if partial:
        register = register[register.province_code.isin(communes.province_code.unique())]
    problems += _check_against_register(communes, register)
    problems += check_geography(communes, register)
    return problems


def check_geography(communes: gpd.GeoDataFrame, register: pd.DataFrame) -> list[Problem]:
    """Every unit inside :data:`VIETNAM_EXTENT` and within :data:`PROVINCE_DISTANCE_KM` of
    its province.

    The province is taken from the register, not from the layer being checked (a province
    dissolved from a moved commune would follow it): the convex hull of the register's
    centroids (``lat``/``lon``) of the province's units. A unit moved to (0, 0), to the sea
    or into another province fails; the island units are inside their province's hull,
    since the register has their centroids.
    """
    problems: list[Problem] = []
    geoms = communes.geometry.values
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if communes.crs is None or communes.crs.to_epsg() != 4326 or not usable.any():
        return problems  # reported by _check_frame
    frame = communes[usable]
    bounds = shapely.bounds(frame.geometry.values)
    west, south, east, north = VIETNAM_EXTENT
    outside = (
        (bounds[:, 0] < west)
        | (bounds[:, 1] < south)
        | (bounds[:, 2] > east)
        | (bounds[:, 3] > north)
    )
    for r, box in zip(frame[outside].itertuples(), bounds[outside], strict=True):
        problems.append(
            Problem(
                "extent",
                "polygon lies outside Vietnam's extent "
                f"(bounds {box[0]:.3f}, {box[1]:.3f} – {box[2]:.3f}, {box[3]:.3f})",
                str(r.code),
                str(r.province_code),
            )
        )
    if not {"lat", "lon", "province_code"} <= set(register.columns):
        return problems
    points = register.dropna(subset=["lat", "lon"])
    points = gpd.GeoDataFrame(
        points[["province_code"]],
        geometry=gpd.points_from_xy(points["lon"], points["lat"]),
        crs=4326,
    ).to_crs(METRIC_CRS)
    hulls = {
        str(code): shapely.convex_hull(shapely.multipoints(group.geometry.values))
        for code, group in points.groupby("province_code")
    }
    inside = frame[~outside]
    known = inside["province_code"].astype(str).isin(hulls).to_numpy()
    inside = inside[known]
    if inside.empty:
        return problems
    metric = inside.to_crs(METRIC_CRS).geometry.values
    targets = [hulls[str(code)] for code in inside["province_code"]]
    distance_km = shapely.distance(metric, targets) / 1000
    far = distance_km > PROVINCE_DISTANCE_KM
    for r, km in zip(inside[far].itertuples(), distance_km[far], strict=True):
        problems.append(
            Problem(
                "province-distance",
                f"polygon lies {km:,.0f} km from its province (more than "
                f"{PROVINCE_DISTANCE_KM:g} km from the register's units of province "
                f"{r.province_code})",
                str(r.code),
                str(r.province_code),
            )
        )
    return problems


def check_population(table: pd.DataFrame, register: pd.DataFrame, file: str) -> list[Problem]:
    """The ward population file's coverage, checked like the boundaries: one row per unit of
    the register, codes of 5 digits, each once, every population a number, not negative (the
    source has one unit at 0, 20333: kept, since a zero is a value, not a gap).

    ``table`` has ``code`` (text) and ``population``. A file cut short (1,679 of 3,321 units)
    must fail, not quietly leave half the country without a per-capita figure.
    """
    problems: list[Problem] = []
    if not {"code", "population"} <= set(table.columns):
        return [Problem("population", "the file needs columns code and population", file=file)]
    codes = table["code"].astype("string").str.strip()
    numbers = pd.to_numeric(table["population"], errors="coerce")
    for i in table.index[~codes.fillna("").str.fullmatch(r"\d{5}")]:
        problems.append(
            Problem("population", f"code {codes[i]!r} is not 5 digits", file=file, row=i + 2)
        )
    for i in table.index[codes.duplicated(keep="first") & codes.notna()]:
        problems.append(
            Problem(
                "population", "code appears more than once", str(codes[i]), file=file, row=i + 2
            )
        )
    for i in table.index[~(numbers >= 0)]:
        problems.append(
            Problem(
                "population",
                f"population {str(table['population'][i])!r} is not a number of 0 or more",
                str(codes[i]),
                file=file,
                row=i + 2,
                column="population",
            )
        )
    known = set(register["code"])
    present = set(codes.dropna())
    for code in sorted(present - known):
        problems.append(Problem("population", "code is not in the register", code, file=file))
    missing = register[~register["code"].isin(present)]
    for province, group in missing.groupby("province_code"):
        first = ", ".join(group["code"].head(5))
        problems.append(
            Problem(
                "population-coverage",
                f"{len(group)} of the province's units have no population ({first}"
                f"{' …' if len(group) > 5 else ''})",
                province_code=str(province),
                file=file,
            )
        )
    return problems


def _check_frame(communes: gpd.GeoDataFrame) -> list[Problem]:
    problems: list[Problem] = []
    if communes.crs is None:
        problems.append(Problem("crs", "layer has no CRS (expected EPSG:4326)"))
    elif communes.crs.to_epsg() != 4326:
        problems.append(Problem("crs", f"layer CRS is {communes.crs}, expected EPSG:4326"))
    codes = communes["code"]
    if not pd.api.types.is_string_dtype(codes):
        problems.append(Problem("code-type", f"codes are {codes.dtype}, expected strings"))
    bad_format = communes[~codes.astype(str).str.fullmatch(r"\d{5}")]
    problems += [
        Problem("code-format", f"code {r.code!r} is not 5 digits", str(r.code), r.province_code)
        for r in bad_format.itertuples()
    ]
    for r in communes[codes.duplicated(keep="first")].itertuples():
        problems.append(
            Problem("unique-code", "code appears more than once", r.code, r.province_code)
        )
    geoms = communes.geometry.values
    for r, bad in _geometry_faults(communes, geoms):
        problems.append(Problem("geometry", bad, r.code, r.province_code))
    return problems


def _geometry_faults(communes: gpd.GeoDataFrame, geoms) -> list[tuple]:
    faults = []
    missing = shapely.is_missing(geoms)
    empty = shapely.is_empty(geoms) & ~missing
    invalid = ~shapely.is_valid(geoms) & ~missing & ~empty
    polygonal = shapely.get_type_id(geoms)
    not_area = ~pd.Series(polygonal).isin([3, 6]).to_numpy() & ~missing & ~empty
    for mask, text in (
        (missing, "geometry missing"),
        (empty, "geometry empty"),
        (not_area, "geometry is not a (multi)polygon"),
    ):
        faults += [(r, text) for r in communes[mask].itertuples()]
    for r, geom in zip(communes[invalid].itertuples(), geoms[invalid], strict=True):
        faults.append((r, f"geometry invalid: {shapely.is_valid_reason(geom)}"))
    return faults


def _check_against_register(communes: gpd.GeoDataFrame, register: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    layer_codes = set(communes.code.astype(str))
    reg = register.set_index("code")
    for r in communes[~communes.code.isin(reg.index)].itertuples():
        problems.append(
            Problem("in-register", "polygon has no unit in the register", r.code, r.province_code)
        )
    for code, row in reg[~reg.index.isin(layer_codes)].iterrows():
        problems.append(
            Problem(
                "has-polygon",
                f"register unit {row.full_name} has no polygon",
                code,
                row.province_code,
            )
        )
    joined = pd.DataFrame(communes.drop_duplicates("code")).merge(
        register, on="code", how="inner", suffixes=("", "_reg")
    )
    for r in joined[joined.province_code != joined.province_code_reg].itertuples():
        problems.append(
            Problem(
                "province",
                f"polygon is in province {r.province_code}, the "
                f"register says {r.province_code_reg}",
                r.code,
                r.province_code,
            )
        )
    for r in joined[joined.unit_type != joined.unit_type_reg].itertuples():
        if not unit_type_change_allowed(r.code, r.unit_type_reg, r.unit_type):
            problems.append(
                Problem(
                    "unit-type",
                    f"unit type {r.unit_type!r} but the register says {r.unit_type_reg!r}",
                    r.code,
                    r.province_code,
                )
            )
    problems += _check_counts(communes, register)
    return problems


def _check_counts(communes: gpd.GeoDataFrame, register: pd.DataFrame) -> list[Problem]:
    have = communes.groupby("province_code").size()
    want = register.groupby("province_code").size()
    both = pd.concat([have.rename("have"), want.rename("want")], axis=1).fillna(0).astype(int)
    return [
        Problem(
            "province-count",
            f"{row.have} polygons, the register has {row.want} units",
            province_code=str(code),
        )
        for code, row in both[both.have != both.want].iterrows()
    ]


def check_lineage(
    pairs: pd.DataFrame, new: pd.DataFrame, legacy: pd.DataFrame, provinces: pd.DataFrame
) -> list[Problem]:
    """Lineage invariants.

    Every old unit maps to at least one new unit; every new unit has at least one
    predecessor; a pair's new province is one the old province merged into; an old unit
    flagged ``part`` goes to two or more new units, and a whole one to exactly one.
    """
    problems: list[Problem] = []
    for r in legacy[~legacy.code.isin(pairs.old_code)].itertuples():
        problems.append(
            Problem(
                "old-has-successor",
                f"old unit {r.full_name} maps to no new unit",
                r.code,
                r.province_code,
            )
        )
    for r in new[~new.code.isin(pairs.new_code)].itertuples():
        problems.append(
            Problem(
                "new-has-predecessor",
                f"new unit {r.full_name} has no predecessor",
                r.code,
                r.province_code,
            )
        )
    allowed = set(zip(provinces.old_province_code, provinces.new_province_code, strict=True))
    for r in pairs.itertuples():
        if (r.old_province_code, r.new_province_code) not in allowed:
            problems.append(
                Problem(
                    "lineage-province",
                    f"old unit {r.old_code} (province "
                    f"{r.old_province_code}) is listed under a new unit of "
                    f"province {r.new_province_code}",
                    r.new_code,
                    r.new_province_code,
                )
            )
    fanout = pairs.groupby("old_code").agg(n=("new_code", "nunique"), part=("part", "max"))
    for code, row in fanout[(fanout.n > 1) != fanout.part].iterrows():
        kind = "split but not flagged part" if row.n > 1 else "flagged part but has one successor"
        problems.append(Problem("lineage-part", kind, str(code)))
    return problems


def coverage_faults(units: gpd.GeoDataFrame, min_km2: float = 0.0) -> dict[str, float]:
    """Total overlap and interior-gap area of a polygon coverage, in km².

    Areas are measured in EPSG:3405 (VN-2000 / UTM 48N). Overlaps are summed over
    intersecting pairs; gaps are holes of the union that no unit fills. Used to check that
    simplification introduces no gaps or overlaps (the upstream data has a few of its own).
    """
    metric = units.to_crs(3405).geometry.values
    tree = shapely.STRtree(metric)
    left, right = tree.query(metric, predicate="intersects")
    keep = left < right
    overlaps = shapely.area(shapely.intersection(metric[left[keep]], metric[right[keep]]))
    union = shapely.union_all(metric)
    rings = [ring for part in getattr(union, "geoms", [union]) for ring in part.interiors]
    holes = shapely.area(shapely.polygons(rings)) if rings else []
    km2 = 1e-6
    return {
        "overlap_km2": float(sum(a for a in overlaps if a * km2 > min_km2)) * km2,
        "gap_km2": float(sum(a for a in holes if a * km2 > min_km2)) * km2,
    }
