"""Vietnamese / English strings of the data-import page. ``t(key, lang)``."""

from __future__ import annotations

from dashboard.core.i18n import LANGS

TEXTS: dict[str, dict[str, str]] = {
    "title": {"vi": "Nhập số liệu", "en": "Import data"},
    "intro": {
        "vi": "Tải mẫu, điền số liệu của trung tâm phục vụ hành chính công rồi tải tệp lên. "
        "Tệp được kiểm tra và đối chiếu đơn vị trước khi nhập; không có gì được lưu khi "
        "tệp có lỗi.",
        "en": "Download a template, fill in the service-centre figures and upload the file. "
        "The file is checked and its units matched before import; nothing is stored when "
        "the file has errors.",
    },
    "status_header": {"vi": "Trạng thái dữ liệu", "en": "Data status"},
    "status_sample": {
        "vi": "Số liệu đang hiển thị là dữ liệu mẫu (sinh ngẫu nhiên), không phải số liệu thật",
        "en": "The figures shown are generated sample data, not real figures",
    },
    "status_mixed": {
        "vi": "Dữ liệu thật lẫn dữ liệu mẫu",
        "en": "Real data mixed with sample data",
    },
    "status_empty": {"vi": "Chưa có dữ liệu", "en": "No data yet"},
    "status_real": {"vi": "Dữ liệu thật đã nhập", "en": "Real imported data"},
    "kind_metrics": {
        "vi": "Chỉ số trung tâm phục vụ (theo đơn vị, tháng)",
        "en": "Service-centre metrics (per unit, month)",
    },
    "kind_volunteers": {
        "vi": "Đội hình tình nguyện (theo đơn vị, tháng)",
        "en": "Volunteer teams (per unit, month)",
    },
    "kind_dossiers": {
        "vi": "Danh sách hồ sơ (mỗi dòng một hồ sơ)",
        "en": "Dossier export (one row per dossier)",
    },
    "templates_header": {"vi": "1. Tải mẫu nhập liệu", "en": "1. Download templates"},
    "template_lang": {"vi": "Ngôn ngữ tiêu đề cột", "en": "Column header language"},
    "lang_vi": {"vi": "Tiếng Việt", "en": "Vietnamese"},
    "lang_en": {"vi": "Tiếng Anh", "en": "English"},
    "template_provinces": {
        "vi": "Điền sẵn các xã, phường của tỉnh, thành phố",
        "en": "Pre-fill the communes of provinces",
    },
    "template_provinces_placeholder": {
        "vi": "Không chọn: mẫu chỉ có dòng tiêu đề",
        "en": "None chosen: header row only",
    },
    "template_provinces_help": {
        "vi": "Mỗi xã, phường một dòng, đã có mã, tên và tỉnh; chỉ cần điền số liệu. Mẫu danh "
        "sách hồ sơ (mỗi dòng một hồ sơ) luôn chỉ có dòng tiêu đề.",
        "en": "One row per commune with its code, name and province filled in; only the "
        "figures are left to enter. The dossier template (one row per dossier) always has "
        "the header row only.",
    },
    "template_all_provinces": {
        "vi": "Cả nước (34 tỉnh, thành phố)",
        "en": "Whole country (34 provinces)",
    },
    "download_csv": {"vi": "Tải mẫu CSV", "en": "Download CSV template"},
    "download_xlsx": {"vi": "Tải mẫu XLSX", "en": "Download XLSX template"},
    "upload_header": {"vi": "2. Tải tệp lên và kiểm tra", "en": "2. Upload and check"},
    "upload": {"vi": "Tệp CSV hoặc XLSX", "en": "CSV or XLSX file"},
    "kind": {"vi": "Loại dữ liệu", "en": "Kind of data"},
    "kind_auto": {"vi": "Tự nhận diện theo tiêu đề cột", "en": "Detect from the headers"},
    "split_rule": {
        "vi": "Chia số liệu của đơn vị cũ bị tách",
        "en": "Allocation for split former units",
    },
    "split_equal": {"vi": "Chia đều", "en": "Equal shares"},
    "split_area": {"vi": "Theo diện tích", "en": "By area"},
    "period": {
        "vi": "Kỳ báo cáo (YYYY-MM, để trống nếu tệp có cột kỳ báo cáo)",
        "en": "Period (YYYY-MM, blank when the file has a period column)",
    },
    "skip_unmatched": {
        "vi": "Bỏ qua các dòng chưa khớp đơn vị (nhập các dòng đã khớp)",
        "en": "Skip rows whose unit is not matched (import the matched rows)",
    },
    "no_file": {
        "vi": "Chưa có tệp. Hãy tải lên một tệp theo mẫu.",
        "en": "No file yet. Upload a file made from a template.",
    },
    "file_name": {"vi": "Tệp", "en": "File"},
    "invalid": {
        "vi": "Tệp có {n} lỗi; không có gì được lưu. Sửa các lỗi dưới đây rồi tải lên lại.",
        "en": "The file has {n} problem(s); nothing was stored. Fix them and upload again.",
    },
    "blocking": {
        "vi": "{n} dòng chưa khớp đơn vị hoặc chưa chuyển đổi được; cần sửa trước khi nhập.",
        "en": "{n} row(s) are not matched or could not be converted; fix them before import.",
    },
    "valid": {
        "vi": "Tệp hợp lệ: {rows} dòng đọc được, {stored} dòng sẽ được lưu.",
        "en": "The file is valid: {rows} rows read, {stored} rows to store.",
    },
    "ignored": {"vi": "Cột bị bỏ qua", "en": "Ignored columns"},
    "skipped": {"vi": "Số dòng bị bỏ qua: {n}", "en": "Rows skipped: {n}"},
    "doctor_header": {"vi": "Đối chiếu đơn vị", "en": "Unit matching"},
    "matched": {"vi": "Đã khớp", "en": "Matched"},
    "ambiguous": {"vi": "Chưa rõ", "en": "Ambiguous"},
    "unmatched": {"vi": "Không khớp", "en": "Unmatched"},
    "total": {"vi": "Tổng", "en": "Total"},
    "province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "province_code": {"vi": "Mã tỉnh", "en": "Province code"},
    "unknown_province": {"vi": "(không rõ tỉnh)", "en": "(unknown province)"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "rows_behind": {"vi": "Các dòng tương ứng", "en": "Rows behind the cell"},
    "no_rows": {"vi": "Không có dòng nào.", "en": "No rows."},
    "corrected_xlsx": {
        "vi": "Tải tệp đã sửa (XLSX)",
        "en": "Download corrected file (XLSX)",
    },
    "corrected_csv": {"vi": "Tải tệp đã sửa (CSV)", "en": "Download corrected file (CSV)"},
    "problems": {"vi": "Lỗi", "en": "Problems"},
    "col_file": {"vi": "Tệp", "en": "File"},
    # The join doctor's rows behind a cell: their columns, and how each row was matched.
    "col_input_code": {"vi": "Mã trong tệp", "en": "Code in the file"},
    "col_input_name": {"vi": "Tên trong tệp", "en": "Name in the file"},
    "col_input_province": {"vi": "Tỉnh trong tệp", "en": "Province in the file"},
    "col_method": {"vi": "Khớp theo", "en": "Matched by"},
    "col_confidence": {"vi": "Độ tin cậy", "en": "Confidence"},
    "col_code": {"vi": "Mã đơn vị 2025", "en": "2025 unit code"},
    "col_old_code": {"vi": "Mã đơn vị cũ", "en": "Former unit code"},
    "col_matched_name": {"vi": "Tên đơn vị khớp", "en": "Matched unit"},
    "col_candidates": {"vi": "Các đơn vị có thể", "en": "Candidates"},
    "col_note": {"vi": "Ghi chú", "en": "Note"},
    "method_code": {"vi": "mã", "en": "code"},
    "method_former code": {"vi": "mã cũ", "en": "former code"},
    "method_name": {"vi": "tên", "en": "name"},
    "method_former name": {"vi": "tên cũ", "en": "former name"},
    "method_fuzzy": {"vi": "tên gần giống", "en": "similar name"},
    # The import log's columns and values.
    "col_id": {"vi": "Lần nhập", "en": "Import"},
    "col_kind": {"vi": "Loại số liệu", "en": "Kind of data"},
    "col_started_at": {"vi": "Bắt đầu lúc", "en": "Started at"},
    "col_outcome": {"vi": "Kết quả", "en": "Outcome"},
    "col_rows_read": {"vi": "Dòng đọc", "en": "Rows read"},
    "col_rows_stored": {"vi": "Dòng lưu", "en": "Rows stored"},
    "col_rows_added": {"vi": "Thêm", "en": "Added"},
    "col_rows_replaced": {"vi": "Thay", "en": "Replaced"},
    "col_rows_removed": {"vi": "Xoá", "en": "Removed"},
    "col_rows_kept": {"vi": "Giữ lại", "en": "Kept"},
    "col_periods": {"vi": "Kỳ", "en": "Periods"},
    "col_message": {"vi": "Thông báo", "en": "Message"},
    "col_is_sample": {"vi": "Dữ liệu mẫu", "en": "Sample data"},
    "outcome_ok": {"vi": "thành công", "en": "succeeded"},
    "outcome_failed": {"vi": "thất bại", "en": "failed"},
    "outcome_running": {"vi": "đang chạy", "en": "running"},
    "yes": {"vi": "có", "en": "yes"},
    "no": {"vi": "không", "en": "no"},
    "col_row": {"vi": "Dòng", "en": "Row"},
    "col_column": {"vi": "Cột", "en": "Column"},
    "col_problem": {"vi": "Lỗi", "en": "Problem"},
    "import_header": {"vi": "3. Nhập vào cơ sở dữ liệu", "en": "3. Import into the database"},
    "import": {"vi": "Nhập số liệu", "en": "Import"},
    "import_disabled": {
        "vi": "Chỉ nhập được khi tệp hợp lệ và mọi dòng đã khớp đơn vị.",
        "en": "Import is possible once the file is valid and every row is matched.",
    },
    "import_ok": {"vi": "Đã nhập thành công.", "en": "Imported successfully."},
    "import_failed": {
        "vi": "Nhập không thành công; không có gì được lưu.",
        "en": "The import failed; nothing was stored.",
    },
    "plan_header": {"vi": "Những gì sẽ thay đổi", "en": "What the import will change"},
    "plan_period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "plan_in_file": {"vi": "Dòng trong tệp", "en": "Rows in the file"},
    "plan_added": {"vi": "Thêm mới", "en": "To add"},
    "plan_replaced": {"vi": "Thay thế", "en": "To replace"},
    "plan_missing": {
        "vi": "Dòng đã lưu của đơn vị không có trong tệp",
        "en": "Stored rows of units not in the file",
    },
    "plan_first_missing": {"vi": "Các đơn vị đầu tiên", "en": "First units"},
    "plan_total": {
        "vi": "Sẽ thêm {added} dòng và thay thế {replaced} dòng đã lưu.",
        "en": "{added} rows will be added and {replaced} stored rows replaced.",
    },
    "plan_sample": {
        "vi": "{n} dòng dữ liệu mẫu sẽ được xóa (dữ liệu thật không trộn với dữ liệu mẫu).",
        "en": "{n} sample rows will be cleared (real data is never mixed with sample data).",
    },
    "plan_missing_kept": {
        "vi": "{n} dòng đã lưu của {units} đơn vị không có trong tệp sẽ được GIỮ NGUYÊN, "
        "trừ khi bạn chọn xóa dưới đây.",
        "en": "{n} stored rows of {units} units not in the file will be KEPT unless you "
        "choose to remove them below.",
    },
    "replace_missing": {
        "vi": "Xóa {n} dòng đã lưu của {units} đơn vị không có trong tệp ({first})",
        "en": "Remove {n} stored rows of {units} units not in the file ({first})",
    },
    "replace_missing_help": {
        "vi": "Chỉ chọn khi tệp là danh sách đầy đủ của các tỉnh và kỳ báo cáo trong tệp. "
        "Tệp bị cắt ngắn sẽ làm mất số liệu của các đơn vị còn thiếu.",
        "en": "Only when the file is the complete list of its provinces and periods. A file "
        "cut short would lose the data of the missing units.",
    },
    "import_counts": {
        "vi": "Đã thêm {added}, thay thế {replaced}, xóa {removed} dòng; giữ nguyên {kept} "
        "dòng của đơn vị không có trong tệp.",
        "en": "{added} rows added, {replaced} replaced, {removed} removed; {kept} rows of "
        "units not in the file kept.",
    },
    "db_locked": {
        "vi": "Cơ sở dữ liệu đang bận (một lần ghi khác đang giữ khóa). Không có gì được lưu; "
        "hãy thử lại sau ít phút.",
        "en": "The database is busy (another write holds its lock). Nothing was stored; try "
        "again in a few minutes.",
    },
    "db_disk_full": {
        "vi": "Ổ đĩa của cơ sở dữ liệu đã đầy. Không có gì được lưu; hãy báo quản trị viên.",
        "en": "The database's disk is full. Nothing was stored; tell the administrator.",
    },
    "db_unavailable": {
        "vi": "Không kết nối hoặc không mở được cơ sở dữ liệu. Không có gì được lưu; hãy báo "
        "quản trị viên.",
        "en": "The database cannot be reached or opened. Nothing was stored; tell the "
        "administrator.",
    },
    "db_database": {
        "vi": "Cơ sở dữ liệu từ chối lần nhập này. Không có gì được lưu.",
        "en": "The database refused the import. Nothing was stored.",
    },
    "db_changed": {
        "vi": "Dữ liệu đã lưu thay đổi từ lúc kiểm tra: số dòng sẽ bị xóa nhiều hơn số bạn đã "
        "xác nhận. Không có gì được lưu; hãy kiểm tra lại.",
        "en": "The stored data changed since the check: more rows would be removed than you "
        "confirmed. Nothing was stored; check again.",
    },
    "internal_error": {
        "vi": "Đã xảy ra lỗi không mong muốn; không có gì được lưu. Mã lỗi: {id} (gửi mã này "
        "cho quản trị viên).",
        "en": "An unexpected error occurred; nothing was stored. Error id: {id} (give it to "
        "the administrator).",
    },
    "log_header": {"vi": "4. Nhật ký nhập liệu", "en": "4. Import log"},
    "log_empty": {"vi": "Chưa có lần nhập nào.", "en": "No imports yet."},
}


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The text of ``key`` in ``lang`` (Vietnamese when unknown), formatted with ``values``."""
    entry = TEXTS[key]
    text = entry.get(lang if lang in LANGS else "vi", entry["vi"])
    return text.format(**values) if values else text
