"""AppTest of the data-import page: templates, upload check, import, log, safety.

Every test gets its own SQLite database through ``$VNMAP_DB_URL`` (the page loads the sample
into it on first run). The real ``st.file_uploader`` is driven (AppTest supports it).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.i18n import t
from dashboard.imports.import_view import KINDS, safe_stem
from loaders.messages import render
from loaders.metrics import store
from loaders.metrics.safety import SAMPLE_LABEL
from loaders.register import new_units
from tests.auth_support import account, cheap_hashing, signed_in

PAGE = "../dashboard/pages/data_import.py"
PERIOD = "2026-10"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    monkeypatch.setenv(store.DB_URL_ENV, url)
    cheap_hashing(monkeypatch)
    yield url
    store.dispose_engine(url)


def cao_bang(n: int = 3):
    units = new_units()
    return units[units["province_code"] == "04"].head(n)


def metrics_csv(counts: list[int]) -> bytes:
    units = cao_bang(len(counts))
    lines = ["Mã đơn vị,Tên đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận"]
    for code, name, count in zip(units["code"], units["name"], counts, strict=True):
        lines.append(f"{code},{name},{PERIOD},{count}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def run_page(lang: str | None = None) -> AppTest:
    """The page run once, signed in as an admin (the tests of roles are in
    test_sign_in_page.py)."""
    at = signed_in(AppTest.from_file(PAGE, default_timeout=60), store.get_engine())
    if lang is not None:
        at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, data: bytes, name: str = "metrics.csv") -> AppTest:
    at.file_uploader(key="imp_file").set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def markup(at: AppTest) -> str:
    """Everything rendered as markdown or HTML (where raw upload text must never appear)."""
    parts = [
        e.value
        for e in [
            *at.markdown,
            *at.caption,
            *at.title,
            *at.subheader,
            *at.info,
            *at.success,
            *at.error,
            *at.warning,
        ]
    ]
    parts += [getattr(e.proto, "body", "") for e in at.get("html")]
    return "\n".join(str(p) for p in parts)


def frames(at: AppTest) -> str:
    return "\n".join(d.value.to_string() for d in at.dataframe)


def table(at: AppTest, *columns: str):
    """The one dataframe whose columns include ``columns`` (AppTest does not expose keys)."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def log_frame(at: AppTest, lang: str = "vi"):
    return table(at, t("import.col_file", lang), t("import.col_outcome", lang))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_renders_in_both_languages(db_url, lang):
    at = run_page(lang)
    assert at.title[0].value == t("import.title", lang)
    # the sample is loaded on first run: the banner says so, prominently
    assert SAMPLE_LABEL in "\n".join(e.value for e in at.error)
    assert at.info[0].value == t("import.no_file", lang)
    assert at.button(key="imp_do").disabled
    # the import log lists the sample loads
    assert len(log_frame(at, lang)) == 2


def test_default_language_is_vietnamese(db_url):
    at = run_page()
    assert at.title[0].value == "Nhập số liệu"


def test_template_download_buttons(db_url):
    at = run_page()
    keys = {e.proto.id for e in at.get("download_button")}
    assert len(keys) == 6
    labels = [e.proto.label for e in at.get("download_button")]
    assert labels.count(t("import.download_csv", "vi")) == 3
    assert labels.count(t("import.download_xlsx", "vi")) == 3
    assert at.radio(key="imp_tpl_lang").value == "vi"


