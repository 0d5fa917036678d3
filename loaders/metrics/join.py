"""The join doctor: match each input row to a unit, say how, and how sure.

Stages, in order; a row stops at the first that settles it:

1. **code** — the 5-digit code is a new (post-2025) unit → matched. A code that is only a
   former unit's → matched to that former unit (converted later, :mod:`.convert`). When the row
   also has a name or province that contradicts the code, it is *ambiguous*, never silently
   trusted. The known code difference ``06978`` → ``06970`` (Xã Ba Chẽ) is applied.
2. **name** — the name (without its type word: xã, phường, đặc khu, thị trấn; no diacritics)
   equals exactly one new unit's name in the row's province → matched. Found in several
   places → *ambiguous* (names collide across provinces: Bình Sơn is in Ninh Bình, Quảng Ngãi
   and An Giang). Without a province a unique national match is accepted at confidence 0.9.
3. **former name** — the name equals a former unit's name in the province (new or former
   province; a former district narrows it) → matched to that former unit.
4. **fuzzy** — ``rapidfuzz`` ratio against new and former names in the province: best ≥ 90
   and at least 5 points ahead of the next unit → matched with confidence = score / 100;
   best ≥ 70 → *ambiguous* with the candidates listed; else *unmatched*. Without a province,
   a fuzzy match is never accepted automatically.

A row whose code is no unit and that the name does not settle gets, in its note, the
:data:`NEAREST_SUGGESTIONS` communes of its province whose names are nearest its own (code,
official name, similarity): an unknown code is most often a typo (:func:`nearest_names`).

:func:`join_units` returns a :class:`JoinResult`: per-row status, per-province counts, and
the rows behind each; :func:`corrected_table` gives the file back with codes filled in.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from unidecode import unidecode

from loaders.known_differences import BOUNDARY_CODE_FIXES
from loaders.lineage import lineage_pairs, province_lineage
from loaders.messages import Message, msg
from loaders.register import legacy_provinces, legacy_units, new_provinces, new_units

FUZZY_ACCEPT = 90.0
FUZZY_MARGIN = 5.0
FUZZY_FLOOR = 70.0
#: A name that differs from the code's unit by less than this ratio is taken as a spelling.
NAME_AGREES = 85.0

STATUSES = ("matched", "ambiguous", "unmatched")
_TYPE_WORDS = (
    ("thi", "tran"),
    ("dac", "khu"),
    ("xa",),
    ("phuong",),
    ("tt",),
    ("p",),
    ("x",),
    ("dk",),
)
_TYPE_OF = {
    "thi tran": "thi tran",
    "dac khu": "dac khu",
    "xa": "xa",
    "phuong": "phuong",
    "tt": "thi tran",
    "p": "phuong",
    "x": "xa",
    "dk": "dac khu",
}
_PROVINCE_WORDS = (("thanh", "pho"), ("tinh",), ("tp",))
_PROVINCE_ALIASES = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "thua thien hue": "hue",
}


def name_key(name: object) -> str:
    """A unit name reduced for matching: no diacritics, lower case, no type word, numbers
    without leading zeros (``"Phường 01"`` → ``"1"``, ``"Xã Bình Sơn"`` → ``"binh son"``)."""
    tokens = _tokens(name)
    for words in _TYPE_WORDS:
        if tuple(tokens[: len(words)]) == words and len(tokens) > len(words):
            tokens = tokens[len(words) :]
            break
    return " ".join(str(int(t)) if t.isdigit() else t for t in tokens)


def plain_key(name: object) -> str:
    """A name reduced like :func:`name_key` but keeping a leading type-like word: register
    short names such as "Phương Liệt" or "Xà Phiên" begin with one."""
    return " ".join(str(int(t)) if t.isdigit() else t for t in _tokens(name))


def input_keys(name: object) -> list[str]:
    """The keys an input name may match a register name by: without its type word first,
    then as written ("Phường Phương Liệt" → "phuong liet", then "phuong phuong liet")."""
    keys = [name_key(name), plain_key(name)]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def district_key(name: object) -> str:
    """A former district name without its type word (quận, huyện, thị xã, thành phố)."""
    tokens = _tokens(name)
    for words in (("thi", "xa"), ("thanh", "pho"), ("quan",), ("huyen",), ("tp",), ("tx",)):
        if tuple(tokens[: len(words)]) == words and len(tokens) > len(words):
            tokens = tokens[len(words) :]
            break
    return " ".join(str(int(t)) if t.isdigit() else t for t in tokens)


def type_key(name: object) -> str | None:
    """The unit type word a name starts with (``"xa"``, ``"phuong"``, ``"dac khu"``,
    ``"thi tran"``), or None."""
    tokens = _tokens(name)
    for words in _TYPE_WORDS:
        if tuple(tokens[: len(words)]) == words and len(tokens) > len(words):
            return _TYPE_OF[" ".join(words)]
    return None


def province_key(name: object) -> str:
    """A province name reduced for matching (``"TP. Hồ Chí Minh"`` → ``"ho chi minh"``)."""
    tokens = _tokens(name)
    for words in _PROVINCE_WORDS:
        if tuple(tokens[: len(words)]) == words and len(tokens) > len(words):
            tokens = tokens[len(words) :]
            break
    text = " ".join(tokens)
    return _PROVINCE_ALIASES.get(text.replace(" ", ""), _PROVINCE_ALIASES.get(text, text))


def _tokens(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return []
    return re.sub(r"[^a-z0-9]+", " ", unidecode(str(value)).lower()).split()


# ------------------------------------------------------------------------ reference tables


@dataclass(frozen=True)
class _Reference:
    new: pd.DataFrame  # indexed by code
    old: pd.DataFrame  # indexed by code
    new_by_name: dict[tuple[str, str], list[str]]  # (province, name key) -> new codes
    new_by_name_national: dict[str, list[str]]
    old_by_name: dict[tuple[str, str], list[str]]  # (old province, name key) -> old codes
    old_provinces_of_new: dict[str, list[str]]
    province_by_key: dict[str, tuple[str, str | None]]  # key -> (new code, old code or None)
    old_to_new_province: dict[str, str]
    successors: dict[str, list[str]]
    new_rows: dict[str, dict]  # code -> register fields (fast scalar look-ups)
    old_rows: dict[str, dict]


@cache
def reference() -> _Reference:
    """Register and lineage, indexed for matching (built once per process)."""
    new = new_units()[
        ["code", "name", "full_name", "unit_type", "province_code", "province_name"]
    ].copy()
    new["key"] = new["name"].map(plain_key)
    new["type"] = new["unit_type"].map(lambda t: type_key(f"{t} x"))
    old = legacy_units()[
        [
            "code",
            "name",
            "full_name",
            "unit_type",
            "district_name",
            "province_code",
            "province_name",
        ]
    ].copy()
    old["key"] = old["name"].map(plain_key)
    old["type"] = old["unit_type"].map(lambda t: type_key(f"{t} x"))
    old["district_key"] = old["district_name"].map(district_key)
    lineage = province_lineage()
    old_to_new = dict(zip(lineage.old_province_code, lineage.new_province_code, strict=True))
    old_of_new: dict[str, list[str]] = {}
    for o, n in old_to_new.items():
        old_of_new.setdefault(n, []).append(o)

    new_by_name: dict[tuple[str, str], list[str]] = {}
    national: dict[str, list[str]] = {}
    for code, province, key in new[["code", "province_code", "key"]].itertuples(index=False):
        new_by_name.setdefault((province, key), []).append(code)
        national.setdefault(key, []).append(code)
    old_by_name: dict[tuple[str, str], list[str]] = {}
    for code, province, key in old[["code", "province_code", "key"]].itertuples(index=False):
        old_by_name.setdefault((province, key), []).append(code)

    provinces: dict[str, tuple[str, str | None]] = {}
    for code, name, full in legacy_provinces()[["code", "name", "full_name"]].itertuples(
        index=False
    ):
        for text in (name, full):
            provinces[province_key(text)] = (old_to_new[code], code)
    for code, name, full in new_provinces()[["code", "name", "full_name"]].itertuples(index=False):
        for text in (name, full):
            provinces[province_key(text)] = (code, None)  # a new name wins over an old one
    pairs = lineage_pairs()
    successors = pairs.groupby("old_code")["new_code"].apply(list).to_dict()
    return _Reference(
        new.set_index("code"),
        old.set_index("code"),
        new_by_name,
        national,
        old_by_name,
        old_of_new,
        provinces,
        old_to_new,
        successors,
        new.set_index("code").to_dict("index"),
        old.set_index("code").to_dict("index"),
    )


@cache
def _province_names() -> dict[str, str]:
    provinces = new_provinces()
    return dict(zip(provinces["code"], provinces["name"], strict=True))


# ------------------------------------------------------------------------------- the join


@dataclass
class JoinResult:
    """The join doctor's answer.

    ``rows`` has one row per input row, in input order: ``_row`` (row in the file),
    ``input_code``, ``input_name``, ``input_province``, ``status`` (matched / ambiguous /
    unmatched), ``method`` (code, former code, name, name (no province), former name, fuzzy),
    ``confidence`` (0–1), ``code`` (new unit, 5 digits) or ``old_code`` (former unit, to be
    converted), ``province_code`` / ``province_name`` (new province, when known),
    ``matched_name``, ``candidates`` and ``note`` (English text), and the same as messages
    to word in the UI's language: ``matched_words``, ``candidate_list`` and ``notes``
    (tuples of :class:`~loaders.messages.Message` or plain names).
    """

    rows: pd.DataFrame

    @property
    def counts(self) -> dict[str, int]:
        """Rows per status."""
        found = self.rows["status"].value_counts()
        return {s: int(found.get(s, 0)) for s in STATUSES}

    def summary(self) -> pd.DataFrame:
        """Per new province: ``province_code``, ``province_name``, ``matched``, ``ambiguous``,
        ``unmatched``, ``total``. Rows whose province is unknown are under code ``""``."""
        rows = self.rows.assign(
            province_code=self.rows["province_code"].fillna(""),
            province_name=self.rows["province_name"].fillna("(không rõ tỉnh / unknown)"),
        )
        table = (
            rows.groupby(["province_code", "province_name", "status"])
            .size()
            .unstack("status")
            .reindex(columns=list(STATUSES))
            .fillna(0)
            .astype(int)
        )
        table["total"] = table.sum(axis=1)
        table.columns.name = None
        return table.reset_index().sort_values("province_code", ignore_index=True)

    def rows_for(self, province_code: str | None = None, status: str | None = None) -> pd.DataFrame:
        """The rows behind one cell of :meth:`summary` (``province_code`` ``""`` = unknown)."""
        rows = self.rows
        if province_code is not None:
            rows = rows[rows["province_code"].fillna("") == province_code]
        if status is not None:
            rows = rows[rows["status"] == status]
        return rows


def join_units(frame: pd.DataFrame) -> JoinResult:
    """Match the rows of ``frame`` to units.

    ``frame`` has (some of) ``unit_code`` (5-digit str), ``unit_name``, ``district_name``,
    ``province_code`` (2-digit str), ``province_name`` and ``_row``; missing columns count as
    empty. Rows with the same identity are resolved once (3,321 units x 12 months is 3,321
    look-ups).
    """
    ref = reference()
    columns = ["unit_code", "unit_name", "district_name", "province_code", "province_name"]
    ident = pd.DataFrame({c: frame.get(c) for c in columns}, index=frame.index).astype(object)
    ident = ident.where(ident.notna(), None)
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(ident.fillna("\x00")))
    answers = [
        _worded(_resolve(*(None if v == "\x00" else v for v in key), ref=ref)) for key in uniques
    ]
    answer_frame = pd.DataFrame(
        answers, columns=[*_ANSWER_COLUMNS, "matched_words", "candidate_list", "notes"]
    )
    rows = answer_frame.iloc[codes].reset_index(drop=True)
    rows.insert(
        0, "_row", frame["_row"].to_numpy() if "_row" in frame else np.arange(2, len(frame) + 2)
    )
    rows.insert(1, "input_code", ident["unit_code"].to_numpy())
    rows.insert(2, "input_name", ident["unit_name"].to_numpy())
    rows.insert(
        3, "input_province", ident["province_name"].fillna(ident["province_code"]).to_numpy()
    )
    rows["confidence"] = rows["confidence"].astype(float)
    return JoinResult(rows)


def _worded(answer: tuple) -> tuple:
    """``answer`` with its candidates and notes (tuples of messages) as English text, the
    messages kept in two more columns for the UI's language."""
    matched, candidates, notes = answer[7], answer[8], answer[9]
    english = ("; ".join(m.render("en") for m in part) for part in (candidates, notes))
    worded = (matched,) if isinstance(matched, Message) else (str(matched),) if matched else ()
    name = "; ".join(m if isinstance(m, str) else m.render("en") for m in worded) or None
    return (*answer[:7], name, *english, worded, candidates, notes)


