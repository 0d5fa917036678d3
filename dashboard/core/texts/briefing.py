"""Texts of the province briefing pack (the PDF and its button on the map page), vi and en."""

from __future__ import annotations

TEXTS: dict[str, dict[str, object]] = {
    # The button on the province view (dashboard.map.briefing_button)
    "briefing.button": {
        "vi": "Tải gói báo cáo tóm tắt (PDF)",
        "en": "Download briefing pack (PDF)",
    },
    "briefing.button_help": {
        "vi": "Một tệp PDF khổ A4 nhiều trang của {province}, kỳ {period}: bản đồ bìa, số liệu "
        "chính so với cả nước, danh sách cảnh báo, xu hướng, vùng trắng tình nguyện và số liệu "
        "báo chí có trích nguồn.",
        "en": "A multi-page A4 PDF of {province} for {period}: cover map, key figures against "
        "the country, the watchlist, trends, volunteer gaps and cited press figures.",
    },
    "briefing.busy": {
        "vi": "Đang lập gói báo cáo tóm tắt…",
        "en": "Making the briefing pack…",
    },
    "briefing.save": {"vi": "Lưu tệp {name}", "en": "Save {name}"},
    "briefing.failed": {
        "vi": "Không lập được gói báo cáo: {reason}",
        "en": "The briefing pack could not be made: {reason}",
    },
    # The PDF
    "briefing.title": {"vi": "Báo cáo tóm tắt", "en": "Briefing pack"},
    "briefing.made_on": {"vi": "Lập ngày {date}", "en": "Made on {date}"},
    "briefing.page": {"vi": "Trang {n}/{count}", "en": "Page {n} of {count}"},
    "briefing.at_a_glance": {"vi": "Tóm tắt {period}", "en": "At a glance, {period}"},
    "briefing.glance_flagged": {
        "vi": "Xã, phường có cảnh báo",
        "en": "Communes flagged",
    },
    "briefing.glance_flags": {"vi": "Cảnh báo đang có", "en": "Flags held"},
    "briefing.section.figures": {
        "vi": "Số liệu chính: tỉnh so với cả nước",
        "en": "Key figures: the province against the country",
    },
    "briefing.figures_note": {
        "vi": "Tỷ lệ tính lại từ số hồ sơ cộng dồn của các xã, phường (không lấy trung bình các "
        "tỷ lệ); điểm 766 bình quân theo số hồ sơ tiếp nhận. Cột ghi chú nêu số xã, phường có số "
        "liệu khi chưa đủ.",
        "en": "Rates are recomputed from the communes' summed dossiers (never averaged); the 766 "
        "score is weighted by dossiers received. The notes say how many communes have data when "
        "not all do.",
    },
    "briefing.col.metric": {"vi": "Chỉ số", "en": "Metric"},
    "briefing.col.province_now": {"vi": "Tỉnh, kỳ này", "en": "Province, this month"},
    "briefing.col.province_before": {"vi": "Tỉnh, kỳ trước", "en": "Province, month before"},
    "briefing.col.country": {"vi": "Cả nước", "en": "Country"},
    "briefing.col.versus": {"vi": "So với cả nước", "en": "Against the country"},
    "briefing.col.notes": {"vi": "Ghi chú", "en": "Notes"},
    "briefing.points": {"vi": "{value} điểm %", "en": "{value} points"},
    "briefing.score_points": {"vi": "{value} điểm", "en": "{value} points"},
    "briefing.share_of_country": {"vi": "{value} cả nước", "en": "{value} of the country"},
    "briefing.country_coverage": {"vi": "Cả nước: {coverage}", "en": "Country: {coverage}"},
    "briefing.province_coverage": {"vi": "Tỉnh: {coverage}", "en": "Province: {coverage}"},
    "briefing.no_team_data": {
        "vi": "Tỉnh chưa gửi số liệu đội hình kỳ này (không phải 0)",
        "en": "No team data from the province this month (not zero)",
    },
    "briefing.section.watch": {"vi": "Danh sách cảnh báo", "en": "Watchlist"},
    "briefing.watch_summary": {
        "vi": "{flagged}/{count} xã, phường có ít nhất một cảnh báo trong {period}; {held} cảnh "
        "báo đang có, {resolved} cảnh báo đã hết so với kỳ trước.",
        "en": "{flagged} of {count} communes have at least one flag in {period}; {held} flags "
        "held, {resolved} resolved since the month before.",
    },
    "briefing.watch_none": {
        "vi": "Không xã, phường nào bị cảnh báo trong {period}.",
        "en": "No commune is flagged in {period}.",
    },
    "briefing.col.rule": {"vi": "Cảnh báo", "en": "Flag"},
    "briefing.col.threshold": {"vi": "Ngưỡng đang áp dụng", "en": "Setting in force"},
    "briefing.col.new": {"vi": "Mới", "en": "New"},
    "briefing.col.persisting": {"vi": "Kéo dài", "en": "Persisting"},
    "briefing.col.held": {"vi": "Đang có", "en": "Held"},
    "briefing.col.resolved": {"vi": "Đã hết", "en": "Resolved"},
    "briefing.col.commune": {"vi": "Xã, phường", "en": "Commune"},
    "briefing.col.reason": {"vi": "Lý do (số liệu và ngưỡng)", "en": "Reason (figures, threshold)"},
    "briefing.col.status": {"vi": "Trạng thái", "en": "Status"},
    "briefing.col.streak": {"vi": "Số tháng liên tiếp", "en": "Months in a row"},
    "briefing.col.since": {"vi": "Từ kỳ", "en": "Since"},
    "briefing.threshold.on_time_low": {"vi": "dưới {value} %", "en": "below {value}%"},
    "briefing.threshold.on_time_drop": {
        "vi": "giảm từ {value} điểm %",
        "en": "a fall of {value} points or more",
    },
    "briefing.threshold.online_low": {"vi": "dưới {value} %", "en": "below {value}%"},
    "briefing.threshold.overdue": {"vi": "từ {value} hồ sơ quá hạn", "en": "{value} late or more"},
    "briefing.threshold.score_low": {"vi": "dưới {value} điểm", "en": "below {value} points"},
    "briefing.threshold.none": {"vi": "—", "en": "—"},
    "briefing.watch_held": {
        "vi": "Cảnh báo đang có trong {period}",
        "en": "Flags held in {period}",
    },
    "briefing.watch_resolved": {
        "vi": "Cảnh báo đã hết (có ở {previous}, không còn ở {period})",
        "en": "Flags resolved (held in {previous}, not in {period})",
    },
    "briefing.watch_resolved_note": {
        "vi": "Số tháng liên tiếp của cảnh báo đã hết tính đến kỳ trước.",
        "en": "For a resolved flag, the months in a row count up to the month before.",
    },
    "briefing.section.trends": {
        "vi": "Xu hướng theo tháng: tỉnh và cả nước",
        "en": "Monthly trends: the province and the country",
    },
    "briefing.trends_note": {
        "vi": "Đường liền: {province}; đường đứt: cả nước. Điểm rỗng: tháng chưa đủ xã, phường "
        "của tỉnh có số liệu.",
        "en": "Solid line: {province}; dashed line: the country. Hollow points: months in which "
        "not every commune of the province has data.",
    },
    "briefing.chart.reporting": {
        "vi": "Xã, phường có báo cáo",
        "en": "Communes that reported",
    },
    "briefing.chart.province_only": {"vi": "{label}, của tỉnh", "en": "{label}, province"},
    "briefing.chart.no_data": {"vi": "Không có số liệu", "en": "No data"},
    "briefing.legend.country": {"vi": "Cả nước", "en": "Country"},
    "briefing.section.gaps": {
        "vi": "Vùng trắng đội hình tình nguyện",
        "en": "Volunteer gaps",
    },
    "briefing.gaps_list": {
        "vi": "{count} xã, phường, đặc khu chưa có đội hình trong {period} (tỉnh có báo cáo "
        "{teams} đội hình; độ phủ {coverage}):",
        "en": {
            "one": "{count} commune has no team in {period} (the province reported {teams} "
            "teams; coverage {coverage}):",
            "other": "{count} communes have no team in {period} (the province reported {teams} "
            "teams; coverage {coverage}):",
        },
    },
    "briefing.gaps_none": {
        "vi": "Mọi xã, phường, đặc khu đều có ít nhất một đội hình trong {period}.",
        "en": "Every commune has at least one team in {period}.",
    },
    "briefing.gaps_silent": {
        "vi": "Tỉnh chưa gửi số liệu đội hình tình nguyện cho {period}: không có số liệu (không "
        "phải 0 đội hình), nên không xác định được vùng trắng.",
        "en": "The province sent no volunteer team data for {period}: no data (not zero "
        "teams), so its gaps are unknown.",
    },
    "briefing.col.code": {"vi": "Mã", "en": "Code"},
    "briefing.col.unit_type": {"vi": "Loại", "en": "Type"},
    "briefing.section.press": {
        "vi": "Số liệu báo chí (có trích nguồn)",
        "en": "Press figures (cited)",
    },
    "briefing.press_note": {
        "vi": "Đây là số liệu báo chí đưa tin (07–10/2025), trích nguyên nguồn; chất lượng không "
        "đồng đều, không phải số liệu thống kê chính thức và không trộn với số liệu ở các trang "
        "trước.",
        "en": "These are figures reported in the press (Jul–Oct 2025), quoted as published; "
        "of uneven quality, not official statistics, and never mixed with the figures of the "
        "pages before.",
    },
    "briefing.press_none": {
        "vi": "Chưa có số liệu báo chí nào cho tỉnh này.",
        "en": "No press figures for this province.",
    },
    "briefing.press_where": {"vi": "{place}, {when}", "en": "{place}, {when}"},
    "briefing.press_quote": {"vi": "Trích: “{quote}”", "en": "Quote (Vietnamese): “{quote}”"},
    "briefing.press_source": {"vi": "Nguồn: {title} ({date})", "en": "Source: {title} ({date})"},
    "briefing.press_no_link": {
        "vi": "(không có đường dẫn bài báo)",
        "en": "(no article link)",
    },
}