def test_valid_metrics_file_matches_and_imports(db_url):
    at = upload(run_page(), metrics_csv([10, 0, 25]))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Đã khớp": "3", "Chưa rõ": "0", "Không khớp": "0"}
    summary = table(at, "Mã tỉnh", "Tổng")
    assert summary.iloc[0]["Mã tỉnh"] == "04" and summary.iloc[0]["Đã khớp"] == "3"
    assert at.selectbox(key="imp_doc_province").value == "04"
    rows = table(at, "Dòng", "Trạng thái")
    assert list(rows["Mã đơn vị 2025"]) == list(cao_bang()["code"])
    assert set(rows["Trạng thái"]) == {"Đã khớp"} and set(rows["Khớp theo"]) == {"mã"}
    labels = [e.proto.label for e in at.get("download_button")]
    assert t("import.corrected_xlsx", "vi") in labels and t("import.corrected_csv", "vi") in labels

    button = at.button(key="imp_do")
    assert not button.disabled
    button.click()
    at.run()
    assert not at.exception, at.exception
    assert t("import.import_ok", "vi") in [e.value for e in at.success]
    log = log_frame(at)
    assert len(log) == 3
    newest = log.iloc[0]
    assert newest["Tệp"] == "metrics.csv" and newest["Kết quả"] == "thành công"
    assert newest["Dòng lưu"] == "3" and newest["Dữ liệu mẫu"] == "không"

    engine = store.get_engine(db_url)
    values = store.metric_values(engine, "received", PERIOD)
    assert list(values.loc[list(cao_bang()["code"])]) == [10.0, 0.0, 25.0]
    assert store.data_status(engine)["metrics"] == "real"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_doctor_rows_and_log_speak_the_ui_language(db_url, lang):
    at = run_page(lang)
    at = upload(at, metrics_csv([10, 0, 25]))
    rows = table(at, t("import.col_row", lang), t("import.status", lang))
    log = log_frame(at, lang)
    raw = {"_row", "input_code", "status", "method", "code", "file_name", "outcome", "kind"}
    assert not raw & (set(rows.columns) | set(log.columns))
    assert set(rows[t("import.status", lang)]) == {t("import.matched", lang)}
    assert set(rows[t("import.col_method", lang)]) == {t("import.method_code", lang)}
    assert set(rows[t("import.col_old_code", lang)]) == {""}  # not "None"
    # the sample loaded on first run, for each kind of data, in the UI's language
    assert set(log[t("import.col_kind", lang)]) <= {t(f"import.kind_{k}", lang) for k in KINDS}
    assert set(log[t("import.col_outcome", lang)]) == {t("import.outcome_ok", lang)}
    assert set(log[t("import.col_is_sample", lang)]) == {t("import.yes", lang)}


def test_negative_count_is_an_error_and_stores_nothing(db_url):
    engine = store.get_engine(db_url)
    at = run_page()
    before = store.metric_values(engine, "received", PERIOD)
    at = upload(at, metrics_csv([10, -5, 25]), "bad.csv")
    assert t("import.invalid", "vi", count=1) in [e.value for e in at.error]
    problems = table(at, t("import.col_row", "vi"))
    assert len(problems) == 1
    row = problems.iloc[0]
    assert row["Tệp"] == "bad.csv" and row["Dòng"] == 3 and row["Cột"] == "Hồ sơ tiếp nhận"
    assert row["Lỗi"] == render("data.negative_count", "vi", value="-5") == "số đếm âm -5"
    assert at.button(key="imp_do").disabled
    assert len(log_frame(at)) == 2  # no import attempted
    after = store.metric_values(engine, "received", PERIOD)
    assert before.equals(after)
    assert store.data_status(engine)["metrics"] == "sample"


def test_english_headers_in_problem_table(db_url):
    at = upload(run_page("en"), metrics_csv([1, -1, 2]), "bad.csv")
    problems = table(at, "Row")
    assert list(problems.columns) == ["File", "Row", "Column", "Problem"]


def unknown_code_csv() -> bytes:
    """A good row and a row whose code is no unit (its name is near Nùng Trí Cao)."""
    unit = cao_bang(1).iloc[0]
    lines = ["Mã đơn vị,Tên đơn vị,Mã tỉnh,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận"]
    lines += [f"{unit['code']},{unit['name']},04,{PERIOD},5", f"99999,Nung Tri,04,{PERIOD},52758"]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("lang", "expected", "foreign"),
    [
        ("vi", "đơn vị “99999” chưa rõ: không có mã 99999;", "unknown code"),
        ("en", "ambiguous unit '99999': unknown code 99999;", "không có mã"),
    ],
)
def test_a_bad_file_is_answered_in_the_ui_language(db_url, lang, expected, foreign):
    at = upload(run_page(lang), unknown_code_csv(), "sai.csv")
    assert t("import.blocking", lang, count=1) in [e.value for e in at.error]
    problems = table(at, t("import.col_row", lang), t("import.col_problem", lang))
    row = problems.iloc[0]
    assert (row[t("import.col_file", lang)], row[t("import.col_row", lang)]) == ("sai.csv", 3)
    assert row[t("import.col_column", lang)] == "Mã đơn vị"
    assert row[t("import.col_problem", lang)].startswith(expected)
    # the join doctor's notes and candidates of the same row, in the same language
    at.selectbox(key="imp_doc_status").set_value("ambiguous")
    at.run()
    doctor = table(at, t("import.col_note", lang), t("import.col_candidates", lang))
    note = doctor.iloc[0][t("import.col_note", lang)]
    candidates = doctor.iloc[0][t("import.col_candidates", lang)]
    assert expected.split(": ", 1)[1] in note + ";"
    assert ("cũ)" if lang == "vi" else "former)") in candidates
    shown = frames(at) + "\n".join(e.value for e in [*at.text, *at.error, *at.success])
    assert foreign not in shown and "former" not in shown.replace("former)", "")
    assert f"{t('import.file_name', lang)}: sai.csv ({len(unknown_code_csv())} B)" in shown


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_refused_file_is_named_with_row_in_the_ui_language(db_url, lang):
    header = "Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận"
    at = upload(run_page(lang), f"{header}\n00004,{PERIOD},5".encode(), "cut.csv")
    problems = table(at, t("import.col_row", lang), t("import.col_problem", lang))
    row = problems.iloc[0]
    assert (row[t("import.col_file", lang)], row[t("import.col_row", lang)]) == ("cut.csv", 2)
    words = {"vi": "có vẻ tệp bị cắt ngắn", "en": "it looks cut short"}
    assert words[lang] in row[t("import.col_problem", lang)]
    assert words["en" if lang == "vi" else "vi"] not in frames(at)


