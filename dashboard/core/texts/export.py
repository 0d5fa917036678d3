"""Texts of the print exports (maps and comparisons) and their panels on screen (vi, en)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, object]] = {
    "export.no_data": {"vi": "Không có số liệu", "en": "No data"},
    "export.sample": {"vi": "DỮ LIỆU MẪU", "en": "SAMPLE DATA"},
    "export.sample_note": {
        "vi": "Số liệu minh họa, không dùng cho báo cáo chính thức",
        "en": "Illustrative figures, not for official reporting",
    },
    "export.source": {"vi": "Nguồn", "en": "Source"},
    "export.period": {"vi": "Kỳ số liệu", "en": "Data period"},
    "export.boundary": {"vi": "Ranh giới hành chính", "en": "Administrative boundaries"},
    "export.exported": {"vi": "Xuất ngày", "en": "Exported"},
    "export.north": {"vi": "B", "en": "N"},
    "export.scale": {"vi": "Tỷ lệ", "en": "Scale"},
    "export.scale_at": {"vi": "đúng ở vĩ độ {lat}°B", "en": "true at latitude {lat}°N"},
    "export.counts_note": {
        "vi": "Số bên phải: số đơn vị trong lớp",
        "en": "Right: number of units in the class",
    },
    "export.country": {"vi": "toàn quốc", "en": "Viet Nam"},
    "export.inset_scale": {"vi": "khung phụ, tỷ lệ khác", "en": "inset, different scale"},
    "export.hoang_sa": {
        "vi": "Đặc khu Hoàng Sa (TP. Đà Nẵng)",
        "en": "Hoàng Sa special zone (Đà Nẵng)",
    },
    "export.truong_sa": {
        "vi": "Đặc khu Trường Sa (tỉnh Khánh Hòa)",
        "en": "Trường Sa special zone (Khánh Hòa)",
    },
    "export.scheme_quantiles": {"vi": "phân vị", "en": "quantiles"},
    "export.scheme_equal_interval": {"vi": "khoảng đều", "en": "equal intervals"},
    "export.scheme_natural_breaks": {"vi": "ngắt tự nhiên (Jenks)", "en": "natural breaks (Jenks)"},
    "export.scheme_manual": {"vi": "ngưỡng tự chọn", "en": "manual breaks"},
    "export.equal_counts": {
        "vi": "số đơn vị mỗi lớp gần bằng nhau",
        "en": "about equal numbers of units per class",
    },
    "export.area_province": {"vi": "tỉnh {name}", "en": "{name} province"},
    "export.area_city": {"vi": "thành phố {name}", "en": "{name} city"},
    "export.n_provinces": {
        "vi": "{count} tỉnh, thành phố",
        "en": {
            "one": "{count} province",
            "other": "{count} provinces",
        },
    },
    "export.n_commune_level": {
        "vi": "{count} đơn vị hành chính cấp xã: {parts}",
        "en": {
            "one": "{count} commune-level unit: {parts}",
            "other": "{count} commune-level units: {parts}",
        },
    },
    "export.n_X\u00e3": {
        "vi": "{count} xã",
        "en": {
            "one": "{count} commune",
            "other": "{count} communes",
        },
    },
    "export.n_Ph\u01b0\u1eddng": {
        "vi": "{count} phường",
        "en": {
            "one": "{count} ward",
            "other": "{count} wards",
        },
    },
    "export.n_\u0110\u1eb7c khu": {
        "vi": "{count} đặc khu",
        "en": {
            "one": "{count} special zone",
            "other": "{count} special zones",
        },
    },
    "export.n_classes": {
        "vi": "{count} lớp",
        "en": {
            "one": "{count} class",
            "other": "{count} classes",
        },
    },
    "export.one_class_per_value": {"vi": "mỗi giá trị một lớp", "en": "one class per value"},
    "export.classes_by": {"vi": "{classes} theo {scheme}", "en": "{classes}, {scheme}"},
    "export.national_breaks": {"vi": "ngưỡng toàn quốc", "en": "national breaks"},
    "export.fewer_classes": {
        "vi": "{count} lớp (yêu cầu {asked}: dữ liệu chỉ đủ cho {count})",
        "en": {
            "one": "{count} class ({asked} asked; the data allow only {count})",
            "other": "{count} classes ({asked} asked; the data allow only {count})",
        },
    },
    "export.compare.title_commune": {
        "vi": "Ranh giới cấp xã trước và sau sắp xếp",
        "en": "Commune-level boundaries before and after the reorganisation",
    },
    "export.compare.title_province": {
        "vi": "Ranh giới cấp tỉnh trước và sau sắp xếp",
        "en": "Province boundaries before and after the reorganisation",
    },
    "export.compare.units_commune": {
        "vi": "{before} → {after} đơn vị hành chính cấp xã",
        "en": "{before} → {after} commune-level units",
    },
    "export.compare.units_province": {
        "vi": "{before} → {after} tỉnh, thành phố",
        "en": "{before} → {after} provinces",
    },
    "export.compare.by_area": {
        "vi": "tô màu theo diện tích, {k} lớp phân vị chung cho cả hai thời điểm",
        "en": "coloured by area, {k} quantile classes shared by both dates",
    },
    "export.compare.by_area_overlay": {
        "vi": "tô màu theo diện tích, {k} lớp phân vị chung cho đơn vị cũ và mới",
        "en": "coloured by area, {k} quantile classes shared by old and new units",
    },
    "export.compare.by_n_pred": {
        "vi": "tô màu đơn vị mới theo số đơn vị cũ hợp thành, {k} lớp phân vị",
        "en": "new units coloured by the number of old units merged, {k} quantile classes",
    },
    "export.compare.no_colour": {"vi": "không tô màu", "en": "not coloured"},
    "export.compare.overlay": {
        "vi": "đơn vị mới tô màu, ranh giới cũ nét đứt",
        "en": "new units filled, old boundaries dashed",
    },
    "export.compare.old": {"vi": "Trước 01/07/2025", "en": "Before 1 July 2025"},
    "export.compare.new": {"vi": "Từ 01/07/2025", "en": "From 1 July 2025"},
    "export.compare.overlay_caption": {
        "vi": "Đơn vị từ 01/07/2025 (tô màu) và ranh giới cũ (nét đứt)",
        "en": "Units from 1 July 2025 (filled) and old boundaries (dashed)",
    },
    "export.compare.old_commune_note": {
        "vi": "{drawn}/{total} xã cũ có đa giác xấp xỉ (khoảng 2009–2013), {missing} không vẽ được",
        "en": "{drawn}/{total} old units have an approximate polygon (c. 2009–2013), {missing} "
        "not drawn",
    },
    "export.compare.old_province_note": {
        "vi": "63 tỉnh, thành phố (ranh giới năm 2023)",
        "en": "63 provinces (2023 boundaries)",
    },
    "export.compare.new_commune_note": {
        "vi": "{n} đơn vị cấp xã (ranh giới chính thức)",
        "en": "{n} commune-level units (official boundaries)",
    },
    "export.compare.new_province_note": {"vi": "34 tỉnh, thành phố", "en": "34 provinces"},
    "export.compare.count_old": {"vi": "Trước", "en": "Before"},
    "export.compare.count_new": {"vi": "Sau", "en": "After"},
    "export.compare.area": {"vi": "Diện tích", "en": "Area"},
    "export.compare.n_pred": {"vi": "Số đơn vị cũ hợp thành", "en": "Old units merged"},
    "export.compare.units": {"vi": "Đơn vị hành chính", "en": "Administrative units"},
    "export.compare.not_coloured": {
        "vi": "Đơn vị cũ (không tô màu)",
        "en": "Old units (not coloured)",
    },
    "export.compare.neutral": {"vi": "Đơn vị (không tô màu)", "en": "Units (not coloured)"},
    "export.compare.old_commune_line": {
        "vi": "Ranh giới xã cũ (xấp xỉ)",
        "en": "Old commune boundary (approximate)",
    },
    "export.compare.old_district_line": {
        "vi": "Ranh giới huyện cũ (2023)",
        "en": "Old district boundary (2023)",
    },
    "export.compare.province_line": {"vi": "Ranh giới tỉnh", "en": "Province boundary"},
    "export.compare.old_province_line": {"vi": "Ranh giới tỉnh cũ", "en": "Old province boundary"},
    "export.compare.part_line": {
        "vi": "Xã cũ bị tách / xã mới nhận phần tách",
        "en": "Split old unit / new unit with a split part",
    },
    "export.compare.counts_note": {
        "vi": "Số bên phải: số đơn vị trong lớp",
        "en": "Right: number of units in the class",
    },
    "export.compare.approx_note": {
        "vi": "Diện tích xã cũ: tính từ đa giác xấp xỉ",
        "en": "Old commune areas: from approximate polygons",
    },
    "export.compare.missing_note": {
        "vi": "Gạch chéo (bản đồ trước 2025): không có đa giác xã cũ",
        "en": "Hatched (pre-2025 map): no old commune polygon",
    },
    "export.compare.source": {
        "vi": "đơn vị từ 01/07/2025: {new}; nguồn gốc đơn vị: {lineage}; tên đơn vị: {register}",
        "en": "units from 1 July 2025: {new}; lineage: {lineage}; unit names: {register}",
    },
    "export.compare.lineage_gso": {
        "vi": "bảng chuyển đổi của Tổng cục Thống kê (07/2025)",
        "en": "General Statistics Office conversion table (July 2025)",
    },
    "export.compare.old_layers": {
        "vi": "Lớp trước 01/07/2025: xã cũ: {c_prov}, {c_vintage}, {c_cov}; tỉnh, huyện cũ: "
        "{p_prov}, năm {p_vintage} ({p_cov}, {d_cov})",
        "en": "Layers before 1 July 2025: old communes: {c_prov}, {c_vintage}, {c_cov}; old "
        "provinces and districts: {p_prov}, {p_vintage} ({p_cov}, {d_cov})",
    },
    "export.compare.boundary": {
        "vi": "trước 01/07/2025 (tỉnh, huyện: {p_vintage}; xã: khoảng 2009–2013, xấp xỉ) và từ "
        "01/07/2025 ({new})",
        "en": "before 1 July 2025 (provinces, districts: {p_vintage}; communes: c. 2009–2013, "
        "approximate) and from 1 July 2025 ({new})",
    },
    "export.compare.honesty": {
        "vi": "Ranh giới xã cũ là đa giác xấp xỉ, không phải ranh giới chính thức; đơn vị cũ "
        "không có đa giác không được vẽ.",
        "en": "Old commune boundaries are approximate polygons, not official boundaries; old "
        "units without a polygon are not drawn.",
    },
    "export.compare.filled": {
        "vi": "Vẽ bằng ranh giới năm khác vì nguồn không có ranh giới cũ: {names}.",
        "en": "Drawn with an outline of another year, as the source has no older one: {names}.",
    },
    "export.compare.qd_hoang_sa": {"vi": "QĐ. Hoàng Sa", "en": "Hoàng Sa archipelago"},
    "export.compare.qd_truong_sa": {"vi": "QĐ. Trường Sa", "en": "Trường Sa archipelago"},
    "export.compare.islands_from_2025": {
        "vi": "Hoàng Sa, Trường Sa vẽ từ lớp ranh giới 2025",
        "en": "Hoàng Sa and Trường Sa drawn from the 2025 layer",
    },
    "export.panel.expander": {
        "vi": "Xuất bản đồ (PNG 300 dpi, PDF, SVG, HTML tương tác) cho báo cáo",
        "en": "Export map (PNG 300 dpi, PDF, SVG, interactive HTML) for briefings",
    },
    "export.panel.title": {"vi": "Tiêu đề", "en": "Title"},
    "export.panel.format": {"vi": "Định dạng", "en": "Format"},
    "export.panel.page": {"vi": "Khổ giấy", "en": "Page size"},
    "export.panel.print_safe": {
        "vi": "In đen trắng (thang xám và hoa văn)",
        "en": "Print-safe (grey scale and patterns)",
    },
    "export.panel.labels": {"vi": "Ghi tên đơn vị", "en": "Label unit names"},
    "export.panel.format_html": {"vi": "HTML (tương tác)", "en": "HTML (interactive)"},
    "export.panel.html_note": {
        "vi": "Một tệp HTML mở bằng trình duyệt, không cần mạng: phóng to, thu nhỏ, di chuột "
        "lên đơn vị để xem số liệu.",
        "en": "One HTML file that opens in a browser with no internet: zoom, pan, hover a "
        "unit to read its figure.",
    },
    "export.panel.make": {"vi": "Tạo tệp", "en": "Render file"},
    "export.panel.download": {"vi": "Tải {name}", "en": "Download {name}"},
    "export.panel.busy": {"vi": "Đang vẽ bản đồ…", "en": "Rendering the map…"},
    "compare.export.expander": {
        "vi": "Xuất bản đồ so sánh (PNG 300 dpi, PDF, SVG, HTML tương tác) cho báo cáo",
        "en": "Export the comparison (PNG 300 dpi, PDF, SVG, interactive HTML) for briefings",
    },
    "compare.export.what_side": {
        "vi": "Hai bản đồ cạnh nhau: trước 01/07/2025 và từ 01/07/2025, cùng ngưỡng lớp.",
        "en": "Two maps side by side: before and from 1 July 2025, same class breaks.",
    },
    "compare.export.what_overlay": {
        "vi": "Một bản đồ: đơn vị mới tô màu, ranh giới cũ nét đứt.",
        "en": "One map: new units filled, old boundaries dashed.",
    },
    "compare.export.failed": {
        "vi": "Không tạo được tệp: {error}",
        "en": "Could not render the file: {error}",
    },
}
