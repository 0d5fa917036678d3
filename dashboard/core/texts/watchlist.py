"""Texts of the watchlist page, its rules form and the commune panel's flags section (vi, en).

Rule names, reasons, statuses, column headers and setting labels are the data layer's
("watch." keys of :mod:`loaders.messages`): the page, the command line and the files share
them. These are the page's own words."""

from __future__ import annotations

TEXTS: dict[str, dict[str, object]] = {
    "page_watchlist": {"vi": "Theo dõi", "en": "Watchlist"},
    "watchlist.title": {
        "vi": "Danh sách theo dõi xã, phường",
        "en": "Watchlist of communes",
    },
    "watchlist.intro": {
        "vi": "Xã, phường bị các quy tắc theo dõi cảnh báo trong kỳ: lý do kèm số liệu và "
        "ngưỡng, số tháng liên tiếp, cảnh báo mới, kéo dài hay đã hết so với kỳ trước.",
        "en": "Communes the watch rules flag in the month: why, with the numbers and the "
        "threshold, how many months in a row, and whether each flag is new, persisting or "
        "resolved since the month before.",
    },
    "watchlist.scope": {"vi": "Phạm vi", "en": "Scope"},
    "watchlist.period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "watchlist.country": {
        "vi": "Cả nước (34 tỉnh, thành phố)",
        "en": "Whole country (34 provinces)",
    },
    "watchlist.sample": {
        "vi": "Danh sách được tính từ dữ liệu mẫu sinh ngẫu nhiên, không phải số liệu thật.",
        "en": "This watchlist is computed from randomly generated sample data, not real figures.",
    },
    "watchlist.mixed": {
        "vi": "Một phần số liệu là dữ liệu mẫu sinh ngẫu nhiên: danh sách chưa phải số liệu "
        "thật hoàn toàn.",
        "en": "Part of the data is randomly generated sample data: this watchlist is not "
        "wholly real figures.",
    },
    "watchlist.headline": {
        "vi": "{scope}, {period}: **{flagged}** / {units} xã, phường có cảnh báo "
        "({flags} cảnh báo; so với {previous}).",
        "en": "{scope}, {period}: **{flagged}** of {units} communes flagged ({flags} flags; "
        "compared with {previous}).",
    },
    "watchlist.headline_first": {
        "vi": "{scope}, {period}: **{flagged}** / {units} xã, phường có cảnh báo "
        "({flags} cảnh báo; kỳ đầu tiên có số liệu, mọi cảnh báo đều mới).",
        "en": "{scope}, {period}: **{flagged}** of {units} communes flagged ({flags} flags; "
        "first month with data, so every flag is new).",
    },
    "watchlist.by_rule": {"vi": "Theo quy tắc", "en": "By rule"},
    "watchlist.col_rule": {"vi": "Quy tắc", "en": "Rule"},
    "watchlist.col_held": {"vi": "Đang cảnh báo", "en": "Flagged"},
    "watchlist.col_new": {"vi": "Mới", "en": "New"},
    "watchlist.col_persisting": {"vi": "Kéo dài", "en": "Persisting"},
    "watchlist.col_resolved": {"vi": "Đã hết", "en": "Resolved"},
    "watchlist.col_threshold": {"vi": "Ngưỡng", "en": "Threshold"},
    "watchlist.by_province": {"vi": "Theo tỉnh, thành phố", "en": "By province"},
    "watchlist.by_province_hint": {
        "vi": "Chọn một dòng để xem tỉnh, thành phố đó.",
        "en": "Select a row to open that province.",
    },
    "watchlist.col_code": {"vi": "Mã", "en": "Code"},
    "watchlist.col_province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "watchlist.col_flagged": {"vi": "Xã, phường có cảnh báo", "en": "Communes flagged"},
    "watchlist.col_units": {"vi": "Số xã, phường", "en": "Communes"},
    "watchlist.col_share": {"vi": "Tỷ lệ (%)", "en": "Share (%)"},
    "watchlist.col_flags": {"vi": "Số cảnh báo", "en": "Flags"},
    "watchlist.flags": {"vi": "Các cảnh báo", "en": "The flags"},
    "watchlist.filter_rule": {"vi": "Lọc theo quy tắc", "en": "Filter by rule"},
    "watchlist.filter_status": {"vi": "Lọc theo trạng thái", "en": "Filter by status"},
    "watchlist.filter_all": {"vi": "Tất cả", "en": "All"},
    "watchlist.shown": {
        "vi": "{n} / {total} dòng · bấm tiêu đề cột để sắp xếp, chọn một dòng để xem lịch sử "
        "cảnh báo của xã, phường.",
        "en": "{n} of {total} rows · click a column header to sort, select a row to see the "
        "commune's flag history.",
    },
    "watchlist.none": {
        "vi": "Không có cảnh báo nào trong phạm vi và kỳ này.",
        "en": "No flag in this scope and month.",
    },
    "watchlist.none_filtered": {
        "vi": "Không có cảnh báo nào khớp bộ lọc.",
        "en": "No flag matches the filters.",
    },
    "watchlist.download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "watchlist.download_xlsx": {"vi": "Tải XLSX", "en": "Download XLSX"},
    "watchlist.download_note": {
        "vi": "Tệp tải về gồm mọi cảnh báo của phạm vi và kỳ (không theo bộ lọc).",
        "en": "The files hold every flag of the scope and month (filters not applied).",
    },
    "watchlist.commune_title": {"vi": "Lịch sử cảnh báo: {name}", "en": "Flag history: {name}"},
    "watchlist.open_on_map": {"vi": "Xem trên bản đồ", "en": "Open on the map"},
    "watchlist.file_name": {"vi": "danh-sach-theo-doi", "en": "watchlist"},
    # The rules
    "watchlist.rules": {"vi": "Quy tắc theo dõi", "en": "Watch rules"},
    "watchlist.rules_intro": {
        "vi": "Tám quy tắc xét từng xã, phường mỗi tháng; năm quy tắc có ngưỡng do quản trị "
        "viên đặt (lưu cùng người sửa và thời điểm).",
        "en": "Eight rules checked for each commune every month; five have a threshold an "
        "admin sets (stored with who changed it and when).",
    },
    "watchlist.col_setting": {"vi": "Thiết lập", "en": "Setting"},
    "watchlist.col_value": {"vi": "Đang áp dụng", "en": "In force"},
    "watchlist.col_default": {"vi": "Mặc định", "en": "Default"},
    "watchlist.col_changed_by": {"vi": "Người sửa", "en": "Changed by"},
    "watchlist.col_changed_at": {"vi": "Thời điểm", "en": "When"},
    "watchlist.never_changed": {"vi": "chưa sửa", "en": "never changed"},
    "watchlist.rules_no_threshold": {
        "vi": "Không có ngưỡng: {rules}.",
        "en": "Without a threshold: {rules}.",
    },
    "watchlist.rules_read_only": {
        "vi": "Chỉ quản trị viên sửa được các ngưỡng.",
        "en": "Only an admin can change the thresholds.",
    },
    "watchlist.rules_form": {"vi": "Sửa ngưỡng", "en": "Change thresholds"},
    "watchlist.rules_save": {"vi": "Lưu quy tắc", "en": "Save the rules"},
    "watchlist.rules_saved": {
        "vi": "Đã lưu {count} thay đổi; danh sách được tính lại theo quy tắc mới.",
        "en": {
            "one": "{count} change saved; the watchlist is recomputed under the new rules.",
            "other": "{count} changes saved; the watchlist is recomputed under the new rules.",
        },
    },
    "watchlist.rules_unchanged": {
        "vi": "Không có thay đổi nào: các giá trị bằng quy tắc đang áp dụng.",
        "en": "Nothing changed: the values equal the rules in force.",
    },
    "watchlist.rules_refused": {"vi": "Không lưu: {reason}", "en": "Not saved: {reason}"},
    "watchlist.change_log": {"vi": "Nhật ký thay đổi quy tắc", "en": "Rule change log"},
    "watchlist.change_log_empty": {
        "vi": "Chưa có thay đổi nào: mọi ngưỡng đang ở mặc định.",
        "en": "No change yet: every threshold is at its default.",
    },
    "watchlist.col_old": {"vi": "Giá trị cũ", "en": "Old value"},
    "watchlist.col_new_value": {"vi": "Giá trị mới", "en": "New value"},
    "watchlist.bad_link": {
        "vi": "Liên kết có giá trị không dùng được: {reason}",
        "en": "The link has a value that cannot be used: {reason}",
    },
    # The map metric and the commune panel
    "watchlist.metric_label": {"vi": "Số cảnh báo theo dõi", "en": "Watchlist flags"},
    "watchlist.metric_source": {
        "vi": "Quy tắc theo dõi áp trên số liệu trung tâm phục vụ hành chính công",
        "en": "Watch rules applied to the public service centres' data",
    },
    "watchlist.metric_note": {
        "vi": "Mỗi xã, phường: số cảnh báo đang có trong kỳ; mỗi tỉnh: số xã, phường có ít "
        "nhất một cảnh báo. Quy tắc và danh sách: trang Theo dõi.",
        "en": "Per commune: the flags it holds in the month; per province: the communes with "
        "at least one flag. Rules and the list: the Watchlist page.",
    },
    "watchlist.panel_title": {"vi": "Cảnh báo theo dõi", "en": "Watchlist flags"},
    "watchlist.panel_none": {
        "vi": "Không có cảnh báo nào trong {period}.",
        "en": "No flag in {period}.",
    },
    "watchlist.panel_held": {
        "vi": "{count} cảnh báo trong {period}",
        "en": {"one": "{count} flag in {period}", "other": "{count} flags in {period}"},
    },
    "watchlist.history_none": {
        "vi": "Chưa từng bị cảnh báo trong các kỳ đã lưu.",
        "en": "Never flagged in the stored months.",
    },
    "watchlist.streak": {
        "vi": "{count} tháng liên tiếp từ {since}",
        "en": {
            "one": "{count} month in a row since {since}",
            "other": "{count} months in a row since {since}",
        },
    },
    "watchlist.points": {"vi": "{value} điểm %", "en": "{value} points"},
    "watchlist.dossiers": {"vi": "{value} hồ sơ", "en": "{value} dossiers"},
    "watchlist.col_period": {"vi": "Kỳ", "en": "Month"},
    "watchlist.history_months": {
        "vi": "Lịch sử ({count} tháng có cảnh báo)",
        "en": {
            "one": "History ({count} month with flags)",
            "other": "History ({count} months with flags)",
        },
    },
}
