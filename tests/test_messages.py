"""The data layer's message catalogue: complete in both languages, every key used exists,
Vietnamese texts free of English, numbers written the language's way, and real import
problems worded in the UI's language."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from loaders import messages
from loaders.messages import MESSAGES, Message, format_number, format_percent, msg, render
from loaders.metrics import importer
from loaders.metrics.db_reasons import DB_REASONS
from loaders.metrics.errors import Problem, UploadRejected, ValidationFailed
from loaders.paths import REPO_ROOT
from loaders.register import new_units

#: Words that mark English in a Vietnamese text (names of formats and programs are allowed).
ENGLISH = {
    "a", "above", "and", "as", "at", "be", "below", "but", "cell", "cells", "code", "column",
    "columns", "count", "data", "date", "duplicate", "empty", "file", "for", "found",
    "from", "given", "has", "header", "in", "is", "it", "its", "missing", "more", "name",
    "names", "no", "not", "nothing", "of", "or", "period", "problem", "problems", "row",
    "rows", "same", "sheet", "stored", "than", "the", "this", "to", "too", "unit",
    "unknown", "value", "was", "with",
}  # fmt: skip
#: Commands and file parts quoted as they are typed.
VERBATIM = ("--replace-missing", "python -m loaders template", "xl/workbook.xml")


def english_words(text: str) -> set[str]:
    for verbatim in VERBATIM:
        text = text.replace(verbatim, " ")
    return {w for w in re.findall(r"\w+", text) if w.lower() in ENGLISH}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def texts(entry: dict, lang: str) -> list[str]:
    text = entry[lang]
    return list(text.values()) if isinstance(text, dict) else [text]


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_has_both_languages_with_the_same_parameters(key):
    entry = MESSAGES[key]
    assert key.startswith("data.") and set(entry) == {"vi", "en"}
    for lang in ("vi", "en"):
        for text in texts(entry, lang):
            assert isinstance(text, str) and text.strip()
        if isinstance(entry[lang], dict):
            assert set(entry[lang]) == {"one", "other"} and "count" in fields(entry[lang]["other"])
    vi = set().union(*(fields(x) for x in texts(entry, "vi")))
    en = set().union(*(fields(x) for x in texts(entry, "en")))
    assert vi == en, (vi, en)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_vietnamese_texts_have_no_english(key):
    params = {name: 2 for text in texts(MESSAGES[key], "vi") for name in fields(text)}
    rendered = render(key, "vi", **params)
    assert not english_words(rendered), rendered


def test_the_english_check_sees_english():
    assert english_words(render("data.unknown_code", "en", code="9")) == {"unknown", "code"}
    assert english_words("sheet 'x' is empty") == {"sheet", "is", "empty"}
    assert not english_words("python -m loaders template: tệp XLSX, CSV UTF-8")


def _keys_used() -> dict[str, list[str]]:
    """Every message key written in loaders/: string constants "data.…", and the fixed
    start of f-strings f"data.…{…}" (their ends are checked against known values)."""
    used: dict[str, list[str]] = {}
    for path in sorted((REPO_ROOT / "loaders").rglob("*.py")):
        if path.name == "messages.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                head = node.values[0]
                if isinstance(head, ast.Constant) and str(head.value).startswith("data."):
                    used.setdefault(f"{head.value}*", []).append(path.name)
            elif (
                isinstance(node, ast.Constant)
                and id(node) not in parts
                and isinstance(node.value, str)
                and re.fullmatch(r"data\.[a-z0-9_]+", node.value)
            ):
                used.setdefault(node.value, []).append(path.name)
    return used


def test_every_key_used_in_loaders_exists():
    used = _keys_used()
    assert len(used) > 80  # the scan sees the loaders' messages
    for key, files in used.items():
        if key.endswith("*"):
            assert any(k.startswith(key[:-1]) for k in MESSAGES), (key, files)
        else:
            assert key in MESSAGES, (key, files)
    # the keys made from a value: every value has its text
    for value in ("metrics", "volunteers", "dossiers"):
        assert f"data.kind_{value}" in MESSAGES and f"data.what_{value}" in MESSAGES
    for status in ("ambiguous", "unmatched"):
        assert f"data.status_{status}" in MESSAGES
    for reason in DB_REASONS:
        assert f"data.db_{reason}" in MESSAGES


def test_every_catalogue_key_is_used():
    used = _keys_used()
    prefixes = [k[:-1] for k in used if k.endswith("*")]
    unused = [k for k in MESSAGES if k not in used and not any(k.startswith(p) for p in prefixes)]
    assert unused == [], unused


def test_an_unknown_key_fails_where_it_is_made():
    with pytest.raises(KeyError):
        msg("data.no_such_message")
    with pytest.raises(KeyError):
        Problem("f.csv", 2, "A", "no such problem")


def test_numbers_are_written_the_languages_way():
    assert format_number(52758, "vi") == "52.758" and format_number(52758, "en") == "52,758"
    assert format_number(65.2, "vi") == "65,2" and format_number(65.2, "en") == "65.2"
    assert format_number(1234567.5, "vi", ".1f") == "1.234.567,5"
    assert format_percent(93.4, "vi") == "93 %" and format_percent(93.4, "en") == "93%"
    too_large = msg("data.too_large", size=65.24, limit=64.0, what=msg("data.what_metrics"))
    assert too_large.render("vi") == (
        "tệp 65,2 MB, vượt giới hạn 64 MB cho số liệu trung tâm (tệp quá lớn)"
    )
    assert str(too_large) == "file is 65.2 MB, above the 64 MB limit for metrics"
    assert render("data.too_many_rows", "vi", max=100000) == "nhiều hơn 100.000 dòng số liệu"


def test_english_plurals():
    failed = "data.validation_failed"
    assert render(failed, "en", count=1) == "1 problem found, nothing was imported"
    assert render(failed, "en", count=2) == "2 problems found, nothing was imported"
    assert render(failed, "vi", count=2) == "Tìm thấy 2 lỗi, không có gì được nhập"


def test_messages_are_values():
    a = msg("data.unknown_code", code="99999")
    assert a == Message("data.unknown_code", {"code": "99999"}) and hash(a) == hash(
        Message("data.unknown_code", {"code": "99999"})
    )
    assert str(a) == "unknown code 99999" and a.render("vi") == "không có mã 99999"
    assert messages.LANGS == ("vi", "en")


# --- real problems of real files -------------------------------------------------------------


def _cao_bang(n: int):
    units = new_units()
    return units[units["province_code"] == "04"].head(n)


def _problems(data: bytes, name: str = "bad.csv") -> list[Problem]:
    try:
        prepared = importer.prepare(data, name)
    except (ValidationFailed, UploadRejected) as error:
        return error.problems
    return prepared.problems


HEADER = "Mã đơn vị,Tên đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận,Hồ sơ trực tuyến"


def _row(code: str, name: str, period: str, received: str, online: str = "1") -> str:
    return f"{code},{name},{period},{received},{online}"


BAD_FILES = {
    "cells": [
        _row("00004", "x", "2025-08", "-5"),
        _row("00004", "x", "tháng tám", "3"),
        _row("0000A", "x", "2025-08", "3"),
        _row("00004", "x", "2025-08", "abc"),
        _row("00004", "x", "2025-08", "1.5"),
        _row("00004", "x", "2025-08", "2", "9"),
        _row("00004", "x", "2024-01", "3"),
    ],
    "duplicate": [_row("00004", "x", "2025-08", "3"), _row("00004", "x", "2025-08", "3")],
}


@pytest.mark.parametrize("which", sorted(BAD_FILES))
def test_real_problems_are_worded_in_vietnamese(which):
    data = ("\n".join([HEADER, *BAD_FILES[which]]) + "\n").encode()
    problems = _problems(data)
    assert problems
    for problem in problems:
        vi, en = problem.located("vi"), problem.located("en")
        assert not english_words(problem.text("vi")), vi
        assert vi.startswith("bad.csv, dòng ") and "cột “" in vi, vi
        assert en == str(problem) and en.startswith("bad.csv, row ")


def test_an_unknown_code_is_worded_with_its_suggestions_in_vietnamese():
    lines = ["Mã đơn vị,Tên đơn vị,Mã tỉnh,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận"]
    lines.append("99999,Nung Tri,04,2025-08,3")
    problems = _problems(("\n".join(lines) + "\n").encode())
    assert len(problems) == 1
    vi, en = problems[0].located("vi"), str(problems[0])
    assert vi.startswith("bad.csv, dòng 2, cột “Mã đơn vị”: đơn vị “99999” chưa rõ: ")
    assert "không có mã 99999; chỉ có tên gần giống; tên gần nhất ở Cao Bằng: 01279 " in vi
    assert "(có thể là: 01279 Phường Nùng Trí Cao (Cao Bằng) 80 %" in vi
    assert ", cũ) 75 %" in vi and not english_words(problems[0].text("vi")), vi
    assert "(candidates: 01279 Phường Nùng Trí Cao (Cao Bằng) 80%" in en and "former) 75%" in en
    assert en.startswith("bad.csv, row 2, column 'Mã đơn vị': ambiguous unit '99999': ")
    assert "unknown code 99999; similar names only; nearest names in Cao Bằng: 01279 " in en


def test_refusals_are_worded_in_vietnamese():
    empty = _problems(b"\n \n", "empty.csv")
    assert [p.located("vi") for p in empty] == ["empty.csv: tệp trống"]
    assert [str(p) for p in empty] == ["empty.csv: the file is empty"]
    cut = _problems(f"{HEADER}\n00004,x,2025-08,3,1".encode(), "cut.csv")
    assert cut[0].row == 2 and "bị cắt ngắn" in cut[0].text("vi")
    assert "looks cut short" in cut[0].problem
    damaged = _problems(b"PK\x03\x04 not really a zip", "x.xlsx")
    assert not english_words(damaged[0].text("vi")), damaged[0].text("vi")


def test_an_import_summary_in_both_languages(tmp_path):
    from loaders.metrics import store

    engine = store.get_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    units = _cao_bang(2)
    lines = [HEADER] + [
        _row(c, n, "2025-08", "52758") for c, n in zip(units["code"], units["name"], strict=True)
    ]
    report = importer.import_file(engine, ("\n".join(lines) + "\n").encode(), "good.csv")
    vi, en = report.summary("vi"), report.summary()
    assert vi.startswith("good.csv: 2 dòng đã đọc, 2 dòng đã lưu vào số liệu trung tâm cho 2025-08")
    assert en.startswith("good.csv: 2 rows read, 2 stored as metrics for 2025-08")
    assert not english_words(vi.replace("sha256", "")), vi
    store.dispose_engine(str(engine.url))


def test_the_catalogue_lives_in_loaders_without_streamlit():
    source = Path(messages.__file__).read_text(encoding="utf-8")
    assert "streamlit" not in source and "dashboard" not in source


def test_a_former_unit_is_named_in_the_ui_language():
    import pandas as pd

    from loaders.metrics.join import join_units
    from loaders.register import legacy_units

    old = legacy_units()
    code = next(c for c in old["code"] if c not in set(new_units()["code"]))
    rows = join_units(pd.DataFrame({"unit_code": [code]})).rows
    (words,) = rows.loc[0, "matched_words"]
    assert rows.loc[0, "method"] == "former code"
    assert words.render("vi").endswith(", cũ)") and words.render("en").endswith(", former)")
    assert rows.loc[0, "matched_name"] == words.render("en")


def test_english_summary_counts_agree_with_their_number():
    report = importer.ImportReport(
        1, "metrics", "a.csv", "0" * 64, 1, 1, ["2025-08"], 0, 0, 0, {}, [], store_counts(1)
    )
    assert report.summary().startswith("a.csv: 1 row read, 1 stored as metrics for 2025-08")
    assert "; 1 row added, 0 replaced, 0 removed" in report.summary()
    assert report.summary("vi").startswith("a.csv: 1 dòng đã đọc, 1 dòng đã lưu vào số liệu")


def store_counts(added: int):
    from loaders.metrics.store import ImportCounts

    return ImportCounts(added=added)
