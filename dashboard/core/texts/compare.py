"""Texts of the old/new comparison page (vi, en)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "compare.title": {"vi": "So sánh ranh giới cũ và mới", "en": "Compare old and new boundaries"},
    "compare.intro": {
        "vi": "Trước 01/07/2025: 63 tỉnh, 10.035 đơn vị cấp xã và 5 huyện đảo không có cấp "
        "xã. Từ 01/07/2025: 34 tỉnh, 3.321 đơn vị cấp xã.",
        "en": "Before 1 July 2025: 63 provinces, 10,035 commune-level units and 5 island "
        "districts without communes. From 1 July 2025: 34 provinces, 3,321 commune-level "
        "units.",
    },
    "compare.level": {"vi": "Cấp", "en": "Level"},
    "compare.level_commune": {"vi": "Cấp xã (trong một tỉnh)", "en": "Communes (one province)"},
    "compare.level_province": {"vi": "Cấp tỉnh (63 → 34)", "en": "Provinces (63 → 34)"},
    "compare.province": {
        "vi": "Tỉnh, thành phố (sau 01/07/2025)",
        "en": "Province (after 1 July 2025)",
    },
    "compare.mode": {"vi": "Cách xem", "en": "View"},
    "compare.mode_side": {"vi": "Hai bản đồ cạnh nhau", "en": "Side by side"},
    "compare.mode_overlay": {
        "vi": "Chồng lớp (ranh giới cũ trên đơn vị mới)",
        "en": "Overlay (old outlines over new units)",
    },
    "compare.overlay_title": {
        "vi": "Đơn vị từ 01/07/2025 (tô màu) và ranh giới cũ (nét đứt)",
        "en": "Units from 1 July 2025 (filled) and old boundaries (dashed)",
    },
    "compare.metric": {"vi": "Tô màu theo", "en": "Colour by"},
    "compare.metric_area": {"vi": "Diện tích (km²)", "en": "Area (km²)"},
    "compare.metric_n_pred": {"vi": "Số đơn vị cũ hợp thành", "en": "Number of old units merged"},
    "compare.metric_none": {"vi": "Không tô màu", "en": "No colour"},
    "compare.split_only": {
        "vi": "Chỉ hiện trường hợp có tách (một phần đơn vị cũ)",
        "en": "Only split cases (part of an old unit)",
    },
    "compare.no_split_units": {
        "vi": "Tỉnh này không có đơn vị nào nhận một phần đơn vị cũ bị tách.",
        "en": "No unit in this province received part of a split old unit.",
    },
    # A shared link's value that names nothing known ({given} is the escaped URL text).
    "compare.url_bad_value": {
        "vi": "Liên kết có giá trị «{given}» không hợp lệ cho «{param}»; đang dùng giá trị "
        "mặc định.",
        "en": "The link's value «{given}» for «{param}» is not valid; using the default instead.",
    },
    "compare.left_title": {"vi": "Trước 01/07/2025", "en": "Before 1 July 2025"},
    "compare.left_islands_note": {
        "vi": "Hoàng Sa, Trường Sa vẽ từ lớp ranh giới 2025 (lớp 2023 thiếu phần lớn hai quần đảo)",
        "en": "Hoàng Sa and Trường Sa drawn from the 2025 layer (the 2023 layer lacks most of "
        "both archipelagos)",
    },
    "compare.right_title": {"vi": "Từ 01/07/2025", "en": "From 1 July 2025"},
    "compare.left_commune_note": {
        "vi": "Xã cũ: đa giác xấp xỉ, khoảng 2009–2013, không chính thức",
        "en": "Old communes: approximate polygons, c. 2009–2013, not official",
    },
    "compare.left_commune_coverage": {
        "vi": "{note} · {drawn}/{total} xã cũ có đa giác",
        "en": "{note} · {drawn}/{total} old units have a polygon",
    },
    "compare.download_missing_csv": {
        "vi": "Tải CSV: {count} đơn vị cũ không có đa giác (cả nước)",
        "en": {
            "one": "Download CSV: {count} old unit without polygon (whole country)",
            "other": "Download CSV: {count} old units without polygon (whole country)",
        },
    },
    "compare.sync_note": {
        "vi": "Kéo hoặc phóng to một bản đồ, bản đồ kia đi theo. Bấm vào một đơn vị trên bản "
        "đồ nào cũng được để chọn nó.",
        "en": "Pan or zoom one map and the other follows. Click a unit on either map to pick it.",
    },
    "compare.overlay_note": {
        "vi": "Bấm vào một xã mới để xem các đơn vị cũ hợp thành. "
        "Nét đứt: ranh giới xã cũ (xấp xỉ). Chọn xã cũ trên bản đồ bên trái ở chế độ hai bản "
        "đồ cạnh nhau, hoặc tìm theo tên bên dưới.",
        "en": "Click a new unit to see the old units that formed it. "
        "Dashed: old commune outlines (approximate). Pick an old unit on the left map of the "
        "side-by-side view, or by name below.",
    },
    "compare.legend_no_data": {"vi": "Không có số liệu / đa giác", "en": "No data / no polygon"},
    "compare.legend_part": {
        "vi": "Nhận một phần đơn vị cũ bị tách",
        "en": "Received part of a split old unit",
    },
    "compare.legend_selected": {"vi": "Đơn vị đang chọn", "en": "Selected unit"},
    "compare.legend_predecessor": {
        "vi": "Đơn vị cũ hợp thành / đơn vị mới nhận",
        "en": "Old units that formed it / new units it went to",
    },
    "compare.legend_old_outline": {"vi": "Ranh giới cũ (nét đứt)", "en": "Old boundary (dashed)"},
    "compare.legend_approx": {"vi": "diện tích cũ: xấp xỉ", "en": "old areas approximate"},
    "compare.approx": {"vi": "xấp xỉ", "en": "approx."},
    "compare.boundary_version": {
        "vi": "Ranh giới: trước và sau Nghị quyết sắp xếp 01/07/2025",
        "en": "Boundaries: before and after the 1 July 2025 reorganisation",
    },
    "compare.lineage": {"vi": "Nguồn gốc đơn vị (tra cứu)", "en": "Lineage explorer"},
    "compare.pick_new": {
        "vi": "Chọn xã, phường mới (gõ để tìm)",
        "en": "Pick a new unit (type to search)",
    },
    "compare.pick_none": {"vi": "— chưa chọn —", "en": "— none —"},
    "compare.selected": {"vi": "Đã chọn", "en": "Selected"},
    "compare.formed_from": {
        "vi": "Hình thành từ {count} đơn vị cũ ({mark})",
        "en": {
            "one": "Formed from {count} old unit ({mark})",
            "other": "Formed from {count} old units ({mark})",
        },
    },
    "compare.search_old": {
        "vi": "Tìm tên xã cũ (cả nước)",
        "en": "Search old commune names (whole country)",
    },
    "compare.pick_old": {"vi": "Chọn xã cũ", "en": "Pick an old unit"},
    "compare.old_went_to": {"vi": "{name} đã về", "en": "{name} went to"},
    "compare.no_match": {"vi": "Không tìm thấy tên nào.", "en": "No name matches."},
    "compare.col_old_name": {"vi": "Đơn vị cũ", "en": "Old unit"},
    "compare.col_old_district": {"vi": "Huyện cũ", "en": "Old district"},
    "compare.col_old_province": {"vi": "Tỉnh cũ", "en": "Old province"},
    "compare.col_whole_part": {"vi": "Cách nhập (bảng GSO)", "en": "How it went in (GSO table)"},
    "compare.whole": {"vi": "toàn bộ", "en": "whole"},
    "compare.part": {"vi": "một phần", "en": "part"},
    "compare.col_share_new": {
        "vi": "Tỉ lệ diện tích xã mới (xấp xỉ)",
        "en": "Share of the new unit's area (approx.)",
    },
    "compare.col_share_old": {
        "vi": "Tỉ lệ của xã cũ về đây (xấp xỉ)",
        "en": "Share of the old unit that went here (approx.)",
    },
    "compare.col_area_old": {"vi": "Diện tích cũ km² (xấp xỉ)", "en": "Old area km² (approx.)"},
    "compare.col_new_name": {"vi": "Đơn vị mới", "en": "New unit"},
    "compare.col_new_province": {"vi": "Tỉnh mới", "en": "New province"},
    "compare.col_code": {"vi": "Mã", "en": "Code"},
    "compare.no_polygon": {"vi": "không có đa giác", "en": "no polygon"},
    "compare.shares_note": {
        "vi": "Tỉ lệ diện tích tính từ đa giác xã cũ xấp xỉ (khoảng 2009–2013), "
        "hệ VN-2000 / UTM 48N; chỉ mang tính tham khảo.",
        "en": "Area shares are computed from approximate old commune polygons (c. 2009–2013) in "
        "VN-2000 / UTM 48N; for reference only.",
    },
    "compare.marks": {"vi": "Dấu hiệu gộp và tách", "en": "Merge and split marks"},
    "compare.mark_part": {"vi": "(có phần tách)", "en": "(has a split part)"},
    "compare.col_mark": {"vi": "Gộp", "en": "Merge"},
    "compare.col_has_part": {"vi": "Có phần tách", "en": "Has split part"},
    "compare.col_area_new": {"vi": "Diện tích km²", "en": "Area km²"},
    "compare.yes": {"vi": "có", "en": "yes"},
    "compare.no": {"vi": "không", "en": "no"},
    "compare.provinces": {"vi": "Cấp tỉnh: 63 → 34", "en": "Provinces: 63 → 34"},
    "compare.col_province": {"vi": "Tỉnh mới", "en": "New province"},
    "compare.col_old_provinces": {"vi": "Tỉnh cũ hợp thành", "en": "Old provinces merged"},
    "compare.col_n_old_provinces": {"vi": "Số tỉnh cũ", "en": "Old provinces"},
    "compare.statistics": {"vi": "Thống kê theo tỉnh", "en": "Statistics by province"},
    "compare.col_units_before": {"vi": "Số xã trước", "en": "Units before"},
    "compare.col_units_after": {"vi": "Số xã sau", "en": "Units after"},
    "compare.col_reduction": {"vi": "Giảm (%)", "en": "Reduction (%)"},
    "compare.col_mean_after": {"vi": "DT TB sau (km²)", "en": "Mean area after (km²)"},
    "compare.col_max_after": {"vi": "DT lớn nhất sau (km²)", "en": "Largest area after (km²)"},
    "compare.col_mean_before": {
        "vi": "DT TB trước (km², xấp xỉ)",
        "en": "Mean area before (km², approx.)",
    },
    "compare.col_max_before": {
        "vi": "DT lớn nhất trước (km², xấp xỉ)",
        "en": "Largest area before (km², approx.)",
    },
    "compare.col_with_polygon": {"vi": "Xã cũ có đa giác", "en": "Old units with polygon"},
    "compare.col_without_polygon": {
        "vi": "Xã cũ không có đa giác",
        "en": "Old units without polygon",
    },
    "compare.col_old_split": {"vi": "Xã cũ bị tách", "en": "Old units split"},
    "compare.col_new_with_part": {
        "vi": "Xã mới nhận phần tách",
        "en": "New units with a split part",
    },
    "compare.stats_note": {
        "vi": "Số đơn vị và diện tích sau sắp xếp: theo danh mục chính thức. Diện tích trước: tính "
        "từ đa giác xấp xỉ khoảng 2009–2013, chỉ cho các xã cũ có đa giác.",
        "en": "Unit counts and areas after the merger: official register. Areas before: computed "
        "from approximate c. 2009–2013 polygons, only for old units that have one.",
    },
    "compare.download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "compare.metric_units": {"vi": "Đơn vị cấp xã", "en": "Commune-level units"},
    "compare.metric_split": {"vi": "Xã cũ bị tách", "en": "Old units split"},
    "compare.layer_honesty": {
        "vi": "Lớp xã cũ: {vintage}. Nguồn: {provenance}. Phạm vi: {coverage}. "
        "Đây là đa giác xấp xỉ, không phải ranh giới chính thức.",
        "en": "Old commune layer: {vintage}. Source: {provenance}. Coverage: {coverage}. "
        "Approximate polygons, not official boundaries.",
    },
    "compare.province_layer": {
        "vi": "Lớp tỉnh cũ: năm {vintage}. Nguồn: {provenance}. Phạm vi: {coverage}.",
        "en": "Old province layer: {vintage}. Source: {provenance}. Coverage: {coverage}.",
    },
    "compare.province_filled": {
        "vi": "Vẽ bằng ranh giới năm khác vì nguồn không có ranh giới cũ: {names}.",
        "en": "Drawn with an outline of another year, as the source has no older one: {names}.",
    },
    "compare.missing_polygons": {
        "vi": "{count} đơn vị cũ không có đa giác (không vẽ được, liệt kê ở đây)",
        "en": {
            "one": "{count} old unit has no polygon (not drawn, listed here)",
            "other": "{count} old units have no polygon (not drawn, listed here)",
        },
    },
    "compare.no_data": {
        "vi": (
            "Chưa có dữ liệu ranh giới. Chạy `.venv/bin/python -m loaders build` rồi tải lại trang."
        ),
        "en": "No boundary data yet. Run `.venv/bin/python -m loaders build` and reload.",
    },
    "layers.via": {"vi": "qua", "en": "via"},
    "layers.licence_unknown": {"vi": "giấy phép không rõ", "en": "licence unknown"},
    "layers.commune_vintage": {
        "vi": "khoảng 2009–2013 (xấp xỉ, không chính thức)",
        "en": "c. 2009–2013 (approximate, not official)",
    },
    "layers.coverage_provinces": {
        "vi": "{n} / {count} tỉnh",
        "en": {"one": "{n} / {count} province", "other": "{n} / {count} provinces"},
    },
    "layers.coverage_districts": {
        "vi": "{n} / {count} huyện",
        "en": {"one": "{n} / {count} district", "other": "{n} / {count} districts"},
    },
    "layers.coverage_communes": {
        "vi": "{n} / {count} đơn vị cấp xã cũ có đa giác (xấp xỉ)",
        "en": {
            "one": "{n} / {count} old commune-level unit with a polygon (approximate)",
            "other": "{n} / {count} old commune-level units with a polygon (approximate)",
        },
    },
}