def _and(note: tuple[Message, ...], message: Message) -> tuple[Message, ...]:
    return (*note, message)


_ANSWER_COLUMNS = [
    "status",
    "method",
    "confidence",
    "code",
    "old_code",
    "province_code",
    "province_name",
    "matched_name",
    "candidates",
    "note",
]


def _resolve_province(
    code: str | None, name: str | None, ref: _Reference
) -> tuple[str | None, str | None, str]:
    """(new province code, former province code or None, notes) for a row's province."""
    note: tuple[Message, ...] = ()
    from_code: tuple[str | None, str | None] = (None, None)
    if code:
        if code in ref.old_provinces_of_new:
            from_code = (code, None)
        elif code in ref.old_to_new_province:
            from_code = (ref.old_to_new_province[code], code)
        else:
            note = (msg("data.unknown_province_code", code=code),)
    from_name: tuple[str | None, str | None] = (None, None)
    if name:
        key = province_key(name)
        if key in ref.province_by_key:
            from_name = ref.province_by_key[key]
        else:
            best = process.extractOne(key, list(ref.province_by_key), scorer=fuzz.ratio)
            if best and best[1] >= 85:
                from_name = ref.province_by_key[best[0]]
            else:
                note = _and(note, msg("data.unknown_province", name=name))
    if from_code[0] and from_name[0] and from_code[0] != from_name[0]:
        # Which one is right cannot be told from the row: never pick one silently.
        note = _and(note, msg(PROVINCE_CONFLICT, code=code, name=name))
        return from_code[0], from_code[1], note
    new = from_code[0] or from_name[0]
    return new, from_code[1] or from_name[1], note


