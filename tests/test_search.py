"""Tests of loaders.search: normalisation, prefixes, former names, ranking, collisions.

Two kinds: a tiny literal index (exact expectations on ranking and labels), and the real
register (``vietnamadminunits``, installed with the project, no boundary build needed),
where expectations come from the lineage tables rather than being hard-coded.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from loaders import search
from loaders.lineage import lineage_pairs, predecessors, successors
from loaders.register import legacy_units, new_units
from loaders.search import SearchIndex, canonical, fold, strip_prefix

# --- Normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà", "Hòa"),
        ("Thuỷ", "Thủy"),
        ("HOÀ AN", "hòa an"),
        (unicodedata.normalize("NFD", "Xã Ba Chẽ"), "Xã Ba Chẽ"),
        ("Khánh Hoà", "Khánh Hòa"),
    ],
)
def test_canonical_tone_placement_nfc_case(a, b):
    assert canonical(a) == canonical(b)


def test_canonical_keeps_marks_inside_syllables():
    # "Hoàn" has its mark on the a legitimately; only a final oa/oe/uy moves.
    assert canonical("Hoàn Kiếm") == "hoàn kiếm"
    assert canonical("Hoà") != canonical("Hóa")  # different tones stay different


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Cao Bằng", "cao bang"),
        ("Đắk Lắk", "dak lak"),
        ("P. Tân Định", "p tan dinh"),
        ("TP.Hồ Chí Minh", "tp ho chi minh"),
        ("  Xã   Ba Chẽ ", "xa ba che"),
        (unicodedata.normalize("NFD", "Thuỷ"), "thuy"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("xa ba che", "ba che"),
        ("phuong thuc phan", "thuc phan"),
        ("p tan dinh", "tan dinh"),
        ("thi tran ba che", "ba che"),
        ("tt ba che", "ba che"),
        ("tinh cao bang", "cao bang"),
        ("thanh pho ho chi minh", "ho chi minh"),
        ("tp ho chi minh", "ho chi minh"),
        ("p 1", "1"),
        ("xa", "xa"),  # only a prefix: kept
        ("ba che", "ba che"),
    ],
)
def test_strip_prefix(text, stripped):
    assert strip_prefix(text) == stripped


# --- A tiny literal index ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny() -> SearchIndex:
    provinces = pd.DataFrame(
        {
            "code": ["04", "22", "51"],
            "name": ["Cao Bằng", "Quảng Ninh", "Quảng Ngãi"],
            "full_name": ["Tỉnh Cao Bằng", "Tỉnh Quảng Ninh", "Tỉnh Quảng Ngãi"],
        }
    )
    units = pd.DataFrame(
        {
            "code": ["01273", "06970", "21040", "13558", "01654"],
            "name": ["Thục Phán", "Ba Chẽ", "Bình Sơn", "Bình Sơn", "Hòa An"],
            "full_name": [
                "Phường Thục Phán",
                "Xã Ba Chẽ",
                "Xã Bình Sơn",
                "Xã Bình Sơn",
                "Xã Hòa An",
            ],
            "unit_type": ["Phường", "Xã", "Xã", "Xã", "Xã"],
            "province_code": ["04", "22", "51", "22", "04"],
            "province_name": ["Cao Bằng", "Quảng Ninh", "Quảng Ngãi", "Quảng Ninh", "Cao Bằng"],
        }
    )
    legacy = pd.DataFrame(
        {
            "code": ["01282", "06970", "06979", "23000"],
            "name": ["Hợp Giang", "Ba Chẽ", "Thanh Lâm", "Sơn Tịnh"],
            "full_name": ["Phường Hợp Giang", "Thị trấn Ba Chẽ", "Xã Thanh Lâm", "Xã Sơn Tịnh"],
            "unit_type": ["Phường", "Thị trấn", "Xã", "Xã"],
            "district_name": ["Thành phố Cao Bằng", "Huyện Ba Chẽ", "Huyện Ba Chẽ", "Huyện X"],
            "province_name": ["Cao Bằng", "Quảng Ninh", "Quảng Ninh", "Quảng Ngãi"],
        }
    )
    pairs = pd.DataFrame(
        {
            "new_code": ["01273", "06970", "06970", "21040", "13558"],
            "old_code": ["01282", "06970", "06979", "23000", "23000"],
            "part": [False, False, False, True, True],
        }
    )
    province_pairs = pd.DataFrame({"old_province_code": ["62"], "new_province_code": ["51"]})
    old_provinces = pd.DataFrame(
        {"code": ["62"], "name": ["Kon Tum"], "full_name": ["Tỉnh Kon Tum"]}
    )
    # The boundary version on the map writes the old-style "Hoà An".
    return SearchIndex.build(
        provinces,
        units,
        legacy,
        pairs,
        province_pairs,
        old_provinces,
        current_names={"01654": "Xã Hoà An"},
    )


def test_tiny_without_diacritics_finds_province_first(tiny):
    hits = tiny.search("cao bang")
    assert hits[0].kind == "province" and hits[0].code == "04"
    assert hits[0].label == "Tỉnh Cao Bằng"


@pytest.mark.parametrize("query", ["ba che", "Ba Chẽ", "xã ba chẽ", "XA BA CHE", "Xa Ba Che"])
def test_tiny_commune_with_or_without_prefix_and_marks(tiny, query):
    hits = tiny.search(query)
    assert (hits[0].kind, hits[0].code) == ("commune", "06970")
    assert hits[0].label == "Xã Ba Chẽ — Quảng Ninh"


@pytest.mark.parametrize("query", ["P. Thục Phán", "p thuc phan", "Phường Thục Phán", "thuc ph"])
def test_tiny_ward_prefix_abbreviations_and_partial(tiny, query):
    assert tiny.search(query)[0].code == "01273"


def test_tiny_former_name_leads_to_new_unit(tiny):
    hits = tiny.search("hop giang")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.kind == "former" and hit.is_former and hit.level == "commune"
    assert hit.code == "01273" and hit.province_code == "04"
    assert "tên cũ" in hit.label and hit.label.endswith("→ Phường Thục Phán — Cao Bằng")
    assert "former" in hit.label_en


def test_tiny_current_name_ranks_before_former_name(tiny):
    hits = tiny.search("ba che")
    assert [h.kind for h in hits[:2]] == ["commune", "former"]
    assert {h.code for h in hits[:2]} == {"06970"}


def test_tiny_split_old_unit_lists_every_successor_as_part(tiny):
    hits = [h for h in tiny.search("son tinh") if h.kind == "former"]
    assert {h.code for h in hits} == {"21040", "13558"}
    assert all("một phần" in h.label and "in part" in h.label_en for h in hits)


def test_tiny_name_collisions_show_the_province(tiny):
    hits = [h for h in tiny.search("Bình Sơn") if h.kind == "commune"]
    assert {h.code for h in hits} == {"21040", "13558"}
    labels = {h.label for h in hits}
    assert labels == {"Xã Bình Sơn — Quảng Ngãi", "Xã Bình Sơn — Quảng Ninh"}


def test_tiny_current_names_and_both_tone_placements(tiny):
    for query in ("Hòa An", "Hoà An", "hoa an"):
        hit = tiny.search(query)[0]
        assert hit.code == "01654"
        assert hit.label == "Xã Hoà An — Cao Bằng"  # the name on the map


def test_tiny_former_province(tiny):
    hit = tiny.search("kon tum")[0]
    assert (hit.kind, hit.level, hit.code) == ("former", "province", "51")
    assert hit.label == "Tỉnh Kon Tum (tên cũ) → Tỉnh Quảng Ngãi"


def test_tiny_typo_is_forgiven_only_when_nothing_matches(tiny):
    assert tiny.search("cao bamg")[0].code == "04"
    assert [h.code for h in tiny.search("thuc phan")] == ["01273"]


def test_tiny_province_and_kind_filters(tiny):
    assert {h.code for h in tiny.search("binh son", province="22")} == {"13558"}
    assert all(h.kind == "province" for h in tiny.search("cao bang", kinds=("province",)))


@pytest.mark.parametrize("query", ["", "   ", "...", "xyzzy qwerty"])
def test_tiny_nothing(tiny, query):
    assert tiny.search(query) == []


def test_tiny_accent_exact_match_scores_higher(tiny):
    plain = tiny.search("ba che")[0].score
    exact = tiny.search("Ba Chẽ")[0].score
    assert exact > plain


# --- The real register ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> SearchIndex:
    return search.default_index()


def test_real_cao_bang_reaches_the_province(real):
    hit = real.search("cao bang")[0]
    assert (hit.kind, hit.code, hit.label) == ("province", "04", "Tỉnh Cao Bằng")


def test_real_ba_che(real):
    expected = new_units().query("name == 'Ba Chẽ'")
    assert len(expected) == 1
    hit = real.search("ba che")[0]
    assert (hit.kind, hit.code) == ("commune", expected["code"].iloc[0])


def test_real_every_province_found_by_its_folded_name(real):
    from loaders.register import new_provinces

    for row in new_provinces().itertuples():
        hit = real.search(fold(row.name))[0]
        assert (hit.kind, hit.code) == ("province", row.code), row.name


def test_real_former_names_lead_to_their_successors(real):
    # Old units whose name no current unit has: the former name must be among the hits,
    # pointing at exactly the lineage successors.
    current = {fold(n) for n in new_units()["name"]}
    legacy = legacy_units()
    legacy = legacy[legacy["level"] == "commune"]
    unique = legacy.groupby(legacy["name"].map(fold)).filter(lambda g: len(g) == 1)
    sample = unique[~unique["name"].map(fold).isin(current)].sample(25, random_state=7)
    for row in sample.itertuples():
        key = fold(row.name)  # short names carry no prefix (and "Huyền…" is not "Huyện")
        hits = [
            h
            for h in real.search(row.name, limit=20)
            if h.kind == "former" and strip_prefix(fold(h.matched)) == key
        ]
        expected = set(successors(row.code)["new_code"])
        assert expected, row.code
        assert {h.code for h in hits} == expected, row.full_name


def test_real_split_unit_is_marked_part(real):
    pairs = lineage_pairs()
    split = pairs[pairs["part"]]
    legacy = legacy_units().set_index("code")
    for old_code in split["old_code"].drop_duplicates().head(10):
        name = legacy.loc[old_code, "full_name"]
        district = legacy.loc[old_code, "district_name"]
        hits = [
            h
            for h in real.search(f"{name} {district}", limit=30)
            if h.kind == "former" and district in h.label
        ]
        assert hits, name
        assert all("một phần" in h.label for h in hits)


def test_real_collisions_show_distinct_provinces(real):
    for name in ("Bình Sơn", "Đông Sơn", "Phú Xuân"):
        expected = new_units().query("name == @name")
        ranked = [h for h in real.search(name, limit=30) if h.kind == "commune"]
        exact = [h for h in ranked if canonical(h.matched).endswith(" " + canonical(name))]
        assert {h.code for h in exact} == set(expected["code"])
        # Typed with its diacritics, the name ranks before look-alikes (Đông Sơn, Đồng Sơn).
        assert ranked[: len(exact)] == exact
        assert len({h.label for h in exact}) == len(exact)
        for hit in exact:
            province = expected.set_index("code").loc[hit.code, "province_name"]
            assert hit.label.endswith(f"— {province}")


def test_real_predecessor_of_a_cao_bang_commune(real):
    code = new_units().query("province_code == '04'")["code"].iloc[0]
    for old in predecessors(code).itertuples():
        hits = real.search(f"{old.old_full_name} {old.old_district_name}", limit=30)
        assert any(h.kind == "former" and h.code == code for h in hits), old.old_full_name
