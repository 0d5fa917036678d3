"""Texts of the app shell, the map page, its panels and the About page (vi, en)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # App and navigation
    "app_title": {
        "vi": "Bản đồ đơn vị hành chính sau sắp xếp 01/07/2025",
        "en": "Administrative units after the 1 July 2025 reorganisation",
    },
    "page_map": {"vi": "Bản đồ", "en": "Map"},
    "page_about": {"vi": "Nguồn và ghi chú", "en": "Sources and notes"},
    "page_compare": {"vi": "So sánh ranh giới cũ – mới", "en": "Old and new boundaries"},
    "page_import": {"vi": "Nhập số liệu", "en": "Import data"},
    # Bilingual by design: a reader of either language finds the switch.
    "language_switch": {"vi": "Ngôn ngữ / Language", "en": "Ngôn ngữ / Language"},
    "lang_vi": {"vi": "Tiếng Việt", "en": "Tiếng Việt"},
    "lang_en": {"vi": "English", "en": "English"},
    "loading_data": {
        "vi": "Đang chuẩn bị dữ liệu ranh giới (lần đầu khoảng 30 giây)…",
        "en": "Preparing the boundary data (about 30 s the first time)…",
    },
    # Sidebar controls
    "controls": {"vi": "Tùy chọn bản đồ", "en": "Map options"},
    "metric": {"vi": "Chỉ tiêu", "en": "Metric"},
    "period": {"vi": "Kỳ số liệu", "en": "Period"},
    "scheme": {"vi": "Cách phân lớp", "en": "Classification"},
    "scheme_quantiles": {"vi": "Phân vị", "en": "Quantiles"},
    "scheme_equal_interval": {"vi": "Khoảng đều", "en": "Equal interval"},
    "scheme_natural_breaks": {"vi": "Ngắt tự nhiên (Jenks)", "en": "Natural breaks (Jenks)"},
    "scheme_manual": {"vi": "Tự nhập ngưỡng", "en": "Manual breaks"},
    "scheme_categorical": {"vi": "Mỗi loại một màu", "en": "One colour per category"},
    "scheme_distinct": {"vi": "Mỗi giá trị một lớp ({k} lớp)", "en": "One class per value ({k})"},
    "categorical_controls": {
        "vi": "Chỉ tiêu phân loại: mỗi loại một màu, không dùng cách phân lớp và bảng màu.",
        "en": "A categorical metric: one colour per category; classes and palette do not apply.",
    },
    "category_counts": {"vi": "Số đơn vị theo loại", "en": "Units per category"},
    "manual_breaks": {"vi": "Ngưỡng (cách nhau bởi dấu ;)", "en": "Breaks (separated by ;)"},
    "manual_breaks_help": {
        "vi": "Ví dụ: 50; 100; 1.000. Dấu phẩy cho phần thập phân (2,5), dấu chấm ngăn cách "
        "hàng nghìn (10.000).",
        "en": "For example: 50; 100; 1000. Decimals with a comma or a point (2,5 or 2.5); a "
        "point followed by three digits groups thousands (10.000).",
    },
    "manual_breaks_invalid": {
        "vi": "Không đọc được ngưỡng: {text}. Đang dùng phân vị.",
        "en": "Could not read the breaks: {text}. Using quantiles.",
    },
    "k": {"vi": "Số lớp", "en": "Classes"},
    "n_classes": {
        "vi": "{count} lớp",
        "en": {
            "one": "{count} class",
            "other": "{count} classes",
        },
    },
    "palette": {"vi": "Bảng màu", "en": "Palette"},
    "palette_auto": {"vi": "Tự động theo chỉ tiêu", "en": "Automatic for the metric"},
    "palette_sequential": {"vi": "tuần tự", "en": "sequential"},
    "palette_diverging": {"vi": "phân kỳ", "en": "diverging"},
    "local_breaks": {
        "vi": "Ngưỡng riêng cho tỉnh đang xem",
        "en": "Local breaks for this province",
    },
    "local_breaks_help": {
        "vi": "Mặc định giữ ngưỡng toàn quốc khi xem một tỉnh, để màu so sánh được giữa các tỉnh.",
        "en": "By default a province keeps the national breaks, so colours compare across "
        "provinces.",
    },
    "all_communes": {
        "vi": "Hiện toàn bộ 3.321 xã, phường, đặc khu",
        "en": "Show all 3,321 communes",
    },
    "basemap": {
        "vi": "Nền bản đồ trực tuyến (OpenStreetMap, cần Internet)",
        "en": "Online basemap (OpenStreetMap, needs internet)",
    },
    # Search
    "search": {"vi": "Tìm tỉnh, xã, phường", "en": "Find a province or commune"},
    # Short enough to show whole in the box at 1280 px and on a phone.
    "search_placeholder": {
        "vi": "Tìm tỉnh, xã, phường (có dấu hoặc không)",
        "en": "Province or commune, diacritics optional",
    },
    "search_none": {"vi": "Không tìm thấy “{q}”.", "en": "Nothing found for “{q}”."},
    "former_name": {"vi": "tên cũ", "en": "former name"},
    "kind_province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "kind_commune": {"vi": "Xã, phường", "en": "Commune"},
    "kind_former": {"vi": "Tên cũ", "en": "Former name"},
    # Views
    "country": {"vi": "Việt Nam", "en": "Viet Nam"},
    "view_country": {"vi": "Việt Nam: 34 tỉnh, thành phố", "en": "Viet Nam: 34 provinces"},
    # Names of the two archipelagos on the map (first line the name, second its province)
    "archipelago_hoang_sa": {"vi": "Quần đảo Hoàng Sa", "en": "Hoàng Sa archipelago"},
    "archipelago_hoang_sa_of": {"vi": "(TP. Đà Nẵng)", "en": "(Đà Nẵng)"},
    "archipelago_truong_sa": {"vi": "Quần đảo Trường Sa", "en": "Trường Sa archipelago"},
    "archipelago_truong_sa_of": {"vi": "(tỉnh Khánh Hòa)", "en": "(Khánh Hòa)"},
    "view_country_communes": {
        "vi": "Việt Nam: 3.321 xã, phường, đặc khu",
        "en": "Viet Nam: 3,321 communes",
    },
    "click_hint_country": {
        "vi": "Bấm vào một tỉnh để xem các xã, phường của tỉnh đó.",
        "en": "Click a province to see its communes.",
    },
    "click_hint_all": {
        "vi": "Bấm vào một xã, phường để mở tỉnh của nó và xem chi tiết.",
        "en": "Click a commune to open its province and see its details.",
    },
    "click_hint_province": {
        "vi": "Bấm vào một xã, phường để xem chi tiết và các đơn vị cũ hợp thành.",
        "en": "Click a commune to see its details and the old units that formed it.",
    },
    "breaks_national": {"vi": "Ngưỡng toàn quốc", "en": "National breaks"},
    "breaks_local": {"vi": "Ngưỡng riêng của tỉnh", "en": "Local breaks"},
    "sample_banner": {"vi": "DỮ LIỆU MẪU / SAMPLE DATA", "en": "DỮ LIỆU MẪU / SAMPLE DATA"},
    # One line above the map at 1280 px: the banner must not push the map below the fold.
    "sample_explain": {
        "vi": "Chỉ tiêu này là dữ liệu mẫu sinh ngẫu nhiên, không phải số liệu thật.",
        "en": "This metric is randomly generated sample data, not real figures.",
    },
    # Legend and map furniture
    "legend": {"vi": "Chú giải", "en": "Legend"},
    "no_data": {"vi": "Không có số liệu", "en": "No data"},
    "units_count": {
        "vi": "{count} đơn vị",
        "en": {
            "one": "{count} unit",
            "other": "{count} units",
        },
    },
    "source": {"vi": "Nguồn", "en": "Source"},
    "boundary_version": {"vi": "Phiên bản ranh giới", "en": "Boundary version"},
    "unit_name": {"vi": "Đơn vị", "en": "Unit"},
    # Detail panel
    "detail": {"vi": "Thông tin đơn vị", "en": "Unit details"},
    "code": {"vi": "Mã", "en": "Code"},
    "unit_type": {"vi": "Loại đơn vị", "en": "Unit type"},
    "province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "area": {"vi": "Diện tích", "en": "Area"},
    "metrics_table": {"vi": "Chỉ tiêu", "en": "Metric"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "predecessors": {"vi": "Đơn vị cũ hợp thành", "en": "Old units that formed it"},
    "predecessors_count": {
        "vi": "Hình thành từ {count} đơn vị cũ ({parts} đơn vị nhập một phần), theo "
        "bảng chuyển đổi của Tổng cục Thống kê.",
        "en": {
            "one": "Formed from {count} former unit ({parts} only in part), per the "
            "General Statistics Office's conversion table.",
            "other": "Formed from {count} former units ({parts} only in part), per the "
            "General Statistics Office's conversion table.",
        },
    },
    "old_unit": {"vi": "Đơn vị cũ", "en": "Old unit"},
    "old_district": {"vi": "Huyện cũ", "en": "Old district"},
    "old_province": {"vi": "Tỉnh cũ", "en": "Old province"},
    "whole_or_part": {"vi": "Cách nhập (bảng GSO)", "en": "How it went in (GSO table)"},
    "whole": {"vi": "toàn bộ", "en": "whole"},
    "part": {"vi": "một phần", "en": "part"},
    "close": {"vi": "Đóng", "en": "Close"},
    # A shared link's value that names nothing known ({given} is the escaped URL text).
    "url_bad_metric": {
        "vi": "Không tìm thấy chỉ tiêu «{given}» trong liên kết; đang hiển thị «{shown}».",
        "en": "The link's metric «{given}» is unknown; showing «{shown}» instead.",
    },
    "url_bad_province": {
        "vi": "Không tìm thấy tỉnh, thành phố mã «{given}» trong liên kết; đang hiển thị {shown}.",
        "en": "The link's province code «{given}» is unknown; showing {shown} instead.",
    },
    "url_bad_commune": {
        "vi": "Không tìm thấy xã, phường mã «{given}» trong liên kết; đang hiển thị {shown}.",
        "en": "The link's commune code «{given}» is unknown; showing {shown} instead.",
    },
    "url_bad_period": {
        "vi": "Chỉ tiêu «{metric}» không có kỳ số liệu «{given}» trong liên kết; "
        "đang hiển thị kỳ «{shown}».",
        "en": "The link's period «{given}» does not exist for «{metric}»; "
        "showing the period «{shown}» instead.",
    },
    "url_bad_page": {
        "vi": "Không tìm thấy trang «{given}» trong liên kết; đang hiển thị trang «{shown}».",
        "en": "The link's page «{given}» is unknown; showing the «{shown}» page instead.",
    },
    "url_shown_country": {"vi": "cả nước", "en": "the whole country"},
    "url_shown_unit": {"vi": "«{name}»", "en": "«{name}»"},
    "unknown_commune": {
        "vi": "Không có xã, phường mã {code} trong tỉnh này.",
        "en": "There is no commune with code {code} in this province.",
    },
    "province_summary": {
        "vi": "{name}: {n} xã, phường, đặc khu (trước 01/07/2025: {n_old} đơn vị cấp xã).",
        "en": "{name}: {n} communes (before 1 July 2025: {n_old} commune-level units).",
    },
    "province_summary_island": {
        "vi": "{name}: {n} xã, phường, đặc khu (trước 01/07/2025: {n_old} đơn vị cấp xã và "
        "{n_islands} huyện đảo không có cấp xã).",
        "en": "{name}: {n} communes (before 1 July 2025: {n_old} commune-level units and "
        "{n_islands} island district without communes).",
    },
    "country_summary": {
        "vi": "34 tỉnh, thành phố; 3.321 xã, phường, đặc khu (trước 01/07/2025: 63 tỉnh, "
        "10.035 đơn vị cấp xã và 5 huyện đảo không có cấp xã).",
        "en": "34 provinces; 3,321 communes (before 1 July 2025: 63 provinces, 10,035 "
        "commune-level units and 5 island districts without communes).",
    },
    # Coverage of aggregated values (province / country values from fewer than all communes)
    "coverage_tooltip": {"vi": "Độ phủ số liệu", "en": "Data coverage"},
    "coverage_province": {
        "vi": "Giá trị của tỉnh ({period}) tính từ {coverage}.",
        "en": "The province's value ({period}) is computed from {coverage}.",
    },
    "coverage_province_partial": {
        "vi": "Dưới {threshold} xã, phường có số liệu: giá trị chỉ là một phần, bản đồ toàn "
        "quốc vẽ tỉnh này bằng nét gạch chéo.",
        "en": "Under {threshold} of communes with data: a partial value, hatched on the "
        "country map.",
    },
    "coverage_country": {
        "vi": "Giá trị toàn quốc ({period}) tính từ {coverage}; {provinces}.",
        "en": "The national value ({period}) is computed from {coverage}; {provinces}.",
    },
    "coverage_none": {
        "vi": "Kỳ {period}: chưa có xã, phường nào có số liệu (không có giá trị).",
        "en": "{period}: no commune has data (no value).",
    },
    "coverage_threshold_note": {
        "vi": "Ngưỡng vẽ số liệu một phần: dưới {threshold} xã, phường có số liệu.",
        "en": "Partial-data threshold: under {threshold} of communes with data.",
    },
    "trend_coverage": {"vi": "Độ phủ số liệu", "en": "Data coverage"},
    "trend_partial_periods": {
        "vi": "Kỳ tính từ số liệu chưa đủ (số xã, phường có số liệu): {periods}.",
        "en": "Periods computed from partial data (communes with data): {periods}.",
    },
    "ranking_top": {"vi": "Cao nhất", "en": "Highest"},
    "ranking_bottom": {"vi": "Thấp nhất", "en": "Lowest"},
    "share_link": {
        "vi": "Địa chỉ trang này lưu cả tỉnh, xã, chỉ tiêu, cách phân lớp và kỳ số liệu: "
        "sao chép để chia sẻ.",
        "en": "This page's address keeps the province, commune, metric, classification and "
        "period: copy it to share the view.",
    },
    # Trend charts (dashboard.map.trend_chart)
    "trend_title": {"vi": "Diễn biến theo kỳ", "en": "Trend over the periods"},
    "trend_country_toggle": {
        "vi": "Hiện biểu đồ diễn biến toàn quốc",
        "en": "Show the national trend chart",
    },
    "trend_none": {
        "vi": "Chỉ tiêu này không có số liệu theo kỳ (không có biểu đồ diễn biến).",
        "en": "This metric has no periods (no trend chart).",
    },
    "trend_empty": {
        "vi": "Chưa có số liệu theo kỳ cho đơn vị này.",
        "en": "No figures over the periods for this unit yet.",
    },
    "trend_period": {"vi": "Kỳ (tháng)", "en": "Period (month)"},
    "trend_series": {"vi": "Phạm vi", "en": "Scope"},
    "trend_reported": {"vi": "Số đơn vị có số liệu", "en": "Units with data"},
    "trend_counts_note": {
        "vi": "Chỉ tiêu dạng số lượng: chỉ vẽ đơn vị đang xem (tổng của tỉnh lớn hơn nhiều, "
        "không so sánh trên cùng trục).",
        "en": "A count: only this unit is drawn (the province total is far larger and is not "
        "compared on the same axis).",
    },
    # Volunteer coverage (dashboard.map.volunteer_panel)
    "gaps_title": {"vi": "Vùng trắng đội hình tình nguyện", "en": "Volunteer gaps"},
    "gaps_province": {
        "vi": "{count} trên {total} xã, phường, đặc khu chưa có đội hình (kỳ {period}).",
        "en": {
            "one": "{count} of {total} communes has no team ({period}).",
            "other": "{count} of {total} communes have no team ({period}).",
        },
    },
    "gaps_none": {
        "vi": "Mọi xã, phường, đặc khu đều có ít nhất một đội hình (kỳ {period}).",
        "en": "Every commune has at least one team ({period}).",
    },
    "gaps_silent": {
        "vi": "Tỉnh chưa gửi số liệu đội hình kỳ {period}: không có số liệu (không phải 0).",
        "en": "The province sent no team data for {period}: no data (not zero).",
    },
    "gaps_country": {
        "vi": "{reported}/34 tỉnh, thành phố báo cáo kỳ {period}; {count} xã, phường,"
        " đặc khu chưa có đội hình.",
        "en": {
            "one": "{reported} of 34 provinces reported for {period}; {count} commune has no team.",
            "other": "{reported} of 34 provinces reported for {period}; {count} communes "
            "have no team.",
        },
    },
    "gaps_list": {"vi": "Các đơn vị chưa có đội hình", "en": "Communes without a team"},
    # Reported figures (dashboard.map.reported_layer, dashboard.map.reported_panel)
    "reported_toggle": {
        "vi": "Số liệu báo chí (có trích nguồn)",
        "en": "Press figures (cited)",
    },
    "reported_toggle_help": {
        "vi": "Thêm lớp điểm ở các tỉnh có số liệu được báo chí đưa tin (07–10/2025), mỗi số "
        "liệu kèm bài báo gốc. Không trộn vào số liệu của bản đồ màu.",
        "en": "Adds a marker at each province with figures reported in the press (Jul–Oct "
        "2025), each with its article. Never mixed into the choropleth values.",
    },
    "reported_title": {"vi": "Số liệu báo chí", "en": "Press figures"},
    "reported_layer_note": {
        "vi": "Vòng tròn đỏ: tỉnh có số liệu báo chí (bấm để xem trích nguồn). Đây là số liệu "
        "báo chí đưa tin, không phải số liệu của bản đồ màu.",
        "en": "Red circles: provinces with press figures (click for the citations). These are "
        "figures reported in the press, not the choropleth's data.",
    },
    "reported_tooltip": {
        "vi": "{name}: {count} số liệu báo chí",
        "en": {
            "one": "{name}: {count} press figure",
            "other": "{name}: {count} press figures",
        },
    },
    "reported_count": {
        "vi": "{count} số liệu được báo chí đưa tin (07–10/2025), trích nguyên nguồn;"
        " chất lượng không đồng đều, không phải số liệu thống kê chính thức.",
        "en": {
            "one": "{count} figure reported in the press (Jul–Oct 2025), quoted with its "
            "source; not an official statistic.",
            "other": "{count} figures reported in the press (Jul–Oct 2025), quoted with "
            "their sources; uneven quality, not official statistics.",
        },
    },
    "reported_none": {
        "vi": "Chưa có số liệu báo chí nào cho tỉnh này.",
        "en": "No press figures for this province.",
    },
    "reported_more": {
        "vi": "… và {n} số liệu khác (xem trong phần Số liệu báo chí của tỉnh).",
        "en": "… and {n} more (see the province's press figures).",
    },
    "reported_no_link": {"vi": "không có đường dẫn bài báo", "en": "no article link"},
    "reported_date_unknown": {"vi": "không rõ ngày", "en": "date unknown"},
    "reported_date_not_stated": {
        "vi": "bài không nêu thời điểm số liệu",
        "en": "the article gives no as-of date",
    },
    "reported_date_by": {"vi": "tính đến {date}", "en": "by {date}"},
    "reported_date_before": {"vi": "trước {date}", "en": "before {date}"},
    "reported_date_about": {"vi": "khoảng {date}", "en": "about {date}"},
    "reported_date_half1": {"vi": "6 tháng đầu năm {year}", "en": "the first half of {year}"},
    "reported_date_half2": {"vi": "6 tháng cuối năm {year}", "en": "the second half of {year}"},
    "reported_date_range": {"vi": "từ {start} đến {end}", "en": "from {start} to {end}"},
    "reported_date_plan": {"vi": "kế hoạch {period}", "en": "plan for {period}"},
    "reported_metric_other": {"vi": "Số liệu báo chí khác", "en": "Other press figure"},
    "reported_as_of": {"vi": "thời điểm {date}", "en": "as of {date}"},
    "reported_former": {"vi": "tỉnh cũ", "en": "former province"},
    "reported_place_unknown": {"vi": "không nêu địa phương", "en": "place not stated"},
    "reported_inferred": {"vi": "tỉnh suy ra từ bài", "en": "province inferred"},
    # Press metric keys (reported_figures_2025.csv): every key has a name in both languages
    # (a test checks it); a key added later without one reads "Số liệu báo chí khác".
    "rm_volunteer_teams": {"vi": "Số đội hình tình nguyện", "en": "Volunteer teams"},
    "rm_volunteers": {"vi": "Tình nguyện viên", "en": "Volunteers"},
    "rm_dossiers_supported_by_volunteers": {
        "vi": "Hồ sơ được tình nguyện viên hỗ trợ",
        "en": "Dossiers supported by volunteers",
    },
    "rm_people_supported_by_volunteers": {
        "vi": "Lượt người dân được hỗ trợ",
        "en": "People supported by volunteers",
    },
    "rm_communes_covered_by_volunteers": {
        "vi": "Xã, phường có đội hình",
        "en": "Communes covered by volunteers",
    },
    "rm_commune_units_after_merger": {
        "vi": "Đơn vị cấp xã sau sắp xếp",
        "en": "Commune-level units after the merger",
    },
    "rm_commune_units_before_merger": {
        "vi": "Đơn vị cấp xã trước sắp xếp",
        "en": "Commune-level units before the merger",
    },
    "rm_population": {"vi": "Dân số", "en": "Population"},
    "rm_area": {"vi": "Diện tích", "en": "Area"},
    "rm_dossiers_received": {"vi": "Hồ sơ tiếp nhận", "en": "Dossiers received"},
    "rm_communes_with_zero_dossiers": {
        "vi": "Xã, phường không phát sinh hồ sơ",
        "en": "Communes with zero dossiers",
    },
    "rm_team_members": {"vi": "Thành viên đội hình", "en": "Team members"},
    "rm_trainees": {"vi": "Người được tập huấn", "en": "Trainees"},
    "rm_admin_processes_configured": {
        "vi": "Quy trình hành chính đã cấu hình",
        "en": "Administrative workflows configured",
    },
    "rm_area_multiplier_vs_before": {
        "vi": "Diện tích so với trước sắp xếp (lần)",
        "en": "Area compared with before the merger (times)",
    },
    "rm_avg_dossiers_per_day": {"vi": "Hồ sơ bình quân mỗi ngày", "en": "Average dossiers per day"},
    "rm_birth_registration_at_hospital_age_limit": {
        "vi": "Độ tuổi trả kết quả khai sinh tại bệnh viện",
        "en": "Age limit for birth registration at hospital",
    },
    "rm_border_communes": {"vi": "Xã biên giới", "en": "Border communes"},
    "rm_city_level_volunteer_teams": {
        "vi": "Đội hình tình nguyện cấp thành phố",
        "en": "City-level volunteer teams",
    },
    "rm_communes_reporting": {
        "vi": "Xã, phường báo cáo trên hệ thống",
        "en": "Communes reporting on the system",
    },
    "rm_communes_supported_by_provincial_centre": {
        "vi": "Xã, phường được trung tâm tỉnh hỗ trợ",
        "en": "Communes supported by the provincial centre",
    },
    "rm_community_digital_team_members": {
        "vi": "Thành viên tổ công nghệ số cộng đồng",
        "en": "Community digital team members",
    },
    "rm_construction_permit_dossiers_processed": {
        "vi": "Hồ sơ cấp phép xây dựng đã xử lý",
        "en": "Construction permit dossiers processed",
    },
    "rm_construction_permit_dossiers_received": {
        "vi": "Hồ sơ cấp phép xây dựng tiếp nhận",
        "en": "Construction permit dossiers received",
    },
    "rm_contest_teams": {"vi": "Đội dự hội thi", "en": "Contest teams"},
    "rm_council_vote_for_vice_chair": {
        "vi": "Phiếu bầu Phó Chủ tịch",
        "en": "Council votes for the vice-chair",
    },
    "rm_deadline_full_electronic_processing": {
        "vi": "Thời hạn xử lý toàn trình điện tử",
        "en": "Deadline for fully electronic processing",
    },
    "rm_deadline_full_online_vehicle_registration_fee": {
        "vi": "Thời hạn khai lệ phí trước bạ toàn trình trực tuyến",
        "en": "Deadline for fully online vehicle registration fees",
    },
    "rm_distance_home_to_commune_centre": {
        "vi": "Khoảng cách từ nhà đến trung tâm xã",
        "en": "Distance from home to the commune centre",
    },
    "rm_dossiers_in_progress": {"vi": "Hồ sơ đang giải quyết", "en": "Dossiers in progress"},
    "rm_dossiers_per_year_avg": {
        "vi": "Hồ sơ bình quân mỗi năm",
        "en": "Average dossiers per year",
    },
    "rm_dossiers_received_first_day": {
        "vi": "Hồ sơ tiếp nhận ngày đầu",
        "en": "Dossiers received on the first day",
    },
    "rm_dossiers_resolved": {"vi": "Hồ sơ đã giải quyết", "en": "Dossiers resolved"},
    "rm_electronic_documents_processed": {
        "vi": "Văn bản điện tử đã xử lý",
        "en": "Electronic documents processed",
    },
    "rm_emulation_campaign_length": {
        "vi": "Thời gian đợt thi đua",
        "en": "Length of the emulation campaign",
    },
    "rm_ethnic_minority_share": {
        "vi": "Tỷ lệ đồng bào dân tộc thiểu số",
        "en": "Ethnic minority share",
    },
    "rm_exports": {"vi": "Kim ngạch xuất khẩu", "en": "Exports"},
    "rm_exports_growth_yoy": {
        "vi": "Tăng trưởng xuất khẩu so với cùng kỳ",
        "en": "Export growth year on year",
    },
    "rm_feedback_response_time": {"vi": "Thời gian xử lý phản ánh", "en": "Feedback response time"},
    "rm_focal_provinces": {"vi": "Tỉnh trọng tâm", "en": "Focal provinces"},
    "rm_full_online_services_integrated": {
        "vi": "Dịch vụ công trực tuyến toàn trình đã tích hợp",
        "en": "Fully online services integrated",
    },
    "rm_grdp_growth_yoy": {
        "vi": "Tăng trưởng GRDP so với cùng kỳ",
        "en": "GRDP growth year on year",
    },
    "rm_hamlets_with_community_digital_teams": {
        "vi": "Ấp, khu vực có tổ công nghệ số cộng đồng",
        "en": "Hamlets with community digital teams",
    },
    "rm_handbooks_distributed": {"vi": "Sổ tay hướng dẫn đã phát", "en": "Handbooks distributed"},
    "rm_households": {"vi": "Hộ dân", "en": "Households"},
    "rm_imports": {"vi": "Kim ngạch nhập khẩu", "en": "Imports"},
    "rm_imports_growth_yoy": {
        "vi": "Tăng trưởng nhập khẩu so với cùng kỳ",
        "en": "Import growth year on year",
    },
    "rm_industrial_production_index_growth_yoy": {
        "vi": "Tăng trưởng chỉ số sản xuất công nghiệp (IIP)",
        "en": "Industrial production index growth year on year",
    },
    "rm_internal_procedures_in_scope": {
        "vi": "Thủ tục hành chính nội bộ thuộc phạm vi",
        "en": "Internal procedures in scope",
    },
    "rm_new_household_business_registrations": {
        "vi": "Hộ kinh doanh đăng ký mới",
        "en": "New household business registrations",
    },
    "rm_non_territorial_service_start_date": {
        "vi": "Ngày bắt đầu phục vụ phi địa giới",
        "en": "Start of service regardless of residence",
    },
    "rm_officials_trained_digital": {
        "vi": "Cán bộ được tập huấn chuyển đổi số",
        "en": "Officials trained in digital skills",
    },
    "rm_on_time_or_early_rate": {
        "vi": "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn",
        "en": "Share of dossiers resolved early or on time",
    },
    "rm_on_time_rate": {
        "vi": "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "en": "Share of dossiers resolved on time",
    },
    "rm_online_public_services": {"vi": "Dịch vụ công trực tuyến", "en": "Online public services"},
    "rm_online_resolution_rate": {
        "vi": "Tỷ lệ hồ sơ giải quyết trực tuyến",
        "en": "Share of dossiers resolved online",
    },
    "rm_online_resolution_rate_target": {
        "vi": "Chỉ tiêu tỷ lệ hồ sơ giải quyết trực tuyến",
        "en": "Target share of dossiers resolved online",
    },
    "rm_online_submission_share_city_level": {
        "vi": "Tỷ lệ hồ sơ cấp thành phố tiếp nhận trực tuyến",
        "en": "Share of city-level dossiers received online",
    },
    "rm_par_index_excellent_years": {
        "vi": "Số năm liền xếp loại xuất sắc (chỉ số CCHC)",
        "en": "Years in a row rated excellent (PAR index)",
    },
    "rm_plan_content_groups": {
        "vi": "Nhóm nội dung chính của kế hoạch",
        "en": "Main content groups of the plan",
    },
    "rm_planning_info_dossiers_provided": {
        "vi": "Hồ sơ thông tin quy hoạch đã cung cấp",
        "en": "Planning information dossiers provided",
    },
    "rm_procedures_resolved_online": {
        "vi": "Thủ tục giải quyết trực tuyến",
        "en": "Procedures resolved online",
    },
    "rm_processing_time_birth_registration": {
        "vi": "Thời gian làm giấy khai sinh",
        "en": "Time to register a birth",
    },
    "rm_project_progress": {"vi": "Tiến độ dự án", "en": "Project progress"},
    "rm_projects_site_clearance_to_accelerate": {
        "vi": "Dự án cần đẩy nhanh giải phóng mặt bằng",
        "en": "Projects whose site clearance is to be sped up",
    },
    "rm_provinces_after_merger": {
        "vi": "Tỉnh, thành phố sau sắp xếp",
        "en": "Provinces after the merger",
    },
    "rm_provinces_merged": {"vi": "Tỉnh hợp nhất", "en": "Provinces merged"},
    "rm_provinces_supported_by_campaign": {
        "vi": "Tỉnh, thành được chiến dịch hỗ trợ",
        "en": "Provinces supported by the campaign",
    },
    "rm_results_delivered_at_home": {
        "vi": "Hồ sơ trả kết quả tại nhà",
        "en": "Results delivered at home",
    },
    "rm_retail_and_consumer_services_growth_yoy": {
        "vi": "Tăng trưởng bán lẻ và dịch vụ tiêu dùng so với cùng kỳ",
        "en": "Retail and consumer services growth year on year",
    },
    "rm_retail_and_consumer_services_revenue": {
        "vi": "Tổng mức bán lẻ và doanh thu dịch vụ tiêu dùng",
        "en": "Retail and consumer services revenue",
    },
    "rm_rule_no_online_service_if_dossiers_per_year_below": {
        "vi": "Ngưỡng hồ sơ mỗi năm để xây dựng dịch vụ công trực tuyến",
        "en": "Dossiers per year below which no online service is built",
    },
    "rm_rule_no_online_service_if_zero_dossiers_years": {
        "vi": "Số năm không phát sinh hồ sơ thì không xây dựng dịch vụ trực tuyến",
        "en": "Years without dossiers after which no online service is built",
    },
    "rm_rural_communes_after_merger": {
        "vi": "Xã sau sắp xếp",
        "en": "Rural communes after the merger",
    },
    "rm_service_centre_sites": {
        "vi": "Cơ sở của trung tâm phục vụ hành chính công",
        "en": "Service centre sites",
    },
    "rm_service_counters": {"vi": "Quầy giao dịch", "en": "Service counters"},
    "rm_service_fields": {"vi": "Lĩnh vực phục vụ", "en": "Service fields"},
    "rm_share_agencies_iso": {
        "vi": "Tỷ lệ cơ quan hành chính áp dụng ISO",
        "en": "Share of agencies applying ISO",
    },
    "rm_share_communes_with_digital_steering_committee": {
        "vi": "Tỷ lệ xã, phường có Ban Chỉ đạo chuyển đổi số",
        "en": "Share of communes with a digital steering committee",
    },
    "rm_share_communes_with_satisfaction_rating_system": {
        "vi": "Tỷ lệ xã, phường có hệ thống đánh giá hài lòng",
        "en": "Share of communes with a satisfaction rating system",
    },
    "rm_share_documents_electronic": {
        "vi": "Tỷ lệ văn bản trao đổi dạng điện tử",
        "en": "Share of documents exchanged electronically",
    },
    "rm_sme_digital_consulting_support_max": {
        "vi": "Mức hỗ trợ tối đa tư vấn chuyển đổi số",
        "en": "Maximum support for digital consulting",
    },
    "rm_software_stabilised_date": {
        "vi": "Ngày phần mềm ổn định",
        "en": "Date the software stabilised",
    },
    "rm_source_units_merged": {"vi": "Đơn vị cũ hợp thành", "en": "Former units merged"},
    "rm_special_zones_after_merger": {
        "vi": "Đặc khu sau sắp xếp",
        "en": "Special zones after the merger",
    },
    "rm_state_budget_revenue": {"vi": "Thu ngân sách Nhà nước", "en": "State budget revenue"},
    "rm_street_vending_violations_handled": {
        "vi": "Vi phạm buôn bán hàng rong đã xử lý",
        "en": "Street vending violations handled",
    },
    "rm_target_business_procedures_online": {
        "vi": "Chỉ tiêu thủ tục doanh nghiệp thực hiện trực tuyến",
        "en": "Target share of business procedures online",
    },
    "rm_target_electronic_results": {
        "vi": "Chỉ tiêu kết quả điện tử",
        "en": "Target share of electronic results",
    },
    "rm_target_internal_procedures_electronic_workflow": {
        "vi": "Chỉ tiêu thủ tục nội bộ có quy trình điện tử",
        "en": "Target share of internal procedures with an electronic workflow",
    },
    "rm_target_internal_procedures_published_national_db": {
        "vi": "Chỉ tiêu thủ tục nội bộ công khai trên cơ sở dữ liệu quốc gia",
        "en": "Target share of internal procedures in the national database",
    },
    "rm_target_internal_procedures_simplified": {
        "vi": "Chỉ tiêu thủ tục nội bộ được đơn giản hóa",
        "en": "Target share of internal procedures simplified",
    },
    "rm_target_online_public_services": {
        "vi": "Chỉ tiêu dịch vụ công trực tuyến",
        "en": "Target number of online public services",
    },
    "rm_target_open_data_platform_period": {
        "vi": "Giai đoạn triển khai nền tảng dữ liệu mở",
        "en": "Period for the open data platform",
    },
    "rm_target_planning_data_gis_public": {
        "vi": "Chỉ tiêu dữ liệu quy hoạch GIS công khai",
        "en": "Target share of planning data in public GIS",
    },
    "rm_target_planning_dossiers_digitised_gis": {
        "vi": "Chỉ tiêu hồ sơ quy hoạch số hóa trên GIS",
        "en": "Target share of planning dossiers digitised in GIS",
    },
    "rm_target_procedure_groups_full_online": {
        "vi": "Chỉ tiêu nhóm thủ tục trực tuyến toàn trình",
        "en": "Target procedure groups fully online",
    },
    "rm_target_time_reduction_green_lane": {
        "vi": "Chỉ tiêu cắt giảm thời gian (Làn xanh)",
        "en": "Target time reduction (green lane)",
    },
    "rm_training_classes": {"vi": "Lớp tập huấn", "en": "Training classes"},
    "rm_two_tier_government_start_date": {
        "vi": "Ngày bắt đầu chính quyền hai cấp",
        "en": "Start of two-tier local government",
    },
    "rm_villages": {"vi": "Thôn", "en": "Villages"},
    "rm_villages_covered_by_training": {
        "vi": "Thôn được tập huấn",
        "en": "Villages covered by training",
    },
    "rm_volunteer_participations": {
        "vi": "Lượt đoàn viên, thanh niên tham gia",
        "en": "Volunteer participations",
    },
    "rm_volunteer_teams_at_launch": {
        "vi": "Đội hình tình nguyện tại lễ ra quân",
        "en": "Volunteer teams at the launch",
    },
    "rm_volunteer_teams_total": {
        "vi": "Tổng số đội hình tình nguyện",
        "en": "Volunteer teams in all",
    },
    "rm_volunteers_at_launch": {
        "vi": "Tình nguyện viên tại lễ ra quân",
        "en": "Volunteers at the launch",
    },
    "rm_wards_after_merger": {"vi": "Phường sau sắp xếp", "en": "Wards after the merger"},
    "rm_years_implementing_de_an_06": {
        "vi": "Số năm thực hiện Đề án 06",
        "en": "Years implementing Project 06",
    },
    "qualifier_>": {"vi": "hơn", "en": "more than"},
    "qualifier_>=": {"vi": "ít nhất", "en": "at least"},
    "qualifier_~": {"vi": "khoảng", "en": "about"},
    "qualifier_<": {"vi": "dưới", "en": "less than"},
    "qualifier_<=": {"vi": "tối đa", "en": "at most"},
    # First run
    "store_unreachable": {
        "vi": "Tạm thời không kết nối được cơ sở dữ liệu số liệu (máy chủ cơ sở dữ liệu có thể "
        "đang khởi động lại). Không có dữ liệu nào bị mất; trang hoạt động lại ngay khi cơ sở "
        "dữ liệu trở lại.",
        "en": "The metrics database cannot be reached right now (its server may be restarting). "
        "No data is lost; the page works again as soon as the database is back.",
    },
    "store_retry": {"vi": "Thử lại", "en": "Try again"},
    "first_run_title": {
        "vi": "Chưa có dữ liệu ranh giới",
        "en": "No boundary data yet",
    },
    "first_run_body": {
        "vi": "Ứng dụng cần dữ liệu ranh giới đơn vị hành chính để vẽ bản đồ. "
        "Chưa tìm thấy thư mục dữ liệu nào. Chạy lệnh sau trong thư mục dự án "
        "(cần Internet một lần), rồi tải lại trang:",
        "en": "The app needs the administrative boundary data to draw maps. No data folder "
        "was found. Run this command in the project folder (needs internet once), then "
        "reload the page:",
    },
    "first_run_details": {"vi": "Chi tiết", "en": "Details"},
    # About page
    "about_title": {"vi": "Nguồn dữ liệu và ghi chú", "en": "Data sources and notes"},
    "about_intro": {
        "vi": "Nguồn, giấy phép và thời điểm của mọi lớp bản đồ và số liệu trong ứng dụng, cùng "
        "các lỗi đã biết của dữ liệu.",
        "en": "Source, licence and vintage of every map layer and figure in the app, with the "
        "known defects of the data.",
    },
    "about_sources": {"vi": "Nguồn dữ liệu", "en": "Data sources"},
    "about_caveats": {"vi": "Lưu ý", "en": "Caveats"},
    "vintage": {"vi": "Thời điểm dữ liệu", "en": "Vintage"},
    "known_defects": {"vi": "Lỗi đã biết", "en": "Known defects"},
    "about_no_build": {"vi": "Chưa có bản dựng dữ liệu.", "en": "No data build yet."},
    "about_build_commit": {"vi": "Commit nguồn", "en": "Upstream commit"},
    "about_build_commit_differs": {
        "vi": "Bản dựng này dùng commit nguồn {built}, khác với commit {listed} ghi ở trên.",
        "en": "This build uses upstream commit {built}, not commit {listed} listed above.",
    },
    "about_build_counts": {
        "vi": "{communes} xã, phường, đặc khu; {provinces} tỉnh, thành phố",
        "en": "{communes} communes; {provinces} provinces",
    },
    "about_build_units": {"vi": "Số đơn vị", "en": "Units"},
    "about_build_tools": {"vi": "Công cụ", "en": "Tools"},
    "about_press_count": {
        "vi": "Tệp hiện có {n} số liệu, dẫn từ {articles} bài báo có đường dẫn; {unlinked} số "
        "liệu không có đường dẫn bài báo. Tên bài, câu trích và số liệu có trong bảng số liệu "
        "báo chí của trang bản đồ.",
        "en": "The file holds {n} figures, quoted from {articles} linked articles; {unlinked} "
        "figures have no article link. Titles, quotes and figures are in the press figures "
        "panel of the map page.",
    },
    "about_press_missing": {
        "vi": "Tệp số liệu báo chí không có trên máy này.",
        "en": "The press figures file is not on this machine.",
    },
    "about_press_articles": {"vi": "Các bài báo được trích ({n})", "en": "Articles cited ({n})"},
    "about_metrics": {"vi": "Các chỉ tiêu", "en": "Metrics"},
    "about_build": {"vi": "Bản dựng dữ liệu", "en": "Data build"},
    "about_offline": {
        "vi": "Bản đồ chạy hoàn toàn không cần Internet: Leaflet được phục vụ từ máy chủ "
        "của ứng dụng, không dùng bản đồ nền trực tuyến trừ khi người dùng bật.",
        "en": "The map works fully offline: Leaflet is served by the app itself and no "
        "online basemap is used unless the user turns one on.",
    },
    "about_dossiers": {
        "vi": "Hồ sơ được tính tại trung tâm tiếp nhận, không theo nơi cư trú của người dân "
        "(phi địa giới): bản đồ hồ sơ theo đầu người có thể gây hiểu sai.",
        "en": "Dossiers are counted at the receiving centre, not where the resident lives "
        "(cross-boundary service): per-capita dossier maps can mislead.",
    },
    "built_at": {"vi": "Dựng lúc", "en": "Built at"},
    "licence": {"vi": "Giấy phép", "en": "Licence"},
    "label": {"vi": "Tên", "en": "Name"},
    "unit": {"vi": "Đơn vị tính", "en": "Unit"},
    "kind": {"vi": "Loại", "en": "Kind"},
    # Search suggestions while typing ({q} the query, {n} a count)
    "search_suggest_none": {
        "vi": "Không có tỉnh, xã, phường nào khớp “{q}”.",
        "en": "No province or commune matches “{q}”.",
    },
    "search_suggest_hint": {
        "vi": "↑ ↓ để chọn · Enter để mở · Esc để đóng",
        "en": "↑ ↓ to choose · Enter to open · Esc to close",
    },
    "search_suggest_more": {
        "vi": "Tìm “{q}” cả trong tên cũ (trước 1/7/2025) và tên gần giống",
        "en": "Search “{q}” in former names (before 1 July 2025) and similar names too",
    },
    "search_suggest_count": {"vi": "Số gợi ý: {n}", "en": "Suggestions: {n}"},
    "search_results_for": {
        "vi": "Kết quả cho “{q}”, kể cả tên cũ:",
        "en": "Results for “{q}”, former names included:",
    },
    "search_results_close": {"vi": "Đóng", "en": "Close"},
    # The commune panel
    "old_district_province": {"vi": "Huyện, tỉnh cũ", "en": "Old district, province"},
    "how_merged": {"vi": "Cách nhập", "en": "How"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "rank_note": {
        "vi": "Hạng: thứ tự của xã, phường trong các xã, phường của tỉnh có số liệu, cao nhất "
        "là 1 (56/56: thấp nhất trong 56).",
        "en": "Rank: the commune's place among the province's communes with data, highest "
        "first (56/56: the lowest of 56).",
    },
    "panel_group_units": {"vi": "Đơn vị hành chính", "en": "Administrative unit"},
    "panel_group_services": {"vi": "Dịch vụ công", "en": "Public services"},
    "panel_group_volunteers": {"vi": "Đội hình tình nguyện", "en": "Volunteer teams"},
    "panel_group_other": {"vi": "Chỉ tiêu khác", "en": "Other metrics"},
    "panel_group_more": {
        "vi": "{group} ({count} chỉ tiêu)",
        "en": {"one": "{group} ({count} metric)", "other": "{group} ({count} metrics)"},
    },
    "panel_sources": {"vi": "Nguồn số liệu ({n}), cách xếp hạng", "en": "Sources ({n}), ranks"},
    "panel_sample_groups": {
        "vi": "Dữ liệu sinh ngẫu nhiên, không phải số liệu thật: {groups}.",
        "en": "Randomly generated, not real figures: {groups}.",
    },
    # The full table of the units in view
    "unit_table_province": {
        "vi": "Bảng đầy đủ: {count} tỉnh, thành phố",
        "en": {"one": "Full table: {count} province", "other": "Full table: {count} provinces"},
    },
    "unit_table_commune": {
        "vi": "Bảng đầy đủ: {count} xã, phường, đặc khu",
        "en": {"one": "Full table: {count} commune", "other": "Full table: {count} communes"},
    },
    "unit_table_sort": {"vi": "bấm tiêu đề cột để sắp xếp", "en": "click a column header to sort"},
    "col_with_data": {"vi": "Số xã, phường có số liệu", "en": "Communes with data"},
    "col_n_units": {"vi": "Số xã, phường", "en": "Communes"},
    "col_population_unverified": {
        "vi": "Dân số (chưa kiểm chứng)",
        "en": "Population (unverified)",
    },
    "col_units_with_team": {"vi": "Số xã, phường có đội hình", "en": "Communes with a team"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "download_xlsx": {"vi": "Tải XLSX", "en": "Download XLSX"},
    "xlsx_sheet_data": {"vi": "Số liệu", "en": "Data"},
    "xlsx_sheet_about": {"vi": "Ghi chú", "en": "About"},
    "xlsx_area": {"vi": "Phạm vi", "en": "Area"},
    "xlsx_made_at": {"vi": "Tạo lúc", "en": "Made at"},
}
