"""Every data source of the app, with licence, vintage and known defects, in vi and en.

This table is the one place the sources are written down: the About page renders it
(:mod:`dashboard.pages.about`) and a test checks that the README's data table is exactly
:func:`readme_table` (``tests/test_about_page.py``), so the two cannot drift apart.

Texts are :class:`Text` pairs. Dates are kept as :class:`datetime.date` and written into a
text's ``{0}``, ``{1}``… placeholders by a formatter: ISO dates for the README, dates people
read ("1 tháng 7, 2025" / "1 July 2025") for the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

DateFormat = Callable[[date, str], str]


def iso_date(day: date, lang: str = "en") -> str:
    """``2025-07-01`` whatever the language (the README's format)."""
    return day.isoformat()


@dataclass(frozen=True)
class Text:
    """One text in Vietnamese and English; ``dates`` fill its ``{0}``, ``{1}``… slots."""

    vi: str
    en: str
    dates: tuple[date, ...] = ()

    def get(self, lang: str, day: DateFormat = iso_date) -> str:
        template = self.en if lang == "en" else self.vi
        return template.format(*(day(d, lang) for d in self.dates))


@dataclass(frozen=True)
class Source:
    """A data source as the README's table has it (layer, source, licence, vintage), with
    what the About page adds: details and the known defects of the data."""

    key: str
    layer: Text
    source: Text
    licence: Text
    vintage: Text
    details: Text
    defects: tuple[Text, ...] = ()

    def readme_row(self) -> str:
        """The source's row of the README's data table (English, ISO dates)."""
        cells = (self.layer, self.source, self.licence, self.vintage)
        return "| " + " | ".join(c.get("en") for c in cells) + " |"


JULY_1 = date(2025, 7, 1)
RESOLUTION_IN_FORCE = date(2026, 4, 30)
PRE_MERGER_LIST = date(2025, 1, 4)
UPSTREAM_COMMIT_DATE = date(2026, 7, 25)

SOURCES: tuple[Source, ...] = (
    Source(
        key="wards_2025",
        layer=Text(
            "Xã, phường, đặc khu và tỉnh, thành phố năm 2025", "2025 communes and provinces"
        ),
        source=Text(
            "thanglequoc/vietnamese-provinces-database `a108d4d`, hình học từ sapnhap.bando.com.vn",
            "thanglequoc/vietnamese-provinces-database `a108d4d`, geometry from "
            "sapnhap.bando.com.vn",
        ),
        licence=Text("MIT", "MIT"),
        vintage=Text(
            "{0}, cập nhật theo nghị quyết có hiệu lực {1}",
            "{0}, updated to {1}",
            (JULY_1, RESOLUTION_IN_FORCE),
        ),
        details=Text(
            "3.321 đơn vị cấp xã; 34 tỉnh, thành phố được hợp từ các xã, phường của mình. "
            "Commit `a108d4d` ngày {0} của "
            "[thanglequoc/vietnamese-provinces-database]"
            "(https://github.com/thanglequoc/vietnamese-provinces-database); hình học lấy từ "
            "bản đồ chính thức sapnhap.bando.com.vn (Bộ Nông nghiệp và Môi trường). Tên và "
            "loại đơn vị theo nghị quyết có hiệu lực {1} (mười xã của Đồng Nai thành phường).",
            "3,321 commune-level units; the 34 provinces are dissolved from their communes. "
            "Commit `a108d4d` of {0} of "
            "[thanglequoc/vietnamese-provinces-database]"
            "(https://github.com/thanglequoc/vietnamese-provinces-database); geometry from "
            "the official reference map sapnhap.bando.com.vn (Ministry of Agriculture and "
            "Environment). Names and unit types follow the resolution in force from {1} (ten "
            "communes of Đồng Nai became wards).",
            (UPSTREAM_COMMIT_DATE, RESOLUTION_IN_FORCE),
        ),
        defects=(
            Text(
                "Ở độ phân giải đầy đủ, 8 cặp đơn vị liền kề chồng lấn nhau hơn 1 ha (tổng "
                "10,8 km²); các khe hở bên trong tổng cộng 0,06 km².",
                "At full resolution 8 neighbour pairs overlap by more than 1 ha (10.8 km² in "
                "all); interior gaps total 0.06 km².",
            ),
            Text(
                "Diện tích công bố lệch hơn 5 % so với đa giác ở 189 xã: 24 xã của tỉnh Bạc "
                "Liêu cũ (đo được 2.343 km², công bố 936 km²), hai quần đảo (Trường Sa 4.208 "
                "so với 496 km²: đa giác gồm cả vùng biển) và nhiều đơn vị ven biển. Bản đồ "
                "dùng diện tích đo được và ghi cả hai số ở nơi chúng khác nhau.",
                "The published area is more than 5 % off the polygons for 189 communes: the "
                "24 former Bạc Liêu communes (2,343 km² measured, 936 km² published), the "
                "archipelagos (Trường Sa 4,208 against 496 km²: their polygons take in the "
                "sea) and many coastal units. The map uses the measured area and shows both "
                "where they differ.",
            ),
            Text(
                "Xã Ba Chẽ (Quảng Ninh) mang mã 06978 trong tệp ranh giới, mã chính thức là "
                "06970: ứng dụng dùng mã chính thức.",
                "Ba Chẽ (Quảng Ninh) has code 06978 in the boundary files and 06970 "
                "officially: the app uses the official code.",
            ),
        ),
    ),
    Source(
        key="gso_lineage",
        layer=Text(
            "Quan hệ đơn vị cũ → mới và các đơn vị trước sáp nhập",
            "old → new lineage and units before the merger",
        ),
        source=Text(
            "Bảng chuyển đổi và danh mục trước sáp nhập của Tổng cục Thống kê (GSO) "
            "(`register/` của thư mục dữ liệu), mọi mã được đối chiếu theo tên",
            "GSO conversion table and pre-merger list (`register/` of the data directory), "
            "every code checked by name",
        ),
        licence=Text("dữ liệu nhà nước", "government data"),
        vintage=Text("{0} (danh mục {1})", "{0} (list {1})", (JULY_1, PRE_MERGER_LIST)),
        details=Text(
            "10.570 cặp cũ → mới, mỗi cặp ghi cách đơn vị cũ được nhập (toàn bộ, một phần…); "
            "63 tỉnh và 10.035 đơn vị cấp xã trước sáp nhập, cùng 5 huyện đảo không có xã. "
            "Bản chép sang CSV: sunshine-tech/VietnamProvinces `809e91b`. Danh mục trước "
            "sáp nhập tính đến {0}.",
            "10,570 old → new pairs, each with how the old unit went in (whole, part…); 63 "
            "provinces and 10,035 commune-level units before the merger, plus 5 island "
            "districts without communes. Transcribed to CSV in sunshine-tech/VietnamProvinces "
            "`809e91b`. Pre-merger list as of {0}.",
            (PRE_MERGER_LIST,),
        ),
        defects=(
            Text(
                "3 mã trong bảng chỉ một đơn vị khác của huyện và được sửa theo tên: Thuận "
                "An 00553 → 00556 Đặng Xá, Phục Hòa 01615 → 01651 Mỹ Hưng, Thái Bình 02485 "
                "→ 02482 Phú Thịnh.",
                "3 codes of the table name another unit of the district and are corrected by "
                "name: Thuận An 00553 → 00556 Đặng Xá, Phục Hòa 01615 → 01651 Mỹ Hưng, Thái "
                "Bình 02485 → 02482 Phú Thịnh.",
            ),
            Text(
                "Tỉnh cũ trong bảng mâu thuẫn với huyện cũ ở 3 bản ghi (Cồn Cỏ, Phường 4 của "
                "Tân An, Tiên Hải): dùng tỉnh của huyện.",
                "The table's old province contradicts the old district in 3 records (Cồn Cỏ, "
                "Ward 4 of Tân An, Tiên Hải): the district's province is used.",
            ),
            Text(
                "Đất bãi bồi ven biển của huyện Kim Sơn cũ (nhập vào Kim Đông) không có mã và "
                "không phải một đơn vị: được ghi lại, không tính là một cặp.",
                "The coastal alluvial land of the former Kim Sơn district (into Kim Đông) has "
                "no code and is no unit: recorded, not a pair.",
            ),
        ),
    ),
    Source(
        key="vietnamadminunits",
        layer=Text(
            "Danh mục thứ hai (tên, tâm; một quan hệ cũ → mới thứ hai để so với của GSO)",
            "second register (names, centroids; a second lineage compared with the GSO's)",
        ),
        source=Text("PyPI `vietnamadminunits` 1.0.4", "PyPI `vietnamadminunits` 1.0.4"),
        licence=Text("MIT", "MIT"),
        vintage=Text("{0}", "{0}", (JULY_1,)),
        details=Text(
            "Tệp `dataset.db` và `converter_2025.json`: 34 tỉnh và 3.321 xã sau sáp nhập, "
            "10.040 dòng trước sáp nhập, có mã, tên và tâm.",
            "Files `dataset.db` and `converter_2025.json`: 34 provinces and 3,321 communes "
            "after the merger, 10,040 rows before it, with codes, names and centroids.",
        ),
        defects=(
            Text(
                "Bảng chuyển đổi của gói nhầm các đơn vị cũ trùng tên của những tỉnh được "
                "nhập với nhau: 33 cặp chỉ gói này có (26 đơn vị mới, 14 ở Cần Thơ), thiếu 1 "
                "cặp (Văn Khê → Ô Diên), 32 cặp GSO ghi toàn bộ thì gói ghi một phần.",
                "Its converter confuses same-named old units of provinces merged together: "
                "33 pairs only it has (26 new units, 14 of them in Cần Thơ), 1 pair missing "
                "(Văn Khê → Ô Diên), 32 pairs the GSO calls whole that it flags part.",
            ),
            Text(
                "Loại đơn vị mâu thuẫn với chính tên của 4 đơn vị; mười xã của Đồng Nai thành "
                "phường từ {0} vẫn được ghi là xã.",
                "Its unit types contradict its own names for 4 units; the ten Đồng Nai "
                "communes that became wards on {0} are still listed as communes.",
                (RESOLUTION_IN_FORCE,),
            ),
        ),
    ),
    Source(
        key="dvhcvn",
        layer=Text("Tỉnh và huyện trước sáp nhập", "old provinces and districts"),
        source=Text(
            "daohoangson/dvhcvn `68a4290` (gis.chinhphu.vn)",
            "daohoangson/dvhcvn `68a4290` (gis.chinhphu.vn)",
        ),
        licence=Text("GPL-3.0", "GPL-3.0"),
        vintage=Text("2023", "2023"),
        details=Text(
            "[daohoangson/dvhcvn](https://github.com/daohoangson/dvhcvn), dữ liệu từ "
            "gis.chinhphu.vn: 62 tỉnh cũ và 692 trong 696 huyện cũ. Theo GPL-3.0, nguồn được "
            "ghi rõ; dữ liệu là một tác phẩm riêng mà ứng dụng đọc khi chạy.",
            "[daohoangson/dvhcvn](https://github.com/daohoangson/dvhcvn), data from "
            "gis.chinhphu.vn: 62 old provinces and 692 of the 696 old districts. Under "
            "GPL-3.0 the source is attributed; the data stays a separate work the app reads "
            "at run time.",
        ),
        defects=(
            Text(
                "Thiếu tỉnh Quảng Ninh (mã 22): tỉnh này không sáp nhập năm 2025 nên đường bao "
                "năm 2025 được dùng thay.",
                "Quảng Ninh (code 22) is missing: it was not merged in 2025, so its 2025 "
                "outline stands in.",
            ),
            Text(
                "Lớp này thiếu phần lớn hai quần đảo: chúng được vẽ từ lớp năm 2025.",
                "The layer lacks most of both archipelagos: they are drawn from the 2025 layer.",
            ),
        ),
    ),
    Source(
        key="communes_c2011",
        layer=Text("Xã cũ, gần đúng", "old communes, approximate"),
        source=Text(
            "puleeno/diagioihanhchinh `2c9c5cf` (KML của mapmakervietnam)",
            "puleeno/diagioihanhchinh `2c9c5cf` (mapmakervietnam KML)",
        ),
        licence=Text("không rõ", "unknown"),
        vintage=Text("khoảng 2009–2013", "c. 2009–2013"),
        details=Text(
            "[puleeno/diagioihanhchinh](https://github.com/puleeno/diagioihanhchinh): 11.047 "
            "đa giác xã từ một cuộc khảo sát khoảng 2009–2013, do trang mapmakervietnam công "
            "bố dưới dạng KML. Giấy phép của dữ liệu không rõ: chỉ dùng làm lớp lịch sử gần "
            "đúng, luôn ghi kèm thời điểm.",
            "[puleeno/diagioihanhchinh](https://github.com/puleeno/diagioihanhchinh): 11,047 "
            "commune polygons from a survey of about 2009–2013, published as KML by the "
            "mapmakervietnam site. The data's licence is unknown: it is shown only as an "
            "approximate historical layer, always labelled with its vintage.",
        ),
        defects=(
            Text(
                "Không có mã: đối chiếu theo tên, 9.032 trong 10.035 đơn vị cấp xã cũ có đa giác.",
                "No codes upstream: matched by name, 9,032 of the 10,035 old commune-level "
                "units have a polygon.",
            ),
            Text(
                "Cũ hơn năm 2024: Hà Nội còn huyện Từ Liêm; Cao Bằng có 199 xã so với 161 "
                "trong danh mục năm 2024.",
                "Older than 2024: Hà Nội still has Từ Liêm district; Cao Bằng has 199 communes "
                "against 161 in the 2024 register.",
            ),
        ),
    ),
    Source(
        key="area_population",
        layer=Text("Diện tích và dân số từng xã, phường", "area and population per ward"),
        source=Text(
            "lamngockhuong/vietnam-3d-map (API của sapnhap)",
            "lamngockhuong/vietnam-3d-map (sapnhap API)",
        ),
        licence=Text("MIT", "MIT"),
        vintage=Text("2025, dân số **chưa được kiểm chứng**", "2025, population **unverified**"),
        details=Text(
            "[lamngockhuong/vietnam-3d-map](https://github.com/lamngockhuong/vietnam-3d-map), "
            "lấy thuộc tính từ API của sapnhap.bando.com.vn: diện tích, dân số và mật độ của "
            "từng xã, phường năm 2025.",
            "[lamngockhuong/vietnam-3d-map](https://github.com/lamngockhuong/vietnam-3d-map), "
            "which took the attributes from the sapnhap.bando.com.vn API: area, population "
            "and density of every 2025 commune.",
        ),
        defects=(
            Text(
                "Tổng dân số là 113,7 triệu, cao hơn nhiều so với khoảng 101 triệu của Việt "
                "Nam: mọi chỉ tiêu theo đầu người dựa trên số này đều chưa được kiểm chứng.",
                "The populations add up to 113.7 M, well above Vietnam's ~101 M: every "
                "per-capita figure built on them is unverified.",
            ),
            Text(
                "Một đơn vị (20333, Hoàng Sa) có dân số 0.",
                "One unit (20333, Hoàng Sa) has a population of 0.",
            ),
        ),
    ),
    Source(
        key="reported_figures",
        layer=Text("Số liệu báo chí", "reported figures (press)"),
        source=Text(
            "`../shared/reference/reported_figures_2025.csv`, mỗi số liệu kèm bài báo của nó",
            "`../shared/reference/reported_figures_2025.csv`, each with its article",
        ),
        licence=Text("trích dẫn có nguồn", "quoted with source"),
        vintage=Text("tháng 7 – tháng 10 năm 2025", "Jul–Oct 2025"),
        details=Text(
            "Số liệu thật do báo chí đưa tin, chất lượng không đồng đều, phần lớn ở cấp tỉnh. "
            "Mỗi số liệu giữ tên bài, đường dẫn, ngày đăng và một câu trích; chúng là một lớp "
            "riêng trên bản đồ, không bao giờ trộn vào số liệu tô màu.",
            "Real figures reported in the press, of uneven quality, mostly at province "
            "level. Each keeps its article's title, link, date and a quote; they are a "
            "separate layer on the map, never mixed into the choropleth values.",
        ),
        defects=(
            Text(
                "Một số số liệu không có đường dẫn bài báo; một số tỉnh được suy ra từ nội dung "
                "bài hoặc là tỉnh cũ trước sáp nhập.",
                "Some figures have no article link; some provinces are inferred from the "
                "article or are former provinces from before the merger.",
            ),
        ),
    ),
)

#: Notes that hold for the whole app, not for one source.
CAVEATS: tuple[Text, ...] = (
    Text(
        "Số liệu dịch vụ công cấp xã không được công bố công khai: các chỉ tiêu của ứng dụng là "
        "**DỮ LIỆU MẪU / SAMPLE DATA** do chính mã của dự án sinh ra (seed cố định), và mọi màn "
        "hình, mọi tệp xuất có các chỉ tiêu này đều ghi rõ như vậy, cho đến khi người dùng nhập "
        "số liệu thật.",
        "Commune-level service metrics do not exist publicly: the app's metrics are "
        "**DỮ LIỆU MẪU / SAMPLE DATA** generated by this project's own code (fixed seed), and "
        "every screen and export that shows them says so, until users import real figures.",
    ),
    Text(
        "Quần đảo Hoàng Sa (đặc khu 20333, thành phố Đà Nẵng) và quần đảo Trường Sa (đặc khu "
        "22736, tỉnh Khánh Hòa) là đơn vị hành chính trong lớp năm 2025: mọi bản đồ toàn quốc "
        "đều thể hiện và ghi tên hai quần đảo.",
        "The Hoàng Sa archipelago (special zone 20333, Đà Nẵng City) and the Trường Sa "
        "archipelago (special zone 22736, Khánh Hòa Province) are administrative units of the "
        "2025 layer: every map of the whole country shows and names both.",
    ),
    Text(
        "Diện tích trên bản đồ được đo trên đa giác (phép chiếu đồng diện tích); diện tích công "
        "bố được giữ bên cạnh và hiển thị khi hai số khác nhau.",
        "Areas on the map are measured on the polygons (equal-area projection); the published "
        "area is kept beside them and shown where the two differ.",
    ),
)


def readme_table() -> str:
    """The README's data table (header and one row per source), as it must read."""
    head = "| layer | source | licence | vintage |\n|---|---|---|---|\n"
    return head + "\n".join(s.readme_row() for s in SOURCES)
