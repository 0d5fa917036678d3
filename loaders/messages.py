"""The words of the data layer: every message an import answers with, by key, in vi and en.

A message is a key and its parameters (:class:`Message`), never finished text: the import
page renders it in the UI's language, the CLI and exception texts in English, from the same
:data:`MESSAGES`. Keys are namespaced (``data.…``): the UI's one catalogue of texts takes
them in beside its own, and its one lookup words them with :func:`render`.

A text is a :meth:`str.format` template. Numbers in it are written the way the language
writes them (vi ``52.758`` and ``65,2``, en ``52,758`` and ``65.2``); the format spec
``pct`` writes a 0–100 value as a whole percentage (vi ``93 %``, en ``93%``). A parameter
that is itself a :class:`Message`, or a list of them, is rendered in the same language. A text
may have plural forms ``{"one": …, "other": …}``, chosen by the parameter ``count`` (as in
the UI's texts). Values taken
from a user's file (names, codes, headers) are passed as they are: whoever shows the text in
Markdown or HTML escapes it.
"""

from __future__ import annotations

import numbers
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

LANGS = ("vi", "en")

#: key → {"vi": text, "en": text or {"one": text, "other": text}}.
MESSAGES: dict[str, dict[str, str | dict[str, str]]] = {
    # --- where a problem is, and lists of problems
    "data.where_row": {"vi": "dòng {row}", "en": "row {row}"},
    "data.where_column": {"vi": "cột “{column}”", "en": "column '{column}'"},
    "data.validation_failed": {
        "vi": "Tìm thấy {count} lỗi, không có gì được nhập",
        "en": {
            "one": "{count} problem found, nothing was imported",
            "other": "{count} problems found, nothing was imported",
        },
    },
    "data.and_more": {"vi": "… và {n} lỗi khác", "en": "… and {n} more"},
    # --- files refused as a whole
    "data.too_large": {
        "vi": "tệp {size:.1f} MB, vượt giới hạn {limit:.0f} MB cho {what} (tệp quá lớn)",
        "en": "file is {size:.1f} MB, above the {limit:.0f} MB limit for {what}",
    },
    "data.what_uploads": {"vi": "tệp tải lên", "en": "uploads"},
    "data.what_metrics": {"vi": "số liệu trung tâm", "en": "metrics"},
    "data.what_volunteers": {"vi": "đội hình tình nguyện", "en": "volunteers"},
    "data.what_dossiers": {"vi": "danh sách hồ sơ", "en": "dossiers"},
    "data.cannot_read": {
        "vi": "không đọc được tệp: {detail}",
        "en": "cannot read the file: {detail}",
    },
    "data.no_known_headers": {
        "vi": "không có tiêu đề cột nào quen thuộc: hãy dùng mẫu nhập liệu "
        "(.venv/bin/python -m loaders template) cho số liệu, đội hình tình nguyện hoặc hồ sơ",
        "en": "no known column headers: use a template "
        "(.venv/bin/python -m loaders template) for metrics, volunteers or dossiers",
    },
    "data.no_data_rows": {
        "vi": "tệp không có dòng số liệu nào",
        "en": "the file has no data rows",
    },
    "data.unreadable": {
        "vi": "không đọc được tệp ({detail})",
        "en": "could not read the file ({detail})",
    },
    "data.nothing_matched": {
        "vi": "không dòng nào của tệp khớp được đơn vị: không có gì để nhập",
        "en": "no row of the file could be matched: nothing to import",
    },
    "data.other_province": {
        "vi": "đơn vị “{code}” thuộc {province}, ngoài các tỉnh bạn được nhập ({allowed})",
        "en": "unit '{code}' is in {province}, not a province you may import ({allowed})",
    },
    "data.old_xls": {
        "vi": "định dạng Excel .xls cũ: hãy lưu lại thành .xlsx hoặc CSV",
        "en": "old Excel .xls format: save it as .xlsx or CSV",
    },
    "data.not_zip": {
        "vi": "không phải tệp XLSX hợp lệ (không phải tệp nén zip)",
        "en": "not a valid XLSX file (it is not a zip archive)",
    },
    "data.bad_utf16": {"vi": "văn bản UTF-16 bị hỏng", "en": "damaged UTF-16 text"},
    "data.not_utf8": {
        "vi": "không phải CSV mã UTF-8 (hãy lưu dạng “CSV UTF-8”) cũng không phải tệp XLSX",
        "en": "not a CSV in UTF-8 (save it as 'CSV UTF-8') nor an XLSX file",
    },
    "data.nul_bytes": {
        "vi": "tệp chứa byte NUL: đây không phải tệp CSV dạng văn bản",
        "en": "the file contains NUL bytes: it is not a text CSV",
    },
    "data.too_many_rows": {
        "vi": "nhiều hơn {max} dòng số liệu",
        "en": "more than {max} data rows",
    },
    "data.not_csv": {
        "vi": "không đọc được dạng CSV: {detail}",
        "en": "not a readable CSV: {detail}",
    },
    "data.empty_file": {"vi": "tệp trống", "en": "the file is empty"},
    "data.header_only": {
        "vi": "tệp có dòng tiêu đề nhưng không có dòng số liệu",
        "en": "the file has a header row but no data rows",
    },
    "data.cut_no_newline": {
        "vi": "tệp kết thúc giữa dòng này (không có dấu xuống dòng sau nó); có vẻ tệp bị "
        "cắt ngắn — hãy lưu hoặc sao chép lại toàn bộ tệp",
        "en": "the file ends in the middle of this row (no line break after it); "
        "it looks cut short — save or copy the whole file again",
    },
    "data.cut_in_quote": {
        "vi": "tệp kết thúc bên trong một ô có dấu ngoặc kép của dòng này; có vẻ tệp bị "
        "cắt ngắn — hãy lưu hoặc sao chép lại toàn bộ tệp",
        "en": "the file ends inside a quoted cell of this row; "
        "it looks cut short — save or copy the whole file again",
    },
    "data.cut_short_row": {
        "vi": "dòng cuối có {width} ô nhưng có {headers} tiêu đề; có vẻ tệp bị cắt ngắn — "
        "hãy lưu hoặc sao chép lại toàn bộ tệp",
        "en": "{width} cells but {headers} headers in the last row; "
        "the file looks cut short — save or copy the whole file again",
    },
    "data.extra_cells": {
        "vi": "{cells} ô nhưng chỉ có {headers} tiêu đề",
        "en": "{cells} cells but only {headers} headers",
    },
    "data.xlsx_damaged": {
        "vi": "không đọc được tệp XLSX: tệp bị hỏng ({what})",
        "en": "not a readable XLSX file: the file is damaged ({what})",
    },
    "data.damage_zlib": {
        "vi": "không giải nén được dữ liệu nén",
        "en": "its compressed data cannot be unpacked",
    },
    "data.damage_zip": {
        "vi": "tệp nén zip bị hỏng hoặc bị cắt ngắn",
        "en": "the zip archive is broken or cut short",
    },
    "data.damage_xml": {"vi": "XML sai cấu trúc", "en": "its XML is malformed"},
    "data.damage_other": {"vi": "{detail}", "en": "{detail}"},
    "data.too_many_cells_row": {
        "vi": "có dòng nhiều hơn {max} ô: không phải bảng số liệu",
        "en": "a row has more than {max} cells: not a data table",
    },
    "data.too_many_cells": {
        "vi": "nhiều hơn {max} ô: quá lớn với loại số liệu này",
        "en": "more than {max} cells: too large for this kind of data",
    },
    "data.column_too_far": {
        "vi": "cột {letters} có dữ liệu: nhiều hơn {max} cột",
        "en": "column {letters} is used: more than {max} columns",
    },
    "data.cell_too_long": {
        "vi": "có ô chứa hơn {kb} KB văn bản: không phải bảng số liệu",
        "en": "a cell holds more than {kb} KB of text: not a data table",
    },
    "data.sheet_empty_data": {"vi": "trang số liệu trống", "en": "the data sheet is empty"},
    "data.formula_without_value": {
        "vi": "ô {ref} chứa công thức chưa có giá trị đã lưu (tệp được ghi bởi một chương "
        "trình không tính công thức): hãy mở và lưu lại bằng Excel hoặc LibreOffice, hoặc "
        "gõ giá trị",
        "en": "cell {ref} holds a formula without a saved value (the file was written by a "
        "program that does not compute formulas): open and save it in Excel or "
        "LibreOffice, or type the value",
    },
    "data.not_workbook": {
        "vi": "không phải sổ tính Excel (không có xl/workbook.xml)",
        "en": "not an Excel workbook (no xl/workbook.xml)",
    },
    "data.no_sheet": {"vi": "sổ tính không có trang nào", "en": "the workbook has no sheet"},
    "data.sheet_missing": {
        "vi": "trang “{sheet}” không có trong tệp nén",
        "en": "sheet '{sheet}' is missing from the archive",
    },
    "data.expands_too_much": {
        "vi": "sổ tính giải nén ra hơn {mb:.0f} MB",
        "en": "the workbook expands to more than {mb:.0f} MB",
    },
    "data.part_too_large": {"vi": "{part} quá lớn", "en": "{part} is too large"},
    "data.too_many_columns": {
        "vi": "{width} cột: không phải bảng số liệu",
        "en": "{width} columns: not a data table",
    },
    "data.xlsx_unreadable": {
        "vi": "không đọc được tệp XLSX ({detail})",
        "en": "not a readable XLSX file ({detail})",
    },
    "data.invalid_cell_value": {
        "vi": "một ô của trang chứa giá trị không hợp lệ trong XLSX ({detail})",
        "en": "a cell of the sheet holds a value that is not valid in an XLSX ({detail})",
    },
    "data.sheet_empty": {"vi": "trang “{sheet}” trống", "en": "sheet '{sheet}' is empty"},
    "data.sheet_header_only": {
        "vi": "trang “{sheet}” có dòng tiêu đề nhưng không có dòng số liệu",
        "en": "sheet '{sheet}' has a header row but no data rows",
    },
    "data.cells_right_of_headers": {
        "vi": "có ô nằm bên phải tiêu đề cuối cùng",
        "en": "cells to the right of the last header",
    },
    # --- headers and columns
    "data.unfilled_template": {
        "vi": "không dòng nào có giá trị ngoài đơn vị (mẫu chưa điền): hãy điền kỳ báo cáo "
        "và số liệu của các đơn vị bạn báo cáo",
        "en": "no row has a value besides the unit (an unfilled template): "
        "fill the period and the values of the units you report",
    },
    "data.values_without_header": {
        "vi": "cột có giá trị nhưng không có tiêu đề",
        "en": "column has values but no header",
    },
    "data.same_column_as": {
        "vi": "trùng cột với “{first}” (xuất hiện hai lần)",
        "en": "same column as '{first}' (appears twice)",
    },
    "data.same_column_twice": {
        "vi": "cột xuất hiện hai lần",
        "en": "same column appears twice",
    },
    "data.missing_column": {"vi": "thiếu cột", "en": "missing column"},
    "data.any_metric_column": {
        "vi": "một cột chỉ số bất kỳ (ví dụ {example})",
        "en": "any metric column (e.g. {example})",
    },
    # --- cells
    "data.text_too_long": {
        "vi": "văn bản dài hơn {max} ký tự",
        "en": "text longer than {max} characters",
    },
    "data.text_nul": {"vi": "văn bản chứa ký tự NUL", "en": "text contains a NUL character"},
    "data.not_unit_code": {
        "vi": "“{value}” không phải mã đơn vị (tối đa 5 chữ số, ví dụ 00004)",
        "en": "'{value}' is not a unit code (up to 5 digits, e.g. 00004)",
    },
    "data.not_province_code": {
        "vi": "“{value}” không phải mã tỉnh (tối đa 2 chữ số, ví dụ 04)",
        "en": "'{value}' is not a province code (up to 2 digits, e.g. 04)",
    },
    "data.text_in_number": {
        "vi": "có chữ “{value}” trong cột số",
        "en": "text '{value}' in a number column",
    },
    "data.not_finite": {
        "vi": "“{value}” không phải số hữu hạn",
        "en": "'{value}' is not a finite number",
    },
    "data.negative_count": {"vi": "số đếm âm {value}", "en": "negative count {value}"},
    "data.count_not_whole": {
        "vi": "số đếm {value} không phải số nguyên",
        "en": "count {value} is not a whole number",
    },
    "data.count_too_large": {
        "vi": "số đếm {value} lớn bất thường (trên {max})",
        "en": "count {value} is implausibly large (over {max})",
    },
    "data.negative_value": {"vi": "giá trị âm {value}", "en": "negative value {value}"},
    "data.above_maximum": {
        "vi": "{value} vượt giá trị tối đa {max} của cột này",
        "en": "{value} is above the maximum {max} for this column",
    },
    "data.not_month": {
        "vi": "“{value}” không phải tháng (viết dạng 2025-08 hoặc 08/2025)",
        "en": "'{value}' is not a month (write it as 2025-08 or 08/2025)",
    },
    "data.not_date": {
        "vi": "“{value}” không phải ngày (viết dạng 2025-08-15)",
        "en": "'{value}' is not a date (write it as 2025-08-15)",
    },
    "data.not_bool": {
        "vi": "“{value}” không phải có/không (viết 1 hoặc 0)",
        "en": "'{value}' is not yes/no (write 1 or 0)",
    },
    "data.empty_team": {"vi": "tên đội hình trống", "en": "empty team name"},
    "data.no_unit": {"vi": "không có mã hoặc tên đơn vị", "en": "no unit code or name"},
    "data.empty_period": {"vi": "kỳ báo cáo trống", "en": "empty period"},
    "data.period_before_merger": {
        "vi": "kỳ {period} trước khi sáp nhập ngày 1/7/2025",
        "en": "period {period} is before the merger of 1 July 2025",
    },
    "data.period_after_now": {
        "vi": "kỳ {period} sau tháng hiện tại {current}",
        "en": "period {period} is after the current month {current}",
    },
    "data.period_outside": {
        "vi": "kỳ {period} nằm ngoài kỳ nhập {wanted}",
        "en": "period {period} is outside the import period {wanted}",
    },
    "data.greater_than": {
        "vi": "{a_label} ({a}) lớn hơn {b_label} ({b})",
        "en": "{a_label} ({a}) greater than {b_label} ({b})",
    },
    "data.label_received_online": {"vi": "số nhận trực tuyến", "en": "received online"},
    "data.label_received": {"vi": "số tiếp nhận", "en": "received"},
    "data.label_digitised": {"vi": "số số hoá", "en": "digitised"},
    "data.label_on_time": {"vi": "số đúng hạn", "en": "on-time"},
    "data.label_resolved": {"vi": "số đã giải quyết", "en": "resolved"},
    "data.label_on_time_late": {"vi": "đúng hạn + trễ hạn", "en": "on-time + late"},
    "data.label_returned_at_home": {"vi": "số trả tại nhà", "en": "returned at home"},
    "data.total_not_sum": {
        "vi": "tổng {total} không bằng tổng điểm của năm nhóm ({sum})",
        "en": "total {total} is not the sum of the five group scores ({sum})",
    },
    "data.duplicate_row": {
        "vi": "dòng trùng: giống dòng {first}",
        "en": "duplicate row: same as row {first}",
    },
    "data.duplicate_unit_period": {
        "vi": "dòng trùng: cùng đơn vị và kỳ với dòng {first}",
        "en": "duplicate row: same unit and period as row {first}",
    },
    "data.duplicate_dossier": {
        "vi": "mã hồ sơ “{id}” bị trùng (cũng ở dòng {first})",
        "en": "duplicate dossier id '{id}' (also row {first})",
    },
    # --- dossier exports
    "data.no_dossier_rows": {
        "vi": "tệp không có dòng hồ sơ nào",
        "en": "the file has no dossier rows",
    },
    "data.empty_unit_code": {"vi": "mã đơn vị trống", "en": "empty unit code"},
    "data.not_unit_code_5": {
        "vi": "“{value}” không phải mã đơn vị (5 chữ số)",
        "en": "'{value}' is not a unit code (5 digits)",
    },
    "data.empty_received": {"vi": "ngày tiếp nhận trống", "en": "empty received date"},
    "data.received_outside_period": {
        "vi": "ngày tiếp nhận {day} nằm ngoài kỳ nhập {period}",
        "en": "received date {day} is outside the import period {period}",
    },
    "data.received_outside_range": {
        "vi": "ngày tiếp nhận {day} nằm ngoài khoảng {first}…{last}",
        "en": "received date {day} is outside {first}…{last}",
    },
    "data.due_before_received": {
        "vi": "ngày hẹn trả {day} trước ngày tiếp nhận",
        "en": "due date {day} is before the received date",
    },
    "data.resolved_before_received": {
        "vi": "ngày giải quyết {day} trước ngày tiếp nhận",
        "en": "resolved date {day} is before the received date",
    },
    "data.resolved_in_future": {
        "vi": "ngày giải quyết {day} ở tương lai",
        "en": "resolved date {day} is in the future",
    },
    "data.empty_online": {
        "vi": "ô trực tuyến trống (viết 1 hoặc 0)",
        "en": "empty online (write 1 or 0)",
    },
    # --- conversion of former units
    "data.unit_twice": {
        "vi": "đơn vị {code} được ghi hai lần cho kỳ {period} (các dòng {rows})",
        "en": "unit {code} is given twice for {period} (rows {rows})",
    },
    "data.unit_counted_twice": {
        "vi": "đơn vị {code} kỳ {period} được ghi cả theo đơn vị mới lẫn qua các đơn vị cũ "
        "(các dòng {rows}): sẽ bị tính hai lần",
        "en": "unit {code} for {period} is given both as the new unit and through its "
        "former units (rows {rows}): it would be counted twice",
    },
    # --- the join doctor
    "data.join_problem": {
        "vi": "đơn vị “{what}” {status}{note}{candidates}",
        "en": "{status} unit '{what}'{note}{candidates}",
    },
    "data.join_note": {"vi": ": {notes}", "en": ": {notes}"},
    "data.join_candidates": {
        "vi": " (có thể là: {candidates})",
        "en": " (candidates: {candidates})",
    },
    "data.status_ambiguous": {"vi": "chưa rõ", "en": "ambiguous"},
    "data.status_unmatched": {"vi": "không khớp", "en": "unmatched"},
    "data.unknown_province_code": {
        "vi": "không có mã tỉnh {code}",
        "en": "unknown province code {code}",
    },
    "data.unknown_province": {
        "vi": "không có tỉnh “{name}”",
        "en": "unknown province '{name}'",
    },
    "data.province_conflict": {
        "vi": "mã tỉnh và tên tỉnh không khớp nhau: mã tỉnh {code} và tên tỉnh “{name}” "
        "là hai tỉnh khác nhau",
        "en": "province code and name disagree: province code {code} and province name "
        "'{name}' name different provinces",
    },
    "data.unknown_code": {"vi": "không có mã {code}", "en": "unknown code {code}"},
    "data.no_name": {"vi": "không có tên", "en": "no name"},
    "data.nearest_names": {
        "vi": "tên gần nhất ở {province}: {names}",
        "en": "nearest names in {province}: {names}",
    },
    "data.suggestion": {"vi": "{code} {name} {score:pct}", "en": "{code} {name} {score:pct}"},
    "data.name_in_several_provinces": {
        "vi": "tên có ở nhiều tỉnh",
        "en": "name found in several provinces",
    },
    "data.name_several_in_province": {
        "vi": "tên có nhiều lần trong tỉnh",
        "en": "name found several times in the province",
    },
    "data.former_name_several": {
        "vi": "tên cũ có nhiều lần",
        "en": "former name found several times",
    },
    "data.code_other_province": {
        "vi": "mã {code} thuộc {province}, dòng này ghi tỉnh khác",
        "en": "code {code} is in {province}, the row names another province",
    },
    "data.name_spelt_differently": {
        "vi": "tên “{name}” viết khác",
        "en": "name '{name}' spelt differently",
    },
    "data.code_is_other_unit": {
        "vi": "mã {code} là {unit}, dòng này ghi “{name}”",
        "en": "code {code} is {unit}, the row says '{name}'",
    },
    "data.former_code_other_province": {
        "vi": "mã cũ {code} thuộc {province}, dòng này ghi tỉnh khác",
        "en": "former code {code} was in {province}, the row names another province",
    },
    "data.former_code_is_other_unit": {
        "vi": "mã cũ {code} là {unit}, dòng này ghi “{name}”",
        "en": "former code {code} is {unit}, the row says '{name}'",
    },
    "data.no_similar_name": {"vi": "không có tên gần giống", "en": "no similar name"},
    "data.no_province_given": {"vi": "không ghi tỉnh", "en": "no province given"},
    "data.similar_names_only": {"vi": "chỉ có tên gần giống", "en": "similar names only"},
    "data.former_unit": {
        "vi": "{name} ({district}, cũ)",
        "en": "{name} ({district}, former)",
    },
    "data.candidate_new": {
        "vi": "{code} {name} ({province})",
        "en": "{code} {name} ({province})",
    },
    "data.candidate_old": {
        "vi": "{code} {name} ({district}, {province}, cũ)",
        "en": "{code} {name} ({district}, {province}, former)",
    },
    "data.candidate_scored": {"vi": "{candidate} {score:pct}", "en": "{candidate} {score:pct}"},
    # --- why the database could not take an import (the CLI and the import log)
    "data.db_locked": {
        "vi": "cơ sở dữ liệu đang bận (một lần ghi khác đang giữ khoá)",
        "en": "the database is busy (locked by another writer)",
    },
    "data.db_disk_full": {
        "vi": "ổ đĩa của cơ sở dữ liệu đã đầy",
        "en": "the disk of the database is full",
    },
    "data.db_unavailable": {
        "vi": "không kết nối hoặc không mở được cơ sở dữ liệu",
        "en": "the database cannot be reached or opened",
    },
    "data.db_database": {
        "vi": "cơ sở dữ liệu từ chối yêu cầu này",
        "en": "the database refused the request",
    },
    "data.db_changed": {
        "vi": "dữ liệu đã lưu thay đổi từ lúc kiểm tra: số dòng sẽ bị xoá nhiều hơn số đã "
        "xác nhận; không có gì được lưu, hãy kiểm tra lại",
        "en": "the stored data changed since the check: more rows would be removed than "
        "confirmed; nothing was stored, check again",
    },
    "data.log_db_error": {"vi": "lỗi cơ sở dữ liệu: {reason}", "en": "database error: {reason}"},
    "data.log_not_imported": {
        "vi": "không nhập: {removed} dòng sẽ bị xoá, {confirmed} dòng đã xác nhận",
        "en": "not imported: {removed} rows to remove, {confirmed} confirmed",
    },
    "data.log_skipped": {
        "vi": "bỏ qua {count} dòng",
        "en": {"one": "{count} row skipped", "other": "{count} rows skipped"},
    },
    # --- what an import stored
    "data.n_rows": {"vi": "{count} dòng", "en": {"one": "{count} row", "other": "{count} rows"}},
    "data.summary": {
        "vi": "{file}: {rows_read} đã đọc, {rows_stored} dòng đã lưu vào {kind} cho {periods} "
        "(lần nhập #{id}, sha256 {sha}…)",
        "en": "{file}: {rows_read} read, {rows_stored} stored as {kind} for {periods} "
        "(import #{id}, sha256 {sha}…)",
    },
    "data.kind_metrics": {"vi": "số liệu trung tâm", "en": "metrics"},
    "data.kind_volunteers": {"vi": "đội hình tình nguyện", "en": "volunteers"},
    "data.kind_dossiers": {"vi": "số liệu từ hồ sơ", "en": "dossiers"},
    "data.no_period": {"vi": "không kỳ nào", "en": "no period"},
    "data.summary_converted": {
        "vi": "; {n} đơn vị chuyển đổi từ đơn vị cũ ({allocated} đơn vị được phân bổ theo tỷ lệ)",
        "en": "; {n} converted from former units ({allocated} with allocated shares)",
    },
    "data.summary_skipped": {
        "vi": "; bỏ qua {count} dòng chưa khớp/chưa rõ",
        "en": {
            "one": "; {count} unmatched/ambiguous row skipped",
            "other": "; {count} unmatched/ambiguous rows skipped",
        },
    },
    "data.summary_ignored": {
        "vi": "; cột bị bỏ qua: {columns}",
        "en": "; ignored columns: {columns}",
    },
    "data.summary_counts": {
        "vi": "; {added} thêm mới, {replaced} dòng thay thế, {removed} dòng xoá",
        "en": "; {added} added, {replaced} replaced, {removed} removed",
    },
    "data.summary_kept": {
        "vi": "; giữ nguyên {count} dòng đã lưu của đơn vị không có trong tệp "
        "(--replace-missing để xoá)",
        "en": {
            "one": "; {count} stored row of units not in the file kept "
            "(--replace-missing removes it)",
            "other": "; {count} stored rows of units not in the file kept "
            "(--replace-missing removes them)",
        },
    },
    "data.summary_sample": {
        "vi": "; đã xoá {count} dòng dữ liệu mẫu",
        "en": {"one": "; {count} sample row cleared", "other": "; {count} sample rows cleared"},
    },
    # --- the watchlist (loaders.watchlist): rule settings, scope refusals
    "data.watch_setting_on_time_floor": {
        "vi": "Ngưỡng tỷ lệ đúng hạn (%)",
        "en": "On-time rate floor (%)",
    },
    "data.watch_setting_on_time_drop": {
        "vi": "Mức giảm tỷ lệ đúng hạn so với kỳ trước (điểm %)",
        "en": "Fall of the on-time rate from the previous month (points)",
    },
    "data.watch_setting_online_target": {
        "vi": "Mục tiêu tỷ lệ trực tuyến (%)",
        "en": "Online share target (%)",
    },
    "data.watch_setting_overdue_count": {
        "vi": "Số hồ sơ quá hạn (hồ sơ/tháng)",
        "en": "Dossiers resolved late (per month)",
    },
    "data.watch_setting_score_floor": {
        "vi": "Ngưỡng tổng điểm 766 (/100)",
        "en": "766 total score floor (/100)",
    },
    "data.watch_setting_out_of_range": {
        "vi": "“{label}” ({setting}) phải từ {low} đến {high}, không phải {value}; "
        "quy tắc đang áp dụng không đổi",
        "en": "'{label}' ({setting}) must be from {low} to {high}, not {value}; "
        "the rules in force are unchanged",
    },
    "data.watch_setting_not_number": {
        "vi": "“{label}” ({setting}) phải là một số, không phải “{value}”; quy tắc đang áp "
        "dụng không đổi",
        "en": "'{label}' ({setting}) must be a number, not '{value}'; the rules in force are "
        "unchanged",
    },
    "data.watch_setting_not_whole": {
        "vi": "“{label}” ({setting}) phải là số nguyên, không phải {value}; quy tắc đang áp "
        "dụng không đổi",
        "en": "'{label}' ({setting}) must be a whole number, not {value}; the rules in force "
        "are unchanged",
    },
    "data.watch_setting_unknown": {
        "vi": "Không có thiết lập “{setting}”; các thiết lập: {known}",
        "en": "There is no setting '{setting}'; the settings are: {known}",
    },
    "data.watch_unknown_province": {
        "vi": "Không có tỉnh, thành phố mã “{province}” (mã 2 chữ số của 34 tỉnh, thành phố "
        "từ 1/7/2025, ví dụ 04 Cao Bằng)",
        "en": "There is no province with code '{province}' (2-digit codes of the 34 provinces "
        "from 1 July 2025, e.g. 04 Cao Bằng)",
    },
    "data.watch_unknown_period": {
        "vi": "Không có số liệu kỳ “{period}”; các kỳ đã lưu: {first} … {last}",
        "en": "No data for the period '{period}'; stored periods: {first} … {last}",
    },
    "data.watch_unknown_commune": {
        "vi": "Không có xã, phường, đặc khu mã “{code}” (mã 5 chữ số từ 1/7/2025)",
        "en": "There is no commune with code '{code}' (5-digit codes from 1 July 2025)",
    },
    "data.watch_listing_heading": {
        "vi": "{period} · {scope} · {flagged}/{units} xã, phường có cảnh báo",
        "en": "{period} · {scope} · {flagged}/{units} communes flagged",
    },
    "data.watch_country": {"vi": "cả nước", "en": "country"},
    "data.watch_no_periods": {
        "vi": "Chưa có số liệu trung tâm phục vụ hành chính công nào được lưu",
        "en": "No public-service-centre data is stored yet",
    },
    "data.watch_rule_no_report": {"vi": "Không báo cáo", "en": "No report"},
    "data.watch_rule_zero_dossiers": {"vi": "0 hồ sơ tiếp nhận", "en": "Zero dossiers"},
    "data.watch_rule_on_time_low": {"vi": "Đúng hạn dưới ngưỡng", "en": "On-time rate low"},
    "data.watch_rule_on_time_drop": {"vi": "Đúng hạn giảm mạnh", "en": "On-time rate fell"},
    "data.watch_rule_online_low": {"vi": "Trực tuyến dưới mục tiêu", "en": "Online below target"},
    "data.watch_rule_overdue": {"vi": "Nhiều hồ sơ quá hạn", "en": "Many late dossiers"},
    "data.watch_rule_score_low": {"vi": "Điểm 766 thấp", "en": "Low 766 score"},
    "data.watch_rule_no_team": {"vi": "Vùng trắng tình nguyện", "en": "No volunteer team"},
    "data.watch_reason_no_report": {
        "vi": "Không có dòng số liệu nào của kỳ này",
        "en": "No row of data for the month",
    },
    "data.watch_reason_zero_dossiers": {
        "vi": "Báo cáo 0 hồ sơ tiếp nhận (đã báo cáo, khác với không báo cáo)",
        "en": "Reported 0 dossiers received (a report, unlike no report)",
    },
    "data.watch_reason_on_time_low": {
        "vi": "Đúng hạn {value_text} % ({numerator}/{denominator} hồ sơ), dưới ngưỡng "
        "{threshold} %",
        "en": "On time {value_text}% ({numerator} of {denominator} dossiers), below the "
        "{threshold}% floor",
    },
    "data.watch_reason_on_time_drop": {
        "vi": "Đúng hạn giảm {drop_text} điểm % ({previous_text} % → {value_text} %), "
        "mức cảnh báo {threshold} điểm",
        "en": "On time fell {drop_text} points ({previous_text}% → {value_text}%), "
        "flagged at {threshold} points",
    },
    "data.watch_reason_online_low": {
        "vi": "Trực tuyến {value_text} % ({numerator}/{denominator} hồ sơ), dưới mục tiêu "
        "{threshold} %",
        "en": "Online {value_text}% ({numerator} of {denominator} dossiers), below the "
        "{threshold}% target",
    },
    "data.watch_reason_overdue": {
        "vi": "{value} hồ sơ giải quyết quá hạn (ngưỡng {threshold})",
        "en": "{value} dossiers resolved late (flagged at {threshold})",
    },
    "data.watch_reason_score_low": {
        "vi": "Tổng điểm 766: {value_text}/100, dưới ngưỡng {threshold}",
        "en": "766 total score {value_text}/100, below the {threshold} floor",
    },
    "data.watch_reason_no_team": {
        "vi": "Không có đội hình tình nguyện, trong khi tỉnh có báo cáo đội hình",
        "en": "No volunteer team, in a province that reported teams",
    },
    "data.watch_status_new": {"vi": "Mới", "en": "New"},
    "data.watch_status_persisting": {"vi": "Kéo dài", "en": "Persisting"},
    "data.watch_status_resolved": {"vi": "Đã hết", "en": "Resolved"},
    "data.watch_column_province_code": {"vi": "Mã tỉnh", "en": "Province code"},
    "data.watch_column_province_name": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "data.watch_column_code": {"vi": "Mã xã", "en": "Commune code"},
    "data.watch_column_name": {"vi": "Xã, phường", "en": "Commune"},
    "data.watch_column_rule": {"vi": "Cảnh báo", "en": "Flag"},
    "data.watch_column_rule_key": {"vi": "Mã quy tắc", "en": "Rule key"},
    "data.watch_column_reason": {"vi": "Lý do", "en": "Reason"},
    "data.watch_column_status": {"vi": "Trạng thái", "en": "Status"},
    "data.watch_column_streak": {"vi": "Số tháng liên tiếp", "en": "Months in a row"},
    "data.watch_column_since": {"vi": "Từ kỳ", "en": "Since"},
    "data.watch_column_value": {"vi": "Giá trị", "en": "Value"},
    "data.watch_column_previous_value": {"vi": "Kỳ trước", "en": "Previous month"},
    "data.watch_column_threshold": {"vi": "Ngưỡng", "en": "Threshold"},
    "data.watch_column_numerator": {"vi": "Tử số", "en": "Numerator"},
    "data.watch_column_denominator": {"vi": "Mẫu số", "en": "Denominator"},
}


