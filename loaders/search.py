"""Search provinces and communes the way Vietnamese users type.

Handles, in the query and in the names alike:

* diacritics or none ("cao bang" finds Cao Bằng; "ba che" finds Ba Chẽ), ``đ`` typed as ``d``;
* Unicode NFC or NFD input, and both tone-mark placements (Hoà / Hòa, Thuỷ / Thủy);
* case and punctuation;
* administrative prefixes or none: Tỉnh, Thành phố / TP., Xã, Phường / P., Thị trấn / TT,
  Đặc khu, and the former Quận / Q., Huyện / H., Thị xã / TX.;
* former names: every commune-level unit before 1 July 2025 (and every former province)
  leads to the new unit(s) it became, marked as a former name;
* typos, through ``rapidfuzz`` when nothing matches exactly.

Results are ranked (exact name > name prefix > all words present > fuzzy; current units
before former names; provinces before communes) and every commune label names its province,
since names repeat across provinces (Bình Sơn, Đông Sơn, Phú Xuân…). Codes are strings.

Plain Python: no Streamlit here, so the index is tested on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import pandas as pd
from rapidfuzz import fuzz, process
from unidecode import unidecode

KINDS = ("province", "commune", "former")

#: Prefixes stripped from queries and names, in folded form, longest first. Single letters
#: (``p``, ``q``, ``h``) are only taken as prefixes when followed by more text.
PREFIXES = (
    "thanh pho",
    "thi tran",
    "thi xa",
    "dac khu",
    "phuong",
    "huyen",
    "quan",
    "tinh",
    "xa",
    "tp",
    "tt",
    "tx",
    "p",
    "q",
    "h",
)

#: Everyday names of provinces that match none of their official names.
ALIASES: dict[str, tuple[str, ...]] = {
    "79": ("TP.HCM", "TP HCM", "HCM", "TPHCM", "Sài Gòn", "Saigon"),
    "01": ("HN",),
    "46": ("Thừa Thiên Huế",),
}

# Old-style tone placement on oa/oe/uy (Hoà, Thuỷ) → new style (Hòa, Thủy). Only where the
# vowel pair ends the syllable: "Hoàn" keeps its mark on the a.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_OLD_TONE = re.compile(rf"([oOuU])([aAeEyY])([{_TONES}])(?![^\W\d_])")


@dataclass(frozen=True)
class SearchResult:
    """One hit. ``code`` is the unit to open (for a former name: the unit it became)."""

    kind: str  # "province" | "commune" | "former"
    level: str  # level of the unit to open: "province" | "commune"
    code: str
    province_code: str
    label: str  # Vietnamese label, with the province for communes and former names
    label_en: str
    score: float
    matched: str  # the name that matched (the former name for kind "former")

    @property
    def is_former(self) -> bool:
        return self.kind == "former"

    def display(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label


def canonical(text: str) -> str:
    """NFC, lower case, new-style tone placement: ``"HOÀ"`` and ``"Hòa"`` give ``"hòa"``."""
    decomposed = unicodedata.normalize("NFD", str(text))
    decomposed = _OLD_TONE.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", decomposed).lower()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Accent-free, lower-case, punctuation as spaces: ``"P. Tân Định"`` → ``"p tan dinh"``."""
    ascii_text = unidecode(canonical(text))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", ascii_text.lower()).split())


def strip_prefix(folded: str) -> str:
    """Remove one leading administrative prefix from folded text (``"xa ba che"`` → ``"ba che"``).

    Numbers after a prefix are kept: ``"p 1"`` → ``"1"``. Text that is only a prefix is kept.
    """
    for prefix in PREFIXES:
        if folded.startswith(prefix + " ") and len(folded) > len(prefix) + 1:
            return folded[len(prefix) + 1 :]
    return folded


def _accent_key(text: str) -> str:
    """Accented comparison key without prefix: tells "Hòa An" from "Hóa An"."""
    words = re.sub(r"[^\w]+", " ", canonical(text)).split()
    folded = fold(" ".join(words))
    stripped = strip_prefix(folded)
    drop = len(folded.split()) - len(stripped.split())
    return " ".join(words[drop:])