def test_a_failed_import_is_said_and_logged_in_vietnamese(db_url):
    from dashboard.imports.import_view import log_table, run_import

    engine = store.get_engine(db_url)
    ok, message, problems = run_import(
        engine, account(engine), metrics_csv([1, -2, 3]), "bad.csv", lang="vi"
    )
    assert not ok and message == "Tìm thấy 1 lỗi, không có gì được nhập"
    assert problems.iloc[0]["Lỗi"] == "số đếm âm -2"
    log = store.import_log(engine)
    assert "negative count -2" in log.iloc[0]["message"]  # the CLI's English is kept
    shown = log_table(log, "vi").iloc[0]["Thông báo"]
    assert shown.startswith("Tìm thấy 1 lỗi, không có gì được nhập:\n  bad.csv, dòng 3, cột")
    assert "số đếm âm -2" in shown and "negative" not in shown
    assert "negative count -2" in log_table(log, "en").iloc[0]["Message"]


def test_a_successful_import_is_summarised_in_vietnamese(db_url):
    from dashboard.imports.import_view import run_import

    engine = store.get_engine(db_url)
    ok, message, _ = run_import(
        engine, account(engine), metrics_csv([52758, 2, 3]), "tốt.csv", lang="vi"
    )
    assert ok
    assert "tốt.csv: 3 dòng đã đọc, 3 dòng đã lưu vào số liệu trung tâm cho 2026-10" in message
    assert "rows" not in message and "stored" not in message


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_rows_of_no_known_province_are_named_in_the_ui_language(db_url, lang):
    data = f"Tên đơn vị,Mã tỉnh,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\nXyz,99,{PERIOD},5\n"
    at = upload(run_page(lang), data.encode(), "x.csv")
    summary = table(at, t("import.province_code", lang), t("import.total", lang))
    assert list(summary[t("import.province", lang)]) == [t("import.unknown_province", lang)]
    assert at.selectbox(key="imp_doc_province").value == ""
    problem = table(at, t("import.col_problem", lang)).iloc[0][t("import.col_problem", lang)]
    expected = {
        "vi": "đơn vị “Xyz” chưa rõ: không có mã tỉnh 99; không ghi tỉnh (có thể là: ",
        "en": "ambiguous unit 'Xyz': unknown province code 99; no province given (candidates: ",
    }
    assert problem.startswith(expected[lang])


def test_html_in_an_upload_is_shown_as_text(db_url):
    header = "Tên đơn vị,Mã tỉnh,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận"
    data = f"{header}\n{XSS},04,{PERIOD},5\n".encode()
    name = f"{XSS}.csv"
    at = upload(run_page(), data, name)
    # the unmatched row is shown (as data) ...
    assert XSS in frames(at)
    assert {m.label: m.value for m in at.metric}["Không khớp"] == "1"
    assert at.button(key="imp_do").disabled
    # ... but never as markup
    assert "<img" not in markup(at)
    assert XSS in "\n".join(e.value for e in at.text)  # the file name, as plain text
    # the corrected-file name keeps only safe characters
    assert safe_stem(name) == "img_src_x_onerror_alert_1"


def test_corrected_xlsx_upload_and_area_rule(db_url):
    """An XLSX upload (the corrected file of a CSV) is matched too, with the area rule."""
    from loaders.metrics import importer

    corrected = importer.prepare(metrics_csv([4, 5, 6]), "m.csv").corrected_file("xlsx")
    at = run_page("en")
    at.radio(key="imp_split").set_value("area")
    at = upload(at, corrected, "fixed.xlsx")
    assert {m.label: m.value for m in at.metric}["Matched"] == "3"
    assert not at.button(key="imp_do").disabled


def test_run_import_reports_a_failure_and_logs_it(db_url):
    from dashboard.imports.import_view import run_import

    engine = store.get_engine(db_url)
    ok, message, problems = run_import(
        engine, account(engine), metrics_csv([1, -2, 3]), "bad.csv", lang="en"
    )
    assert not ok and "nothing was imported" in message
    assert problems.iloc[0]["Row"] == 3 and problems.iloc[0]["Column"] == "Hồ sơ tiếp nhận"
    log = store.import_log(engine)
    assert log.iloc[0]["file_name"] == "bad.csv" and log.iloc[0]["outcome"] != "ok"
    assert store.data_status(engine)["metrics"] == "empty"


