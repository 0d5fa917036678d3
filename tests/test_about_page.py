"""The About page carries every source, licence, vintage and caveat of the README, in vi and en.

The README's data table must be exactly :func:`loaders.data_sources.readme_table` (the table
the page renders), and every name in its ``source`` column must be on the page in both
languages; dates are written for people ("1 tháng 7, 2025", "1 July 2025"), never as ISO
timestamps; each language's page has none of the other language's sentences.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.formatting import human_date, human_period, human_timestamp, period_range
from dashboard.core.i18n import CATALOGUE
from loaders.data_sources import CAVEATS, SOURCES, Text, readme_table
from loaders.paths import REPO_ROOT
from tests.app_support import run

ABOUT_PAGE = str(REPO_ROOT / "dashboard" / "pages" / "about.py")
README = REPO_ROOT / "README.md"
MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"


def readme_rows() -> list[list[str]]:
    """The README's data table (the one headed ``| layer | source | licence | vintage |``),
    one list of cells per row."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| layer | source | licence | vintage |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def names_in(cell: str) -> set[str]:
    """The proper names of a README ``source`` cell: code spans, repositories and paths, host
    names, versions, acronyms and CamelCase names."""
    patterns = (
        r"`([^`]+)`",
        r"[\w.-]+/[\w.-]+",
        r"\b[a-z]+(?:\.[a-z]+)+\b",
        r"\b\d+\.\d+\.\d+\b",
        r"\b[A-Z]{2,}\w*\b",
        r"\b[A-Z][a-z]+[A-Z]\w*\b",
        r"\b\w*vietnam\w*\b",
    )
    return {name for pattern in patterns for name in re.findall(pattern, cell)}


def page_text(at: AppTest) -> str:
    parts = [e.value for e in [*at.title, *at.subheader, *at.markdown, *at.caption]]
    parts += [e.value for e in [*at.info, *at.warning]]
    parts += [e.label for e in at.expander]
    parts += [at.dataframe[0].value.to_string()] if at.dataframe else []
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """The About page's text in each language (the page run on its own)."""
    out = {}
    for lang in ("vi", "en"):
        at = AppTest.from_file(ABOUT_PAGE, default_timeout=120)
        at.session_state["lang"] = lang
        out[lang] = page_text(run(at))
    return out


def all_texts() -> list[Text]:
    return [
        *CAVEATS,
        *(
            text
            for s in SOURCES
            for text in (s.layer, s.source, s.licence, s.vintage, s.details, *s.defects)
        ),
    ]


def test_readme_data_table_is_the_table_the_page_renders():
    assert readme_table() in README.read_text(encoding="utf-8"), (
        "README's data table and loaders/data_sources.py differ: change both together"
    )
    assert len(readme_rows()) == len(SOURCES)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_readme_source_is_on_the_page(pages, lang):
    page = pages[lang]
    for layer, source, licence, vintage in readme_rows():
        names = names_in(source)
        assert names, source
        missing = [name for name in names if name not in page]
        assert not missing, f"{layer}: {missing} not on the {lang} About page"
        if lang == "en":  # the README is English: its licence and vintage are on the page
            assert f"**Licence:** {licence}" in page
            dates = r"\d{4}-\d{2}-\d{2}"
            human = re.sub(dates, lambda m: human_date(date.fromisoformat(m[0]), "en"), vintage)
            assert f"**Vintage:** {human}" in page
    for source in SOURCES:
        assert source.licence.get(lang) in page
        assert source.vintage.get(lang, human_date) in page
        for text in (source.details, *source.defects):
            assert text.get(lang, human_date) in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_caveats_and_specific_sources_are_on_the_page(pages, lang):
    page = pages[lang]
    for caveat in CAVEATS:
        assert caveat.get(lang, human_date) in page
    for name in (
        "DỮ LIỆU MẪU / SAMPLE DATA",
        "Hoàng Sa",
        "Trường Sa",
        "daohoangson/dvhcvn",
        "GPL-3.0",
        "puleeno/diagioihanhchinh",
        "lamngockhuong/vietnam-3d-map",
        "reported_figures_2025.csv",
        "113,7" if lang == "vi" else "113.7",
    ):
        assert name in page, name
    unknown = "không rõ" if lang == "vi" else "unknown"
    assert f"{unknown}\n" in page  # the c. 2009–2013 layer's licence
    approx = "khoảng 2009–2013" if lang == "vi" else "c. 2009–2013"
    assert approx in page
    unverified = "chưa được kiểm chứng" if lang == "vi" else "unverified"
    assert unverified in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dates_are_written_for_people(pages, lang):
    page = pages[lang]
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", page)
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", page)  # days and months
    july_1 = human_date(date(2025, 7, 1), lang)
    assert july_1 == ("1 tháng 7, 2025" if lang == "vi" else "1 July 2025")
    assert july_1 in page
    built = re.search(r"\*\*(Dựng lúc|Built at):\*\* (.+)", page)
    if built:  # a build exists on this machine
        assert built.group(2) != "—"
        assert re.fullmatch(r"\d{1,2} (tháng \d{1,2},|[A-Z][a-z]+) \d{4}, \d\d:\d\d.*", built[2])


