"""The map page's search box (dashboard.map.search_box): the candidate list the browser
filters, its folding and ranking in JavaScript against loaders.search, and the page with it.

The list comes from the official register (no boundary build needed); the page tests need the
built boundary data. The JavaScript test runs ``node --test`` on ``tests/js`` and skips only
when ``node`` is not installed (``apt-get install nodejs``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata

import pytest

from dashboard.map import search_box
from dashboard.map.search_box import COMPONENT_NAME, QUERY_KEY, candidate_payload, candidate_rows
from loaders.lineage import predecessors
from loaders.paths import REPO_ROOT
from loaders.register import new_provinces, new_units
from loaders.search import Candidate, SearchIndex, fold
from tests.app_support import app, run

CAO_BANG, QUANG_HAN, HO_CHI_MINH = "04", "01456", "79"
#: Queries whose first result the browser must agree on with the server.
FIRST = {
    "quang han": QUANG_HAN,
    "Quang Hán": QUANG_HAN,
    "xa quang han": QUANG_HAN,
    "cao bang": CAO_BANG,
    "tp hcm": HO_CHI_MINH,
    "TP.HCM": HO_CHI_MINH,
    "sai gon": HO_CHI_MINH,
    "ba che": "06970",
    "ba che quang ninh": "06970",
    "thuc phan": "01273",
    "Thuỷ Nguyên": "11560",
    "dak lak": "66",
}
#: Queries (no diacritics, whole words) whose scores the browser must reproduce.
SCORED = ["quang han", "cao bang", "hoa an", "ba che quang ninh", "phuong 1", "tan dinh"]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.from_register()


@pytest.fixture(scope="module")
def candidates(index) -> list[Candidate]:
    return index.candidates()


# --- The candidate list ---------------------------------------------------------------------


def test_candidates_are_every_current_unit_once(candidates):
    provinces = [c for c in candidates if c.level == "province"]
    communes = [c for c in candidates if c.level == "commune"]
    assert len(provinces) == 34 and len(communes) == 3321
    assert [c.code for c in provinces] == list(new_provinces()["code"])
    assert sorted(c.code for c in communes) == sorted(new_units()["code"])
    assert all(isinstance(c.code, str) for c in candidates)
    assert {len(c.code) for c in provinces} == {2} and {len(c.code) for c in communes} == {5}
    # Provinces come first: a commune's province is known when the browser reads it.
    assert candidates[:34] == provinces


def test_the_current_units_index_offers_the_same_candidates(candidates):
    """The page builds the list without former names (quicker): the same list."""
    quick = SearchIndex.current_units(new_provinces(), new_units())
    assert quick.candidates() == candidates
    assert {e.kind for e in quick.entries} == {"province", "commune"}


def test_candidates_carry_type_name_and_keys(candidates):
    by_code = {c.code: c for c in candidates}
    quang_han = by_code[QUANG_HAN]
    assert (quang_han.unit_type, quang_han.name, quang_han.keys) == (
        "Xã",
        "Quang Hán",
        ("quang han",),
    )
    assert quang_han.province_code == CAO_BANG
    assert (by_code[CAO_BANG].unit_type, by_code[CAO_BANG].name) == ("Tỉnh", "Cao Bằng")
    hcm = by_code[HO_CHI_MINH]
    assert (hcm.unit_type, hcm.name) == ("Thành phố", "Hồ Chí Minh")
    assert hcm.keys[0] == "ho chi minh" and {"hcm", "sai gon"} <= set(hcm.keys)
    assert {c.unit_type for c in candidates} == {"Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu"}
    assert all(c.name and unicodedata.is_normalized("NFC", c.name) for c in candidates)


def test_payload_is_small_compact_and_stable(candidates):
    payload = candidate_payload(candidates, "vi")
    assert len(payload) < 150_000, len(payload)
    assert payload.startswith(b'{"id":"')
    assert candidate_payload(candidates, "vi") == payload  # same list, same message
    body = json.loads(payload)
    assert len(body["provinces"]) == 34 and len(body["communes"]) == 3321
    assert all(isinstance(row[0], str) for row in body["provinces"] + body["communes"])
    types = body["types"]
    cao_bang = next(i for i, row in enumerate(body["provinces"]) if row[0] == CAO_BANG)
    row = next(row for row in body["communes"] if row[0] == QUANG_HAN)
    assert row == [QUANG_HAN, types.index("Xã"), "Quang Hán", cao_bang]  # keys: its own name
    hcm = next(row for row in body["provinces"] if row[0] == HO_CHI_MINH)
    assert "hcm" in hcm[3]
    assert body["typeFirst"] is True and body["prefixes"][:2] == ["thanh pho", "thi tran"]


def test_payload_speaks_the_ui_language(candidates):
    vi = json.loads(candidate_payload(candidates, "vi"))
    en = json.loads(candidate_payload(candidates, "en"))
    assert vi["id"] != en["id"]
    assert set(vi["types"]) == {"Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu"}
    assert set(en["types"]) == {"Province", "City", "Commune", "Ward", "Special zone"}
    assert en["typeFirst"] is False
    assert vi["texts"]["label"] == "Tìm tỉnh, xã, phường"
    assert en["texts"]["label"] == "Find a province or commune"
    assert vi["texts"].keys() == en["texts"].keys()
    for name in vi["texts"]:
        assert vi["texts"][name] != en["texts"][name], name
    assert "{q}" in vi["texts"]["none"] and "{q}" in en["texts"]["more"]
    assert "{n}" in vi["texts"]["count"]


def test_rows_name_their_keys_only_when_the_browser_cannot_fold_them(candidates):
    types, provinces, communes = candidate_rows(candidates, "vi")
    by_code = {c.code: c for c in candidates}
    rows = [(row, row[3:]) for row in provinces] + [(row, row[4:]) for row in communes]
    named = 0
    for row, extra in rows:
        candidate = by_code[row[0]]
        assert types[row[1]] == candidate.unit_type and row[2] == candidate.name
        if extra:
            assert extra == [list(candidate.keys)]
            named += 1
        else:
            assert candidate.keys == (fold(candidate.name),)
    assert 0 < named < 50  # aliases only: the list stays small


# --- Folding and ranking in the browser's JavaScript -------------------------------------------


def test_javascript_folds_and_ranks_as_the_server(index, candidates, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs)")
    kinds = ("province", "commune")
    fixture = {
        "module": str(REPO_ROOT / "dashboard" / "map" / "search_box.js"),
        "payload": json.loads(candidate_payload(candidates, "vi")),
        "keys": [c.keys[0] for c in candidates],
        "quang_han_label": "Xã Quang Hán",
        "first": {q: code for q, code in FIRST.items()},
        "scores": {
            q: [[hit.code, hit.score] for hit in index.search(q, limit=30, kinds=kinds)]
            for q in SCORED
        },
    }
    # The server agrees with the table above (else the comparison would test nothing).
    for query, code in FIRST.items():
        assert index.search(query, limit=1, kinds=kinds)[0].code == code, query
    assert all(fixture["scores"].values())
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [node, "--test", str(REPO_ROOT / "tests" / "js" / "search_box.test.mjs")],
        env={"SEARCH_FIXTURE": str(path), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass 7" in result.stdout, result.stdout


# --- The page ---------------------------------------------------------------------------------


def search_element(at):
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT_NAME]
    return element


@pytest.mark.usefixtures("built_data")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_map_page_sends_the_list_in_its_language(lang):
    at = run(app(lang=lang) if lang == "en" else app())
    body = json.loads(search_element(at).proto.bytes)
    assert len(body["provinces"]) == 34 and len(body["communes"]) == 3321
    assert body["lang"] == lang
    assert body["texts"]["placeholder"] == search_box.t("search_placeholder", lang)
    # The old text box (its "Press Enter to apply" was English in every language) is gone.
    label = search_box.t("search", lang)
    assert not [w for w in at.text_input if w.key == QUERY_KEY or w.label == label]


@pytest.mark.usefixtures("built_data")
def test_enter_shows_the_servers_results_and_one_opens_the_province():
    at = run(app())
    at.session_state[QUERY_KEY] = "cao bang"  # what the box's "query" trigger stores
    run(at)
    first = at.button(key="search_hit_0")
    assert first.label.startswith("Tỉnh Cao Bằng")
    first.click()
    run(at)
    assert at.session_state["province"] == CAO_BANG
    assert at.session_state[QUERY_KEY] == ""
    assert not [b for b in at.button if b.key and b.key.startswith("search_hit_")]


@pytest.mark.usefixtures("built_data")
def test_enter_finds_a_former_name_and_opens_the_new_commune():
    old = predecessors("01273").iloc[0]  # Phường Thục Phán, Cao Bằng
    at = run(app(lang="en"))
    at.session_state[QUERY_KEY] = f"{old['old_full_name']} {old['old_district_name']}"
    run(at)
    hits = [b for b in at.button if b.key and b.key.startswith("search_hit_")]
    former = next(b for b in hits if "Former name" in b.label)
    assert "Results for" in " ".join(c.value for c in at.caption)
    former.click()
    run(at)
    assert at.session_state["commune"] == "01273"


@pytest.mark.usefixtures("built_data")
def test_enter_with_nothing_found_says_so_and_closes():
    at = run(app())
    at.session_state[QUERY_KEY] = "zzzz qqqq"
    run(at)
    assert any(c.value == "Không tìm thấy “zzzz qqqq”." for c in at.caption)
    at.button(key="search_close").click()
    run(at)
    assert at.session_state[QUERY_KEY] == ""
    assert not any("Không tìm thấy" in c.value for c in at.caption)
