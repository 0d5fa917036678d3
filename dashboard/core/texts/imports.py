"""Texts of the data-import page (vi, en)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "import.title": {"vi": "Nhập số liệu", "en": "Import data"},
    "import.intro": {
        "vi": "Tải mẫu, điền số liệu của trung tâm phục vụ hành chính công rồi tải tệp lên. "
        "Tệp được kiểm tra và đối chiếu đơn vị trước khi nhập; không có gì được lưu khi "
        "tệp có lỗi.",
        "en": "Download a template, fill in the service-centre figures and upload the file. "
        "The file is checked and its units matched before import; nothing is stored when "
        "the file has errors.",
    },
    "import.status_header": {"vi": "Trạng thái dữ liệu", "en": "Data status"},
    "import.status_sample": {
        "vi": "Số liệu đang hiển thị là dữ liệu mẫu (sinh ngẫu nhiên), không phải số liệu thật",
        "en": "The figures shown are generated sample data, not real figures",
    },
    "import.status_mixed": {
        "vi": "Dữ liệu thật lẫn dữ liệu mẫu",
        "en": "Real data mixed with sample data",
    },
    "import.status_empty": {"vi": "Chưa có dữ liệu", "en": "No data yet"},
    "import.status_real": {"vi": "Dữ liệu thật đã nhập", "en": "Real imported data"},
    "import.kind_metrics": {
        "vi": "Chỉ số trung tâm phục vụ (theo đơn vị, tháng)",
        "en": "Service-centre metrics (per unit, month)",
    },
    "import.kind_volunteers": {
        "vi": "Đội hình tình nguyện (theo đơn vị, tháng)",
        "en": "Volunteer teams (per unit, month)",
    },
    "import.kind_dossiers": {
        "vi": "Danh sách hồ sơ (mỗi dòng một hồ sơ)",
        "en": "Dossier export (one row per dossier)",
    },
    "import.templates_header": {"vi": "1. Tải mẫu nhập liệu", "en": "1. Download templates"},
    "import.template_lang": {"vi": "Ngôn ngữ tiêu đề cột", "en": "Column header language"},
    "import.lang_vi": {"vi": "Tiếng Việt", "en": "Vietnamese"},
    "import.lang_en": {"vi": "Tiếng Anh", "en": "English"},
    "import.download_csv": {"vi": "Tải mẫu CSV", "en": "Download CSV template"},
    "import.download_xlsx": {"vi": "Tải mẫu XLSX", "en": "Download XLSX template"},
    "import.upload_header": {"vi": "2. Tải tệp lên và kiểm tra", "en": "2. Upload and check"},
    "import.upload": {"vi": "Tệp CSV hoặc XLSX", "en": "CSV or XLSX file"},
    "import.kind": {"vi": "Loại dữ liệu", "en": "Kind of data"},
    "import.kind_auto": {"vi": "Tự nhận diện theo tiêu đề cột", "en": "Detect from the headers"},
    "import.split_rule": {
        "vi": "Chia số liệu của đơn vị cũ bị tách",
        "en": "Allocation for split former units",
    },
    "import.split_equal": {"vi": "Chia đều", "en": "Equal shares"},
    "import.split_area": {"vi": "Theo diện tích", "en": "By area"},
    "import.period": {
        "vi": "Kỳ báo cáo (YYYY-MM, để trống nếu tệp có cột kỳ báo cáo)",
        "en": "Period (YYYY-MM, blank when the file has a period column)",
    },
    "import.skip_unmatched": {
        "vi": "Bỏ qua các dòng chưa khớp đơn vị (nhập các dòng đã khớp)",
        "en": "Skip rows whose unit is not matched (import the matched rows)",
    },
    "import.no_file": {
        "vi": "Chưa có tệp. Hãy tải lên một tệp theo mẫu.",
        "en": "No file yet. Upload a file made from a template.",
    },
    "import.file_name": {"vi": "Tệp", "en": "File"},
    "import.invalid": {
        "vi": "Tệp có {count} lỗi; không có gì được lưu. Sửa các lỗi dưới đây rồi tải lên lại.",
        "en": {
            "one": "The file has {count} problem; nothing was stored. Fix it and upload again.",
            "other": "The file has {count} problems; nothing was stored. Fix them and upload"
            " again.",
        },
    },
    "import.blocking": {
        "vi": "{count} dòng chưa khớp đơn vị hoặc chưa chuyển đổi được; cần sửa trước khi nhập.",
        "en": {
            "one": "{count} row is not matched or could not be converted; fix it before import.",
            "other": "{count} rows are not matched or could not be converted; fix them "
            "before import.",
        },
    },
    "import.valid": {
        "vi": "Tệp hợp lệ: {rows} đọc được, {stored} sẽ được lưu.",
        "en": "The file is valid: {rows} read, {stored} to store.",
    },
    "import.ignored": {"vi": "Cột bị bỏ qua", "en": "Ignored columns"},
    "import.skipped": {"vi": "Số dòng bị bỏ qua: {n}", "en": "Rows skipped: {n}"},
    "import.doctor_header": {"vi": "Đối chiếu đơn vị", "en": "Unit matching"},
    "import.matched": {"vi": "Đã khớp", "en": "Matched"},
    "import.ambiguous": {"vi": "Chưa rõ", "en": "Ambiguous"},
    "import.unmatched": {"vi": "Không khớp", "en": "Unmatched"},
    "import.total": {"vi": "Tổng", "en": "Total"},
    "import.province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "import.province_code": {"vi": "Mã tỉnh", "en": "Province code"},
    "import.status": {"vi": "Trạng thái", "en": "Status"},
    "import.rows_behind": {"vi": "Các dòng tương ứng", "en": "Rows behind the cell"},
    "import.no_rows": {"vi": "Không có dòng nào.", "en": "No rows."},
    "import.corrected_xlsx": {
        "vi": "Tải tệp đã sửa (XLSX)",
        "en": "Download corrected file (XLSX)",
    },
    "import.corrected_csv": {"vi": "Tải tệp đã sửa (CSV)", "en": "Download corrected file (CSV)"},
    "import.problems": {"vi": "Lỗi", "en": "Problems"},
    "import.col_file": {"vi": "Tệp", "en": "File"},
    # The join doctor's rows behind a cell: their columns, and how each row was matched.
    "import.col_input_code": {"vi": "Mã trong tệp", "en": "Code in the file"},
    "import.col_input_name": {"vi": "Tên trong tệp", "en": "Name in the file"},
    "import.col_input_province": {"vi": "Tỉnh trong tệp", "en": "Province in the file"},
    "import.col_method": {"vi": "Khớp theo", "en": "Matched by"},
    "import.col_confidence": {"vi": "Độ tin cậy", "en": "Confidence"},
    "import.col_code": {"vi": "Mã đơn vị 2025", "en": "2025 unit code"},
    "import.col_old_code": {"vi": "Mã đơn vị cũ", "en": "Former unit code"},
    "import.col_matched_name": {"vi": "Tên đơn vị khớp", "en": "Matched unit"},
    "import.col_candidates": {"vi": "Các đơn vị có thể", "en": "Candidates"},
    "import.col_note": {"vi": "Ghi chú", "en": "Note"},
    "import.method_code": {"vi": "mã", "en": "code"},
    "import.method_former code": {"vi": "mã cũ", "en": "former code"},
    "import.method_name": {"vi": "tên", "en": "name"},
    "import.method_name (no province)": {
        "vi": "tên (không có tỉnh)",
        "en": "name (no province)",
    },
    "import.method_former name": {"vi": "tên cũ", "en": "former name"},
    "import.method_fuzzy": {"vi": "tên gần giống", "en": "similar name"},
    # The import log's columns and values.
    "import.col_id": {"vi": "Lần nhập", "en": "Import"},
    "import.col_kind": {"vi": "Loại số liệu", "en": "Kind of data"},
    "import.col_started_at": {"vi": "Bắt đầu lúc", "en": "Started at"},
    "import.col_imported_by": {"vi": "Người nhập", "en": "Imported by"},
    "import.col_outcome": {"vi": "Kết quả", "en": "Outcome"},
    "import.col_rows_read": {"vi": "Dòng đọc", "en": "Rows read"},
    "import.col_rows_stored": {"vi": "Dòng lưu", "en": "Rows stored"},
    "import.col_rows_added": {"vi": "Thêm", "en": "Added"},
    "import.col_rows_replaced": {"vi": "Thay", "en": "Replaced"},
    "import.col_rows_removed": {"vi": "Xoá", "en": "Removed"},
    "import.col_rows_kept": {"vi": "Giữ lại", "en": "Kept"},
    "import.col_periods": {"vi": "Kỳ", "en": "Periods"},
    "import.col_message": {"vi": "Thông báo", "en": "Message"},
    "import.col_is_sample": {"vi": "Dữ liệu mẫu", "en": "Sample data"},
    "import.outcome_ok": {"vi": "thành công", "en": "succeeded"},
    "import.outcome_failed": {"vi": "thất bại", "en": "failed"},
    "import.outcome_running": {"vi": "đang chạy", "en": "running"},
    "import.yes": {"vi": "có", "en": "yes"},
    "import.no": {"vi": "không", "en": "no"},
    "import.col_row": {"vi": "Dòng", "en": "Row"},
    "import.col_column": {"vi": "Cột", "en": "Column"},
    "import.col_problem": {"vi": "Lỗi", "en": "Problem"},
    "import.import_header": {
        "vi": "3. Nhập vào cơ sở dữ liệu",
        "en": "3. Import into the database",
    },
    "import.import": {"vi": "Nhập số liệu", "en": "Import"},
    "import.import_disabled": {
        "vi": "Chỉ nhập được khi tệp hợp lệ và mọi dòng đã khớp đơn vị.",
        "en": "Import is possible once the file is valid and every row is matched.",
    },
    "import.import_ok": {"vi": "Đã nhập thành công.", "en": "Imported successfully."},
    "import.import_failed": {
        "vi": "Nhập không thành công; không có gì được lưu.",
        "en": "The import failed; nothing was stored.",
    },
    "import.plan_header": {"vi": "Những gì sẽ thay đổi", "en": "What the import will change"},
    "import.plan_period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "import.plan_in_file": {"vi": "Dòng trong tệp", "en": "Rows in the file"},
    "import.plan_added": {"vi": "Thêm mới", "en": "To add"},
    "import.plan_replaced": {"vi": "Thay thế", "en": "To replace"},
    "import.plan_missing": {
        "vi": "Dòng đã lưu của đơn vị không có trong tệp",
        "en": "Stored rows of units not in the file",
    },
    "import.plan_first_missing": {"vi": "Các đơn vị đầu tiên", "en": "First units"},
    "import.plan_total": {
        "vi": "Sẽ thêm {added} và thay thế {replaced} đã lưu.",
        "en": "{added} will be added and {replaced} already stored will be replaced.",
    },
    "import.plan_sample": {
        "vi": "{count} dòng dữ liệu mẫu sẽ được xóa (dữ liệu thật không trộn với dữ liệu mẫu).",
        "en": {
            "one": "{count} sample row will be cleared (real data is never mixed with "
            "sample data).",
            "other": "{count} sample rows will be cleared (real data is never mixed with "
            "sample data).",
        },
    },
    "import.plan_missing_kept": {
        "vi": "{rows} đã lưu của {units} không có trong tệp sẽ được GIỮ NGUYÊN, trừ "
        "khi bạn chọn xóa dưới đây.",
        "en": "{rows} stored for {units} not in the file will be KEPT unless you "
        "choose to remove them below.",
    },
    "import.replace_missing": {
        "vi": "Xóa {rows} đã lưu của {units} không có trong tệp ({first})",
        "en": "Remove {rows} stored for {units} not in the file ({first})",
    },
    "import.replace_missing_help": {
        "vi": "Chỉ chọn khi tệp là danh sách đầy đủ của các tỉnh và kỳ báo cáo trong tệp. "
        "Tệp bị cắt ngắn sẽ làm mất số liệu của các đơn vị còn thiếu.",
        "en": "Only when the file is the complete list of its provinces and periods. A file "
        "cut short would lose the data of the missing units.",
    },
    "import.import_counts": {
        "vi": "Đã thêm {added}, thay thế {replaced}, xóa {removed}; giữ nguyên {kept}"
        " của đơn vị không có trong tệp.",
        "en": "Added {added}, replaced {replaced}, removed {removed}; kept {kept} of "
        "units not in the file.",
    },
    "import.db_locked": {
        "vi": "Cơ sở dữ liệu đang bận (một lần ghi khác đang giữ khóa). Không có gì được lưu; "
        "hãy thử lại sau ít phút.",
        "en": "The database is busy (another write holds its lock). Nothing was stored; try "
        "again in a few minutes.",
    },
    "import.db_disk_full": {
        "vi": "Ổ đĩa của cơ sở dữ liệu đã đầy. Không có gì được lưu; hãy báo quản trị viên.",
        "en": "The database's disk is full. Nothing was stored; tell the administrator.",
    },
    "import.db_unavailable": {
        "vi": "Không kết nối hoặc không mở được cơ sở dữ liệu. Không có gì được lưu; hãy báo "
        "quản trị viên.",
        "en": "The database cannot be reached or opened. Nothing was stored; tell the "
        "administrator.",
    },
    "import.db_database": {
        "vi": "Cơ sở dữ liệu từ chối lần nhập này. Không có gì được lưu.",
        "en": "The database refused the import. Nothing was stored.",
    },
    "import.db_changed": {
        "vi": "Dữ liệu đã lưu thay đổi từ lúc kiểm tra: số dòng sẽ bị xóa nhiều hơn số bạn đã "
        "xác nhận. Không có gì được lưu; hãy kiểm tra lại.",
        "en": "The stored data changed since the check: more rows would be removed than you "
        "confirmed. Nothing was stored; check again.",
    },
    "import.internal_error": {
        "vi": "Đã xảy ra lỗi không mong muốn; không có gì được lưu. Mã lỗi: {id} (gửi mã này "
        "cho quản trị viên).",
        "en": "An unexpected error occurred; nothing was stored. Error id: {id} (give it to "
        "the administrator).",
    },
    "import.log_header": {"vi": "{n}. Nhật ký nhập liệu", "en": "{n}. Import log"},
    "import.log_empty": {"vi": "Chưa có lần nhập nào.", "en": "No imports yet."},
    "import.n_rows": {
        "vi": "{count} dòng",
        "en": {
            "one": "{count} row",
            "other": "{count} rows",
        },
    },
    "import.n_units": {
        "vi": "{count} đơn vị",
        "en": {
            "one": "{count} unit",
            "other": "{count} units",
        },
    },
    "import.template_provinces": {
        "vi": "Điền sẵn các xã, phường của tỉnh, thành phố",
        "en": "Pre-fill the communes of provinces",
    },
    "import.template_provinces_placeholder": {
        "vi": "Không chọn: mẫu chỉ có dòng tiêu đề",
        "en": "None chosen: header row only",
    },
    "import.template_provinces_help": {
        "vi": "Mỗi xã, phường một dòng, đã có mã, tên và tỉnh; chỉ cần điền số liệu. Mẫu danh "
        "sách hồ sơ (mỗi dòng một hồ sơ) luôn chỉ có dòng tiêu đề.",
        "en": "One row per commune with its code, name and province filled in; only the "
        "figures are left to enter. The dossier template (one row per dossier) always has "
        "the header row only.",
    },
    "import.template_all_provinces": {
        "vi": "Cả nước (34 tỉnh, thành phố)",
        "en": "Whole country (34 provinces)",
    },
    "import.unknown_province": {"vi": "(không rõ tỉnh)", "en": "(unknown province)"},
}