def test_english_page_has_no_vietnamese_sentences(pages):
    page = pages["en"]
    for text in all_texts():
        if text.vi != text.en:
            assert text.get("vi", human_date) not in page
    keys = ("about_title", "about_intro", "about_caveats", "vintage", "known_defects", "licence")
    for key in keys:
        assert CATALOGUE[key]["vi"] not in page
    for phrase in ("Nguồn:", "Giấy phép", "Thời điểm dữ liệu", "Lỗi đã biết", "cập nhật theo"):
        assert phrase not in page
    assert not re.search(r"\d tháng \d", page)


def test_vietnamese_page_has_no_english_sentences(pages):
    page = pages["vi"]
    for text in all_texts():
        if text.vi != text.en:
            assert text.get("en", human_date) not in page
    for phrase in ("Source:", "Licence", "Vintage", "Known defects", "updated to", "unknown"):
        assert phrase not in page
    assert not re.search(rf"\d ({MONTHS_EN}) \d{{4}}", page)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", "5 tháng 12, 2026, 00:59 (giờ UTC)"), ("en", "5 December 2026, 00:59 UTC")],
)
def test_human_dates(lang, expected):
    assert human_date(date(2026, 12, 5), lang) == expected.split(", 00")[0]
    assert human_timestamp("2026-12-05T07:59:00+07:00", lang) == expected
    assert human_timestamp(None, lang) == human_timestamp("garbage", lang) == "—"


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        ("2025-07", "tháng 7/2025", "July 2025"),
        ("2025-07-01", "1 tháng 7, 2025", "1 July 2025"),
        ("30/04/2026", "30 tháng 4, 2026", "30 April 2026"),
        ("2025", "năm 2025", "2025"),
        ("2025-13", "2025-13", "2025-13"),
        ("2026-Q3", "quý III/2026", "Q3 2026"),
        ("2026-W42", "tuần 42/2026", "week 42, 2026"),
        ("tuần đầu tháng 7", "tuần đầu tháng 7", "tuần đầu tháng 7"),
        (None, "", ""),
    ],
)
def test_human_periods(period, vi, en):
    assert (human_period(period, "vi"), human_period(period, "en")) == (vi, en)


def test_period_range():
    months = ["2025-07", "2025-08", "2026-10"]
    assert period_range(months, "en") == "July 2025 – October 2026"
    assert period_range(months[:2], "vi") == "tháng 7/2025, tháng 8/2025"


def test_press_articles_are_linked(pages):
    from loaders.metrics.reported import reported_figures

    figures = reported_figures()
    if figures.empty:
        pytest.skip("reported_figures_2025.csv is not on this machine")
    for url in figures.loc[figures["has_url"], "article_url"]:
        for one in url.split(";"):
            assert f"]({one.strip()})" in pages["vi"] and f"]({one.strip()})" in pages["en"]