def test_removal_of_units_missing_from_the_file_is_said_and_needs_a_yes(db_url):
    engine = store.get_engine(db_url)
    at = upload(run_page(), metrics_csv([10, 20, 30]), "full.csv")
    at.button(key="imp_do").click()
    at.run()
    assert not at.exception, at.exception
    # The same province again, with only its first unit: the two others are named, kept.
    at = upload(at, metrics_csv([11]), "short.csv")
    plan = table(at, t("import.plan_missing", "vi"))
    assert plan.iloc[0][t("import.plan_missing", "vi")] == "2"
    assert plan.iloc[0][t("import.plan_replaced", "vi")] == "1"
    codes = list(cao_bang()["code"])
    assert plan.iloc[0][t("import.plan_first_missing", "vi")] == f"{codes[1]}, {codes[2]}"
    assert t(
        "import.plan_missing_kept",
        "vi",
        rows=t("import.n_rows", "vi", count=2),
        units=t("import.n_units", "vi", count=2),
    ) in [w.value for w in at.warning]
    box = at.checkbox(key="imp_replace_missing")
    assert not box.value and "Xóa 2 dòng" in box.label and codes[1] in box.label
    at.button(key="imp_do").click()
    at.run()
    assert not at.exception, at.exception
    assert len(store.load_rows(engine, "metrics", PERIOD)) == 3  # nothing removed
    log = store.import_log(engine).iloc[0]
    assert (log["rows_replaced"], log["rows_removed"], log["rows_kept"]) == (1, 0, 2)
    counts = {"added": 0, "replaced": 1, "removed": 0, "kept": 2}
    assert (
        t(
            "import.import_counts",
            "vi",
            **{k: t("import.n_rows", "vi", count=n) for k, n in counts.items()},
        )
        in at.text[0].value
    )

    at = upload(at, metrics_csv([12]), "short2.csv")
    at.checkbox(key="imp_replace_missing").check()
    at.run()
    at.button(key="imp_do").click()
    at.run()
    assert not at.exception, at.exception
    stored = store.load_rows(engine, "metrics", PERIOD)
    assert list(stored["code"]) == [codes[0]] and stored.iloc[0]["received"] == 12
    assert store.import_log(engine).iloc[0]["rows_removed"] == 2


def test_header_only_file_is_refused_on_the_page(db_url):
    at = upload(run_page(), "Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n".encode(), "h.csv")
    assert t("import.invalid", "vi", count=1) in [e.value for e in at.error]
    assert render("data.header_only", "vi") in frames(at)
    assert "no data rows" not in frames(at)
    assert at.button(key="imp_do").disabled


def test_a_locked_database_is_said_in_the_users_language(db_url):
    import sqlite3

    from sqlalchemy import event

    from dashboard.imports.import_view import run_import

    engine = store.get_engine(db_url)

    def short_wait(connection, _record):  # 0.2 s instead of the store's 10 s
        connection.execute("PRAGMA busy_timeout=200")

    admin = account(engine)  # signed in before the database is locked
    event.listen(engine, "connect", short_wait)
    engine.dispose()
    holder = sqlite3.connect(engine.url.database, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        ok, message, problems = run_import(
            engine, admin, metrics_csv([1, 2, 3]), "m.csv", lang="vi"
        )
    finally:
        holder.rollback()
        holder.close()
    assert (ok, message, problems) == (False, t("import.db_locked", "vi"), None)


def test_an_unexpected_error_shows_an_id_never_its_text(db_url, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("secret /srv/app/loaders/metrics/store.py SELECT * FROM x")

    monkeypatch.setattr(store, "import_log", broken)
    at = signed_in(AppTest.from_file(PAGE, default_timeout=60), store.get_engine())
    at.run()
    assert not at.exception  # the page caught it
    shown = markup(at)
    assert "secret" not in shown and "store.py" not in shown and "SELECT" not in shown
    message = at.error[-1].value
    error_id = message.split("Mã lỗi: ")[1].split(" ")[0]
    assert len(error_id) == 8 and message == t("import.internal_error", "vi", id=error_id)


def test_streamlit_config_hides_error_details_and_caps_uploads():
    import tomllib

    from loaders.metrics.safety import MAX_ANY_UPLOAD_BYTES
    from loaders.paths import REPO_ROOT

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    # the browser counts 10^6 bytes a MB, the server 2^20: the browser refuses first
    assert config["server"]["maxUploadSize"] * 1_000_000 == MAX_ANY_UPLOAD_BYTES
