"""The province briefing pack (dashboard.export.briefing): an A4 PDF checked with poppler
(``pdfinfo``, ``pdftotext`` page by page, ``pdffonts``) as a reader's tools see it.

The Vietnamese pack of Cao Bằng (04) is made once through the command line, on the test
session's store (generated sample data); the English one through the library. A small
literal store (real data, no team data at all) checks that a pack of real data carries no
sample mark and says plainly that the province sent no team data.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from dashboard.core import service_metrics
from dashboard.core.formatting import human_period
from dashboard.export import cli
from dashboard.export.briefing import BriefingRequest, build_briefing
from dashboard.export.briefing.content import collect
from loaders.known_differences import BOUNDARY_VERSION, BOUNDARY_VERSION_EN
from loaders.metrics import store
from loaders.metrics.schemas import METRIC_COUNTS, METRIC_SCORES
from loaders.register import new_units
from loaders.watchlist import watchlist
from loaders.watchlist.flags import check_period
from loaders.watchlist.table import reason

pytestmark = [
    pytest.mark.usefixtures("built_data"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pages_text(path: Path) -> list[str]:
    """The text of each page (pdftotext -f n -l n), NFC, whitespace collapsed."""
    info = poppler("pdfinfo", path)
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return [
        _flat(poppler("pdftotext", path, "-enc", "UTF-8", "-f", str(i), "-l", str(i)))
        for i in range(1, n + 1)
    ]


@pytest.fixture(scope="module")
def period() -> str:
    return check_period(service_metrics.default_engine(), None)[0]


@pytest.fixture(scope="module")
def vi_pack(tmp_path_factory, period) -> Path:
    out = tmp_path_factory.mktemp("briefing") / "cao-bang.pdf"
    args = ["--briefing", "--province", "04", "--period", period, "--out", str(out)]
    assert cli.main(args) == 0
    return out


@pytest.fixture(scope="module")
def en_pack(tmp_path_factory, period) -> Path:
    out = tmp_path_factory.mktemp("briefing") / "cao-bang-en.pdf"
    out.write_bytes(build_briefing(BriefingRequest("04", period, lang="en")))
    return out


def test_pack_is_a4_with_title_and_embedded_fonts(vi_pack, period):
    info = poppler("pdfinfo", vi_pack)
    title = f"Báo cáo tóm tắt — Tỉnh Cao Bằng — {human_period(period, 'vi')}"
    assert re.search(r"^Title:\s+(.*)$", info, re.M).group(1) == title
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) >= 5
    sizes = poppler("pdfinfo", vi_pack, "-f", "1", "-l", "99")
    found = re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", sizes)
    assert len(found) >= 5  # every page A4 portrait: 210 × 297 mm = 595.28 × 841.89 pt
    assert all(abs(float(w) - 595.28) < 0.3 and abs(float(h) - 841.89) < 0.3 for w, h in found)
    fonts = poppler("pdffonts", vi_pack).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column


def test_no_text_runs_past_the_page_margins(vi_pack, en_pack):
    """Every word of every page lies inside the 10 mm margins, as the PDF lays it out (text
    wrapped to widths measured with hinting once ran 3 mm past the right margin)."""
    margin = 10 / 25.4 * 72  # points
    for pack in (vi_pack, en_pack):
        boxes = poppler("pdftotext", pack, "-bbox")
        pages = boxes.split("<page ")[1:]
        for number, page in enumerate(pages, start=1):
            width = float(re.search(r'width="([0-9.]+)"', page).group(1))
            right = [float(x) for x in re.findall(r'xMax="([0-9.]+)"', page)]
            left = [float(x) for x in re.findall(r'xMin="([0-9.]+)"', page)]
            assert right and max(right) <= width - margin + 0.05, (pack.name, number)
            assert min(left) >= margin - 0.05, (pack.name, number)


def test_every_page_has_sample_mark_boundary_version_and_page_number(vi_pack, period):
    pages = pages_text(vi_pack)
    for n, text in enumerate(pages, start=1):
        assert "DỮ LIỆU MẪU / SAMPLE DATA" in text, n
        assert _flat(BOUNDARY_VERSION) in text, n
        assert f"Trang {n}/{len(pages)}" in text, n
        assert human_period(period, "vi") in text, n
        assert "Nguồn:" in text, n
    assert "Tỉnh Cao Bằng" in pages[0] and "Tỷ lệ hồ sơ giải quyết đúng hạn" in pages[0]
    assert "Lập ngày" in pages[0]
    # The cover is a province map: no national map, so no archipelago is named.
    assert "Hoàng Sa" not in " ".join(pages) and "Trường Sa" not in " ".join(pages)


def test_sections_figures_and_watchlist_reasons(vi_pack, period):
    text = " ".join(pages_text(vi_pack))
    for heading in (
        "Số liệu chính: tỉnh so với cả nước",
        "Danh sách cảnh báo",
        "Xu hướng theo tháng",
        "Vùng trắng đội hình tình nguyện",
        "Số liệu báo chí (có trích nguồn)",
    ):
        assert heading in text
    assert "Hồ sơ tiếp nhận" in text and "Cả nước" in text and "Chỉ số 766" in text
    flags = watchlist(service_metrics.default_engine(), period, "04").flags
    assert len(flags)  # the sample flags some communes of Cao Bằng
    for _, flag in flags.iterrows():
        assert f"({flag['code']})" in text
        assert " ".join(reason(flag, "vi").split()[:3]) in text
        if flag["numerator"] == flag["numerator"]:  # a rate: its counts are printed
            assert f"({int(flag['numerator'])}/{int(flag['denominator'])}" in text
    if (flags["status"] == "resolved").any():
        assert "Cảnh báo đã hết" in text
    # Volunteer gaps by name; press figures with their article links as text.
    gaps = flags[flags["rule"] == "no_team"]
    assert all(name in text for name in gaps["name"])
    assert "https://doisongthethao.com/cai-cach-hanh-chinh-o-cao-bang-" in text
    assert "giảm từ 161 đơn vị hành chính cấp xã" in text


def test_the_cover_counts_the_flags_of_the_province_and_of_the_country(vi_pack, period):
    engine = service_metrics.default_engine()
    mine, country = watchlist(engine, period, "04").held, watchlist(engine, period, None).held
    assert len(country) > len(mine) > 0  # the sample flags communes outside Cao Bằng too
    # -layout keeps each row of the cover's table on one line: label, province, country.
    cover = _flat(poppler("pdftotext", vi_pack, "-layout", "-enc", "UTF-8", "-f", "1", "-l", "1"))
    flagged = f"{mine['code'].nunique()}/56 {country['code'].nunique():,}/3,321"
    assert f"Xã, phường có cảnh báo {flagged.replace(',', '.')}" in cover
    assert f"Cảnh báo đang có {len(mine)} {len(country):,}".replace(",", ".") in cover


def test_english_pack(en_pack, period):
    info = poppler("pdfinfo", en_pack)
    assert f"Briefing pack — Cao Bằng Province — {human_period(period, 'en')}" in info
    pages = pages_text(en_pack)
    for n, text in enumerate(pages, start=1):
        assert "DỮ LIỆU MẪU / SAMPLE DATA" in text and f"Page {n} of {len(pages)}" in text, n
        assert _flat(BOUNDARY_VERSION_EN) in text, n
    text = " ".join(pages)
    for heading in ("Key figures", "Watchlist", "Monthly trends", "Volunteer gaps", "Press"):
        assert heading in text
    assert "Trang " not in text and "Danh sách cảnh báo" not in text


def test_cli_refuses_unknown_province_and_period_and_writes_nothing(tmp_path, capsys, period):
    out = tmp_path / "x.pdf"
    assert cli.main(["--briefing", "--province", "99", "--out", str(out)]) == 2
    assert "“99”" in capsys.readouterr().err
    args = ["--briefing", "--province", "04", "--period", "2031-01", "--out", str(out)]
    assert cli.main(args) == 2
    assert "“2031-01”" in capsys.readouterr().err
    batch = ["--briefing", "--all-provinces", "--period", "2031-01", "--lang", "en"]
    assert cli.main([*batch, "--out-dir", str(tmp_path / "packs")]) == 2
    assert capsys.readouterr().err.count("'2031-01'") == 1  # refused once, in English
    assert not out.exists() and not (tmp_path / "packs").exists()
    with pytest.raises(SystemExit):  # a pack is a PDF
        cli.main(["--briefing", "--province", "04", "--format", "png", "--out", str(out)])


# ------------------------------------------------------------------ a literal store


def _literal_store(path: Path) -> object:
    """Two months of real (not sample) service data for Cao Bằng and no team data."""
    engine = store.get_engine(f"sqlite:///{path}")
    codes = sorted(new_units().query("province_code == '04'")["code"])
    rows = []
    for period in ("2026-09", "2026-10"):
        for i, code in enumerate(codes):
            if period == "2026-10" and i == 0:
                continue  # no report
            counts = dict.fromkeys(METRIC_COUNTS, 100)
            counts.update(received=0 if i == 1 else 400, received_online=150, resolved_on_time=95)
            counts["resolved_late"] = 5
            rows.append(
                {
                    "code": code,
                    "period": period,
                    "province_code": "04",
                    **counts,
                    **dict.fromkeys(METRIC_SCORES, 80.0),
                    "converted": False,
                    "allocated": False,
                    "incomplete": False,
                    "source": "test",
                    "is_sample": False,
                }
            )
    with engine.begin() as conn:
        conn.execute(store.service.insert(), rows)
    return engine


def test_real_data_pack_has_no_sample_mark_and_says_no_team_data(tmp_path):
    engine = _literal_store(tmp_path / "literal.sqlite")
    registry = service_metrics.registry(engine)
    content = collect(engine, registry, "04", "2026-10", "vi")
    assert not content.is_sample
    assert not content.gaps.reported and "không phải 0" in content.gaps.text
    out = tmp_path / "real.pdf"
    out.write_bytes(build_briefing(BriefingRequest("04", "2026-10"), engine=engine))
    pages = pages_text(out)
    text = " ".join(pages)
    assert "DỮ LIỆU MẪU" not in text and "SAMPLE DATA" not in text
    assert "Tỉnh chưa gửi số liệu đội hình tình nguyện cho tháng 10/2026" in text
    assert "55/56 xã, phường có số liệu" in text  # the commune that did not report
    assert "Không báo cáo" in text and "0 hồ sơ tiếp nhận" in text  # two different flags


# ------------------------------------------------------------------ the button


def test_province_view_button_makes_the_pack_in_the_page_language(period):
    from tests.app_support import app, run

    at = run(app(province="04", lang="en"))
    [button] = [b for b in at.button if b.key == "briefing_make"]
    assert button.label == "Download briefing pack (PDF)"
    assert not [d for d in at.get("download_button") if "briefing" in d.proto.id]  # not yet
    button.click().run()
    assert not at.exception
    [saved] = [d for d in at.get("download_button") if "briefing" in d.proto.id]
    assert saved.proto.label == f"Save 04-cao-bang-{period}-en.pdf"
    request, made = at.session_state["briefing_result"]
    assert made.startswith(b"%PDF") and request[0].lang == "en"
    assert request[0].period == period and request[0].province == "04"


def test_pages_break_between_rows_repeat_the_header_and_keep_headings_with_text():
    from dashboard.export.briefing.flow import Item, paginate, wrap_text

    def item(height, **kw):
        return Item(height, lambda canvas, top: None, **kw)

    heading = item(10, keep_next=True, gap_before=5)
    header = item(5, keep_next=True)
    rows = [item(20, header=header) for _ in range(6)]
    pages = paginate([item(60), heading, header, *rows], top=100, bottom=0)
    # 60 + 5 + 10 + 5 + 20 = 100: the heading, header and first row fit; then 4 rows a page.
    assert [[it for it, _ in page] for page in pages] == [
        [pages[0][0][0], heading, header, rows[0]],
        [header, *rows[1:5]],
        [header, rows[5]],
    ]
    assert [top for _, top in pages[1]] == [100, 95, 75, 55, 35]
    late = paginate([item(90), heading, item(5)], top=100, bottom=0)  # no orphaned heading
    assert len(late) == 2 and late[1][0][0] is heading and late[1][0][1] == 100

    def measure(text, size, bold):  # 1 mm per character
        return float(len(text))

    assert wrap_text("Đúng hạn 89,98 % dưới ngưỡng 90 %", 14, 8, False, measure) == [
        "Đúng hạn",
        "89,98 % dưới",
        "ngưỡng 90 %",
    ]
    assert wrap_text("https://example.vn/abcdef", 10, 8, False, measure) == [
        "https://ex",
        "ample.vn/a",
        "bcdef",
    ]


@pytest.mark.parametrize("province", [None, "04"])
def test_volunteer_coverage_series_equals_the_store_trend(province):
    import pandas as pd

    from dashboard.export.briefing.content import coverage_trend

    engine = service_metrics.default_engine()
    mine = coverage_trend(engine, province)
    theirs = store.trend(engine, "volunteer_coverage", province_code=province)
    assert len(mine) >= 2
    pd.testing.assert_frame_equal(mine, theirs.reset_index(drop=True), check_dtype=False)


def test_the_covers_national_breaks_are_kept_for_the_current_revision_only(registry):
    from dashboard.core.metrics import Registry
    from dashboard.export.briefing import cover

    period = registry["received"].default_period
    first = cover.national_breaks(registry, "received", period)
    assert first == cover.national_breaks(registry, "received", period)
    # An import makes a new registry (a new revision): the older bounds are dropped.
    newer = Registry(registry.values(), revision=registry.revision + "+1", store=registry.store)
    assert cover.national_breaks(newer, "received", period) == first  # same data here
    assert cover._BREAKS[0] == newer.revision and list(cover._BREAKS[1]) == [("received", period)]