def _answer(
    status,
    method="",
    confidence=0.0,
    code=None,
    old_code=None,
    province=None,
    ref=None,
    candidates: tuple[Message, ...] = (),
    note: tuple[Message, ...] = (),
) -> tuple:
    province_name = matched = None
    if code is not None:
        unit = ref.new_rows[code]
        province, matched = unit["province_code"], unit["full_name"]
    elif old_code is not None:
        unit = ref.old_rows[old_code]
        matched = msg("data.former_unit", name=unit["full_name"], district=unit["district_name"])
        targets = ref.successors.get(old_code, [])
        if targets:
            province = ref.new_rows[targets[0]]["province_code"]
    if province is not None:
        province_name = _province_names().get(province)
    return (
        status,
        method,
        confidence,
        code,
        old_code,
        province,
        province_name,
        matched,
        candidates,
        note,
    )


def _describe_new(codes: list[str], ref: _Reference) -> tuple[Message, ...]:
    return tuple(
        msg(
            "data.candidate_new",
            code=code,
            name=ref.new_rows[code]["full_name"],
            province=ref.new_rows[code]["province_name"],
        )
        for code in codes[:8]
    )


def _describe_old(codes: list[str], ref: _Reference) -> tuple[Message, ...]:
    return tuple(
        msg(
            "data.candidate_old",
            code=code,
            name=ref.old_rows[code]["full_name"],
            district=ref.old_rows[code]["district_name"],
            province=ref.old_rows[code]["province_name"],
        )
        for code in codes[:8]
    )