@dataclass(frozen=True)
class _Entry:
    kind: str
    level: str
    code: str
    province_code: str
    label: str
    label_en: str
    name: str  # matched name, accented
    key: str  # folded name without prefix
    accent: str  # accented name without prefix, canonical
    context: str  # folded province (and old district) names, for "ba che quang ninh"
    rank: int  # tie-breaker: lower first
    unit_type: str = ""  # of the unit to open (current units only): "Xã", "Tỉnh"…
    short: str = ""  # its proper name, without the type: "Quang Hán"


@dataclass(frozen=True)
class Candidate:
    """A current unit as the search box offers it while the user types (in the browser).

    ``keys`` are the folded names without prefix that the unit is found by (the first from
    its own name; a province's everyday names follow). Codes are strings.
    """

    level: str  # "province" | "commune"
    code: str
    province_code: str
    unit_type: str  # "Xã", "Phường", "Đặc khu", "Tỉnh", "Thành phố"
    name: str  # proper name without the type, accented: "Quang Hán"
    keys: tuple[str, ...]


_EN_TYPES = {
    "Xã": "Commune",
    "Phường": "Ward",
    "Đặc khu": "Special zone",
    "Thị trấn": "Township",
    "Huyện": "District",
}


def _en_unit(name: str, unit_type: str) -> str:
    return f"{name} {_EN_TYPES.get(unit_type, unit_type)}"


def _en_province(full_name: str) -> str:
    for prefix, english in (("Thành phố ", "City"), ("Tỉnh ", "Province")):
        if full_name.startswith(prefix):
            return f"{full_name[len(prefix) :]} {english}"
    return full_name


