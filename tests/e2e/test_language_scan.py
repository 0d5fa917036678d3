"""Every page speaks one language: opened in Vietnamese and in English at 1280×720, the text a
user sees (``document.body.innerText``) holds no words of the other language.

English pages may show Vietnamese proper names: the names of provinces, districts and
communes (2025 and before), and a few labels bilingual by design (the language switch's
"Tiếng Việt", the "DỮ LIỆU MẪU / SAMPLE DATA" mark). Any other word with Vietnamese letters
fails. Vietnamese pages fail on common English words (the "English" switch label aside).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pytest
from browser_support import settled_text

from loaders.register import legacy_units, new_provinces, new_units

#: View → its address: every page, and the map also with a province and with a commune
#: open (their side panels). The map is the default page: its address is the app's root (a
#: "/map" path is unknown to Streamlit, which then shows its own English notice).
PAGES = {
    "map": "?",
    "map-province": "?province=04&metric=on_time_rate&",
    "map-commune": "?commune=01273&metric=teams&",
    "watchlist": "watchlist?",
    "compare": "compare?",
    "import": "import?",
    "about": "about?",
}

#: An English count of one with a plural noun ("1 teams"): the plural forms are missing.
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (?:teams|communes|units|people|figures|rows|provinces|classes|dossiers|"
    r"visits|points|wards|problems|districts)\b"
)

#: Vietnamese words an English page may show besides unit names: labels bilingual by design
#: (the language switch "Ngôn ngữ / Language" and its "Tiếng Việt" option, the sample mark
#: "DỮ LIỆU MẪU / SAMPLE DATA") and the archipelagos' names.
ALLOWED_VI = ("Ngôn ngữ", "Tiếng Việt", "DỮ LIỆU MẪU", "Hoàng Sa", "Trường Sa")

#: English words a Vietnamese page must never show (whole words, case-sensitive where a
#: capital matters).
ENGLISH = (
    "the",
    "The",
    "and",
    "data",
    "Data",
    "communes",
    "Press Enter",
    "rows",
    "matched",
    "unmatched",
    "fuzzy",
    "with",
    "of",
    "provinces",
    "units",
    "Loading",
    "None",
    "nan",
    "True",
    "False",
)


def words(text: str) -> list[str]:
    """The runs of letters of ``text`` (NFC): digits, signs and "²" split words."""
    return "".join(c if c.isalpha() else " " for c in nfc(text)).split()


#: Unit types that lead some names in the data ("Thị xã Quảng Yên", "Tỉnh Cao Bằng"): words
#: an English page translates, so they are cut off before the names' words are allowed.
TYPE_PREFIX = re.compile(
    r"^(?:Tỉnh|Thành phố|Huyện|Quận|Thị xã|Thị trấn|Xã|Phường|Đặc khu)\s+", re.IGNORECASE
)
TYPE_SUFFIX = re.compile(r"\s*\((?:Xã|Phường|Thị trấn)\)$", re.IGNORECASE)


@cache
def proper_names() -> frozenset[tuple[str, ...]]:
    """Every unit name the data holds (2025 and before: communes, districts, provinces) and
    :data:`ALLOWED_VI`, as tuples of casefolded words, unit types cut off."""
    names: set[str] = set(ALLOWED_VI)
    for frame, columns in (
        (new_units(), ("name", "province_name")),
        (legacy_units(), ("name", "district_name", "province_name")),
        (new_provinces(), ("name",)),
    ):
        for column in columns:
            for name in frame[column].dropna().astype(str):
                names.add(TYPE_SUFFIX.sub("", TYPE_PREFIX.sub("", nfc(name))))
    return frozenset(tuple(fold(w) for w in words(n)) for n in names)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


#: The old and new placement of a tone mark ("Hoà" / "Hòa", "Thuý" / "Thúy"): sources
#: differ, and both spell the same name.
_TONES = str.maketrans(
    {
        "à": "a",
        "á": "a",
        "ả": "a",
        "ã": "a",
        "ạ": "a",
        "ò": "o",
        "ó": "o",
        "ỏ": "o",
        "õ": "o",
        "ọ": "o",
        "ù": "u",
        "ú": "u",
        "ủ": "u",
        "ũ": "u",
        "ụ": "u",
        "ý": "y",
        "ỳ": "y",
        "ỷ": "y",
        "ỹ": "y",
        "ỵ": "y",
        "è": "e",
        "é": "e",
        "ẻ": "e",
        "ẽ": "e",
        "ẹ": "e",
    }
)


def fold(word: str) -> str:
    """``word`` casefolded, its tone marks on a, o, u, y, e dropped (only to compare names
    written with either tone placement)."""
    return nfc(word).casefold().translate(_TONES)


def vietnamese_words(text: str) -> list[str]:
    """Words with a Vietnamese (non-ASCII) letter that are not part of a proper name: a word
    is allowed when some run of words around it, within its line, spells a name."""
    names = proper_names()
    longest = max(len(n) for n in names)
    found = set()
    for line in text.splitlines():
        seen = words(line)
        folded = [fold(w) for w in seen]
        covered = [False] * len(seen)
        for i in range(len(seen)):
            for k in range(1, min(longest, len(seen) - i) + 1):
                if tuple(folded[i : i + k]) in names:
                    covered[i : i + k] = [True] * k
        found.update(w for w, ok in zip(seen, covered, strict=True) if not ok and not w.isascii())
    return sorted(found)


def english_words(text: str) -> list[str]:
    text = text.replace("English", "")
    return sorted({w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)})


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("page", list(PAGES))
def test_english_pages_have_no_vietnamese_words(app_url, tab, page):
    tab.goto(f"{app_url}/{PAGES[page]}lang=en")
    text = settled_text(tab)
    assert "Language" in text or "Map" in text  # the English page, not an error
    assert vietnamese_words(text) == [], text
    assert ONE_PLURAL.findall(text) == [], text


@pytest.mark.parametrize("page", list(PAGES))
def test_vietnamese_pages_have_no_english_words(app_url, tab, page):
    tab.goto(f"{app_url}/{PAGES[page]}lang=vi")
    text = settled_text(tab)
    assert "Bản đồ" in text
    assert english_words(text) == [], text


def test_the_scans_catch_the_other_language():
    assert vietnamese_words("Before 1 July 2025: khoảng 2009–2013 (xấp xỉ), 63 / 63 tỉnh") == [
        "khoảng",
        "tỉnh",
        "xấp",
        "xỉ",
    ]
    assert vietnamese_words("Cao Bằng province, Hoàng Sa, Tiếng Việt, 10.8 km²") == []
    assert english_words("Nhấn Press Enter để áp dụng; 5 rows matched") == [
        "Press Enter",
        "matched",
        "rows",
    ]
    assert english_words("Tiếng Việt · English") == []
    assert ONE_PLURAL.findall("1 teams · 21 teams · 1.5 teams · 1 team · 2 communes") == ["1 teams"]