@functools.lru_cache(maxsize=4096)
def _province_of(
    code: str | None, name: str | None
) -> tuple[str | None, str | None, tuple[Message, ...]]:
    """:func:`_resolve_province`, cached: a file names few distinct provinces."""
    return _resolve_province(code, name, reference())


#: The message key of the note of a row whose province code and province name disagree.
PROVINCE_CONFLICT = "data.province_conflict"
#: Notes that say the row's province contradicts its unit: the province cell is at fault.
PROVINCE_NOTES = (
    PROVINCE_CONFLICT,
    "data.code_other_province",
    "data.former_code_other_province",
)


def _resolve(code, name, district, province_code, province_name, *, ref: _Reference) -> tuple:
    province, old_province, note = _province_of(province_code, province_name)
    if any(m.key == PROVINCE_CONFLICT for m in note):
        return _answer("ambiguous", "province", 0.0, province=province, ref=ref, note=note)
    keys = input_keys(name) if name else []
    key = keys[0] if keys else ""
    if code:
        code = BOUNDARY_CODE_FIXES.get(code, code)
        settled = _by_code(code, keys, name, province, ref, note)
        if settled is not None:
            return settled
        note = _and(note, msg("data.unknown_code", code=code))
    if not key:
        note = note or (msg("data.no_name"),)
        return _answer("unmatched", province=province, ref=ref, note=note)
    answer = _by_name(keys, name, district, province, old_province, ref, note)
    if code and answer[0] != "matched" and province:
        # An unknown code is most often a typo: the names nearest the row's own name in its
        # province, with their codes, tell the user which code they meant.
        answer = _with_nearest(answer, key, province, ref)
    return answer