def _split_type(full_name: str, types: tuple[str, ...]) -> tuple[str, str]:
    """``"Tỉnh Cao Bằng"`` → ``("Tỉnh", "Cao Bằng")``; a name with none of ``types`` keeps
    its whole self as the name."""
    for unit_type in types:
        if full_name.startswith(unit_type + " "):
            return unit_type, full_name[len(unit_type) + 1 :]
    return "", full_name


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class SearchIndex:
    """An in-memory index over provinces, communes and former names.

    Build it with :meth:`from_register` (the official register and lineage) or pass frames
    directly (tests). ``current_names`` (code → full name) replaces display names with the
    ones of the boundary version on the map, and indexes them too.
    """

    def __init__(self, entries: list[_Entry]):
        self.entries = entries
        self._keys = [e.key for e in entries]
        self._with_context = [f"{e.key} {e.context}".strip() for e in entries]

    def __len__(self) -> int:
        return len(self.entries)

    # Building ---------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        provinces: pd.DataFrame,
        units: pd.DataFrame,
        legacy: pd.DataFrame,
        pairs: pd.DataFrame,
        province_pairs: pd.DataFrame | None = None,
        legacy_provinces: pd.DataFrame | None = None,
        current_names: Mapping[str, str] | None = None,
    ) -> SearchIndex:
        """Index from frames shaped like :mod:`loaders.register` / :mod:`loaders.lineage`.

        ``provinces``: code, name, full_name. ``units``: code, name, full_name, unit_type,
        province_code, province_name. ``legacy``: code, name, full_name, unit_type,
        district_name, province_name. ``pairs``: new_code, old_code, part.
        ``province_pairs``: old_province_code, new_province_code; ``legacy_provinces``:
        code, name, full_name (both optional).
        """
        current_names = dict(current_names or {})
        entries: list[_Entry] = []
        province_full = dict(zip(provinces["code"], provinces["full_name"], strict=True))
        province_short = dict(zip(provinces["code"], provinces["name"], strict=True))

        for row in provinces.itertuples(index=False):
            full = current_names.get(row.code, row.full_name)
            names = [full, row.full_name, row.name, *ALIASES.get(row.code, ())]
            for name in dict.fromkeys(names):
                entries.append(
                    _Entry(
                        "province",
                        "province",
                        row.code,
                        row.code,
                        full,
                        _en_province(full),
                        name,
                        strip_prefix(fold(name)),
                        _accent_key(name),
                        "",
                        0,
                        *_split_type(full, ("Thành phố", "Tỉnh")),
                    )
                )

        unit_label: dict[str, tuple[str, str]] = {}
        for row in units.itertuples(index=False):
            full = _upper_first(current_names.get(row.code, row.full_name))
            short = (
                full[len(row.unit_type) + 1 :]
                if full.lower().startswith(row.unit_type.lower() + " ")
                else row.name
            )
            province = province_short.get(row.province_code, row.province_name)
            label = f"{full} — {province}"
            label_en = f"{_en_unit(short, row.unit_type)} — {province}"
            unit_label[row.code] = (label, label_en)
            context = fold(province)
            for name in dict.fromkeys([full, row.full_name]):
                entries.append(
                    _Entry(
                        "commune",
                        "commune",
                        row.code,
                        row.province_code,
                        label,
                        label_en,
                        name,
                        strip_prefix(fold(name)),
                        _accent_key(name),
                        context,
                        1,
                        row.unit_type,
                        short,
                    )
                )

        columns = ["name", "full_name", "unit_type", "district_name", "province_name"]
        old_rows = {
            row[0]: dict(
                zip(columns, (str(v) if pd.notna(v) else "" for v in row[1:]), strict=True)
            )
            for row in legacy.reindex(columns=["code", *columns]).itertuples(index=False)
        }
        new_province = dict(zip(units["code"], units["province_code"], strict=True))
        former_word = {"vi": "tên cũ", "en": "former"}
        folded: dict[str, tuple[str, str, str]] = {}  # old code -> (key, accent, context)
        for row in pairs.itertuples(index=False):
            old = old_rows.get(row.old_code)
            if old is None or row.new_code not in unit_label:
                continue
            old_full = _upper_first(old["full_name"])
            district = old["district_name"]
            where = ", ".join(s for s in (district, old["province_name"]) if s)
            part_vi = ", một phần" if row.part else ""
            part_en = ", in part" if row.part else ""
            target, target_en = unit_label[row.new_code]
            label = f"{old_full} ({former_word['vi']}, {where}{part_vi}) → {target}"
            label_en = (
                f"{_en_unit(old['name'], old['unit_type'])} "
                f"({former_word['en']}, {where}{part_en}) → {target_en}"
            )
            if row.old_code not in folded:  # a split unit is folded once, not per successor
                folded[row.old_code] = (
                    strip_prefix(fold(old_full)),
                    _accent_key(old_full),
                    f"{fold(district)} {fold(old['province_name'])}",
                )
            key, accent, context = folded[row.old_code]
            entries.append(
                _Entry(
                    "former",
                    "commune",
                    row.new_code,
                    new_province[row.new_code],
                    label,
                    label_en,
                    old_full,
                    key,
                    accent,
                    context,
                    2,
                )
            )

        if province_pairs is not None and legacy_provinces is not None:
            old_provinces = legacy_provinces.set_index("code")
            current_codes = set(provinces["code"])
            for row in province_pairs.itertuples(index=False):
                old_code, new_code = row.old_province_code, row.new_province_code
                # A province that kept its code and name is already indexed as current.
                if old_code in current_codes or old_code not in old_provinces.index:
                    continue
                old_full = str(old_provinces.loc[old_code, "full_name"])
                target = current_names.get(new_code, province_full[new_code])
                label = f"{old_full} ({former_word['vi']}) → {target}"
                label_en = (
                    f"{_en_province(old_full)} ({former_word['en']}) → {_en_province(target)}"
                )
                entries.append(
                    _Entry(
                        "former",
                        "province",
                        new_code,
                        new_code,
                        label,
                        label_en,
                        old_full,
                        strip_prefix(fold(old_full)),
                        _accent_key(old_full),
                        "",
                        2,
                    )
                )
        return cls(entries)

    @classmethod
    def current_units(cls, provinces: pd.DataFrame, units: pd.DataFrame) -> SearchIndex:
        """Provinces and communes only, no former names (frames as for :meth:`build`): the
        search box's list, quick to build from the tables the map has loaded already."""
        legacy = pd.DataFrame(
            columns=["code", "name", "full_name", "unit_type", "district_name", "province_name"]
        )
        pairs = pd.DataFrame(columns=["new_code", "old_code", "part"])
        return cls.build(provinces, units, legacy, pairs)

    @classmethod
    def from_register(cls, current_names: Mapping[str, str] | None = None) -> SearchIndex:
        """The index of the official 2025 register and its lineage (no built data needed)."""
        from loaders.lineage import lineage_pairs, province_lineage
        from loaders.register import legacy_provinces, legacy_units, new_provinces, new_units

        return cls.build(
            new_provinces(),
            new_units(),
            legacy_units(),
            lineage_pairs(),
            province_lineage(),
            legacy_provinces(),
            current_names,
        )

    def candidates(self) -> list[Candidate]:
        """Every current province and commune once, in index order (provinces first), with
        all the keys it is found by: what the search box filters in the browser."""
        found: dict[tuple[str, str], Candidate] = {}
        for entry in self.entries:
            if entry.kind not in ("province", "commune"):
                continue
            known = found.get((entry.level, entry.code))
            if known is None:
                found[(entry.level, entry.code)] = Candidate(
                    entry.level,
                    entry.code,
                    entry.province_code,
                    entry.unit_type,
                    entry.short,
                    (entry.key,),
                )
            elif entry.key not in known.keys:
                found[(entry.level, entry.code)] = replace(known, keys=(*known.keys, entry.key))
        return list(found.values())

    # Searching --------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 10,
        kinds: tuple[str, ...] = KINDS,
        province: str | None = None,
    ) -> list[SearchResult]:
        """Ranked results for ``query`` (empty list for a blank query).

        ``province`` restricts results to one new province (2-digit code).
        """
        folded = fold(query)
        if not folded:
            return []
        variants = list(dict.fromkeys([strip_prefix(folded), folded]))
        accent = _accent_key(query)
        scored: dict[int, float] = {}

        for i, entry in enumerate(self.entries):
            if entry.kind not in kinds or (province and entry.province_code != province):
                continue
            best = 0.0
            for q in variants:
                if entry.key == q:
                    best = max(best, 100.0)
                elif entry.key.startswith(q + " ") or (len(q) >= 3 and entry.key.startswith(q)):
                    best = max(best, 90.0 - min(len(entry.key) - len(q), 20) * 0.1)
                elif _all_words(q, self._with_context[i]):
                    best = max(best, 80.0)
            if best:
                if accent and entry.accent == accent:
                    best += 5.0  # typed with the right diacritics: an exact match
                scored[i] = best

        if not scored:
            # Typos: whole-name similarity (not partial matching, which would let a short
            # name such as "Ba" match inside any query).
            for q in variants:
                hits = process.extract(
                    q, self._keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=80
                )
                for _, score, i in hits:
                    entry = self.entries[i]
                    if entry.kind not in kinds or (province and entry.province_code != province):
                        continue
                    scored[i] = max(scored.get(i, 0.0), 70.0 * score / 100.0)

        ranked = sorted(
            scored.items(),
            key=lambda item: (-item[1], self.entries[item[0]].rank, self.entries[item[0]].label),
        )
        results: list[SearchResult] = []
        seen: set[tuple[str, str, str]] = set()
        for i, score in ranked:
            entry = self.entries[i]
            key = (entry.kind, entry.code, entry.label)
            if key in seen:
                continue
            seen.add(key)
            results.append(
                SearchResult(
                    entry.kind,
                    entry.level,
                    entry.code,
                    entry.province_code,
                    entry.label,
                    entry.label_en,
                    round(score, 2),
                    entry.name,
                )
            )
            if len(results) >= limit:
                break
        return results


def _all_words(query: str, text: str) -> bool:
    words = text.split()
    return all(
        any(w == q or (len(q) >= 3 and w.startswith(q)) for w in words) for q in query.split()
    )


@cache
def default_index() -> SearchIndex:
    """The register-based index, built once per process (about a second)."""
    return SearchIndex.from_register()


def search(query: str, limit: int = 10) -> list[SearchResult]:
    """Search the default index."""
    return default_index().search(query, limit=limit)