@dataclass(frozen=True)
class Message:
    """A message by key with its parameters; ``str()`` is its English text."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in MESSAGES:  # a typo must fail where it is made, not when shown
            raise KeyError(f"unknown message key {self.key!r}")

    def __hash__(self) -> int:  # the parameters are a mapping: hash what they say
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))

    def render(self, lang: str = "en") -> str:
        """The text in ``lang`` (``vi`` or ``en``; anything else is Vietnamese)."""
        return render(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")


def msg(key: str, **params: object) -> Message:
    """A :class:`Message` of ``key`` with ``params``."""
    return Message(key, params)


def render(key: str, lang: str = "vi", **params: object) -> str:
    """The text of ``key`` in ``lang`` with ``params`` filled in (numbers per language)."""
    lang = lang if lang in LANGS else "vi"
    entry = MESSAGES[key]
    text = entry.get(lang, entry["en"])
    if isinstance(text, dict):
        text = text["one"] if params.get("count") == 1 else text["other"]
    return _Formatter(lang).format(text, **params)


def format_number(value: float, lang: str = "vi", spec: str = "") -> str:
    """``value`` with the language's separators: vi ``52.758`` / ``65,2``, en ``52,758`` /
    ``65.2``. ``spec`` is a :func:`format` spec without grouping (``".1f"``)."""
    if isinstance(value, numbers.Integral):
        text = format(int(value), "," + spec)
    elif spec:
        text = format(float(value), "," + spec)
    else:  # as many decimals as the value has (up to 6), none for a whole number
        text = format(float(value), ",.6f").rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def format_percent(value: float, lang: str = "vi") -> str:
    """A 0–100 value as a whole percentage: vi ``93 %``, en ``93%``."""
    return f"{value:.0f}" + (" %" if lang == "vi" else "%")


class _Formatter(string.Formatter):
    """:meth:`str.format` that writes numbers, nested messages and lists in one language."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, Message):
            return value.render(self.lang)
        if isinstance(value, list | tuple):
            return "; ".join(self.format_field(v, format_spec) for v in value)
        if format_spec == "pct":
            return format_percent(float(value), self.lang)
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return format_number(value, self.lang, format_spec)
        return super().format_field(value, format_spec)