#: How many nearest names an unknown code's note suggests.
NEAREST_SUGGESTIONS = 3


def nearest_names(
    name: str, province_code: str, limit: int = NEAREST_SUGGESTIONS
) -> list[tuple[str, str, float]]:
    """The 2025 communes of province ``province_code`` (2-digit string) whose names are
    nearest ``name``: ``(code, official full name, rapidfuzz ratio 0–100)``, best first.

    Names are compared as :func:`name_key` reduces them (no diacritics, no type word), so
    "Xa Thuc Phan" is nearest "Phường Thục Phán". Empty for an unknown province.
    """
    return _nearest(name_key(name), province_code, reference(), limit)


def _nearest(
    key: str, province: str, ref: _Reference, limit: int = NEAREST_SUGGESTIONS
) -> list[tuple[str, str, float]]:
    codes = ref.new.index[ref.new["province_code"] == province]
    choices = dict(zip(codes, ref.new.loc[codes, "key"], strict=True))
    found = process.extract(key, choices, scorer=fuzz.ratio, limit=limit)
    return [(code, ref.new_rows[code]["full_name"], score) for _, score, code in found]


def _with_nearest(answer: tuple, key: str, province: str, ref: _Reference) -> tuple:
    """``answer`` with the nearest names of ``province`` added to its note."""
    nearest = _nearest(key, province, ref)
    if not nearest:
        return answer
    listed = [msg("data.suggestion", code=c, name=full, score=sc) for c, full, sc in nearest]
    where = _province_names().get(province, province)
    note = _and(answer[9], msg("data.nearest_names", province=where, names=listed))
    return (*answer[:9], note)


