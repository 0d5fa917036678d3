"""The one catalogue of texts: complete in both languages, plural-aware, and every key the
code names exists."""

from __future__ import annotations

import ast
import string
import unicodedata
from pathlib import Path

import pytest

from dashboard.core.i18n import t
from dashboard.core.texts import CATALOGUE, LANGS, PLURAL_FORMS, merge

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard"


def forms(entry, lang) -> list[str]:
    text = entry[lang]
    return [text] if isinstance(text, str) else list(text.values())


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_every_language_and_plural_form(key):
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    for lang in LANGS:
        text = entry[lang]
        if not isinstance(text, str):
            assert set(text) == set(PLURAL_FORMS[lang]), f"{key}/{lang}: forms {sorted(text)}"
            assert all("{count}" in f for f in text.values() if key[:5] != "unit."), key
        for form in forms(entry, lang):
            assert form.strip(), f"{key}/{lang} is empty"
            assert unicodedata.is_normalized("NFC", form), f"{key}/{lang} is not NFC"
    vi, en = ({f for form in forms(entry, lang) for f in fields(form)} for lang in LANGS)
    assert vi == en, f"{key}: parameters differ between languages: {vi} / {en}"


def test_a_missing_language_or_plural_form_fails_the_check(monkeypatch):
    monkeypatch.setitem(CATALOGUE, "broken.plural", {"vi": "{count} đội", "en": {"other": "x"}})
    with pytest.raises(AssertionError, match="forms"):
        test_every_key_has_every_language_and_plural_form("broken.plural")
    monkeypatch.setitem(CATALOGUE, "broken.lang", {"vi": "chỉ tiếng Việt"})
    with pytest.raises(AssertionError, match="languages"):
        test_every_key_has_every_language_and_plural_form("broken.lang")


def test_a_key_defined_twice_raises_at_merge():
    with pytest.raises(ValueError, match="'a' is defined twice"):
        merge({"a": {"vi": "x", "en": "x"}}, {"a": {"vi": "y", "en": "y"}})


def test_plural_forms_follow_the_count():
    assert t("unit.teams", "en", count=1) == "team"
    assert t("units_count", "en", count=1) == "1 unit"
    assert t("units_count", "en", count=2) == "2 units"
    assert t("units_count", "en", count=0) == "0 units"
    assert t("units_count", "vi", count=1) == "1 đơn vị"
    assert t("export.n_Xã", "en", count=1) == "1 commune"


def test_numbers_in_texts_take_the_language_format():
    assert t("units_count", "vi", count=3321) == "3.321 đơn vị"
    assert t("units_count", "en", count=3321) == "3,321 units"
    assert t("coverage.communes", "vi", n=3, count=56) == "3/56 xã, phường có số liệu"


def test_unknown_key_and_language_raise():
    with pytest.raises(KeyError):
        t("no.such.key", "vi")
    with pytest.raises(ValueError):
        t("units_count", "fr", count=1)


def _keys_named_in(path: Path) -> list[tuple[str, bool]]:
    """(literal, is the start of an f-string) of the first argument of every ``t(…)`` call."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id != "t" or not node.args:
            continue
        found += _literals(node.args[0])
    return found


def _literals(arg: ast.expr) -> list[tuple[str, bool]]:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [(arg.value, False)]
    if isinstance(arg, ast.IfExp):  # t("a" if x else "b")
        return _literals(arg.body) + _literals(arg.orelse)
    if isinstance(arg, ast.JoinedStr) and arg.values:
        head = arg.values[0]
        if isinstance(head, ast.Constant) and head.value:
            return [(head.value, True)]
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):  # t("scheme_" + name)
        return [(key, True) for key, _ in _literals(arg.left)]
    return []


def test_every_key_named_in_the_code_exists():
    missing = []
    for path in sorted(DASHBOARD.rglob("*.py")):
        for key, is_prefix in _keys_named_in(path):
            ok = any(k.startswith(key) for k in CATALOGUE) if is_prefix else key in CATALOGUE
            if not ok:
                missing.append(f"{path.relative_to(DASHBOARD)}: {key}")
    assert not missing, missing


def test_the_scan_sees_the_calls():
    named = _keys_named_in(DASHBOARD / "pages" / "compare.py")
    assert ("compare.formed_from", False) in named
    assert ("compare.level_", True) in named
    source = "t('a.x' if c else 'a.y', lang); t(f'b.{k}'); t('c.' + k)"
    assert [
        hit
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        for hit in _literals(node.args[0])
    ] == [("a.x", False), ("a.y", False), ("b.", True), ("c.", True)]


def test_old_layer_notes_speak_the_page_language():
    from dashboard.core.layer_texts import layer_texts

    meta = {
        "provinces_pre2025": {"provenance": "gis.chinhphu.vn qua x@1 (GPL-3.0)", "vintage": "2023",
                              "coverage": "63 / 63 tỉnh"},
        "communes_c2011": {"provenance": "kml qua y@2; giấy phép không rõ", "vintage": "khoảng",
                           "legacy_units_with_polygon": 9032, "legacy_units": 10035,
                           "coverage": "9.032 / 10.035 đơn vị cấp xã cũ có đa giác (xấp xỉ)"},
    }  # fmt: skip
    provinces = layer_texts(meta, "provinces_pre2025", "en")
    assert provinces == {
        "provenance": "gis.chinhphu.vn via x@1 (GPL-3.0)",
        "vintage": "2023",
        "coverage": "63 / 63 provinces",
    }
    communes = layer_texts(meta, "communes_c2011", "en")
    assert communes["provenance"] == "kml via y@2; licence unknown"
    assert communes["vintage"] == "c. 2009–2013 (approximate, not official)"
    assert communes["coverage"].startswith("9,032 / 10,035 old commune-level units")
    assert (
        layer_texts(meta, "communes_c2011", "vi")["coverage"] == meta["communes_c2011"]["coverage"]
    )
    assert layer_texts(meta, "districts_pre2025", "en")["coverage"] == "?"


@pytest.mark.parametrize(
    ("module", "prefixes"),
    [
        ("compare", ("compare.", "layers.")),
        ("imports", ("import.",)),
        ("export", ("export.", "compare.export.")),
        ("notes", ("area.", "coverage.", "time.", "unit.")),
    ],
)
def test_feature_keys_carry_their_prefix(module, prefixes):
    from importlib import import_module

    table = import_module(f"dashboard.core.texts.{module}").TEXTS
    assert [k for k in table if not k.startswith(prefixes)] == []
