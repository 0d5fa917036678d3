"""The official old → new lineage: the GSO conversion table, its codes checked by name.

The conversion table (:mod:`loaders.gso`) lists, per new unit, the old units that formed it,
each with its old code, name and district and how it went in. Its codes are mostly right, but
it has transcription slips: a code that names another unit of the same district (Phục Hòa
lists 01615, Hồng Quang, for Mỹ Hưng 01651). So every old code is checked against the GSO
pre-merger list (as of 2025-01-04) within its old district:

1. the code's unit in the pre-merger list has the table's name (spelling variants allowed:
   tone marks, spacing, "NT" for "Nông trường"…) → the code stands;
2. otherwise, when exactly one unit of the table's name exists in that district, that unit
   wins: a **correction**, which must be recorded in
   :data:`loaders.known_differences.GSO_CODE_CORRECTIONS` with its evidence;
3. otherwise, when the second register (``vietnamadminunits``, as of 30 June 2025) gives the
   code the table's name, the unit was renamed or created between January and July 2025:
   the code stands and the case is counted in the report;
4. anything else is a problem naming the file, row and code.

Records without an old code are the five island districts with no commune level (their old
"unit" is the district itself, keyed by its 3-digit code) and the rows recorded in
:data:`loaders.known_differences.GSO_ROWS_WITHOUT_UNIT`; any other is a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz
from unidecode import unidecode

from loaders import gso
from loaders.known_differences import (
    GSO_CODE_CORRECTIONS,
    GSO_OLD_PROVINCE_SLIPS,
    GSO_ROWS_WITHOUT_UNIT,
)
from loaders.paths import candidates, find_data_dir
from loaders.validate import Problem

#: Similarity (rapidfuzz ratio, 0–100) above which two loose names are spelling variants of
#: one name. Names that differ in a number ("Phường 4", "Phường 14") never are.
SPELLING_SIMILARITY = 80

_PREFIX = re.compile(r"^(xa|phuong|thi tran|thi xa|huyen|dac khu)\s+")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}


@dataclass
class OfficialLineage:
    """The resolved table and what resolving it found.

    ``pairs`` has one row per (new unit, old unit): ``new_code``, ``new_province_code``,
    ``old_code`` (5 digits; 3 digits for an island district), ``old_province_code``,
    ``old_district_code``, ``kind`` (a key of :data:`loaders.gso.KINDS`), ``part`` (True
    for the kinds in :data:`loaders.gso.PART_KINDS`), ``note`` (the table's words), ``row``
    (line in the conversion file), ``table_old_code`` (the code as the table wrote it).
    """

    pairs: pd.DataFrame
    pre_merger: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)
    renamed_after_list: list[dict] = field(default_factory=list)
    spelling_variants: int = 0
    rows_without_unit: list[dict] = field(default_factory=list)
    province_slips: list[dict] = field(default_factory=list)
    new_unit_types: pd.Series = field(default_factory=lambda: pd.Series(dtype="string"))


@lru_cache(maxsize=65536)
def loose_name(name: str) -> str:
    """A name reduced for comparison: no diacritics, unit-type prefix, spaces or apostrophes.

    "Phường Phường Đúc" → "duc"; "Xã Hòa Tú II" → "hoatu2"; "Thị trấn NT Mộc Châu" →
    "nongtruongmocchau". Used only to compare names of units already in one district.
    """
    text = unidecode(gso.clean(name)).lower().replace("n.t ", "nt ")
    while _PREFIX.match(text):
        text = _PREFIX.sub("", text, count=1)
    text = re.sub(r"\bnt\b", "nong truong", text).replace("y", "i")
    words = [_ROMAN.get(w, w) for w in re.split(r"[\s'’`-]+", text) if w]
    return "".join(words)


def same_name(a: str, b: str) -> bool:
    """True when two unit names are one name spelled differently (see :func:`loose_name`)."""
    left, right = loose_name(a), loose_name(b)
    if left == right:
        return True
    if re.findall(r"\d+", left) != re.findall(r"\d+", right):
        return False
    return fuzz.ratio(left, right) >= SPELLING_SIMILARITY


def register_dir() -> Path:
    """The ``register/`` folder holding the GSO tables: the data directory's, or else the
    first place a data directory is looked for (:func:`loaders.paths.candidates`) that has
    one, so a build from a downloaded upstream can use the tables without the mirror.

    Raises :class:`loaders.gso.RegisterFileError` naming every place looked at.
    """
    found = find_data_dir()
    places = ([found] if found else []) + [c.path for c in candidates()]
    for place in places:
        if (place / "register" / gso.CONVERSION_FILE).is_file():
            return place / "register"
    looked = ", ".join(str(p / "register") for p in dict.fromkeys(places))
    raise gso.RegisterFileError(
        [
            Problem(
                "register",
                f"the GSO register tables ({gso.CONVERSION_FILE}, {gso.PRE_MERGER_FILE}) are "
                f"not found; looked in {looked} (see geodata/README.md)",
                file=gso.CONVERSION_FILE,
            )
        ]
    )


@cache
def official_lineage() -> OfficialLineage:
    """The resolved lineage of the data directory's register (cached per process)."""
    return resolve(register_dir())


def resolve(
    folder: Path,
    second_register: pd.DataFrame | None = None,
    recorded: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> OfficialLineage:
    """Read the two GSO files in ``folder`` and resolve the table's old codes.

    ``second_register`` is the legacy register of ``vietnamadminunits`` (``code``,
    ``full_name``), used only to confirm the names of units renamed or created after the
    pre-merger list; by default :func:`loaders.register.legacy_units`. ``recorded`` holds
    the corrections known for these files (by default those of the real table,
    :data:`loaders.known_differences.GSO_CODE_CORRECTIONS`); a correction made but not
    recorded, or recorded but not made, is a problem. Raises
    :class:`loaders.gso.RegisterFileError` when a file is unusable.
    """
    table, problems = gso.read_conversion(folder / gso.CONVERSION_FILE)
    pre, pre_problems = gso.read_pre_merger(folder / gso.PRE_MERGER_FILE)
    problems += pre_problems
    if second_register is None:
        from loaders.register import legacy_units

        second_register = legacy_units()
    lookup = _Lookup.of(pre, second_register)
    result = OfficialLineage(pairs=pd.DataFrame(), pre_merger=pre, problems=problems)
    path = folder / gso.CONVERSION_FILE
    rows = []
    # Plain Python strings: iterating Arrow-backed columns row by row is slow.
    for record in table.astype(object).itertuples(index=False):
        old_code = _resolve_record(record, lookup, result, path)
        if old_code is not None:
            rows.append(
                {**record._asdict(), "table_old_code": record.old_code, "old_code": old_code}
            )
    result.pairs = _pairs_frame(rows)
    result.problems += _old_provinces_from_districts(result, path)
    result.problems += _duplicates_after_correction(result.pairs, path)
    known = GSO_CODE_CORRECTIONS if recorded is None else recorded
    result.problems += _unrecorded_corrections(result.corrections, known, path)
    result.new_unit_types = _new_unit_types(table)
    return result


@dataclass(frozen=True)
class _Lookup:
    """The pre-merger list and the second register as dictionaries, for fast resolution."""

    by_code: dict[str, tuple[str, str]]  # code → (name, district code)
    by_district_name: dict[tuple[str, str], list[str]]  # (district, loose name) → codes
    island_districts: frozenset[str]
    second_names: dict[str, str]  # code → full name in the second register

    @classmethod
    def of(cls, pre: pd.DataFrame, second: pd.DataFrame) -> _Lookup:
        coded = pre[pre.code != ""]
        by_district_name: dict[tuple[str, str], list[str]] = {}
        for code, name, district in zip(coded.code, coded.name, coded.district_code, strict=True):
            by_district_name.setdefault((district, loose_name(name)), []).append(code)
        return cls(
            by_code=dict(
                zip(coded.code, zip(coded.name, coded.district_code, strict=True), strict=True)
            ),
            by_district_name=by_district_name,
            island_districts=frozenset(pre.loc[pre.level == "Huyện", "district_code"]),
            second_names=dict(zip(second.code, second.full_name, strict=True)),
        )


def _resolve_record(record, lookup: _Lookup, result: OfficialLineage, path: Path) -> str | None:
    """The old code a record stands for, or None (a recorded row, or a problem)."""
    if not record.old_code:
        return _record_without_code(record, lookup, result, path)
    listed_name, listed_district = lookup.by_code.get(record.old_code, (None, None))
    if listed_district != record.old_district_code:
        listed_name = None  # a code of another district names no unit of this one
    if listed_name is not None and loose_name(listed_name) == loose_name(record.old_name):
        return record.old_code
    later_name = lookup.second_names.get(record.old_code)
    if later_name is not None and same_name(later_name, record.old_name):
        # Renamed or created between the list (January 2025) and the merger: the second
        # register, as of 30 June 2025, gives the code the table's name.
        result.renamed_after_list.append(
            {
                "row": int(record.row),
                "old_code": record.old_code,
                "table_name": record.old_name,
                "pre_merger_name": listed_name,
                "second_register_name": later_name,
            }
        )
        return record.old_code
    namesakes = lookup.by_district_name.get(
        (record.old_district_code, loose_name(record.old_name)), []
    )
    if len(namesakes) == 1:
        result.corrections.append(
            {
                "row": int(record.row),
                "new_code": record.new_code,
                "table_old_code": record.old_code,
                "old_code": namesakes[0],
                "old_name": record.old_name,
                "code_names": listed_name,
            }
        )
        return namesakes[0]
    if listed_name is not None and same_name(listed_name, record.old_name):
        result.spelling_variants += 1
        return record.old_code
    where = f"listed there as {listed_name!r}" if listed_name else "not in the pre-merger list"
    result.problems.append(
        _table_problem(
            path,
            int(record.row),
            "register-code",
            f"old code {record.old_code} ({record.old_name}, district "
            f"{record.old_district_code}) does not resolve: {where}, and no single unit of "
            "that name exists in the district",
            code=record.new_code,
        )
    )
    return None


def _record_without_code(
    record, lookup: _Lookup, result: OfficialLineage, path: Path
) -> str | None:
    """An island district (its 3-digit code), a recorded row without a unit, or a problem."""
    if not record.old_name and record.old_district_code in lookup.island_districts:
        return record.old_district_code
    key = (record.new_code, record.old_name)
    if key in GSO_ROWS_WITHOUT_UNIT:
        result.rows_without_unit.append(
            {"row": int(record.row), "new_code": record.new_code, "old_name": record.old_name}
        )
        return None
    result.problems.append(
        _table_problem(
            path,
            int(record.row),
            "register-code",
            f"old unit {record.old_name or '(no name)'} has no code",
            code=record.new_code,
        )
    )
    return None


def _table_problem(
    path: Path, row: int, check: str, message: str, *, code: str, column: str = "Mã Xã cũ"
) -> Problem:
    """A problem of one record of the conversion table (by default, its old code)."""
    return Problem(check, message, code=code, file=path.name, row=row, column=column)


def _pairs_frame(rows: list[dict]) -> pd.DataFrame:
    columns = [
        "new_code",
        "new_province_code",
        "old_code",
        "old_province_code",
        "old_district_code",
        "kind",
        "part",
        "note",
        "row",
        "table_old_code",
    ]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["part"] = frame.kind.isin(gso.PART_KINDS)
    text = [c for c in columns if c not in ("part", "row")]
    return frame[columns].astype({c: "string" for c in text})


def _old_provinces_from_districts(result: OfficialLineage, path: Path) -> list[Problem]:
    """Take each pair's old province from its old district in the pre-merger list.

    The table's own ``Tỉnh cũ`` column has slips; one that is not recorded in
    :data:`loaders.known_differences.GSO_OLD_PROVINCE_SLIPS` is a problem.
    """
    pairs, pre = result.pairs, result.pre_merger
    by_district = pre.drop_duplicates("district_code").set_index("district_code")["province_code"]
    listed = pairs.old_district_code.map(by_district)
    slips = pairs[listed.notna() & (listed != pairs.old_province_code)]
    problems = [
        _table_problem(
            path,
            int(r.row),
            "register-province",
            f"old unit {r.old_code} is in district {r.old_district_code} of province "
            f"{listed[i]}, but the table says old province {r.old_province_code}",
            code=r.new_code,
            column="Tỉnh cũ",
        )
        for i, r in zip(slips.index, slips.itertuples(), strict=True)
        if GSO_OLD_PROVINCE_SLIPS.get(int(r.row)) is None
    ]
    result.province_slips = [
        {
            "row": int(r.row),
            "old_code": r.old_code,
            "table": r.old_province_code,
            "district": listed[i],
        }
        for i, r in zip(slips.index, slips.itertuples(), strict=True)
    ]
    pairs["old_province_code"] = listed.fillna(pairs.old_province_code).astype("string")
    return problems


def _duplicates_after_correction(pairs: pd.DataFrame, path: Path) -> list[Problem]:
    """A corrected code that repeats a pair the table already has (plain repeats are
    reported by the reader)."""
    twice = pairs[pairs.duplicated(["new_code", "old_code"], keep=False)]
    corrected = twice[twice.table_old_code != twice.old_code]
    return [
        _table_problem(
            path,
            int(r.row),
            "register-code",
            f"pair {r.new_code} ← {r.old_code} appears twice once codes are corrected",
            code=r.new_code,
        )
        for r in corrected.itertuples()
    ]


def _unrecorded_corrections(
    corrections: list[dict], known: dict[tuple[str, str], tuple[str, str]], path: Path
) -> list[Problem]:
    """Corrections made by the rule must match the recorded ones, both ways."""
    made = {(c["new_code"], c["table_old_code"]): c["old_code"] for c in corrections}
    rows = {(c["new_code"], c["table_old_code"]): c["row"] for c in corrections}
    recorded = {key: entry[0] for key, entry in known.items()}
    problems = [
        _table_problem(
            path,
            rows[(new, old)],
            "register-correction",
            f"old code {old} corrected to {made[(new, old)]} by name, but the correction is "
            "not recorded in known_differences.GSO_CODE_CORRECTIONS",
            code=new,
        )
        for new, old in sorted(set(made) - set(recorded))
    ]
    problems += [
        Problem(
            "register-correction",
            f"recorded correction of old code {old} → {recorded[(new, old)]} no longer "
            "applies (or resolves differently): update known_differences",
            code=new,
        )
        for new, old in sorted(set(recorded) - set(made))
    ]
    problems += [
        _table_problem(
            path,
            rows[(new, old)],
            "register-correction",
            f"old code {old} resolves to {made[(new, old)]}, recorded as {recorded[(new, old)]}",
            code=new,
        )
        for new, old in sorted(set(made) & set(recorded))
        if made[(new, old)] != recorded[(new, old)]
    ]
    return problems


def _new_unit_types(table: pd.DataFrame) -> pd.Series:
    """Unit type of each new unit on 1 July 2025 from its name in the table (Xã, Phường,
    Đặc khu), indexed by new code."""
    names = table.drop_duplicates("new_code").set_index("new_code")["new_name"]
    kinds = names.str.extract(r"^(Đặc khu|Phường|Xã)\b", expand=False)
    return kinds.astype("string").rename("unit_type")