def _by_name(
    keys: list[str],
    name: str,
    district: str | None,
    province: str | None,
    old_province: str | None,
    ref: _Reference,
    note: tuple[Message, ...],
) -> tuple:
    """Stages 2–4 (exact name, former name, fuzzy) for a row whose code did not settle it."""
    key = keys[0]
    kind = type_key(name)
    # 2. exact name among new units
    found: list[str] = []
    for candidate in keys:
        if province:
            found = ref.new_by_name.get((province, candidate), [])
        else:
            found = ref.new_by_name_national.get(candidate, [])
        if found:
            break
    if len(found) > 1 and kind:
        typed = [c for c in found if ref.new_rows[c]["type"] == kind]
        found = typed or found
    if len(found) == 1:
        method = "name" if province else "name (no province)"
        return _answer(
            "matched", method, 1.0 if province else 0.9, code=found[0], ref=ref, note=note
        )
    if len(found) > 1:
        where = "data.name_several_in_province" if province else "data.name_in_several_provinces"
        return _answer(
            "ambiguous",
            "name",
            0.0,
            province=province,
            ref=ref,
            candidates=_describe_new(found, ref),
            note=_and(note, msg(where)),
        )

    # 3. former names through the lineage
    if old_province:
        scope = [old_province]
    elif province:
        scope = ref.old_provinces_of_new.get(province, [])
    else:
        scope = list(ref.old_to_new_province)
    former: list[str] = []
    for candidate in keys:
        former = [c for p in scope for c in ref.old_by_name.get((p, candidate), [])]
        if former:
            break
    if len(former) > 1 and district:
        wanted = district_key(district)
        narrowed = [c for c in former if ref.old_rows[c]["district_key"] == wanted]
        former = narrowed or former
    if len(former) > 1 and kind:
        typed = [c for c in former if ref.old_rows[c]["type"] == kind]
        former = typed or former
    if len(former) == 1:
        return _answer(
            "matched",
            "former name",
            0.95 if province else 0.85,
            old_code=former[0],
            ref=ref,
            note=note,
        )
    if len(former) > 1:
        return _answer(
            "ambiguous",
            "former name",
            0.0,
            province=province,
            ref=ref,
            candidates=_describe_old(former, ref),
            note=_and(note, msg("data.former_name_several")),
        )

    # 4. fuzzy names
    return _fuzzy(key, province, scope, ref, note)


def _agrees(keys: list[str], unit_key: str) -> bool:
    """True when an input name is the register name, or a spelling of it."""
    return any(k == unit_key or fuzz.ratio(k, unit_key) >= NAME_AGREES for k in keys)


def _other_unit_named(keys: list[str], code: str, province: str, ref: _Reference) -> str | None:
    """Another 2025 unit of ``province`` whose name is exactly one of ``keys``: then the row
    names that unit, not a spelling of the code's (Thanh Long is no spelling of Thành
    Công when both are communes of Cao Bằng)."""
    if ref.new_rows[code]["key"] in keys:
        return None
    for key in keys:
        for other in ref.new_by_name.get((province, key), []):
            if other != code:
                return other
    return None


def _by_code(
    code: str,
    keys: list[str],
    name: str | None,
    province: str | None,
    ref: _Reference,
    note: tuple[Message, ...],
) -> tuple | None:
    """Stage 1; None when the code is unknown."""
    if code in ref.new_rows:
        unit = ref.new_rows[code]
        if province and unit["province_code"] != province:
            return _answer(
                "ambiguous",
                "code",
                0.0,
                province=province,
                ref=ref,
                candidates=_describe_new([code], ref),
                note=(msg("data.code_other_province", code=code, province=unit["province_name"]),),
            )
        other = _other_unit_named(keys, code, unit["province_code"], ref)
        if not keys or (_agrees(keys, unit["key"]) and other is None):
            spelt = bool(keys) and unit["key"] not in keys
            return _answer(
                "matched",
                "code",
                1.0,
                code=code,
                ref=ref,
                note=_and(note, msg("data.name_spelt_differently", name=name)) if spelt else note,
            )
        if code in ref.old_rows and ref.old_rows[code]["key"] in keys:
            return _answer("matched", "former code", 1.0, old_code=code, ref=ref, note=note)
        return _answer(
            "ambiguous",
            "code",
            0.0,
            province=province or unit["province_code"],
            ref=ref,
            candidates=_describe_new([code], ref),
            note=(msg("data.code_is_other_unit", code=code, unit=unit["full_name"], name=name),),
        )
    if code in ref.old_rows:
        unit = ref.old_rows[code]
        targets = ref.successors.get(code, [])
        new_provinces_of = {ref.new_rows[t]["province_code"] for t in targets}
        if province and province not in new_provinces_of:
            return _answer(
                "ambiguous",
                "former code",
                0.0,
                province=province,
                ref=ref,
                candidates=_describe_old([code], ref),
                note=(
                    msg(
                        "data.former_code_other_province",
                        code=code,
                        province=unit["province_name"],
                    ),
                ),
            )
        if keys and not _agrees(keys, unit["key"]):
            return _answer(
                "ambiguous",
                "former code",
                0.0,
                province=province,
                ref=ref,
                candidates=_describe_old([code], ref),
                note=(
                    msg(
                        "data.former_code_is_other_unit",
                        code=code,
                        unit=unit["full_name"],
                        name=name,
                    ),
                ),
            )
        return _answer("matched", "former code", 1.0, old_code=code, ref=ref, note=note)
    return None


def _fuzzy(
    key: str,
    province: str | None,
    old_scope: list[str],
    ref: _Reference,
    note: tuple[Message, ...],
) -> tuple:
    in_scope = (ref.new["province_code"] == province) if province else slice(None)
    new_codes = ref.new.index[in_scope]
    old_mask = ref.old["province_code"].isin(old_scope)
    choices = {("new", c): k for c, k in zip(new_codes, ref.new.loc[new_codes, "key"], strict=True)}
    choices.update(
        {
            ("old", c): k
            for c, k in zip(ref.old.index[old_mask], ref.old.loc[old_mask, "key"], strict=True)
        }
    )
    found = process.extract(key, choices, scorer=fuzz.ratio, limit=6, score_cutoff=FUZZY_FLOOR)
    if not found:
        return _answer(
            "unmatched",
            "fuzzy",
            0.0,
            province=province,
            ref=ref,
            note=_and(note, msg("data.no_similar_name")),
        )
    # a new unit and the former unit of the same code are one place, not two candidates
    best_by_place: dict[str, tuple[float, tuple[str, str]]] = {}
    for _, score, (level, code) in found:
        place = code if level == "new" else f"old:{code}"
        if place not in best_by_place or score > best_by_place[place][0]:
            best_by_place[place] = (score, (level, code))
    # a former unit that went into an equally similar new unit (which often took its name)
    # is that new unit, not a rival candidate
    new_scores = {c: sc for sc, (lv, c) in best_by_place.values() if lv == "new"}
    for place, (score, (level, code)) in list(best_by_place.items()):
        if level == "old" and any(
            new_scores.get(t, -1) >= score for t in ref.successors.get(code, [])
        ):
            del best_by_place[place]
    ranked = sorted(best_by_place.values(), key=lambda item: -item[0])
    (best, (level, code)), runner_up = ranked[0], (ranked[1][0] if len(ranked) > 1 else 0.0)
    listed = tuple(
        msg(
            "data.candidate_scored",
            candidate=(_describe_new([c], ref) if lv == "new" else _describe_old([c], ref))[0],
            score=s,
        )
        for s, (lv, c) in ranked[:5]
    )
    if province and best >= FUZZY_ACCEPT and best - runner_up >= FUZZY_MARGIN:
        if level == "new":
            return _answer(
                "matched", "fuzzy", best / 100, code=code, ref=ref, candidates=listed, note=note
            )
        return _answer(
            "matched",
            "fuzzy (former name)",
            best / 100,
            old_code=code,
            ref=ref,
            candidates=listed,
            note=note,
        )
    why = msg("data.similar_names_only" if province else "data.no_province_given")
    return _answer(
        "ambiguous",
        "fuzzy",
        best / 100,
        province=province,
        ref=ref,
        candidates=listed,
        note=_and(note, why),
    )


def corrected_table(
    frame: pd.DataFrame, result: JoinResult, lang: str = "vi", kind: str = "metrics"
) -> pd.DataFrame:
    """The input rows with codes and official names filled in, plus the doctor's columns.

    ``frame`` is the validated frame (canonical keys). Matched rows get the matched code (the
    former code for former units, which are converted on import) and official name; the
    original name is kept in ``original_name``. Headers are the template's, in ``lang``.
    Count columns are nullable integers (``Int64``: ``120``, not ``120.0``; missing stays
    missing). Re-importing the file matches every matched row by code.
    """
    from loaders.metrics.schemas import SCHEMAS

    schema = SCHEMAS[kind]
    rows = result.rows.reset_index(drop=True)
    out = frame.drop(columns=["_row"], errors="ignore").reset_index(drop=True).copy()
    matched = rows["status"] == "matched"
    ref = reference()
    code = rows["code"].where(rows["code"].notna(), rows["old_code"])
    official = pd.Series(
        [
            ref.new.loc[c, "name"]
            if isinstance(c, str)
            else ref.old.loc[o, "name"]
            if isinstance(o, str)
            else None
            for c, o in zip(rows["code"], rows["old_code"], strict=True)
        ],
        dtype=object,
    )
    out.insert(0, "original_name", out.get("unit_name"))
    out["unit_code"] = code.where(matched, out.get("unit_code"))
    out["unit_name"] = official.where(matched, out.get("unit_name"))
    out["province_code"] = rows["province_code"].where(matched, out.get("province_code"))
    out["province_name"] = rows["province_name"].where(matched, out.get("province_name"))
    for column in ("status", "method", "confidence", "candidates", "note"):
        out[f"match_{column}"] = rows[column].to_numpy()
    # the doctor's notes and candidates in the file's language
    for column, words in (("candidates", "candidate_list"), ("note", "notes")):
        if words in rows:
            out[f"match_{column}"] = [
                "; ".join(m.render(lang) for m in part) for part in rows[words]
            ]
    out.insert(0, "file_row", rows["_row"].to_numpy())
    doctor = {
        "file_row": ("Dòng trong tệp gốc", "file_row"),
        "original_name": ("Tên trong tệp gốc", "original_name"),
        "match_status": ("Trạng thái ghép", "match_status"),
        "match_method": ("Cách ghép", "match_method"),
        "match_confidence": ("Độ tin cậy", "match_confidence"),
        "match_candidates": ("Gợi ý", "match_candidates"),
        "match_note": ("Ghi chú ghép", "match_note"),
    }
    names = {f.key: (f.vi if lang == "vi" else f.en) for f in schema.fields}
    names.update({k: (v[0] if lang == "vi" else v[1]) for k, v in doctor.items()})
    if "period" in out:
        out["period"] = out["period"].astype(object)
    # Validation holds counts as float64 (NaN = missing), which a file would show as "120.0":
    # counts are whole numbers (checked), so give them back as nullable integers.
    for spec in schema.fields:
        if spec.kind == "count" and spec.key in out:
            values = pd.to_numeric(out[spec.key], errors="coerce")
            if (values.dropna() % 1 == 0).all():  # always, for validated counts
                out[spec.key] = values.astype("Int64")
    return out.rename(columns=names)
